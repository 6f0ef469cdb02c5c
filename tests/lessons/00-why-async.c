/*
 * Checks for lesson 00 (why async), one group per exercise.
 *
 *   ctest --preset learner -L 00-why-async      both
 *   ctest --preset learner -R 00-why-async/ex1  just exercise 1
 *
 * Exercise 1 runs on a PAUSED runtime clock: a thousand one-second sleeps
 * finish at once, at exactly +1 s.  Exercise 2 starts a few dozen real
 * threads and joins every one of them.
 */
#include <errno.h>
#include <time.h>

#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"

/* ---- exercise 1: sleeper ------------------------------------------------ */

static void a_thousand_sleepers_finish_together_after_one_second(void **state)
{
    (void)state;
    enum { N = 1000 };
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_clock *clock = ac_executor_clock(&ex);
    ac_clock_pause(clock);
    ac_nanos t0 = ac_clock_now(clock);
    unsigned long done = 0;
    for (int i = 0; i < N; i++) {
        sleeper s = sleeper_new(AC_SEC(1), &done);
        ac_join_handle h = AC_SPAWN(&ex, s);
        ac_join_release(&h);
    }
    ac_executor_run_until_idle(&ex);
    assert_int_equal(done, 0); /* all asleep: nobody finished early */
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), N);
    ac_executor_run(&ex);
    assert_int_equal(done, N);
    assert_int_equal(ac_clock_now(clock) - t0, AC_SEC(1)); /* slept together, not one after another */
    assert_int_equal(ex.stats.polls, 2 * N);               /* once to sleep, once to finish */
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_executor_close(&ex);
}

static void an_aborted_sleeper_leaves_no_timer(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_clock_pause(ac_executor_clock(&ex));
    unsigned long done = 0;
    sleeper a = sleeper_new(AC_SEC(5), &done), b = sleeper_new(AC_SEC(2), &done);
    ac_join_handle ha = AC_SPAWN(&ex, a), hb = AC_SPAWN(&ex, b);
    ac_executor_run_until_idle(&ex);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 2);
    ac_join_abort(&ha);
    ac_executor_run(&ex);
    assert_true(ac_join_was_aborted(&ha));
    assert_true(ac_join_is_finished(&hb) && !ac_join_was_aborted(&hb));
    assert_int_equal(done, 1);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_join_release(&ha);
    ac_join_release(&hb);
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(a_thousand_sleepers_finish_together_after_one_second),
    cmocka_unit_test(an_aborted_sleeper_leaves_no_timer),
};

/* ---- exercise 2: thread gate -------------------------------------------- */

/* Wait (bounded, 2 s) until `want` threads are parked at the gate. */
static size_t wait_for_waiters(thread_gate *g, size_t want)
{
    for (int i = 0; i < 2000 && gate_waiting(g) < want; i++)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    return gate_waiting(g);
}

static void threads_park_at_the_gate_until_it_opens(void **state)
{
    (void)state;
    thread_gate g;
    assert_true(gate_init(&g, 64));
    assert_int_equal(gate_spawn(&g, 12, NULL), 0);
    assert_int_equal(g.count, 12);
    assert_int_equal(gate_spawn(&g, 20, NULL), 0); /* max counts the total */
    assert_int_equal(g.count, 20);
    assert_int_equal(wait_for_waiters(&g, 20), 20); /* all blocked at the gate */
    nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
    assert_int_equal(gate_waiting(&g), 20); /* and still there: nobody left early */
    assert_int_equal(gate_open_and_join(&g), 20);
    assert_int_equal(g.count, 0);
    assert_int_equal(gate_waiting(&g), 0);
    gate_destroy(&g);
}

static void spawn_stops_at_the_capacity(void **state)
{
    (void)state;
    thread_gate g;
    assert_true(gate_init(&g, 8));
    assert_int_equal(gate_spawn(&g, 100, NULL), 0);
    assert_int_equal(g.count, 8);
    assert_int_equal(gate_open_and_join(&g), 8);
    gate_destroy(&g);
}

static void spawn_reports_the_failure(void **state)
{
    (void)state;
    thread_gate g;
    assert_true(gate_init(&g, 8));
    pthread_attr_t huge;
    pthread_attr_init(&huge);
    /* a 1 TiB stack cannot be mapped: the first pthread_create fails */
    assert_int_equal(pthread_attr_setstacksize(&huge, (size_t)1 << 40), 0);
    int err = gate_spawn(&g, 4, &huge);
    assert_true(err == EAGAIN || err == ENOMEM);
    assert_int_equal(g.count, 0);
    assert_int_equal(gate_open_and_join(&g), 0);
    pthread_attr_destroy(&huge);
    gate_destroy(&g);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(threads_park_at_the_gate_until_it_opens),
    cmocka_unit_test(spawn_stops_at_the_capacity),
    cmocka_unit_test(spawn_reports_the_failure),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_sleeper, ex1_tests), AC_CHECK_GROUP(ex2_thread_gate, ex2_tests))
