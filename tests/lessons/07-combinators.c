/*
 * Checks for lesson 07 (combinators), one group per exercise.
 *
 *   ctest --preset learner -L 07-combinators      all four
 *   ctest --preset learner -R 07-combinators/ex3  just exercise 3
 *
 * The children here are test doubles (`fake`), not the lesson's `named`
 * future: they count their polls, the polls they got after Ready (a rule 1
 * violation) and their drops, and stamp the order in which they finished.
 */
#include "../check.h"
#include "lesson.h"

static wake_counts counts;    /* the shared counting waker of check.h */
static unsigned finish_clock; /* stamps the order children become Ready */

typedef struct fake {
    ac_future base;
    unsigned pendings; /* Pending answers to give before Ready */
    int value;
    bool ready;
    unsigned polls, polls_after_ready, drops, finished_at;
    int output;
} fake;

static ac_poll fake_poll(ac_future *self, ac_context *cx)
{
    fake *f = (fake *)self;
    if (f->ready) {
        f->polls_after_ready++;
        return AC_READY;
    }
    f->polls++;
    if (f->pendings > 0) {
        f->pendings--;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    f->ready = true;
    f->output = f->value;
    f->finished_at = ++finish_clock;
    return AC_READY;
}

static void fake_drop(ac_future *self) { ((fake *)self)->drops++; }

static const ac_future_vtable fake_vtable = {
    .name = "fake", .poll = fake_poll, .drop = fake_drop, AC_OUTPUT(fake, output)};

static fake fake_new(unsigned pendings, int value)
{
    return (fake){.base = {&fake_vtable}, .pendings = pendings, .value = value};
}

static ac_context *test_cx(void)
{
    static ac_waker w;
    static ac_context cx;
    counts = (wake_counts){0};
    w = wake_counts_waker(&counts);
    cx.waker = &w;
    finish_clock = 0;
    return &cx;
}

/* ---- exercise 1 ------------------------------------------------------ */

static void join2_waits_for_both_and_keeps_both_outputs(void **state)
{
    (void)state;
    CHECK_FN("join2_poll");
    ac_context *cx = test_cx();
    fake a = fake_new(2, 30), b = fake_new(0, 20);
    join2 j = join2_new(&a.base, &b.base);
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_PENDING, "a is Pending: the join is not done");
    EXPECT_TRUE(b.ready, "both children are polled on every poll, even when the first one is Pending");
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_PENDING, "a is still Pending");
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_READY, "Ready once BOTH children are Ready, not before");
    EXPECT_INT(j.output.a, 30, "output.a is a's output");
    EXPECT_INT(j.output.b, 20, "output.b is b's output, kept from the poll where b finished");
    EXPECT_INT(((int_pair *)ac_future_output(&j.base))->a, 30, "the output is readable through the vtable");
    EXPECT_UINT(a.polls, 3, "a needed 3 polls");
    EXPECT_UINT(b.polls, 1, "b needed 1 poll");
    EXPECT_UINT(a.polls_after_ready + b.polls_after_ready, 0,
                "a child that returned Ready is never polled again (rule 1): remember who is done");
    EXPECT_INT(counts.wakes, 2,
               "the children got the join's own context: their wakes reach the join's waker");
    EXPECT_UINT(a.drops + b.drops, 0, "finished children are not dropped");
}

static void join2_outputs_follow_position_not_finishing_order(void **state)
{
    (void)state;
    CHECK_FN("join2_poll");
    ac_context *cx = test_cx();
    fake a = fake_new(0, 5), b = fake_new(3, 6);
    join2 j = join2_new(&a.base, &b.base);
    int polls = 1;
    while (ac_future_poll(&j.base, cx) == AC_PENDING && polls < 10)
        polls++;
    EXPECT_INT(polls, 4, "b needs 4 polls, so does the join: Ready when the slower child is");
    EXPECT_INT(j.output.a, 5, "a finished first and still lands in output.a");
    EXPECT_INT(j.output.b, 6, "b finished last and lands in output.b");
    EXPECT_UINT(a.polls_after_ready, 0, "a finished on poll 1 and is not polled again");
}

