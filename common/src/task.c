/*
 * task.c - the task state machine, its waker and its join handle.
 *
 * Every transition is one compare-and-swap on `state`, so a wake from any
 * thread races safely with the poll on the runtime's thread.
 */
#include "ac/task.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "task_cache.h"
#include "task_internal.h"

static _Atomic uint64_t next_task_id = 1;

_Static_assert(sizeof(ac_task) == 64, "task_cache.h's block sizes count a 64-byte header");

/* Where a task's size class lives: bits 7-8 of its state, set at birth and
 * never changed (every transition keeps the bits it does not own). */
#define CACHE_CLASS_SHIFT 7
_Static_assert(AC__TASK_CACHE_CLASSES < 4 && AC__TASK_CACHED == 1u << CACHE_CLASS_SHIFT, "two bits");

/* A small future on a thread with a task cache (a runtime worker) gets a
 * recycled block of its size class; anything else a malloc of its own. */
ac_task *ac__task_new(ac_scheduler *sched, const void *future, size_t size, uint32_t refs)
{
    ac_task *t;
    uint32_t cls = 0;
#if AC__TASK_CACHE_ENABLED
    ac__task_cache *c = ac__task_cache_current;
    if (c != NULL && (cls = ac__task_cache_class(size)) != 0)
        t = ac__task_cache_get(c, cls);
    else
#endif
        t = malloc(sizeof *t + size);
    if (t == NULL)
        return NULL;
    atomic_init(&t->state, AC__TASK_SCHEDULED | cls << CACHE_CLASS_SHIFT);
    atomic_init(&t->refs, refs);
    t->next = t->all_prev = t->all_next = NULL;
    t->sched = sched;
    t->id = atomic_fetch_add_explicit(&next_task_id, 1, memory_order_relaxed);
    t->join_waker = (ac_waker){0};
    memcpy(t->future, future, size);
    return t;
}

void ac__task_ref(ac_task *t) { atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed); }

/* The last reference is gone: the block back to this thread's cache if it
 * is a cache block and the thread has one, else to free().  Out of line:
 * unref is inlined into every waker drop, and the single-threaded
 * executor's hot paths (which never free there) stay as small as before. */
static AC_NOINLINE void task_free(ac_task *t)
{
#if AC__TASK_CACHE_ENABLED
    ac__task_cache *c = ac__task_cache_current;
    /* relaxed: the acq_rel decrement that made us the last owner already
     * ordered every other thread's use of the task before this read */
    uint32_t cls = (atomic_load_explicit(&t->state, memory_order_relaxed) >> CACHE_CLASS_SHIFT) & 3u;
    if (c != NULL && cls != 0) {
        ac__task_cache_put(c, cls, t);
        return;
    }
#endif
    free(t);
}

void ac__task_unref(ac_task *t)
{
    if (atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) == 1)
        task_free(t);
}

/* Queue the task: its scheduler gets a reference of its own. */
static inline void hand_to_scheduler(ac_task *t)
{
    ac__task_ref(t); /* the queue entry's reference */
    t->sched->schedule(t->sched, t);
}

/* The heart of "wakes are idempotent": only the wake that moves the task
 * out of IDLE queues it; a wake while it runs leaves a note instead.
 * Inline into the waker below: every I/O event ends up here. */
static inline void task_wake(ac_task *t)
{
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    /* The common case first: an idle task (say, parked on a socket that
     * just became readable) is SCHEDULED with one CAS and no loop. */
    if (!(s & (AC__TASK_COMPLETE | AC__TASK_SCHEDULED | AC__TASK_RUNNING)) &&
        atomic_compare_exchange_strong_explicit(&t->state, &s, s | AC__TASK_SCHEDULED, memory_order_acq_rel,
                                                memory_order_acquire)) {
        hand_to_scheduler(t);
        return;
    }
    uint32_t next;
    do {
        if (s & (AC__TASK_COMPLETE | AC__TASK_SCHEDULED))
            return;
        if (s & AC__TASK_RUNNING) {
            if (s & AC__TASK_NOTIFIED)
                return;
            next = s | AC__TASK_NOTIFIED;
        } else {
            next = s | AC__TASK_SCHEDULED;
        }
    } while (!atomic_compare_exchange_weak_explicit(&t->state, &s, next, memory_order_acq_rel,
                                                    memory_order_acquire));
    if (next & AC__TASK_SCHEDULED)
        hand_to_scheduler(t);
}

void ac__task_wake_by_ref(ac_task *t) { task_wake(t); }

/* ---- the task's waker: data is the task, each clone is a reference ---- */

