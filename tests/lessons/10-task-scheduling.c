/*
 * Checks for lesson 10 (task scheduling), one group per exercise.  All of
 * them run on the real executor except exercise 4's, which runs your own
 * mini executor.  No clocks are read: "time" is counted in polls and in
 * units of work, so every number below is exact.
 *
 *   ctest --preset learner -L 10-task-scheduling      all four
 *   ctest --preset learner -R 10-task-scheduling/ex1  just exercise 1
 */
#include "../check.h"
#include "lesson.h"

/* ---- exercise 1: sum_three ------------------------------------------- */

/* Spawned right after the parent, so it runs right after the parent's
 * first poll, and counts the live tasks at that moment. */
typedef struct live_probe {
    ac_future base;
    size_t live_then;
} live_probe;

static ac_poll live_probe_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((live_probe *)self)->live_then = ac_executor_live_tasks(ac_executor_current());
    return AC_READY;
}

static const ac_future_vtable live_probe_vtable = {
    .name = "live_probe", .poll = live_probe_poll, AC_OUTPUT(live_probe, live_then)};

static void sum_three_spawns_and_sums_as_a_task(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    sum_three s = sum_three_new(10, 20, 30);
    ac_join_handle h = AC_SPAWN(&ex, s);
    live_probe probe = {.base = {&live_probe_vtable}};
    ac_join_handle ph = AC_SPAWN(&ex, probe);
    ac_executor_run(&ex);

    /* After the parent's first poll all three jobs exist (parent + probe +
     * 3 jobs): spawn them all before the first await, so they run side by
     * side.  Spawning each one only after the previous finished leaves 3. */
    size_t live_then = 0;
    assert_true(ac_join_take(&ph, &live_then, sizeof live_then));
    assert_int_equal(live_then, 5);

    sum_three *done = task_future_of(&h);
    assert_int_equal(done->output, 60);
    for (int k = 0; k < 3; k++)
        assert_null(done->handles[k].task); /* every job's handle released */
    assert_int_equal(ex.stats.spawned, 5);  /* the parent, its three jobs, the probe */
    assert_int_equal(ex.stats.completed, 5);
    assert_int_equal(ac_executor_live_tasks(&ex), 0);
    /* 6 job turns + 3 job Readys + 4 parent polls (the first, then one per
     * finished job) + 1 probe: more means a missed await or a spurious wake. */
    assert_int_equal(ex.stats.polls, 14);

    int sum = 0;
    assert_true(ac_join_take(&h, &sum, sizeof sum));
    assert_int_equal(sum, 60);
    ac_executor_close(&ex);
}

static void sum_three_works_under_block_on(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    sum_three s = sum_three_new(5, -3, 100);
    ac_block_on(&ex, &s.base); /* the root future: spawns on the executor running it */
    assert_int_equal(s.output, 102);
    assert_int_equal(ex.stats.spawned, 3);
    assert_int_equal(ac_executor_live_tasks(&ex), 0);
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(sum_three_spawns_and_sums_as_a_task),
    cmocka_unit_test(sum_three_works_under_block_on),
};

/* ---- exercise 2: worker ----------------------------------------------- */

static void worker_yields_after_every_n_units(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    worker wk = worker_new("w", 5, 2);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_PENDING);
    assert_int_equal(wk.done, 2);
    assert_int_equal(counts.wakes, 1); /* a yield is Pending with its own wake */
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_PENDING);
    assert_int_equal(wk.done, 4);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_READY);
    assert_int_equal(wk.done, 5);
    assert_int_equal(counts.wakes, 2);
    assert_int_equal(wk.yields, 2);
    assert_int_equal(*(unsigned long *)ac_future_output(&wk.base), 5);
}

static void worker_yields_after_the_last_full_chunk_too(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    worker wk = worker_new("w", 4, 2);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_PENDING);
    assert_int_equal(wk.done, 4);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_READY);
    assert_int_equal(wk.done, 4); /* the last poll only notices it is done */
}

static void worker_with_every_zero_never_yields(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    worker wk = worker_new("hog", 1000, 0);
    assert_int_equal(ac_future_poll(&wk.base, &cx), AC_READY);
    assert_int_equal(wk.done, 1000);
    assert_int_equal(counts.wakes, 0);

    worker none = worker_new("idle", 0, 3);
    assert_int_equal(ac_future_poll(&none.base, &cx), AC_READY);
    assert_int_equal(none.done, 0);
    assert_int_equal(counts.wakes, 0);
}

