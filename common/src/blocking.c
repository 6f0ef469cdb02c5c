/*
 * blocking.c - the blocking pool: a FIFO of jobs, threads made on demand
 * up to a cap and retired after an idle keep-alive, and the future that
 * waits for one job's result.
 *
 * Two locks, never held together:
 *   pool->lock  the queue, the thread counts, the list of exited threads
 *   job->lock   one job's state, its waker and its result
 * so a future may be polled or dropped after its pool is gone (the job is
 * shared by the future and the pool: two references, the last frees it).
 *
 *   job state:  QUEUED --a thread takes it--> RUNNING --fn returned--> DONE
 *                 |                                                    (waker woken
 *                 +--shutdown--> CANCELLED (waker woken)                after the
 *   and, apart:  `abandoned` once the future was dropped              result is stored)
 */
#include "ac/blocking.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "blocking_internal.h"
#include "runtime_internal.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_CANCELLED };

struct ac__blocking_job {
    ac__blocking_job *next; /* queue link, under pool->lock */
    ac_blocking_fn fn;
    void *arg;
    ac_blocking_discard_fn discard;
    _Atomic unsigned refs; /* the future's and the pool's */
    pthread_mutex_t lock;
    /* under lock */
    enum job_state state;
    bool abandoned; /* the future was dropped: nobody reads the result */
    ac_waker_slot waker;
    void *result;
};

/* A pool thread's record: joined by whoever finds it on the exited list. */
typedef struct pool_thread {
    pthread_t tid;
    ac_blocking_pool *pool;
    struct pool_thread *next;
} pool_thread;

struct ac_blocking_pool {
    pthread_mutex_t lock;
    pthread_cond_t work_cond; /* idle threads wait here (monotonic clock) */
    pthread_cond_t exit_cond; /* shutdown waits here for threads == 0 */
    unsigned max_threads;
    ac_nanos keep_alive;
    /* under lock */
    ac__blocking_job *head, *tail;
    bool closed;
    pool_thread *exited; /* threads that left their loop, to be joined */
    ac_blocking_stats stats;
};

/* ---- jobs ---------------------------------------------------------------- */

static void job_unref(ac__blocking_job *j)
{
    if (atomic_fetch_sub_explicit(&j->refs, 1, memory_order_acq_rel) == 1) {
        pthread_mutex_destroy(&j->lock);
        free(j);
    }
}

static void discard(ac__blocking_job *j, void *result, bool ran)
{
    if (j->discard != NULL)
        j->discard(j->arg, result, ran);
}

