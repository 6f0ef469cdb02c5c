/*
 * Checks for lesson 23 (backpressure), one group per exercise.
 *
 *   ctest --preset learner -L 23-backpressure       all three
 *   ctest --preset learner -R 23-backpressure/ex2   just exercise 2
 */
#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"

static ac_context context_for(ac_waker *w) { return (ac_context){.waker = w}; }

/* ---- exercise 1: offer --------------------------------------------------- */

static void full_channel_sheds_and_counts(void **state)
{
    (void)state;
    CHECK_FN("offer");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 2, &tx, &rx), 0, "setting up the channel");
    shed_stats s = {0};
    EXPECT_ERR(offer(&tx, 1, &s), 0, "room: accepted");
    EXPECT_ERR(offer(&tx, 2, &s), 0, "room: accepted");
    EXPECT_ERR(offer(&tx, 3, &s), -EAGAIN, "full: shed at once, never wait");
    EXPECT_INT(s.accepted, 2, "two accepted");
    EXPECT_INT(s.shed, 1, "one shed");
    int v;
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "the first accepted value is queued");
    EXPECT_INT(v, 1, "in order");
    EXPECT_ERR(offer(&tx, 4, &s), 0, "room again after a receive");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "second");
    EXPECT_INT(v, 2, "in order");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "third");
    EXPECT_INT(v, 4, "the shed value 3 never entered the channel");
    ac_mpsc_rx_close(&rx);
    EXPECT_ERR(offer(&tx, 5, &s), -EPIPE, "the receiver is gone: say so");
    EXPECT_INT(s.accepted + s.shed, 4, "a value refused because nobody listens is neither accepted nor shed");
    ac_mpsc_tx_close(&tx);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(full_channel_sheds_and_counts),
};

/* ---- exercise 2: maker_poll -------------------------------------------------- */

static void nothing_is_made_before_a_slot_is_free(void **state)
{
    (void)state;
    CHECK_FN("maker_poll");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0, "setting up the channel");
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    maker m = maker_new(tx, 3);
    EXPECT_POLL(ac_future_poll(&m.base, &cx), AC_PENDING, "capacity 1: the second value has no slot yet");
    EXPECT_INT(m.made, 1, "only the value that had a slot was made: reserve first, then make_value");
    int v;
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "the first value was sent");
    EXPECT_INT(v, 0, "make_value(m, 0) is 0");
    EXPECT_INT(atomic_load(&w.wakes), 1, "the receive freed the slot and woke the maker");
    EXPECT_POLL(ac_future_poll(&m.base, &cx), AC_PENDING, "one more sent, the third waits");
    EXPECT_INT(m.made, 2, "still one value made per slot");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "second value");
    EXPECT_INT(v, 10, "make_value(m, 1)");
    EXPECT_POLL(ac_future_poll(&m.base, &cx), AC_READY, "the third fits: done");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "third value");
    EXPECT_INT(v, 20, "make_value(m, 2)");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), -EPIPE, "the maker closed its sender when done");
    EXPECT_INT(m.errors, 0, "nothing failed");
    EXPECT_INT(atomic_load(&w.clones), atomic_load(&w.drops), "every waker clone given back");
    ac_mpsc_rx_close(&rx);
}

static void a_gone_receiver_stops_the_work(void **state)
{
    (void)state;
    CHECK_FN("maker_poll");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 4, &tx, &rx), 0, "setting up the channel");
    ac_mpsc_rx_close(&rx);
    ac_waker noop = ac_waker_noop();
    ac_context cx = context_for(&noop);
    maker m = maker_new(tx, 5);
    EXPECT_POLL(ac_future_poll(&m.base, &cx), AC_READY, "nobody listens: stop at once");
    EXPECT_INT(m.made, 0, "no value made for a channel that cannot take it");
    EXPECT_INT(m.errors, 1, "the failed reserve is counted, and it stops there");
    ac_future_drop(&m.base);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(nothing_is_made_before_a_slot_is_free),
    cmocka_unit_test(a_gone_receiver_stops_the_work),
};

/* ---- exercise 3: relay_poll ------------------------------------------------------ */

