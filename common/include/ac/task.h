/*
 * task.h - layer 1: a future the runtime owns and polls for you.
 *
 * A task is ONE heap allocation: a small header followed by the future,
 * copied in at spawn time and never moved again.
 *
 *   +---------------------------- ac_task ----------------------------+
 *   | state (atomic) | refs (atomic) | next | all_prev | all_next       |
 *   | sched | id | join_waker (2 words)        |  future bytes ...     |
 *   +-------------------------------------------+-----------------------+
 *                                               ^ ac_task_future(t)
 *
 * The state word makes waking idempotent and never lost:
 *
 *            wake                    popped by the executor
 *   IDLE ------------> SCHEDULED -------------------------> RUNNING
 *    ^                   |  ^ wake: nothing to do             |  wake: set NOTIFIED
 *    |                   |  |                                 |
 *    |                   |  +---- poll returned Pending, -----+
 *    |                   |        NOTIFIED was set             |
 *    +---- poll returned Pending, not NOTIFIED ---------------+
 *                                                              |
 *                             poll returned Ready / aborted    v
 *                                                          COMPLETE (wakes ignored)
 *
 * References: the join handle holds one, the executor's list of live tasks
 * holds one, every queue entry holds one and every cloned waker holds one.
 * The last one to let go frees the memory.
 */
#ifndef AC_TASK_H
#define AC_TASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/future.h"

typedef struct ac_task ac_task;

/* Whatever runs tasks: the task calls `schedule` when a wake makes it
 * runnable.  The call hands over one reference to the task. */
typedef struct ac_scheduler {
    void (*schedule)(struct ac_scheduler *self, ac_task *task);
} ac_scheduler;

enum {
    AC__TASK_SCHEDULED = 1u << 0,  /* sitting in a run queue */
    AC__TASK_RUNNING = 1u << 1,    /* being polled right now */
    AC__TASK_NOTIFIED = 1u << 2,   /* woken while running: run again */
    AC__TASK_COMPLETE = 1u << 3,   /* future finished or was dropped */
    AC__TASK_CANCELLED = 1u << 4,  /* abort requested */
    AC__TASK_JOIN_WAKER = 1u << 5, /* join_waker holds the joiner's waker */
    AC__TASK_DROPPED = 1u << 6,    /* the future was dropped (aborted) */
};

struct ac_task {
    _Atomic uint32_t state;
    _Atomic uint32_t refs;
    ac_task *next;                /* run-queue link */
    ac_task *all_prev, *all_next; /* the executor's list of live tasks */
    ac_scheduler *sched;
    uint64_t id;
    ac_waker join_waker;                 /* guarded by AC__TASK_JOIN_WAKER */
    _Alignas(16) unsigned char future[]; /* the future, copied in at spawn */
};

static inline ac_future *ac_task_future(ac_task *t) { return (ac_future *)(void *)t->future; }

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

/* ---- join handles --------------------------------------------------- */

/*
 * A join handle is itself a future: poll it (or AC_AWAIT it) and it turns
 * Ready once the task is done.  Then ac_join_output() points at the task's
 * output inside the task (NULL if the task was aborted).  The output stays
 * valid until ac_join_release().
 */
typedef struct ac_join_handle {
    ac_future base;
    ac_task *task; /* NULL once released */
} ac_join_handle;

ac_join_handle ac__join_handle_for(ac_task *t);

/* Ask the task to stop: its future is dropped at its next turn instead of
 * being polled.  Harmless after completion. */
void ac_join_abort(ac_join_handle *h);
bool ac_join_is_finished(const ac_join_handle *h);
/* True when the task ended by abort rather than by returning Ready. */
bool ac_join_was_aborted(const ac_join_handle *h);
void *ac_join_output(ac_join_handle *h);
/* Copy the output into `out` (size bytes), release the handle; false if aborted. */
bool ac_join_take(ac_join_handle *h, void *out, size_t size);
/* Let go of the task: it keeps running, detached, if not finished. */
void ac_join_release(ac_join_handle *h);

#endif
