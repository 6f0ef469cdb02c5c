/*
 * Checks for lesson 02 (state machines), one group per exercise.
 *
 *   ctest --preset learner -L 02-state-machines      all three
 *   ctest --preset learner -R 02-state-machines/ex2  just exercise 2
 *
 * Exercises 2 and 3 await exercise 1's yield_once, as add_slowly does in
 * the lesson; each check still calls its own exercise's function first.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"

/* Spawn a never-polled future on the real executor and run until nothing
 * is runnable.  The executor polls again only when woken, so a future that
 * forgot its wake is left unfinished: the check fails instead of hanging.
 * Returns the task's uint32_t output. */
static uint32_t run_as_task(const void *future, size_t size)
{
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_join_handle h = ac_spawn(&ex, future, size);
    CHECK_WAITING("the executor to run the task until nothing is runnable (a future that wakes forever?)");
    ac_executor_run_until_idle(&ex);
    bool finished = ac_join_is_finished(&h);
    uint32_t out = 0;
    if (finished)
        assert_true(ac_join_take(&h, &out, sizeof out));
    else
        ac_join_release(&h);
    ac_executor_close(&ex);
    EXPECT_TRUE(finished, "the executor polls again only when woken: a Pending without a wake (rule 2) "
                          "leaves the task unfinished forever");
    return out;
}

/* Poll `f` (a fresh future of `size` bytes, copied) until Ready and once
 * more, in a child process; true if the child was stopped by abort().
 * The extra poll breaks rule 1, which the future must refuse loudly. */
