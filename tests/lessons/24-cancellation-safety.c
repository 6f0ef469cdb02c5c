/*
 * Checks for lesson 24 (cancellation safety), one group per exercise.
 *
 *   ctest --preset learner -L 24-cancellation-safety      both
 *   ctest --preset learner -R 24-cancellation-safety/ex2  just exercise 2
 *
 * A writer task sends records in two halves 15 ms apart through a Unix
 * socket pair; the reader times out every 10 ms.  Paused clock: the
 * timeouts land in the middle of records on every run, the same way.
 */
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "ac/timer.h"
#include "lesson.h"

typedef struct rig {
    ac_executor ex;
    ac_io rd, wr;
    ac_join_handle writer;
} rig;

static void rig_open(rig *g, int count)
{
    int sv[2];
    EXPECT_INT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0, "a socket pair");
    EXPECT_INT(ac_executor_init(&g->ex), 0, "an executor");
    ac_clock_pause(ac_executor_clock(&g->ex));
    EXPECT_INT(ac_io_open(&g->rd, sv[0]), 0, "the reading end");
    EXPECT_INT(ac_io_open(&g->wr, sv[1]), 0, "the writing end");
    record_writer w = record_writer_new(&g->wr, count);
    g->writer = AC_SPAWN(&g->ex, w);
}

static void rig_close(rig *g)
{
    EXPECT_INT(ac_timers_len(ac_timers_get(&g->ex)), 0,
               "no timer left in the heap: every sleep was dropped or done");
    ac_join_release(&g->writer);
    ac_io_close(&g->rd);
    ac_executor_close(&g->ex);
}

/* The given naive reader really does lose data here: the checks below
 * would prove nothing if the timeouts never cut a record in two. */
static void the_naive_reader_loses_bytes(void **state)
{
    (void)state;
    CHECK_FN("(given) naive_reader");
    rig g;
    rig_open(&g, 6);
    static naive_reader r;
    r = naive_reader_new(&g.rd);
    CHECK_WAITING("the naive reader over 6 records");
    ac_block_on(&g.ex, &r.base);
    EXPECT_TRUE(r.out.timeouts > 0, "timeouts won some rounds");
    EXPECT_FALSE(records_intact(&r.out, 6), "and the dropped read_exact took half a record with it");
    rig_close(&g);
}

/* ---- exercise 1: safe_reader_poll ------------------------------------------- */

static void records_survive_timeouts_with_read_some(void **state)
{
    (void)state;
    CHECK_FN("safe_reader_poll");
    rig g;
    rig_open(&g, 6);
    static safe_reader r;
    r = safe_reader_new(&g.rd);
    CHECK_WAITING("safe_reader over 6 records sent in halves");
    ac_block_on(&g.ex, &r.base);
    EXPECT_INT(r.out.n, 6, "six records, no more, no fewer");
    EXPECT_TRUE(records_intact(&r.out, 6), "every record intact: rec00ok!, rec01ok!, ... in order");
    EXPECT_TRUE(r.out.timeouts >= 6, "a timeout won in the 15 ms gap inside every record");
    EXPECT_INT(r.have, 0, "nothing left over at the end");
    rig_close(&g);
}

static void many_records_keep_their_order(void **state)
{
    (void)state;
    CHECK_FN("safe_reader_poll");
    rig g;
    rig_open(&g, 16);
    static safe_reader r;
    r = safe_reader_new(&g.rd);
    CHECK_WAITING("safe_reader over 16 records");
    ac_block_on(&g.ex, &r.base);
    EXPECT_TRUE(records_intact(&r.out, 16), "sixteen records intact");
    rig_close(&g);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(the_naive_reader_loses_bytes),
    cmocka_unit_test(records_survive_timeouts_with_read_some),
    cmocka_unit_test(many_records_keep_their_order),
};

/* ---- exercise 2: kept_reader_poll -------------------------------------------- */

static void a_kept_read_exact_loses_nothing(void **state)
{
    (void)state;
    CHECK_FN("kept_reader_poll");
    rig g;
    rig_open(&g, 6);
    static kept_reader r;
    r = kept_reader_new(&g.rd);
    CHECK_WAITING("kept_reader over 6 records sent in halves");
    ac_block_on(&g.ex, &r.base);
    EXPECT_INT(r.out.n, 6, "six records");
    EXPECT_TRUE(records_intact(&r.out, 6), "every record intact: the half-done read was kept, not dropped");
    EXPECT_TRUE(r.out.timeouts >= 6, "a timeout won inside every record, and the read went on");
    rig_close(&g);
}

static void dropping_the_reader_mid_record_releases_the_read(void **state)
{
    (void)state;
    CHECK_FN("kept_reader_poll");
    rig g;
    rig_open(&g, 6);
    static kept_reader r;
    r = kept_reader_new(&g.rd);
    ac_timeout lim = ac_timeout_of(&r.base, AC_MSEC(12)); /* inside record 0's gap */
    CHECK_WAITING("kept_reader under a 12 ms timeout");
    ac_block_on(&g.ex, &lim.base);
    EXPECT_ERR(lim.result, -ETIMEDOUT, "the reader was cut off in the middle of a record");
    EXPECT_INT(r.out.timeouts, 1, "after one timeout of its own (at 10 ms)");
    EXPECT_FALSE(ac_reactor_is_armed(g.rd.reactor, g.rd.fd, AC_READABLE),
                 "the kept read was dropped with the reader: its reactor slot is free");
    ac_join_abort(&g.writer);
    ac_executor_run(&g.ex);
    rig_close(&g);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(a_kept_read_exact_loses_nothing),
    cmocka_unit_test(dropping_the_reader_mid_record_releases_the_read),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_safe_reader, ex1_tests), AC_CHECK_GROUP(ex2_kept_reader, ex2_tests))