static void join2_drop_cancels_only_the_unfinished_child(void **state)
{
    (void)state;
    CHECK_FN("join2_drop");
    ac_context *cx = test_cx();
    fake a = fake_new(0, 1), b = fake_new(5, 2);
    join2 j = join2_new(&a.base, &b.base);
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_PENDING, "b is still Pending");
    ac_future_drop(&j.base);
    EXPECT_UINT(a.drops, 0, "a finished: it has released everything, dropping it again is not allowed");
    EXPECT_UINT(b.drops, 1, "b has not finished: cancelling the join cancels b, exactly once");

    fake c = fake_new(1, 1), d = fake_new(1, 2);
    join2 never = join2_new(&c.base, &d.base);
    ac_future_drop(&never.base); /* dropped before its first poll */
    EXPECT_UINT(c.drops, 1, "a join dropped before its first poll drops both children");
    EXPECT_UINT(d.drops, 1, "a join dropped before its first poll drops both children");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(join2_waits_for_both_and_keeps_both_outputs),
    cmocka_unit_test(join2_outputs_follow_position_not_finishing_order),
    cmocka_unit_test(join2_drop_cancels_only_the_unfinished_child),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void join_all_keeps_slot_order_when_finishing_in_reverse(void **state)
{
    (void)state;
    CHECK_FN("join_all_poll");
    ac_context *cx = test_cx();
    fake f[4] = {fake_new(3, 100), fake_new(2, 101), fake_new(1, 102), fake_new(0, 103)};
    ac_future *slots[4] = {&f[0].base, &f[1].base, &f[2].base, &f[3].base};
    int outputs[4] = {-1, -1, -1, -1};
    join_all j = join_all_new(slots, 4, outputs);
    for (int round = 1; round <= 3; round++) {
        EXPECT_POLL(ac_future_poll(&j.base, cx), AC_PENDING, "a child is still Pending: not done");
        EXPECT_UINT(j.remaining, 4 - round,
                    "every poll polls every unfinished child, so one more finishes per round (remaining)");
    }
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_READY, "all four finished: Ready");
    for (int i = 0; i < 4; i++) {
        EXPECT_INT(outputs[i], 100 + i, "outputs[i] is child i's output: slot order, not finishing order");
        EXPECT_NULL(slots[i], "a finished child's slot is set to NULL");
        EXPECT_UINT(f[i].polls, 4 - i, "each child is polled until it is Ready");
        EXPECT_UINT(f[i].polls_after_ready, 0, "a finished child is never polled again (rule 1)");
        EXPECT_UINT(f[i].drops, 0, "finished children are not dropped");
    }
    EXPECT_TRUE(f[3].finished_at < f[2].finished_at && f[2].finished_at < f[1].finished_at &&
                    f[1].finished_at < f[0].finished_at,
                "the children finished last-to-first, yet each output stayed in its own slot");
    EXPECT_INT(counts.wakes, 3 + 2 + 1,
               "the children got the join's own context: their wakes reach its waker");
}

static void join_all_of_nothing_is_ready_at_once(void **state)
{
    (void)state;
    CHECK_FN("join_all_poll");
    ac_context *cx = test_cx();
    join_all j = join_all_new(NULL, 0, NULL);
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_READY, "with no children there is nothing to wait for");
}

