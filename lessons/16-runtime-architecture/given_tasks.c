/*
 * given_tasks.c - where_task, nap_task and wait_on_this_thread.
 */
#include "given_tasks.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ac/executor.h"
#include "ac/runtime.h"

static ac_poll where_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    where_task *w = (where_task *)self;
    w->out.worker = ac_runtime_worker_index();
    w->out.on_executor = ac_executor_current() != NULL;
    w->out.thread = pthread_self();
    if (pthread_getname_np(pthread_self(), w->out.thread_name, sizeof w->out.thread_name) != 0)
        snprintf(w->out.thread_name, sizeof w->out.thread_name, "?");
    return AC_READY;
}

static const ac_future_vtable where_vtable = {
    .name = "where", .poll = where_poll, AC_OUTPUT(where_task, out)};

where_task where_task_new(int tag) { return (where_task){.base = {&where_vtable}, .tag = tag}; }

static ac_poll nap_poll(ac_future *self, ac_context *cx)
{
    nap_task *n = (nap_task *)self;
    return ac_future_poll(&n->nap.base, cx);
}

static void nap_drop(ac_future *self) { ac_future_drop(&((nap_task *)self)->nap.base); }

static const ac_future_vtable nap_vtable = {.name = "nap", .poll = nap_poll, .drop = nap_drop};

nap_task nap_task_new(ac_nanos d) { return (nap_task){.base = {&nap_vtable}, .nap = ac_sleep_for(d)}; }

/* ---- wait_on_this_thread: a waker that signals a condition variable ---- */

/* What wait_on_this_thread sleeps on.  On the heap and refcounted (the
 * waiting frame holds one reference, every clone of the waker another):
 * a runtime may still hold a clone for a moment after f is Ready, and
 * that clone must not point into a frame that has returned. */
typedef struct waiter {
    atomic_int refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool woken;
} waiter;

static void waiter_unref(waiter *w)
{
    if (atomic_fetch_sub_explicit(&w->refs, 1, memory_order_acq_rel) == 1) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->cond);
        free(w);
    }
}

static void waiter_signal(waiter *w)
{
    pthread_mutex_lock(&w->lock);
    w->woken = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static ac_waker waiter_clone(void *data);
static void waiter_wake(void *data)
{
    waiter_signal(data);
    waiter_unref(data);
}
static void waiter_wake_by_ref(void *data) { waiter_signal(data); }
static void waiter_drop(void *data) { waiter_unref(data); }

static const ac_waker_vtable waiter_vtable = {waiter_clone, waiter_wake, waiter_wake_by_ref, waiter_drop};

static ac_waker waiter_clone(void *data)
{
    waiter *w = data;
    atomic_fetch_add_explicit(&w->refs, 1, memory_order_relaxed);
    return (ac_waker){.data = w, .vtable = &waiter_vtable};
}

void wait_on_this_thread(ac_future *f)
{
    waiter *w = calloc(1, sizeof *w);
    if (w == NULL)
        abort();
    atomic_init(&w->refs, 1);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    ac_waker waker = {.data = w, .vtable = &waiter_vtable};
    ac_context cx = {.waker = &waker};
    while (ac_future_poll(f, &cx) == AC_PENDING) {
        pthread_mutex_lock(&w->lock);
        while (!w->woken) /* a wake between the poll and here set woken already */
            pthread_cond_wait(&w->cond, &w->lock);
        w->woken = false;
        pthread_mutex_unlock(&w->lock);
    }
    waiter_unref(w);
}
