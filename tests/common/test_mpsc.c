/*
 * test_mpsc.c - the multi-producer single-consumer channel: order,
 * backpressure, closing, reserve, cancellation, and 4 threads at once.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "ac/coro.h"
#include "ac/mpsc.h"
#include "chan_util.h"

static void test_unbounded_keeps_order_while_growing(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0);
    int out = -1;
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EAGAIN);
    for (int i = 0; i < 1000; i++) { /* the ring starts at 16: grows 6 times */
        if (i == 10)
            for (int k = 0; k < 5; k++) /* wrap the ring before it grows */
                assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
        assert_int_equal(ac_mpsc_try_send(&tx, &i), 0);
    }
    assert_int_equal(ac_mpsc_len(&rx), 995);
    for (int i = 5; i < 1000; i++) {
        assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
        assert_int_equal(out, i);
    }
    ac_mpsc_tx_close(&tx);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EPIPE);
    ac_mpsc_rx_close(&rx);
}

/* The seed's exercise: capacity 2, the third send waits for a receive. */
static void test_bounded_third_send_waits_for_a_receive(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 2, &tx, &rx), 0);
    assert_int_equal(ac_mpsc_capacity(&rx), 2);
    int v[3] = {10, 20, 30}, out = 0;
    counting_waker cw = {0};
    ac_mpsc_send_fut s[3];
    for (int i = 0; i < 2; i++) {
        s[i] = ac_mpsc_send(&tx, &v[i]);
        assert_int_equal(poll_with(&s[i].base, &cw), AC_READY);
        assert_int_equal(s[i].result, 0);
    }
    s[2] = ac_mpsc_send(&tx, &v[2]);
    assert_int_equal(poll_with(&s[2].base, &cw), AC_PENDING);
    assert_int_equal(poll_with(&s[2].base, &cw), AC_PENDING); /* same waker: kept, not re-cloned */
    assert_int_equal(cw.refs, 1);
    assert_int_equal(ac_mpsc_try_send(&tx, &v[2]), -EAGAIN);
    assert_int_equal(cw.wakes, 0);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(out, 10);
    assert_int_equal(cw.wakes, 1); /* the freed slot went to the waiting send */
    assert_int_equal(cw.refs, 0);
    assert_int_equal(poll_with(&s[2].base, &cw), AC_READY);
    assert_int_equal(s[2].result, 0);
    for (int want = 20; want <= 30; want += 10) {
        assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
        assert_int_equal(out, want);
    }
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

/* Freed slots go to waiting senders in arrival order; nobody barges. */
static void test_waiting_senders_are_served_in_order(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    int first = 0, v[3] = {1, 2, 3}, out;
    assert_int_equal(ac_mpsc_try_send(&tx, &first), 0);
    counting_waker cw[3] = {{0}};
    ac_mpsc_send_fut s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = ac_mpsc_send(&tx, &v[i]);
        assert_int_equal(poll_with(&s[i].base, &cw[i]), AC_PENDING);
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
        assert_int_equal(out, i == 0 ? first : v[i - 1]);
        assert_int_equal(ac_mpsc_try_send(&tx, &first), -EAGAIN); /* the slot is s[i]'s */
        for (int k = 0; k < 3; k++)
            assert_int_equal(cw[k].wakes, k <= i ? 1 : 0);
        assert_int_equal(poll_with(&s[i].base, &cw[i]), AC_READY);
    }
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(out, v[2]);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EAGAIN);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

static void test_dropped_send_consumes_nothing(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    int a = 1, b = 2, c = 3, out;
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    counting_waker cw = {0};
    ac_mpsc_send_fut s = ac_mpsc_send(&tx, &b);
    assert_int_equal(poll_with(&s.base, &cw), AC_PENDING);
    ac_future_drop(&s.base);
    assert_int_equal(cw.refs, 0); /* its waker given back */
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(cw.wakes, 0);                  /* no stale waker called */
    assert_int_equal(ac_mpsc_try_send(&tx, &c), 0); /* the slot was not held for it */
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(out, 3);
    ac_mpsc_tx_close(&tx);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EPIPE); /* b never arrived */
    ac_mpsc_rx_close(&rx);
}

