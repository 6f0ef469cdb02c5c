/*
 * Checks for lesson 17 (the I/O driver), one group per exercise.
 *
 *   ctest --preset learner -L 17-io-driver      all three
 *   ctest --preset learner -R 17-io-driver/ex2  just exercise 2
 *
 * Exercise 1 is fed by a scripted fake kernel: the checks hand the
 * tracker the events, so each one is known exactly.  Exercises 2 and 3
 * run on the runtime's reactor over AF_UNIX socket pairs.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"

static int live_clones(wake_counts *c) { return atomic_load(&c->clones) - atomic_load(&c->drops); }

/* ---- exercise 1: the tracker ---------------------------------------------- */

/* Register fd, then let a read find EAGAIN and arm with w. */
static uint32_t armed_reader(tracker *t, int fd, const ac_waker *w)
{
    uint32_t gen = tracker_register(t, fd);
    tracker_clear_ready(t, fd, AC_READABLE);
    EXPECT_UINT(tracker_poll_ready(t, fd, AC_READABLE, w), 0,
                "after EAGAIN (clear_ready) nothing is ready: poll_ready arms and returns 0");
    return gen;
}

static void a_new_registration_says_try_first(void **state)
{
    (void)state;
    CHECK_FN("tracker_poll_ready");
    tracker t;
    tracker_init(&t);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    tracker_register(&t, 3);
    EXPECT_UINT(tracker_poll_ready(&t, 3, AC_READABLE, &w), READY_READABLE,
                "a new fd's readiness is unknown, so it reads as readable: try the syscall first");
    EXPECT_UINT(tracker_poll_ready(&t, 3, AC_WRITABLE, &w), READY_WRITABLE,
                "and writable: poll_ready returns only the bits of the direction asked");
    EXPECT_UINT(t.fds[3].armed, 0, "a direction that may be ready is tried, not armed");
    EXPECT_INT(atomic_load(&c.clones), 0, "nothing armed, so no waker cloned");
    tracker_free(&t);
}

static void poll_ready_arms_one_waker_per_slot(void **state)
{
    (void)state;
    CHECK_FN("tracker_poll_ready");
    tracker t;
    tracker_init(&t);
    wake_counts c1 = {0}, c2 = {0};
    ac_waker w1 = wake_counts_waker(&c1), w2 = wake_counts_waker(&c2);
    armed_reader(&t, 4, &w1);
    EXPECT_TRUE(t.fds[4].armed & AC_READABLE, "poll_ready that returned 0 left the read direction armed");
    EXPECT_INT(live_clones(&c1), 1, "the read slot holds one clone of the caller's waker");
    EXPECT_FALSE(t.fds[4].armed & AC_WRITABLE, "only the direction asked for is armed");
    EXPECT_UINT(tracker_poll_ready(&t, 4, AC_READABLE, &w1), 0, "still nothing ready");
    EXPECT_INT(live_clones(&c1), 1, "asked again by the same task: still one clone (keep the one there)");
    EXPECT_UINT(tracker_poll_ready(&t, 4, AC_READABLE, &w2), 0, "still nothing ready, another task asks");
    EXPECT_INT(live_clones(&c1), 0, "the first task's clone is dropped when another task's replaces it");
    EXPECT_INT(live_clones(&c2), 1, "and the slot holds one clone of the new waker");
    tracker_free(&t);
    EXPECT_INT(live_clones(&c2), 0, "tracker_free (given) dropped what was left");
}

static void an_event_wakes_the_armed_reader_once(void **state)
{
    (void)state;
    CHECK_FN("tracker_event");
    tracker t;
    tracker_init(&t);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    uint32_t gen = armed_reader(&t, 5, &w);
    EXPECT_UINT(tracker_event(&t, 5, gen, READY_READABLE), AC_READABLE, "the armed reader is woken");
    EXPECT_INT(atomic_load(&c.wakes), 1, "its waker was woken once");
    EXPECT_INT(live_clones(&c), 0, "woken by value: the slot's clone was given away with the wake");
    EXPECT_NULL(t.fds[5].reader.vtable, "the read slot is empty after the wake");
    EXPECT_FALSE(t.fds[5].armed & AC_READABLE, "a wake disarms: the reader must ask again");
    EXPECT_UINT(t.wakes, 1, "t->wakes counts the wake");
    EXPECT_UINT(tracker_event(&t, 5, gen, READY_READABLE), 0, "a second edge finds nobody armed");
    EXPECT_INT(atomic_load(&c.wakes), 1, "and wakes nobody: one wake per arm");
    EXPECT_UINT(t.unclaimed, 1, "an event that woke nobody counts as unclaimed");
    EXPECT_UINT(t.events, 2, "t->events counts every event");
    EXPECT_UINT(tracker_poll_ready(&t, 5, AC_READABLE, &w), READY_READABLE,
                "the bits of every event are kept: the reader is told to try");
    tracker_free(&t);
}