static void join_all_drop_cancels_each_unfinished_child_once(void **state)
{
    (void)state;
    CHECK_FN("join_all_drop");
    ac_context *cx = test_cx();
    fake f[3] = {fake_new(0, 1), fake_new(2, 2), fake_new(4, 3)};
    ac_future *slots[3] = {&f[0].base, &f[1].base, &f[2].base};
    int outputs[3] = {0};
    join_all j = join_all_new(slots, 3, outputs);
    EXPECT_POLL(ac_future_poll(&j.base, cx), AC_PENDING, "two children are still Pending");
    EXPECT_INT(outputs[0], 1, "child 0 finished on the first poll");
    ac_future_drop(&j.base);
    EXPECT_UINT(f[0].drops, 0, "child 0 finished: it is not dropped");
    EXPECT_UINT(f[1].drops, 1, "an unfinished child is dropped, exactly once");
    EXPECT_UINT(f[2].drops, 1, "an unfinished child is dropped, exactly once");
    for (int i = 0; i < 3; i++)
        EXPECT_NULL(slots[i], "after drop no slot still names a child: a second drop would drop it again");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(join_all_keeps_slot_order_when_finishing_in_reverse),
    cmocka_unit_test(join_all_of_nothing_is_ready_at_once),
    cmocka_unit_test(join_all_drop_cancels_each_unfinished_child_once),
};

/* ---- exercise 3 ------------------------------------------------------ */

static void select2_right_wins_and_left_is_dropped_once(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    ac_context *cx = test_cx();
    fake phone = fake_new(3, 1), chat = fake_new(1, 2);
    select2 s = select2_new(&phone.base, &chat.base);
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_PENDING, "neither child is Ready yet");
    EXPECT_UINT(phone.drops + chat.drops, 0, "nobody is dropped while the race is on");
    EXPECT_INT(counts.wakes, 2, "both children were polled with the select's own context");
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_READY, "the right child is Ready: the select is decided");
    EXPECT_INT(s.output.winner, SELECT_RIGHT, "the winner is the child that was Ready");
    EXPECT_INT(s.output.value, 2, "the winner's output is delivered");
    EXPECT_INT(((select_result *)ac_future_output(&s.base))->value, 2,
               "the output is readable through the vtable");
    EXPECT_UINT(phone.drops, 1,
                "the loser is dropped at once, exactly once: until then it holds its registrations");
    EXPECT_UINT(chat.drops, 0, "the winner finished: it is never dropped");
    EXPECT_UINT(phone.polls, 2, "the loser was polled on both polls");
    EXPECT_UINT(chat.polls_after_ready, 0, "the winner is not polled again");
}

static void select2_left_wins_and_right_is_dropped_once(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    ac_context *cx = test_cx();
    fake left = fake_new(1, 7), right = fake_new(4, 8);
    select2 s = select2_new(&left.base, &right.base);
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_PENDING, "neither child is Ready yet");
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_READY, "the left child is Ready: the select is decided");
    EXPECT_INT(s.output.winner, SELECT_LEFT, "the winner is the child that was Ready");
    EXPECT_INT(s.output.value, 7, "the winner's output is delivered, not the loser's");
    EXPECT_UINT(left.drops, 0, "the winner finished: it is never dropped");
    EXPECT_UINT(right.drops, 1, "the loser is dropped at once, exactly once");
    EXPECT_UINT(right.polls, 1, "decided on poll 2 by the left child: the right one is not asked again");
}

static void select2_tie_goes_left_without_polling_right(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    ac_context *cx = test_cx();
    fake left = fake_new(0, 1), right = fake_new(0, 2);
    select2 s = select2_new(&left.base, &right.base);
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_READY, "the left child is Ready at once");
    EXPECT_INT(s.output.winner, SELECT_LEFT, "left is polled first, so it wins a tie (a biased select)");
    EXPECT_INT(s.output.value, 1, "the winner's output is delivered");
    EXPECT_UINT(right.polls, 0, "once left has won, right is not polled at all");
    EXPECT_UINT(right.drops, 1, "the loser is dropped, exactly once");
    EXPECT_UINT(left.drops, 0, "the winner is never dropped");
}

static void select2_dropped_mid_race_drops_both_once(void **state)
{
    (void)state;
    CHECK_FN("select2_drop");
    ac_context *cx = test_cx();
    fake a = fake_new(5, 1), b = fake_new(5, 2);
    select2 s = select2_new(&a.base, &b.base);
    EXPECT_POLL(ac_future_poll(&s.base, cx), AC_PENDING, "neither child is Ready yet");
    ac_future_drop(&s.base);
    EXPECT_UINT(a.drops, 1, "a select cancelled mid-race drops both children, each exactly once");
    EXPECT_UINT(b.drops, 1, "a select cancelled mid-race drops both children, each exactly once");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(select2_right_wins_and_left_is_dropped_once),
    cmocka_unit_test(select2_left_wins_and_right_is_dropped_once),
    cmocka_unit_test(select2_tie_goes_left_without_polling_right),
    cmocka_unit_test(select2_dropped_mid_race_drops_both_once),
};

