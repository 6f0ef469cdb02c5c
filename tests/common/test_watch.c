/*
 * test_watch.c - latest value only, and the changed future.
 */
#include <errno.h>

#include "ac/watch.h"
#include "chan_util.h"

static void test_changed_sees_only_the_latest(void **state)
{
    (void)state;
    ac_watch_tx tx;
    ac_watch_rx rx;
    int v = 1, out = 0;
    assert_int_equal(ac_watch_new(sizeof(int), &v, &tx, &rx), 0);
    ac_watch_borrow(&rx, &out);
    assert_int_equal(out, 1);
    assert_false(ac_watch_has_changed(&rx));
    counting_waker w = {0};
    ac_watch_changed_fut c = ac_watch_changed(&rx);
    assert_int_equal(poll_with(&c.base, &w), AC_PENDING);
    for (v = 2; v <= 5; v++)
        assert_int_equal(ac_watch_send(&tx, &v), 0);
    assert_int_equal(w.wakes, 1); /* woken once; the rest just replaced the value */
    assert_int_equal(poll_with(&c.base, &w), AC_READY);
    assert_int_equal(c.result, 0);
    ac_watch_borrow(&rx, &out);
    assert_int_equal(out, 5);
    c = ac_watch_changed(&rx);
    assert_int_equal(poll_with(&c.base, &w), AC_PENDING); /* 5 was seen */
    ac_watch_tx_close(&tx);
    assert_int_equal(w.wakes, 2);
    assert_int_equal(poll_with(&c.base, &w), AC_READY);
    assert_int_equal(c.result, -EPIPE);
    assert_int_equal(w.refs, 0);
    ac_watch_rx_close(&rx);
}

static void test_every_receiver_is_woken_and_drops_are_not(void **state)
{
    (void)state;
    ac_watch_tx tx;
    ac_watch_rx rx[50];
    int v = 0;
    assert_int_equal(ac_watch_new(sizeof(int), &v, &tx, &rx[0]), 0);
    for (int i = 1; i < 50; i++)
        rx[i] = ac_watch_rx_clone(&rx[0]);
    static counting_waker w[50];
    static ac_watch_changed_fut c[50];
    for (int i = 0; i < 50; i++) {
        w[i] = (counting_waker){0};
        c[i] = ac_watch_changed(&rx[i]);
        assert_int_equal(poll_with(&c[i].base, &w[i]), AC_PENDING);
    }
    for (int i = 0; i < 50; i += 2)
        ac_future_drop(&c[i].base);
    v = 9;
    assert_int_equal(ac_watch_send(&tx, &v), 0);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(w[i].wakes, i % 2);
        if (i % 2)
            assert_int_equal(poll_with(&c[i].base, &w[i]), AC_READY);
        assert_int_equal(w[i].refs, 0);
        assert_true(ac_watch_has_changed(&rx[i]) == (i % 2 == 0)); /* a drop marks nothing seen */
    }
    for (int i = 0; i < 50; i++)
        ac_watch_rx_close(&rx[i]);
    assert_int_equal(ac_watch_send(&tx, &v), -EPIPE);
    ac_watch_tx_close(&tx);
}

/* Random polls, drops and sends: a changed future is Ready exactly when a
 * send came after its receiver last looked, a dropped one is never woken,
 * no waker leaks. */
static void test_random_drops(void **state)
{
    (void)state;
    enum { SLOTS = 6, STEPS = 20000 };
    unsigned seed = test_seed("watch random drops", 11), s = seed;
    ac_watch_tx tx;
    ac_watch_rx rx[SLOTS];
    int v = 0;
    assert_int_equal(ac_watch_new(sizeof(int), &v, &tx, &rx[0]), 0);
    for (int i = 1; i < SLOTS; i++)
        rx[i] = ac_watch_rx_clone(&rx[0]);
    ac_watch_changed_fut f[SLOTS];
    bool live[SLOTS] = {false}, news[SLOTS] = {false};
    counting_waker w[SLOTS] = {{0}};
    int wakes_at_rest[SLOTS] = {0};
    for (int step = 0; step < STEPS; step++) {
        unsigned i = rng_next(&s) % SLOTS, op = rng_next(&s) % 4;
        if (op == 0) {
            v++;
            assert_int_equal(ac_watch_send(&tx, &v), 0);
            for (int k = 0; k < SLOTS; k++)
                news[k] = true;
        } else if (!live[i]) {
            f[i] = ac_watch_changed(&rx[i]);
            live[i] = true;
        } else if (op == 1) {
            ac_future_drop(&f[i].base);
            live[i] = false;
            wakes_at_rest[i] = w[i].wakes;
        } else {
            ac_poll r = poll_with(&f[i].base, &w[i]);
            if ((r == AC_READY) != news[i])
                fail_msg("seed %u step %d: changed %s with news %d", seed, step,
                         r == AC_READY ? "Ready" : "Pending", news[i]);
            if (r == AC_READY) {
                live[i] = false;
                news[i] = false;
                wakes_at_rest[i] = w[i].wakes;
            }
        }
        for (int k = 0; k < SLOTS; k++)
            if (!live[k] && w[k].wakes != wakes_at_rest[k])
                fail_msg("seed %u step %d: stale waker %d called", seed, step, k);
    }
    for (int k = 0; k < SLOTS; k++) {
        if (live[k])
            ac_future_drop(&f[k].base);
        assert_int_equal(w[k].refs, 0);
        ac_watch_rx_close(&rx[k]);
    }
    ac_watch_tx_close(&tx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_changed_sees_only_the_latest),
        cmocka_unit_test(test_every_receiver_is_woken_and_drops_are_not),
        cmocka_unit_test(test_random_drops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
