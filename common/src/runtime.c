/*
 * runtime.c - building the multi-threaded runtime, spawning onto it,
 * block_on from the outside, and shutdown (runtime_worker.c runs it).
 */
#include "ac/runtime.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blocking_internal.h" /* the blocking pool the runtime owns */
#include "runtime_internal.h"
#include "task_internal.h"

ac_runtime_builder ac_runtime_builder_new(void) { return (ac_runtime_builder){0}; }

ac_runtime *ac_runtime_current(void) { return ac__current_runtime; }
int ac_runtime_worker_index(void) { return ac__current_worker != NULL ? (int)ac__current_worker->index : -1; }
unsigned ac_runtime_workers(const ac_runtime *rt) { return rt->n_workers; }

static unsigned cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void free_runtime(ac_runtime *rt)
{
    for (unsigned i = 0; i < rt->n_workers; i++) {
        ac__deque_free(&rt->workers[i].local);
        pthread_cond_destroy(&rt->workers[i].cond);
        ac__task_cache_drain(&rt->workers[i].cache); /* every worker has exited */
    }
    ac__task_depot_drain(&rt->depot);
    ac__driver_free(rt);
    pthread_mutex_destroy(&rt->inj_lock);
    free(rt->shards);
    pthread_mutex_destroy(&rt->idle_lock);
    pthread_mutex_destroy(&rt->root_lock);
    pthread_cond_destroy(&rt->root_cond);
    ac_blocking_pool_free(atomic_load(&rt->blocking)); /* blocking pool */
    free(rt->sleepers);
    free(rt->workers);
    free(rt);
}

int ac_runtime_build(const ac_runtime_builder *b, ac_runtime **out)
{
    *out = NULL;
    size_t cap = b->local_queue_capacity ? b->local_queue_capacity : 256;
    if (cap < 2 || (cap & (cap - 1)) != 0)
        return -EINVAL;
    ac_runtime *rt = calloc(1, sizeof *rt);
    if (rt == NULL)
        return -ENOMEM;
    rt->sched.schedule = ac__runtime_schedule;
    ac__task_depot_init(&rt->depot);
    rt->n_workers = b->workers ? b->workers : cpu_count();
    rt->global_queue_interval = b->global_queue_interval ? b->global_queue_interval : 31;
    rt->event_interval = b->event_interval ? b->event_interval : 61;
    snprintf(rt->thread_name, sizeof rt->thread_name, "%s", b->thread_name ? b->thread_name : "ac-worker");
    rt->on_thread_start = b->on_thread_start;
    rt->on_thread_stop = b->on_thread_stop;
    rt->hook_user = b->hook_user;
    rt->max_blocking_threads = b->max_blocking_threads; /* blocking pool: made on first use */
    rt->blocking_keep_alive = b->blocking_keep_alive;
    pthread_mutex_init(&rt->inj_lock, NULL);
    pthread_mutex_init(&rt->idle_lock, NULL);
    pthread_mutex_init(&rt->root_lock, NULL);
    pthread_cond_init(&rt->root_cond, NULL);
    int derr = ac__driver_init(rt, b);
    if (derr) {
        fprintf(stderr, "ac_runtime_build: the I/O and time driver could not start (%d)\n", derr);
        free_runtime(rt);
        return derr;
    }
    rt->workers = calloc(rt->n_workers, sizeof *rt->workers);
    rt->sleepers = calloc(rt->n_workers, sizeof *rt->sleepers);
    /* 4 shards per worker (a power of two): two workers then meet on one
     * shard's lock in about one spawn/complete pair out of eight */
    unsigned shards = 1;
    while (shards < 4 * rt->n_workers)
        shards *= 2;
    rt->shards = aligned_alloc(_Alignof(ac__live_shard), shards * sizeof *rt->shards);
    if (rt->workers == NULL || rt->sleepers == NULL || rt->shards == NULL) {
        rt->n_workers = 0;
        free_runtime(rt);
        return -ENOMEM;
    }
    rt->shard_mask = shards - 1;
    for (unsigned i = 0; i < shards; i++) {
        rt->shards[i] = (ac__live_shard){0};
        ac__spin_init(&rt->shards[i].lock);
    }
    for (unsigned i = 0; i < rt->n_workers; i++) {
        ac__worker *w = &rt->workers[i];
        w->rt = rt;
        w->index = i;
        w->rng = 0x9e3779b9u * (i + 1);
        ac__task_cache_init(&w->cache, &rt->depot);
        pthread_cond_init(&w->cond, NULL);
        int err = ac__deque_init(&w->local, cap);
        if (err) {
            rt->n_workers = i + 1;
            free_runtime(rt);
            return err;
        }
    }
    for (unsigned i = 0; i < rt->n_workers; i++) {
        int err = pthread_create(&rt->workers[i].thread, NULL, ac__worker_main, &rt->workers[i]);
        if (err) {
            ac_runtime_free(rt); /* joins the ones that started */
            return -err;
        }
        rt->workers[i].started = true;
    }
    *out = rt;
    return 0;
}

