/*
 * test_blocking.c - the blocking pool: results come back on both runtime
 * flavours, the cap holds and the queue is FIFO, threads are reused and
 * retired after the keep-alive, a dropped future's job never runs (or its
 * result is discarded), and shutdown cancels the queue and waits for the
 * running jobs within its deadline.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ac/blocking.h"
#include "ac/runtime.h"
#include "rt_util.h"

/* ---- a waker that parks the test thread ----------------------------------- */

typedef struct park_waker {
    pthread_mutex_t m;
    pthread_cond_t c;
    bool woken;
    _Atomic int wakes;
} park_waker;

static ac_waker pw_clone(void *data);
static void pw_wake(void *data)
{
    park_waker *p = data;
    atomic_fetch_add(&p->wakes, 1);
    pthread_mutex_lock(&p->m);
    p->woken = true;
    pthread_cond_signal(&p->c);
    pthread_mutex_unlock(&p->m);
}
static void pw_drop(void *data) { (void)data; }
static const ac_waker_vtable pw_vtable = {
    .clone = pw_clone, .wake = pw_wake, .wake_by_ref = pw_wake, .drop = pw_drop};
static ac_waker pw_clone(void *data) { return (ac_waker){.data = data, .vtable = &pw_vtable}; }

static void pw_init(park_waker *p)
{
    pthread_mutex_init(&p->m, NULL);
    pthread_cond_init(&p->c, NULL);
    p->woken = false;
    atomic_init(&p->wakes, 0);
}
static void pw_destroy(park_waker *p)
{
    pthread_mutex_destroy(&p->m);
    pthread_cond_destroy(&p->c);
}

/* Poll f on this thread until Ready (at most 5 s). */
static ac_blocking_result await_here(ac_blocking *f)
{
    park_waker pw;
    pw_init(&pw);
    ac_waker w = pw_clone(&pw);
    ac_context cx = {.waker = &w};
    ac_nanos until = ac_monotonic_now() + AC_SEC(5);
    for (;;) {
        if (ac_future_poll(&f->base, &cx) == AC_READY)
            break;
        pthread_mutex_lock(&pw.m);
        while (!pw.woken && ac_monotonic_now() < until) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 10000000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&pw.c, &pw.m, &ts);
        }
        assert_true(pw.woken); /* the pool woke us, within 5 s */
        pw.woken = false;
        pthread_mutex_unlock(&pw.m);
    }
    pw_destroy(&pw);
    return f->out;
}

/* Wait (bounded) until a stats field satisfies `cond`. */
#define WAIT_STATS(pool, st, cond)                        \
    do {                                                  \
        ac_nanos until_ = ac_monotonic_now() + AC_SEC(5); \
        for (;;) {                                        \
            ac_blocking_pool_stats((pool), &(st));        \
            if ((cond) || ac_monotonic_now() > until_)    \
                break;                                    \
            usleep(1000);                                 \
        }                                                 \
        assert_true(cond);                                \
    } while (0)

/* ---- jobs the tests run ----------------------------------------------------- */

/* A job that records when it started and waits until the test opens its gate. */
#define MAX_JOBS 16
typedef struct board {
    pthread_mutex_t m;
    pthread_cond_t c;
    int started;              /* jobs that entered fn */
    int order[MAX_JOBS];      /* order[k]: the id of the k-th to start */
    int running, max_running; /* inside fn now, and the most at once */
    bool open[MAX_JOBS];      /* the gate of each job */
    bool ran[MAX_JOBS];
    int discards, discards_ran;
    void *discarded_result;
} board;

typedef struct gated {
    board *b;
    int id;
} gated;

static void board_init(board *b)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->m, NULL);
    pthread_cond_init(&b->c, NULL);
}
static void board_destroy(board *b)
{
    pthread_mutex_destroy(&b->m);
    pthread_cond_destroy(&b->c);
}
static void board_open(board *b, int id)
{
    pthread_mutex_lock(&b->m);
    b->open[id] = true;
    pthread_cond_broadcast(&b->c);
    pthread_mutex_unlock(&b->m);
}
static int board_started(board *b)
{
    pthread_mutex_lock(&b->m);
    int n = b->started;
    pthread_mutex_unlock(&b->m);
    return n;
}
static void board_wait_started(board *b, int n)
{
    ac_nanos until = ac_monotonic_now() + AC_SEC(5);
    while (board_started(b) < n && ac_monotonic_now() < until)
        usleep(1000);
    assert_int_equal(board_started(b), n);
}

