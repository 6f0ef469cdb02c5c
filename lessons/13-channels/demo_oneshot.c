/*
 * demo_oneshot.c - `13-channels oneshot`: a value from one task to
 * another through the teaching oneshot (your exercises 1 and 2), then the
 * same through the runtime's ac_oneshot from another thread.
 */
#include <pthread.h>
#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "ac/oneshot.h"
#include "demos.h"
#include "lesson.h"
#include "given_trace.h"

/* Waits for the value, printing each poll. */
typedef struct waiter {
    ac_future base;
    oneshot_recv recv;
    trace_point tp; /* prints each wake of the receiver, whoever makes it */
    int polls;
} waiter;

static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    waiter *w = (waiter *)self;
    ac_poll r = trace_poll(&w->tp, &w->recv.base, cx);
    w->polls++;
    if (r == AC_READY)
        trace_point_release(&w->tp);
    if (r == AC_PENDING)
        printf("  receiver poll %d: Pending (its waker is in the oneshot)\n", w->polls);
    else if (w->recv.result == 0)
        printf("  receiver poll %d: Ready, value %d\n", w->polls, w->recv.value);
    else
        printf("  receiver poll %d: Ready, result %d (-EPIPE: the sender left without a value)\n", w->polls,
               w->recv.result);
    return r;
}
static const ac_future_vtable waiter_vtable = {.name = "waiter", .poll = waiter_poll};

/* Steps aside `yields` times, then sends (or drops the sender). */
typedef struct sender {
    ac_future base;
    oneshot *o;
    int yields;
    bool drop_instead;
} sender;

static ac_poll sender_poll(ac_future *self, ac_context *cx)
{
    sender *s = (sender *)self;
    if (s->yields-- > 0) {
        printf("  sender: working...\n");
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    if (s->drop_instead) {
        printf("  sender: gives up, drops its half\n");
        oneshot_sender_drop(s->o);
    } else {
        printf("  sender: sends 42\n");
        oneshot_send(s->o, 42);
    }
    return AC_READY;
}
static const ac_future_vtable sender_vtable = {.name = "sender", .poll = sender_poll};

static int run_pair(bool drop_instead)
{
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    oneshot o;
    oneshot_init(&o);
    waiter w = {.base = {&waiter_vtable}, .recv = oneshot_recv_new(&o), .tp = trace_point_new("receiver")};
    sender s = {.base = {&sender_vtable}, .o = &o, .yields = 2, .drop_instead = drop_instead};
    ac_join_handle h = AC_SPAWN(&ex, s);
    ac_join_release(&h);
    ac_block_on(&ex, &w.base);
    ac_executor_close(&ex);
    oneshot_destroy(&o);
    return 0;
}

static void *compute_on_thread(void *arg)
{
    ac_oneshot_tx *tx = arg;
    int answer = 6 * 7;
    ac_oneshot_send(tx, &answer);
    return NULL;
}

typedef struct thread_waiter {
    ac_future base;
    ac_oneshot_recv_fut recv;
    trace_point tp;
} thread_waiter;

static ac_poll thread_waiter_poll(ac_future *self, ac_context *cx)
{
    thread_waiter *w = (thread_waiter *)self;
    ac_poll r = trace_poll(&w->tp, &w->recv.base, cx);
    printf("  main task: %s\n", r == AC_PENDING ? "Pending" : "Ready");
    if (r == AC_READY)
        trace_point_release(&w->tp);
    return r;
}
static const ac_future_vtable thread_waiter_vtable = {.name = "thread_waiter", .poll = thread_waiter_poll};

int demo_oneshot(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "oneshot: takes no arguments\n");
        return 2;
    }
    ac_cli_heading("a oneshot: one value, one receiver (the teaching twin, exercises 1 and 2)");
    if (run_pair(false) != 0)
        return 1;
    ac_cli_heading("the sender is dropped without sending");
    if (run_pair(true) != 0)
        return 1;

    ac_cli_heading("the runtime's ac_oneshot, sent from another thread");
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
    int value = 0;
    if (ac_oneshot_new(sizeof value, &tx, &rx) < 0)
        return 1;
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    thread_waiter w = {.base = {&thread_waiter_vtable},
                       .recv = ac_oneshot_recv(&rx, &value),
                       .tp = trace_point_new("main task (from the computing thread)")};
    pthread_t th;
    pthread_create(&th, NULL, compute_on_thread, &tx);
    ac_block_on(&ex, &w.base);
    pthread_join(th, NULL);
    printf("  received %d (result %d)\n", value, w.recv.result);
    ac_oneshot_rx_close(&rx);
    ac_executor_close(&ex);
    printf("\nTakeaway: a channel is a buffer plus the waker of whoever waits on it.\n"
           "Every way the other side can finish - a value, or going away - must wake it.\n");
    return 0;
}
