/*
 * test_runtime.c - the multi-threaded runtime: many tasks, wakes across
 * workers and from plain threads (no lost wake-up), join and abort across
 * threads, shutdown with work pending everywhere, and the missing drivers.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ac/runtime.h"
#include "ac/sleep.h"
#include "chan_util.h"
#include "runtime_stats.h"

static ac_runtime *build(unsigned workers, unsigned ring)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    b.local_queue_capacity = ring;
    b.thread_name = "rt";
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_non_null(rt);
    return rt;
}

/* A task's joiner is woken a moment before its worker unlinks it from the
 * live list: wait (bounded) for the count to reach 0. */
static void expect_no_live_tasks(ac_runtime *rt)
{
    ac_nanos until = ac_monotonic_now() + AC_SEC(5);
    while (ac_runtime_live_tasks(rt) != 0 && ac_monotonic_now() < until)
        sched_yield();
    assert_int_equal(ac_runtime_live_tasks(rt), 0);
}

/* ---- futures for the tests ------------------------------------------------ */

/* Ready at once; counts its runs and which worker ran it. */
typedef struct bump_fut {
    ac_future base;
    _Atomic int *count;
    _Atomic int *per_worker;
} bump_fut;
static ac_poll bump_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    bump_fut *f = (bump_fut *)self;
    atomic_fetch_add(f->count, 1);
    int w = ac_runtime_worker_index();
    assert_true(w >= 0);
    if (f->per_worker != NULL)
        atomic_fetch_add(&f->per_worker[w], 1);
    return AC_READY;
}
static const ac_future_vtable bump_vtable = {.name = "bump", .poll = bump_poll};

/* Awaits n join handles in order, releasing each. */
typedef struct join_all_fut {
    ac_future base;
    ac_join_handle *h;
    size_t n, next;
} join_all_fut;
static ac_poll join_all_poll(ac_future *self, ac_context *cx)
{
    join_all_fut *f = (join_all_fut *)self;
    while (f->next < f->n) {
        if (ac_future_poll(&f->h[f->next].base, cx) == AC_PENDING)
            return AC_PENDING;
        ac_join_release(&f->h[f->next++]);
    }
    return AC_READY;
}
static const ac_future_vtable join_all_vtable = {.name = "join_all", .poll = join_all_poll};

/* Spawns n bump tasks from inside a task, then joins them. */
typedef struct spawner_fut {
    ac_future base;
    join_all_fut all;
    _Atomic int *count;
    bool spawned;
} spawner_fut;
static ac_poll spawner_poll(ac_future *self, ac_context *cx)
{
    spawner_fut *f = (spawner_fut *)self;
    if (!f->spawned) {
        f->spawned = true;
        for (size_t i = 0; i < f->all.n; i++) {
            bump_fut b = {.base = {&bump_vtable}, .count = f->count};
            f->all.h[i] = AC_RUNTIME_SPAWN(ac_runtime_current(), b);
            assert_non_null(f->all.h[i].task);
        }
    }
    return ac_future_poll(&f->all.base, cx);
}
static const ac_future_vtable spawner_vtable = {.name = "spawner", .poll = spawner_poll};

