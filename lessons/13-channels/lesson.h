/*
 * Lesson 13 - channels: the exercise interface.
 *
 * Tasks talk by passing values.  A channel is a buffer plus the wakers of
 * whoever waits on it: a receiver waits for a value, a sender (when the
 * buffer is bounded) waits for room.  Every channel in this lesson is a
 * small, single-threaded "teaching twin" of one in the runtime:
 *
 *   here (lesson.h)          runtime (common/include/ac/)
 *   oneshot   (ex1, ex2)     oneshot.h   + a lock, any elem_size
 *   producer  (ex3)          uses mpsc.h itself: ac_mpsc_send / tx_close
 *   bounded   (ex4)          mpsc.h      + a lock, FIFO of waiting senders,
 *                                          a freed slot handed to the first
 *
 *   ex1  oneshot_recv_poll    wait for the one value, or learn it never comes
 *   ex2  oneshot_sender_drop  a sender that goes away must wake the receiver
 *   ex3  producer_poll        three producers, one consumer: a fan-in
 *   ex4  bounded_send_poll    a full queue makes the sender wait
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/13-channels.c) all meet here.
 */
#ifndef LESSON13_H
#define LESSON13_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "ac/coro.h"
#include "ac/future.h"
#include "ac/mpsc.h"

/* ---- Exercises 1 and 2: a oneshot of one int ------------------------------
 *
 *   oneshot_send(o, 7)  ---> [ value 7 | has_value | sender_open | waker ] ---> oneshot_recv
 *   oneshot_sender_drop(o) -/                                   ^ the receiver's, while it waits
 *
 * One receiver, one sender, one thread: no lock (the runtime's has one). */
typedef struct oneshot {
    int value;
    bool has_value;   /* sent and not yet received */
    bool sender_open; /* false once sent or dropped */
    ac_waker waker;   /* a clone of the waiting receiver's waker; vtable NULL: none */
} oneshot;

/* Given (given_channels.c). */
void oneshot_init(oneshot *o);
/* Store the value, close the sender, wake a waiting receiver. */
void oneshot_send(oneshot *o, int value);
/* Give back a waker still stored (a receiver that never finished). */
void oneshot_destroy(oneshot *o);

typedef struct oneshot_recv {
    ac_future base;
    oneshot *o;
    int value;  /* output, with result 0 */
    int result; /* output: 0, or -EPIPE when the value will never come */
} oneshot_recv;

/* Given: the constructor; the vtable's drop clears o->waker. */
oneshot_recv oneshot_recv_new(oneshot *o);
/* YOURS (ex1) */
ac_poll oneshot_recv_poll(ac_future *self, ac_context *cx);
/* YOURS (ex2): the sender goes away without sending. */
void oneshot_sender_drop(oneshot *o);

/* ---- Exercise 3: a producer task for the runtime's mpsc -------------------
 * Sends id * 100 + i for i = 0 .. count - 1 through `tx`, each send
 * awaited (the channel may be bounded), then closes tx.  The consumer
 * learns the producers are all done only when every sender is closed. */
typedef struct producer {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx; /* this producer's own sender (a clone) */
    int id, count;
    int i, value;          /* the loop counter and the value being sent */
    int sent, errors;      /* sends that reported 0, and those that failed */
    ac_mpsc_send_fut send; /* the send being awaited */
} producer;

/* Given (given_channels.c). */
producer producer_new(ac_mpsc_tx tx, int id, int count);
/* YOURS (ex3) */
ac_poll producer_poll(ac_future *self, ac_context *cx);

/* Given: `senders` producers of `count` values each into one mpsc of
 * `capacity` (0: unbounded), and a consumer that collects into out[max].
 * Returns how many values arrived, or -EPIPE if the consumer never saw
 * the channel close (a sender left open), -ENOMEM. */
int fan_in(int senders, int count, size_t capacity, int *out, int max);

/* ---- Exercise 4: a bounded queue whose senders wait for room --------------
 *
 *   items:  [ 3 | 4 | __ ]   head, len, capacity 3
 *   recv_waker:              the receiver, while the queue is empty
 *   send_wakers[n_waiting]:  senders that found it full (woken, all of
 *                            them, by the next receive: they try again)
 *
 * The runtime's mpsc keeps its waiting senders in a FIFO and hands a freed
 * slot to the first one; this twin wakes them all and lets them race
 * (simple, fair enough on one thread, and wasteful with many senders). */
#define BOUNDED_MAX     16 /* capacity limit of the teaching queue */
#define BOUNDED_WAITING 16 /* senders that may wait at once */

typedef struct bounded {
    int items[BOUNDED_MAX];
    size_t head, len, capacity;
    ac_waker recv_waker;
    ac_waker send_wakers[BOUNDED_WAITING];
    size_t n_waiting;
    size_t max_len; /* the most items ever held (the checks look) */
} bounded;

/* Given (given_channels.c). */
void bounded_init(bounded *q, size_t capacity);
void bounded_destroy(bounded *q);
/* Take the oldest item: true and *out, false when empty.  Wakes every
 * waiting sender (there is room now). */
bool bounded_try_recv(bounded *q, int *out);

typedef struct bounded_send {
    ac_future base;
    bounded *q;
    int value;
} bounded_send;

typedef struct bounded_recv {
    ac_future base;
    bounded *q;
    int value; /* output */
} bounded_recv;

bounded_send bounded_send_new(bounded *q, int value);
bounded_recv bounded_recv_new(bounded *q);
/* YOURS (ex4) */
ac_poll bounded_send_poll(ac_future *self, ac_context *cx);

/* ---- tracing (given, given_trace.c): print every wake ----------------------------- */

/* When on, the teaching channels print each wake they make. */
extern bool lesson_trace;

#endif
