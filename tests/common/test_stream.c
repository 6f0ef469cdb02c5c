/*
 * test_stream.c - streams: sources, adapters, pulling (backpressure), and
 * what a dropped stream leaves behind (nothing).  Paused clock throughout.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/reactor.h"
#include "ac/stream.h"
#include "ac/timer.h"
#include "rt_util.h"

/* A hand-written stream of the ints 0 .. n-1 that counts its polls and
 * drops: how often it is pulled shows backpressure at work. */
typedef struct numbers {
    ac_stream base;
    int next, n;
    int polls, drops;
} numbers;
static int numbers_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)cx;
    numbers *s = (numbers *)self;
    s->polls++;
    if (s->next == s->n)
        return AC_STREAM_END;
    memcpy(item, &s->next, sizeof(int));
    s->next++;
    return AC_STREAM_ITEM;
}
static void numbers_drop(ac_stream *self) { ((numbers *)self)->drops++; }
static const ac_stream_vtable numbers_vtable = {
    .name = "numbers", .poll_next = numbers_next, .drop = numbers_drop};
static numbers numbers_upto(int n) { return (numbers){.base = {&numbers_vtable, sizeof(int)}, .n = n}; }

static int next_noop(ac_stream *s, void *item)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    return ac_stream_poll_next(s, &cx, item);
}

static void times_ten(const void *in, void *out, void *user)
{
    (void)user;
    int v;
    memcpy(&v, in, sizeof v);
    v *= 10;
    memcpy(out, &v, sizeof v);
}
static bool multiple_of_20(const void *item, void *user)
{
    (void)user;
    int v;
    memcpy(&v, item, sizeof v);
    return v % 20 == 0;
}

static void test_map_filter_take_pull_only_what_is_asked(void **state)
{
    (void)state;
    numbers src = numbers_upto(100);
    ac_map_stream m;
    assert_int_equal(ac_stream_map(&m, &src.base, sizeof(int), times_ten, NULL), 0);
    ac_filter_stream f = ac_stream_filter(&m.base, multiple_of_20, NULL);
    ac_take_stream t = ac_stream_take(&f.base, 3);
    int v, want[] = {0, 20, 40};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(next_noop(&t.base, &v), AC_STREAM_ITEM);
        assert_int_equal(v, want[i]);
    }
    assert_int_equal(src.polls, 5); /* 0..4: exactly the items it took to find three */
    assert_int_equal(src.drops, 1); /* take let go of its inner stream at once */
    assert_int_equal(next_noop(&t.base, &v), AC_STREAM_END);
    ac_stream_drop(&t.base);
    assert_int_equal(src.polls, 5);
    assert_int_equal(src.drops, 1);
}

static void test_chunks_by_count_end_with_the_partial_chunk(void **state)
{
    (void)state;
    numbers src = numbers_upto(10);
    ac_chunks_stream c;
    assert_int_equal(ac_stream_chunks(&c, &src.base, 4, 0), 0);
    ac_chunk ch;
    size_t lens[3] = {4, 4, 2};
    int expect = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(next_noop(&c.base, &ch), AC_STREAM_ITEM);
        assert_int_equal(ch.len, lens[i]);
        for (size_t k = 0; k < ch.len; k++)
            assert_int_equal(((const int *)ch.items)[k], expect++);
    }
    assert_int_equal(next_noop(&c.base, &ch), AC_STREAM_END);
    ac_stream_drop(&c.base);
    assert_int_equal(src.drops, 1);
}

/* ---- streams driven by a task on the paused clock ------------------------ */

/* Sends the values at the given offsets (ms from its start), then closes. */
typedef struct timed_sender {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    const int *at_ms;
    int count, i;
    ac_nanos start;
    ac_sleep nap;
} timed_sender;
static ac_poll timed_sender_poll(ac_future *self, ac_context *cx)
{
    timed_sender *s = (timed_sender *)self;
    AC_BEGIN(&s->co);
    s->start = ac_clock_now(ac_executor_clock(ac_executor_current()));
    for (s->i = 0; s->i < s->count; s->i++) {
        s->nap = ac_sleep_until(s->start + AC_MSEC(s->at_ms[s->i]));
        AC_AWAIT(&s->co, cx, &s->nap.base);
        assert_int_equal(ac_mpsc_try_send(&s->tx, &s->i), 0);
    }
    ac_mpsc_tx_close(&s->tx);
    AC_END(&s->co);
}
static const ac_future_vtable timed_sender_vtable = {.name = "timed_sender", .poll = timed_sender_poll};

