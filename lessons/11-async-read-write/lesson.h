/*
 * Lesson 11 - AsyncRead / AsyncWrite in C: the exercise interface.
 *
 * Every byte moved in this lesson goes through the runtime's two building
 * blocks (common/include/ac/io.h):
 *
 *   ac_io_poll_read (io, cx, buf, len, &n)   one read():  Ready(n > 0, 0 = EOF, -errno)
 *   ac_io_poll_write(io, cx, buf, len, &n)   one write(): Ready(n > 0, -errno)
 *                                            EAGAIN: arm io with cx's waker, Pending
 *
 * One call moves SOME bytes: maybe all, maybe 1, maybe none yet.  And a
 * Pending has two possible reasons: EAGAIN (the slot is armed), or the
 * runtime's fairness budget - after AC_IO_BUDGET operations in one poll
 * of a task it wakes the task and returns Pending so others get a turn.  Either
 * way: keep your progress, set `armed`, return Pending (disarming an
 * empty slot in drop is harmless).  The futures you write here keep
 * calling until the job is done:
 *
 *   ex1  read_exact    fill a buffer completely; end of file first = error
 *   ex2  write_all     write a buffer completely, however short each write
 *   ex3  echo server   a session task per connection, with the coroutine macros
 *   ex4  io_copy       pipe one fd into another until end of file
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/11-async-read-write.c) all meet here.
 */
#ifndef LESSON11_H
#define LESSON11_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ac/coro.h"
#include "ac/future.h"
#include "ac/io.h"
#include "ac/net.h"

/* The stream ended before the buffer was full.  C has no "unexpected end
 * of file" errno, so we borrow ENODATA ("no data available"). */
#define UNEXPECTED_EOF (-ENODATA)

/* ---- Exercise 1: read_exact (exercises/ex1_read_exact.c) ------------------
 *
 *   buf: [ done bytes ........ | still to read ............ ]
 *        0                     done                         len
 *
 * Ready when buf is full: result = len (a len of 0 is full at once); or
 * when the stream ends first (result = UNEXPECTED_EOF, done = what came)
 * or a read fails (result = -errno).  Pending keeps buf[0..done) and sets
 * `armed`.  Never more than len bytes are taken from the stream: what
 * follows belongs to the next reader. */
typedef struct read_exact {
    ac_future base;
    ac_io *io;
    char *buf;
    size_t len, done;
    bool armed;                    /* our waker waits in io's read slot (drop disarms it) */
    unsigned long reads, pendings; /* read calls that brought bytes; Pendings */
    ssize_t result;                /* output: len, UNEXPECTED_EOF or -errno */
} read_exact;

/* Given (given_futures.c): constructor, vtable and drop. */
read_exact read_exact_new(ac_io *io, void *buf, size_t len);
/* YOURS */
ac_poll read_exact_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: write_all (exercises/ex2_write_all.c) --------------------
 * Ready when all len bytes are written (result = len), or a write fails
 * (result = -errno: -EPIPE when the peer left).  A write that takes only
 * part of what it was offered is normal (the socket's send buffer had
 * that much room), not the end.  Pending keeps `done` and sets `armed`. */
typedef struct write_all {
    ac_future base;
    ac_io *io;
    const char *buf;
    size_t len, done;
    bool armed;
    unsigned long writes, pendings; /* write calls that took bytes; Pendings */
    ssize_t result;                 /* output: len or -errno */
} write_all;

write_all write_all_new(ac_io *io, const void *buf, size_t len);
ac_poll write_all_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 3: an echo server (exercises/ex3_echo_server.c) -------------
 *
 *   echo_server task                      one echo_session task per client
 *   ----------------                      --------------------------------
 *   loop max_conns times:                 loop:
 *     await ac_tcp_accept_on(ln)            await ac_read_some(&io, buf)
 *     spawn echo_session(stream.io)         end of file or error? -> stop
 *   result = accepted                       await ac_write_all_from(&io, buf, n)
 *                                         close io; on_done(result, arg)
 *
 * Both are coroutines (ac/coro.h): locals do not survive an AC_AWAIT, so
 * everything lives in the struct, children included.  The session uses
 * the runtime's read_some and write_all_from (the same idea as your
 * exercise 2, so this exercise does not depend on that one). */
typedef void (*session_done)(ssize_t result, void *arg);

typedef struct echo_session {
    ac_future base;
    ac_coro co;
    ac_io io; /* owned: the session closes it when it ends */
    session_done on_done;
    void *arg;
    ac_read rd; /* the children, awaited in turn */
    ac_write_all wr;
    unsigned long echoed;
    ssize_t result; /* output: bytes echoed, or -errno */
    char buf[4096];
} echo_session;

/* Given (given_futures.c).  The session takes `io` over; on_done may be NULL. */
echo_session echo_session_new(ac_io io, session_done on_done, void *arg);
/* YOURS */
ac_poll echo_session_poll(ac_future *self, ac_context *cx);

typedef struct echo_server {
    ac_future base;
    ac_coro co;
    ac_tcp_listener *ln;
    unsigned max_conns; /* stop accepting after this many */
    unsigned accepted;
    session_done on_session_done; /* handed to every session */
    void *arg;
    ac_tcp_accept acc;
    int result; /* output: connections accepted, or -errno */
} echo_server;

echo_server echo_server_new(ac_tcp_listener *ln, unsigned max_conns, session_done on_session_done, void *arg);
/* YOURS: spawn each session detached (AC_SPAWN on ac_executor_current(),
 * then ac_join_release). */
ac_poll echo_server_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 4: io_copy (exercises/ex4_copy.c) ---------------------------
 *
 *        from                 buf                       to
 *   ==read==>  [ written | filled-written | free ]  ==write==>
 *              0         written          filled    cap
 *
 * Bytes read from `from` are all written to `to`, in order, before more
 * are read; across a Pending they wait in buf[written..filled).
 *   a Pending on either side -> armed = which side (the drop disarms it)
 *   end of file on `from`    -> result = total, Ready
 *   an error on either side  -> result = -errno, Ready */
enum { COPY_IDLE = 0, COPY_ARMED_READ = 1, COPY_ARMED_WRITE = 2 };

typedef struct io_copy {
    ac_future base;
    ac_io *from, *to;
    char *buf;
    size_t cap;
    size_t filled, written;
    unsigned armed; /* COPY_* : whose slot our waker is in */
    unsigned long reads, writes, pendings;
    ssize_t total;  /* bytes written to `to` so far */
    ssize_t result; /* output: total, or -errno */
} io_copy;

io_copy io_copy_new(ac_io *from, ac_io *to, void *buf, size_t cap);
ac_poll io_copy_poll(ac_future *self, ac_context *cx);

#endif