static void the_writer_and_the_reader_are_woken_apart(void **state)
{
    (void)state;
    CHECK_FN("tracker_event");
    tracker t;
    tracker_init(&t);
    wake_counts r = {0}, w = {0};
    ac_waker wr = wake_counts_waker(&r), ww = wake_counts_waker(&w);
    uint32_t gen = armed_reader(&t, 6, &wr);
    tracker_clear_ready(&t, 6, AC_WRITABLE);
    EXPECT_UINT(tracker_poll_ready(&t, 6, AC_WRITABLE, &ww), 0, "the writer ran dry too and waits");
    EXPECT_UINT(tracker_event(&t, 6, gen, READY_WRITABLE), AC_WRITABLE, "writable wakes the writer only");
    EXPECT_INT(atomic_load(&r.wakes), 0, "the reader sleeps on: no byte came");
    EXPECT_INT(atomic_load(&w.wakes), 1, "the writer was woken");
    EXPECT_TRUE(t.fds[6].armed & AC_READABLE, "the reader is still armed");
    EXPECT_UINT(tracker_event(&t, 6, gen, READY_READABLE | READY_WRITABLE), AC_READABLE,
                "both bits, but only the reader is still armed");
    EXPECT_INT(atomic_load(&r.wakes), 1, "the reader was woken");
    EXPECT_INT(atomic_load(&w.wakes), 1, "and the writer not again");
    tracker_free(&t);
    EXPECT_INT(live_clones(&r) + live_clones(&w), 0, "every clone given back");
}

static void an_edge_with_nobody_armed_is_kept(void **state)
{
    (void)state;
    CHECK_FN("tracker_event");
    tracker t;
    tracker_init(&t);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    uint32_t gen = tracker_register(&t, 7);
    tracker_clear_ready(&t, 7, AC_READABLE);
    EXPECT_UINT(tracker_event(&t, 7, gen, READY_READABLE), 0, "nobody is armed: nobody to wake");
    EXPECT_UINT(t.unclaimed, 1, "an unclaimed event");
    EXPECT_TRUE(t.fds[7].ready & READY_READABLE,
                "but its bit is kept: the kernel reports an edge once, and a reader coming later "
                "must not wait for it again");
    EXPECT_UINT(tracker_poll_ready(&t, 7, AC_READABLE, &w), READY_READABLE,
                "the reader who comes later is told to try");
    EXPECT_INT(atomic_load(&c.clones), 0, "and not armed");
    tracker_free(&t);
}

static void an_old_generation_is_stale(void **state)
{
    (void)state;
    CHECK_FN("tracker_event");
    tracker t;
    tracker_init(&t);
    wake_counts old = {0}, now = {0};
    ac_waker wo = wake_counts_waker(&old), wn = wake_counts_waker(&now);
    uint32_t g1 = armed_reader(&t, 8, &wo);
    tracker_deregister(&t, 8); /* closed ... and the number reused: */
    uint32_t g2 = armed_reader(&t, 8, &wn);
    EXPECT_TRUE(g1 != g2, "(given) a new registration has a new generation");
    EXPECT_UINT(tracker_event(&t, 8, g1, READY_READABLE | READY_READ_CLOSED), 0,
                "an event for the closed socket's generation wakes nobody");
    EXPECT_INT(atomic_load(&now.wakes), 0, "the new owner of fd 8 is not woken for the old socket's data");
    EXPECT_UINT(t.stale, 1, "the event counts as stale");
    EXPECT_UINT(t.unclaimed, 0, "a stale event is not an unclaimed one");
    EXPECT_FALSE(t.fds[8].ready & (READY_READABLE | READY_READ_CLOSED),
                 "and leaves the new registration's bits alone");
    EXPECT_TRUE(t.fds[8].armed & AC_READABLE, "the new owner is still armed");
    EXPECT_UINT(tracker_event(&t, 9, 1, READY_READABLE), 0, "an fd never registered");
    EXPECT_UINT(t.stale, 2, "is stale too");
    EXPECT_UINT(tracker_event(&t, 8, g2, READY_READABLE), AC_READABLE, "the current generation wakes");
    EXPECT_INT(atomic_load(&now.wakes), 1, "the new owner");
    tracker_free(&t);
    EXPECT_INT(atomic_load(&old.wakes), 0, "deregister dropped the old waker, never woke it");
}

