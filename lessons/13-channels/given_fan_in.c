/*
 * given_fan_in.c - the given consumer and the set-up of exercise 3: N producer
 * tasks, one consumer task, one mpsc between them, on one executor.
 */
#include <stdio.h>

#include "ac/executor.h"
#include "lesson.h"
#include "given_trace.h"

typedef struct consumer {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;
    int *out, max;
    int *got;     /* the caller's count */
    bool *closed; /* the caller's flag: saw -EPIPE, every sender closed */
    int value;
    ac_mpsc_recv_fut recv;
    trace_point tp; /* with lesson_trace on: print the consumer's wakes */
} consumer;

static ac_poll consumer_poll(ac_future *self, ac_context *cx)
{
    consumer *c = (consumer *)self;
    AC_BEGIN(&c->co);
    for (;;) {
        c->recv = ac_mpsc_recv(&c->rx, &c->value);
        if (lesson_trace)
            AC_AWAIT_POLL(&c->co, trace_poll(&c->tp, &c->recv.base, cx));
        else
            AC_AWAIT(&c->co, cx, &c->recv.base);
        if (c->recv.result != 0)
            break;
        if (lesson_trace)
            printf("    consumer got %d\n", c->value);
        if (*c->got < c->max)
            c->out[*c->got] = c->value;
        (*c->got)++;
    }
    *c->closed = true;
    if (lesson_trace)
        printf("    consumer: channel closed (every sender is gone)\n");
    ac_mpsc_rx_close(&c->rx);
    trace_point_release(&c->tp);
    AC_END(&c->co);
}

static void consumer_drop(ac_future *self)
{
    consumer *c = (consumer *)self;
    if (c->co.awaiting == NULL && c->co.line > 0)
        ac_future_drop(&c->recv.base); /* awaited through trace_poll */
    ac_coro_drop(&c->co);
    ac_mpsc_rx_close(&c->rx);
    trace_point_release(&c->tp);
}

static const ac_future_vtable consumer_vtable = {
    .name = "consumer", .poll = consumer_poll, .drop = consumer_drop};

int fan_in(int senders, int count, size_t capacity, int *out, int max)
{
    int got = 0;
    bool closed = false;
    ac_mpsc_tx tx;
    consumer c = {.base = {&consumer_vtable},
                  .out = out,
                  .max = max,
                  .got = &got,
                  .closed = &closed,
                  .tp = trace_point_new("consumer")};
    int r = capacity ? ac_mpsc_bounded(sizeof(int), capacity, &tx, &c.rx)
                     : ac_mpsc_unbounded(sizeof(int), &tx, &c.rx);
    if (r < 0)
        return r;
    ac_executor ex;
    if ((r = ac_executor_init(&ex)) < 0) {
        ac_mpsc_tx_close(&tx);
        ac_mpsc_rx_close(&c.rx);
        return r;
    }
    ac_join_handle h = AC_SPAWN(&ex, c);
    ac_join_release(&h);
    for (int i = 0; i < senders; i++) {
        producer p = producer_new(ac_mpsc_tx_clone(&tx), i + 1, count);
        h = AC_SPAWN(&ex, p);
        ac_join_release(&h);
    }
    ac_mpsc_tx_close(&tx); /* only the producers' clones are left */
    /* One thread, every wake is local: once nothing is runnable, nothing
     * ever will be.  A consumer still waiting then means a sender was
     * never closed. */
    while (ac_executor_run_until_idle(&ex) > 0) {
    }
    ac_executor_close(&ex); /* drops whatever still waits */
    return closed ? got : -EPIPE;
}