/* A one-bit mailbox with a waker, safe from any thread. */
typedef struct signal_box {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* for a plain thread waiting on it */
    bool set;
    ac_waker waker; /* .vtable NULL: none */
} signal_box;
static void box_init(signal_box *b)
{
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->cond, NULL);
    b->set = false;
    b->waker = (ac_waker){0};
}
static void box_destroy(signal_box *b)
{
    if (b->waker.vtable != NULL)
        ac_waker_drop(&b->waker);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->cond);
}
static void box_fire(signal_box *b)
{
    pthread_mutex_lock(&b->lock);
    b->set = true;
    ac_waker w = b->waker;
    b->waker = (ac_waker){0};
    pthread_cond_signal(&b->cond);
    pthread_mutex_unlock(&b->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
}
static ac_poll box_poll(signal_box *b, ac_context *cx)
{
    pthread_mutex_lock(&b->lock);
    if (b->set) {
        b->set = false;
        pthread_mutex_unlock(&b->lock);
        return AC_READY;
    }
    if (b->waker.vtable != NULL)
        ac_waker_drop(&b->waker);
    b->waker = ac_waker_clone(cx->waker);
    pthread_mutex_unlock(&b->lock);
    return AC_PENDING;
}
static void box_wait_thread(signal_box *b)
{
    pthread_mutex_lock(&b->lock);
    while (!b->set)
        pthread_cond_wait(&b->cond, &b->lock);
    b->set = false;
    pthread_mutex_unlock(&b->lock);
}

/* One side of a ping-pong: (serve) wait for `in`, fire `out`; or (lead)
 * fire `out`, wait for `in`; `rounds` times. */
typedef struct pinger_fut {
    ac_future base;
    signal_box *in, *out;
    long rounds, done;
    bool lead, fired;
} pinger_fut;
static ac_poll pinger_poll(ac_future *self, ac_context *cx)
{
    pinger_fut *f = (pinger_fut *)self;
    while (f->done < f->rounds) {
        if (f->lead && !f->fired) {
            f->fired = true;
            box_fire(f->out);
        }
        if (box_poll(f->in, cx) == AC_PENDING)
            return AC_PENDING;
        if (!f->lead)
            box_fire(f->out);
        f->fired = false;
        f->done++;
    }
    return AC_READY;
}
static const ac_future_vtable pinger_vtable = {
    .name = "pinger", .poll = pinger_poll, AC_OUTPUT(pinger_fut, done)};

/* Pending forever, or (spin) always woken again; counts its drops. */
typedef struct stuck_fut {
    ac_future base;
    _Atomic int *drops;
    bool spin;
} stuck_fut;
static ac_poll stuck_poll(ac_future *self, ac_context *cx)
{
    if (((stuck_fut *)self)->spin)
        ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
static void stuck_drop(ac_future *self) { atomic_fetch_add(((stuck_fut *)self)->drops, 1); }
static const ac_future_vtable stuck_vtable = {.name = "stuck", .poll = stuck_poll, .drop = stuck_drop};

/* ---- tests ------------------------------------------------------------------ */

static void test_build_refuses_bad_rings_and_starts_drivers(void **state)
{
    (void)state;
    ac_runtime *rt = (ac_runtime *)1;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.local_queue_capacity = 100;
    assert_int_equal(ac_runtime_build(&b, &rt), -EINVAL);
    assert_null(rt);
    b = ac_runtime_builder_new();
    b.workers = 2;
    b.enable_io = true;
    b.enable_time = true;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_non_null(ac_runtime_clock(rt));
    ac_runtime_free(rt);
    b = ac_runtime_builder_new(); /* workers: the CPU count */
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_int_equal(ac_runtime_workers(rt), (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
    ac_runtime_free(rt);
}

#define MANY 10000

static void test_ten_thousand_tasks_from_outside_all_complete(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 0);
    _Atomic int count = 0;
    _Atomic int per_worker[2] = {0};
    ac_join_handle *h = calloc(MANY, sizeof *h);
    for (size_t i = 0; i < MANY; i++) {
        bump_fut b = {.base = {&bump_vtable}, .count = &count, .per_worker = per_worker};
        h[i] = AC_RUNTIME_SPAWN(rt, b);
        assert_non_null(h[i].task);
    }
    join_all_fut all = {.base = {&join_all_vtable}, .h = h, .n = MANY};
    ac_runtime_block_on(rt, &all.base);
    assert_int_equal(atomic_load(&count), MANY);
    assert_int_equal(atomic_load(&per_worker[0]) + atomic_load(&per_worker[1]), MANY);
    expect_no_live_tasks(rt);
    ac_worker_stats s = total_stats(rt);
    assert_true(s.polls >= MANY);
    assert_true(s.injector_pops >= 1); /* spawned from outside: through the injector */
    free(h);
    ac_runtime_free(rt);
}

static void test_ten_thousand_tasks_from_a_task_overflow_the_ring(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 16); /* a 16-slot ring: spawning 10,000 overflows it */
    _Atomic int count = 0;
    ac_join_handle *h = calloc(MANY, sizeof *h);
    spawner_fut sp = {
        .base = {&spawner_vtable}, .all = {.base = {&join_all_vtable}, .h = h, .n = MANY}, .count = &count};
    ac_join_handle root = AC_RUNTIME_SPAWN(rt, sp);
    ac_runtime_block_on(rt, &root.base);
    assert_true(ac_join_is_finished(&root));
    assert_false(ac_join_was_aborted(&root));
    ac_join_release(&root);
    assert_int_equal(atomic_load(&count), MANY);
    ac_worker_stats s = total_stats(rt);
    assert_true(s.overflows >= 1);
    assert_true(s.injector_pops >= 1);
    expect_no_live_tasks(rt);
    free(h);
    ac_runtime_free(rt);
}

/* Four plain threads spawn at once through the same runtime pointer. */
typedef struct spawn_thread_args {
    ac_runtime *rt;
    _Atomic int *count;
} spawn_thread_args;
static void *spawn_from_thread(void *arg)
{
    spawn_thread_args *a = arg;
    for (int i = 0; i < MANY / 4; i++) {
        bump_fut b = {.base = {&bump_vtable}, .count = a->count};
        ac_join_handle h = AC_RUNTIME_SPAWN(a->rt, b);
        assert_non_null(h.task);
        ac_join_release(&h); /* detached: it still runs */
    }
    return NULL;
}

static void test_spawn_from_four_threads_at_once(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 0);
    _Atomic int count = 0;
    spawn_thread_args a = {rt, &count};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, spawn_from_thread, &a), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    expect_no_live_tasks(rt);
    assert_int_equal(atomic_load(&count), MANY);
    ac_runtime_free(rt);
}

