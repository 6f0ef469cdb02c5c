/*
 * test_oneshot.c - one value across, or an error when it never comes.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "ac/oneshot.h"
#include "chan_util.h"

typedef struct pair {
    int a;
    double b;
} pair;

static void test_value_crosses_and_wakes_the_receiver(void **state)
{
    (void)state;
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
    assert_int_equal(ac_oneshot_new(sizeof(pair), &tx, &rx), 0);
    pair out = {0}, in = {7, 2.5};
    counting_waker w = {0};
    ac_oneshot_recv_fut r = ac_oneshot_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &w), AC_PENDING);
    assert_int_equal(ac_oneshot_try_recv(&rx, &out), -EAGAIN);
    assert_int_equal(ac_oneshot_send(&tx, &in), 0);
    assert_null(tx.chan);
    assert_int_equal(w.wakes, 1);
    assert_int_equal(poll_with(&r.base, &w), AC_READY);
    assert_int_equal(r.result, 0);
    assert_int_equal(out.a, 7);
    assert_true(out.b == 2.5);
    assert_int_equal(ac_oneshot_try_recv(&rx, &out), -EPIPE); /* only one value */
    assert_int_equal(w.refs, 0);
    ac_oneshot_rx_close(&rx);
}

static void test_sender_closed_without_sending_fails_the_receive(void **state)
{
    (void)state;
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
    assert_int_equal(ac_oneshot_new(sizeof(int), &tx, &rx), 0);
    int out = 123;
    counting_waker w = {0};
    ac_oneshot_recv_fut r = ac_oneshot_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &w), AC_PENDING);
    ac_oneshot_tx_close(&tx);
    assert_int_equal(w.wakes, 1);
    assert_int_equal(poll_with(&r.base, &w), AC_READY);
    assert_int_equal(r.result, -EPIPE);
    assert_int_equal(out, 123);
    ac_oneshot_rx_close(&rx);
}

static void test_send_to_a_closed_receiver_gives_the_value_back(void **state)
{
    (void)state;
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
    assert_int_equal(ac_oneshot_new(sizeof(int), &tx, &rx), 0);
    assert_false(ac_oneshot_tx_is_closed(&tx));
    ac_oneshot_rx_close(&rx);
    assert_true(ac_oneshot_tx_is_closed(&tx));
    int v = 9;
    assert_int_equal(ac_oneshot_send(&tx, &v), -EPIPE);
    assert_int_equal(v, 9);
    assert_int_equal(ac_oneshot_new(0, &tx, &rx), -EINVAL);
}

static void test_dropped_receive_is_not_woken_and_the_value_waits(void **state)
{
    (void)state;
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
    assert_int_equal(ac_oneshot_new(sizeof(int), &tx, &rx), 0);
    int out = 0, v = 4;
    counting_waker w = {0};
    ac_oneshot_recv_fut r = ac_oneshot_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &w), AC_PENDING);
    ac_future_drop(&r.base);
    assert_int_equal(w.refs, 0);
    assert_int_equal(ac_oneshot_send(&tx, &v), 0);
    assert_int_equal(w.wakes, 0);
    assert_int_equal(ac_oneshot_try_recv(&rx, &out), 0);
    assert_int_equal(out, 4);
    ac_oneshot_rx_close(&rx);
}

typedef struct waiter {
    ac_future base;
    ac_oneshot_recv_fut r;
} waiter;
static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    return ac_future_poll(&((waiter *)self)->r.base, cx);
}
static const ac_future_vtable waiter_vtable = {.name = "waiter", .poll = waiter_poll};

static void *send_from_thread(void *arg)
{
    ac_oneshot_tx *tx = arg;
    int v = 77;
    ac_oneshot_send(tx, &v);
    return NULL;
}

/* Many times over: a sender thread against a receiving executor, the
 * close-last half frees the block (ASan/TSan check the races). */
static void test_send_from_another_thread(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    for (int i = 0; i < SCALE(2000); i++) {
        ac_oneshot_tx tx;
        ac_oneshot_rx rx;
        assert_int_equal(ac_oneshot_new(sizeof(int), &tx, &rx), 0);
        int out = 0;
        waiter w = {.base = {&waiter_vtable}, .r = ac_oneshot_recv(&rx, &out)};
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, send_from_thread, &tx), 0);
        ac_block_on(&ex, &w.base);
        assert_int_equal(w.r.result, 0);
        assert_int_equal(out, 77);
        if (i % 2)
            pthread_join(th, NULL);
        ac_oneshot_rx_close(&rx);
        if (!(i % 2))
            pthread_join(th, NULL);
    }
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_crosses_and_wakes_the_receiver),
        cmocka_unit_test(test_sender_closed_without_sending_fails_the_receive),
        cmocka_unit_test(test_send_to_a_closed_receiver_gives_the_value_back),
        cmocka_unit_test(test_dropped_receive_is_not_woken_and_the_value_waits),
        cmocka_unit_test(test_send_from_another_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
