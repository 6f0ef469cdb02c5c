/*
 * Checks for lesson 06 (pinning: address stability), one group per exercise.
 *
 *   ctest --preset learner -L 06-pinning      all three
 *   ctest --preset learner -R 06-pinning/ex1  just exercise 1
 */
#include <stdlib.h>

#include "../check.h"
#include "lesson.h"

/* Poll a speller until Ready, at most `limit` times; the number of polls,
 * or limit + 1 if it never finished (a wrong move makes it spin). */
static unsigned finish(speller *s, unsigned limit)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    for (unsigned polls = 1; polls <= limit; polls++)
        if (ac_future_poll(&s->base, &cx) == AC_READY)
            return polls;
    return limit + 1;
}

/* ---- exercise 1 ------------------------------------------------------ */

static void move_after_polls_repoints_into_own_buffer(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    speller src = speller_new("pinned");
    assert_int_equal(ac_future_poll(&src.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&src.base, &cx), AC_PENDING);

    speller dst;
    memset(&dst, 0x55, sizeof dst);
    speller_move(&dst, &src);
    assert_ptr_equal(dst.cursor, dst.buf + 2);
    assert_string_equal(dst.buf, "pi");
    assert_ptr_equal(dst.word, src.word);

    /* the source is dead after a move: wreck it, dst must not care */
    memset(&src, 'X', sizeof src);
    assert_int_equal(finish(&dst, 10), 5); /* 4 more letters + the Ready poll */
    assert_string_equal(dst.buf, "pinned");
}

static void move_before_first_poll_keeps_no_cursor(void **state)
{
    (void)state;
    speller src = speller_new("abc");
    speller dst;
    memset(&dst, 0x55, sizeof dst);
    speller_move(&dst, &src);
    assert_null(dst.cursor);
    memset(&src, 'X', sizeof src);
    assert_int_equal(finish(&dst, 10), 4);
    assert_string_equal(dst.buf, "abc");
}

static void move_twice_to_the_heap_and_back(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    speller a = speller_new("hop");
    assert_int_equal(ac_future_poll(&a.base, &cx), AC_PENDING);
    speller *heap = malloc(sizeof *heap);
    assert_non_null(heap);
    speller_move(heap, &a);
    assert_int_equal(ac_future_poll(&heap->base, &cx), AC_PENDING);
    speller b;
    speller_move(&b, heap);
    free(heap); /* a stale cursor into this block would be a use-after-free */
    assert_ptr_equal(b.cursor, b.buf + 2);
    assert_int_equal(finish(&b, 10), 2);
    assert_string_equal(b.buf, "hop");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(move_after_polls_repoints_into_own_buffer),
    cmocka_unit_test(move_before_first_poll_keeps_no_cursor),
    cmocka_unit_test(move_twice_to_the_heap_and_back),
};

/* ---- exercise 2: a test future of its own, not the lesson's ---------- */

typedef struct blob {
    ac_future base;
    int id;
    char pad[40]; /* big enough that a moved copy would land elsewhere */
} blob;

static ac_poll blob_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    return AC_READY;
}
static const ac_future_vtable blob_vtable = {.name = "blob", .poll = blob_poll};

static void pushed_futures_never_move_while_the_list_grows(void **state)
{
    (void)state;
    enum { COUNT = 100 };
    pinned_list l = PINNED_LIST_INIT;
    ac_future *addr[COUNT];
    for (int i = 0; i < COUNT; i++) {
        blob b = {.base = {&blob_vtable}, .id = i};
        addr[i] = pinned_list_push(&l, &b, sizeof b);
        assert_non_null(addr[i]);
        assert_true(addr[i] != &b.base); /* a copy of its own, not our stack variable */
    }
    assert_int_equal(l.len, COUNT);
    assert_true(l.cap >= l.len);
    for (int i = 0; i < COUNT; i++) {
        assert_ptr_equal(l.items[i], addr[i]); /* same address as when pushed */
        const blob *b = (const blob *)(void *)l.items[i];
        assert_ptr_equal(b->base.vtable, &blob_vtable);
        assert_int_equal(b->id, i);
        for (int j = 0; j < i; j++)
            assert_true(addr[j] != addr[i]);
    }
    pinned_list_free(&l); /* ASan's leak check holds the rest of this test */
    assert_null(l.items);
    assert_int_equal(l.len, 0);
    assert_int_equal(l.cap, 0);
}

static void free_leaves_the_list_usable(void **state)
{
    (void)state;
    pinned_list l = PINNED_LIST_INIT;
    pinned_list_free(&l); /* an empty list frees fine */
    blob b = {.base = {&blob_vtable}, .id = 7};
    ac_future *f = pinned_list_push(&l, &b, sizeof b);
    assert_non_null(f);
    assert_int_equal(l.len, 1);
    assert_int_equal(((blob *)(void *)f)->id, 7);
    pinned_list_free(&l);
    f = pinned_list_push(&l, &b, sizeof b);
    assert_non_null(f);
    assert_int_equal(l.len, 1);
    pinned_list_free(&l);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(pushed_futures_never_move_while_the_list_grows),
    cmocka_unit_test(free_leaves_the_list_usable),
};

/* ---- exercise 3 ------------------------------------------------------ */

typedef struct watched {
    ac_future base;
    pin_guard guard;
    int moved_polls; /* polls the guard rejected */
} watched;

static ac_poll watched_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    watched *w = (watched *)self;
    if (!pin_guard_check(&w->guard, self, "watched"))
        w->moved_polls++;
    return AC_PENDING;
}
static const ac_future_vtable watched_vtable = {.name = "watched", .poll = watched_poll};

static void guard_records_home_then_accepts_it(void **state)
{
    (void)state;
    int here = 0, there = 0;
    pin_guard g = PIN_GUARD_INIT;
    assert_true(pin_guard_check(&g, &here, "x"));
    assert_ptr_equal(g.home, &here);
    assert_true(pin_guard_check(&g, &here, "x"));
    assert_false(pin_guard_check(&g, &there, "x"));
    assert_ptr_equal(g.home, &here); /* a failed check does not adopt the new address */
    assert_false(pin_guard_check(&g, &there, "x"));
    assert_true(pin_guard_check(&g, &here, "x"));
}

static void guard_allows_move_before_first_poll_and_catches_one_after(void **state)
{
    (void)state;
    ac_waker nw = ac_waker_noop();
    ac_context cx = {.waker = &nw};
    watched a = {.base = {&watched_vtable}, .guard = PIN_GUARD_INIT};
    watched early;
    memcpy(&early, &a, sizeof a); /* before any poll: fine */
    ac_future_poll(&early.base, &cx);
    ac_future_poll(&early.base, &cx);
    assert_int_equal(early.moved_polls, 0);

    watched late;
    memcpy(&late, &early, sizeof early); /* after a poll: caught */
    ac_future_poll(&late.base, &cx);
    assert_int_equal(late.moved_polls, 1);
    ac_future_poll(&early.base, &cx); /* the original, still at home, is fine */
    assert_int_equal(early.moved_polls, 0);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(guard_records_home_then_accepts_it),
    cmocka_unit_test(guard_allows_move_before_first_poll_and_catches_one_after),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_relocate, ex1_tests), AC_CHECK_GROUP(ex2_pinned_list, ex2_tests),
              AC_CHECK_GROUP(ex3_pin_guard, ex3_tests))
