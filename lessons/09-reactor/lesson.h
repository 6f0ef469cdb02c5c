/*
 * Lesson 09 - the reactor: the exercise contract.
 *
 * A reactor keeps one entry per file descriptor, with a read slot and a
 * write slot that each hold at most one waker:
 *
 *   reactor_register(r, fd)            entries[fd] = { read: -, write: -, gen 1 }
 *   reactor_arm(r, fd, READABLE, &w)   entries[fd].read = clone of w
 *   reactor_turn(r, timeout)           wait; fd readable -> wake the read slot, once
 *   reactor_deregister(r, fd)          drop (never wake) both slots, gen 2
 *   close(fd)                          only now
 *
 * Two reactors keep that contract, and your code must work on both: the
 * runtime's (common/include/ac/reactor.h: edge-triggered, tuned) and the
 * lesson's twin (twin_reactor.h: level-triggered, plain).  You reach
 * either through a `reactor` handle - a pointer and a table of functions,
 * like a waker - so the checks run every exercise once per reactor.
 *
 * The four exercises use the contract four ways:
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
#include <stdint.h>
#include <sys/types.h>

#include "ac/executor.h"
#include "ac/future.h"
#include "ac/reactor.h" /* ac_interest: AC_READABLE, AC_WRITABLE */

/* ---- given (given_reactor.c): the reactor handle ----------------------- */

typedef struct reactor_counts {
    uint64_t waits;    /* waits in the kernel (epoll_wait), blocking or not */
    uint64_t events;   /* fd events the kernel reported */
    uint64_t wakes;    /* wakers woken by them */
    uint64_t stale;    /* events for an fd deregistered since: ignored */
    size_t registered; /* fds registered now */
} reactor_counts;

typedef struct reactor_vtable {
    const char *name; /* "common" or "twin" */
    /* make one for ex, installed as its driver (freed by ac_executor_close) */
    void *(*open)(ac_executor *ex);
    int (*register_fd)(void *impl, int fd);
    void (*deregister)(void *impl, int fd);
    bool (*is_registered)(void *impl, int fd);
    void (*arm)(void *impl, int fd, ac_interest dir, const ac_waker *w);
    void (*disarm)(void *impl, int fd, unsigned dir);
    bool (*is_armed)(void *impl, int fd, ac_interest dir);
    int (*turn)(void *impl, ac_nanos timeout);
    reactor_counts (*counts)(void *impl);
} reactor_vtable;

typedef struct reactor {
    void *impl; /* the ac_reactor, or the twin_reactor */
    const reactor_vtable *vtable;
} reactor;

extern const reactor_vtable reactor_common; /* common/src/reactor*.c, through ac_reactor_* */
extern const reactor_vtable reactor_twin;   /* twin_reactor.c */

/* Give ex a reactor of `kind` and point r at it.  0, or -ENOMEM. */
int reactor_open(reactor *r, const reactor_vtable *kind, ac_executor *ex);

/* What your code calls.  Start watching fd: 0 or -errno. */
static inline int reactor_register(reactor *r, int fd) { return r->vtable->register_fd(r->impl, fd); }
/* Stop watching fd, dropping (never waking) its wakers.  Before close(fd). */
static inline void reactor_deregister(reactor *r, int fd) { r->vtable->deregister(r->impl, fd); }
static inline bool reactor_is_registered(reactor *r, int fd) { return r->vtable->is_registered(r->impl, fd); }
/* Leave a clone of w in fd's slot for dir: woken once, at the next
 * readiness that way.  Only after the operation said EAGAIN. */
static inline void reactor_arm(reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    r->vtable->arm(r->impl, fd, dir, w);
}
/* Drop the waker(s) in dir (a mask) without waking: for a dropped future. */
static inline void reactor_disarm(reactor *r, int fd, unsigned dir) { r->vtable->disarm(r->impl, fd, dir); }
/* True while a waker waits in that slot for its next wake. */
static inline bool reactor_is_armed(reactor *r, int fd, ac_interest dir)
{
    return r->vtable->is_armed(r->impl, fd, dir);
}
/* Wait at most timeout (0: just look, AC_FOREVER: no limit), wake the
 * wakers of what is ready.  The events seen (0: time is up). */
