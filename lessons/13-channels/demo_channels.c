/*
 * demo_channels.c - `fan-in`, `backpressure` and `fan-out`: the runtime's
 * mpsc, a bounded queue that pushes back, broadcast and watch.
 */
#include <errno.h>
#include <stdio.h>

#include "ac/broadcast.h"
#include "course/cli.h"
#include "ac/executor.h"
#include "ac/watch.h"
#include "demos.h"
#include "lesson.h"
#include "given_trace.h"

static bool parse_counts(int argc, char **argv, unsigned long *a, unsigned long *b)
{
    if (argc > 3) {
        fprintf(stderr, "%s: takes at most two arguments\n", argv[0]);
        return false;
    }
    return (argc < 2 || ac_cli_parse_ulong("SENDERS", argv[1], 1, 9, a)) &&
           (argc < 3 || ac_cli_parse_ulong("COUNT", argv[2], 1, 99, b));
}

int demo_fan_in(int argc, char **argv)
{
    unsigned long senders = 3, count = 10;
    if (!parse_counts(argc, argv, &senders, &count))
        return 2;
    ac_cli_heading("fan-in: producer tasks -> one mpsc, capacity 4 -> one consumer (exercise 3)");
    printf("  %lu producers x %lu values; producer k sends k*100 + i\n", senders, count);
    int out[9 * 99];
    lesson_trace = true;
    int got = fan_in((int)senders, (int)count, 4, out, (int)(sizeof out / sizeof out[0]));
    lesson_trace = false;
    if (got < 0) {
        printf("  the consumer never saw the channel close: a producer kept its sender open\n");
        return 1;
    }
    printf("  %d values arrived.  Each producer's values in its own order; between\n"
           "  producers, the order is whatever the executor's turns made it.\n",
           got);
    printf("\nTakeaway: an mpsc closes when its LAST sender does; the receiver drains\n"
           "what is queued, then learns \"closed\".  That is how a consumer knows it is done.\n");
    return got == (int)(senders * count) ? 0 : 1;
}

/* ---- backpressure ------------------------------------------------------- */

typedef struct pusher {
    ac_future base;
    ac_coro co;
    bounded *q;
    int i;
    bounded_send send;
} pusher;

static ac_poll pusher_poll(ac_future *self, ac_context *cx)
{
    pusher *p = (pusher *)self;
    AC_BEGIN(&p->co);
    for (p->i = 1; p->i <= 3; p->i++) {
        p->send = bounded_send_new(p->q, p->i);
        printf("  sender: send %d ...\n", p->i);
        AC_AWAIT(&p->co, cx, &p->send.base);
        printf("  sender: send %d done (queue holds %zu of %zu)\n", p->i, p->q->len, p->q->capacity);
    }
    AC_END(&p->co);
}
static const ac_future_vtable pusher_vtable = {.name = "pusher", .poll = pusher_poll};

typedef struct taker {
    ac_future base;
    ac_coro co;
    bounded *q;
    int got;
    bounded_recv recv;
} taker;

static ac_poll taker_poll(ac_future *self, ac_context *cx)
{
    taker *t = (taker *)self;
    AC_BEGIN(&t->co);
    AC_YIELD(&t->co, cx); /* let the sender fill the queue first */
    AC_YIELD(&t->co, cx);
    for (t->got = 0; t->got < 3; t->got++) {
        t->recv = bounded_recv_new(t->q);
        AC_AWAIT(&t->co, cx, &t->recv.base);
        printf("  receiver: got %d\n", t->recv.value);
    }
    AC_END(&t->co);
}
static const ac_future_vtable taker_vtable = {.name = "taker", .poll = taker_poll};