static bool aborts_when_polled_after_ready(const void *future, size_t size)
{
    CHECK_WAITING("a child process that polls a finished future once more");
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        unsigned char copy[256];
        memcpy(copy, future, size < sizeof copy ? size : sizeof copy);
        ac_future *f = (ac_future *)copy;
        ac_waker w = ac_waker_noop();
        ac_context cx = {.waker = &w};
        if (freopen("/dev/null", "w", stderr) == NULL) /* its message is expected: keep the report clean */
            _exit(2);
        for (int polls = 0; polls < 10 && ac_future_poll(f, &cx) == AC_PENDING; polls++)
            ;
        (void)ac_future_poll(f, &cx);
        _exit(0); /* the poll after Ready came back: that is the bug */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* ---- exercise 1 ------------------------------------------------------ */

static void yield_once_is_pending_once_then_ready(void **state)
{
    (void)state;
    CHECK_FN("yield_once_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    yield_once y = yield_once_new(7);
    EXPECT_POLL(ac_future_poll(&y.base, &cx), AC_PENDING, "the first poll steps aside: Pending");
    EXPECT_TRUE(y.yielded, "`yielded` records that the first poll happened");
    EXPECT_INT(atomic_load(&counts.wakes), 1, "rule 2: the Pending arranges its wake (here: wakes at once)");
    EXPECT_NONNULL(w.vtable, "the waker in the context is borrowed: wake it by reference, never by value");
    EXPECT_POLL(ac_future_poll(&y.base, &cx), AC_READY, "the second poll is Ready");
    EXPECT_UINT(y.output, 7, "Ready hands `value` out in `output`");
    EXPECT_UINT(*(uint32_t *)ac_future_output(&y.base), 7, "ac_future_output finds it in `output`");
    EXPECT_INT(atomic_load(&counts.wakes), 1, "a Ready future needs no wake");
    EXPECT_INT(atomic_load(&counts.drops), atomic_load(&counts.clones),
               "the waker in the context is borrowed: not to be dropped or consumed");
}

static void yield_once_keeps_its_own_value(void **state)
{
    (void)state;
    CHECK_FN("yield_once_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    yield_once a = yield_once_new(0), b = yield_once_new(4000000000u);
    EXPECT_POLL(ac_future_poll(&b.base, &cx), AC_PENDING, "each future yields once on its own first poll");
    EXPECT_POLL(ac_future_poll(&a.base, &cx), AC_PENDING, "each future yields once on its own first poll");
    EXPECT_POLL(ac_future_poll(&a.base, &cx), AC_READY, "and is Ready on its own second poll");
    EXPECT_POLL(ac_future_poll(&b.base, &cx), AC_READY, "and is Ready on its own second poll");
    EXPECT_UINT(a.output, 0, "each future hands out its own value");
    EXPECT_UINT(b.output, 4000000000u, "each future hands out its own value, all 32 bits of it");
}

static void yield_once_finishes_on_the_executor(void **state)
{
    (void)state;
    CHECK_FN("yield_once_poll");
    /* The executor only polls again if the wake really happened. */
    yield_once y = yield_once_new(99);
    EXPECT_UINT(run_as_task(&y, sizeof y), 99, "as a task it finishes with its value");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(yield_once_is_pending_once_then_ready),
    cmocka_unit_test(yield_once_keeps_its_own_value),
    cmocka_unit_test(yield_once_finishes_on_the_executor),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void by_hand_walks_the_states_in_order(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_by_hand_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(3, 4);

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING,
                "poll 1: a's child yields, so the machine is Pending");
    EXPECT_INT(s.state, ADD_WAITING_A,
               "poll 1 goes START -> WAITING_A in one go: START only builds a's child and moves on");
    EXPECT_UINT(s.in.waiting_a.fut.value, 3,
                "WAITING_A's child is yield_once(a); the union overlaps: read a and b out of `start` "
                "before writing `waiting_a`");
    EXPECT_UINT(s.in.waiting_a.b, 4, "WAITING_A keeps b, to build b's child later");
    EXPECT_TRUE(s.in.waiting_a.fut.yielded, "the child was polled in the same poll (its wake is ours)");
    EXPECT_INT(atomic_load(&counts.wakes), 1, "a Pending child arranged the wake: pass its Pending up");

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING,
                "poll 2: b's child yields, so the machine is Pending");
    EXPECT_INT(s.state, ADD_WAITING_B,
               "poll 2: a's child is Ready, WAITING_A -> WAITING_B, b's child polled");
    EXPECT_UINT(s.in.waiting_b.x, 3, "WAITING_B keeps x, a's result, for the sum");
    EXPECT_UINT(s.in.waiting_b.fut.value, 4,
                "WAITING_B's child is yield_once(b); read b and the child's output before writing "
                "`waiting_b` (they overlap)");
    EXPECT_TRUE(s.in.waiting_b.fut.yielded, "b's child was polled in the same poll that built it");

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_READY, "poll 3: b's child is Ready, so is the sum");
    EXPECT_INT(s.state, ADD_DONE, "after Ready the machine is DONE");
    EXPECT_UINT(s.output, 7, "the output is x + b's result");
    EXPECT_UINT(*(uint32_t *)ac_future_output(&s.base), 7, "ac_future_output finds it in `output`");
    EXPECT_INT(atomic_load(&counts.wakes), 2, "one wake per Pending, passed up from the children");
    EXPECT_INT(atomic_load(&counts.drops), atomic_load(&counts.clones),
               "the waker in the context is borrowed: pass it on to the children as it is");
}

static void by_hand_does_not_mix_up_a_and_b(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_by_hand_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(1000000, 23);
    unsigned polls = 1;
    while (ac_future_poll(&s.base, &cx) == AC_PENDING && polls <= 3)
        polls++;
    EXPECT_UINT(polls, 3, "two children that yield once each: Pending, Pending, Ready");
    EXPECT_UINT(s.output, 1000023, "the sum of a and b, each used once");
    EXPECT_UINT(s.in.waiting_b.x, 1000000, "x is a's result, not b's");
}

static void by_hand_finishes_on_the_executor(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_by_hand_poll");
    add_slowly_by_hand s = add_slowly_by_hand_new(20, 22);
    EXPECT_UINT(run_as_task(&s, sizeof s), 42, "as a task it finishes with the sum");
}

static void by_hand_can_be_dropped_midway(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_by_hand_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(5, 6);
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING, "poll 1 waits on a's child");
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING, "poll 2 waits on b's child");
    EXPECT_INT(s.state, ADD_WAITING_B, "after two polls the machine waits on b's child");
    ac_future_drop(&s.base); /* cancel while b's future is live */
    EXPECT_INT(s.state, ADD_DONE, "the given drop reads the tag, drops the live child, and ends in DONE");
}