/* Woken (slot granted) but dropped before its next poll: the slot moves on. */
static void test_slot_of_a_dropped_granted_send_goes_to_the_next(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    int a = 1, b = 2, c = 3, out;
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    counting_waker wb = {0}, wc = {0};
    ac_mpsc_send_fut sb = ac_mpsc_send(&tx, &b), sc = ac_mpsc_send(&tx, &c);
    assert_int_equal(poll_with(&sb.base, &wb), AC_PENDING);
    assert_int_equal(poll_with(&sc.base, &wc), AC_PENDING);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(wb.wakes, 1);
    assert_int_equal(wc.wakes, 0);
    ac_future_drop(&sb.base);
    assert_int_equal(wc.wakes, 1);
    assert_int_equal(poll_with(&sc.base, &wc), AC_READY);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(out, 3);
    assert_int_equal(wb.refs + wc.refs, 0);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

static void test_closed_receiver_fails_sends_and_keeps_the_value(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    int a = 1, b = 2;
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    counting_waker cw = {0};
    ac_mpsc_send_fut s = ac_mpsc_send(&tx, &b);
    assert_int_equal(poll_with(&s.base, &cw), AC_PENDING);
    ac_mpsc_rx_close(&rx);
    assert_int_equal(cw.wakes, 1);
    assert_int_equal(poll_with(&s.base, &cw), AC_READY);
    assert_int_equal(s.result, -EPIPE);
    assert_int_equal(b, 2);
    assert_int_equal(ac_mpsc_try_send(&tx, &b), -EPIPE);
    ac_mpsc_send_fut s2 = ac_mpsc_send(&tx, &b);
    assert_int_equal(poll_with(&s2.base, &cw), AC_READY);
    assert_int_equal(s2.result, -EPIPE);
    ac_mpsc_reserve_fut r = ac_mpsc_reserve(&tx);
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    assert_int_equal(r.result, -EPIPE);
    assert_int_equal(cw.refs, 0);
    ac_mpsc_tx_close(&tx);
}

/* The receiver drains, then sees -EPIPE; only the LAST sender closes it. */
static void test_last_sender_closes_after_the_queue_drains(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0);
    ac_mpsc_tx tx2 = ac_mpsc_tx_clone(&tx);
    int a = 7, out = 0;
    assert_int_equal(ac_mpsc_try_send(&tx2, &a), 0);
    ac_mpsc_tx_close(&tx2);
    counting_waker cw = {0};
    ac_mpsc_recv_fut r = ac_mpsc_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    assert_int_equal(r.result, 0);
    assert_int_equal(out, 7);
    r = ac_mpsc_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &cw), AC_PENDING); /* tx is still open */
    ac_mpsc_tx_close(&tx);
    assert_int_equal(cw.wakes, 1);
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    assert_int_equal(r.result, -EPIPE);
    assert_int_equal(cw.refs, 0);
    ac_mpsc_rx_close(&rx);
}

static void test_dropped_recv_leaves_no_waker(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(int), &tx, &rx), 0);
    int out, a = 1;
    counting_waker cw = {0};
    ac_mpsc_recv_fut r = ac_mpsc_recv(&rx, &out);
    assert_int_equal(poll_with(&r.base, &cw), AC_PENDING);
    assert_int_equal(cw.refs, 1);
    ac_future_drop(&r.base);
    assert_int_equal(cw.refs, 0);
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    assert_int_equal(cw.wakes, 0);
    r = ac_mpsc_recv(&rx, &out); /* cancellation-safe: the value is still there */
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    assert_int_equal(out, 1);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

static void test_reserve_holds_a_slot_and_the_channel_open(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    counting_waker cw = {0};
    int a = 5, out = 0;
    ac_mpsc_reserve_fut r = ac_mpsc_reserve(&tx);
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    assert_int_equal(r.result, 0);
    ac_mpsc_permit p = r.permit;
    assert_int_equal(ac_mpsc_try_send(&tx, &a), -EAGAIN); /* the one slot is reserved */
    ac_mpsc_tx_close(&tx);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EAGAIN); /* not closed: a permit is out */
    assert_int_equal(ac_mpsc_permit_send(&p, &a), 0);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(out, 5);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), -EPIPE);
    ac_mpsc_rx_close(&rx);
}