static void *gated_job(void *arg)
{
    gated *g = arg;
    board *b = g->b;
    pthread_mutex_lock(&b->m);
    b->order[b->started++] = g->id;
    b->ran[g->id] = true;
    if (++b->running > b->max_running)
        b->max_running = b->running;
    while (!b->open[g->id])
        pthread_cond_wait(&b->c, &b->m);
    b->running--;
    pthread_mutex_unlock(&b->m);
    int *result = malloc(sizeof *result); /* freed by the test or by discard */
    *result = g->id * 10;
    return result;
}

static void gated_discard(void *arg, void *result, bool ran)
{
    gated *g = arg;
    pthread_mutex_lock(&g->b->m);
    g->b->discards++;
    if (ran) {
        g->b->discards_ran++;
        g->b->discarded_result = result;
    }
    pthread_mutex_unlock(&g->b->m);
    free(result);
}

static void *triple(void *arg) { return (void *)((intptr_t)arg * 3); }

/* ---- results come back ---------------------------------------------------- */

/* A future that, on its first poll, starts n jobs through the current
 * runtime's pool, then awaits them in order. */
#define FAN 8
typedef struct fan_out {
    ac_future base;
    bool started;
    int next;
    ac_blocking jobs[FAN];
    intptr_t sum;
} fan_out;

static ac_poll fan_out_poll(ac_future *self, ac_context *cx)
{
    fan_out *f = (fan_out *)self;
    if (!f->started) {
        for (int i = 0; i < FAN; i++)
            f->jobs[i] = ac_spawn_blocking(triple, (void *)(intptr_t)(i + 1));
        f->started = true;
    }
    while (f->next < FAN) {
        if (ac_future_poll(&f->jobs[f->next].base, cx) == AC_PENDING)
            return AC_PENDING;
        assert_int_equal(f->jobs[f->next].out.err, 0);
        f->sum += (intptr_t)f->jobs[f->next].out.value;
        f->next++;
    }
    return AC_READY;
}
static const ac_future_vtable fan_out_vtable = {
    .name = "fan_out", .poll = fan_out_poll, AC_OUTPUT(fan_out, sum)};
static fan_out fan_out_new(void) { return (fan_out){.base = {&fan_out_vtable}}; }

static void test_results_come_back_on_the_executor(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    fan_out f = fan_out_new();
    ac_block_on(&ex, &f.base);
    assert_int_equal(f.sum, 3 * (FAN * (FAN + 1) / 2)); /* every job's own result */
    ac_blocking_stats st;
    /* a job counts as completed just after it woke its future: wait for it */
    WAIT_STATS(ac_executor_blocking_pool(&ex), st, st.completed == FAN);
    assert_true(st.spawned >= 1 && st.spawned <= FAN);
    ac_executor_close(&ex); /* joins the pool's threads: ASan/TSan see no leak */
}

/* Joins n handles in order, summing their intptr_t outputs. */
typedef struct join_sum {
    ac_future base;
    ac_join_handle *handles;
    int n, next;
    intptr_t sum;
} join_sum;
static ac_poll join_sum_poll(ac_future *self, ac_context *cx)
{
    join_sum *j = (join_sum *)self;
    while (j->next < j->n) {
        ac_join_handle *h = &j->handles[j->next];
        if (ac_future_poll(&h->base, cx) == AC_PENDING)
            return AC_PENDING;
        intptr_t v = 0;
        assert_true(ac_join_take(h, &v, sizeof v));
        j->sum += v;
        j->next++;
    }
    return AC_READY;
}
static const ac_future_vtable join_sum_vtable = {.name = "join_sum", .poll = join_sum_poll};

static void test_results_come_back_on_the_runtime(void **state)
{
    (void)state;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    b.max_blocking_threads = 3;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    enum { TASKS = 20 };
    ac_join_handle hs[TASKS];
    for (int i = 0; i < TASKS; i++) {
        fan_out f = fan_out_new();
        hs[i] = AC_RUNTIME_SPAWN(rt, f);
    }
    join_sum js = {.base = {&join_sum_vtable}, .handles = hs, .n = TASKS};
    ac_runtime_block_on(rt, &js.base);
    assert_int_equal(js.sum, TASKS * 3 * (FAN * (FAN + 1) / 2));
    ac_blocking_stats st;
    WAIT_STATS(ac_runtime_blocking_pool(rt), st, st.completed == TASKS * FAN);
    assert_true(st.spawned <= 3); /* the builder's cap */
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    ac_runtime_free(rt);
}

