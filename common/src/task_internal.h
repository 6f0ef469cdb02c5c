/*
 * task_internal.h - what the executor does to a task (see task.c for the
 * state machine and the reference rules).
 */
#ifndef AC_TASK_INTERNAL_H
#define AC_TASK_INTERNAL_H

#include "ac/task.h"

/* Bits of ac_task.state. */
enum {
    AC__TASK_SCHEDULED = 1u << 0,  /* sitting in a run queue */
    AC__TASK_RUNNING = 1u << 1,    /* being polled right now */
    AC__TASK_NOTIFIED = 1u << 2,   /* woken while running: run again */
    AC__TASK_COMPLETE = 1u << 3,   /* future finished or was dropped */
    AC__TASK_CANCELLED = 1u << 4,  /* abort requested */
    AC__TASK_JOIN_WAKER = 1u << 5, /* join_waker holds the joiner's waker */
    AC__TASK_DROPPED = 1u << 6,    /* the future was dropped (aborted) */
    AC__TASK_CACHED = 1u << 7,     /* bits 7-8: the task_cache.h class of its block (0: none); */
                                   /* set at birth, never changed */
};

/* What one run of a task asks of its scheduler. */
typedef enum ac__task_run_result {
    AC__TASK_RUN_IDLE,     /* Pending; a later wake will schedule it again */
    AC__TASK_RUN_REQUEUE,  /* woken during its poll: queue it again now */
    AC__TASK_RUN_COMPLETE, /* done (Ready or aborted): unlink it */
} ac__task_run_result;

/* Copy `size` bytes of a never-polled future into a new task.  The task
 * starts SCHEDULED with `refs` references; NULL when out of memory. */
ac_task *ac__task_new(ac_scheduler *sched, const void *future, size_t size, uint32_t refs);

/* Poll the task once (or drop its future if aborted).  The queue entry's
 * reference passes to the call: on IDLE and COMPLETE it is released, on
 * REQUEUE the caller puts it back in the queue. */
ac__task_run_result ac__task_run(ac_task *t);

/* Drop the future of a task that never completed (runtime shutdown). */
void ac__task_shutdown(ac_task *t);

void ac__task_ref(ac_task *t);
void ac__task_unref(ac_task *t);
void ac__task_wake_by_ref(ac_task *t);

/* The waker of a task, borrowed for one poll (no reference taken). */
ac_waker ac__task_waker_ref(ac_task *t);

/* A join handle on t (NULL: the handle of a task that could not be made). */
ac_join_handle ac__join_handle_for(ac_task *t);

#endif