/* The pool's side of one job, on a pool thread. */
static void run_job(ac_blocking_pool *p, ac__blocking_job *j)
{
    pthread_mutex_lock(&j->lock);
    bool dropped = j->abandoned; /* dropped while queued: its discard already ran */
    if (!dropped)
        j->state = JOB_RUNNING;
    pthread_mutex_unlock(&j->lock);
    if (dropped) {
        pthread_mutex_lock(&p->lock);
        p->stats.cancelled++;
        pthread_mutex_unlock(&p->lock);
        job_unref(j);
        return;
    }
    void *result = j->fn(j->arg);
    pthread_mutex_lock(&j->lock);
    /* the result is stored BEFORE the waker is taken and woken: the woken
     * task's poll must find it */
    j->result = result;
    j->state = JOB_DONE;
    dropped = j->abandoned;
    ac_waker w = ac_waker_slot_take(&j->waker);
    pthread_mutex_unlock(&j->lock);
    pthread_mutex_lock(&p->lock);
    p->stats.completed++; /* before the wake: whoever the wake unblocks sees it counted */
    pthread_mutex_unlock(&p->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
    if (dropped)
        discard(j, result, true);
    job_unref(j);
}

/* Shutdown's side of a job that never started. */
static void cancel_job(ac_blocking_pool *p, ac__blocking_job *j)
{
    pthread_mutex_lock(&j->lock);
    bool dropped = j->abandoned;
    j->state = JOB_CANCELLED;
    ac_waker w = ac_waker_slot_take(&j->waker);
    pthread_mutex_unlock(&j->lock);
    if (!dropped)
        discard(j, NULL, false);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
    pthread_mutex_lock(&p->lock);
    p->stats.cancelled++;
    pthread_mutex_unlock(&p->lock);
    job_unref(j);
}

/* ---- the future ----------------------------------------------------------- */

static ac_poll blocking_poll(ac_future *self, ac_context *cx)
{
    ac_blocking *f = (ac_blocking *)self;
    ac__blocking_job *j = f->job;
    if (j == NULL) /* refused at spawn: out.err says why */
        return AC_READY;
    pthread_mutex_lock(&j->lock);
    enum job_state s = j->state;
    if (s == JOB_DONE || s == JOB_CANCELLED) {
        f->out.value = s == JOB_DONE ? j->result : NULL;
        f->out.err = s == JOB_DONE ? 0 : -ECANCELED;
    } else {
        ac_waker_slot_set(&j->waker, cx->waker);
    }
    pthread_mutex_unlock(&j->lock);
    if (s != JOB_DONE && s != JOB_CANCELLED)
        return AC_PENDING;
    f->job = NULL;
    job_unref(j);
    return AC_READY;
}

/* Dropped before Ready: the job must not run, or its result goes to discard. */
static void blocking_drop(ac_future *self)
{
    ac_blocking *f = (ac_blocking *)self;
    ac__blocking_job *j = f->job;
    if (j == NULL)
        return;
    f->job = NULL;
    pthread_mutex_lock(&j->lock);
    j->abandoned = true;
    ac_waker_slot_clear(&j->waker); /* no wake may reach a dropped future's task */
    enum job_state s = j->state;
    void *result = j->result;
    pthread_mutex_unlock(&j->lock);
    if (s == JOB_QUEUED)
        discard(j, NULL, false); /* the thread that pops it skips it */
    else if (s == JOB_DONE)
        discard(j, result, true); /* finished, never read */
    /* RUNNING: the pool thread discards the result; CANCELLED: already done */
    job_unref(j);
}

static const ac_future_vtable blocking_vtable = {
    .name = "spawn_blocking",
    .poll = blocking_poll,
    .drop = blocking_drop,
    AC_OUTPUT(ac_blocking, out),
};

static ac_blocking refused(void *arg, ac_blocking_discard_fn d, int err)
{
    if (d != NULL)
        d(arg, NULL, false);
    return (ac_blocking){.base = {&blocking_vtable}, .job = NULL, .out = {.value = NULL, .err = err}};
}

/* ---- threads -------------------------------------------------------------- */

static struct timespec mono_timespec(ac_nanos t)
{
    return (struct timespec){.tv_sec = t / 1000000000, .tv_nsec = t % 1000000000};
}

/* Take queued jobs until there are none for keep_alive, or the pool closes. */
static void *pool_thread_main(void *arg)
{
    pool_thread *self = arg;
    ac_blocking_pool *p = self->pool;
    pthread_setname_np(pthread_self(), "ac-blocking");
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (p->head != NULL) {
            ac__blocking_job *j = p->head;
            p->head = j->next;
            p->stats.queued--;
            p->stats.running++;
            pthread_mutex_unlock(&p->lock);
            run_job(p, j);
            pthread_mutex_lock(&p->lock);
            p->stats.running--;
            continue;
        }
        if (p->closed)
            break;
        /* idle: wait for work, at most keep_alive (spurious wakes keep
         * the same deadline) */
        struct timespec until = mono_timespec(ac_monotonic_now() + p->keep_alive);
        int rc = 0;
        p->stats.idle++;
        while (p->head == NULL && !p->closed && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&p->work_cond, &p->lock, &until);
        p->stats.idle--;
        if (p->head == NULL && !p->closed) {
            p->stats.retired++;
            break;
        }
    }
    p->stats.threads--;
    self->next = p->exited;
    p->exited = self;
    if (p->stats.threads == 0)
        pthread_cond_broadcast(&p->exit_cond);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Join the threads that have left their loop (quick: they are returning). */
static void join_exited(pool_thread *list)
{
    while (list != NULL) {
        pool_thread *next = list->next;
        pthread_join(list->tid, NULL);
        free(list);
        list = next;
    }
}

/* Under p->lock: one more thread.  false if the OS refused. */
static bool start_thread(ac_blocking_pool *p)
{
    pool_thread *t = calloc(1, sizeof *t);
    if (t == NULL)
        return false;
    t->pool = p;
    if (pthread_create(&t->tid, NULL, pool_thread_main, t) != 0) {
        free(t);
        return false;
    }
    p->stats.threads++;
    p->stats.spawned++;
    return true;
}

/* ---- the pool ------------------------------------------------------------- */

int ac_blocking_pool_new(unsigned max_threads, ac_nanos keep_alive, ac_blocking_pool **out)
{
    *out = NULL;
    ac_blocking_pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return -ENOMEM;
    p->max_threads = max_threads ? max_threads : AC_BLOCKING_MAX_THREADS;
    p->keep_alive = keep_alive > 0 ? keep_alive : AC_BLOCKING_KEEP_ALIVE;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->work_cond, &ca);
    pthread_cond_init(&p->exit_cond, &ca);
    pthread_condattr_destroy(&ca);
    *out = p;
    return 0;
}

