/*
 * Checks for lesson 15 (select), one group per exercise.
 *
 *   ctest --preset learner -L 15-select      all four
 *   ctest --preset learner -R 15-select/ex3  just exercise 3
 *
 * Time runs on the paused clock: a 500 ms race takes no real time, and
 * the instants the checks expect are exact.
 */
#include "../check.h"
#include "ac/executor.h"
#include "ac/timer.h"
#include "lesson.h"

/* A future that is Ready on poll number ready_on (0: never), counted
 * its polls and drops. */
typedef struct probe {
    ac_future base;
    int ready_on;
    int polls, drops;
} probe;
static ac_poll probe_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    probe *p = (probe *)self;
    p->polls++;
    return p->ready_on != 0 && p->polls >= p->ready_on ? AC_READY : AC_PENDING;
}
static void probe_drop(ac_future *self) { ((probe *)self)->drops++; }
static const ac_future_vtable probe_vtable = {.name = "probe", .poll = probe_poll, .drop = probe_drop};
static probe probe_new(int ready_on) { return (probe){.base = {&probe_vtable}, .ready_on = ready_on}; }

static ac_poll poll_once(ac_future *f)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    return ac_future_poll(f, &cx);
}

static ac_executor ex;
static void rt_open(void)
{
    EXPECT_INT(ac_executor_init(&ex), 0, "the executor starts");
    ac_clock_pause(ac_executor_clock(&ex));
}
static ac_nanos rt_now(void) { return ac_clock_now(ac_executor_clock(&ex)); }
static size_t rt_timers(void) { return ac_timers_len(ac_timers_get(&ex)); }

/* ---- exercise 1: select2_poll ---------------------------------------------- */

static void the_shorter_sleep_wins_and_the_other_timer_goes(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    rt_open();
    for (int order = 0; order < 2; order++) {
        ac_nanos start = rt_now();
        ac_sleep fast = ac_sleep_for(AC_MSEC(100)), slow = ac_sleep_for(AC_MSEC(500));
        select2 s = order == 0 ? select2_of(&fast.base, &slow.base) : select2_of(&slow.base, &fast.base);
        CHECK_WAITING("select2 of sleep 100 ms and sleep 500 ms");
        ac_block_on(&ex, &s.base);
        EXPECT_INT(s.winner, order == 0 ? 0 : 1, "the 100 ms sleep wins, in whichever place it stands");
        EXPECT_INT(rt_now() - start, AC_MSEC(100),
                   "Ready at the first Ready branch: no waiting for the other");
        EXPECT_INT(rt_timers(), 0, "the loser was dropped, so its timer left the heap at once");
    }
    ac_executor_close(&ex);
}

static void the_loser_is_dropped_once_the_winner_never(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    probe a = probe_new(0), b = probe_new(2);
    select2 s = select2_of(&a.base, &b.base);
    EXPECT_POLL(poll_once(&s.base), AC_PENDING, "neither branch is Ready on the first poll");
    EXPECT_INT(a.polls + b.polls, 2, "a Pending select polled both branches (each arranges its wake)");
    EXPECT_INT(a.drops + b.drops, 0, "nothing is dropped while the select waits");
    EXPECT_POLL(poll_once(&s.base), AC_READY, "b is Ready on its second poll");
    EXPECT_INT(s.winner, 1, "b won");
    EXPECT_INT(a.drops, 1, "the loser is dropped when the winner is found");
    EXPECT_INT(b.drops, 0, "the winner finished: it is never dropped");
    EXPECT_TRUE(s.done, "done is set, so the select's drop leaves both alone");
    ac_future_drop(&s.base);
    EXPECT_INT(a.drops, 1, "dropping the finished select drops the loser no second time");
    EXPECT_INT(b.drops, 0, "nor the winner");
}

static void a_is_tried_first(void **state)
{
    (void)state;
    CHECK_FN("select2_poll");
    probe a = probe_new(1), b = probe_new(1);
    select2 s = select2_of(&a.base, &b.base);
    EXPECT_POLL(poll_once(&s.base), AC_READY, "both are Ready at once");
    EXPECT_INT(s.winner, 0, "a is tried first: it wins a tie");
    EXPECT_INT(b.polls, 0, "once a is Ready, b is not polled at all");
    EXPECT_INT(b.drops, 1, "b is dropped, once");
    EXPECT_INT(a.drops, 0, "a finished: not dropped");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(the_shorter_sleep_wins_and_the_other_timer_goes),
    cmocka_unit_test(the_loser_is_dropped_once_the_winner_never),
    cmocka_unit_test(a_is_tried_first),
};

