/*
 * Checks for lesson 13 (channels), one group per exercise.
 *
 *   ctest --preset learner -L 13-channels      all four
 *   ctest --preset learner -R 13-channels/ex4  just exercise 4
 *
 * Every future is polled by hand with a counting waker (check.h), so a
 * check sees exactly which wakes happened and that every cloned waker
 * was given back.
 */
#include "../check.h"
#include "lesson.h"

static ac_context context_for(ac_waker *w) { return (ac_context){.waker = w}; }

static int live_clones(wake_counts *c) { return atomic_load(&c->clones) - atomic_load(&c->drops); }

/* ---- exercise 1: oneshot_recv_poll ---------------------------------------- */

static void recv_waits_then_gets_the_value(void **state)
{
    (void)state;
    CHECK_FN("oneshot_recv_poll");
    oneshot o;
    oneshot_init(&o);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = context_for(&w);
    oneshot_recv r = oneshot_recv_new(&o);
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_PENDING, "nothing was sent yet");
    EXPECT_INT(live_clones(&c), 1, "a Pending receiver keeps one clone of its waker in o->waker");
    oneshot_send(&o, 7);
    EXPECT_INT(atomic_load(&c.wakes), 1,
               "the send wakes the waker you stored; without it the task sleeps forever");
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_READY, "the value is there now");
    EXPECT_ERR(r.result, 0, "a value arrived: result 0");
    EXPECT_INT(r.value, 7, "the value sent");
    EXPECT_FALSE(o.has_value, "a value is received once: clear has_value when you take it");
    EXPECT_INT(live_clones(&c), 0, "every clone comes back (the send used it up)");
    oneshot_destroy(&o);
}

static void recv_of_a_value_already_sent_is_ready_at_once(void **state)
{
    (void)state;
    CHECK_FN("oneshot_recv_poll");
    oneshot o;
    oneshot_init(&o);
    oneshot_send(&o, -3);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = context_for(&w);
    oneshot_recv r = oneshot_recv_new(&o);
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_READY, "the value was sent before the first poll");
    EXPECT_ERR(r.result, 0, "a value sent means result 0, even though the sender is closed now");
    EXPECT_INT(r.value, -3, "the value sent");
    EXPECT_INT(atomic_load(&c.clones), 0, "a Ready poll stores no waker");
    oneshot_destroy(&o);
}

static void recv_polled_again_keeps_exactly_one_clone(void **state)
{
    (void)state;
    CHECK_FN("oneshot_recv_poll");
    oneshot o;
    oneshot_init(&o);
    wake_counts a = {0}, b = {0};
    ac_waker wa = wake_counts_waker(&a), wb = wake_counts_waker(&b);
    ac_context ca = context_for(&wa), cb = context_for(&wb);
    oneshot_recv r = oneshot_recv_new(&o);
    for (int i = 0; i < 3; i++)
        EXPECT_POLL(ac_future_poll(&r.base, &ca), AC_PENDING, "still nothing sent");
    EXPECT_INT(live_clones(&a), 1, "three polls, one stored clone: a clone per poll leaks the others");
    EXPECT_POLL(ac_future_poll(&r.base, &cb), AC_PENDING, "still nothing sent");
    EXPECT_INT(live_clones(&a), 0, "polled with a new waker: give the old clone back");
    EXPECT_INT(live_clones(&b), 1, "and keep a clone of the new one");
    oneshot_send(&o, 1);
    EXPECT_INT(atomic_load(&b.wakes), 1, "the send wakes the LATEST waker: the task may have moved");
    EXPECT_INT(atomic_load(&a.wakes), 0, "the old waker is not woken");
    EXPECT_POLL(ac_future_poll(&r.base, &cb), AC_READY, "the value is there now");
    oneshot_destroy(&o);
}

static void recv_after_the_sender_left_fails_with_epipe(void **state)
{
    (void)state;
    CHECK_FN("oneshot_recv_poll");
    oneshot o;
    oneshot_init(&o);
    o.sender_open = false; /* as oneshot_sender_drop leaves it */
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = context_for(&w);
    oneshot_recv r = oneshot_recv_new(&o);
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_READY,
                "a closed sender with no value means: it never comes");
    EXPECT_ERR(r.result, -EPIPE, "nothing will be sent: say so with -EPIPE");
    EXPECT_INT(live_clones(&c), 0, "no waker is kept for a value that never comes");
    oneshot_destroy(&o);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(recv_waits_then_gets_the_value),
    cmocka_unit_test(recv_of_a_value_already_sent_is_ready_at_once),
    cmocka_unit_test(recv_polled_again_keeps_exactly_one_clone),
    cmocka_unit_test(recv_after_the_sender_left_fails_with_epipe),
};