/* Collects up to 16 items of a stream with the time (ms) each arrived. */
typedef struct collector {
    ac_future base;
    ac_coro co;
    ac_stream *s;
    ac_stream_next_fut next;
    unsigned char item[AC_STREAM_ITEM_MAX];
    unsigned char items[16][AC_STREAM_ITEM_MAX];
    double at_ms[16];
    int n, end;
    ac_nanos start;
} collector;
static ac_nanos now_rt(void) { return ac_clock_now(ac_executor_clock(ac_executor_current())); }
static ac_poll collector_poll(ac_future *self, ac_context *cx)
{
    collector *c = (collector *)self;
    AC_BEGIN(&c->co);
    c->start = now_rt();
    for (;;) {
        c->next = ac_stream_next(c->s, c->item);
        AC_AWAIT(&c->co, cx, &c->next.base);
        if (c->next.result != AC_STREAM_ITEM || c->n == 16)
            break;
        memcpy(c->items[c->n], c->item, c->s->item_size);
        c->at_ms[c->n++] = (double)(now_rt() - c->start) / 1e6;
    }
    c->end = c->next.result;
    AC_END(&c->co);
}
static const ac_future_vtable collector_vtable = {.name = "collector", .poll = collector_poll};
static collector collector_of(ac_stream *s) { return (collector){.base = {&collector_vtable}, .s = s}; }

static void test_chunks_by_timeout_on_the_paused_clock(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0);
    static const int at[] = {0, 1, 2, 100, 101};
    timed_sender snd = {.base = {&timed_sender_vtable}, .tx = tx, .at_ms = at, .count = 5};
    ac_join_handle h = AC_SPAWN(&ex, snd);
    ac_mpsc_stream src = ac_stream_of_mpsc(&rx, sizeof(int));
    ac_chunks_stream c;
    assert_int_equal(ac_stream_chunks(&c, &src.base, 10, AC_MSEC(5)), 0);
    collector col = collector_of(&c.base);
    ac_block_on(&ex, &col.base);
    assert_int_equal(col.n, 2);
    ac_chunk first, second;
    memcpy(&first, col.items[0], sizeof first);
    memcpy(&second, col.items[1], sizeof second);
    assert_int_equal(first.len, 3);   /* 0, 1, 2 ms */
    assert_true(col.at_ms[0] == 5.0); /* 5 ms after its first item */
    assert_int_equal(second.len, 2);  /* 100, 101: the close cut it short */
    assert_true(col.at_ms[1] == 101.0);
    assert_int_equal(col.end, AC_STREAM_END);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_stream_drop(&c.base);
    ac_join_release(&h);
    ac_mpsc_rx_close(&rx);
    ac_executor_close(&ex);
}

/* A future that finishes after `ms` with output `value`, built in a
 * buffered slot; counts how many are in flight at once. */
static int in_flight, most_in_flight;
typedef struct job {
    ac_future base;
    ac_sleep nap;
    int value;
} job;
static ac_poll job_poll(ac_future *self, ac_context *cx)
{
    job *j = (job *)self;
    if (ac_future_poll(&j->nap.base, cx) == AC_PENDING)
        return AC_PENDING;
    in_flight--;
    return AC_READY;
}
static void job_drop(ac_future *self)
{
    ac_future_drop(&((job *)self)->nap.base);
    in_flight--;
}
static const ac_future_vtable job_vtable = {
    .name = "job", .poll = job_poll, .drop = job_drop, AC_OUTPUT(job, value)};
static ac_future *start_job(void *slot, const void *item, void *user)
{
    (void)user;
    int i;
    memcpy(&i, item, sizeof i);
    job *j = slot;
    /* later items finish sooner: 50, 40, 30 ... ms */
    *j = (job){.base = {&job_vtable}, .nap = ac_sleep_for(AC_MSEC(50 - 10 * i)), .value = i * 100};
    if (++in_flight > most_in_flight)
        most_in_flight = in_flight;
    return &j->base;
}

