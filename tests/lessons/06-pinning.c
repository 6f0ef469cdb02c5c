/*
 * Checks for lesson 06 (pinning: address stability), one group per exercise.
 *
 *   ctest --preset learner -L 06-pinning      all three
 *   ctest --preset learner -R 06-pinning/ex1  just exercise 1
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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
    CHECK_FN("speller_move");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    speller src = speller_new("pinned");
    assert_int_equal(ac_future_poll(&src.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&src.base, &cx), AC_PENDING);

    speller dst;
    memset(&dst, 0x55, sizeof dst);
    speller_move(&dst, &src);
    EXPECT_PTR(
        dst.cursor, dst.buf + 2,
        "after 2 letters the cursor is at buf + 2 - of dst's OWN buffer, not src's (a plain copy keeps "
        "pointing into src)");
    EXPECT_STR(dst.buf, "pi", "the letters written so far move with the speller");
    EXPECT_PTR(dst.word, src.word, "every other field is copied as it is");

    /* the source is dead after a move: wreck it, dst must not care */
    memset(&src, 'X', sizeof src);
    EXPECT_UINT(finish(&dst, 10), 5,
                "the moved speller finishes on its own: 4 more letters + the Ready poll, src no longer used");
    EXPECT_STR(dst.buf, "pinned", "all the letters landed in dst's buffer");
}

static void move_before_first_poll_keeps_no_cursor(void **state)
{
    (void)state;
    CHECK_FN("speller_move");
    speller src = speller_new("abc");
    speller dst;
    memset(&dst, 0x55, sizeof dst);
    speller_move(&dst, &src);
    EXPECT_NULL(dst.cursor, "a never-polled speller has no inner pointer yet, and its copy must not get one");
    memset(&src, 'X', sizeof src);
    EXPECT_UINT(finish(&dst, 10), 4, "3 letters + the Ready poll");
    EXPECT_STR(dst.buf, "abc", "the first poll of the copy points its cursor at its own buffer");
}

static void move_twice_to_the_heap_and_back(void **state)
{
    (void)state;
    CHECK_FN("speller_move");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    speller a = speller_new("hop");
    assert_int_equal(ac_future_poll(&a.base, &cx), AC_PENDING);
    speller *heap = malloc(sizeof *heap);
    assert_non_null(heap);
    speller_move(heap, &a);
    EXPECT_PTR(heap->cursor, heap->buf + 1, "after 1 letter the cursor is at buf + 1 of the new home");
    EXPECT_POLL(ac_future_poll(&heap->base, &cx), AC_PENDING, "the moved speller writes its next letter");
    speller b;
    speller_move(&b, heap);
    free(heap); /* a stale cursor into this block would be a use-after-free */
    EXPECT_PTR(b.cursor, b.buf + 2,
               "moved again after 2 letters: the cursor is at buf + 2 of the latest home");
    EXPECT_UINT(finish(&b, 10), 2, "1 more letter + the Ready poll");
    EXPECT_STR(b.buf, "hop", "all the letters landed in the latest home");
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
    CHECK_FN("pinned_list_push");
    enum { COUNT = 100 };
    pinned_list l = PINNED_LIST_INIT;
    ac_future *addr[COUNT];
    for (int i = 0; i < COUNT; i++) {
        blob b = {.base = {&blob_vtable}, .id = i};
        addr[i] = pinned_list_push(&l, &b, sizeof b);
        EXPECT_NONNULL(addr[i], "push returns the future's new address (NULL only when out of memory)");
        EXPECT_TRUE(addr[i] != &b.base,
                    "push copies the future into a block of its own, not our stack variable");
        EXPECT_UINT(l.len, i + 1, "every push adds one to len");
    }
    EXPECT_TRUE(l.cap >= l.len, "cap counts the slots allocated in items: at least len");
    for (int i = 0; i < COUNT; i++) {
        EXPECT_PTR(l.items[i], addr[i],
                   "a future keeps the address push returned, however far the list grew");
        const blob *b = (const blob *)(void *)l.items[i];
        EXPECT_PTR(b->base.vtable, &blob_vtable, "the block holds a copy of the whole future");
        EXPECT_INT(b->id, i, "the block holds a copy of the whole future, in push order");
        for (int j = 0; j < i; j++)
            EXPECT_TRUE(addr[j] != addr[i], "every future has a block of its own");
    }
    CHECK_FN("pinned_list_free");
    pinned_list_free(&l); /* ASan's leak check holds the rest of this test */
    EXPECT_NULL(l.items, "after free the list is empty again: no array");
    EXPECT_UINT(l.len, 0, "after free the list is empty again: len 0");
    EXPECT_UINT(l.cap, 0, "after free the list is empty again: cap 0");
}