/* ---- exercise 2: oneshot_sender_drop --------------------------------------- */

static void sender_drop_wakes_the_waiting_receiver(void **state)
{
    (void)state;
    CHECK_FN("oneshot_sender_drop");
    oneshot o;
    oneshot_init(&o);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    o.waker = ac_waker_clone(&w); /* a receiver waits, as exercise 1 leaves it */
    oneshot_sender_drop(&o);
    EXPECT_FALSE(o.sender_open, "the sender is gone");
    EXPECT_FALSE(o.has_value, "it left no value");
    EXPECT_INT(atomic_load(&c.wakes), 1,
               "the receiver waits for a value that now never comes: wake it, or it sleeps forever");
    EXPECT_INT(live_clones(&c), 0, "the stored clone is given back (waking by value does that)");
    EXPECT_NULL(o.waker.vtable, "no waker is left in the oneshot: a later drop would release it twice");
    oneshot_destroy(&o);
    EXPECT_INT(live_clones(&c), 0, "nothing left to release");
}

static void sender_drop_with_nobody_waiting_just_closes(void **state)
{
    (void)state;
    CHECK_FN("oneshot_sender_drop");
    oneshot o;
    oneshot_init(&o);
    oneshot_sender_drop(&o);
    EXPECT_FALSE(o.sender_open, "the sender is gone even if no receiver waited yet");
    EXPECT_NULL(o.waker.vtable, "there was no waker to wake");
    oneshot_destroy(&o);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(sender_drop_wakes_the_waiting_receiver),
    cmocka_unit_test(sender_drop_with_nobody_waiting_just_closes),
};

/* ---- exercise 3: producer_poll ------------------------------------------------ */

/* Every producer's values arrived, each once and in its own order. */
static void expect_fan_in(const int *out, int got, int senders, int count)
{
    EXPECT_INT(got, senders * count, "every value of every producer arrives once");
    int next[10] = {0};
    for (int i = 0; i < got; i++) {
        int id = out[i] / 100, seq = out[i] % 100;
        EXPECT_TRUE(id >= 1 && id <= senders, "a value is id * 100 + i, id from 1");
        EXPECT_INT(seq, next[id], "one producer's values arrive in the order it sent them");
        next[id]++;
    }
}

static void three_producers_ten_values_each(void **state)
{
    (void)state;
    CHECK_FN("producer_poll");
    CHECK_WAITING("the consumer, for every sender to be closed");
    int out[30];
    int got = fan_in(3, 10, 0, out, 30);
    EXPECT_ERR(got == -EPIPE ? -EPIPE : 0, 0,
               "the consumer never saw the channel close: close your sender when you are done");
    expect_fan_in(out, got, 3, 10);
}

static void producers_wait_on_a_bounded_channel(void **state)
{
    (void)state;
    CHECK_FN("producer_poll");
    CHECK_WAITING("the consumer, for every sender to be closed");
    int out[30];
    int got = fan_in(3, 10, 2, out, 30); /* capacity 2: most sends must wait */
    EXPECT_ERR(got == -EPIPE ? -EPIPE : 0, 0, "the consumer never saw the channel close");
    expect_fan_in(out, got, 3, 10);
}

static void producer_counts_and_closes(void **state)
{
    (void)state;
    CHECK_FN("producer_poll");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    EXPECT_INT(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0, "setting up the channel");
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = context_for(&w);
    producer p = producer_new(tx, 4, 2);
    EXPECT_POLL(ac_future_poll(&p.base, &cx), AC_READY, "an unbounded channel never makes a send wait");
    EXPECT_INT(p.sent, 2, "two sends that reported 0");
    EXPECT_INT(p.errors, 0, "none failed");
    int v = 0;
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "the first value is queued");
    EXPECT_INT(v, 400, "id 4, i 0");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), 0, "the second value is queued");
    EXPECT_INT(v, 401, "id 4, i 1");
    EXPECT_ERR(ac_mpsc_try_recv(&rx, &v), -EPIPE, "the only sender was closed: the channel says so");
    ac_mpsc_rx_close(&rx);

    EXPECT_INT(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0, "setting up the channel");
    ac_mpsc_rx_close(&rx); /* nobody listens: every send fails */
    p = producer_new(tx, 1, 3);
    EXPECT_POLL(ac_future_poll(&p.base, &cx), AC_READY, "failed sends do not wait");
    EXPECT_INT(p.errors, 3, "each send to a closed receiver reports -EPIPE: count it");
    EXPECT_INT(p.sent, 0, "nothing was delivered");
    ac_future_drop(&p.base); /* closes the sender if the poll did not */
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(three_producers_ten_values_each),
    cmocka_unit_test(producers_wait_on_a_bounded_channel),
    cmocka_unit_test(producer_counts_and_closes),
};

