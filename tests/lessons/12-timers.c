/*
 * Checks for lesson 12 (timers), one group per exercise.
 *
 *   ctest --preset learner -L 12-timers      all three
 *   ctest --preset learner -R 12-timers/ex1  just exercise 1
 *
 * Deterministic data only: fixed deadlines and a fixed pseudo-random
 * sequence.  Exercises 2 and 3 build their heaps with test doubles below,
 * so each check reaches its own function first.
 */
#include "../check.h"
#include "lesson.h"

/* The heap rule and the index bookkeeping, checked slot by slot. */
static void assert_valid_heap(const timer_heap *h)
{
    assert_true(h->len <= h->cap);
    for (size_t i = 0; i < h->len; i++) {
        assert_non_null(h->slots[i]);
        assert_int_equal(h->slots[i]->index, i + 1);
        if (i > 0)
            assert_false(timer_fires_before(h->slots[i], h->slots[(i - 1) / 2]));
    }
}

/* Test doubles: a plain sift-up push and sift-down pop, written here so
 * the checks of exercises 2 and 3 do not depend on your exercise 1/2. */
static void double_push(timer_heap *h, timer_entry *t, uint64_t deadline)
{
    assert_true(timer_heap_reserve(h));
    t->deadline = deadline;
    t->seq = h->next_seq++;
    size_t i = h->len++;
    while (i > 0 && timer_fires_before(t, h->slots[(i - 1) / 2])) {
        timer_heap_place(h, i, h->slots[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    timer_heap_place(h, i, t);
}

static timer_entry *double_pop(timer_heap *h)
{
    if (h->len == 0)
        return NULL;
    timer_entry *first = h->slots[0], *last = h->slots[--h->len];
    first->index = 0;
    if (h->len == 0)
        return first;
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->len)
            break;
        if (c + 1 < h->len && timer_fires_before(h->slots[c + 1], h->slots[c]))
            c++;
        if (!timer_fires_before(h->slots[c], last))
            break;
        timer_heap_place(h, i, h->slots[c]);
        i = c;
    }
    timer_heap_place(h, i, last);
    return first;
}

static uint32_t lcg(uint32_t *s) { return (*s = *s * 1103515245u + 12345u) >> 8; }

static void assert_labels(const timer_heap *h, const char *const *labels, size_t n)
{
    assert_int_equal(h->len, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(h->slots[i]->label, labels[i]);
}

/* ---- exercise 1: push --------------------------------------------------- */

static void push_keeps_the_earliest_on_top(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    timer_entry a = {.label = "A"}, b = {.label = "B"}, c = {.label = "C"}, d = {.label = "D"};
    assert_true(timer_heap_push(&h, &a, 30));
    assert_true(timer_heap_push(&h, &b, 10));
    assert_true(timer_heap_push(&h, &c, 20));
    assert_true(timer_heap_push(&h, &d, 10));
    assert_valid_heap(&h);
    /* the layout drawn in ex1_push.c: D rose past A but not past B (tie, B first) */
    const char *const expect[] = {"B", "D", "C", "A"};
    assert_labels(&h, expect, 4);
    assert_int_equal(a.deadline, 30);
    assert_int_equal(d.deadline, 10);
    assert_true(a.seq < b.seq && b.seq < c.seq && c.seq < d.seq); /* stamped in push order */
    timer_heap_free(&h);
}

static void push_refuses_a_queued_timer(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    timer_entry t = {.label = "T"};
    assert_true(timer_heap_push(&h, &t, 5));
    assert_false(timer_heap_push(&h, &t, 1));
    assert_int_equal(h.len, 1);
    assert_int_equal(t.deadline, 5); /* untouched by the refused push */
    assert_int_equal(t.index, 1);
    timer_heap_free(&h);
}

static void push_many_with_ties_keeps_the_heap_rule(void **state)
{
    (void)state;
    enum { N = 1000 };
    static timer_entry t[N];
    timer_heap h;
    timer_heap_init(&h);
    uint32_t rng = 42;
    size_t first = 0;
    for (size_t i = 0; i < N; i++) {
        t[i] = (timer_entry){.label = "t"};
        assert_true(timer_heap_push(&h, &t[i], lcg(&rng) % 50)); /* lots of equal deadlines */
        if (t[i].deadline < t[first].deadline)
            first = i;
        assert_ptr_equal(timer_heap_peek(&h), &t[first]); /* earliest, first pushed among equals */
    }
    assert_int_equal(h.len, N);
    assert_valid_heap(&h);
    timer_heap_free(&h);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(push_keeps_the_earliest_on_top),
    cmocka_unit_test(push_refuses_a_queued_timer),
    cmocka_unit_test(push_many_with_ties_keeps_the_heap_rule),
};

/* ---- exercise 2: pop ---------------------------------------------------- */

static void pop_of_an_empty_heap_is_null(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    assert_null(timer_heap_pop(&h));
    assert_int_equal(h.len, 0);
    timer_heap_free(&h);
}

static void pop_follows_deadlines_then_start_order(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    timer_entry a = {.label = "A"}, b = {.label = "B"}, c = {.label = "C"}, d = {.label = "D"};
    double_push(&h, &a, 30);
    double_push(&h, &b, 10);
    double_push(&h, &c, 20);
    double_push(&h, &d, 10);
    const char *const order[] = {"B", "D", "C", "A"};
    for (size_t i = 0; i < 4; i++) {
        timer_entry *t = timer_heap_pop(&h);
        assert_non_null(t);
        assert_string_equal(t->label, order[i]);
        assert_int_equal(t->index, 0); /* no longer queued */
        assert_int_equal(h.len, 3 - i);
        assert_valid_heap(&h);
    }
    assert_null(timer_heap_pop(&h));
    timer_heap_free(&h);
}

static void pop_picks_the_earlier_child(void **state)
{
    (void)state;
    /* after popping 1, the last entry (9) sits at the root with children
     * 5 and 3: it must swap with 3, the earlier, not with 5 */
    timer_heap h;
    timer_heap_init(&h);
    timer_entry e[5] = {{.label = "1"}, {.label = "5"}, {.label = "3"}, {.label = "6"}, {.label = "9"}};
    const uint64_t dl[5] = {1, 5, 3, 6, 9};
    for (size_t i = 0; i < 5; i++)
        double_push(&h, &e[i], dl[i]);
    assert_ptr_equal(timer_heap_pop(&h), &e[0]);
    const char *const expect[] = {"3", "5", "9", "6"};
    assert_labels(&h, expect, 4);
    assert_valid_heap(&h);
    timer_heap_free(&h);
}

static void pop_many_comes_out_sorted(void **state)
{
    (void)state;
    enum { N = 2000 };
    static timer_entry t[N];
    timer_heap h;
    timer_heap_init(&h);
    uint32_t rng = 7;
    for (size_t i = 0; i < N; i++) {
        t[i] = (timer_entry){.label = "t"};
        double_push(&h, &t[i], lcg(&rng) % 300);
    }
    timer_entry *prev = NULL;
    for (size_t i = 0; i < N; i++) {
        timer_entry *cur = timer_heap_pop(&h);
        assert_non_null(cur);
        if (prev != NULL)
            assert_true(timer_fires_before(prev, cur));
        prev = cur;
        if (i % 97 == 0)
            assert_valid_heap(&h);
    }
    assert_null(timer_heap_pop(&h));
    timer_heap_free(&h);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(pop_of_an_empty_heap_is_null),
    cmocka_unit_test(pop_follows_deadlines_then_start_order),
    cmocka_unit_test(pop_picks_the_earlier_child),
    cmocka_unit_test(pop_many_comes_out_sorted),
};

/* ---- exercise 3: cancel ------------------------------------------------- */

static void cancel_of_a_timer_not_queued_is_false(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    timer_entry idle = {.label = "idle"}, a = {.label = "A"};
    assert_false(timer_heap_cancel(&h, &idle));
    double_push(&h, &a, 3);
    assert_false(timer_heap_cancel(&h, &idle));
    assert_int_equal(h.len, 1);
    assert_true(timer_heap_cancel(&h, &a));
    assert_false(timer_heap_cancel(&h, &a)); /* twice: the second is a no-op */
    assert_int_equal(h.len, 0);
    timer_heap_free(&h);
}

static void cancel_fills_the_hole_from_the_last_slot(void **state)
{
    (void)state;
    timer_heap h;
    timer_heap_init(&h);
    timer_entry a = {.label = "A"}, b = {.label = "B"}, c = {.label = "C"}, d = {.label = "D"},
                e = {.label = "E"};
    double_push(&h, &a, 30);
    double_push(&h, &b, 10);
    double_push(&h, &c, 20);
    double_push(&h, &d, 10);
    double_push(&h, &e, 40); /* [B10 D10 C20 A30 E40], as in ex3_cancel.c */
    assert_true(timer_heap_cancel(&h, &d));
    assert_int_equal(d.index, 0);
    const char *const expect[] = {"B", "A", "C", "E"};
    assert_labels(&h, expect, 4);
    assert_valid_heap(&h);
    assert_true(timer_heap_cancel(&h, &e)); /* the last slot: nothing moves */
    assert_true(timer_heap_cancel(&h, &b)); /* the root */
    assert_valid_heap(&h);
    assert_ptr_equal(timer_heap_peek(&h), &c);
    timer_heap_free(&h);
}

static void cancel_may_need_to_sift_up(void **state)
{
    (void)state;
    /* [1 50 2 60 70 3 4]: cancel 60 and the last entry, 4, lands under 50 */
    timer_heap h;
    timer_heap_init(&h);
    timer_entry e[7] = {{.label = "1"},  {.label = "50"}, {.label = "2"}, {.label = "60"},
                        {.label = "70"}, {.label = "3"},  {.label = "4"}};
    const uint64_t dl[7] = {1, 50, 2, 60, 70, 3, 4};
    for (size_t i = 0; i < 7; i++)
        double_push(&h, &e[i], dl[i]);
    assert_true(timer_heap_cancel(&h, &e[3]));
    const char *const expect[] = {"1", "4", "2", "50", "70", "3"};
    assert_labels(&h, expect, 6);
    assert_valid_heap(&h);
    timer_heap_free(&h);
}

static void cancel_many_leaves_exactly_the_rest(void **state)
{
    (void)state;
    enum { N = 2000 };
    static timer_entry t[N];
    timer_heap h;
    timer_heap_init(&h);
    uint32_t rng = 99;
    for (size_t i = 0; i < N; i++) {
        t[i] = (timer_entry){.label = "t"};
        double_push(&h, &t[i], lcg(&rng) % 400);
    }
    size_t cancelled = 0;
    for (size_t k = 0; k < N; k++) {
        size_t i = (k * 7919) % N; /* every entry once, in a scrambled order */
        if (i % 3 != 0)
            continue;
        assert_true(timer_heap_cancel(&h, &t[i]));
        cancelled++;
        if (cancelled % 61 == 0)
            assert_valid_heap(&h);
    }
    assert_int_equal(h.len, N - cancelled);
    assert_valid_heap(&h);
    timer_entry *prev = NULL, *cur;
    size_t left = 0;
    while ((cur = double_pop(&h)) != NULL) {
        assert_true((size_t)(cur - t) % 3 != 0); /* nothing cancelled is still there */
        if (prev != NULL)
            assert_true(timer_fires_before(prev, cur));
        prev = cur;
        left++;
    }
    assert_int_equal(left, N - cancelled);
    timer_heap_free(&h);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(cancel_of_a_timer_not_queued_is_false),
    cmocka_unit_test(cancel_fills_the_hole_from_the_last_slot),
    cmocka_unit_test(cancel_may_need_to_sift_up),
    cmocka_unit_test(cancel_many_leaves_exactly_the_rest),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_push, ex1_tests), AC_CHECK_GROUP(ex2_pop, ex2_tests),
              AC_CHECK_GROUP(ex3_cancel, ex3_tests))