ac_blocking ac_blocking_pool_spawn(ac_blocking_pool *p, ac_blocking_fn fn, void *arg,
                                   ac_blocking_discard_fn d)
{
    if (p == NULL)
        return refused(arg, d, -ENOMEM);
    ac__blocking_job *j = calloc(1, sizeof *j);
    if (j == NULL)
        return refused(arg, d, -ENOMEM);
    j->fn = fn;
    j->arg = arg;
    j->discard = d;
    j->state = JOB_QUEUED;
    atomic_init(&j->refs, 2);
    pthread_mutex_init(&j->lock, NULL);

    pthread_mutex_lock(&p->lock);
    if (p->closed) {
        pthread_mutex_unlock(&p->lock);
        pthread_mutex_destroy(&j->lock);
        free(j);
        return refused(arg, d, -ECANCELED);
    }
    j->next = NULL;
    if (p->head == NULL)
        p->head = j;
    else
        p->tail->next = j;
    p->tail = j;
    p->stats.queued++;
    /* an idle thread for every queued job?  else one more thread, if the
     * cap allows; else the job waits for a busy thread to come back */
    bool ok = true;
    if (p->stats.idle >= p->stats.queued)
        pthread_cond_signal(&p->work_cond);
    else if (p->stats.threads < p->max_threads && !start_thread(p) && p->stats.threads == 0)
        ok = false; /* no thread at all will ever take it */
    if (!ok) {
        p->head = NULL; /* it is the only job: nothing else could queue without a thread */
        p->stats.queued--;
    }
    pool_thread *exited = p->exited;
    p->exited = NULL;
    pthread_mutex_unlock(&p->lock);
    join_exited(exited);
    if (!ok) {
        pthread_mutex_destroy(&j->lock);
        free(j);
        return refused(arg, d, -EAGAIN);
    }
    return (ac_blocking){.base = {&blocking_vtable}, .job = j, .out = {0}};
}

void ac_blocking_pool_stats(ac_blocking_pool *p, ac_blocking_stats *out)
{
    pthread_mutex_lock(&p->lock);
    *out = p->stats;
    pthread_mutex_unlock(&p->lock);
}

void ac__blocking_pool_close(ac_blocking_pool *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    p->closed = true;
    ac__blocking_job *queued = p->head;
    p->head = NULL;
    p->stats.queued = 0;
    pthread_cond_broadcast(&p->work_cond);
    pthread_mutex_unlock(&p->lock);
    while (queued != NULL) {
        ac__blocking_job *next = queued->next;
        cancel_job(p, queued);
        queued = next;
    }
}

