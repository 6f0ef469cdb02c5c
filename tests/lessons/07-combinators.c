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
    ac_context *cx = test_cx();
    fake a = fake_new(2, 30), b = fake_new(0, 20);
    join2 j = join2_new(&a.base, &b.base);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_PENDING);
    assert_true(b.ready);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_READY);
    assert_int_equal(j.output.a, 30);
    assert_int_equal(j.output.b, 20);
    assert_int_equal(((int_pair *)ac_future_output(&j.base))->a, 30);
    assert_int_equal(a.polls, 3);
    assert_int_equal(b.polls, 1);
    assert_int_equal(a.polls_after_ready + b.polls_after_ready, 0); /* rule 1 kept for children */
    assert_int_equal(counts.wakes, 2);                              /* the children's wakes got through */
    assert_int_equal(a.drops + b.drops, 0);                         /* finished children are not dropped */
}

static void join2_outputs_follow_position_not_finishing_order(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake a = fake_new(0, 5), b = fake_new(3, 6);
    join2 j = join2_new(&a.base, &b.base);
    int polls = 1;
    while (ac_future_poll(&j.base, cx) == AC_PENDING && polls < 10)
        polls++;
    assert_int_equal(polls, 4);
    assert_int_equal(j.output.a, 5);
    assert_int_equal(j.output.b, 6);
    assert_int_equal(a.polls_after_ready, 0);
}

static void join2_drop_cancels_only_the_unfinished_child(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake a = fake_new(0, 1), b = fake_new(5, 2);
    join2 j = join2_new(&a.base, &b.base);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_PENDING);
    ac_future_drop(&j.base);
    assert_int_equal(a.drops, 0);
    assert_int_equal(b.drops, 1);

    fake c = fake_new(1, 1), d = fake_new(1, 2);
    join2 never = join2_new(&c.base, &d.base);
    ac_future_drop(&never.base); /* dropped before its first poll */
    assert_int_equal(c.drops, 1);
    assert_int_equal(d.drops, 1);
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
    ac_context *cx = test_cx();
    fake f[4] = {fake_new(3, 100), fake_new(2, 101), fake_new(1, 102), fake_new(0, 103)};
    ac_future *slots[4] = {&f[0].base, &f[1].base, &f[2].base, &f[3].base};
    int outputs[4] = {-1, -1, -1, -1};
    join_all j = join_all_new(slots, 4, outputs);
    for (int round = 1; round <= 3; round++) {
        assert_int_equal(ac_future_poll(&j.base, cx), AC_PENDING);
        assert_int_equal(j.remaining, (size_t)(4 - round));
    }
    assert_int_equal(ac_future_poll(&j.base, cx), AC_READY);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(outputs[i], 100 + i);
        assert_null(slots[i]);
        assert_int_equal(f[i].polls, 4 - i);
        assert_int_equal(f[i].polls_after_ready, 0);
        assert_int_equal(f[i].drops, 0);
    }
    /* they really did finish last-to-first */
    assert_true(f[3].finished_at < f[2].finished_at);
    assert_true(f[2].finished_at < f[1].finished_at);
    assert_true(f[1].finished_at < f[0].finished_at);
    assert_int_equal(counts.wakes, 3 + 2 + 1);
}

static void join_all_of_nothing_is_ready_at_once(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    join_all j = join_all_new(NULL, 0, NULL);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_READY);
}

static void join_all_drop_cancels_each_unfinished_child_once(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake f[3] = {fake_new(0, 1), fake_new(2, 2), fake_new(4, 3)};
    ac_future *slots[3] = {&f[0].base, &f[1].base, &f[2].base};
    int outputs[3] = {0};
    join_all j = join_all_new(slots, 3, outputs);
    assert_int_equal(ac_future_poll(&j.base, cx), AC_PENDING);
    assert_int_equal(outputs[0], 1);
    ac_future_drop(&j.base);
    assert_int_equal(f[0].drops, 0);
    assert_int_equal(f[1].drops, 1);
    assert_int_equal(f[2].drops, 1);
    for (int i = 0; i < 3; i++)
        assert_null(slots[i]);
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
    ac_context *cx = test_cx();
    fake phone = fake_new(3, 1), chat = fake_new(1, 2);
    select2 s = select2_new(&phone.base, &chat.base);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_PENDING);
    assert_int_equal(phone.drops + chat.drops, 0); /* nobody is dropped while the race is on */
    assert_int_equal(counts.wakes, 2);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_READY);
    assert_int_equal(s.output.winner, SELECT_RIGHT);
    assert_int_equal(s.output.value, 2); /* the winner's output is delivered */
    assert_int_equal(((select_result *)ac_future_output(&s.base))->value, 2);
    assert_int_equal(phone.drops, 1); /* the loser's drop ran exactly once */
    assert_int_equal(chat.drops, 0);  /* the winner finished: never dropped */
    assert_int_equal(phone.polls, 2);
    assert_int_equal(chat.polls_after_ready, 0);
}