#define PINGS SCALE(100000)

/* A lost wake-up hangs the ping-pongs: SIGALRM (default action: the test
 * dies) bounds each to 20 s, well inside CTest's timeout. */
#define LOST_WAKE_WATCHDOG_S 20

static void test_ping_pong_between_tasks_loses_no_wake(void **state)
{
    (void)state;
    alarm(LOST_WAKE_WATCHDOG_S);
    ac_runtime *rt = build(2, 0);
    signal_box a, b;
    box_init(&a);
    box_init(&b);
    pinger_fut lead = {.base = {&pinger_vtable}, .in = &b, .out = &a, .rounds = PINGS, .lead = true};
    pinger_fut serve = {.base = {&pinger_vtable}, .in = &a, .out = &b, .rounds = PINGS};
    ac_join_handle hs = AC_RUNTIME_SPAWN(rt, serve);
    ac_join_handle hl = AC_RUNTIME_SPAWN(rt, lead);
    ac_runtime_block_on(rt, &hl.base);
    ac_runtime_block_on(rt, &hs.base);
    long led = 0, served = 0;
    assert_true(ac_join_take(&hl, &led, sizeof led));
    assert_true(ac_join_take(&hs, &served, sizeof served));
    assert_int_equal(led, PINGS);
    assert_int_equal(served, PINGS);
    ac_worker_stats s = total_stats(rt);
    assert_true(s.lifo_hits >= 1); /* the woken partner ran next, from the LIFO slot */
    ac_runtime_free(rt);
    box_destroy(&a);
    box_destroy(&b);
    alarm(0);
}

#define THREAD_PINGS SCALE(20000)

static void *thread_side(void *arg)
{
    signal_box **boxes = arg; /* [0]: we wait on it, [1]: we fire it */
    for (long i = 0; i < THREAD_PINGS; i++) {
        box_wait_thread(boxes[0]);
        box_fire(boxes[1]);
    }
    return NULL;
}

/* Every round trip goes through a plain thread, so between two rounds the
 * workers run dry and park: each wake must reach a sleeper. */
static void test_ping_pong_with_a_plain_thread_wakes_parked_workers(void **state)
{
    (void)state;
    alarm(LOST_WAKE_WATCHDOG_S);
    ac_runtime *rt = build(2, 0);
    signal_box to_thread, to_task;
    box_init(&to_thread);
    box_init(&to_task);
    pinger_fut lead = {
        .base = {&pinger_vtable}, .in = &to_task, .out = &to_thread, .rounds = THREAD_PINGS, .lead = true};
    pthread_t th;
    signal_box *boxes[2] = {&to_thread, &to_task};
    assert_int_equal(pthread_create(&th, NULL, thread_side, boxes), 0);
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, lead);
    ac_runtime_block_on(rt, &h.base);
    pthread_join(th, NULL);
    long rounds = 0;
    assert_true(ac_join_take(&h, &rounds, sizeof rounds));
    assert_int_equal(rounds, THREAD_PINGS);
    ac_worker_stats s = total_stats(rt);
    assert_true(s.parks >= 1);
    assert_true(s.injector_pops >= 1); /* the thread's wakes of an idle task come through the injector */
    ac_runtime_free(rt);
    box_destroy(&to_thread);
    box_destroy(&to_task);
    alarm(0);
}

