/*
 * Lesson 08 - async I/O foundations: the exercise interface.
 *
 * Four ways to wait for bytes on a socket, each one step closer to a
 * runtime:
 *
 *   ex1  spin_read         ask read() again and again       (burns a core)
 *   ex2  epoll_read        let epoll_wait() sleep until ready (one fd)
 *   ex3  echo_server_step  one epoll loop, many fds, keyed by fd
 *   ex4  waker bridge      the loop only wakes; the future does the read
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/08-async-io.c) all meet here.  Every fd passed
 * to these functions is already nonblocking (O_NONBLOCK).
 */
#ifndef LESSON08_H
#define LESSON08_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ac/future.h"
#include "ac/waker.h"

/* ---- Exercise 1: the busy loop (exercises/ex1_spin_read.c) ---------------
 * read() from a nonblocking fd until it gives bytes, end of file or an error.
 * Each time it says EAGAIN ("nothing yet"), count it and ask the observer
 * `on_eagain(eagains_so_far, arg)` whether to try again: true = retry at
 * once, false = give up.  A NULL observer means "give up at the first
 * EAGAIN".  EINTR is retried silently.
 *
 * Returns the bytes read (> 0), 0 at end of file, -EAGAIN when the
 * observer gave up, or -errno for any other error. */
typedef bool (*eagain_observer)(unsigned long eagains, void *arg);

ssize_t spin_read(int fd, void *buf, size_t cap, eagain_observer on_eagain, void *arg);

/* ---- Exercise 2: the same read, asleep in epoll (exercises/ex2_epoll_read.c)
 * Try read(); on EAGAIN sleep in epoll_wait() until the fd is readable (at
 * most `timeout_ms` per wait), then try again.  Use a private epoll
 * instance and close it before returning.  If `waits` is not NULL, store
 * how many times epoll_wait() was called.
 *
 * Returns the bytes read (> 0), 0 at end of file, -ETIMEDOUT when a wait
 * timed out, or -errno for any other error. */
ssize_t epoll_read(int fd, void *buf, size_t cap, int timeout_ms, unsigned *waits);

/* ---- Exercise 3: an echo server on one epoll loop (exercises/ex3_echo_server.c)
 *
 *   epfd ── epoll_wait ──> [ listen_fd | fd 6 | fd 9 | ... ]   events
 *                                │         │
 *                          accept all   conns[6] ──> echo_conn { fd 6, bytes }
 *                          until EAGAIN conns[9] ──> echo_conn { fd 9, bytes }
 *
 * The connection table is keyed by fd: conns[fd] is the connection on that
 * fd, or NULL.  The kernel hands back the fd in each event (event.data.fd),
 * and the table turns it into the connection's state.  Level-triggered
 * epoll: an fd with bytes left is reported again on the next wait. */
#define ECHO_MAX_FDS 1024

typedef struct echo_conn {
    int fd;
    unsigned long bytes; /* echoed on this connection so far */
} echo_conn;

typedef struct echo_server {
    int epfd;
    int listen_fd;       /* nonblocking, bound to 127.0.0.1:port */
    unsigned short port; /* the ephemeral port the kernel chose */
    echo_conn *conns[ECHO_MAX_FDS];
    size_t live;                                   /* connections open right now */
    unsigned long accepted, disconnected, refused; /* refused: fd >= ECHO_MAX_FDS */
    unsigned long bytes_echoed;
    unsigned long steps, events;
} echo_server;

/* Given (given_echo_server.c): listen on 127.0.0.1 port 0 and watch the
 * listener.  0 or -errno. */
int echo_server_open(echo_server *s);
/* Given: close every connection still open, then the listener and epoll. */
void echo_server_close(echo_server *s);

/* YOURS: one turn of the loop.  Wait up to timeout_ms for events; for the
 * listener accept every pending connection (nonblocking, watched for
 * EPOLLIN, added to conns[]); for a connection read once and write the
 * bytes straight back; on end of file or an error, forget the connection
 * (EPOLL_CTL_DEL, close, free, conns[fd] = NULL).  Keep the counters.
 * Returns the number of events handled (0 on timeout) or -errno. */
int echo_server_step(echo_server *s, int timeout_ms);

/* ---- Exercise 4: reactor -> waker -> future (exercises/ex4_waker_bridge.c)
 *
 *   read_future_poll                  bridge_reactor_turn
 *   ----------------                  -------------------
 *   read() -> EAGAIN                  epoll_wait()
 *   bridge_reactor_wait_readable()    fd 7 readable
 *     stores a clone of the waker --> waiting[7]: wake()    (no read!)
 *   return Pending                          |
 *                                           v
 *   read() -> 5 bytes  <-- polled again by whoever owns the future
 *   return Ready
 *
 * The reactor never touches the data: it only turns "fd 7 is readable"
 * into "wake whoever waits on fd 7".  The future does the read itself, on
 * its next poll, and goes back to sleep if it finds nothing after all. */
#define BRIDGE_MAX_FDS 1024

typedef struct bridge_reactor {
    int epfd;
    bool registered[BRIDGE_MAX_FDS];       /* fd is in the epoll set (edge-triggered) */
    ac_waker_slot waiting[BRIDGE_MAX_FDS]; /* keyed by fd: who to wake on readable */
    unsigned long turns, events, wakes;
} bridge_reactor;

/* Given (given_bridge.c). */
int bridge_reactor_init(bridge_reactor *r);
void bridge_reactor_close(bridge_reactor *r);
/* Store a clone of `waker` for fd (replacing one already there) and make
 * sure fd is in the epoll set: EPOLLIN | EPOLLRDHUP | EPOLLET.  0 or -errno. */
int bridge_reactor_wait_readable(bridge_reactor *r, int fd, const ac_waker *waker);
/* Drop the waker stored for fd, if any (the fd stays in the epoll set). */
void bridge_reactor_clear(bridge_reactor *r, int fd);
/* Take fd out of the epoll set and drop its waker; call before close(fd). */
void bridge_reactor_forget(bridge_reactor *r, int fd);

/* YOURS: wait up to timeout_ms, then wake the waker stored for each fd
 * that was reported (and only wake: never read).  Count turns, events
 * and wakes.  Returns the wakes done (0 on timeout) or -errno. */
int bridge_reactor_turn(bridge_reactor *r, int timeout_ms);

/* A future that reads once from fd through the reactor. */
typedef struct read_future {
    ac_future base;
    bridge_reactor *reactor;
    int fd;
    char *buf;
    size_t cap;
    unsigned polls, eagains; /* state, for the curious */
    ssize_t result;          /* output: bytes read, 0 at end of file, -errno */
} read_future;

/* Given (given_bridge.c): the future's vtable and constructor; its drop clears
 * the waker it may have left with the reactor. */
read_future read_future_new(bridge_reactor *r, int fd, void *buf, size_t cap);

/* YOURS: try the read; if it says EAGAIN, leave the context's waker with
 * the reactor and return Pending; otherwise store the result, make sure no
 * waker of ours is left behind, and return Ready. */
ac_poll read_future_poll(ac_future *self, ac_context *cx);

#endif
