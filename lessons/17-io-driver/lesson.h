/*
 * Lesson 17 - the I/O driver: the exercise contract.
 *
 * Lesson 09 built a reactor and lesson 11 read and wrote through it.  This
 * lesson looks at what the driver keeps per fd between the kernel's
 * reports and the futures' questions:
 *
 *   kernel event (fd, gen, bits)            future (one direction)
 *   ----------------------------            ----------------------
 *   gen old?  -> stale, ignored             poll_ready(dir): a bit set? -> try the syscall
 *   ready |= bits  (even if nobody waits)                    none?      -> arm, Pending
 *   armed that way? -> wake, disarm         syscall said EAGAIN -> clear_ready(dir), ask again
 *
 *   ready bits:  READY_READABLE  READY_WRITABLE      cleared by clear_ready (ran dry)
 *                READY_READ_CLOSED READY_WRITE_CLOSED sticky: never cleared while registered
 *
 * The three exercises:
 *
 *   ex1  tracker      the per-fd state itself: generations, ready bits,
 *                     one waker per direction (checked against a scripted
 *                     fake kernel: the checks hand it events)
 *   ex2  retry_read   a read future on the runtime's reactor that treats a
 *                     wake as a hint: EAGAIN after a wake is a spurious wake,
 *                     counted and re-armed; 0 only at end of file
 *   ex3  request      a half-close client: send it all, shutdown(SHUT_WR),
 *                     read the reply until end of file; write-closed is -EPIPE
 *
 * The program (main.c, demo_*.c), the stubs (exercises/) and the checks
 * (tests/lessons/17-io-driver.c) all meet here.
 */
#ifndef LESSON17_H
#define LESSON17_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ac/future.h"
#include "ac/io.h"
#include "ac/reactor.h" /* ac_interest: AC_READABLE, AC_WRITABLE */
#include "ac/sleep.h"
#include "ac/waker.h"

/* ---- Exercise 1: a readiness tracker (exercises/ex1_tracker.c) ------------
 * docs/17-io-driver.md, "Interest and readiness" and "Generations".
 *
 * Readiness bits, tokio's Ready in C.  READABLE and WRITABLE have the same
 * values as AC_READABLE and AC_WRITABLE (and EPOLLIN, EPOLLOUT). */
enum {
    READY_READABLE = AC_READABLE, /* 1: bytes may be waiting */
    READY_WRITABLE = AC_WRITABLE, /* 4: the send buffer may have room */
    READY_READ_CLOSED = 1u << 3,  /* the peer will send nothing more (EOF, RST) */
    READY_WRITE_CLOSED = 1u << 4, /* nothing we write will arrive (EPIPE) */
};

/* The bits that concern one direction: its own and its closed bit. */
static inline unsigned ready_bits_for(ac_interest dir)
{
    return dir == AC_READABLE ? READY_READABLE | READY_READ_CLOSED : READY_WRITABLE | READY_WRITE_CLOSED;
}

#define TRACKER_FDS 16

/* One fd's registration. */
typedef struct tracked_fd {
    uint32_t gen; /* moves on at every register and deregister */
    bool registered;
    unsigned ready;  /* READY_* bits the kernel reported since they were last cleared */
    unsigned armed;  /* AC_READABLE / AC_WRITABLE: a waker waits that way */
    ac_waker reader; /* .vtable NULL: nobody waits to read */
    ac_waker writer; /* .vtable NULL: nobody waits to write */
} tracked_fd;

typedef struct tracker {
    tracked_fd fds[TRACKER_FDS];
    uint64_t events;    /* events handed to tracker_event */
    uint64_t stale;     /* of those, for an old generation or an unregistered fd */
    uint64_t wakes;     /* wakers woken */
    uint64_t unclaimed; /* events for the current generation that woke nobody */
} tracker;

/* Given (given_tracker.c). */
void tracker_init(tracker *t);
/* Start tracking fd (0 <= fd < TRACKER_FDS): a new generation, returned;
 * ready = READABLE | WRITABLE ("unknown: try the syscall first").  An fd
 * already registered is deregistered first. */
uint32_t tracker_register(tracker *t, int fd);
/* Stop tracking fd: its wakers are dropped (never woken), its bits
 * cleared, its generation moves on, so an event still in flight for it
 * finds a generation that no longer matches. */
void tracker_deregister(tracker *t, int fd);
/* Deregister every fd still registered. */
void tracker_free(tracker *t);
/* epoll's event bits -> READY_* bits (EPOLLRDHUP: read-closed; EPOLLHUP
 * and EPOLLERR: both closed). */
unsigned ready_from_epoll(uint32_t events);
/* "readable|read-closed" or "-": the names of bits, for printing. */
const char *ready_names(unsigned bits, char *buf, size_t size);

/* YOURS.  The kernel reported `bits` for fd, registered with generation
 * `gen`.  Returns the directions woken (AC_READABLE | AC_WRITABLE). */
unsigned tracker_event(tracker *t, int fd, uint32_t gen, unsigned bits);
/* YOURS.  May a `dir` operation on fd be tried?  Returns the ready bits of
 * that direction (ready_bits_for(dir)) that are set; when none is, leaves
 * a clone of w in dir's slot (one waker per slot) and returns 0.  fd is
 * registered. */