typedef struct abort_args {
    ac_join_handle *h;
} abort_args;
static void *abort_from_thread(void *arg)
{
    ac_join_abort(((abort_args *)arg)->h);
    return NULL;
}

static void test_join_and_abort_across_threads(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 0);
    _Atomic int drops = 0;
    stuck_fut st = {.base = {&stuck_vtable}, .drops = &drops};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, st);
    pthread_t th;
    abort_args args = {&h};
    assert_int_equal(pthread_create(&th, NULL, abort_from_thread, &args), 0);
    ac_runtime_block_on(rt, &h.base); /* the joiner is this thread, the abort another */
    pthread_join(th, NULL);
    assert_true(ac_join_is_finished(&h));
    assert_true(ac_join_was_aborted(&h));
    assert_null(ac_join_output(&h));
    assert_int_equal(atomic_load(&drops), 1);
    ac_join_release(&h);
    expect_no_live_tasks(rt);
    ac_runtime_free(rt);
}

#define PENDING_TASKS 1000

static void test_shutdown_drops_tasks_pending_on_every_worker(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 64);
    _Atomic int drops = 0;
    ac_join_handle kept[4];
    for (int i = 0; i < PENDING_TASKS; i++) {
        /* half never ready (idle), half always runnable (in some queue) */
        stuck_fut st = {.base = {&stuck_vtable}, .drops = &drops, .spin = i % 2};
        ac_join_handle h = AC_RUNTIME_SPAWN(rt, st);
        assert_non_null(h.task);
        if (i < 4)
            kept[i] = h;
        else
            ac_join_release(&h);
    }
    /* wait until both workers polled something */
    for (;;) {
        ac_worker_stats s0, s1;
        ac_runtime_worker_stats(rt, 0, &s0);
        ac_runtime_worker_stats(rt, 1, &s1);
        if (s0.polls > 0 && s1.polls > 0)
            break;
        sched_yield();
    }
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    assert_int_equal(atomic_load(&drops), PENDING_TASKS);
    assert_int_equal(ac_runtime_live_tasks(rt), 0);
    for (int i = 0; i < 4; i++) {
        assert_true(ac_join_was_aborted(&kept[i]));
        ac_join_release(&kept[i]);
    }
    stuck_fut late = {.base = {&stuck_vtable}, .drops = &drops};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, late);
    assert_null(h.task); /* no spawn after shutdown; the future was not dropped */
    assert_int_equal(atomic_load(&drops), PENDING_TASKS);
    assert_int_equal(ac_runtime_shutdown(rt, 0), 0); /* again: nothing to do */
    ac_runtime_free(rt);
}

/* Holds its worker until told to let go. */
typedef struct hog_fut {
    ac_future base;
    _Atomic bool *release;
    _Atomic bool *started;
} hog_fut;
static ac_poll hog_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    hog_fut *f = (hog_fut *)self;
    atomic_store(f->started, true);
    while (!atomic_load(f->release))
        sched_yield();
    return AC_READY;
}
static const ac_future_vtable hog_vtable = {.name = "hog", .poll = hog_poll};

static void test_shutdown_deadline_passes_while_a_worker_is_stuck(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 0);
    _Atomic bool release = false, started = false;
    hog_fut hog = {.base = {&hog_vtable}, .release = &release, .started = &started};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, hog);
    ac_join_release(&h);
    while (!atomic_load(&started))
        sched_yield();
    assert_int_equal(ac_runtime_shutdown(rt, AC_MSEC(50)), -ETIMEDOUT);
    atomic_store(&release, true);
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    assert_int_equal(ac_runtime_live_tasks(rt), 0);
    ac_runtime_free(rt);
}

