/*
 * Checks for lesson 01 (futures by hand), one group per exercise.
 *
 *   ctest --preset learner -L 01-futures      all three
 *   ctest --preset learner -R 01-futures/ex1  just exercise 1
 */
#include "../check.h"
#include "lesson.h"

/* ---- exercise 1 ------------------------------------------------------ */

static void countdown_pending_until_zero_then_ready(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(3);
    for (unsigned expected = 2; expected != (unsigned)-1; expected--) {
        assert_int_equal(ac_future_poll(&c.base, &cx), AC_PENDING);
        assert_int_equal(c.count, expected);
    }
    assert_int_equal(ac_future_poll(&c.base, &cx), AC_READY);
    /* rule 2: each Pending arranged exactly one wake; Ready none */
    assert_int_equal(counts.wakes, 3);
    /* a borrowed waker must not be dropped or consumed */
    assert_int_equal(counts.clones, counts.drops);
}

static void countdown_of_zero_is_ready_without_waking(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(0);
    assert_int_equal(ac_future_poll(&c.base, &cx), AC_READY);
    assert_int_equal(counts.wakes, 0);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(countdown_pending_until_zero_then_ready),
    cmocka_unit_test(countdown_of_zero_is_ready_without_waking),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void ready_hands_out_value_on_first_poll(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    ready_int r = ready_int_new(42);
    assert_int_equal(ac_future_poll(&r.base, &cx), AC_READY);
    assert_int_equal(r.output, 42);
    assert_int_equal(*(int *)ac_future_output(&r.base), 42);
    assert_true(r.taken);
    assert_int_equal(counts.wakes, 0);
}

static void ready_keeps_each_value_apart(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    ready_int a = ready_int_new(-7), b = ready_int_new(1000);
    assert_int_equal(ac_future_poll(&b.base, &cx), AC_READY);
    assert_int_equal(ac_future_poll(&a.base, &cx), AC_READY);
    assert_int_equal(a.output, -7);
    assert_int_equal(b.output, 1000);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(ready_hands_out_value_on_first_poll),
    cmocka_unit_test(ready_keeps_each_value_apart),
};

/* ---- exercise 3: uses its own test future, not exercise 1's ---------- */

/* Pending `left` times, then Ready; every poll counts `left` down, so
 * -1 after the first Ready means "polled exactly once more". */
typedef struct self_waking {
    ac_future base;
    int left;
} self_waking;

static ac_poll self_waking_poll(ac_future *self, ac_context *cx)
{
    self_waking *p = (self_waking *)self;
    if (p->left-- > 0) {
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    return AC_READY;
}
static const ac_future_vtable self_waking_vtable = {.name = "self_waking", .poll = self_waking_poll};

typedef struct observed {
    unsigned calls;
    unsigned last_number;
    int pendings, readies;
    bool in_order;
} observed;

static void observe(unsigned n, ac_poll r, void *arg)
{
    observed *o = arg;
    o->calls++;
    if (n != o->last_number + 1)
        o->in_order = false;
    o->last_number = n;
    if (r == AC_READY)
        o->readies++;
    else
        o->pendings++;
}

static void poll_by_hand_polls_until_ready(void **state)
{
    (void)state;
    self_waking p = {.base = {&self_waking_vtable}, .left = 4};
    observed o = {.in_order = true};
    assert_int_equal(poll_by_hand(&p.base, observe, &o), 5);
    assert_int_equal(o.calls, 5);
    assert_true(o.in_order);
    assert_int_equal(o.pendings, 4);
    assert_int_equal(o.readies, 1);
}

static void poll_by_hand_ready_at_once_and_no_observer(void **state)
{
    (void)state;
    self_waking p = {.base = {&self_waking_vtable}, .left = 0};
    assert_int_equal(poll_by_hand(&p.base, NULL, NULL), 1);
    assert_int_equal(p.left, -1); /* polled exactly once */
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(poll_by_hand_polls_until_ready),
    cmocka_unit_test(poll_by_hand_ready_at_once_and_no_observer),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_countdown, ex1_tests), AC_CHECK_GROUP(ex2_ready, ex2_tests),
              AC_CHECK_GROUP(ex3_poll_by_hand, ex3_tests))