/* ---- the cap, FIFO order, reuse, keep-alive ----------------------------------- */

static void test_cap_holds_and_the_queue_starts_in_fifo_order(void **state)
{
    (void)state;
    enum { CAP = 3, N = CAP + 5 };
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(CAP, AC_SEC(10), &p), 0);
    board b;
    board_init(&b);
    gated g[N];
    ac_blocking f[N];
    for (int i = 0; i < N; i++) {
        g[i] = (gated){.b = &b, .id = i};
        f[i] = ac_blocking_pool_spawn(p, gated_job, &g[i], gated_discard);
    }
    board_wait_started(&b, CAP);
    ac_blocking_stats st;
    WAIT_STATS(p, st, st.running == CAP && st.queued == N - CAP);
    assert_int_equal(st.threads, CAP);
    /* free one slot at a time: the next to start is the queue's oldest */
    for (int k = 0; k < N; k++) {
        pthread_mutex_lock(&b.m);
        int id = b.order[k];
        pthread_mutex_unlock(&b.m);
        board_open(&b, id);
        if (k + CAP < N)
            board_wait_started(&b, k + CAP + 1);
    }
    for (int k = CAP; k < N; k++)
        assert_int_equal(b.order[k], k); /* FIFO */
    for (int i = 0; i < N; i++) {
        ac_blocking_result r = await_here(&f[i]);
        assert_int_equal(r.err, 0);
        assert_int_equal(*(int *)r.value, i * 10);
        free(r.value);
    }
    assert_true(b.max_running <= CAP);
    assert_int_equal(b.max_running, CAP);
    WAIT_STATS(p, st, st.completed == N);
    assert_int_equal(st.spawned, CAP);
    assert_int_equal(b.discards, 0); /* every result was read */
    ac_blocking_pool_free(p);
    board_destroy(&b);
}

static void test_threads_are_reused(void **state)
{
    (void)state;
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(4, AC_SEC(10), &p), 0);
    for (int i = 0; i < 20; i++) {
        ac_blocking f = ac_blocking_pool_spawn(p, triple, (void *)(intptr_t)i, NULL);
        ac_blocking_result r = await_here(&f);
        assert_int_equal((intptr_t)r.value, 3 * i);
        /* the thread goes idle right after storing the result: let it */
        ac_blocking_stats st;
        WAIT_STATS(p, st, st.idle == st.threads);
    }
    ac_blocking_stats st;
    ac_blocking_pool_stats(p, &st);
    assert_int_equal(st.spawned, 1); /* one thread did all twenty, one after another */
    assert_int_equal(st.threads, 1);
    assert_int_equal(st.retired, 0);
    ac_blocking_pool_free(p);
}

static void test_keep_alive_retires_idle_threads(void **state)
{
    (void)state;
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(4, AC_MSEC(20), &p), 0);
    board b;
    board_init(&b);
    gated g[3];
    ac_blocking f[3];
    for (int i = 0; i < 3; i++) {
        g[i] = (gated){.b = &b, .id = i};
        f[i] = ac_blocking_pool_spawn(p, gated_job, &g[i], gated_discard);
    }
    board_wait_started(&b, 3);
    ac_blocking_stats st;
    ac_blocking_pool_stats(p, &st);
    assert_int_equal(st.threads, 3);
    for (int i = 0; i < 3; i++) {
        board_open(&b, i);
        ac_blocking_result r = await_here(&f[i]);
        free(r.value);
    }
    WAIT_STATS(p, st, st.threads == 0); /* ~20 ms idle each, bounded by 5 s */
    assert_int_equal(st.retired, 3);
    /* a new job after that starts a new thread */
    ac_blocking f2 = ac_blocking_pool_spawn(p, triple, (void *)(intptr_t)7, NULL);
    assert_int_equal((intptr_t)await_here(&f2).value, 21);
    ac_blocking_pool_stats(p, &st);
    assert_int_equal(st.spawned, 4);
    ac_blocking_pool_free(p);
    board_destroy(&b);
}

/* ---- dropping the future ---------------------------------------------------- */

