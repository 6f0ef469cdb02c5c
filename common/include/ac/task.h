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

/* Public so that its size is known (lessons print it); every field but
 * `future` is the runtime's (see common/src/task_internal.h). */
struct ac_task {
    /* private */
    _Atomic uint32_t state;       /* the diagram above */
    _Atomic uint32_t refs;        /* the references above */
    ac_task *next;                /* run-queue link */
    ac_task *all_prev, *all_next; /* the executor's list of live tasks */
    ac_scheduler *sched;
    /* read-only */
    uint64_t id; /* unique in the process, from 1 */
    /* private */
    ac_waker join_waker; /* the joiner's, while the state says it is there */
    /* public: read through ac_task_future() */
    _Alignas(16) unsigned char future[]; /* the future, copied in at spawn */
};

/* The task's future, where spawn copied it. */
static inline ac_future *ac_task_future(ac_task *t) { return (ac_future *)(void *)t->future; }

/* ---- join handles --------------------------------------------------- */

/*
 * A join handle is itself a future: poll it (or AC_AWAIT it) and it turns
 * Ready once the task is done.  Then ac_join_output() points at the task's
 * output inside the task (NULL if the task was aborted).  The output stays
 * valid until ac_join_release().
 *
 * Dropping a join handle future (a select's losing branch) releases the
 * handle: the task runs on, detached, and its output can no longer be
 * read.  In a select loop, keep the handle (AC_KEEP) across iterations.
 */
typedef struct ac_join_handle {
    ac_future base; /* private */
    ac_task *task;  /* read-only: NULL once released (or when spawn failed) */
} ac_join_handle;

/* Ask the task to stop: its future is dropped at its next turn instead of
 * being polled.  Harmless after completion. */
void ac_join_abort(ac_join_handle *h);
/* True once the task completed or was aborted (and for a released handle). */
bool ac_join_is_finished(const ac_join_handle *h);
/* True when the task ended by abort rather than by returning Ready. */
bool ac_join_was_aborted(const ac_join_handle *h);
/* The task's output inside the task, NULL until it is finished or if it
 * was aborted; valid until ac_join_release(). */
void *ac_join_output(ac_join_handle *h);
/* Copy the output into `out` (size bytes), release the handle; false if aborted. */
bool ac_join_take(ac_join_handle *h, void *out, size_t size);
/* Let go of the task: it keeps running, detached, if not finished. */
void ac_join_release(ac_join_handle *h);

#endif