/* Reads its thread's name. */
typedef struct name_fut {
    ac_future base;
    char name[16];
} name_fut;
static ac_poll name_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    pthread_getname_np(pthread_self(), ((name_fut *)self)->name, sizeof((name_fut *)self)->name);
    return AC_READY;
}
static const ac_future_vtable name_vtable = {.name = "name", .poll = name_poll, AC_OUTPUT(name_fut, name)};

static void test_workers_carry_the_builders_thread_name(void **state)
{
    (void)state;
    ac_runtime *rt = build(2, 0);
    name_fut nf = {.base = {&name_vtable}};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, nf);
    ac_runtime_block_on(rt, &h.base);
    char got[16] = {0};
    assert_true(ac_join_take(&h, got, sizeof got));
    assert_true(strcmp(got, "rt-0") == 0 || strcmp(got, "rt-1") == 0);
    ac_runtime_free(rt);
}

/* Start and stop hooks: once per worker each, on that worker's thread. */
typedef struct hook_counts {
    _Atomic int starts, stops;
    _Atomic int on_worker; /* hooks that saw themselves on the right worker */
} hook_counts;
static void count_start(void *user, unsigned worker)
{
    hook_counts *c = user;
    atomic_fetch_add(&c->starts, 1);
    if (ac_runtime_worker_index() == (int)worker)
        atomic_fetch_add(&c->on_worker, 1);
}
static void count_stop(void *user, unsigned worker)
{
    hook_counts *c = user;
    atomic_fetch_add(&c->stops, 1);
    if (ac_runtime_worker_index() == (int)worker)
        atomic_fetch_add(&c->on_worker, 1);
}

static void test_start_and_stop_hooks_run_once_per_worker(void **state)
{
    (void)state;
    hook_counts c = {0};
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 3;
    b.on_thread_start = count_start;
    b.on_thread_stop = count_stop;
    b.hook_user = &c;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    assert_int_equal(atomic_load(&c.starts), 3);
    assert_int_equal(atomic_load(&c.stops), 3);
    assert_int_equal(atomic_load(&c.on_worker), 6);
    ac_runtime_free(rt);
}

/* A sleep polled on a worker: a clear abort that names the time driver. */
typedef struct sleeper_fut {
    ac_future base;
    ac_sleep s;
} sleeper_fut;
static ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    return ac_future_poll(&((sleeper_fut *)self)->s.base, cx);
}
static const ac_future_vtable sleeper_vtable = {.name = "sleeper", .poll = sleeper_poll};

static void test_a_timer_on_a_worker_names_the_missing_time_driver(void **state)
{
    (void)state;
    /* the same future is fine on the single-threaded executor */
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    sleeper_fut ok = {.base = {&sleeper_vtable}, .s = ac_sleep_for(0)};
    ac_block_on(&ex, &ok.base);
    ac_executor_close(&ex);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        ac_runtime *rt = build(1, 0);
        sleeper_fut sf = {.base = {&sleeper_vtable}, .s = ac_sleep_for(AC_MSEC(1))};
        ac_join_handle h = AC_RUNTIME_SPAWN(rt, sf);
        ac_runtime_block_on(rt, &h.base);
        _exit(0); /* not reached if the sleep aborts */
    }
    close(fds[1]);
    char buf[512] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, "no time driver"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_refuses_bad_rings_and_starts_drivers),
        cmocka_unit_test(test_ten_thousand_tasks_from_outside_all_complete),
        cmocka_unit_test(test_ten_thousand_tasks_from_a_task_overflow_the_ring),
        cmocka_unit_test(test_spawn_from_four_threads_at_once),
        cmocka_unit_test(test_ping_pong_between_tasks_loses_no_wake),
        cmocka_unit_test(test_ping_pong_with_a_plain_thread_wakes_parked_workers),
        cmocka_unit_test(test_join_and_abort_across_threads),
        cmocka_unit_test(test_shutdown_drops_tasks_pending_on_every_worker),
        cmocka_unit_test(test_shutdown_deadline_passes_while_a_worker_is_stuck),
        cmocka_unit_test(test_workers_carry_the_builders_thread_name),
        cmocka_unit_test(test_start_and_stop_hooks_run_once_per_worker),
        cmocka_unit_test(test_a_timer_on_a_worker_names_the_missing_time_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
