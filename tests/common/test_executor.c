/*
 * Unit tests for the executor: block_on, join handles awaited by other
 * tasks, run-until-idle, fairness checks, yield, and parking.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "executor_internal.h" /* the budget: tests spend it as I/O does */

/* A child that yields `rounds` times then outputs `value`. */
typedef struct child {
    ac_future base;
    ac_coro co;
    int rounds, value, output;
} child;

static ac_poll child_poll(ac_future *self, ac_context *cx)
{
    child *c = (child *)self;
    AC_BEGIN(&c->co);
    while (c->rounds-- > 0)
        AC_YIELD(&c->co, cx);
    c->output = c->value;
    AC_END(&c->co);
}
static const ac_future_vtable child_vtable = {.name = "child", .poll = child_poll, AC_OUTPUT(child, output)};
static child make_child(int rounds, int value)
{
    return (child){.base = {&child_vtable}, .rounds = rounds, .value = value};
}

/* A parent that spawns three children and sums their outputs. */
typedef struct parent {
    ac_future base;
    ac_coro co;
    ac_join_handle handles[3];
    int i, sum;
} parent;

static ac_poll parent_poll(ac_future *self, ac_context *cx)
{
    parent *p = (parent *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < 3; p->i++) {
        child c = make_child(3 - p->i, 10 * (p->i + 1));
        p->handles[p->i] = AC_SPAWN(ac_executor_current(), c);
    }
    for (p->i = 0; p->i < 3; p->i++) {
        AC_AWAIT(&p->co, cx, &p->handles[p->i].base);
        int out = 0;
        assert_true(ac_join_take(&p->handles[p->i], &out, sizeof out));
        p->sum += out;
    }
    AC_END(&p->co);
}
static const ac_future_vtable parent_vtable = {.name = "parent", .poll = parent_poll, AC_OUTPUT(parent, sum)};

static void test_block_on_awaits_join_handles_of_spawned_tasks(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    parent p = {.base = {&parent_vtable}};
    ac_block_on(&ex, &p.base);
    assert_int_equal(p.sum, 60);
    assert_int_equal(ac_executor_live_tasks(&ex), 0);
    ac_executor_close(&ex);
}

static void test_spawned_parent_awaits_children(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    parent p = {.base = {&parent_vtable}};
    ac_join_handle h = AC_SPAWN(&ex, p);
    ac_executor_run(&ex);
    int sum = 0;
    assert_true(ac_join_take(&h, &sum, sizeof sum));
    assert_int_equal(sum, 60);
    assert_int_equal(ex.stats.spawned, 4);
    assert_int_equal(ex.stats.completed, 4);
    ac_executor_close(&ex);
}

static void test_yield_lets_others_run_in_between(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    /* a yields 5 times, b is ready at once: b must finish before a's 2nd poll */
    child a = make_child(5, 1), b = make_child(0, 2);
    ac_join_handle ha = AC_SPAWN(&ex, a), hb = AC_SPAWN(&ex, b);
    ac_executor_run_until_idle(&ex);
    assert_true(ac_join_is_finished(&hb));
    assert_true(ac_join_is_finished(&ha));
    /* a: 6 polls, b: 1 poll */
    assert_int_equal(ex.stats.polls, 7);
    ac_join_release(&ha);
    ac_join_release(&hb);
    ac_executor_close(&ex);
}

static void test_busy_tasks_still_let_the_driver_look_every_interval(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ex.event_interval = 10;
    child busy = make_child(1000, 0);
    ac_join_handle h = AC_SPAWN(&ex, busy);
    ac_executor_run(&ex);
    /* 1001 polls with a look at the driver every 10: about 100 looks */
    assert_int_equal(ex.stats.polls, 1001);
    assert_true(ex.stats.driver_checks >= 100);
    assert_int_equal(ex.stats.parks, 0); /* always runnable: never blocked */
    ac_join_release(&h);
    ac_executor_close(&ex);
}