int ac__blocking_pool_shutdown_until(ac_blocking_pool *p, ac_nanos until)
{
    if (p == NULL)
        return 0;
    ac__blocking_pool_close(p);
    struct timespec ts = mono_timespec(until);
    int rc = 0;
    pthread_mutex_lock(&p->lock);
    while (p->stats.threads > 0 && rc != ETIMEDOUT) {
        if (until == AC_FOREVER)
            pthread_cond_wait(&p->exit_cond, &p->lock);
        else
            rc = pthread_cond_timedwait(&p->exit_cond, &p->lock, &ts);
    }
    bool done = p->stats.threads == 0;
    pool_thread *exited = p->exited;
    p->exited = NULL;
    pthread_mutex_unlock(&p->lock);
    join_exited(exited);
    return done ? 0 : -ETIMEDOUT;
}

int ac_blocking_pool_shutdown(ac_blocking_pool *p, ac_nanos timeout)
{
    return ac__blocking_pool_shutdown_until(p, ac__blocking_deadline(timeout));
}

void ac_blocking_pool_free(ac_blocking_pool *p)
{
    if (p == NULL)
        return;
    ac_blocking_pool_shutdown(p, AC_FOREVER);
    pthread_cond_destroy(&p->work_cond);
    pthread_cond_destroy(&p->exit_cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* ---- whose pool ------------------------------------------------------------ */

ac_blocking_pool *ac__blocking_pool_lazy(_Atomic(ac_blocking_pool *) *slot, unsigned max_threads,
                                         ac_nanos keep_alive)
{
    ac_blocking_pool *p = atomic_load_explicit(slot, memory_order_acquire);
    if (p != NULL)
        return p;
    ac_blocking_pool *mine = NULL;
    if (ac_blocking_pool_new(max_threads, keep_alive, &mine) != 0)
        return NULL;
    /* acq_rel: publish the pool we made, or see the one that won */
    if (atomic_compare_exchange_strong_explicit(slot, &p, mine, memory_order_acq_rel, memory_order_acquire))
        return mine;
    ac_blocking_pool_free(mine); /* another thread won; ours never had a thread */
    return p;
}

static void free_executor_pool(void *pool) { ac_blocking_pool_free(pool); }

ac_blocking_pool *ac_executor_blocking_pool(ac_executor *ex)
{
    if (ex->blocking == NULL) { /* the executor is single-threaded: no race */
        ac_blocking_pool *p = NULL;
        if (ac_blocking_pool_new(0, 0, &p) != 0)
            return NULL;
        ex->blocking = p;
        ex->blocking_free = free_executor_pool;
    }
    return ex->blocking;
}

ac_blocking_pool *ac_runtime_blocking_pool(ac_runtime *rt)
{
    return ac__blocking_pool_lazy(&rt->blocking, rt->max_blocking_threads, rt->blocking_keep_alive);
}

ac_blocking ac_spawn_blocking_with(ac_blocking_fn fn, void *arg, ac_blocking_discard_fn d)
{
    ac_executor *ex = ac_executor_current();
    ac_runtime *rt = ac_runtime_current();
    if (ex == NULL && rt == NULL) {
        fprintf(stderr, "ac_spawn_blocking: called outside any runtime (no ac_executor or ac_runtime "
                        "runs this thread); use ac_blocking_pool_spawn with a pool of your own\n");
        abort();
    }
    ac_blocking_pool *p = ex != NULL ? ac_executor_blocking_pool(ex) : ac_runtime_blocking_pool(rt);
    return ac_blocking_pool_spawn(p, fn, arg, d);
}

ac_blocking ac_spawn_blocking(ac_blocking_fn fn, void *arg) { return ac_spawn_blocking_with(fn, arg, NULL); }