/* A task that is Ready at once and notes how far a worker had got. */
typedef struct peek {
    ac_future base;
    const worker *target;
    unsigned long seen;
} peek;

static ac_poll peek_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    peek *p = (peek *)self;
    p->seen = p->target->done;
    return AC_READY;
}

static const ac_future_vtable peek_vtable = {.name = "peek", .poll = peek_poll};

/* Spawn worker(units, every) then a peek; return what the peek saw. */
static unsigned long race(unsigned long units, unsigned long every, worker *out, uint64_t *polls)
{
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    worker wk = worker_new("w", units, every);
    ac_join_handle wh = AC_SPAWN(&ex, wk);
    peek p = {.base = {&peek_vtable}, .target = task_future_of(&wh)};
    ac_join_handle ph = AC_SPAWN(&ex, p);
    ac_executor_run(&ex);
    unsigned long seen = ((peek *)task_future_of(&ph))->seen;
    *out = *(worker *)task_future_of(&wh);
    *polls = ex.stats.polls;
    ac_join_release(&ph);
    ac_join_release(&wh);
    ac_executor_close(&ex);
    return seen;
}

static void greedy_worker_lets_a_quick_task_finish_first(void **state)
{
    (void)state;
    worker g;
    uint64_t polls;
    assert_int_equal(race(1000, 1, &g, &polls), 1); /* quick ran after greedy's first unit */
    assert_int_equal(g.done, 1000);
    assert_int_equal(g.yields, 1000);
    assert_int_equal(polls, 1002); /* 1001 greedy polls + 1 quick */
}

static void hog_starves_others_until_it_yields(void **state)
{
    (void)state;
    worker h;
    uint64_t polls;
    assert_int_equal(race(10000, 0, &h, &polls), 10000); /* waited for all of it */
    assert_int_equal(polls, 2);
    assert_int_equal(race(10000, 100, &h, &polls), 100); /* waited for one chunk */
    assert_int_equal(h.yields, 100);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(worker_yields_after_every_n_units),
    cmocka_unit_test(worker_yields_after_the_last_full_chunk_too),
    cmocka_unit_test(worker_with_every_zero_never_yields),
    cmocka_unit_test(greedy_worker_lets_a_quick_task_finish_first),
    cmocka_unit_test(hog_starves_others_until_it_yields),
};

/* ---- exercise 3: stopper ---------------------------------------------- */

typedef struct stop_run {
    unsigned counter, drops;
    stop_report report;
    bool handle_released;
} stop_run;

static stop_run run_stopper(unsigned ticker_max, unsigned limit)
{
    stop_run r = {0};
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ticker t = ticker_new(&r.counter, ticker_max, &r.drops);
    ac_join_handle th = AC_SPAWN(&ex, t);
    stopper s = stopper_new(th, &r.counter, limit);
    ac_join_handle sh = AC_SPAWN(&ex, s);
    ac_executor_run(&ex);
    assert_int_equal(ac_executor_live_tasks(&ex), 0);
    assert_true(ac_join_is_finished(&sh));
    r.handle_released = ((stopper *)task_future_of(&sh))->target.task == NULL;
    assert_true(ac_join_take(&sh, &r.report, sizeof r.report));
    /* nothing is left to run: the ticker really is gone */
    assert_int_equal(ac_executor_run_until_idle(&ex), 0);
    ac_executor_close(&ex);
    return r;
}

static void stopper_aborts_the_ticker_at_three(void **state)
{
    (void)state;
    stop_run r = run_stopper(1000, 3);
    assert_int_equal(r.counter, 3);
    assert_int_equal(r.drops, 1); /* the drop entry ran, exactly once */
    assert_true(r.report.aborted);
    assert_int_equal(r.report.final_count, 3);
    assert_true(r.handle_released);
}

static void stopper_honours_other_limits(void **state)
{
    (void)state;
    stop_run r = run_stopper(1000, 7);
    assert_int_equal(r.counter, 7);
    assert_int_equal(r.drops, 1);
    assert_true(r.report.aborted);
    assert_int_equal(r.report.final_count, 7);
}

static void stopper_lets_a_finished_target_be(void **state)
{
    (void)state;
    stop_run r = run_stopper(4, 10); /* the ticker stops at 4 by itself */
    assert_int_equal(r.counter, 4);
    assert_int_equal(r.drops, 0); /* a future that returned Ready is never dropped */
    assert_false(r.report.aborted);
    assert_int_equal(r.report.final_count, 4);
    assert_true(r.handle_released);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(stopper_aborts_the_ticker_at_three),
    cmocka_unit_test(stopper_honours_other_limits),
    cmocka_unit_test(stopper_lets_a_finished_target_be),
};