/* A driver that counts its parks; the first one wakes `to_wake` (if set). */
typedef struct counting_driver {
    ac_driver base;
    int parks;
    ac_waker to_wake; /* woken by the first park: a pretend I/O event */
} counting_driver;

static void counting_park(ac_driver *self, ac_executor *ex, ac_nanos timeout)
{
    (void)ex;
    (void)timeout;
    counting_driver *d = (counting_driver *)self;
    if (d->parks++ == 0 && d->to_wake.vtable != NULL)
        ac_waker_wake(&d->to_wake);
}

/* A root that wakes itself `rounds` times: it is always runnable, so the
 * executor must never hand the thread to the driver for it. */
typedef struct self_waker {
    ac_future base;
    int rounds;
} self_waker;

static ac_poll self_waker_poll(ac_future *self, ac_context *cx)
{
    self_waker *f = (self_waker *)self;
    if (f->rounds-- == 0)
        return AC_READY;
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable self_waker_vtable = {.name = "self_waker", .poll = self_waker_poll};

static void test_a_woken_root_never_costs_a_driver_call(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    counting_driver d = {.base = {.park = counting_park}};
    ac_executor_set_driver(&ex, &d.base);
    self_waker root = {.base = {&self_waker_vtable}, .rounds = 20}; /* fewer than event_interval */
    ac_block_on(&ex, &root.base);
    assert_int_equal(root.rounds, -1);
    assert_int_equal(d.parks, 0);
    assert_int_equal(ex.stats.parks, 0);
    ac_executor_close(&ex);
}

/* Pending once; its waker goes to the driver, whose park wakes it. */
typedef struct waits_for_driver {
    ac_future base;
    counting_driver *driver;
    bool waited;
} waits_for_driver;

static ac_poll waits_for_driver_poll(ac_future *self, ac_context *cx)
{
    waits_for_driver *f = (waits_for_driver *)self;
    if (f->waited)
        return AC_READY;
    f->waited = true;
    f->driver->to_wake = ac_waker_clone(cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable waits_for_driver_vtable = {.name = "waits_for_driver",
                                                         .poll = waits_for_driver_poll};

/* A root that keeps a clone of its waker and is done at once. */
typedef struct keeps_waker {
    ac_future base;
    ac_waker kept;
} keeps_waker;

static ac_poll keeps_waker_poll(ac_future *self, ac_context *cx)
{
    ((keeps_waker *)self)->kept = ac_waker_clone(cx->waker);
    return AC_READY;
}
static const ac_future_vtable keeps_waker_vtable = {.name = "keeps_waker", .poll = keeps_waker_poll};

/* A root waker kept past its block_on and woken later must not make a
 * later run spin: the run clears the stale wake and parks as usual. */
static void test_a_stale_root_wake_does_not_keep_run_from_parking(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    counting_driver d = {.base = {.park = counting_park}};
    ac_executor_set_driver(&ex, &d.base);
    keeps_waker root = {.base = {&keeps_waker_vtable}};
    ac_block_on(&ex, &root.base);
    ac_waker_wake(&root.kept); /* too late: that block_on is over */
    waits_for_driver task = {.base = {&waits_for_driver_vtable}, .driver = &d};
    ac_join_handle h = AC_SPAWN(&ex, task);
    ac_executor_run(&ex);
    assert_true(ac_join_is_finished(&h));
    assert_int_equal(d.parks, 1); /* one real park, which woke the task */
    assert_int_equal(atomic_load(&ex.pending), 0);
    ac_join_release(&h);
    ac_executor_close(&ex);
}

/* ---- defer: a task that gave up its turn waits for the driver -------- */

/* A driver standing for a socket that is always readable: every look
 * (blocking or not) wakes the reader waiting on it, if there is one. */
typedef struct ready_io_driver {
    ac_driver base;
    int looks;
    ac_waker reader; /* vtable NULL while nobody waits */
} ready_io_driver;

static void ready_io_park(ac_driver *self, ac_executor *ex, ac_nanos timeout)
{
    (void)ex;
    (void)timeout;
    ready_io_driver *d = (ready_io_driver *)self;
    d->looks++;
    if (d->reader.vtable != NULL) {
        ac_waker w = d->reader;
        d->reader = (ac_waker){0};
        ac_waker_wake(&w);
    }
}

/* The reader: Pending with its waker at the driver until `*stop`. */
typedef struct io_reader {
    ac_future base;
    ready_io_driver *driver;
    const bool *stop;
    int polls;
} io_reader;

static ac_poll io_reader_poll(ac_future *self, ac_context *cx)
{
    io_reader *r = (io_reader *)self;
    r->polls++;
    if (*r->stop)
        return AC_READY;
    r->driver->reader = ac_waker_clone(cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable io_reader_vtable = {.name = "io_reader", .poll = io_reader_poll};

/* The busy one: `rounds` polls, each giving up its turn, either by
 * spending its whole I/O budget (a socket that never runs dry) or with
 * ac_yield_now.  Each poll notes whether the driver looked, and the
 * reader ran, since its previous poll. */
typedef struct turn_giver {
    ac_future base;
    ready_io_driver *driver;
    const io_reader *reader;
    bool use_yield_now;
    ac_yield nap;
    int polls, rounds;
    int looks_then, reader_polls_then; /* at the previous poll */
    int polls_without_a_look, polls_without_the_reader;
    unsigned long spent;
    bool *done; /* set when it is Ready: the reader stops then */
} turn_giver;

static ac_poll turn_giver_poll(ac_future *self, ac_context *cx)
{
    turn_giver *g = (turn_giver *)self;
    if (g->polls > 0) {
        g->polls_without_a_look += g->driver->looks == g->looks_then;
        g->polls_without_the_reader += g->reader->polls == g->reader_polls_then;
    }
    g->looks_then = g->driver->looks;
    g->reader_polls_then = g->reader->polls;
    if (g->polls++ == g->rounds) {
        *g->done = true;
        return AC_READY;
    }
    if (g->use_yield_now) {
        g->nap = ac_yield_now();
        assert_int_equal(ac_future_poll(&g->nap.base, cx), AC_PENDING);
        return AC_PENDING;
    }
    while (ac__coop_spend_or_yield(cx)) /* "read" until the budget is gone */
        g->spent++;
    return AC_PENDING;
}
static const ac_future_vtable turn_giver_vtable = {.name = "turn_giver", .poll = turn_giver_poll};

/* Run a turn giver (as a task, or as block_on's root) beside a reader
 * whose I/O is always ready; check the deferral held on every poll. */
static void check_turns_wait_for_the_driver(bool use_yield_now, bool as_root)
{
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ready_io_driver d = {.base = {.park = ready_io_park}};
    ac_executor_set_driver(&ex, &d.base);
    bool giver_done = false;
    io_reader r = {.base = {&io_reader_vtable}, .driver = &d, .stop = &giver_done};
    ac_join_handle rh = AC_SPAWN(&ex, r);
    turn_giver g = {.base = {&turn_giver_vtable},
                    .driver = &d,
                    .reader = (const io_reader *)ac_task_future(rh.task),
                    .use_yield_now = use_yield_now,
                    .rounds = 200,
                    .done = &giver_done};
    ac_join_handle gh = {0};
    if (as_root) {
        ac_block_on(&ex, &g.base);
        ac_executor_run(&ex); /* the reader finishes at the next look */
    } else {
        gh = AC_SPAWN(&ex, g); /* the task holds its own copy: results are read there */
        ac_executor_run(&ex);
    }
    const turn_giver *res = as_root ? &g : (const turn_giver *)ac_task_future(gh.task);
    assert_int_equal(res->polls, 201);
    /* never twice between two driver looks, and the reader, whose I/O is
     * ready at every look, always got in between */
    assert_int_equal(res->polls_without_a_look, 0);
    assert_int_equal(res->polls_without_the_reader, 0);
    if (!use_yield_now)
        assert_int_equal(res->spent, 200ul * AC_IO_BUDGET);
    assert_true(ac_join_is_finished(&rh));
    ac_join_release(&rh);
    if (!as_root)
        ac_join_release(&gh);
    ac_executor_close(&ex);
}

static void test_a_task_out_of_budget_never_runs_twice_between_driver_looks(void **state)
{
    (void)state;
    check_turns_wait_for_the_driver(false, false);
}

static void test_a_task_that_yields_now_waits_for_the_driver_too(void **state)
{
    (void)state;
    check_turns_wait_for_the_driver(true, false);
}

static void test_a_root_out_of_budget_waits_for_the_driver_too(void **state)
{
    (void)state;
    check_turns_wait_for_the_driver(false, true);
}

/* The budget is per poll: yield_now outside any runtime changes nothing,
 * so a future polled by hand afterwards still has an unlimited budget. */
static void test_yield_now_polled_by_hand_leaves_the_budget_unlimited(void **state)
{
    (void)state;
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    assert_true(ac__coop_spend_or_yield(&cx)); /* some hand-polled I/O first */
    ac_yield y = ac_yield_now();
    assert_int_equal(ac_future_poll(&y.base, &cx), AC_PENDING);
    for (int i = 0; i < 2 * AC_IO_BUDGET; i++)
        assert_true(ac__coop_spend_or_yield(&cx));
    ac__coop_budget = AC__COOP_UNLIMITED; /* as it was for the other tests */
}

/* A future woken from another thread after the executor parked. */
typedef struct remote {
    ac_future base;
    bool started;
    _Atomic bool done;
    ac_waker waker;
    pthread_t thread;
} remote;

static void *remote_thread(void *p)
{
    remote *r = p;
    atomic_store(&r->done, true);
    ac_waker_wake(&r->waker);
    return NULL;
}

static ac_poll remote_poll(ac_future *self, ac_context *cx)
{
    remote *r = (remote *)self;
    if (!r->started) {
        r->started = true;
        r->waker = ac_waker_clone(cx->waker);
        pthread_create(&r->thread, NULL, remote_thread, r);
    }
    return atomic_load(&r->done) ? AC_READY : AC_PENDING;
}
static const ac_future_vtable remote_vtable = {.name = "remote", .poll = remote_poll};

static void test_task_woken_from_another_thread_wakes_parked_executor(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    static remote r;
    r = (remote){.base = {&remote_vtable}};
    ac_join_handle h = AC_SPAWN(&ex, r);
    ac_executor_run(&ex); /* would block forever if the remote wake were lost */
    assert_true(ac_join_is_finished(&h));
    remote *in_task = (remote *)ac_task_future(h.task);
    pthread_join(in_task->thread, NULL);
    ac_join_release(&h);
    ac_executor_close(&ex);
}

static void test_block_on_root_woken_from_another_thread(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    static remote r;
    r = (remote){.base = {&remote_vtable}};
    ac_block_on(&ex, &r.base);
    assert_true(atomic_load(&r.done));
    pthread_join(r.thread, NULL);
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_on_awaits_join_handles_of_spawned_tasks),
        cmocka_unit_test(test_spawned_parent_awaits_children),
        cmocka_unit_test(test_yield_lets_others_run_in_between),
        cmocka_unit_test(test_busy_tasks_still_let_the_driver_look_every_interval),
        cmocka_unit_test(test_a_woken_root_never_costs_a_driver_call),
        cmocka_unit_test(test_a_stale_root_wake_does_not_keep_run_from_parking),
        cmocka_unit_test(test_a_task_out_of_budget_never_runs_twice_between_driver_looks),
        cmocka_unit_test(test_a_task_that_yields_now_waits_for_the_driver_too),
        cmocka_unit_test(test_a_root_out_of_budget_waits_for_the_driver_too),
        cmocka_unit_test(test_yield_now_polled_by_hand_leaves_the_budget_unlimited),
        cmocka_unit_test(test_task_woken_from_another_thread_wakes_parked_executor),
        cmocka_unit_test(test_block_on_root_woken_from_another_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