/* A reserve that was granted a slot and dropped gives it back; a released
 * permit too. */
static void test_dropped_reserve_and_released_permit_return_the_slot(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &tx, &rx), 0);
    int a = 1, out;
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    counting_waker cw = {0}, cs = {0};
    ac_mpsc_reserve_fut r = ac_mpsc_reserve(&tx);
    assert_int_equal(poll_with(&r.base, &cw), AC_PENDING);
    ac_mpsc_send_fut s = ac_mpsc_send(&tx, &a);
    assert_int_equal(poll_with(&s.base, &cs), AC_PENDING);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    assert_int_equal(cw.wakes, 1); /* granted to the reserve, first in line */
    ac_future_drop(&r.base);
    assert_int_equal(cs.wakes, 1); /* and handed on */
    assert_int_equal(poll_with(&s.base, &cs), AC_READY);
    assert_int_equal(ac_mpsc_try_recv(&rx, &out), 0);
    r = ac_mpsc_reserve(&tx);
    assert_int_equal(poll_with(&r.base, &cw), AC_READY);
    ac_mpsc_permit_release(&r.permit);
    assert_int_equal(ac_mpsc_try_send(&tx, &a), 0);
    assert_int_equal(cw.refs + cs.refs, 0);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

/* ---- random cancellation ------------------------------------------------- */

/* Sends into a bounded channel of 3 are polled, dropped and received at
 * random.  Invariants: the values received are exactly those whose send
 * reported Ready(0), each once, in the order those sends completed; a
 * dropped send's waker is never called after its drop; every waker
 * reference comes back. */
static void test_random_drops_lose_nothing(void **state)
{
    (void)state;
    enum { SLOTS = 8, STEPS = 20000 };
    unsigned seed = test_seed("mpsc random drops", 1234), s = seed;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 3, &tx, &rx), 0);
    ac_mpsc_send_fut fut[SLOTS];
    int value[SLOTS];
    bool live[SLOTS] = {false};
    counting_waker cw[SLOTS] = {{0}};
    int dropped_wakes[SLOTS] = {0};
    static int completed[STEPS];
    int n_completed = 0, n_received = 0, next_value = 0;
    for (int step = 0; step < STEPS; step++) {
        unsigned i = rng_next(&s) % SLOTS, op = rng_next(&s) % 4;
        if (op == 3) {
            int out;
            if (ac_mpsc_try_recv(&rx, &out) == 0) {
                if (n_received >= n_completed || out != completed[n_received])
                    fail_msg("seed %u step %d: received %d, expected #%d", seed, step, out, n_received);
                n_received++;
            }
        } else if (!live[i]) {
            value[i] = next_value++;
            fut[i] = ac_mpsc_send(&tx, &value[i]);
            live[i] = true;
            dropped_wakes[i] = cw[i].wakes;
        } else if (op == 2) {
            ac_future_drop(&fut[i].base);
            live[i] = false;
            dropped_wakes[i] = cw[i].wakes;
        } else if (poll_with(&fut[i].base, &cw[i]) == AC_READY) {
            if (fut[i].result != 0)
                fail_msg("seed %u: send failed %d", seed, fut[i].result);
            completed[n_completed++] = value[i];
            live[i] = false;
            dropped_wakes[i] = cw[i].wakes;
        }
        for (int k = 0; k < SLOTS; k++)
            if (!live[k] && cw[k].wakes != dropped_wakes[k])
                fail_msg("seed %u step %d: a finished send's waker was called", seed, step);
    }
    for (int k = 0; k < SLOTS; k++)
        if (live[k])
            ac_future_drop(&fut[k].base);
    int out;
    while (ac_mpsc_try_recv(&rx, &out) == 0) {
        if (n_received >= n_completed || out != completed[n_received])
            fail_msg("seed %u: drained %d out of order", seed, out);
        n_received++;
    }
    if (n_received != n_completed)
        fail_msg("seed %u: %d sends completed, %d received", seed, n_completed, n_received);
    for (int k = 0; k < SLOTS; k++)
        if (cw[k].refs != 0)
            fail_msg("seed %u: waker %d leaked %d references", seed, k, cw[k].refs);
    assert_true(n_completed > STEPS / 10); /* the test did real work */
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
}

