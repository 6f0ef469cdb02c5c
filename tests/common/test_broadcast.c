/*
 * test_broadcast.c - every receiver gets every value; a lagging receiver
 * is told exactly how many it missed.
 */
#include <errno.h>

#include "ac/broadcast.h"
#include "chan_util.h"

static void test_every_receiver_gets_every_value(void **state)
{
    (void)state;
    ac_broadcast_tx tx;
    ac_broadcast_rx a;
    assert_int_equal(ac_broadcast_new(sizeof(int), 8, &tx, &a), 0);
    ac_broadcast_rx b = ac_broadcast_subscribe(&tx);
    counting_waker wa = {0}, wb = {0};
    int va = 0, vb = 0;
    ac_broadcast_recv_fut ra = ac_broadcast_recv(&a, &va), rb = ac_broadcast_recv(&b, &vb);
    assert_int_equal(poll_with(&ra.base, &wa), AC_PENDING);
    assert_int_equal(poll_with(&rb.base, &wb), AC_PENDING);
    int one = 1;
    assert_int_equal(ac_broadcast_send(&tx, &one), 0);
    assert_int_equal(wa.wakes, 1);
    assert_int_equal(wb.wakes, 1);
    assert_int_equal(poll_with(&ra.base, &wa), AC_READY);
    assert_int_equal(poll_with(&rb.base, &wb), AC_READY);
    assert_int_equal(va + vb, 2);
    ac_broadcast_rx late = ac_broadcast_subscribe(&tx); /* sees only later values */
    int two = 2, out = 0;
    assert_int_equal(ac_broadcast_send(&tx, &two), 0);
    assert_int_equal(ac_broadcast_try_recv(&late, &out, NULL), 0);
    assert_int_equal(out, 2);
    assert_int_equal(ac_broadcast_try_recv(&late, &out, NULL), -EAGAIN);
    ac_broadcast_tx_close(&tx);
    assert_int_equal(ac_broadcast_try_recv(&a, &out, NULL), 0);      /* what is left ... */
    assert_int_equal(ac_broadcast_try_recv(&a, &out, NULL), -EPIPE); /* ... then closed */
    assert_int_equal(wa.refs + wb.refs, 0);
    ac_broadcast_rx_close(&a);
    ac_broadcast_rx_close(&b);
    ac_broadcast_rx_close(&late);
}

/* Capacity 4; a slow receiver that falls k behind is told exactly k - 4. */
static void test_lagging_receiver_is_told_exactly_how_many_it_missed(void **state)
{
    (void)state;
    for (int sent = 1; sent <= 40; sent++) {
        ac_broadcast_tx tx;
        ac_broadcast_rx slow;
        assert_int_equal(ac_broadcast_new(sizeof(int), 4, &tx, &slow), 0);
        for (int i = 0; i < sent; i++)
            assert_int_equal(ac_broadcast_send(&tx, &i), 0);
        counting_waker w = {0};
        int out = -1;
        ac_broadcast_recv_fut r = ac_broadcast_recv(&slow, &out);
        assert_int_equal(poll_with(&r.base, &w), AC_READY);
        int first = 0;
        if (sent > 4) {
            assert_int_equal(r.result, -EOVERFLOW);
            assert_int_equal(r.missed, sent - 4);
            first = sent - 4;
        } else {
            assert_int_equal(r.result, 0);
            assert_int_equal(out, 0);
            first = 1;
        }
        for (int want = first; want < sent; want++) { /* carries on from the oldest kept */
            uint64_t missed = 99;
            assert_int_equal(ac_broadcast_try_recv(&slow, &out, &missed), 0);
            assert_int_equal(out, want);
        }
        assert_int_equal(ac_broadcast_try_recv(&slow, &out, NULL), -EAGAIN);
        ac_broadcast_tx_close(&tx);
        ac_broadcast_rx_close(&slow);
    }
}

static void test_send_without_receivers_fails(void **state)
{
    (void)state;
    ac_broadcast_tx tx;
    ac_broadcast_rx rx;
    assert_int_equal(ac_broadcast_new(sizeof(int), 2, &tx, &rx), 0);
    ac_broadcast_rx_close(&rx);
    int v = 1;
    assert_int_equal(ac_broadcast_send(&tx, &v), -EPIPE);
    ac_broadcast_tx tx2 = ac_broadcast_tx_clone(&tx);
    ac_broadcast_tx_close(&tx);
    ac_broadcast_tx_close(&tx2); /* the clone's reference */
}

/* Random subscribe/poll/drop/send: every waiter that was queued when a
 * send came is woken; a dropped one never is; nothing leaks. */
static void test_random_drops(void **state)
{
    (void)state;
    enum { SLOTS = 6, STEPS = 20000 };
    unsigned seed = test_seed("broadcast random drops", 3), s = seed;
    ac_broadcast_tx tx;
    ac_broadcast_rx rx[SLOTS];
    assert_int_equal(ac_broadcast_new(sizeof(int), 3, &tx, &rx[0]), 0);
    for (int i = 1; i < SLOTS; i++)
        rx[i] = ac_broadcast_subscribe(&tx);
    ac_broadcast_recv_fut f[SLOTS];
    int out[SLOTS], expect_next[SLOTS] = {0}, sent = 0;
    bool live[SLOTS] = {false};
    counting_waker w[SLOTS] = {{0}};
    int wakes_at_drop[SLOTS] = {0};
    for (int step = 0; step < STEPS; step++) {
        unsigned i = rng_next(&s) % SLOTS, op = rng_next(&s) % 4;
        if (op == 0) {
            assert_int_equal(ac_broadcast_send(&tx, &sent), 0);
            sent++;
        } else if (!live[i]) {
            f[i] = ac_broadcast_recv(&rx[i], &out[i]);
            live[i] = true;
        } else if (op == 1) {
            ac_future_drop(&f[i].base);
            live[i] = false;
            wakes_at_drop[i] = w[i].wakes;
        } else if (poll_with(&f[i].base, &w[i]) == AC_READY) {
            live[i] = false;
            wakes_at_drop[i] = w[i].wakes;
            if (f[i].result == -EOVERFLOW) {
                if (expect_next[i] + (int)f[i].missed != sent - 3)
                    fail_msg("seed %u: receiver %d told %d missed, wrong", seed, (int)i, (int)f[i].missed);
                expect_next[i] = sent - 3;
            } else if (f[i].result != 0 || out[i] != expect_next[i]++) {
                fail_msg("seed %u step %d: receiver %d got %d", seed, step, (int)i, out[i]);
            }
        }
        for (int k = 0; k < SLOTS; k++)
            if (!live[k] && w[k].wakes != wakes_at_drop[k])
                fail_msg("seed %u step %d: stale waker %d called", seed, step, k);
    }
    for (int k = 0; k < SLOTS; k++) {
        if (live[k])
            ac_future_drop(&f[k].base);
        assert_int_equal(w[k].refs, 0);
        ac_broadcast_rx_close(&rx[k]);
    }
    ac_broadcast_tx_close(&tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_receiver_gets_every_value),
        cmocka_unit_test(test_lagging_receiver_is_told_exactly_how_many_it_missed),
        cmocka_unit_test(test_send_without_receivers_fails),
        cmocka_unit_test(test_random_drops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