static void closed_bits_wake_and_stay(void **state)
{
    (void)state;
    CHECK_FN("tracker_event");
    tracker t;
    tracker_init(&t);
    wake_counts r = {0}, w = {0};
    ac_waker wr = wake_counts_waker(&r), ww = wake_counts_waker(&w);
    uint32_t gen = armed_reader(&t, 10, &wr);
    tracker_clear_ready(&t, 10, AC_WRITABLE);
    tracker_poll_ready(&t, 10, AC_WRITABLE, &ww);
    EXPECT_UINT(tracker_event(&t, 10, gen, READY_READ_CLOSED), AC_READABLE,
                "read-closed alone (EPOLLRDHUP) wakes the reader: it will read 0");
    EXPECT_INT(atomic_load(&w.wakes), 0, "a half-close does not concern the writer");
    CHECK_FN("tracker_clear_ready");
    tracker_clear_ready(&t, 10, AC_READABLE);
    EXPECT_UINT(tracker_poll_ready(&t, 10, AC_READABLE, &wr), READY_READ_CLOSED,
                "read-closed is sticky: clear_ready forgets readable, never read-closed");
    CHECK_FN("tracker_event");
    EXPECT_UINT(tracker_event(&t, 10, gen, READY_READ_CLOSED | READY_WRITE_CLOSED), AC_WRITABLE,
                "write-closed (EPOLLHUP, EPOLLERR) wakes the writer: its write will fail");
    CHECK_FN("tracker_clear_ready");
    tracker_clear_ready(&t, 10, AC_WRITABLE);
    EXPECT_UINT(tracker_poll_ready(&t, 10, AC_WRITABLE, &ww), READY_WRITE_CLOSED,
                "write-closed is sticky too");
    tracker_free(&t);
    EXPECT_INT(live_clones(&r) + live_clones(&w), 0, "every clone given back");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(a_new_registration_says_try_first),
    cmocka_unit_test(poll_ready_arms_one_waker_per_slot),
    cmocka_unit_test(an_event_wakes_the_armed_reader_once),
    cmocka_unit_test(the_writer_and_the_reader_are_woken_apart),
    cmocka_unit_test(an_edge_with_nobody_armed_is_kept),
    cmocka_unit_test(an_old_generation_is_stale),
    cmocka_unit_test(closed_bits_wake_and_stay),
};

/* ---- exercise 2: retry_read_poll ------------------------------------------ */

typedef struct rig {
    ac_executor ex;
    int sv[2];
    ac_io io; /* sv[0], ours */
} rig;

static void rig_open(rig *g)
{
    EXPECT_INT(ac_executor_init(&g->ex), 0, "an executor");
    ac_clock_pause(ac_executor_clock(&g->ex)); /* later_write's sleeps end when all else waits */
    EXPECT_INT(unix_pair(g->sv), 0, "a socket pair");
    EXPECT_INT(ac_io_open(&g->io, g->sv[0]), 0, "our end as an ac_io");
}

static void rig_close(rig *g)
{
    ac_io_close(&g->io);
    if (g->sv[1] >= 0)
        close(g->sv[1]);
    ac_executor_close(&g->ex);
}

static void data_already_there_is_read_at_once(void **state)
{
    (void)state;
    CHECK_FN("retry_read_poll");
    rig g;
    rig_open(&g);
    EXPECT_INT(write(g.sv[1], "hi", 2), 2, "the peer wrote first");
    static char buf[16];
    static retry_read rr;
    rr = retry_read_new(&g.io, buf, sizeof buf);
    CHECK_WAITING("retry_read with 2 bytes already waiting");
    ac_block_on(&g.ex, &rr.base);
    EXPECT_INT(rr.result, 2, "the two bytes that were there");
    EXPECT_MEM(buf, "hi", 2, "into buf");
    EXPECT_UINT(rr.reads, 1, "one read(2): the operation is tried first");
    EXPECT_UINT(rr.spurious, 0, "no wake, so no spurious wake");
    EXPECT_NULL(g.io.reactor, "the reactor is not asked for anything before a read says EAGAIN");
    rig_close(&g);
}