static void test_drop_before_run_never_runs_the_job(void **state)
{
    (void)state;
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(1, AC_SEC(10), &p), 0);
    board b;
    board_init(&b);
    gated g0 = {.b = &b, .id = 0}, g1 = {.b = &b, .id = 1};
    ac_blocking busy = ac_blocking_pool_spawn(p, gated_job, &g0, gated_discard);
    ac_blocking queued = ac_blocking_pool_spawn(p, gated_job, &g1, gated_discard);
    board_wait_started(&b, 1);
    ac_future_drop(&queued.base);
    assert_int_equal(b.discards, 1); /* at once, with ran == false: arg is discard's */
    assert_int_equal(b.discards_ran, 0);
    board_open(&b, 0);
    board_open(&b, 1); /* would let job 1 finish, if it ever started */
    ac_blocking_result r = await_here(&busy);
    free(r.value);
    ac_blocking_stats st;
    WAIT_STATS(p, st, st.cancelled == 1 && st.queued == 0);
    ac_blocking_pool_free(p);
    assert_false(b.ran[1]); /* the dropped job never ran */
    assert_int_equal(board_started(&b), 1);
    assert_int_equal(b.discards, 1);
    board_destroy(&b);
}

static void test_drop_while_running_discards_the_result(void **state)
{
    (void)state;
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(2, AC_SEC(10), &p), 0);
    board b;
    board_init(&b);
    gated g = {.b = &b, .id = 3};
    ac_blocking f = ac_blocking_pool_spawn(p, gated_job, &g, gated_discard);
    park_waker pw;
    pw_init(&pw);
    ac_waker w = pw_clone(&pw);
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING); /* waker stored */
    board_wait_started(&b, 1);
    ac_future_drop(&f.base);
    assert_int_equal(b.discards, 0); /* fn still runs: its result does not exist yet */
    board_open(&b, 3);
    ac_blocking_stats st;
    WAIT_STATS(p, st, st.completed == 1);
    ac_blocking_pool_free(p); /* joins the thread: discard has run */
    assert_int_equal(b.discards, 1);
    assert_int_equal(b.discards_ran, 1);
    assert_non_null(b.discarded_result);         /* fn's own result, freed by discard (ASan: no leak) */
    assert_int_equal(atomic_load(&pw.wakes), 0); /* a dropped future's waker is never woken */
    pw_destroy(&pw);
    board_destroy(&b);
}

/* ---- shutdown ----------------------------------------------------------------- */

/* A task that awaits one gated job: dropped by shutdown while it runs. */
typedef struct await_gated {
    ac_future base;
    gated *g;
    bool started;
    ac_blocking job;
} await_gated;
static ac_poll await_gated_poll(ac_future *self, ac_context *cx)
{
    await_gated *a = (await_gated *)self;
    if (!a->started) {
        a->job = ac_spawn_blocking_with(gated_job, a->g, gated_discard);
        a->started = true;
    }
    if (ac_future_poll(&a->job.base, cx) == AC_PENDING)
        return AC_PENDING;
    free(a->job.out.value);
    return AC_READY;
}
static void await_gated_drop(ac_future *self)
{
    await_gated *a = (await_gated *)self;
    if (a->started)
        ac_future_drop(&a->job.base);
}
static const ac_future_vtable await_gated_vtable = {
    .name = "await_gated", .poll = await_gated_poll, .drop = await_gated_drop};

typedef struct opener {
    board *b;
    int id;
    ac_nanos after;
} opener;
static void *open_later(void *arg)
{
    opener *o = arg;
    usleep((useconds_t)(o->after / 1000));
    board_open(o->b, o->id);
    return NULL;
}