/* ---- exercise 4: mini_run (test doubles only, no other exercise) ------ */

typedef struct busy {
    ac_future base;
    int yields_left;
    unsigned long polls;
} busy;

static ac_poll busy_poll(ac_future *self, ac_context *cx)
{
    busy *b = (busy *)self;
    b->polls++;
    if (b->yields_left-- > 0) {
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    return AC_READY;
}

static const ac_future_vtable busy_vtable = {.name = "busy", .poll = busy_poll};

typedef struct waiter {
    ac_future base;
    const bool *arrived;
    const mini_executor *m;
    unsigned long polls, got_at;
} waiter;

static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    waiter *w = (waiter *)self;
    w->polls++;
    if (!*w->arrived)
        return AC_PENDING;
    w->got_at = w->m->polls;
    return AC_READY;
}

static const ac_future_vtable waiter_vtable = {.name = "waiter", .poll = waiter_poll};

typedef struct events {
    bool arrived;
    bool has_waiter;
    size_t waiter;
    unsigned long calls;
    unsigned long calls_at[64]; /* m->polls at each call */
} events;

static void events_check(mini_executor *m, void *arg)
{
    events *e = arg;
    if (e->calls < 64)
        e->calls_at[e->calls] = m->polls;
    e->calls++;
    if (e->has_waiter && !e->arrived) {
        e->arrived = true;
        mini_wake(m, e->waiter);
    }
}

static void mini_run_checks_events_every_budget_polls(void **state)
{
    (void)state;
    mini_executor m;
    events e = {0};
    mini_init(&m, 10, events_check, &e);
    busy b = {.base = {&busy_vtable}, .yields_left = 100};
    mini_spawn(&m, &b.base);
    assert_int_equal(mini_run(&m), 101);
    assert_int_equal(m.polls, 101);
    assert_int_equal(b.polls, 101);
    assert_int_equal(e.calls, 11); /* after polls 10, 20, ..., 100, and once when idle */
    assert_int_equal(m.event_checks, 11);
    for (unsigned long k = 0; k < 10; k++)
        assert_int_equal(e.calls_at[k], (k + 1) * 10);
    assert_int_equal(e.calls_at[10], 101);
    assert_true(m.tasks[0].done);
}

static unsigned long waiter_gets_in_at(unsigned budget, unsigned long *checks, unsigned long *total)
{
    mini_executor m;
    events e = {.has_waiter = true};
    mini_init(&m, budget, events_check, &e);
    busy b = {.base = {&busy_vtable}, .yields_left = 100};
    waiter w = {.base = {&waiter_vtable}, .arrived = &e.arrived, .m = &m};
    mini_spawn(&m, &b.base);
    e.waiter = mini_spawn(&m, &w.base);
    *total = mini_run(&m);
    *checks = m.event_checks;
    assert_int_equal(w.polls, 2); /* once to find nothing, once after the wake */
    assert_true(m.tasks[0].done && m.tasks[1].done);
    return w.got_at;
}

static void mini_run_budget_bounds_how_long_events_wait(void **state)
{
    (void)state;
    unsigned long checks, total;
    /* poll 10 ends a budget: the check wakes the waiter, queued behind busy */
    assert_int_equal(waiter_gets_in_at(10, &checks, &total), 12);
    assert_int_equal(checks, 11);
    assert_int_equal(total, 103);
    /* no budget to speak of: the waiter waits for busy's last poll */
    assert_int_equal(waiter_gets_in_at(1000, &checks, &total), 103);
    assert_int_equal(checks, 2); /* the idle look that woke it, and the final one */
    assert_int_equal(total, 103);
}

static void mini_run_with_nothing_looks_once_and_returns(void **state)
{
    (void)state;
    mini_executor m;
    events e = {0};
    mini_init(&m, 5, events_check, &e);
    assert_int_equal(mini_run(&m), 0);
    assert_int_equal(e.calls, 1);
    assert_int_equal(m.event_checks, 1);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(mini_run_checks_events_every_budget_polls),
    cmocka_unit_test(mini_run_budget_bounds_how_long_events_wait),
    cmocka_unit_test(mini_run_with_nothing_looks_once_and_returns),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_sum_three, ex1_tests), AC_CHECK_GROUP(ex2_worker, ex2_tests),
              AC_CHECK_GROUP(ex3_stopper, ex3_tests), AC_CHECK_GROUP(ex4_budget, ex4_tests))