static void by_hand_aborts_when_polled_after_ready(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_by_hand_poll");
    add_slowly_by_hand s = add_slowly_by_hand_new(1, 2);
    EXPECT_TRUE(aborts_when_polled_after_ready(&s, sizeof s),
                "a poll in DONE is the caller's bug (rule 1): print why and abort(), never Ready again");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(by_hand_walks_the_states_in_order),
    cmocka_unit_test(by_hand_does_not_mix_up_a_and_b),
    cmocka_unit_test(by_hand_finishes_on_the_executor),
    cmocka_unit_test(by_hand_can_be_dropped_midway),
    cmocka_unit_test(by_hand_aborts_when_polled_after_ready),
};

/* ---- exercise 3 ------------------------------------------------------ */

static void coro_resumes_at_a_new_line_each_poll(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_coro_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    add_slowly_coro s = add_slowly_coro_new(3, 4);
    EXPECT_INT(s.co.line, 0, "a new coroutine starts at the top");

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING,
                "poll 1 stops at the first await: a's child yields");
    int first_await = s.co.line;
    EXPECT_TRUE(first_await > 0, "AC_AWAIT records the line to resume at");
    EXPECT_PTR(s.co.awaiting, &s.step.base,
               "the child awaited lives in the struct (s->step), not on the stack");
    EXPECT_UINT(s.step.value, 3, "the first child awaited is yield_once(a)");

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING,
                "poll 2 stops at the second await: b's child yields");
    EXPECT_TRUE(s.co.line > first_await, "a second, later await: one AC_AWAIT per child");
    EXPECT_UINT(s.x, 3, "a's result is kept in the field x: a local does not survive the await");
    EXPECT_UINT(s.step.value, 4, "the second child awaited is yield_once(b), built after the first was done");

    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_READY, "poll 3: b's child is Ready, so is the sum");
    EXPECT_INT(s.co.line, -1, "AC_END marks the coroutine finished");
    EXPECT_NULL(s.co.awaiting, "a finished coroutine awaits nothing");
    EXPECT_UINT(s.output, 7, "the output is x + b's result, stored before AC_END");
    EXPECT_UINT(*(uint32_t *)ac_future_output(&s.base), 7, "ac_future_output finds it in `output`");
    EXPECT_INT(atomic_load(&counts.wakes), 2, "one wake per Pending, passed up from the children");
    EXPECT_INT(atomic_load(&counts.drops), atomic_load(&counts.clones),
               "the waker in the context is borrowed: pass it on as it is");
}

static void coro_agrees_with_the_sum(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_coro_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    static const uint32_t cases[][2] = {{0, 0}, {1, 0}, {0, 1}, {123456, 654321}, {2000000000u, 2000000000u}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        add_slowly_coro s = add_slowly_coro_new(cases[i][0], cases[i][1]);
        unsigned polls = 1;
        while (ac_future_poll(&s.base, &cx) == AC_PENDING && polls <= 3)
            polls++;
        EXPECT_UINT(polls, 3, "two awaits of children that yield once: Pending, Pending, Ready");
        EXPECT_UINT(s.output, (uint32_t)(cases[i][0] + cases[i][1]), "the output is a + b (mod 2^32)");
    }
}

static void coro_finishes_on_the_executor(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_coro_poll");
    add_slowly_coro s = add_slowly_coro_new(40, 2);
    EXPECT_UINT(run_as_task(&s, sizeof s), 42, "as a task it finishes with the sum");
}

static void coro_can_be_dropped_midway(void **state)
{
    (void)state;
    CHECK_FN("add_slowly_coro_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_coro s = add_slowly_coro_new(5, 6);
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING, "poll 1 waits on a's child");
    EXPECT_NONNULL(s.co.awaiting, "AC_AWAIT recorded its child, so a drop can find it");
    ac_future_drop(&s.base);
    EXPECT_NULL(s.co.awaiting, "the given drop (ac_coro_drop) dropped the awaited child");
    EXPECT_INT(s.co.line, -1, "a dropped coroutine is finished");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(coro_resumes_at_a_new_line_each_poll),
    cmocka_unit_test(coro_agrees_with_the_sum),
    cmocka_unit_test(coro_finishes_on_the_executor),
    cmocka_unit_test(coro_can_be_dropped_midway),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_yield_once, ex1_tests), AC_CHECK_GROUP(ex2_add_slowly_by_hand, ex2_tests),
              AC_CHECK_GROUP(ex3_add_slowly_coro, ex3_tests))