unsigned tracker_poll_ready(tracker *t, int fd, ac_interest dir, const ac_waker *w);
/* YOURS.  The operation said EAGAIN: fd ran dry in `dir`. */
void tracker_clear_ready(tracker *t, int fd, ac_interest dir);

/* ---- Exercise 2: a read that survives spurious wakes (exercises/ex2_retry_read.c)
 * docs/17-io-driver.md, "Spurious wakes".
 *
 *   poll:  read(fd) -- n > 0 ----------------> Ready(n)
 *            |   \--- 0 -------------------> Ready(0): end of file, and only then
 *            |    \-- error ---------------> Ready(-errno): -ECONNRESET, ...
 *            | EAGAIN (armed before? then this wake was spurious: count it)
 *            v
 *          ac_io_arm(io, AC_READABLE, cx); armed; Pending
 *
 * One future, one read(2) that moved bytes.  The reactor is not involved
 * until a read says EAGAIN. */
typedef struct retry_read {
    ac_future base;
    ac_io *io;
    void *buf;
    size_t cap;
    bool armed;             /* our waker waits in io's read slot (drop disarms it) */
    unsigned long reads;    /* read(2) calls made, EAGAIN ones included */
    unsigned long spurious; /* polls after a Pending that found EAGAIN again */
    ssize_t result;         /* output: bytes read, 0 at end of file, or -errno */
} retry_read;

/* Given (given_futures.c): constructor, vtable and drop. */
retry_read retry_read_new(ac_io *io, void *buf, size_t cap);
/* YOURS */
ac_poll retry_read_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 3: a half-close client (exercises/ex3_request.c) -------------
 * docs/17-io-driver.md, "Read-closed and write-closed".
 *
 *   us                                     peer
 *   write req (all of it, however short)   read ... until EOF
 *   shutdown(SHUT_WR)  ------ EOF ------>  (now it knows the request is whole)
 *   read reply ...     <----- reply -----  write reply
 *   read -> 0 (EOF)    <----- EOF -------  close
 *
 * result: the reply's length; -EMSGSIZE if the reply does not fit in cap;
 * -errno if a write or read fails (-EPIPE: the peer stopped reading before
 * the request was sent - write-closed; -ECONNRESET).  The write side is
 * shut exactly once, after the last byte; the read side stays open to the
 * end. */
typedef struct request {
    ac_future base;
    ac_io *io; /* a connected stream socket */
    const char *req;
    size_t req_len, sent;
    char *reply;
    size_t cap, got;
    bool shut;      /* shutdown(SHUT_WR) done */
    unsigned armed; /* AC_READABLE / AC_WRITABLE: where our waker waits (drop disarms) */
    ssize_t result; /* output */
} request;

/* Given (given_futures.c). */
request request_new(ac_io *io, const void *req, size_t req_len, void *reply, size_t cap);
/* YOURS */
ac_poll request_poll(ac_future *self, ac_context *cx);

/* ---- given (given_futures.c): helpers for demos and checks --------------- */

/* Polls *inner in place (the future lives elsewhere, so its fields can be
 * read after the task is gone).  Ready when it is. */
typedef struct by_ref {
    ac_future base;
    ac_future *inner;
    bool done;
} by_ref;
by_ref by_ref_of(ac_future *inner);

/* Polls *inner; each time it is Pending, while pokes are left, wakes its
 * own task at once: a wake that has nothing to do with the fd (the kind a
 * join or a select gives its children all the time). */
typedef struct poker {
    ac_future base;
    ac_future *inner;
    unsigned pokes; /* wakes still to give */
    bool done;
} poker;
poker poker_of(ac_future *inner, unsigned pokes);

/* Sleeps `delay` on the runtime clock, then writes msg to fd with one
 * write(2).  result: what write returned, or -errno.  With a paused clock
 * (the checks) the sleep ends only when every other task waits: the
 * message arrives after everything that could run has run. */
typedef struct later_write {
    ac_future base;
    ac_sleep sleep;
    bool started;
    int fd;
    const char *msg;
    size_t len;
    ssize_t result;
} later_write;
later_write later_write_new(int fd, const char *msg, size_t len, ac_nanos delay);

/* A peer for exercise 3: reads until end of file (counting), then writes
 * `reply` (or, if reply is NULL, the bytes upper-cased back while they fit
 * in its buffer), then closes. */
#define UPPER_PEER_CAP (512 * 1024)
typedef struct upper_peer {
    ac_future base;
    ac_io io;  /* owned: closed when done or dropped */
    char *buf; /* UPPER_PEER_CAP bytes, owned */
    size_t got, sent;
    const char *reply; /* NULL: echo upper-cased */
    size_t reply_len;
    bool reading;
    size_t *got_out; /* where to report `got` at the end, or NULL */
    ssize_t result;
} upper_peer;
upper_peer upper_peer_new(int fd, const char *reply, size_t reply_len, size_t *got_out);

/* ---- given (given_sockets.c) ------------------------------------------- */

/* An AF_UNIX stream pair, both ends nonblocking.  0 or -errno. */
int unix_pair(int sv[2]);
/* Two TCP sockets connected over 127.0.0.1 (a listener on port 0, closed
 * again), both nonblocking: sv[0] the client end, sv[1] the accepted end.
 * 0 or -errno. */
int tcp_pair(int sv[2]);

#endif
