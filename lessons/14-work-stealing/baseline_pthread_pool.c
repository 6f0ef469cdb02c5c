/*
 * baseline_pthread_pool.c - the bench's baseline: the thread pool people
 * write without a runtime.
 *
 *    submit(fn, arg) --malloc--> [ job ]--lock--> [ FIFO: head ... tail ] --cond--> N threads
 *                                                   one mutex, one condvar          pop, unlock, fn(arg),
 * free
 *
 * No per-thread queues, no stealing, no parking protocol: every submit
 * and every pop takes the same lock, and a submit signals the condvar so
 * an idle thread wakes.  A "task" is a job {fn, arg}; what a task does
 * in our runtime maps onto it as:
 *   spawn        submit a job
 *   yield        the job submits itself again and returns
 *   ping-pong    two jobs, each holding a thread, hand a turn back and
 *                forth through a mutex + condvar (a pool job cannot wait
 *                without blocking its thread)
 *   join         a countdown under a mutex, the main thread waits on it
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "ac/clock.h"
#include "bench.h"

/* ---- the pool ------------------------------------------------------------ */

typedef struct pool_job {
    void (*fn)(void *arg);
    void *arg;
    struct pool_job *next;
} pool_job;

typedef struct pthread_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pool_job *head, *tail;
    bool stop;
    unsigned n_threads;
    pthread_t *threads;
} pthread_pool;

/* A pool thread: pop the oldest job, run it outside the lock, free it. */
static void *pool_thread(void *arg)
{
    pthread_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->head == NULL && !p->stop)
            pthread_cond_wait(&p->cond, &p->lock);
        if (p->head == NULL)
            break; /* stopping, and nothing left */
        pool_job *j = p->head;
        p->head = j->next;
        if (p->head == NULL)
            p->tail = NULL;
        pthread_mutex_unlock(&p->lock);
        j->fn(j->arg);
        free(j);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int pool_submit(pthread_pool *p, void (*fn)(void *), void *arg)
{
    pool_job *j = malloc(sizeof *j);
    if (j == NULL)
        return -ENOMEM;
    *j = (pool_job){.fn = fn, .arg = arg};
    pthread_mutex_lock(&p->lock);
    if (p->tail != NULL)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

static int pool_start(pthread_pool *p, unsigned n)
{
    *p = (pthread_pool){.n_threads = 0};
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->threads = calloc(n, sizeof *p->threads);
    if (p->threads == NULL)
        return -ENOMEM;
    for (; p->n_threads < n; p->n_threads++)
        if (pthread_create(&p->threads[p->n_threads], NULL, pool_thread, p) != 0)
            return -EAGAIN;
    return 0;
}

/* Run what is queued, then join every thread. */
static void pool_stop(pthread_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
}

/* ---- the main thread's join: a countdown under a mutex ------------------ */

typedef struct latch {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint64_t left;
} latch;

static void latch_init(latch *l, uint64_t count)
{
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->cond, NULL);
    l->left = count;
}

static void latch_hit(latch *l)
{
    pthread_mutex_lock(&l->lock);
    if (--l->left == 0)
        pthread_cond_signal(&l->cond);
    pthread_mutex_unlock(&l->lock);
}

static void latch_wait(latch *l)
{
    pthread_mutex_lock(&l->lock);
    while (l->left != 0)
        pthread_cond_wait(&l->cond, &l->lock);
    pthread_mutex_unlock(&l->lock);
    pthread_mutex_destroy(&l->lock);
    pthread_cond_destroy(&l->cond);
}

/* ---- the rows ------------------------------------------------------------- */

typedef struct row_ctx {
    pthread_pool *pool;
    latch done;
    uint64_t n, per_task;
    bool failed; /* a submit ran out of memory (set before the latch is hit) */
} row_ctx;

static void trivial_job(void *arg) { latch_hit(&((row_ctx *)arg)->done); }

/* Submit n trivial jobs; a job that cannot be made is counted done. */
static void submit_trivial(row_ctx *c)
{
    for (uint64_t i = 0; i < c->n; i++)
        if (pool_submit(c->pool, trivial_job, c) < 0) {
            c->failed = true;
            latch_hit(&c->done);
        }
}

static void root_job(void *arg) { submit_trivial(arg); }

/* yield-many: the job's state lives in its own slot; yielding = submitting
 * itself again (a fresh job node, as a plain pool must). */
typedef struct yielder {
    row_ctx *c;
    uint64_t left;
} yielder;

static void yield_job(void *arg)
{
    yielder *y = arg;
    if (y->left > 0) {
        y->left--;
        if (pool_submit(y->c->pool, yield_job, y) == 0)
            return;
        y->c->failed = true;
    }
    latch_hit(&y->c->done);
}