static void free_leaves_the_list_usable(void **state)
{
    (void)state;
    CHECK_FN("pinned_list_free");
    pinned_list l = PINNED_LIST_INIT;
    pinned_list_free(&l); /* an empty list frees fine */
    CHECK_FN("pinned_list_push");
    blob b = {.base = {&blob_vtable}, .id = 7};
    ac_future *f = pinned_list_push(&l, &b, sizeof b);
    EXPECT_NONNULL(f, "pushing onto a freed (empty) list works");
    EXPECT_UINT(l.len, 1, "one push, len 1");
    EXPECT_INT(((blob *)(void *)f)->id, 7, "the block holds a copy of the future");
    CHECK_FN("pinned_list_free");
    pinned_list_free(&l);
    f = pinned_list_push(&l, &b, sizeof b);
    EXPECT_NONNULL(f, "a list that was freed can be used again");
    EXPECT_UINT(l.len, 1, "a freed list starts again from len 0");
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

/* pin_guard_check with stderr sent to a file: its result, and what it said. */
typedef struct said {
    bool ok;
    char text[256];
} said;

static said check_and_listen(pin_guard *g, const void *self, const char *name)
{
    said s = {0};
    fflush(stderr);
    FILE *out = tmpfile();
    assert_non_null(out);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0 && dup2(fileno(out), STDERR_FILENO) >= 0);
    s.ok = pin_guard_check(g, self, name);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(out);
    size_t n = fread(s.text, 1, sizeof s.text - 1, out);
    s.text[n] = '\0';
    fclose(out);
    return s;
}

static void guard_records_home_then_accepts_it(void **state)
{
    (void)state;
    CHECK_FN("pin_guard_check");
    int here = 0, there = 0;
    pin_guard g = PIN_GUARD_INIT;
    EXPECT_TRUE(pin_guard_check(&g, &here, "x"), "the first check is the first poll: it is always fine");
    EXPECT_PTR(g.home, &here, "the first check records self as the future's home");
    EXPECT_TRUE(pin_guard_check(&g, &here, "x"), "polled at home again: fine");
    EXPECT_FALSE(pin_guard_check(&g, &there, "x"), "polled somewhere else after the first poll: it moved");
    EXPECT_PTR(g.home, &here, "a failed check does not adopt the new address: the move is still a bug");
    EXPECT_FALSE(pin_guard_check(&g, &there, "x"), "still away from home: still caught");
    EXPECT_TRUE(pin_guard_check(&g, &here, "x"), "back at its home: fine");
}

static void guard_says_which_future_moved_and_where(void **state)
{
    (void)state;
    CHECK_FN("pin_guard_check");
    int here = 0, there = 0;
    pin_guard g = PIN_GUARD_INIT;
    said first = check_and_listen(&g, &here, "ticker");
    EXPECT_TRUE(first.ok, "the first check is always fine");
    EXPECT_STR(first.text, "", "a check that passes prints nothing");
    said moved = check_and_listen(&g, &there, "ticker");
    EXPECT_FALSE(moved.ok, "polled somewhere else after the first poll: it moved");
    char from[32], to[32];
    snprintf(from, sizeof from, "%p", (void *)&here);
    snprintf(to, sizeof to, "%p", (void *)&there);
    EXPECT_CONTAINS(moved.text, "ticker", "the message on stderr names the future that moved");
    EXPECT_CONTAINS(moved.text, from, "the message says where the future was first polled (%p of home)");
    EXPECT_CONTAINS(moved.text, to, "the message says where it is polled now (%p of self)");
}

static void guard_allows_move_before_first_poll_and_catches_one_after(void **state)
{
    (void)state;
    CHECK_FN("pin_guard_check");
    ac_waker nw = ac_waker_noop();
    ac_context cx = {.waker = &nw};
    watched a = {.base = {&watched_vtable}, .guard = PIN_GUARD_INIT};
    watched early;
    memcpy(&early, &a, sizeof a); /* before any poll: fine */
    ac_future_poll(&early.base, &cx);
    ac_future_poll(&early.base, &cx);
    EXPECT_INT(early.moved_polls, 0, "a copy made before the first poll carries no home: the rule allows it");

    watched late;
    memcpy(&late, &early, sizeof early); /* after a poll: caught */
    fflush(stderr);
    ac_future_poll(&late.base, &cx);
    EXPECT_INT(late.moved_polls, 1, "a copy made after a poll is caught at its first poll");
    ac_future_poll(&early.base, &cx); /* the original, still at home, is fine */
    EXPECT_INT(early.moved_polls, 0, "the original, still at home, passes");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(guard_records_home_then_accepts_it),
    cmocka_unit_test(guard_says_which_future_moved_and_where),
    cmocka_unit_test(guard_allows_move_before_first_poll_and_catches_one_after),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_relocate, ex1_tests), AC_CHECK_GROUP(ex2_pinned_list, ex2_tests),
              AC_CHECK_GROUP(ex3_pin_guard, ex3_tests))
