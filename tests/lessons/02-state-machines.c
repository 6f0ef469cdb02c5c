/*
 * Checks for lesson 02 (state machines), one group per exercise.
 *
 *   ctest --preset learner -L 02-state-machines      all three
 *   ctest --preset learner -R 02-state-machines/ex2  just exercise 2
 *
 * Exercises 2 and 3 await exercise 1's yield_once, as add_slowly does in
 * the lesson; each check still calls its own exercise's function first.
 */
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
    ac_executor_run_until_idle(&ex);
    bool finished = ac_join_is_finished(&h);
    uint32_t out = 0;
    if (finished)
        assert_true(ac_join_take(&h, &out, sizeof out));
    else
        ac_join_release(&h);
    ac_executor_close(&ex);
    assert_true(finished); /* false: a Pending without a wake (rule 2) */
    return out;
}

/* ---- exercise 1 ------------------------------------------------------ */

static void yield_once_is_pending_once_then_ready(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    yield_once y = yield_once_new(7);
    assert_int_equal(ac_future_poll(&y.base, &cx), AC_PENDING);
    assert_true(y.yielded);
    assert_int_equal(counts.wakes, 1); /* rule 2: the Pending arranged its wake */
    assert_int_equal(ac_future_poll(&y.base, &cx), AC_READY);
    assert_int_equal(y.output, 7);
    assert_int_equal(*(uint32_t *)ac_future_output(&y.base), 7);
    assert_int_equal(counts.wakes, 1);             /* Ready needs no wake */
    assert_int_equal(counts.clones, counts.drops); /* a borrowed waker is not consumed */
}

static void yield_once_keeps_its_own_value(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    yield_once a = yield_once_new(0), b = yield_once_new(4000000000u);
    assert_int_equal(ac_future_poll(&b.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&a.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&a.base, &cx), AC_READY);
    assert_int_equal(ac_future_poll(&b.base, &cx), AC_READY);
    assert_int_equal(a.output, 0);
    assert_int_equal(b.output, 4000000000u);
}

static void yield_once_finishes_on_the_executor(void **state)
{
    (void)state;
    /* The executor only polls again if the wake really happened. */
    yield_once y = yield_once_new(99);
    assert_int_equal(run_as_task(&y, sizeof y), 99);
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
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(3, 4);

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_int_equal(s.state, ADD_WAITING_A);
    assert_int_equal(s.in.waiting_a.b, 4);
    assert_int_equal(s.in.waiting_a.fut.value, 3);
    assert_true(s.in.waiting_a.fut.yielded); /* the child was polled in the same poll */

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_int_equal(s.state, ADD_WAITING_B);
    assert_int_equal(s.in.waiting_b.x, 3);
    assert_int_equal(s.in.waiting_b.fut.value, 4);
    assert_true(s.in.waiting_b.fut.yielded);

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_READY);
    assert_int_equal(s.state, ADD_DONE);
    assert_int_equal(s.output, 7);
    assert_int_equal(*(uint32_t *)ac_future_output(&s.base), 7);
    assert_int_equal(counts.wakes, 2); /* one per Pending, passed up from the children */
    assert_int_equal(counts.clones, counts.drops);
}

static void by_hand_does_not_mix_up_a_and_b(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(1000000, 23);
    unsigned polls = 1;
    while (ac_future_poll(&s.base, &cx) == AC_PENDING) {
        polls++;
        assert_true(polls <= 3);
    }
    assert_int_equal(polls, 3);
    assert_int_equal(s.output, 1000023);
    /* x must be a's result, not b's */
    assert_int_equal(s.in.waiting_b.x, 1000000);
}

static void by_hand_finishes_on_the_executor(void **state)
{
    (void)state;
    add_slowly_by_hand s = add_slowly_by_hand_new(20, 22);
    assert_int_equal(run_as_task(&s, sizeof s), 42);
}

static void by_hand_can_be_dropped_midway(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_by_hand s = add_slowly_by_hand_new(5, 6);
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_int_equal(s.state, ADD_WAITING_B);
    ac_future_drop(&s.base); /* cancel while b's future is live */
    assert_int_equal(s.state, ADD_DONE);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(by_hand_walks_the_states_in_order),
    cmocka_unit_test(by_hand_does_not_mix_up_a_and_b),
    cmocka_unit_test(by_hand_finishes_on_the_executor),
    cmocka_unit_test(by_hand_can_be_dropped_midway),
};

/* ---- exercise 3 ------------------------------------------------------ */

static void coro_resumes_at_a_new_line_each_poll(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    add_slowly_coro s = add_slowly_coro_new(3, 4);
    assert_int_equal(s.co.line, 0);

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    int first_await = s.co.line;
    assert_true(first_await > 0);
    assert_ptr_equal(s.co.awaiting, &s.step.base);
    assert_int_equal(s.step.value, 3);

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_true(s.co.line > first_await); /* a second, later await */
    assert_int_equal(s.x, 3);
    assert_int_equal(s.step.value, 4);

    assert_int_equal(ac_future_poll(&s.base, &cx), AC_READY);
    assert_int_equal(s.co.line, -1); /* finished */
    assert_null(s.co.awaiting);
    assert_int_equal(s.output, 7);
    assert_int_equal(*(uint32_t *)ac_future_output(&s.base), 7);
    assert_int_equal(counts.wakes, 2);
    assert_int_equal(counts.clones, counts.drops);
}

static void coro_agrees_with_the_sum(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    static const uint32_t cases[][2] = {{0, 0}, {1, 0}, {0, 1}, {123456, 654321}, {2000000000u, 2000000000u}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        add_slowly_coro s = add_slowly_coro_new(cases[i][0], cases[i][1]);
        unsigned polls = 1;
        while (ac_future_poll(&s.base, &cx) == AC_PENDING) {
            polls++;
            assert_true(polls <= 3);
        }
        assert_int_equal(polls, 3);
        assert_int_equal(s.output, (uint32_t)(cases[i][0] + cases[i][1]));
    }
}

static void coro_finishes_on_the_executor(void **state)
{
    (void)state;
    add_slowly_coro s = add_slowly_coro_new(40, 2);
    assert_int_equal(run_as_task(&s, sizeof s), 42);
}

static void coro_can_be_dropped_midway(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    add_slowly_coro s = add_slowly_coro_new(5, 6);
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_non_null(s.co.awaiting); /* the await recorded its child */
    ac_future_drop(&s.base);
    assert_null(s.co.awaiting);
    assert_int_equal(s.co.line, -1);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(coro_resumes_at_a_new_line_each_poll),
    cmocka_unit_test(coro_agrees_with_the_sum),
    cmocka_unit_test(coro_finishes_on_the_executor),
    cmocka_unit_test(coro_can_be_dropped_midway),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_yield_once, ex1_tests), AC_CHECK_GROUP(ex2_add_slowly_by_hand, ex2_tests),
              AC_CHECK_GROUP(ex3_add_slowly_coro, ex3_tests))