static void poked_wakes_are_counted_and_retried(void **state)
{
    (void)state;
    CHECK_FN("retry_read_poll");
    rig g;
    rig_open(&g);
    static char buf[16];
    static retry_read rr;
    rr = retry_read_new(&g.io, buf, sizeof buf);
    poker pk = poker_of(&rr.base, 3);
    later_write wr = later_write_new(g.sv[1], "hello", 5, AC_MSEC(1));
    ac_join_handle a = AC_SPAWN(&g.ex, pk), b = AC_SPAWN(&g.ex, wr);
    CHECK_WAITING("retry_read woken 3 times by its own task before the data comes");
    ac_executor_run(&g.ex);
    EXPECT_INT(rr.result, 5, "the 5 bytes, after the spurious wakes: a wake is never data");
    EXPECT_MEM(buf, "hello", 5, "into buf");
    EXPECT_UINT(rr.spurious, 3,
                "3 polls found EAGAIN after a Pending: 3 spurious wakes (the first EAGAIN is not one)");
    EXPECT_UINT(rr.reads, 5, "5 read(2) calls: the first, one per spurious wake, the one that got data");
    EXPECT_FALSE(rr.armed, "Ready leaves armed false");
    ac_join_release(&a);
    ac_join_release(&b);
    rig_close(&g);
}

static void the_loser_of_two_readers_waits_again(void **state)
{
    (void)state;
    CHECK_FN("retry_read_poll");
    rig g;
    rig_open(&g);
    ac_io two;
    EXPECT_INT(ac_io_open(&two, dup(g.sv[0])), 0, "a second fd for the same socket");
    static char b1[16], b2[16];
    static retry_read r1, r2;
    r1 = retry_read_new(&g.io, b1, sizeof b1);
    r2 = retry_read_new(&two, b2, sizeof b2);
    by_ref f1 = by_ref_of(&r1.base), f2 = by_ref_of(&r2.base);
    later_write w1 = later_write_new(g.sv[1], "first", 5, AC_MSEC(1));
    later_write w2 = later_write_new(g.sv[1], "second", 6, AC_MSEC(2));
    ac_join_handle h[4] = {AC_SPAWN(&g.ex, f1), AC_SPAWN(&g.ex, f2), AC_SPAWN(&g.ex, w1),
                           AC_SPAWN(&g.ex, w2)};
    CHECK_WAITING("two readers on one socket: the kernel wakes both for one message");
    ac_executor_run(&g.ex);
    EXPECT_INT(r1.result + r2.result, 11, "one reader got \"first\" (5), the other \"second\" (6)");
    EXPECT_UINT(r1.spurious + r2.spurious, 1,
                "the kernel woke both readers for \"first\": the one that found EAGAIN had a spurious wake");
    for (int i = 0; i < 4; i++)
        ac_join_release(&h[i]);
    ac_io_close(&two);
    rig_close(&g);
}

static void end_of_file_is_0_and_only_then(void **state)
{
    (void)state;
    CHECK_FN("retry_read_poll");
    rig g;
    rig_open(&g);
    static char buf[16];
    static retry_read rr;
    rr = retry_read_new(&g.io, buf, sizeof buf);
    poker pk = poker_of(&rr.base, 2);
    ac_join_handle a = AC_SPAWN(&g.ex, pk);
    ac_executor_run_until_idle(&g.ex);
    EXPECT_UINT(rr.spurious, 2, "two pokes while the peer is silent: two spurious wakes, no result yet");
    close(g.sv[1]);
    g.sv[1] = -1;
    CHECK_WAITING("retry_read after the peer closed");
    ac_executor_run(&g.ex);
    EXPECT_INT(rr.result, 0, "the peer closed: read gives 0, the end of file");
    ac_join_release(&a);
    rig_close(&g);
}

static void a_reset_is_ECONNRESET(void **state)
{
    (void)state;
    CHECK_FN("retry_read_poll");
    rig g;
    rig_open(&g);
    EXPECT_INT(write(g.sv[0], "unread", 6), 6, "we send the peer 6 bytes");
    close(g.sv[1]); /* ... which it never reads: a reset */
    g.sv[1] = -1;
    static char buf[16];
    static retry_read rr;
    rr = retry_read_new(&g.io, buf, sizeof buf);
    CHECK_WAITING("retry_read on a reset connection");
    ac_block_on(&g.ex, &rr.base);
    EXPECT_ERR(rr.result, -ECONNRESET, "a peer that closed with data unread resets the connection: -errno");
    rig_close(&g);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(data_already_there_is_read_at_once),
    cmocka_unit_test(poked_wakes_are_counted_and_retried),
    cmocka_unit_test(the_loser_of_two_readers_waits_again),
    cmocka_unit_test(end_of_file_is_0_and_only_then),
    cmocka_unit_test(a_reset_is_ECONNRESET),
};