static void test_buffered_runs_n_at_once_and_keeps_order(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    in_flight = most_in_flight = 0;
    numbers src = numbers_upto(5);
    ac_buffered_stream b;
    assert_int_equal(ac_stream_buffered(&b, &src.base, 3, sizeof(job), sizeof(int), start_job, NULL), 0);
    collector col = collector_of(&b.base);
    ac_block_on(&ex, &col.base);
    assert_int_equal(col.n, 5);
    for (int i = 0; i < 5; i++) {
        int v;
        memcpy(&v, col.items[i], sizeof v);
        assert_int_equal(v, i * 100); /* in the order of the items, not of finishing */
    }
    assert_int_equal(most_in_flight, 3);
    /* jobs 0,1,2 start at 0 (50, 40, 30 ms); job 0 is out at 50 with 1 and
     * 2 done; 3 and 4 start at 50 (20, 10 ms): done by 70. */
    assert_true(col.at_ms[0] == 50.0);
    assert_true(col.at_ms[4] == 70.0);
    assert_int_equal(col.end, AC_STREAM_END);
    ac_stream_drop(&b.base);
    assert_int_equal(in_flight, 0);
    ac_executor_close(&ex);
}

/* Drop a stream inside a poll, where its runtime is current (a started
 * sleep needs its runtime's timer heap to leave it). */
typedef struct dropper {
    ac_future base;
    ac_stream *s;
} dropper;
static ac_poll dropper_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ac_stream_drop(((dropper *)self)->s);
    return AC_READY;
}
static const ac_future_vtable dropper_vtable = {.name = "dropper", .poll = dropper_poll};
static void drop_in(ac_executor *ex, ac_stream *s)
{
    dropper d = {.base = {&dropper_vtable}, .s = s};
    ac_block_on(ex, &d.base);
}

static void test_dropping_buffered_drops_the_jobs_in_flight(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    in_flight = most_in_flight = 0;
    numbers src = numbers_upto(5);
    ac_buffered_stream b;
    assert_int_equal(ac_stream_buffered(&b, &src.base, 2, sizeof(job), sizeof(int), start_job, NULL), 0);
    collector col = collector_of(&b.base);
    ac_timeout lim = ac_timeout_of(&col.base, AC_MSEC(1));
    ac_block_on(&ex, &lim.base);
    assert_int_equal(lim.result, -ETIMEDOUT);
    assert_int_equal(in_flight, 2);
    assert_int_equal(src.polls, 2); /* two slots, two items pulled: no more */
    drop_in(&ex, &b.base);
    assert_int_equal(in_flight, 0);
    assert_int_equal(src.drops, 1);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_executor_close(&ex);
}

static void test_throttle_spaces_items_and_does_not_pull_early(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    numbers src = numbers_upto(4);
    ac_throttle_stream t = ac_stream_throttle(&src.base, AC_MSEC(10));
    collector col = collector_of(&t.base);
    ac_block_on(&ex, &col.base);
    assert_int_equal(col.n, 4);
    for (int i = 0; i < 4; i++)
        assert_true(col.at_ms[i] == 10.0 * i);
    assert_int_equal(src.polls, 5); /* four items and the end: one poll each */
    ac_stream_drop(&t.base);
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_executor_close(&ex);
}

static void test_interval_source_and_take_leave_no_timer(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_interval iv = ac_interval_every(AC_MSEC(10), AC_MISSED_SKIP);
    ac_interval_stream ticks = ac_stream_of_interval(&iv);
    ac_take_stream t = ac_stream_take(&ticks.base, 3);
    collector col = collector_of(&t.base);
    ac_block_on(&ex, &col.base);
    assert_int_equal(col.n, 3);
    assert_true(col.at_ms[0] == 0.0 && col.at_ms[1] == 10.0 && col.at_ms[2] == 20.0);
    ac_nanos first, third;
    memcpy(&first, col.items[0], sizeof first);
    memcpy(&third, col.items[2], sizeof third);
    assert_int_equal(third - first, AC_MSEC(20));
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_stream_drop(&t.base);
    ac_executor_close(&ex);
}

