/*
 * demo_line.c - `24-cancellation-safety line`: three senders wait on a
 * full channel of capacity 1, A first.  A gives up every 5 ms and tries
 * again with a new send; a receiver starts at 20 ms.  Then the same with
 * A's send kept across its timeouts.  Paused clock.
 */
#include <stdio.h>

#include "ac/executor.h"
#include "ac/mpsc.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

typedef struct sender {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    char name;
    bool impatient, keep;
    ac_mpsc_send_fut send;
    ac_sleep patience;
    ac_select sel;
    int retries;
} sender;

static ac_poll sender_poll(ac_future *self, ac_context *cx)
{
    sender *s = (sender *)self;
    AC_BEGIN(&s->co);
    s->send = ac_mpsc_send(&s->tx, &s->name);
    if (!s->impatient) {
        AC_AWAIT(&s->co, cx, &s->send.base);
    } else {
        for (;;) {
            s->patience = ac_sleep_for(AC_MSEC(5));
            if (s->keep) {
                AC_AWAIT_SELECT(&s->co, cx, &s->sel, AC_KEEP(&s->send.base), &s->patience.base);
            } else {
                AC_AWAIT_SELECT(&s->co, cx, &s->sel, &s->send.base, &s->patience.base);
            }
            if (s->sel.result == 0)
                break;
            s->retries++;
            if (!s->keep) /* the old send was dropped: a new one joins the back of the line */
                s->send = ac_mpsc_send(&s->tx, &s->name);
        }
    }
    ac_mpsc_tx_close(&s->tx);
    AC_END(&s->co);
}
static void sender_drop(ac_future *self)
{
    sender *s = (sender *)self;
    ac_coro_drop(&s->co);
    ac_mpsc_tx_close(&s->tx);
}
static const ac_future_vtable sender_vtable = {.name = "sender", .poll = sender_poll, .drop = sender_drop};

typedef struct receiver {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;
    ac_sleep late;
    ac_mpsc_recv_fut recv;
    char got, order[8];
    int n;
} receiver;

static ac_poll receiver_poll(ac_future *self, ac_context *cx)
{
    receiver *r = (receiver *)self;
    AC_BEGIN(&r->co);
    r->late = ac_sleep_for(AC_MSEC(20));
    AC_AWAIT(&r->co, cx, &r->late.base);
    for (;;) {
        r->recv = ac_mpsc_recv(&r->rx, &r->got);
        AC_AWAIT(&r->co, cx, &r->recv.base);
        if (r->recv.result != 0)
            break;
        r->order[r->n++] = r->got;
    }
    r->order[r->n] = '\0';
    AC_END(&r->co);
}
static const ac_future_vtable receiver_vtable = {.name = "receiver", .poll = receiver_poll};

static void one_run(bool keep)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return;
    ac_clock_pause(ac_executor_clock(&ex));
    ac_mpsc_tx tx;
    receiver r = {.base = {&receiver_vtable}};
    if (ac_mpsc_bounded(sizeof(char), 1, &tx, &r.rx) != 0)
        return;
    char first = '-';
    ac_mpsc_try_send(&tx, &first); /* full: every send below has to wait */
    const char names[3] = {'A', 'B', 'C'};
    ac_join_handle hs[3];
    for (int i = 0; i < 3; i++) {
        sender s = {.base = {&sender_vtable},
                    .tx = ac_mpsc_tx_clone(&tx),
                    .name = names[i],
                    .impatient = i == 0,
                    .keep = keep};
        hs[i] = AC_SPAWN(&ex, s);
    }
    ac_mpsc_tx_close(&tx);
    ac_block_on(&ex, &r.base);
    printf("  A %s: served in the order %s\n",
           keep ? "keeps its send across timeouts" : "remakes its send after each timeout", r.order);
    for (int i = 0; i < 3; i++)
        ac_join_release(&hs[i]);
    ac_mpsc_rx_close(&r.rx);
    ac_executor_close(&ex);
}

int demo_line(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("line: A, B, C wait to send on a full channel; A gives up every 5 ms");
    one_run(false);
    one_run(true);
    printf("\nTakeaway: a bounded send (like a mutex lock or a semaphore acquire) loses no\n"
           "value when dropped, but it loses its place in line: A queued first, served last.\n");
    return 0;
}