int demo_backpressure(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "backpressure: takes no arguments\n");
        return 2;
    }
    ac_cli_heading("a bounded queue of capacity 2: the third send waits (exercise 4)");
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    bounded q;
    bounded_init(&q, 2);
    pusher p = {.base = {&pusher_vtable}, .q = &q};
    taker t = {.base = {&taker_vtable}, .q = &q};
    ac_join_handle hp = AC_SPAWN(&ex, p), ht = AC_SPAWN(&ex, t);
    lesson_trace = true;
    ac_executor_run(&ex);
    lesson_trace = false;
    ac_join_release(&hp);
    ac_join_release(&ht);
    printf("  most held at once: %zu\n", q.max_len);
    bounded_destroy(&q);
    ac_executor_close(&ex);

    ac_cli_heading("the runtime's bounded mpsc: try_send when full, reserve");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_bounded(sizeof(int), 2, &tx, &rx) < 0)
        return 1;
    for (int v = 1; v <= 3; v++) {
        int r = ac_mpsc_try_send(&tx, &v);
        printf("  try_send(%d) = %d%s\n", v, r, r == -EAGAIN ? " (-EAGAIN: full, it would wait)" : "");
    }
    int out;
    ac_mpsc_try_recv(&rx, &out);
    printf("  try_recv -> %d; a slot is free again\n", out);
    ac_mpsc_reserve_fut res = ac_mpsc_reserve(&tx);
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    if (ac_future_poll(&res.base, &cx) == AC_READY && res.result == 0) {
        printf("  reserve: Ready - the slot is ours before we have a value\n");
        int late = 4;
        ac_mpsc_permit_send(&res.permit, &late);
    }
    while (ac_mpsc_try_recv(&rx, &out) == 0)
        printf("  try_recv -> %d\n", out);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
    printf("\nTakeaway: a bound turns \"the consumer is slow\" into \"the producer waits\"\n"
           "instead of \"memory grows\".  An unbounded channel never pushes back.\n");
    return q.max_len <= 2 ? 0 : 1;
}

/* ---- fan-out -------------------------------------------------------------- */

int demo_fan_out(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "fan-out: takes no arguments\n");
        return 2;
    }
    ac_cli_heading("broadcast, capacity 4: every receiver gets every value - or hears what it missed");
    ac_broadcast_tx tx;
    ac_broadcast_rx fast;
    if (ac_broadcast_new(sizeof(int), 4, &tx, &fast) < 0)
        return 1;
    ac_broadcast_rx slow = ac_broadcast_subscribe(&tx);
    int v, fast_got = 0;
    for (int i = 0; i < 10; i++) {
        ac_broadcast_send(&tx, &i);
        if (ac_broadcast_try_recv(&fast, &v, NULL) == 0)
            fast_got++;
    }
    printf("  sent 0..9; the fast receiver read each at once: %d values\n", fast_got);
    uint64_t missed = 0;
    int r;
    while ((r = ac_broadcast_try_recv(&slow, &v, &missed)) != -EAGAIN) {
        if (r == -EOVERFLOW)
            printf("  slow receiver: lagged, missed %llu values\n", (unsigned long long)missed);
        else
            printf("  slow receiver: %d\n", v);
    }
    ac_broadcast_tx_close(&tx);
    ac_broadcast_rx_close(&fast);
    ac_broadcast_rx_close(&slow);

    ac_cli_heading("watch: only the latest value");
    ac_watch_tx wtx;
    ac_watch_rx wrx;
    int cfg = 1;
    if (ac_watch_new(sizeof cfg, &cfg, &wtx, &wrx) < 0)
        return 1;
    ac_watch_changed_fut ch = ac_watch_changed(&wrx);
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    printf("  changed: %s\n",
           ac_future_poll(&ch.base, &cx) == AC_PENDING ? "Pending (nothing new)" : "Ready");
    for (cfg = 2; cfg <= 5; cfg++)
        ac_watch_send(&wtx, &cfg);
    printf("  sender stored 2, 3, 4, 5\n");
    printf("  changed: %s\n", ac_future_poll(&ch.base, &cx) == AC_READY ? "Ready" : "Pending");
    ac_watch_borrow(&wrx, &v);
    printf("  borrow -> %d (the values in between are gone, by design)\n", v);
    ac_watch_tx_close(&wtx);
    ac_watch_rx_close(&wrx);
    printf("\nTakeaway: broadcast never makes a sender wait, so a slow receiver must be\n"
           "told it lost data; watch drops the backlog on purpose.\n");
    return 0;
}
