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
    CHECK_FN("sum_three_poll");
    CHECK_WAITING("for ac_executor_run to finish sum_three, its three jobs and a probe task");
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
    EXPECT_INT(
        live_then, 5,
        "all three jobs are spawned in the first poll, before the first await, so they run side by side "
        "(the parent + 3 jobs + the probe); spawning each only after the last finished leaves 3");

    sum_three *done = task_future_of(&h);
    EXPECT_INT(done->output, 60, "the output is the sum of the three jobs' outputs (10 + 20 + 30)");
    for (int k = 0; k < 3; k++)
        EXPECT_NULL(
            done->handles[k].task,
            "each job's handle is released once its value is taken (ac_join_take does both), or the job's "
            "task is never freed");
    EXPECT_INT(ex.stats.spawned, 5,
               "exactly three jobs are spawned, once each (plus the parent and the probe)");
    EXPECT_INT(ex.stats.completed, 5, "every task spawned runs to the end");
    EXPECT_INT(ac_executor_live_tasks(&ex), 0, "nothing is left running when the sum is ready");
    EXPECT_INT(
        ex.stats.polls, 14,
        "6 job turns + 3 job Readys + 4 parent polls (the first, then one per finished job it awaits) + 1 "
        "probe: a different count means an await missed or a wake too many");

    int sum = 0;
    EXPECT_TRUE(ac_join_take(&h, &sum, sizeof sum),
                "the sum_three task has finished, so its output can be taken");
    EXPECT_INT(sum, 60, "the task's output is the sum");
    ac_executor_close(&ex);
}

static void sum_three_works_under_block_on(void **state)
{
    (void)state;
    CHECK_FN("sum_three_poll");
    CHECK_WAITING("for ac_block_on(sum_three) to finish");
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    sum_three s = sum_three_new(5, -3, 100);
    ac_block_on(&ex, &s.base); /* the root future: spawns on the executor running it */
    EXPECT_INT(s.output, 102,
               "the output is the sum of the three values (5 - 3 + 100), each job counted once");
    EXPECT_INT(ex.stats.spawned, 3,
               "a root future spawns its jobs on the executor running it: three of them");
    EXPECT_INT(ac_executor_live_tasks(&ex), 0, "every job has finished when the sum is ready");
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
    CHECK_FN("worker_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    worker wk = worker_new("w", 5, 2);
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_PENDING, "after `every` (2) units the worker steps aside");
    EXPECT_INT(wk.done, 2, "a worker with every = 2 does exactly 2 units before it yields");
    EXPECT_INT(
        counts.wakes, 1,
        "a yield is Pending WITH its own wake already arranged, or nobody ever polls the worker again");
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_PENDING, "4 of 5 units: it steps aside again after 2 more");
    EXPECT_INT(wk.done, 4, "each poll does the next `every` units, carrying on where the last stopped");
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_READY, "the fifth unit ends the work");
    EXPECT_INT(wk.done, 5, "the work is done when done == work, and not one unit more");
    EXPECT_INT(counts.wakes, 2, "one wake per yield, none for the Ready");
    EXPECT_INT(wk.yields, 2, "two yields: after units 2 and 4");
    EXPECT_INT(*(unsigned long *)ac_future_output(&wk.base), 5, "the output is `done`");
}

static void worker_yields_after_the_last_full_chunk_too(void **state)
{
    (void)state;
    CHECK_FN("worker_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    worker wk = worker_new("w", 4, 2);
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_PENDING, "after 2 units the worker steps aside");
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_PENDING,
                "after units 3 and 4 it steps aside too: done % every == 0, even when that is the last unit");
    EXPECT_INT(wk.done, 4, "two chunks of 2 units");
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_READY, "the next poll finds the work done");
    EXPECT_INT(wk.done, 4, "the last poll only notices it is done: no unit past work");
}