/* ---- exercise 2: counted_poll, counted_drop ------------------------------- */

static void counting_passes_polls_on_and_counts_them(void **state)
{
    (void)state;
    CHECK_FN("counted_poll");
    probe in = probe_new(3);
    counted c = counted_of("probe", &in.base);
    EXPECT_POLL(poll_once(&c.base), AC_PENDING, "the inner future is Pending: so is counted");
    EXPECT_POLL(poll_once(&c.base), AC_PENDING, "still Pending");
    EXPECT_POLL(poll_once(&c.base), AC_READY, "the inner future's Ready comes through");
    EXPECT_INT(c.polls, 3, "three polls counted");
    EXPECT_INT(in.polls, 3, "each one passed on to the inner future");
    EXPECT_INT(c.drops + in.drops, 0, "nobody dropped anything");
}

static void counted_drop_counts_and_drops_the_inner_future(void **state)
{
    (void)state;
    CHECK_FN("counted_drop");
    probe in = probe_new(0);
    counted c = counted_of("probe", &in.base);
    EXPECT_POLL(poll_once(&c.base), AC_PENDING, "never Ready");
    ac_future_drop(&c.base);
    EXPECT_INT(c.drops, 1, "the drop is counted");
    EXPECT_INT(in.drops, 1, "and passed on: the inner future must release what it holds");
}

static void a_losing_branch_is_polled_once_then_dropped(void **state)
{
    (void)state;
    CHECK_FN("counted_drop");
    rt_open();
    ac_sleep fast = ac_sleep_for(AC_MSEC(10)), slow = ac_sleep_for(AC_SEC(1));
    counted c = counted_of("slow", &slow.base);
    ac_select s = AC_SELECT_BIASED(&fast.base, &c.base);
    CHECK_WAITING("biased select of sleep 10 ms and counted(sleep 1 s)");
    ac_block_on(&ex, &s.base);
    EXPECT_INT(s.result, 0, "the 10 ms sleep wins");
    EXPECT_INT(c.polls, 1, "the loser was polled once: at 10 ms the winner is found first");
    EXPECT_INT(c.drops, 1, "and dropped exactly once");
    EXPECT_INT(rt_timers(), 0, "the dropped sleep's timer is gone: counted passed the drop on");
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(counting_passes_polls_on_and_counts_them),
    cmocka_unit_test(counted_drop_counts_and_drops_the_inner_future),
    cmocka_unit_test(a_losing_branch_is_polled_once_then_dropped),
};

/* ---- exercise 3: ticker_poll ------------------------------------------------- */

static void ticks_between_five_messages_until_the_channel_closes(void **state)
{
    (void)state;
    CHECK_FN("ticker_poll");
    rt_open();
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0, "a channel");
    ac_nanos start = rt_now();
    delayed_sender snd = delayed_sender_new(tx, 5, AC_MSEC(25));
    ac_join_handle h = AC_SPAWN(&ex, snd);
    ticker t = ticker_new(rx, AC_MSEC(10));
    CHECK_WAITING("ticker over 5 messages 25 ms apart and a 10 ms interval");
    ac_block_on(&ex, &t.base);
    EXPECT_INT(t.msgs, 5, "five values arrived, and the close is not one of them");
    for (int i = 0; i < 5; i++)
        EXPECT_INT(t.got[i], i + 1, "values in the order sent");
    EXPECT_INT(rt_now() - start, AC_MSEC(125), "the loop ends when the channel closes, at 125 ms");
    EXPECT_INT(t.ticks, 13, "ticks at 0, 10, ..., 120 ms: every tick counted, none lost to a message");
    EXPECT_INT(rt_timers(), 0, "the tick pending at the end was dropped: no timer left behind");
    EXPECT_NULL(t.rx.chan, "the ticker closed its receiver");
    EXPECT_INT(ac_executor_live_tasks(&ex), 0, "the sender finished");
    ac_join_release(&h);
    ac_executor_close(&ex);
}