/* ---- exercise 3: request_poll ---------------------------------------------- */

#define BIG (256 * 1024)

/* Run a request against an upper_peer on the other end. */
static ssize_t run_request(rig *g, request *rq, const char *reply, size_t reply_len, size_t *peer_got)
{
    upper_peer p = upper_peer_new(g->sv[1], reply, reply_len, peer_got);
    g->sv[1] = -1; /* the peer owns it */
    ac_join_handle h = AC_SPAWN(&g->ex, p);
    CHECK_WAITING("request against a peer that reads until EOF, then replies");
    ac_block_on(&g->ex, &rq->base);
    ac_executor_run(&g->ex);
    ac_join_release(&h);
    return rq->result;
}

static void a_request_gets_its_reply(void **state)
{
    (void)state;
    CHECK_FN("request_poll");
    rig g;
    rig_open(&g);
    static char reply[64];
    static request rq;
    size_t got = 0;
    rq = request_new(&g.io, "hello", 5, reply, sizeof reply);
    EXPECT_INT(run_request(&g, &rq, NULL, 0, &got), 5,
               "the reply's length; without shutdown(SHUT_WR) the peer would wait for EOF forever");
    EXPECT_MEM(reply, "HELLO", 5, "the reply, read after our write side was shut: our read side stayed open");
    EXPECT_UINT(got, 5, "the peer read the whole request, then EOF");
    EXPECT_TRUE(rq.shut, "shut says the write side is shut");
    EXPECT_UINT(rq.armed, 0, "Ready leaves nothing armed");
    rig_close(&g);
}

static void a_big_request_goes_out_whole_first(void **state)
{
    (void)state;
    CHECK_FN("request_poll");
    rig g;
    rig_open(&g);
    static char req[BIG], reply[BIG], upper[BIG];
    for (size_t i = 0; i < BIG; i++) {
        req[i] = (char)('a' + i % 26);
        upper[i] = (char)('A' + i % 26);
    }
    static request rq;
    size_t got = 0;
    rq = request_new(&g.io, req, BIG, reply, BIG);
    ssize_t result = run_request(&g, &rq, NULL, 0, &got);
    EXPECT_UINT(
        got, BIG,
        "the peer got all 256 KiB before EOF: many short writes, and the shutdown only after the last");
    EXPECT_INT(result, BIG, "256 KiB back: keep reading until EOF, a short read is not the end");
    EXPECT_MEM(reply, upper, BIG, "the reply is the request upper-cased, in order");
    rig_close(&g);
}

static void a_peer_that_left_is_EPIPE(void **state)
{
    (void)state;
    CHECK_FN("request_poll");
    rig g;
    rig_open(&g);
    close(g.sv[1]);
    g.sv[1] = -1;
    static char reply[64];
    static request rq;
    rq = request_new(&g.io, "hello", 5, reply, sizeof reply);
    CHECK_WAITING("request to a peer that is gone");
    ac_block_on(&g.ex, &rq.base);
    EXPECT_ERR(rq.result, -EPIPE,
               "nobody reads what we write: write-closed, the write's -errno is the result");
    EXPECT_UINT(rq.armed, 0, "Ready leaves nothing armed");
    rig_close(&g);
}

static void a_reply_must_fit(void **state)
{
    (void)state;
    CHECK_FN("request_poll");
    static char big_reply[100], reply[64];
    memset(big_reply, 'r', sizeof big_reply);
    static request rq;
    rig g;
    rig_open(&g);
    rq = request_new(&g.io, "q", 1, reply, sizeof reply);
    EXPECT_ERR(run_request(&g, &rq, big_reply, 64, NULL), 64, "a reply of exactly cap bytes fits");
    rig_close(&g);
    rig_open(&g);
    rq = request_new(&g.io, "q", 1, reply, sizeof reply);
    EXPECT_ERR(run_request(&g, &rq, big_reply, 100, NULL), -EMSGSIZE,
               "100 bytes for a 64-byte buffer: -EMSGSIZE, never a cut reply that looks whole");
    rig_close(&g);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(a_request_gets_its_reply),
    cmocka_unit_test(a_peer_that_left_is_EPIPE),
    cmocka_unit_test(a_reply_must_fit),
    cmocka_unit_test(a_big_request_goes_out_whole_first),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_tracker, ex1_tests), AC_CHECK_GROUP(ex2_retry_read, ex2_tests),
              AC_CHECK_GROUP(ex3_request, ex3_tests))