/* ---- lines ------------------------------------------------------------------- */

static void line_is(const unsigned char *raw, const char *want)
{
    ac_line l;
    memcpy(&l, raw, sizeof l);
    assert_int_equal(l.len, strlen(want));
    assert_memory_equal(l.data, want, l.len);
}

static void test_lines_split_strip_cr_and_keep_the_last(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    const char text[] = "ab\r\n\ncd\nlast";
    assert_int_equal(write(p[1], text, strlen(text)), (ssize_t)strlen(text));
    close(p[1]);
    ac_lines l;
    assert_int_equal(ac_lines_init(&l, &io, 8), 0);
    ac_line raw;
    const char *want[] = {"ab", "", "cd", "last"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(next_noop(&l.base, &raw), AC_STREAM_ITEM);
        line_is((const unsigned char *)&raw, want[i]);
    }
    assert_int_equal(next_noop(&l.base, &raw), AC_STREAM_END);
    ac_stream_drop(&l.base);
    ac_io_close(&io);
    ac_executor_close(&ex);
}

static void test_a_line_over_the_cap_is_an_error_read_no_further(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    char text[100];
    memset(text, 'x', sizeof text);
    memcpy(text, "1234567890123456\n", 17); /* exactly the cap: fine */
    assert_int_equal(write(p[1], text, sizeof text), (ssize_t)sizeof text);
    ac_lines l;
    assert_int_equal(ac_lines_init(&l, &io, 16), 0);
    ac_line raw;
    assert_int_equal(next_noop(&l.base, &raw), AC_STREAM_ITEM);
    line_is((const unsigned char *)&raw, "1234567890123456");
    assert_int_equal(next_noop(&l.base, &raw), -EMSGSIZE);
    assert_int_equal(next_noop(&l.base, &raw), AC_STREAM_END);
    /* 17 + 17 bytes taken from the pipe, never more: the rest is still there */
    char rest[100];
    assert_int_equal(read(p[0], rest, sizeof rest), 100 - 34);
    ac_stream_drop(&l.base);
    close(p[1]);
    ac_io_close(&io);
    ac_executor_close(&ex);
}

/* A lines stream waiting on an empty pipe, inside a runtime, then dropped:
 * its reactor slot is disarmed. */
typedef struct poll_then_stop {
    ac_future base;
    ac_stream *s;
    int polls;
} poll_then_stop;
static ac_poll poll_then_stop_poll(ac_future *self, ac_context *cx)
{
    poll_then_stop *p = (poll_then_stop *)self;
    ac_line raw;
    assert_int_equal(ac_stream_poll_next(p->s, cx, &raw), AC_STREAM_PENDING);
    p->polls++;
    return AC_READY;
}
static const ac_future_vtable poll_then_stop_vtable = {.name = "poll_then_stop", .poll = poll_then_stop_poll};

static void test_dropped_lines_stream_disarms_its_slot(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    ac_lines l;
    assert_int_equal(ac_lines_init(&l, &io, 16), 0);
    poll_then_stop pts = {.base = {&poll_then_stop_vtable}, .s = &l.base};
    ac_block_on(&ex, &pts.base);
    assert_int_equal(pts.polls, 1);
    assert_true(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    ac_stream_drop(&l.base);
    assert_false(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    close(p[1]);
    ac_io_close(&io);
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_filter_take_pull_only_what_is_asked),
        cmocka_unit_test(test_chunks_by_count_end_with_the_partial_chunk),
        cmocka_unit_test(test_chunks_by_timeout_on_the_paused_clock),
        cmocka_unit_test(test_buffered_runs_n_at_once_and_keeps_order),
        cmocka_unit_test(test_dropping_buffered_drops_the_jobs_in_flight),
        cmocka_unit_test(test_throttle_spaces_items_and_does_not_pull_early),
        cmocka_unit_test(test_interval_source_and_take_leave_no_timer),
        cmocka_unit_test(test_lines_split_strip_cr_and_keep_the_last),
        cmocka_unit_test(test_a_line_over_the_cap_is_an_error_read_no_further),
        cmocka_unit_test(test_dropped_lines_stream_disarms_its_slot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
