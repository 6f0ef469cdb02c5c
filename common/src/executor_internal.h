/*
 * executor_internal.h - what the reactor and the I/O futures reach inside
 * the executor: its wake fd and the running task's cooperative budget.
 */
#ifndef AC_EXECUTOR_INTERNAL_H
#define AC_EXECUTOR_INTERNAL_H

#include <stdbool.h>

#include "ac/executor.h"

/* Bits of ac_executor.pending: work that arrives without the local queue. */
enum {
    AC__ROOT_WOKEN = 1u << 0,   /* block_on's future asked to be polled */
    AC__REMOTE_WAKES = 1u << 1, /* another thread pushed onto the remote queue */
};

/* For drivers: reset wake_fd after it fired. */
void ac__executor_ack_wake(ac_executor *ex);
/* Interrupt a parked executor from any thread. */
void ac__executor_unpark(ac_executor *ex);

/* The running task's budget (AC_IO_BUDGET, executor.h); UINT_MAX outside
 * a poll by the executor. */
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

#endif
