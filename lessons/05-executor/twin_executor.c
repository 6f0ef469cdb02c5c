/*
 * twin_executor.c - given: a teaching twin of common's executor, the plain
 * version of lesson 05's task plumbing (tasks, their waker, spawn, join
 * handles).  Lesson 04 had you write most of this; here it is done, so you
 * can write the executor itself (task_schedule and executor_run, exercise 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

void executor_init(executor *ex)
{
    pthread_mutex_init(&ex->lock, NULL);
    pthread_cond_init(&ex->work, NULL);
    ex->head = ex->tail = NULL;
    ex->live = 0;
    ex->polls = ex->parks = 0;
    ex->observe = NULL;
    ex->observe_arg = NULL;
}

void executor_destroy(executor *ex)
{
    task *t;
    pthread_mutex_lock(&ex->lock);
    while ((t = executor_pop_locked(ex)) != NULL) {
        pthread_mutex_unlock(&ex->lock);
        task_unref(t);
        pthread_mutex_lock(&ex->lock);
    }
    pthread_mutex_unlock(&ex->lock);
    pthread_cond_destroy(&ex->work);
    pthread_mutex_destroy(&ex->lock);
}

void executor_push_locked(executor *ex, task *t)
{
    t->next = NULL;
    if (ex->tail != NULL)
        ex->tail->next = t;
    else
        ex->head = t;
    ex->tail = t;
    t->queued = true;
}

task *executor_pop_locked(executor *ex)
{
    for (;;) {
        task *t = ex->head;
        if (t == NULL)
            return NULL;
        ex->head = t->next;
        if (ex->head == NULL)
            ex->tail = NULL;
        t->next = NULL;
        t->queued = false;
        if (!t->done)
            return t;
        /* Woken during the poll that returned Ready: polling it again would
         * break rule 1, so skip it.  A done task has no future to drop and
         * no joiner left, so letting go of it here only frees it. */
        task_unref(t);
    }
}

void executor_park_locked(executor *ex)
{
    ex->parks++;
    trace("executor: queue empty, %zu task(s) waiting -> park", ex->live);
    pthread_cond_wait(&ex->work, &ex->lock);
}

void task_ref(task *t) { atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed); }

void task_unref(task *t)
{
    if (atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (!t->done)
        ac_future_drop(t->future); /* it never finished: cancel it */
    if (t->joiner.vtable != NULL)
        ac_waker_drop(&t->joiner);
    free(t);
}

/* ---- the task's waker: the same as lesson 04's, plus a trace line ------- */

static const ac_waker_vtable task_waker_vtable;

static ac_waker tw_clone(void *data)
{
    task_ref(data);
    return (ac_waker){.data = data, .vtable = &task_waker_vtable};
}
static void tw_wake_by_ref(void *data)
{
    task *t = data;
    trace("wake: %s", t->name);
    task_schedule(t);
}
static void tw_wake(void *data)
{
    tw_wake_by_ref(data);
    task_unref(data);
}
static void tw_drop(void *data) { task_unref(data); }

static const ac_waker_vtable task_waker_vtable = {
    .clone = tw_clone, .wake = tw_wake, .wake_by_ref = tw_wake_by_ref, .drop = tw_drop};

ac_waker task_waker(task *t) { return tw_clone(t); }

/* ---- join handles and spawn ------------------------------------------- */

static void join_drop(ac_future *self) { join_release((join_handle *)self); }

static const ac_future_vtable join_vtable = {.name = "join_handle", .poll = join_poll, .drop = join_drop};

join_handle join_handle_for(task *t) { return (join_handle){.base = {&join_vtable}, .task = t}; }

void *join_output(join_handle *h)
{
    if (h->task == NULL)
        return NULL;
    pthread_mutex_lock(&h->task->ex->lock);
    bool done = h->task->done;
    pthread_mutex_unlock(&h->task->ex->lock);
    return done ? ac_future_output(h->task->future) : NULL;
}

void join_release(join_handle *h)
{
    if (h->task != NULL)
        task_unref(h->task);
    h->task = NULL;
}

join_handle spawn(executor *ex, const char *name, const void *future, size_t size)
{
    task *t = malloc(sizeof *t + size);
    if (t == NULL) {
        fprintf(stderr, "spawn: out of memory for a %zu-byte future\n", size);
        exit(1);
    }
    memcpy(t->storage, future, size);
    t->future = (ac_future *)(void *)t->storage;
    t->ex = ex;
    t->next = NULL;
    atomic_init(&t->refs, 2); /* the join handle + the queue entry */
    t->queued = t->done = false;
    t->joiner = (ac_waker){0};
    t->name = name;
    t->polls = 0;
    pthread_mutex_lock(&ex->lock);
    ex->live++;
    executor_push_locked(ex, t);
    pthread_cond_signal(&ex->work);
    pthread_mutex_unlock(&ex->lock);
    return join_handle_for(t);
}
