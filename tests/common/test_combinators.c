/*
 * test_combinators.c - timeout and select: who wins, and who is dropped.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ac/combinators.h"
#include "ac/io.h"
#include "ac/reactor.h"
#include "rt_util.h"

static ac_nanos now_of(ac_executor *ex) { return ac_clock_now(ac_executor_clock(ex)); }

static void test_timeout_lets_a_fast_future_finish(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = now_of(&ex);
    ac_sleep work = ac_sleep_for(AC_MSEC(10));
    ac_timeout t = ac_timeout_of(&work.base, AC_SEC(1));
    ac_block_on(&ex, &t.base);
    assert_int_equal(t.result, 0);
    assert_int_equal(now_of(&ex) - start, AC_MSEC(10));     /* did not wait for the limit */
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0); /* its own timer is gone */
    ac_executor_close(&ex);
}

static void test_timeout_expires_and_drops_the_inner_future_once(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = now_of(&ex);
    never slow = never_new();
    ac_timeout t = ac_timeout_of(&slow.base, AC_MSEC(50));
    ac_block_on(&ex, &t.base);
    assert_int_equal(t.result, -ETIMEDOUT);
    assert_int_equal(now_of(&ex) - start, AC_MSEC(50));
    assert_int_equal(slow.drops, 1);
    ac_future_drop(&t.base); /* dropping the finished timeout drops nothing twice */
    assert_int_equal(slow.drops, 1);
    ac_executor_close(&ex);
}

static void test_timeout_on_a_read_disarms_the_reactor_slot(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    char buf[8];
    ac_read rd = ac_read_some(&io, buf, sizeof buf);
    ac_timeout t = ac_timeout_of(&rd.base, AC_MSEC(5)); /* real clock, 5 ms */
    ac_block_on(&ex, &t.base);
    assert_int_equal(t.result, -ETIMEDOUT);
    assert_false(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    ac_io_close(&io);
    close(p[1]);
    ac_executor_close(&ex);
}

static void test_select_drops_each_loser_exactly_once(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    never a = never_new(), c = never_new();
    ac_sleep b = ac_sleep_for(AC_MSEC(20));
    ac_select s = AC_SELECT(&a.base, &b.base, &c.base);
    ac_block_on(&ex, &s.base);
    assert_int_equal(s.result, 1);
    assert_int_equal(a.drops, 1);
    assert_int_equal(c.drops, 1);
    assert_true(a.polls >= 1 && c.polls >= 1);
    ac_future_drop(&s.base); /* the losers are not dropped again, the winner never */
    assert_int_equal(a.drops, 1);
    assert_int_equal(c.drops, 1);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_executor_close(&ex);
}

static void test_dropping_a_pending_select_drops_every_branch(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    never a = never_new(), b = never_new();
    ac_select s = AC_SELECT(&a.base, &b.base);
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    ac_future_drop(&s.base);
    ac_future_drop(&s.base);
    assert_int_equal(a.drops, 1);
    assert_int_equal(b.drops, 1);
    ac_executor_close(&ex);
}

/* Fairness over many rounds, the biased mode, kept and disabled
 * branches and fuse are tested in test_select.c. */

static void test_select_with_no_branch_is_ready_with_minus_one(void **state)
{
    (void)state;
    ac_select s = AC_SELECT(NULL, NULL);
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_READY);
    assert_int_equal(s.result, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeout_lets_a_fast_future_finish),
        cmocka_unit_test(test_timeout_expires_and_drops_the_inner_future_once),
        cmocka_unit_test(test_timeout_on_a_read_disarms_the_reactor_slot),
        cmocka_unit_test(test_select_drops_each_loser_exactly_once),
        cmocka_unit_test(test_dropping_a_pending_select_drops_every_branch),
        cmocka_unit_test(test_select_with_no_branch_is_ready_with_minus_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
