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
    CHECK_FN("sleeper_poll");
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
    CHECK_WAITING("the executor to poll every sleeper once (a sleeper that wakes itself forever?)");
    ac_executor_run_until_idle(&ex);
    EXPECT_UINT(done, 0, "after one round of polls every sleeper is asleep: count only AFTER the await");
    EXPECT_UINT(ac_timers_len(ac_timers_get(&ex)), N,
                "each sleeper's first poll starts its sleep: one timer per sleeper in the heap");
    CHECK_WAITING("the executor to run the sleepers to the end (the paused clock jumps to each deadline)");
    ac_executor_run(&ex);
    EXPECT_UINT(done, N, "every sleeper counts itself once, when its sleep is over");
    EXPECT_INT(ac_clock_now(clock) - t0, AC_SEC(1),
               "a thousand sleeps of 1 s, side by side, take 1 s of runtime time (not 1000 s, and not less: "
               "sleep `s->duration`)");
    EXPECT_UINT(ex.stats.polls, 2 * N,
                "two polls each: one starts the sleep, one finishes after the timer's wake "
                "(a sleep made again on every poll restarts it)");
    EXPECT_UINT(ac_timers_len(ac_timers_get(&ex)), 0, "every timer fired and left the heap");
    ac_executor_close(&ex);
}

static void an_aborted_sleeper_leaves_no_timer(void **state)
{
    (void)state;
    CHECK_FN("sleeper_poll");
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_clock *clock = ac_executor_clock(&ex);
    ac_clock_pause(clock);
    ac_nanos t0 = ac_clock_now(clock);
    unsigned long done = 0;
    sleeper a = sleeper_new(AC_SEC(5), &done), b = sleeper_new(AC_SEC(2), &done);
    ac_join_handle ha = AC_SPAWN(&ex, a), hb = AC_SPAWN(&ex, b);
    CHECK_WAITING("the executor to poll both sleepers once");
    ac_executor_run_until_idle(&ex);
    EXPECT_UINT(ac_timers_len(ac_timers_get(&ex)), 2, "two sleepers asleep: two timers");
    ac_join_abort(&ha);
    CHECK_WAITING("the executor to run the remaining sleeper to the end");
    ac_executor_run(&ex);
    EXPECT_TRUE(ac_join_was_aborted(&ha), "the aborted sleeper ends as aborted");
    EXPECT_TRUE(ac_join_is_finished(&hb) && !ac_join_was_aborted(&hb), "the other one finishes normally");
    EXPECT_UINT(done, 1, "only the sleeper that was not aborted counts itself");
    EXPECT_INT(ac_clock_now(clock) - t0, AC_SEC(2),
               "the 2 s sleeper sleeps its own duration, and the aborted 5 s one is not waited for");
    EXPECT_UINT(ac_timers_len(ac_timers_get(&ex)), 0,
                "the aborted sleeper's timer went with it: the sleep awaited is the one in the struct "
                "(s->nap), which the given drop cancels");
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
    CHECK_FN("gate_spawn");
    thread_gate g;
    assert_true(gate_init(&g, 64));
    EXPECT_INT(gate_spawn(&g, 12, NULL), 0, "12 threads fit in a gate of 64: no error");
    EXPECT_UINT(g.count, 12, "every thread started is counted in g->count");
    EXPECT_INT(gate_spawn(&g, 20, NULL), 0, "spawning up to 20 when 12 are there: no error");
    EXPECT_UINT(g.count, 20, "`max` is the total to reach, not how many more to start");

    CHECK_FN("gate_thread_main");
    EXPECT_UINT(wait_for_waiters(&g, 20), 20,
                "every gate thread counts itself in `waiting` and blocks there");
    nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
    EXPECT_UINT(gate_waiting(&g), 20, "while the gate is shut nobody leaves");

    /* Wake everyone without opening: to the threads, a spurious wake-up. */
    pthread_mutex_lock(&g.lock);
    pthread_cond_broadcast(&g.opened);
    pthread_mutex_unlock(&g.lock);
    nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
    EXPECT_UINT(gate_waiting(&g), 20,
                "a wake-up does not mean the gate is open: test `open` in a while loop and wait again "
                "(an `if` lets the thread through)");

    CHECK_FN("gate_open_and_join");
    CHECK_WAITING("gate_open_and_join to wake and join all 20 threads (woken with signal, not broadcast? "
                  "joined while holding the lock?)");
    EXPECT_UINT(gate_open_and_join(&g), 20, "opening the gate lets all 20 through; every one is joined");
    EXPECT_UINT(g.count, 0, "joined threads are no longer counted: g->count is back to 0");
    CHECK_FN("gate_thread_main");
    EXPECT_UINT(gate_waiting(&g), 0, "every thread counted itself out of `waiting` on its way through");
    gate_destroy(&g);
}

static void spawn_stops_at_the_capacity(void **state)
{
    (void)state;
    CHECK_FN("gate_spawn");
    thread_gate g;
    assert_true(gate_init(&g, 8));
    EXPECT_INT(gate_spawn(&g, 100, NULL), 0, "reaching the capacity is not an error");
    EXPECT_UINT(g.count, 8, "g->threads has room for `cap` threads: never start more than that");
    CHECK_FN("gate_open_and_join");
    CHECK_WAITING("gate_open_and_join to wake and join 8 threads");
    EXPECT_UINT(gate_open_and_join(&g), 8, "all 8 joined");
    gate_destroy(&g);
}

static void spawn_reports_the_failure(void **state)
{
    (void)state;
    CHECK_FN("gate_spawn");
    thread_gate g;
    assert_true(gate_init(&g, 8));
    pthread_attr_t huge;
    pthread_attr_init(&huge);
    /* a 1 TiB stack cannot be mapped: the first pthread_create fails */
    assert_int_equal(pthread_attr_setstacksize(&huge, (size_t)1 << 40), 0);
    errno = 0;
    int err = gate_spawn(&g, 4, &huge);
    EXPECT_TRUE(err > 0, "pthread_create failed: gate_spawn returns its error number as it is, positive "
                         "(EAGAIN, not -EAGAIN and not -1)");
    EXPECT_TRUE(err == EAGAIN || err == ENOMEM,
                "gate_spawn returns the error pthread_create returned (EAGAIN or ENOMEM here); "
                "pthread_create does not set errno");
    EXPECT_UINT(g.count, 0, "a thread that was not created is not counted");
    CHECK_FN("gate_open_and_join");
    EXPECT_UINT(gate_open_and_join(&g), 0, "nothing was started: nothing to join");
    pthread_attr_destroy(&huge);
    gate_destroy(&g);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(threads_park_at_the_gate_until_it_opens),
    cmocka_unit_test(spawn_stops_at_the_capacity),
    cmocka_unit_test(spawn_reports_the_failure),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_sleeper, ex1_tests), AC_CHECK_GROUP(ex2_thread_gate, ex2_tests))
