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
static void expect_valid_heap(const timer_heap *h)
{
    EXPECT_TRUE(h->len <= h->cap, "the heap never holds more entries than its array has slots");
    for (size_t i = 0; i < h->len; i++) {
        EXPECT_NONNULL(h->slots[i], "every slot below len holds an entry");
        EXPECT_INT(
            h->slots[i]->index, i + 1,
            "each entry's index is its slot + 1, updated on every move (timer_heap_place does both), or a "
            "later cancel takes out the wrong entry");
        if (i > 0)
            EXPECT_FALSE(timer_fires_before(h->slots[i], h->slots[(i - 1) / 2]),
                         "the heap rule: no entry fires before its parent (slot (i - 1) / 2)");
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

/* The heap's slots as their labels, "B D C A", for a message in words. */
static const char *layout(const timer_heap *h)
{
    static char text[256];
    size_t at = 0;
    text[0] = 0;
    for (size_t i = 0; i < h->len && at + 8 < sizeof text; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s%s", i ? " " : "", h->slots[i]->label);
    return text;
}

/* ---- exercise 1: push --------------------------------------------------- */

static void push_keeps_the_earliest_on_top(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_push");
    timer_heap h;
    timer_heap_init(&h);
    timer_entry a = {.label = "A"}, b = {.label = "B"}, c = {.label = "C"}, d = {.label = "D"};
    EXPECT_TRUE(timer_heap_push(&h, &a, 30), "a timer not yet queued is accepted");
    EXPECT_STR(layout(&h), "A", "one push: the only entry sits at the root");
    EXPECT_TRUE(timer_heap_push(&h, &b, 10), "a timer not yet queued is accepted");
    EXPECT_STR(layout(&h), "B A",
               "B (10) fires before its parent A (30), so it sifts up to the root (slot 0 has no parent)");
    EXPECT_TRUE(timer_heap_push(&h, &c, 20), "a timer not yet queued is accepted");
    EXPECT_TRUE(timer_heap_push(&h, &d, 10), "a timer not yet queued is accepted");
    expect_valid_heap(&h);
    EXPECT_STR(
        layout(&h), "B D C A",
        "D (10) rises past A (30) but not past B (10): with equal deadlines the one pushed first fires "
        "first (timer_fires_before compares seq)");
    EXPECT_INT(a.deadline, 30, "push stamps the deadline it is given");
    EXPECT_INT(d.deadline, 10, "push stamps the deadline it is given");
    EXPECT_TRUE(a.seq < b.seq && b.seq < c.seq && c.seq < d.seq,
                "push stamps each timer with the next seq (h->next_seq, counted up): the start order");
    timer_heap_free(&h);
}

static void push_refuses_a_queued_timer(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_push");
    timer_heap h;
    timer_heap_init(&h);
    timer_entry t = {.label = "T"};
    EXPECT_TRUE(timer_heap_push(&h, &t, 5), "a timer not yet queued is accepted");
    EXPECT_FALSE(timer_heap_push(&h, &t, 1),
                 "a timer already queued is refused: one entry cannot sit in two slots");
    EXPECT_INT(h.len, 1, "a refused push leaves the heap as it was");
    EXPECT_INT(t.deadline, 5, "a refused push leaves the timer as it was: its deadline too");
    EXPECT_INT(t.index, 1, "a refused push leaves the timer in its slot");
    timer_heap_free(&h);
}

static void push_many_with_ties_keeps_the_heap_rule(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_push");
    enum { N = 1000 };
    static timer_entry t[N];
    timer_heap h;
    timer_heap_init(&h);
    uint32_t rng = 42;
    size_t first = 0;
    for (size_t i = 0; i < N; i++) {
        t[i] = (timer_entry){.label = "t"};
        EXPECT_TRUE(timer_heap_push(&h, &t[i], lcg(&rng) % 50), "a timer not yet queued is accepted");
        if (t[i].deadline < t[first].deadline)
            first = i;
        EXPECT_PTR(timer_heap_peek(&h), &t[first],
                   "the root is the earliest deadline, and among equal ones the first pushed");
    }
    EXPECT_INT(h.len, N, "every push adds one entry");
    expect_valid_heap(&h);
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
    CHECK_FN("timer_heap_pop");
    timer_heap h;
    timer_heap_init(&h);
    EXPECT_NULL(timer_heap_pop(&h), "an empty heap has nothing to pop: NULL");
    EXPECT_INT(h.len, 0, "popping an empty heap leaves it empty");
    timer_heap_free(&h);
}

static void pop_follows_deadlines_then_start_order(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_pop");
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
        EXPECT_NONNULL(t, "a heap with entries left pops one");
        EXPECT_STR(t->label, order[i], "pop returns the root: the earliest deadline, ties in start order");
        EXPECT_INT(t->index, 0, "a popped entry is no longer queued: its index goes back to 0");
        EXPECT_INT(h.len, 3 - i, "each pop takes out exactly one entry");
        expect_valid_heap(&h);
    }
    EXPECT_NULL(timer_heap_pop(&h), "after the last entry the heap is empty: NULL");
    timer_heap_free(&h);
}

static void pop_picks_the_earlier_child(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_pop");
    /* after popping 1, the last entry (9) sits at the root with children
     * 5 and 3: it must swap with 3, the earlier, not with 5 */
    timer_heap h;
    timer_heap_init(&h);
    timer_entry e[5] = {{.label = "1"}, {.label = "5"}, {.label = "3"}, {.label = "6"}, {.label = "9"}};
    const uint64_t dl[5] = {1, 5, 3, 6, 9};
    for (size_t i = 0; i < 5; i++)
        double_push(&h, &e[i], dl[i]);
    EXPECT_PTR(timer_heap_pop(&h), &e[0], "pop returns the root, the earliest deadline");
    EXPECT_STR(layout(&h), "3 5 9 6",
               "the last entry (9) moves to the root and swaps with the child that fires first (3, not 5): "
               "otherwise 5 would sit above 3");
    expect_valid_heap(&h);
    timer_heap_free(&h);
}

/* A sift-down that stops after one level leaves the heap broken deeper
 * down: the root's replacement must sink all the way. */
static void pop_sinks_the_last_entry_all_the_way(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_pop");
    timer_heap h;
    timer_heap_init(&h);
    timer_entry e[8];
    const uint64_t dl[8] = {1, 2, 3, 4, 5, 6, 7, 90};
    const char *const names[8] = {"1", "2", "3", "4", "5", "6", "7", "90"};
    for (size_t i = 0; i < 8; i++) {
        e[i] = (timer_entry){.label = names[i]};
        double_push(&h, &e[i], dl[i]);
    }
    EXPECT_PTR(timer_heap_pop(&h), &e[0], "pop returns the root, the earliest deadline");
    EXPECT_STR(layout(&h), "2 4 3 90 5 6 7",
               "the last entry (90) sinks level by level until no child fires before it, not just one level");
    expect_valid_heap(&h);
    timer_heap_free(&h);
}

static void pop_many_comes_out_sorted(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_pop");
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
        EXPECT_NONNULL(cur, "a heap with entries left pops one");
        if (prev != NULL)
            EXPECT_TRUE(timer_fires_before(prev, cur), "timers come out in firing order: deadline, then seq");
        prev = cur;
        if (i % 97 == 0)
            expect_valid_heap(&h);
    }
    EXPECT_NULL(timer_heap_pop(&h), "after the last entry the heap is empty: NULL");
    timer_heap_free(&h);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(pop_of_an_empty_heap_is_null), cmocka_unit_test(pop_follows_deadlines_then_start_order),
    cmocka_unit_test(pop_picks_the_earlier_child),  cmocka_unit_test(pop_sinks_the_last_entry_all_the_way),
    cmocka_unit_test(pop_many_comes_out_sorted),
};

/* ---- exercise 3: cancel ------------------------------------------------- */

static void cancel_of_a_timer_not_queued_is_false(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_cancel");
    timer_heap h;
    timer_heap_init(&h);
    timer_entry idle = {.label = "idle"}, a = {.label = "A"};
    EXPECT_FALSE(timer_heap_cancel(&h, &idle), "a timer that was never pushed is not queued: false");
    double_push(&h, &a, 3);
    EXPECT_FALSE(timer_heap_cancel(&h, &idle), "a timer that was never pushed is not queued: false");
    EXPECT_INT(h.len, 1, "cancelling a timer that is not queued changes nothing");
    EXPECT_TRUE(timer_heap_cancel(&h, &a), "a queued timer is taken out: true");
    EXPECT_INT(a.index, 0, "a cancelled timer is no longer queued: its index goes back to 0");
    EXPECT_FALSE(timer_heap_cancel(&h, &a), "cancelling twice: the second finds it no longer queued");
    EXPECT_INT(h.len, 0, "one entry cancelled, none left");
    timer_heap_free(&h);
}

static void cancel_fills_the_hole_from_the_last_slot(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_cancel");
    timer_heap h;
    timer_heap_init(&h);
    timer_entry a = {.label = "A"}, b = {.label = "B"}, c = {.label = "C"}, d = {.label = "D"},
                e = {.label = "E"};
    double_push(&h, &a, 30);
    double_push(&h, &b, 10);
    double_push(&h, &c, 20);
    double_push(&h, &d, 10);
    double_push(&h, &e, 40); /* [B10 D10 C20 A30 E40], as in ex3_cancel.c */
    EXPECT_TRUE(timer_heap_cancel(&h, &d), "a queued timer is taken out: true");
    EXPECT_INT(d.index, 0, "a cancelled timer is no longer queued: its index goes back to 0");
    EXPECT_STR(layout(&h), "B A C E",
               "the last entry (E40) fills D's slot, then sinks below A30 because A fires first");
    expect_valid_heap(&h);
    EXPECT_TRUE(timer_heap_cancel(&h, &e), "the entry in the last slot is taken out: nothing moves");
    EXPECT_INT(e.index, 0, "a cancelled timer is no longer queued, even one from the last slot");
    EXPECT_STR(layout(&h), "B A C", "cancelling the last slot only shortens the heap");
    EXPECT_TRUE(timer_heap_cancel(&h, &b), "the root is taken out like any other");
    expect_valid_heap(&h);
    EXPECT_PTR(timer_heap_peek(&h), &c, "with B gone, C (20) fires first");
    timer_heap_free(&h);
}

static void cancel_may_need_to_sift_up(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_cancel");
    /* [1 50 2 60 70 3 4]: cancel 60 and the last entry, 4, lands under 50 */
    timer_heap h;
    timer_heap_init(&h);
    timer_entry e[7] = {{.label = "1"},  {.label = "50"}, {.label = "2"}, {.label = "60"},
                        {.label = "70"}, {.label = "3"},  {.label = "4"}};
    const uint64_t dl[7] = {1, 50, 2, 60, 70, 3, 4};
    for (size_t i = 0; i < 7; i++)
        double_push(&h, &e[i], dl[i]);
    EXPECT_TRUE(timer_heap_cancel(&h, &e[3]), "a queued timer is taken out: true");
    EXPECT_STR(layout(&h), "1 4 2 50 70 3",
               "the last entry (4) lands in a hole under 50, and 4 fires first: it must sift UP past 50");
    expect_valid_heap(&h);
    timer_heap_free(&h);
}

static void cancel_many_leaves_exactly_the_rest(void **state)
{
    (void)state;
    CHECK_FN("timer_heap_cancel");
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
        EXPECT_TRUE(timer_heap_cancel(&h, &t[i]), "a queued timer is taken out: true");
        cancelled++;
        if (cancelled % 61 == 0)
            expect_valid_heap(&h);
    }
    EXPECT_INT(h.len, N - cancelled, "each cancel takes out exactly one entry");
    expect_valid_heap(&h);
    timer_entry *prev = NULL, *cur;
    size_t left = 0;
    while ((cur = double_pop(&h)) != NULL) {
        EXPECT_TRUE((size_t)(cur - t) % 3 != 0, "a cancelled timer never fires: it is out of the heap");
        if (prev != NULL)
            EXPECT_TRUE(timer_fires_before(prev, cur), "the timers left still come out in firing order");
        prev = cur;
        left++;
    }
    EXPECT_INT(left, N - cancelled, "every timer not cancelled is still there, once");
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