/* ---- exercise 4 ------------------------------------------------------ */

typedef struct fn_log {
    int calls;
    int last_input;
    int factor;
} fn_log;

static int calls_without_arg; /* fn called with an arg other than map_new's */

static int logged_times(int value, void *arg)
{
    fn_log *log = arg;
    if (log == NULL) {
        calls_without_arg++;
        return 0;
    }
    log->calls++;
    log->last_input = value;
    return value * log->factor;
}

static void map_applies_fn_once_on_ready(void **state)
{
    (void)state;
    CHECK_FN("map_poll");
    ac_context *cx = test_cx();
    fn_log log = {.factor = 2};
    fake dice = fake_new(2, 21);
    map_future m = map_new(&dice.base, logged_times, &log);
    EXPECT_POLL(ac_future_poll(&m.base, cx), AC_PENDING, "the inner future is Pending, so is the map");
    EXPECT_POLL(ac_future_poll(&m.base, cx), AC_PENDING, "the inner future is Pending, so is the map");
    EXPECT_INT(log.calls, 0, "fn is not called while there is no output to map");
    EXPECT_INT(counts.wakes, 2,
               "the inner future got the map's own context: its wakes reach the map's waker");
    EXPECT_POLL(ac_future_poll(&m.base, cx), AC_READY, "the inner future is Ready, so is the map");
    EXPECT_INT(log.calls + calls_without_arg, 1, "fn runs exactly once, when the inner future is Ready");
    EXPECT_INT(calls_without_arg, 0, "fn is called with the arg given to map_new (here: its log)");
    EXPECT_INT(log.last_input, 21, "fn receives the inner future's output");
    EXPECT_INT(m.output, 42, "the map's output is fn's result: 2 * 21");
    EXPECT_INT(*(int *)ac_future_output(&m.base), 42, "the output is readable through the vtable");
    EXPECT_UINT(dice.polls_after_ready, 0, "the inner future is not polled again after Ready");
}

static void map_uses_its_arg(void **state)
{
    (void)state;
    CHECK_FN("map_poll");
    ac_context *cx = test_cx();
    fn_log log = {.factor = -3};
    fake seven = fake_new(0, 7);
    map_future m = map_new(&seven.base, logged_times, &log);
    EXPECT_POLL(ac_future_poll(&m.base, cx), AC_READY, "the inner future is Ready at once");
    EXPECT_INT(m.output, -21, "fn is called with the map's own arg (factor -3): -3 * 7");
}

static void map_drop_drops_inner_and_never_calls_fn(void **state)
{
    (void)state;
    CHECK_FN("map_drop");
    ac_context *cx = test_cx();
    fn_log log = {.factor = 2};
    fake slow = fake_new(9, 1);
    map_future m = map_new(&slow.base, logged_times, &log);
    EXPECT_POLL(ac_future_poll(&m.base, cx), AC_PENDING, "the inner future is Pending");
    ac_future_drop(&m.base);
    EXPECT_UINT(slow.drops, 1, "cancelling the map cancels its inner future, exactly once");
    EXPECT_INT(log.calls, 0, "a cancelled map never calls fn: there is no output");
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(map_applies_fn_once_on_ready),
    cmocka_unit_test(map_uses_its_arg),
    cmocka_unit_test(map_drop_drops_inner_and_never_calls_fn),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_join2, ex1_tests), AC_CHECK_GROUP(ex2_join_all, ex2_tests),
              AC_CHECK_GROUP(ex3_select2, ex3_tests), AC_CHECK_GROUP(ex4_map, ex4_tests))
