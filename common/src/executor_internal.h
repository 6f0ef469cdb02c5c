/*
 * executor_internal.h - what the reactor and the I/O futures reach inside
 * the executor: its wake fd and the running task's cooperative budget.
 */
#ifndef AC_EXECUTOR_INTERNAL_H
#define AC_EXECUTOR_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/executor.h"
#include "ac/timer.h"

/* Bits of ac_executor.pending: work that arrives without the local queue. */
enum {
    AC__ROOT_WOKEN = 1u << 0,   /* block_on's future asked to be polled */
    AC__REMOTE_WAKES = 1u << 1, /* another thread pushed onto the remote queue */
    AC__DEFERRED = 1u << 2,     /* `deferred` holds tasks: the driver must look first */
};

/* For drivers: reset wake_fd after it fired. */
void ac__executor_ack_wake(ac_executor *ex);
/* Interrupt a parked executor from any thread. */
void ac__executor_unpark(ac_executor *ex);

/* Set on threads that poll tasks without an ac_executor (the workers and
 * the block_on thread of layer 6's ac_runtime): names that runtime, so a
 * timer or socket used there without its driver fails saying which
 * driver is missing and which builder field turns it on.  NULL elsewhere. */
extern _Thread_local const char *ac__driverless_runtime;

/* Set on those same threads: the runtime's shared drivers and clock, which
 * ac_reactor_current / ac_timers_current / ac_clock_current answer when no
 * executor runs the thread.  NULL when the runtime has no such driver. */
struct ac_reactor;
extern _Thread_local struct ac_reactor *ac__thread_reactor;
extern _Thread_local ac_timers *ac__thread_timers;
extern _Thread_local ac_clock *ac__thread_clock;
/* The shared driver's turn when the running poll began (reactor_shared.c:
 * an edge dispatched after it may have raced with the poll's syscalls). */
extern _Thread_local uint32_t ac__poll_turn;

/* A time or I/O future found no runtime driver on this thread: print why
 * and abort.  On a thread named by ac__driverless_runtime the message names
 * the missing `driver` ("time", "I/O") and the builder field; elsewhere it
 * is `who: otherwise`. */
_Noreturn void ac__no_driver(const char *who, const char *driver, const char *otherwise);

/* Write ex's eventfd unconditionally: interrupts whoever waits on it (the
 * multi-threaded runtime's driver, which is no executor's park). */
void ac__executor_kick(ac_executor *ex);

/* The running task's budget (AC_IO_BUDGET, executor.h);
 * AC__COOP_UNLIMITED outside a poll by the executor. */
#define AC__COOP_UNLIMITED UINT_MAX
extern _Thread_local unsigned ac__coop_budget;

/* Spend one unit of the running task's budget.  False when it is used up:
 * the caller wakes the task and returns Pending (nothing armed). */
static inline bool ac__coop_spend(void)
{
    if (ac__coop_budget == 0)
        return false;
    ac__coop_budget--;
    return true;
}

/* The I/O futures' form: spend one unit, or, when none is left, wake the
 * task (it is deferred: see AC_IO_BUDGET in executor.h) and say false, so the caller returns
 * Pending without touching the fd. */
static inline bool ac__coop_spend_or_yield(ac_context *cx)
{
    if (ac__coop_spend())
        return true;
    ac_waker_wake_by_ref(cx->waker);
    return false;
}

/* Give up the rest of this poll's turn (ac_yield_now).  Outside a
 * runtime's poll there is no turn to give up: the budget starts there at
 * AC__COOP_UNLIMITED, and no run of spends brings it down to AC_IO_BUDGET. */
static inline void ac__coop_give_up(void)
{
    if (ac__coop_budget <= AC_IO_BUDGET)
        ac__coop_budget = 0;
}

#endif