/* ---- the live list --------------------------------------------------------- */

static inline ac__live_shard *shard_of(ac_runtime *rt, const ac_task *t)
{
    return &rt->shards[t->id & rt->shard_mask];
}

void ac__runtime_unlink(ac_runtime *rt, ac_task *t)
{
    ac__live_shard *sh = shard_of(rt, t);
    ac__spin_lock(&sh->lock);
    if (t->all_prev != NULL)
        t->all_prev->all_next = t->all_next;
    else
        sh->head = t->all_next;
    if (t->all_next != NULL)
        t->all_next->all_prev = t->all_prev;
    sh->live--;
    ac__spin_unlock(&sh->lock);
}

size_t ac_runtime_live_tasks(ac_runtime *rt)
{
    size_t n = 0;
    for (unsigned i = 0; i <= rt->shard_mask; i++) {
        ac__spin_lock(&rt->shards[i].lock);
        n += rt->shards[i].live;
        ac__spin_unlock(&rt->shards[i].lock);
    }
    return n;
}

ac_join_handle ac_runtime_spawn(ac_runtime *rt, const void *future, size_t size)
{
    /* references: join handle + live list + queue entry */
    ac_task *t = ac__task_new(&rt->sched, future, size, 3);
    if (t == NULL) {
        fprintf(stderr, "ac_runtime_spawn: out of memory for a %zu-byte future\n", size);
        return ac__join_handle_for(NULL);
    }
    ac__live_shard *sh = shard_of(rt, t);
    ac__spin_lock(&sh->lock);
    if (sh->closed) {
        ac__spin_unlock(&sh->lock);
        free(t); /* never shared with anyone: the future is still the caller's */
        return ac__join_handle_for(NULL);
    }
    t->all_prev = NULL;
    t->all_next = sh->head;
    if (sh->head != NULL)
        sh->head->all_prev = t;
    sh->head = t;
    sh->live++;
    ac__spin_unlock(&sh->lock);
    ac__runtime_push_spawned(rt, t);
    return ac__join_handle_for(t);
}

void ac_runtime_worker_stats(ac_runtime *rt, unsigned worker, ac_worker_stats *out)
{
    assert(worker < rt->n_workers);
    ac__worker *w = &rt->workers[worker];
    *out = (ac_worker_stats){
        .polls = atomic_load_explicit(&w->polls, memory_order_relaxed),
        .lifo_hits = atomic_load_explicit(&w->lifo_hits, memory_order_relaxed),
        .injector_pops = atomic_load_explicit(&w->injector_pops, memory_order_relaxed),
        .steals = atomic_load_explicit(&w->steals, memory_order_relaxed),
        .overflows = atomic_load_explicit(&w->overflows, memory_order_relaxed),
        .parks = atomic_load_explicit(&w->parks, memory_order_relaxed),
    };
}

/* ---- block_on: the root is polled on the caller's thread ------------------ */

/* The root waker points at the runtime, not at block_on's stack, so a
 * clone that outlives block_on only sets a flag nobody reads. */
static ac_waker root_clone(void *data);
static void root_wake(void *data)
{
    ac_runtime *rt = data;
    pthread_mutex_lock(&rt->root_lock);
    rt->root_woken = true;
    pthread_cond_signal(&rt->root_cond);
    pthread_mutex_unlock(&rt->root_lock);
}
static void root_drop(void *data) { (void)data; }
static const ac_waker_vtable root_vtable = {
    .clone = root_clone, .wake = root_wake, .wake_by_ref = root_wake, .drop = root_drop};
static ac_waker root_clone(void *data) { return (ac_waker){.data = data, .vtable = &root_vtable}; }

void ac_runtime_block_on(ac_runtime *rt, ac_future *root)
{
    assert(ac__current_worker == NULL && "block_on from a worker would stall it");
    assert(!rt->in_block_on);
    rt->in_block_on = true;
    ac_runtime *outer = ac__current_runtime;
    ac__current_runtime = rt;
    ac__driver_tls outside = ac__driver_enter(rt); /* the root's timers and sockets use rt's drivers */
    ac_waker w = root_clone(rt);
    ac_context cx = {.waker = &w};
    pthread_mutex_lock(&rt->root_lock);
    rt->root_woken = true;
    for (;;) {
        while (!rt->root_woken)
            pthread_cond_wait(&rt->root_cond, &rt->root_lock);
        rt->root_woken = false;
        pthread_mutex_unlock(&rt->root_lock);
        ac__driver_before_poll(rt);
        ac_poll p = ac_future_poll(root, &cx);
        pthread_mutex_lock(&rt->root_lock);
        if (p == AC_READY)
            break;
    }
    pthread_mutex_unlock(&rt->root_lock);
    ac__driver_leave(outside);
    ac__current_runtime = outer;
    rt->in_block_on = false;
}

