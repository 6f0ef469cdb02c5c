/*
 * Checks for lesson 26 (streams), one group per exercise.
 *
 *   ctest --preset learner -L 26-streams      all three
 *   ctest --preset learner -R 26-streams/ex3  just exercise 3
 */
#include <fcntl.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "ac/reactor.h"
#include "lesson.h"

static int next_of(ac_stream *s, void *item)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    return ac_stream_poll_next(s, &cx, item);
}

/* ---- exercise 1: counter_next ---------------------------------------------- */

static void counts_from_to_then_ends_for_good(void **state)
{
    (void)state;
    CHECK_FN("counter_next");
    counter c = counter_new(3, 6);
    int v = -1;
    for (int want = 3; want < 6; want++) {
        EXPECT_INT(next_of(&c.base, &v), AC_STREAM_ITEM, "an item while next < to");
        EXPECT_INT(v, want, "the numbers in order, written to *item");
    }
    EXPECT_INT(next_of(&c.base, &v), AC_STREAM_END, "`to` itself is not handed out: the end");
    EXPECT_INT(next_of(&c.base, &v), AC_STREAM_END, "and the end stays the end");
    EXPECT_INT(c.polls, 5, "every call counted in polls");
}

static void an_empty_range_ends_at_once(void **state)
{
    (void)state;
    CHECK_FN("counter_next");
    counter c = counter_new(7, 7);
    int v = 42;
    EXPECT_INT(next_of(&c.base, &v), AC_STREAM_END, "from == to: nothing to hand out");
    EXPECT_INT(v, 42, "an END writes no item");
    EXPECT_INT(c.polls, 1, "one call counted");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(counts_from_to_then_ends_for_good),
    cmocka_unit_test(an_empty_range_ends_at_once),
};

/* ---- exercise 2: take_n_next ------------------------------------------------ */

static void takes_three_and_lets_go_at_once(void **state)
{
    (void)state;
    CHECK_FN("take_n_next");
    counter c = counter_new(10, 100);
    take_n t = take_n_of(&c.base, 3);
    int v;
    for (int i = 0; i < 3; i++) {
        EXPECT_INT(next_of(&t.base, &v), AC_STREAM_ITEM, "the first three items come through");
        EXPECT_INT(v, 10 + i, "unchanged, in order");
    }
    EXPECT_INT(c.drops, 1, "the inner stream is dropped right after the third item");
    EXPECT_INT(next_of(&t.base, &v), AC_STREAM_END, "then the end");
    EXPECT_INT(c.polls, 3, "the inner stream was never asked for a fourth");
    ac_stream_drop(&t.base);
    EXPECT_INT(c.drops, 1, "dropping take_n afterwards drops the inner stream no second time");
}

static void an_inner_end_comes_through(void **state)
{
    (void)state;
    CHECK_FN("take_n_next");
    counter c = counter_new(0, 2);
    take_n t = take_n_of(&c.base, 5);
    int v;
    EXPECT_INT(next_of(&t.base, &v), AC_STREAM_ITEM, "item 0");
    EXPECT_INT(next_of(&t.base, &v), AC_STREAM_ITEM, "item 1");
    EXPECT_INT(next_of(&t.base, &v), AC_STREAM_END, "the inner stream ended before 5: its END comes through");
    EXPECT_INT(c.drops, 0, "not taken all 5: the inner stream is dropped with take_n, not before");
    ac_stream_drop(&t.base);
    EXPECT_INT(c.drops, 1, "by the given drop, once");
}

static void take_zero_never_asks(void **state)
{
    (void)state;
    CHECK_FN("take_n_next");
    counter c = counter_new(0, 9);
    take_n t = take_n_of(&c.base, 0);
    int v;
    EXPECT_INT(next_of(&t.base, &v), AC_STREAM_END, "take 0: the end at once");
    EXPECT_INT(c.polls, 0, "the inner stream is not asked at all");
    ac_stream_drop(&t.base);
    EXPECT_INT(c.drops, 1, "dropped once in all");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(takes_three_and_lets_go_at_once),
    cmocka_unit_test(an_inner_end_comes_through),
    cmocka_unit_test(take_zero_never_asks),
};

/* ---- exercise 3: line_reader_next ------------------------------------------- */

typedef struct pipe_io {
    int w;
    ac_io io;
} pipe_io;

static void pipe_open(pipe_io *p)
{
    int fds[2];
    EXPECT_INT(pipe2(fds, O_CLOEXEC), 0, "a pipe");
    EXPECT_INT(ac_io_open(&p->io, fds[0]), 0, "its read end, nonblocking");
    p->w = fds[1];
}

static void pipe_put(pipe_io *p, const char *s, size_t n)
{
    EXPECT_INT(write(p->w, s, n), (long)n, "written");
}