static void worker_with_every_zero_never_yields(void **state)
{
    (void)state;
    CHECK_FN("worker_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    worker wk = worker_new("hog", 1000, 0);
    EXPECT_POLL(ac_future_poll(&wk.base, &cx), AC_READY,
                "every = 0 means never yield: all the work in one poll");
    EXPECT_INT(wk.done, 1000, "every = 0 means never yield: all 1000 units in one poll");
    EXPECT_INT(counts.wakes, 0, "a worker that never yields never wakes itself");

    worker none = worker_new("idle", 0, 3);
    EXPECT_POLL(ac_future_poll(&none.base, &cx), AC_READY, "no work at all: Ready at once");
    EXPECT_INT(none.done, 0, "no work at all: no unit done");
    EXPECT_INT(counts.wakes, 0, "no work at all: no yield");
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
    CHECK_FN("worker_poll");
    CHECK_WAITING("for ac_executor_run to finish a worker (1000 units, yield after each) and a quick task");
    worker g;
    uint64_t polls;
    EXPECT_INT(race(1000, 1, &g, &polls), 1,
               "a worker that yields after every unit lets the quick task in after its first unit");
    EXPECT_INT(g.done, 1000, "the worker still does all its work");
    EXPECT_INT(g.yields, 1000, "one yield after each of the 1000 units");
    EXPECT_INT(polls, 1002, "1001 worker polls (one per yield, one to finish) + 1 for the quick task");
}

static void hog_starves_others_until_it_yields(void **state)
{
    (void)state;
    CHECK_FN("worker_poll");
    CHECK_WAITING("for ac_executor_run to finish a worker of 10000 units and a quick task");
    worker h;
    uint64_t polls;
    EXPECT_INT(race(10000, 0, &h, &polls), 10000,
               "a worker that never yields makes the quick task wait for all of its work");
    EXPECT_INT(polls, 2, "a worker that never yields is polled once, and the quick task once");
    EXPECT_INT(race(10000, 100, &h, &polls), 100,
               "yielding every 100 units: the quick task waits for one chunk");
    EXPECT_INT(h.yields, 100, "10000 units in chunks of 100: 100 yields");
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
    EXPECT_INT(ac_executor_live_tasks(&ex), 0, "when the stopper is done, the ticker is gone too");
    EXPECT_TRUE(ac_join_is_finished(&sh), "the stopper finishes once its target has stopped");
    r.handle_released = ((stopper *)task_future_of(&sh))->target.task == NULL;
    EXPECT_TRUE(ac_join_take(&sh, &r.report, sizeof r.report),
                "the stopper has finished: its report can be taken");
    EXPECT_INT(ac_executor_run_until_idle(&ex), 0, "nothing is left to run: the ticker really is gone");
    ac_executor_close(&ex);
    return r;
}

static void stopper_aborts_the_ticker_at_three(void **state)
{
    (void)state;
    CHECK_FN("stopper_poll");
    CHECK_WAITING("for the stopper to stop a ticker (counting to 1000) at 3, on ac_executor_run");
    stop_run r = run_stopper(1000, 3);
    EXPECT_INT(
        r.counter, 3,
        "the stopper checks the count every turn and aborts as soon as it reaches the limit, not later");
    EXPECT_INT(r.drops, 1, "an aborted task's future is dropped, exactly once");
    EXPECT_TRUE(r.report.aborted,
                "the target was stopped by the abort: ac_join_was_aborted, after awaiting it");
    EXPECT_INT(r.report.final_count, 3, "final_count is the count once the target has stopped");
    EXPECT_TRUE(r.handle_released, "the stopper owns the target's handle and releases it at the end");
}

static void stopper_honours_other_limits(void **state)
{
    (void)state;
    CHECK_FN("stopper_poll");
    CHECK_WAITING("for the stopper to stop a ticker (counting to 1000) at 7, on ac_executor_run");
    stop_run r = run_stopper(1000, 7);
    EXPECT_INT(r.counter, 7, "the limit is s->limit, whatever it is");
    EXPECT_INT(r.drops, 1, "an aborted task's future is dropped, exactly once");
    EXPECT_TRUE(r.report.aborted, "the target was stopped by the abort");
    EXPECT_INT(r.report.final_count, 7, "final_count is the count once the target has stopped");
}

static void stopper_lets_a_finished_target_be(void **state)
{
    (void)state;
    CHECK_FN("stopper_poll");
    CHECK_WAITING("for the stopper to notice that its ticker stopped by itself at 4 (the limit is 10)");
    stop_run r = run_stopper(4, 10); /* the ticker stops at 4 by itself */
    EXPECT_INT(r.counter, 4, "the ticker stops at 4 by itself");
    EXPECT_INT(r.drops, 0, "a future that returned Ready is never dropped");
    EXPECT_FALSE(r.report.aborted, "a target that finished by itself was not aborted");
    EXPECT_INT(r.report.final_count, 4, "final_count is the count once the target has stopped");
    EXPECT_TRUE(r.handle_released, "the stopper releases the target's handle in this case too");
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
    CHECK_FN("mini_run");
    CHECK_WAITING("for mini_run to return (one task, Pending 100 times with a wake, then Ready)");
    mini_executor m;
    events e = {0};
    mini_init(&m, 10, events_check, &e);
    busy b = {.base = {&busy_vtable}, .yields_left = 100};
    mini_spawn(&m, &b.base);
    EXPECT_INT(mini_run(&m), 101, "mini_run returns the number of polls: 100 Pendings and a Ready");
    EXPECT_INT(m.polls, 101, "every poll is counted in m->polls");
    EXPECT_INT(b.polls, 101, "a woken task is polled again, and a Ready one never");
    EXPECT_INT(e.calls, 11,
               "check_events runs after polls 10, 20, ..., 100 (the budget), and once when idle");
    EXPECT_INT(m.event_checks, 11, "every call of check_events is counted in m->event_checks");
    for (unsigned long k = 0; k < 10; k++)
        EXPECT_INT(
            e.calls_at[k], (k + 1) * 10,
            "the budget check comes right after every poll that makes m->polls a multiple of the budget");
    EXPECT_INT(e.calls_at[10], 101, "the last look is the idle one, after the last poll");
    EXPECT_TRUE(m.tasks[0].done, "a task that returned Ready is marked done");
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
    EXPECT_INT(w.polls, 2, "the waiting task is polled once to find nothing, and once after its wake");
    EXPECT_TRUE(m.tasks[0].done && m.tasks[1].done,
                "both tasks run to the end: mini_run returns only when idle");
    return w.got_at;
}

static void mini_run_budget_bounds_how_long_events_wait(void **state)
{
    (void)state;
    CHECK_FN("mini_run");
    CHECK_WAITING("for mini_run to return (a busy task and a task waiting for an event)");
    unsigned long checks, total;
    EXPECT_INT(waiter_gets_in_at(10, &checks, &total), 12,
               "poll 10 ends a budget: that check wakes the waiter, which runs right after busy's next poll");
    EXPECT_INT(checks, 11, "10 budget checks in 103 polls, and the idle one");
    EXPECT_INT(total, 103, "101 polls of busy, 2 of the waiter");
    EXPECT_INT(waiter_gets_in_at(1000, &checks, &total), 103,
               "with no budget to speak of, the event waits until busy is done and the executor is idle");
    EXPECT_INT(checks, 2, "the idle look that woke the waiter, and the final idle look");
    EXPECT_INT(total, 103, "101 polls of busy, 2 of the waiter");
}

static void mini_run_with_nothing_looks_once_and_returns(void **state)
{
    (void)state;
    CHECK_FN("mini_run");
    CHECK_WAITING("for mini_run to return with no task at all");
    mini_executor m;
    events e = {0};
    mini_init(&m, 5, events_check, &e);
    EXPECT_INT(mini_run(&m), 0, "no task: no poll");
    EXPECT_INT(e.calls, 1,
               "no task: it still looks outside once (the park) before it decides it is finished");
    EXPECT_INT(m.event_checks, 1, "every call of check_events is counted in m->event_checks");
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(mini_run_checks_events_every_budget_polls),
    cmocka_unit_test(mini_run_budget_bounds_how_long_events_wait),
    cmocka_unit_test(mini_run_with_nothing_looks_once_and_returns),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_sum_three, ex1_tests), AC_CHECK_GROUP(ex2_worker, ex2_tests),
              AC_CHECK_GROUP(ex3_stopper, ex3_tests), AC_CHECK_GROUP(ex4_budget, ex4_tests))