/* ---- shutdown --------------------------------------------------------------- */

static void stop_workers(ac_runtime *rt)
{
    /* once every shard is closed, no spawn can link a task anywhere */
    for (unsigned i = 0; i <= rt->shard_mask; i++) {
        ac__spin_lock(&rt->shards[i].lock);
        rt->shards[i].closed = true;
        ac__spin_unlock(&rt->shards[i].lock);
    }
    pthread_mutex_lock(&rt->idle_lock);
    atomic_store_explicit(&rt->shutdown, true, memory_order_release);
    for (unsigned i = 0; i < rt->n_workers; i++)
        pthread_cond_signal(&rt->workers[i].cond);
    if (rt->driver != NULL)
        ac__executor_kick(&rt->host); /* the worker waiting in the driver */
    pthread_mutex_unlock(&rt->idle_lock);
}

/* Every worker has exited: drop what is left on this thread.  Dropping a
 * future may wake or release other tasks (their wakes go to the injector,
 * since this is no worker), so repeat until nothing is left anywhere. */
static void drop_all_tasks(ac_runtime *rt);
static void drop_everything(ac_runtime *rt)
{
    /* as if on a worker: dropped sleeps and sockets find rt's driver */
    ac_runtime *outer = ac__current_runtime;
    ac__current_runtime = rt;
    ac__driver_tls outside = ac__driver_enter(rt);
    drop_all_tasks(rt);
    ac__driver_leave(outside);
    ac__current_runtime = outer;
}

static void drop_all_tasks(ac_runtime *rt)
{
    for (;;) {
        bool any = false;
        for (unsigned i = 0; i <= rt->shard_mask; i++) {
            ac__spin_lock(&rt->shards[i].lock);
            ac_task *t = rt->shards[i].head;
            ac__spin_unlock(&rt->shards[i].lock);
            if (t != NULL) {
                any = true;
                ac__runtime_unlink(rt, t);
                ac__task_shutdown(t); /* drops the future outside the lock: it may wake others */
                ac__task_unref(t);
            }
        }
        for (unsigned i = 0; i < rt->n_workers; i++) {
            ac__worker *w = &rt->workers[i];
            void *item;
            if (w->lifo != NULL) {
                ac__task_unref(w->lifo); /* the queue entry's reference */
                w->lifo = NULL;
                any = true;
            }
            while ((item = ac__deque_take(&w->local)) != NULL) {
                ac__task_unref(item);
                any = true;
            }
        }
        ac_task *q;
        while ((q = ac__runtime_inject_pop(rt)) != NULL) {
            ac__task_unref(q);
            any = true;
        }
        if (!any)
            return;
    }
}

static struct timespec deadline_after(ac_nanos timeout)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ac_nanos ns = (ac_nanos)ts.tv_nsec + timeout;
    ts.tv_sec += ns / 1000000000;
    ts.tv_nsec = ns % 1000000000;
    return ts;
}

int ac_runtime_shutdown(ac_runtime *rt, ac_nanos timeout)
{
    assert(ac__current_worker == NULL && "a worker cannot wait for itself to exit");
    /* blocking pool: the same deadline; after a -ETIMEDOUT a job may still run */
    ac_nanos pool_until = ac__blocking_deadline(timeout);
    if (rt->dropped)
        return ac__blocking_pool_shutdown_until(atomic_load(&rt->blocking), pool_until);
    stop_workers(rt);
    ac__blocking_pool_close(ac_runtime_blocking_pool(rt)); /* blocking pool: queue cancelled, no new jobs */
    struct timespec until = deadline_after(timeout < 0 ? 0 : timeout);
    for (unsigned i = 0; i < rt->n_workers; i++) {
        ac__worker *w = &rt->workers[i];
        if (!w->started || w->joined)
            continue;
        int err = timeout == AC_FOREVER ? pthread_join(w->thread, NULL)
                                        : pthread_timedjoin_np(w->thread, NULL, &until);
        if (err == ETIMEDOUT)
            return -ETIMEDOUT;
        w->joined = true;
    }
    drop_everything(rt);
    rt->dropped = true;
    return ac__blocking_pool_shutdown_until(atomic_load(&rt->blocking), pool_until); /* blocking pool */
}

void ac_runtime_free(ac_runtime *rt)
{
    if (rt == NULL)
        return;
    ac_runtime_shutdown(rt, AC_FOREVER);
    free_runtime(rt);
}