static const ac_waker_vtable task_waker_vtable;

static ac_waker task_waker_clone(void *data)
{
    ac__task_ref(data);
    return (ac_waker){.data = data, .vtable = &task_waker_vtable};
}

static void task_waker_wake(void *data)
{
    task_wake(data);
    ac__task_unref(data);
}

static void task_waker_wake_by_ref(void *data) { task_wake(data); }

static void task_waker_drop(void *data) { ac__task_unref(data); }

static const ac_waker_vtable task_waker_vtable = {
    .clone = task_waker_clone,
    .wake = task_waker_wake,
    .wake_by_ref = task_waker_wake_by_ref,
    .drop = task_waker_drop,
};

ac_waker ac__task_waker_ref(ac_task *t) { return (ac_waker){.data = t, .vtable = &task_waker_vtable}; }

/* Mark the task COMPLETE and wake whoever waits on its join handle.  Once
 * COMPLETE is set the joiner no longer touches join_waker, so it is ours. */
static void task_complete(ac_task *t, uint32_t extra)
{
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    uint32_t clear = AC__TASK_RUNNING | AC__TASK_NOTIFIED | AC__TASK_SCHEDULED;
    while (!atomic_compare_exchange_weak_explicit(&t->state, &s, (s & ~clear) | AC__TASK_COMPLETE | extra,
                                                  memory_order_acq_rel, memory_order_acquire))
        ;
    if (s & AC__TASK_JOIN_WAKER) {
        /* wake a copy: the joiner may still be reading the slot itself */
        ac_waker w = t->join_waker;
        ac_waker_wake(&w);
    }
}

/* Always inlined: the hot path of both run loops (executor.c and
 * runtime_worker.c).  With two callers LTO stopped inlining it into the
 * executor's loop, which cost the single-threaded echo server 14 of its
 * 283 instructions per round trip (projects/p1-echo-server/measure_ir.sh). */
__attribute__((always_inline)) inline ac__task_run_result ac__task_run(ac_task *t)
{
    /* SCHEDULED -> RUNNING in one add: a queued task has SCHEDULED (1) set
     * and RUNNING (2) clear, so +1 carries out of the one into the other. */
    _Static_assert(AC__TASK_RUNNING - AC__TASK_SCHEDULED == 1, "one add moves the bit");
    uint32_t s = atomic_fetch_add_explicit(&t->state, 1, memory_order_acq_rel);
    /* only a queued task may run: catches a task pushed on a queue twice */
    assert((s & (AC__TASK_SCHEDULED | AC__TASK_RUNNING)) == AC__TASK_SCHEDULED);
    ac_future *f = ac_task_future(t);
    if (s & AC__TASK_CANCELLED) {
        ac_future_drop(f);
        task_complete(t, AC__TASK_DROPPED);
        ac__task_unref(t);
        return AC__TASK_RUN_COMPLETE;
    }

    ac_waker w = ac__task_waker_ref(t);
    ac_context cx = {.waker = &w};
    if (ac_future_poll(f, &cx) == AC_READY) {
        task_complete(t, 0);
        ac__task_unref(t);
        return AC__TASK_RUN_COMPLETE;
    }

    /* The common case first: nobody woke it while it ran, back to idle. */
    s = atomic_load_explicit(&t->state, memory_order_acquire);
    if (!(s & AC__TASK_NOTIFIED) &&
        atomic_compare_exchange_strong_explicit(&t->state, &s, s & ~(uint32_t)AC__TASK_RUNNING,
                                                memory_order_acq_rel, memory_order_acquire)) {
        ac__task_unref(t);
        return AC__TASK_RUN_IDLE;
    }
    uint32_t next;
    do {
        next = s & ~(uint32_t)(AC__TASK_RUNNING | AC__TASK_NOTIFIED);
        if (s & AC__TASK_NOTIFIED)
            next |= AC__TASK_SCHEDULED;
    } while (!atomic_compare_exchange_weak_explicit(&t->state, &s, next, memory_order_acq_rel,
                                                    memory_order_acquire));
    if (next & AC__TASK_SCHEDULED)
        return AC__TASK_RUN_REQUEUE;
    ac__task_unref(t);
    return AC__TASK_RUN_IDLE;
}

void ac__task_shutdown(ac_task *t)
{
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    if (s & AC__TASK_COMPLETE)
        return;
    ac_future_drop(ac_task_future(t));
    task_complete(t, AC__TASK_CANCELLED | AC__TASK_DROPPED);
}

/* ---- join handle ---------------------------------------------------- */

