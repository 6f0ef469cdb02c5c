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
        cmocka_unit_test(test_task_woken_from_another_thread_wakes_parked_executor),
        cmocka_unit_test(test_block_on_root_woken_from_another_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