static void messages_faster_than_ticks_do_not_hold_ticks_back(void **state)
{
    (void)state;
    CHECK_FN("ticker_poll");
    rt_open();
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0, "a channel");
    delayed_sender snd = delayed_sender_new(tx, 12, AC_MSEC(4));
    ac_join_handle h = AC_SPAWN(&ex, snd);
    ticker t = ticker_new(rx, AC_MSEC(10));
    CHECK_WAITING("ticker over 12 messages 4 ms apart and a 10 ms interval");
    ac_block_on(&ex, &t.base);
    EXPECT_INT(t.msgs, 12, "twelve values");
    EXPECT_INT(t.ticks, 5, "ticks at 0, 10, 20, 30, 40 ms (the channel closed at 48 ms)");
    EXPECT_INT(rt_timers(), 0, "no timer left behind");
    ac_join_release(&h);
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(ticks_between_five_messages_until_the_channel_closes),
    cmocka_unit_test(messages_faster_than_ticks_do_not_hold_ticks_back),
};

/* ---- exercise 4: once_poll, once_drop --------------------------------------- */

static void ready_once_then_pending_forever(void **state)
{
    (void)state;
    CHECK_FN("once_poll");
    probe in = probe_new(3);
    once o = once_of(&in.base);
    EXPECT_POLL(poll_once(&o.base), AC_PENDING, "inner Pending");
    EXPECT_POLL(poll_once(&o.base), AC_PENDING, "inner Pending");
    EXPECT_POLL(poll_once(&o.base), AC_READY, "inner Ready: once reports it");
    EXPECT_TRUE(o.done, "and remembers it");
    for (int i = 0; i < 3; i++)
        EXPECT_POLL(poll_once(&o.base), AC_PENDING, "after its one Ready, Pending forever");
    EXPECT_INT(in.polls, 3, "a finished inner future is never polled again");
}

static void drop_cancels_an_unfinished_inner_future_once(void **state)
{
    (void)state;
    CHECK_FN("once_drop");
    probe in = probe_new(0);
    once o = once_of(&in.base);
    EXPECT_POLL(poll_once(&o.base), AC_PENDING, "never Ready");
    ac_future_drop(&o.base);
    EXPECT_INT(in.drops, 1, "an unfinished inner future is dropped with the fuse");
    ac_future_drop(&o.base);
    EXPECT_INT(in.drops, 1, "a second drop of the fuse drops nothing again");

    probe done = probe_new(1);
    once f = once_of(&done.base);
    EXPECT_POLL(poll_once(&f.base), AC_READY, "Ready at once");
    ac_future_drop(&f.base);
    EXPECT_INT(done.drops, 0, "a finished inner future is not dropped");
}

/* A deadline kept across a tick loop: fused, it fires once. */
typedef struct kept_deadline {
    ac_future base;
    ac_coro co;
    ac_interval every;
    ac_tick tick;
    ac_sleep deadline;
    once fused;
    ac_select sel;
    int ticks, fired;
} kept_deadline;
static ac_poll kept_deadline_poll(ac_future *self, ac_context *cx)
{
    kept_deadline *k = (kept_deadline *)self;
    AC_BEGIN(&k->co);
    while (k->ticks < 8) {
        k->tick = ac_tick_of(&k->every);
        AC_AWAIT_SELECT(&k->co, cx, &k->sel, &k->tick.base, AC_KEEP(&k->fused.base));
        if (k->sel.result == 0)
            k->ticks++;
        else
            k->fired++;
    }
    ac_future_drop(&k->fused.base);
    AC_END(&k->co);
}
static const ac_future_vtable kept_deadline_vtable = {.name = "kept_deadline", .poll = kept_deadline_poll};

static void a_fused_deadline_fires_once_in_a_loop(void **state)
{
    (void)state;
    CHECK_FN("once_poll");
    rt_open();
    kept_deadline k = {.base = {&kept_deadline_vtable},
                       .every = ac_interval_every(AC_MSEC(10), AC_MISSED_SKIP),
                       .deadline = ac_sleep_for(AC_MSEC(35))};
    k.fused = once_of(&k.deadline.base);
    CHECK_WAITING("a loop of 8 ticks beside a fused 35 ms deadline");
    ac_block_on(&ex, &k.base);
    EXPECT_INT(k.ticks, 8, "eight ticks");
    EXPECT_INT(k.fired, 1, "the deadline fired once, though the loop kept polling the fuse");
    EXPECT_INT(rt_timers(), 0, "nothing left in the heap");
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(ready_once_then_pending_forever),
    cmocka_unit_test(drop_cancels_an_unfinished_inner_future_once),
    cmocka_unit_test(a_fused_deadline_fires_once_in_a_loop),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_select2, ex1_tests), AC_CHECK_GROUP(ex2_counted, ex2_tests),
              AC_CHECK_GROUP(ex3_ticker, ex3_tests), AC_CHECK_GROUP(ex4_once, ex4_tests))
