/*
 * given_queue.c - the parts of lesson 04 that are given: the run queue, task
 * reference counting, join handle plumbing and spawn.
 *
 * You write the four pieces in exercises/: making a task, its waker, the
 * loop that runs tasks, and the join handle's poll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

void task_queue_init(task_queue *q)
{
    pthread_mutex_init(&q->lock, NULL);
    q->head = q->tail = NULL;
    q->length = 0;
}

void task_queue_destroy(task_queue *q)
{
    task *t;
    while ((t = task_queue_pop(q)) != NULL)
        task_unref(t);
    pthread_mutex_destroy(&q->lock);
}

void task_queue_push_locked(task_queue *q, task *t)
{
    t->next = NULL;
    if (q->tail != NULL)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
    q->length++;
    t->queued = true;
}

task *task_queue_pop(task_queue *q)
{
    task *stale = NULL; /* finished tasks found in the queue: let go after unlocking */
    task *t;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        t = q->head;
        if (t == NULL)
            break;
        q->head = t->next;
        if (q->head == NULL)
            q->tail = NULL;
        q->length--;
        t->queued = false;
        if (!t->done)
            break;
        /* Woken during the poll that returned Ready: polling it again would
         * break rule 1 of the poll contract, so skip it. */
        t->next = stale;
        stale = t;
    }
    /* under the lock: once `queued` is false a waker on another thread may
     * push t again, and that push writes t->next too */
    if (t != NULL)
        t->next = NULL;
    pthread_mutex_unlock(&q->lock);
    while (stale != NULL) {
        task *next = stale->next;
        task_unref(stale); /* unref outside the lock: it may drop a future */
        stale = next;
    }
    return t;
}

size_t task_queue_length(task_queue *q)
{
    pthread_mutex_lock(&q->lock);
    size_t n = q->length;
    pthread_mutex_unlock(&q->lock);
    return n;
}

bool task_queue_contains(task_queue *q, const task *t)
{
    pthread_mutex_lock(&q->lock);
    bool found = false;
    for (task *i = q->head; i != NULL && !found; i = i->next)
        found = i == t;
    pthread_mutex_unlock(&q->lock);
    return found;
}

const char *task_queue_describe(task_queue *q, char *buf, size_t size)
{
    size_t used = 0;
    used += (size_t)snprintf(buf, size, "[");
    pthread_mutex_lock(&q->lock);
    for (task *i = q->head; i != NULL && used < size; i = i->next)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i == q->head ? "" : " ", i->name);
    pthread_mutex_unlock(&q->lock);
    if (used < size)
        snprintf(buf + used, size - used, "]");
    return buf;
}

void task_ref(task *t) { atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed); }

void task_unref(task *t)
{
    if (atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1)
        return;
    /* Last reference: nobody else can see the task, so no lock is needed. */
    if (!t->done)
        ac_future_drop(t->future); /* cancelled: it never finished */
    if (t->joiner.vtable != NULL)
        ac_waker_drop(&t->joiner);
    free(t);
}

/* ---- join handle plumbing (you write join_poll) ------------------------ */

static void join_drop(ac_future *self) { join_release((join_handle *)self); }

static const ac_future_vtable join_vtable = {
    .name = "join_handle",
    .poll = join_poll,
    .drop = join_drop, /* abandoning the handle only lets go of the task */
};

join_handle join_handle_for(task *t) { return (join_handle){.base = {&join_vtable}, .task = t}; }

void *join_output(join_handle *h)
{
    if (h->task == NULL)
        return NULL;
    pthread_mutex_lock(&h->task->queue->lock);
    bool done = h->task->done;
    pthread_mutex_unlock(&h->task->queue->lock);
    return done ? ac_future_output(h->task->future) : NULL;
}

void join_release(join_handle *h)
{
    if (h->task != NULL)
        task_unref(h->task);
    h->task = NULL;
}

join_handle spawn(task_queue *q, const char *name, const void *future, size_t size)
{
    task *t = task_new(q, name, future, size);
    if (t == NULL) {
        fprintf(stderr, "spawn: out of memory for a %zu-byte future\n", size);
        exit(1);
    }
    task_ref(t); /* the queue entry's reference; the handle keeps the first */
    pthread_mutex_lock(&q->lock);
    task_queue_push_locked(q, t);
    pthread_mutex_unlock(&q->lock);
    return join_handle_for(t);
}