static void test_runtime_shutdown_cancels_queued_and_waits_for_running(void **state)
{
    (void)state;
    ac_runtime_builder bl = ac_runtime_builder_new();
    bl.workers = 1;
    bl.max_blocking_threads = 1;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&bl, &rt), 0);
    board b;
    board_init(&b);
    gated g0 = {.b = &b, .id = 0}, g1 = {.b = &b, .id = 1};
    await_gated t0 = {.base = {&await_gated_vtable}, .g = &g0};
    ac_join_handle h0 = AC_RUNTIME_SPAWN(rt, t0);
    board_wait_started(&b, 1); /* job 0 runs on the only blocking thread */
    ac_blocking queued = ac_blocking_pool_spawn(ac_runtime_blocking_pool(rt), gated_job, &g1, gated_discard);
    ac_blocking_stats st;
    ac_blocking_pool_stats(ac_runtime_blocking_pool(rt), &st);
    assert_int_equal(st.queued, 1);

    /* job 0 finishes 100 ms into a 3 s deadline */
    opener o = {.b = &b, .id = 0, .after = AC_MSEC(100)};
    pthread_t th;
    pthread_create(&th, NULL, open_later, &o);
    ac_nanos t = ac_monotonic_now();
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(3)), 0);
    ac_nanos took = ac_monotonic_now() - t;
    pthread_join(th, NULL);
    assert_true(took < AC_SEC(3));
    assert_true(took >= AC_MSEC(90)); /* it did wait for the running job */
    ac_blocking_result r = await_here(&queued);
    assert_int_equal(r.err, -ECANCELED); /* the queued job's future resolves as cancelled */
    assert_null(r.value);
    assert_false(b.ran[1]);
    assert_int_equal(b.discards, 2); /* job 1 (never ran) and job 0 (its task was dropped) */
    assert_int_equal(b.discards_ran, 1);
    assert_true(ac_join_is_finished(&h0));
    assert_true(ac_join_was_aborted(&h0));
    ac_join_release(&h0);
    /* after shutdown: refused at once, arg handed to discard */
    gated g2 = {.b = &b, .id = 2};
    ac_blocking late = ac_blocking_pool_spawn(ac_runtime_blocking_pool(rt), gated_job, &g2, gated_discard);
    assert_int_equal(await_here(&late).err, -ECANCELED);
    assert_int_equal(b.discards, 3);
    ac_runtime_free(rt);
    board_destroy(&b);
}

static void test_a_runtime_that_never_used_its_pool_refuses_jobs_after_shutdown(void **state)
{
    (void)state;
    ac_runtime_builder bl = ac_runtime_builder_new();
    bl.workers = 1;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&bl, &rt), 0);
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    board b;
    board_init(&b);
    gated g = {.b = &b, .id = 0};
    ac_blocking late = ac_blocking_pool_spawn(ac_runtime_blocking_pool(rt), gated_job, &g, gated_discard);
    assert_int_equal(await_here(&late).err, -ECANCELED); /* not run on a pool nobody would shut down */
    assert_false(b.ran[0]);
    assert_int_equal(b.discards, 1);
    ac_runtime_free(rt);
    board_destroy(&b);
}

static void test_shutdown_deadline_passes_while_a_job_runs(void **state)
{
    (void)state;
    ac_blocking_pool *p = NULL;
    assert_int_equal(ac_blocking_pool_new(2, AC_SEC(10), &p), 0);
    board b;
    board_init(&b);
    gated g = {.b = &b, .id = 0};
    ac_blocking f = ac_blocking_pool_spawn(p, gated_job, &g, gated_discard);
    board_wait_started(&b, 1);
    ac_nanos t = ac_monotonic_now();
    assert_int_equal(ac_blocking_pool_shutdown(p, AC_MSEC(30)), -ETIMEDOUT);
    assert_true(ac_monotonic_now() - t < AC_SEC(2));
    board_open(&b, 0);
    assert_int_equal(ac_blocking_pool_shutdown(p, AC_SEC(5)), 0);
    ac_blocking_result r = await_here(&f); /* a job that started still delivers */
    assert_int_equal(r.err, 0);
    assert_int_equal(*(int *)r.value, 0);
    free(r.value);
    ac_blocking_pool_free(p);
    board_destroy(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_come_back_on_the_executor),
        cmocka_unit_test(test_results_come_back_on_the_runtime),
        cmocka_unit_test(test_cap_holds_and_the_queue_starts_in_fifo_order),
        cmocka_unit_test(test_threads_are_reused),
        cmocka_unit_test(test_keep_alive_retires_idle_threads),
        cmocka_unit_test(test_drop_before_run_never_runs_the_job),
        cmocka_unit_test(test_drop_while_running_discards_the_result),
        cmocka_unit_test(test_runtime_shutdown_cancels_queued_and_waits_for_running),
        cmocka_unit_test(test_a_runtime_that_never_used_its_pool_refuses_jobs_after_shutdown),
        cmocka_unit_test(test_shutdown_deadline_passes_while_a_job_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