static inline int reactor_turn(reactor *r, ac_nanos timeout) { return r->vtable->turn(r->impl, timeout); }
static inline reactor_counts reactor_stats(reactor *r) { return r->vtable->counts(r->impl); }

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
 * docs/09-reactor.md, "A single-socket loop".
 *
 * Accept `want` connections on the nonblocking listener `listen_fd`,
 * driving the reactor `r` by hand (no executor runs).  The contract:
 *   - connections already queued are taken without waiting (0 turns);
 *   - between connections the thread waits inside reactor_turn, never in
 *     a spin, and a turn that returns for some OTHER fd of `r` is neither
 *     a wake nor a timeout;
 *   - after `timeout` without a new connection: -ETIMEDOUT;
 *   - on every way out listen_fd is deregistered, but stays open (it is
 *     the caller's), and no waker of yours is left in the reactor.
 * Each new fd is made nonblocking and handed to on_accept(fd, turn, arg),
 * which owns it from then on (`turn`: the reactor turns made so far); with
 * a NULL on_accept the fd is closed at once.  Never more than `want`.
 * Returns `want`, -ETIMEDOUT, or -errno of a failed accept. */
typedef void (*accept_observer)(int fd, unsigned turn, void *arg);

int accept_loop(reactor *r, int listen_fd, unsigned want, ac_nanos timeout, accept_observer on_accept,
                void *arg);

/* ---- Exercise 2: a multi-socket event loop (exercises/ex2_echo_hub.c) ----
 * docs/09-reactor.md, "Many sockets, one loop".
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
    reactor *reactor;
    hub_conn *conns[HUB_MAX_CONNS]; /* NULL: free slot */
    size_t open;                    /* connections in the table */
    /* how a finished connection leaves: hub_close (exercise 4) unless a
     * test or a demo puts its own function here */
    void (*on_close)(echo_hub *h, hub_conn *c);
    unsigned long turns, wakes, echoed, closed;
};

/* Given (given_hub.c). */
void hub_init(echo_hub *h, reactor *r);
/* Register fd with the reactor and add it, ready.  NULL when the table is
 * full or registering fails (fd is left open: still the caller's). */
hub_conn *hub_add(echo_hub *h, int fd);
/* The waker of one connection: wake marks it ready and counts h->wakes. */
ac_waker hub_conn_waker(hub_conn *c);
/* Close every connection still open (through h->on_close). */
void hub_free(echo_hub *h);

/* YOURS: one turn of the loop.  The contract:
 *   - it waits in the reactor (at most `timeout`) only when no connection
 *     is ready: work that is already known is never kept waiting;
 *   - it serves every ready connection, and only those: it echoes back
 *     everything the peer sent until the socket runs dry, then leaves
 *     that connection waiting on its own waker - no wake may be lost;
 *   - a connection at end of file or with an error leaves through
 *     h->on_close(h, c), and is gone (freed) after that call.
 * Counts h->turns (every call) and the bytes echoed in c->echoed and
 * h->echoed.  Returns how many connections it served; 0 means nothing
 * was ready (the wait timed out, or returned for events that woke
 * nobody).  Simplification: one write() per read, so a reply the socket
 * cannot take whole counts as an error and closes the connection (lesson
 * 11 does it properly with write_all). */
int echo_hub_turn(echo_hub *h, ac_nanos timeout);

/* ---- Exercise 3: a readable future (exercises/ex3_readable.c) ------------
 * docs/09-reactor.md, "A future on the reactor".
 *
 *   poll:  read(fd) ---- bytes / EOF / error ---> Ready (result)
 *             | EAGAIN
 *             v
 *          arm fd's read slot with the poller's waker; Pending
 *          .......  a reactor turn: fd readable -> wake -> the owner polls again
 *   drop:  no waker of ours may outlive the future
 *
 * The contract: `result` is what one read(2) gave - the bytes (> 0), 0 at
 * end of file, or -errno of an error.  The reactor is asked for nothing
 * unless the read said EAGAIN: fd is registered on the first EAGAIN (the
 * caller deregisters it when done).  A Pending leaves exactly one waker
 * of the poller's in fd's read slot, and `armed` says so; Ready and drop
 * leave none. */
typedef struct readable {
    ac_future base;
    reactor *reactor;
    int fd;
    void *buf;
    size_t cap;
    bool armed;       /* a waker of ours sits in fd's read slot */
    unsigned eagains; /* reads that found nothing, for the curious */
    ssize_t result;   /* output: bytes read, 0 at end of file, or -errno */
} readable;

/* Given (given_readable.c): vtable and constructor. */
readable readable_new(reactor *r, int fd, void *buf, size_t cap);
/* YOURS */
ac_poll readable_poll(ac_future *self, ac_context *cx);
void readable_drop(ac_future *self);

/* ---- Exercise 4: deregistration and cleanup (exercises/ex4_hub_close.c) --
 * docs/09-reactor.md, rule 3 ("Deregister before close") and "Late events".
 *
 * Take c out of its hub for good: afterwards the reactor holds nothing of
 * c (its wakers dropped, never woken; fd unknown to it), the peer sees end
 * of file, c's slot in the table is free, `open` and `closed` are right,
 * and c is freed.  The order matters: the kernel may give fd's number to
 * the next socket the moment it is closed, and an event it already
 * reported for the old socket must find nobody.  Safe to call from inside
 * a waker during reactor_turn. */
void hub_close(echo_hub *h, hub_conn *c);

#endif