static void select2_left_wins_and_right_is_dropped_once(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake left = fake_new(1, 7), right = fake_new(4, 8);
    select2 s = select2_new(&left.base, &right.base);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_READY);
    assert_int_equal(s.output.winner, SELECT_LEFT);
    assert_int_equal(s.output.value, 7);
    assert_int_equal(left.drops, 0);
    assert_int_equal(right.drops, 1);
    assert_int_equal(right.polls, 1); /* decided on poll 2 by left: right not asked again */
}

static void select2_tie_goes_left_without_polling_right(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake left = fake_new(0, 1), right = fake_new(0, 2);
    select2 s = select2_new(&left.base, &right.base);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_READY);
    assert_int_equal(s.output.winner, SELECT_LEFT);
    assert_int_equal(s.output.value, 1);
    assert_int_equal(right.polls, 0);
    assert_int_equal(right.drops, 1);
    assert_int_equal(left.drops, 0);
}

static void select2_dropped_mid_race_drops_both_once(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fake a = fake_new(5, 1), b = fake_new(5, 2);
    select2 s = select2_new(&a.base, &b.base);
    assert_int_equal(ac_future_poll(&s.base, cx), AC_PENDING);
    ac_future_drop(&s.base);
    assert_int_equal(a.drops, 1);
    assert_int_equal(b.drops, 1);
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

static int logged_times(int value, void *arg)
{
    fn_log *log = arg;
    log->calls++;
    log->last_input = value;
    return value * log->factor;
}

static void map_applies_fn_once_on_ready(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fn_log log = {.factor = 2};
    fake dice = fake_new(2, 21);
    map_future m = map_new(&dice.base, logged_times, &log);
    assert_int_equal(ac_future_poll(&m.base, cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&m.base, cx), AC_PENDING);
    assert_int_equal(log.calls, 0); /* nothing to map yet */
    assert_int_equal(counts.wakes, 2);
    assert_int_equal(ac_future_poll(&m.base, cx), AC_READY);
    assert_int_equal(log.calls, 1);
    assert_int_equal(log.last_input, 21);
    assert_int_equal(m.output, 42);
    assert_int_equal(*(int *)ac_future_output(&m.base), 42);
    assert_int_equal(dice.polls_after_ready, 0);
}

static void map_uses_its_arg(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fn_log log = {.factor = -3};
    fake seven = fake_new(0, 7);
    map_future m = map_new(&seven.base, logged_times, &log);
    assert_int_equal(ac_future_poll(&m.base, cx), AC_READY);
    assert_int_equal(m.output, -21);
}

static void map_drop_drops_inner_and_never_calls_fn(void **state)
{
    (void)state;
    ac_context *cx = test_cx();
    fn_log log = {.factor = 2};
    fake slow = fake_new(9, 1);
    map_future m = map_new(&slow.base, logged_times, &log);
    assert_int_equal(ac_future_poll(&m.base, cx), AC_PENDING);
    ac_future_drop(&m.base);
    assert_int_equal(slow.drops, 1);
    assert_int_equal(log.calls, 0);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(map_applies_fn_once_on_ready),
    cmocka_unit_test(map_uses_its_arg),
    cmocka_unit_test(map_drop_drops_inner_and_never_calls_fn),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_join2, ex1_tests), AC_CHECK_GROUP(ex2_join_all, ex2_tests),
              AC_CHECK_GROUP(ex3_select2, ex3_tests), AC_CHECK_GROUP(ex4_map, ex4_tests))
