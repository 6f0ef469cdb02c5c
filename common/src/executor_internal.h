/*
 * executor_internal.h - what the reactor and the I/O futures reach inside
 * the executor: its wake fd and the running task's cooperative budget.
 */
#ifndef AC_EXECUTOR_INTERNAL_H
#define AC_EXECUTOR_INTERNAL_H

#include <limits.h>
#include <stdbool.h>

#include "ac/executor.h"

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

/* Set on threads that poll tasks without an ac_executor (the workers of
 * layer 6's ac_runtime, which has no I/O or time driver yet): names that
 * runtime, so a timer or socket used there fails saying which driver is
 * missing.  NULL elsewhere. */
extern _Thread_local const char *ac__driverless_runtime;

/* A time or I/O future found no runtime driver on this thread: print why
 * and abort.  On a thread named by ac__driverless_runtime the message names
 * the missing `driver` ("time", "I/O"); elsewhere it is `who: otherwise`. */
_Noreturn void ac__no_driver(const char *who, const char *driver, const char *otherwise);

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