static void a_full_downstream_stops_the_relay(void **state)
{
    (void)state;
    CHECK_FN("relay_poll");
    ac_mpsc_tx in_tx, out_tx;
    ac_mpsc_rx in_rx, out_rx;
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 2, &in_tx, &in_rx), 0, "setting up in");
    EXPECT_INT(ac_mpsc_bounded(sizeof(int), 2, &out_tx, &out_rx), 0, "setting up out");
    for (int v = 1; v <= 2; v++)
        EXPECT_ERR(ac_mpsc_try_send(&in_tx, &v), 0, "filling in");
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    relay r = relay_new(in_rx, out_tx);
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_PENDING, "in is empty now: wait for more");
    EXPECT_INT(r.moved, 2, "both values passed on");
    int v = 3;
    EXPECT_ERR(ac_mpsc_try_send(&in_tx, &v), 0, "one more into in");
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_PENDING, "out is full: the relay waits on its send");
    EXPECT_UINT(ac_mpsc_len(&out_rx), 2, "out holds its bound, no more");
    v = 4;
    EXPECT_ERR(ac_mpsc_try_send(&in_tx, &v), 0, "in takes one more...");
    v = 5;
    EXPECT_ERR(ac_mpsc_try_send(&in_tx, &v), 0, "...and another: the relay holds 3, in holds 4, 5");
    v = 6;
    EXPECT_ERR(ac_mpsc_try_send(&in_tx, &v), -EAGAIN,
               "in is full too: a stalled relay must stop taking from in (one value at a time)");
    int got;
    EXPECT_ERR(ac_mpsc_try_recv(&out_rx, &got), 0, "the sink takes one");
    EXPECT_INT(got, 1, "in order");
    ac_mpsc_tx_close(&in_tx);
    for (int i = 0; i < 10 && ac_future_poll(&r.base, &cx) == AC_PENDING; i++)
        while (ac_mpsc_try_recv(&out_rx, &got) == 0)
            EXPECT_TRUE(got >= 2 && got <= 5, "only the values sent, in order");
    EXPECT_INT(r.moved, 5, "all five passed on");
    while (ac_mpsc_try_recv(&out_rx, &got) == 0) {
    }
    EXPECT_ERR(ac_mpsc_try_recv(&out_rx, &got), -EPIPE, "in closed and drained: the relay closed out");
    EXPECT_INT(atomic_load(&w.clones), atomic_load(&w.drops), "every waker clone given back");
    ac_mpsc_rx_close(&out_rx);
}

static void values_arrive_in_order_through_the_relay(void **state)
{
    (void)state;
    CHECK_FN("relay_poll");
    CHECK_WAITING("the relay, for in to close");
    ac_mpsc_tx in_tx, out_tx;
    ac_mpsc_rx in_rx, out_rx;
    EXPECT_INT(ac_mpsc_unbounded(sizeof(int), &in_tx, &in_rx), 0, "setting up in");
    EXPECT_INT(ac_mpsc_unbounded(sizeof(int), &out_tx, &out_rx), 0, "setting up out");
    for (int v = 0; v < 100; v++)
        ac_mpsc_try_send(&in_tx, &v);
    ac_mpsc_tx_close(&in_tx);
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "setting up the executor");
    relay r = relay_new(in_rx, out_tx);
    ac_block_on(&ex, &r.base);
    EXPECT_INT(r.moved, 100, "every value");
    int got;
    for (int v = 0; v < 100; v++) {
        EXPECT_ERR(ac_mpsc_try_recv(&out_rx, &got), 0, "a value for each one sent");
        EXPECT_INT(got, v, "in the order they came in");
    }
    EXPECT_ERR(ac_mpsc_try_recv(&out_rx, &got), -EPIPE, "out closed when in was done");
    ac_mpsc_rx_close(&out_rx);
    ac_executor_close(&ex);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(a_full_downstream_stops_the_relay),
    cmocka_unit_test(values_arrive_in_order_through_the_relay),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_shed, ex1_tests), AC_CHECK_GROUP(ex2_reserve, ex2_tests),
              AC_CHECK_GROUP(ex3_relay, ex3_tests))
