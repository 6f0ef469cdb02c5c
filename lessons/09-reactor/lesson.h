/*
 * Lesson 09 - the reactor: the exercise interface.
 *
 * The runtime's reactor (common/include/ac/reactor.h) keeps one entry per
 * file descriptor, with a read slot and a write slot that each hold at
 * most one waker:
 *
 *   ac_reactor_register(r, fd)            entries[fd] = { read: -, write: -, gen: 1 }
 *   ac_reactor_arm(r, fd, READABLE, &w)   entries[fd].read = clone of w
 *   ac_reactor_turn(r, timeout)           wait; fd readable -> wake read slot, disarm it
 *   ac_reactor_deregister(r, fd)          drop (never wake) both slots, gen 2
 *   close(fd)                             only now
 *
 * The four exercises use that contract four ways:
 *
 *   ex1  accept_loop       one socket, a reactor turned by hand
 *   ex2  echo_hub_turn     many sockets, one waker each, one loop
 *   ex3  readable          a future: EAGAIN -> arm -> Pending -> woken -> read
 *   ex4  hub_close         deregister, close, forget - even in mid-turn
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/09-reactor.c) all meet here.  Every fd handed
 * to these functions is nonblocking (O_NONBLOCK).
 */
#ifndef LESSON09_H
#define LESSON09_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ac/future.h"
#include "ac/reactor.h"

/* ---- given (given_flag.c): a waker that raises a flag --------------------------
 * When nothing but your own loop will ever look at the result, a wake can
 * be as small as "set this bool".  clone and drop do nothing: the flag
 * belongs to the caller and outlives every copy of the waker. */
typedef struct flag {
    bool raised;    /* set by wake; the loop clears it */
    unsigned wakes; /* how many times it was woken */
} flag;

ac_waker flag_waker(flag *f);

/* ---- Exercise 1: a single-socket event loop (exercises/ex1_accept_loop.c)
 *
 * Accept `want` connections on the nonblocking listener `listen_fd`,
 * driving the reactor `r` by hand:
 *
 *   register listen_fd
 *   loop:
 *     accept until EAGAIN      each new fd (nonblocking) -> on_accept(fd, turn, arg)
 *     enough? -> done
 *     arm READABLE with a flag waker
 *     turn the reactor until the flag is up; more than `timeout` without
 *     it -> -ETIMEDOUT
 *   deregister listen_fd (it stays open: it is the caller's)
 *
 * A turn can come back for events on OTHER fds of the same reactor (the
 * multi demo registers each accepted connection), so one turn without
 * the flag is not yet a timeout: keep turning, with what is left of the
 * time.  `turn` counts the reactor turns made so far (0 for connections
 * that were already waiting).  on_accept owns the new fd; with a NULL
 * on_accept the fd is closed at once.  Returns `want`, -ETIMEDOUT, or
 * -errno. */
typedef void (*accept_observer)(int fd, unsigned turn, void *arg);

int accept_loop(ac_reactor *r, int listen_fd, unsigned want, ac_nanos timeout, accept_observer on_accept,
                void *arg);

/* ---- Exercise 2: a multi-socket event loop (exercises/ex2_echo_hub.c) ----
 *
 *   reactor entries            hub table                  wake = "try me"
 *   fd 7: read slot --waker--> conns[0] {fd 7, ready}  <-- hub_conn_waker(conns[0])
 *   fd 9: read slot --waker--> conns[1] {fd 9, ready}
 *
 * Each connection has its own waker whose data pointer IS the connection,
 * so the reactor's wake lands exactly on the state it concerns: the
 * `ready` flag, a one-bit run queue.  A new connection starts ready (try
 * before you arm). */
#define HUB_MAX_CONNS 64

typedef struct echo_hub echo_hub;

typedef struct hub_conn {
    echo_hub *hub;
    size_t slot;          /* index in hub->conns */
    int fd;               /* nonblocking, registered with hub->reactor */
    bool ready;           /* new, or its waker fired: try it next turn */
    unsigned long echoed; /* bytes echoed on this connection */
} hub_conn;

struct echo_hub {
    ac_reactor *reactor;
    hub_conn *conns[HUB_MAX_CONNS]; /* NULL: free slot */
    size_t open;                    /* connections in the table */
    /* how a finished connection leaves: hub_close (exercise 4) unless a
     * test or a demo puts its own function here */
    void (*on_close)(echo_hub *h, hub_conn *c);
    unsigned long turns, wakes, echoed, closed;
};

/* Given (given_hub.c). */
void hub_init(echo_hub *h, ac_reactor *r);
/* Register fd with the reactor and add it, ready.  NULL when the table is
 * full or registering fails (fd is left open: still the caller's). */
hub_conn *hub_add(echo_hub *h, int fd);
/* The waker of one connection: wake marks it ready and counts h->wakes. */
ac_waker hub_conn_waker(hub_conn *c);
/* Close every connection still open (through h->on_close). */
void hub_free(echo_hub *h);

/* YOURS: one turn of the loop.
 *   1. If no connection is ready, turn the reactor once, for at most
 *      `timeout` (the connections' wakers mark them ready).
 *   2. Serve every ready connection: clear `ready`, then read and echo
 *      what you read straight back, until read says EAGAIN (arm the read
 *      slot with hub_conn_waker(c)), end of file or an error (call
 *      h->on_close(h, c); c is gone after that).
 * Count h->turns (every call) and the bytes in c->echoed and h->echoed.
 * Returns how many connections were served; 0 means nothing was ready:
 * the wait timed out, or it returned for events that woke nobody (epoll
 * reports "writable" once after register; no one waits on that slot).  Simplification: the echo is written
 * with one write(), so a message bigger than the socket's send buffer would be cut short; that counts as an
 * error and closes the connection (lesson 11 does it properly with write_all). */
int echo_hub_turn(echo_hub *h, ac_nanos timeout);

/* ---- Exercise 3: a readable future (exercises/ex3_readable.c) ------------
 *
 *   poll:  read(fd) ---- bytes / EOF / error ---> Ready (result)
 *             | EAGAIN
 *             v
 *          register fd if it is not yet; arm(fd, READABLE, cx->waker)
 *          armed = true; Pending  .......  reactor turn: fd readable -> wake
 *                                          -> the owner polls again
 *   drop:  armed? disarm the read slot (no waker of ours may outlive us)
 */
typedef struct readable {
    ac_future base;
    ac_reactor *reactor;
    int fd;
    void *buf;
    size_t cap;
    bool armed;       /* a waker of ours sits in fd's read slot */
    unsigned eagains; /* reads that found nothing, for the curious */
    ssize_t result;   /* output: bytes read, 0 at end of file, or -errno */
} readable;

/* Given (given_readable.c): vtable and constructor. */
readable readable_new(ac_reactor *r, int fd, void *buf, size_t cap);
/* YOURS */
ac_poll readable_poll(ac_future *self, ac_context *cx);
void readable_drop(ac_future *self);

/* ---- Exercise 4: deregistration and cleanup (exercises/ex4_hub_close.c) --
 *
 * Take c out of its hub for good, in this order:
 *   1. ac_reactor_deregister(fd): the entry's wakers are dropped, never
 *      woken, and its generation moves on, so an event for fd that the
 *      kernel already reported is recognised as stale and ignored;
 *   2. close(fd) - only now may the kernel hand the number to a new socket;
 *   3. empty the table slot, free c, open -= 1, closed += 1.
 * Must be safe to call from inside a waker during ac_reactor_turn. */
void hub_close(echo_hub *h, hub_conn *c);

#endif