static void expect_line(const ac_line *l, const char *want)
{
    EXPECT_UINT(l->len, strlen(want), "the line's length, without its '\\n'");
    EXPECT_MEM(l->data, want, l->len, "the line's bytes");
}

static void lines_then_a_last_line_without_newline(void **state)
{
    (void)state;
    CHECK_FN("line_reader_next");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "an executor");
    pipe_io p;
    pipe_open(&p);
    pipe_put(&p, "ab\n\ncdef\nlast", 13);
    close(p.w);
    line_reader r;
    line_reader_init(&r, &p.io, 8);
    ac_line l;
    const char *want[] = {"ab", "", "cdef", "last"};
    for (int i = 0; i < 4; i++) {
        EXPECT_INT(next_of(&r.base, &l), AC_STREAM_ITEM, "a line");
        expect_line(&l, want[i]);
    }
    EXPECT_INT(next_of(&r.base, &l), AC_STREAM_END, "end of file after the last line");
    EXPECT_INT(next_of(&r.base, &l), AC_STREAM_END, "and the end stays the end");
    ac_stream_drop(&r.base);
    ac_io_close(&p.io);
    ac_executor_close(&ex);
}

static void a_line_over_the_cap_is_an_error_and_no_more_is_read(void **state)
{
    (void)state;
    CHECK_FN("line_reader_next");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "an executor");
    pipe_io p;
    pipe_open(&p);
    char text[64];
    memset(text, 'x', sizeof text);
    memcpy(text, "12345678\n", 9); /* exactly max = 8 bytes: allowed */
    pipe_put(&p, text, sizeof text);
    line_reader r;
    line_reader_init(&r, &p.io, 8);
    ac_line l;
    EXPECT_INT(next_of(&r.base, &l), AC_STREAM_ITEM, "a line of exactly max bytes is fine");
    expect_line(&l, "12345678");
    EXPECT_INT(next_of(&r.base, &l), -EMSGSIZE, "9 bytes and no '\\n': over the cap");
    EXPECT_INT(next_of(&r.base, &l), AC_STREAM_END, "after the error, the end");
    char rest[64];
    EXPECT_INT(read(p.io.fd, rest, sizeof rest), 64 - 18,
               "only max + 1 bytes were read past the good line: the rest is still in the pipe");
    ac_stream_drop(&r.base);
    close(p.w);
    ac_io_close(&p.io);
    ac_executor_close(&ex);
}

/* Polls the reader on an empty pipe, writes a line, polls again. */
typedef struct waits_for_line {
    ac_future base;
    line_reader *r;
    int w, polls;
    int first, second;
    ac_line line;
} waits_for_line;
static ac_poll waits_for_line_poll(ac_future *self, ac_context *cx)
{
    waits_for_line *t = (waits_for_line *)self;
    int rc = ac_stream_poll_next(&t->r->base, cx, &t->line);
    if (t->polls++ == 0) {
        t->first = rc;
        if (rc == AC_STREAM_PENDING && write(t->w, "hi\n", 3) != 3)
            t->first = -1;
        return rc == AC_STREAM_PENDING ? AC_PENDING : AC_READY;
    }
    t->second = rc;
    return rc == AC_STREAM_PENDING ? AC_PENDING : AC_READY;
}
static const ac_future_vtable waits_for_line_vtable = {.name = "waits_for_line", .poll = waits_for_line_poll};

static void an_empty_fd_is_pending_and_the_reactor_wakes_it(void **state)
{
    (void)state;
    CHECK_FN("line_reader_next");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "an executor");
    pipe_io p;
    pipe_open(&p);
    line_reader r;
    line_reader_init(&r, &p.io, 8);
    waits_for_line t = {.base = {&waits_for_line_vtable}, .r = &r, .w = p.w};
    CHECK_WAITING("line_reader_next on an empty pipe, then a line written");
    ac_block_on(&ex, &t.base);
    EXPECT_INT(t.first, AC_STREAM_PENDING, "nothing to read yet: Pending (ac_io_poll_read armed the slot)");
    EXPECT_INT(t.second, AC_STREAM_ITEM, "woken by the reactor when the line arrived");
    expect_line(&t.line, "hi");
    EXPECT_FALSE(r.armed, "a read that completed leaves `armed` clear");
    ac_stream_drop(&r.base);
    close(p.w);
    ac_io_close(&p.io);
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(lines_then_a_last_line_without_newline),
    cmocka_unit_test(a_line_over_the_cap_is_an_error_and_no_more_is_read),
    cmocka_unit_test(an_empty_fd_is_pending_and_the_reactor_wakes_it),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_counter, ex1_tests), AC_CHECK_GROUP(ex2_take, ex2_tests),
              AC_CHECK_GROUP(ex3_lines, ex3_tests))