/* Publish a new joiner waker.  Protocol (as in tokio): only the joiner
 * writes join_waker, and only while JOIN_WAKER is clear and the task is not
 * COMPLETE; setting the bit hands the waker to the completer. */
static bool join_store_waker(ac_task *t, const ac_waker *w)
{
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    if (s & AC__TASK_COMPLETE)
        return false;
    if (s & AC__TASK_JOIN_WAKER) {
        if (ac_waker_will_wake(&t->join_waker, w))
            return true;
        /* take the old waker back before replacing it */
        do {
            if (s & AC__TASK_COMPLETE)
                return false;
        } while (!atomic_compare_exchange_weak_explicit(&t->state, &s, s & ~(uint32_t)AC__TASK_JOIN_WAKER,
                                                        memory_order_acq_rel, memory_order_acquire));
        ac_waker_drop(&t->join_waker);
    }
    t->join_waker = ac_waker_clone(w);
    s = atomic_load_explicit(&t->state, memory_order_acquire);
    do {
        if (s & AC__TASK_COMPLETE) {
            ac_waker_drop(&t->join_waker);
            return false;
        }
    } while (!atomic_compare_exchange_weak_explicit(&t->state, &s, s | AC__TASK_JOIN_WAKER,
                                                    memory_order_acq_rel, memory_order_acquire));
    return true;
}

static ac_poll join_poll(ac_future *self, ac_context *cx)
{
    ac_join_handle *h = (ac_join_handle *)self;
    if (h->task == NULL || ac_join_is_finished(h))
        return AC_READY;
    return join_store_waker(h->task, cx->waker) ? AC_PENDING : AC_READY;
}

/* Dropping a join handle mid-await only detaches from the task. */
static void join_drop(ac_future *self) { ac_join_release((ac_join_handle *)self); }

static const ac_future_vtable join_vtable = {
    .name = "join_handle",
    .poll = join_poll,
    .drop = join_drop,
};

ac_join_handle ac__join_handle_for(ac_task *t) { return (ac_join_handle){.base = {&join_vtable}, .task = t}; }

bool ac_join_is_finished(const ac_join_handle *h)
{
    return h->task == NULL ||
           (atomic_load_explicit(&h->task->state, memory_order_acquire) & AC__TASK_COMPLETE);
}

bool ac_join_was_aborted(const ac_join_handle *h)
{
    return h->task != NULL &&
           (atomic_load_explicit(&h->task->state, memory_order_acquire) & AC__TASK_DROPPED);
}

void *ac_join_output(ac_join_handle *h)
{
    if (!ac_join_is_finished(h) || h->task == NULL || ac_join_was_aborted(h))
        return NULL;
    return ac_future_output(ac_task_future(h->task));
}

bool ac_join_take(ac_join_handle *h, void *out, size_t size)
{
    void *src = ac_join_output(h);
    if (src != NULL) {
        size_t have = ac_task_future(h->task)->vtable->output_size;
        memcpy(out, src, size < have ? size : have);
    }
    ac_join_release(h);
    return src != NULL;
}

void ac_join_abort(ac_join_handle *h)
{
    ac_task *t = h->task;
    if (t == NULL)
        return;
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    uint32_t next;
    do {
        if (s & (AC__TASK_COMPLETE | AC__TASK_CANCELLED))
            return;
        next = s | AC__TASK_CANCELLED;
        if (s & AC__TASK_RUNNING)
            next |= AC__TASK_NOTIFIED;
        else if (!(s & AC__TASK_SCHEDULED))
            next |= AC__TASK_SCHEDULED;
    } while (!atomic_compare_exchange_weak_explicit(&t->state, &s, next, memory_order_acq_rel,
                                                    memory_order_acquire));
    if (!(s & (AC__TASK_RUNNING | AC__TASK_SCHEDULED))) {
        ac__task_ref(t);
        t->sched->schedule(t->sched, t);
    }
}

void ac_join_release(ac_join_handle *h)
{
    ac_task *t = h->task;
    if (t == NULL)
        return;
    h->task = NULL;
    uint32_t s = atomic_load_explicit(&t->state, memory_order_acquire);
    while ((s & AC__TASK_JOIN_WAKER) && !(s & AC__TASK_COMPLETE)) {
        if (atomic_compare_exchange_weak_explicit(&t->state, &s, s & ~(uint32_t)AC__TASK_JOIN_WAKER,
                                                  memory_order_acq_rel, memory_order_acquire)) {
            ac_waker_drop(&t->join_waker);
            break;
        }
    }
    ac__task_unref(t);
}