/* ---- exercise 4: bounded_send_poll ----------------------------------------------- */

static void third_send_into_capacity_two_waits_for_a_receive(void **state)
{
    (void)state;
    CHECK_FN("bounded_send_poll");
    bounded q;
    bounded_init(&q, 2);
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = context_for(&w);
    bounded_send s1 = bounded_send_new(&q, 1), s2 = bounded_send_new(&q, 2), s3 = bounded_send_new(&q, 3);
    EXPECT_POLL(ac_future_poll(&s1.base, &cx), AC_READY, "room for the first");
    EXPECT_POLL(ac_future_poll(&s2.base, &cx), AC_READY, "room for the second");
    EXPECT_POLL(ac_future_poll(&s3.base, &cx), AC_PENDING, "capacity 2 is full: the third send waits");
    EXPECT_UINT(q.len, 2, "a full queue holds capacity items, never more");
    EXPECT_UINT(q.max_len, 2, "max_len follows the most items held");
    int v = 0;
    EXPECT_TRUE(bounded_try_recv(&q, &v), "a receive takes the oldest");
    EXPECT_INT(v, 1, "first in, first out");
    EXPECT_INT(atomic_load(&c.wakes), 1,
               "the receive made room and woke the waiting sender: its waker was stored");
    EXPECT_POLL(ac_future_poll(&s3.base, &cx), AC_READY, "room now");
    EXPECT_TRUE(bounded_try_recv(&q, &v), "second item");
    EXPECT_INT(v, 2, "first in, first out");
    EXPECT_TRUE(bounded_try_recv(&q, &v), "third item");
    EXPECT_INT(v, 3, "the waiting send's value arrived after the others");
    EXPECT_UINT(q.max_len, 2, "never more than capacity");
    bounded_destroy(&q);
    EXPECT_INT(live_clones(&c), 0, "every clone given back");
}

static void send_wakes_a_waiting_receiver(void **state)
{
    (void)state;
    CHECK_FN("bounded_send_poll");
    bounded q;
    bounded_init(&q, 2);
    wake_counts rc = {0}, sc = {0};
    ac_waker rw = wake_counts_waker(&rc), sw = wake_counts_waker(&sc);
    ac_context rcx = context_for(&rw), scx = context_for(&sw);
    bounded_recv r = bounded_recv_new(&q);
    EXPECT_POLL(ac_future_poll(&r.base, &rcx), AC_PENDING, "the queue is empty");
    bounded_send s = bounded_send_new(&q, 9);
    EXPECT_POLL(ac_future_poll(&s.base, &scx), AC_READY, "there is room");
    EXPECT_INT(atomic_load(&rc.wakes), 1, "a value for a waiting receiver: wake it (q->recv_waker)");
    EXPECT_NULL(q.recv_waker.vtable, "the receiver's waker was used up by the wake: leave none behind");
    EXPECT_POLL(ac_future_poll(&r.base, &rcx), AC_READY, "the value is there");
    EXPECT_INT(r.value, 9, "the value sent");
    bounded_destroy(&q);
    EXPECT_INT(live_clones(&rc) + live_clones(&sc), 0, "every clone given back");
}

static void values_keep_their_order_around_the_ring(void **state)
{
    (void)state;
    CHECK_FN("bounded_send_poll");
    bounded q;
    bounded_init(&q, 3);
    ac_waker w = ac_waker_noop();
    ac_context cx = context_for(&w);
    int next_out = 0;
    for (int v = 0; v < 20; v++) {
        bounded_send s = bounded_send_new(&q, v);
        EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_READY, "there is room (one taken out each round)");
        if (q.len == 3 || v == 19) {
            int got;
            while (bounded_try_recv(&q, &got)) {
                EXPECT_INT(got, next_out, "values come out in the order they went in, across the wrap");
                next_out++;
            }
        }
    }
    EXPECT_INT(next_out, 20, "all twenty came out");
    bounded_destroy(&q);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(third_send_into_capacity_two_waits_for_a_receive),
    cmocka_unit_test(send_wakes_a_waiting_receiver),
    cmocka_unit_test(values_keep_their_order_around_the_ring),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_oneshot_recv, ex1_tests), AC_CHECK_GROUP(ex2_sender_drop, ex2_tests),
              AC_CHECK_GROUP(ex3_producer, ex3_tests), AC_CHECK_GROUP(ex4_bounded_send, ex4_tests))