/* chained-spawn: each job submits the next; the last one ends the chain. */
typedef struct chain {
    row_ctx *c;
    uint64_t left;
} chain;

static void chain_job(void *arg)
{
    chain *ch = arg;
    if (--ch->left > 0) {
        if (pool_submit(ch->c->pool, chain_job, ch) == 0)
            return;
        ch->c->failed = true;
    }
    latch_hit(&ch->c->done);
}

/* ping-pong: a turn handed back and forth; each side owns a pool thread. */
typedef struct handoff {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int turn; /* 0: the pinger's, 1: the ponger's */
    uint64_t n, bounced;
    row_ctx *c;
} handoff;

static void pinger_job(void *arg)
{
    handoff *h = arg;
    pthread_mutex_lock(&h->lock);
    for (uint64_t i = 0; i < h->n; i++) {
        h->turn = 1;
        pthread_cond_signal(&h->cond);
        while (h->turn != 0)
            pthread_cond_wait(&h->cond, &h->lock);
    }
    h->turn = 2; /* game over */
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
    latch_hit(&h->c->done);
}

static void ponger_job(void *arg)
{
    handoff *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (h->turn == 0)
            pthread_cond_wait(&h->cond, &h->lock);
        if (h->turn == 2)
            break;
        h->bounced++;
        h->turn = 0;
        pthread_cond_signal(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    latch_hit(&h->c->done);
}

static double run_ping_pong(row_ctx *c, uint64_t n)
{
    handoff h = {.n = n, .c = c};
    pthread_mutex_init(&h.lock, NULL);
    pthread_cond_init(&h.cond, NULL);
    latch_init(&c->done, 2);
    ac_nanos start = ac_monotonic_now();
    if (pool_submit(c->pool, ponger_job, &h) < 0 || pool_submit(c->pool, pinger_job, &h) < 0)
        return -ENOMEM; /* cannot happen on a sane machine; the pool is stopped by the caller */
    latch_wait(&c->done);
    ac_nanos took = ac_monotonic_now() - start;
    pthread_mutex_destroy(&h.lock);
    pthread_cond_destroy(&h.cond);
    return h.bounced == n ? (double)took / (double)n : -EPROTO;
}

double bench_pthread_pool(bench_row row, unsigned threads, const bench_size *sz)
{
    if (row == BENCH_PING_PONG && threads < 2)
        threads = 2; /* each side blocks a thread while it waits */
    pthread_pool pool;
    int err = pool_start(&pool, threads);
    if (err < 0) {
        pool_stop(&pool);
        return err;
    }
    row_ctx c = {.pool = &pool};
    double result = 0;
    uint64_t ops = bench_ops(row, sz);
    ac_nanos start = ac_monotonic_now();
    switch (row) {
    case BENCH_SPAWN_FROM_TASK:
        c.n = sz->spawns;
        latch_init(&c.done, c.n);
        if (pool_submit(&pool, root_job, &c) < 0)
            c.failed = true, c.done.left = 0;
        latch_wait(&c.done);
        break;
    case BENCH_SPAWN_FROM_OUTSIDE:
        c.n = sz->spawns;
        latch_init(&c.done, c.n);
        submit_trivial(&c);
        latch_wait(&c.done);
        break;
    case BENCH_PING_PONG:
        result = run_ping_pong(&c, sz->round_trips);
        break;
    case BENCH_YIELD_MANY: {
        yielder *ys = calloc(sz->yield_tasks, sizeof *ys);
        if (ys == NULL) {
            result = -ENOMEM;
            break;
        }
        latch_init(&c.done, sz->yield_tasks);
        for (uint64_t i = 0; i < sz->yield_tasks; i++) {
            ys[i] = (yielder){.c = &c, .left = sz->yields_per_task};
            if (pool_submit(&pool, yield_job, &ys[i]) < 0)
                c.failed = true, latch_hit(&c.done);
        }
        latch_wait(&c.done);
        free(ys);
        break;
    }
    case BENCH_CHAINED_SPAWN:
        for (uint64_t done = 0; done < sz->chain_tasks && !c.failed; done += sz->chain_len) {
            chain ch = {.c = &c, .left = sz->chain_len};
            latch_init(&c.done, 1);
            if (pool_submit(&pool, chain_job, &ch) < 0)
                c.failed = true, c.done.left = 0;
            latch_wait(&c.done);
        }
        break;
    case BENCH_ROWS:
        result = -EINVAL;
        break;
    }
    ac_nanos took = ac_monotonic_now() - start;
    pool_stop(&pool);
    if (result != 0)
        return result;
    return c.failed ? -ENOMEM : (double)took / (double)ops;
}