/* ---- four producer threads into one bounded channel ---------------------- */

#define PRODUCERS    4
#define PER_PRODUCER SCALE(250000)
#define CAPACITY     64

typedef struct producer {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    uint64_t id, i, value;
    int errors;
    ac_mpsc_send_fut send;
} producer;

static ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < PER_PRODUCER; p->i++) {
        p->value = p->id << 32 | p->i;
        p->send = ac_mpsc_send(&p->tx, &p->value);
        AC_AWAIT(&p->co, cx, &p->send.base);
        if (p->send.result != 0)
            p->errors++;
    }
    ac_mpsc_tx_close(&p->tx);
    AC_END(&p->co);
}

static const ac_future_vtable producer_vtable = {.name = "producer", .poll = producer_poll};

static void *producer_thread(void *arg)
{
    producer *p = arg;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0) {
        p->errors++;
        return NULL;
    }
    ac_block_on(&ex, &p->base);
    ac_executor_close(&ex);
    return NULL;
}

typedef struct consumer {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx *rx;
    uint64_t value, got, next[PRODUCERS];
    size_t max_len;
    int errors;
    ac_mpsc_recv_fut recv;
} consumer;

static ac_poll consumer_poll(ac_future *self, ac_context *cx)
{
    consumer *c = (consumer *)self;
    AC_BEGIN(&c->co);
    for (;;) {
        size_t len = ac_mpsc_len(c->rx);
        if (len > c->max_len)
            c->max_len = len;
        c->recv = ac_mpsc_recv(c->rx, &c->value);
        AC_AWAIT(&c->co, cx, &c->recv.base);
        if (c->recv.result != 0)
            break;
        uint64_t who = c->value >> 32, seq = c->value & 0xffffffffu;
        if (who >= PRODUCERS || seq != c->next[who])
            c->errors++; /* lost, duplicated or out of order */
        else
            c->next[who]++;
        c->got++;
    }
    AC_END(&c->co);
}

static const ac_future_vtable consumer_vtable = {.name = "consumer", .poll = consumer_poll};

static void test_four_threads_every_message_once_in_order(void **state)
{
    (void)state;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(uint64_t), CAPACITY, &tx, &rx), 0);
    static producer prod[PRODUCERS];
    pthread_t th[PRODUCERS];
    for (int i = 0; i < PRODUCERS; i++) {
        prod[i] = (producer){.base = {&producer_vtable}, .tx = ac_mpsc_tx_clone(&tx), .id = (uint64_t)i};
        assert_int_equal(pthread_create(&th[i], NULL, producer_thread, &prod[i]), 0);
    }
    ac_mpsc_tx_close(&tx); /* the producers hold the only senders now */
    consumer c = {.base = {&consumer_vtable}, .rx = &rx};
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_block_on(&ex, &c.base);
    ac_executor_close(&ex);
    for (int i = 0; i < PRODUCERS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(prod[i].errors, 0);
        assert_int_equal(c.next[i], PER_PRODUCER);
    }
    assert_int_equal(c.errors, 0);
    assert_int_equal(c.got, (uint64_t)PRODUCERS * PER_PRODUCER);
    assert_true(c.max_len <= CAPACITY);
    assert_int_equal(c.recv.result, -EPIPE);
    ac_mpsc_rx_close(&rx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbounded_keeps_order_while_growing),
        cmocka_unit_test(test_bounded_third_send_waits_for_a_receive),
        cmocka_unit_test(test_waiting_senders_are_served_in_order),
        cmocka_unit_test(test_dropped_send_consumes_nothing),
        cmocka_unit_test(test_slot_of_a_dropped_granted_send_goes_to_the_next),
        cmocka_unit_test(test_closed_receiver_fails_sends_and_keeps_the_value),
        cmocka_unit_test(test_last_sender_closes_after_the_queue_drains),
        cmocka_unit_test(test_dropped_recv_leaves_no_waker),
        cmocka_unit_test(test_reserve_holds_a_slot_and_the_channel_open),
        cmocka_unit_test(test_dropped_reserve_and_released_permit_return_the_slot),
        cmocka_unit_test(test_random_drops_lose_nothing),
        cmocka_unit_test(test_four_threads_every_message_once_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
