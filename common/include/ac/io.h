/*
 * io.h - layer 4: futures that read and write a nonblocking fd.
 *
 * An `ac_io` is an fd plus the reactor it is registered with (none until
 * the first time an operation has to wait: registration is lazy, so an
 * ac_io can be made before any runtime runs).  Every operation follows the
 * same four steps, in ac_io_poll_read / ac_io_poll_write:
 *
 *      +-----------+  data / error   +---------------------------+
 *      | try the   |---------------->| Ready(n or -errno)        |
 *      | syscall   |                 +---------------------------+
 *      +-----------+
 *            | EAGAIN
 *            v
 *      register fd (first time) -> arm the read or write slot -> Pending
 *            ^                                                    |
 *            +---------------- reactor wakes the task ------------+
 *
 * Results follow libuv: a count of bytes >= 0, or a NEGATIVE errno
 * (-ECONNRESET, -EPIPE, ...).  Writes to sockets use send(MSG_NOSIGNAL),
 * so a peer that went away is -EPIPE, never a SIGPIPE that kills the
 * process.  (Plain pipes cannot do that: ignore SIGPIPE if you write pipes.)
 * EINTR is retried inside the operation.
 *
 * Fairness inside one task: one poll of a task may complete AC_IO_BUDGET
 * (executor.h) reads and writes; the next one yields (wakes the task,
 * returns Pending) so a peer that never lets the socket run dry cannot
 * make one task hog the thread.  A Pending from the budget has not armed
 * anything; the task is simply queued again.
 *
 * Cancellation safety (dropping the future before it is Ready, as a
 * select loop does to its losers; docs/24-cancellation-safety.md):
 *   ac_read, ac_write  safe: one syscall per completed poll, and the bytes
 *                      it moved are reported by that same poll
 *   ac_ready           safe: no I/O happens
 *   ac_read_exact      NOT safe: the bytes already read are in buf, but
 *                      how many is lost with the future; keep it across
 *                      iterations (AC_KEEP) or read with ac_read_some
 *   ac_write_all       NOT safe: an unknown prefix was written; the peer
 *                      sees half a message
 *   ac_copy            NOT safe: bytes read but not yet written are lost
 *
 * Futures hold a POINTER to their ac_io and to their buffer: both must
 * stay put and alive until the future is Ready or dropped.  A dropped
 * future disarms its slot.  Close with ac_io_close(), which deregisters
 * BEFORE closing, and close every ac_io before ac_executor_close().
 */
#ifndef AC_IO_H
#define AC_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ac/future.h"
#include "ac/reactor.h"

typedef struct ac_io {
    /* read-only */
    int fd;              /* -1 once closed */
    bool is_socket;      /* write with send(MSG_NOSIGNAL) */
    bool is_stream;      /* a stream socket: a short read means it ran dry */
    ac_reactor *reactor; /* where fd is registered, NULL until needed */
    /* private: where fd is registered on a multi-threaded runtime's shared
     * driver.  `reactor` stays NULL there, so the single-threaded inline
     * fast paths never touch a table other threads change. */
    ac_reactor *shared;
} ac_io;

/* Adopt fd: make it O_NONBLOCK.  0 or -errno (fd is left open either way). */
int ac_io_open(ac_io *io, int fd);
/* An ac_io that holds nothing; ac_io_close on it is a no-op. */
static inline ac_io ac_io_none(void) { return (ac_io){.fd = -1}; }
/* Deregister, then close.  Idempotent.  0 or -errno from close(2). */
int ac_io_close(ac_io *io);

/* One nonblocking read/write, waiting when the kernel says EAGAIN.  Ready
 * sets *result to bytes moved (0 = end of file for a read) or -errno;
 * Pending means the slot is armed with cx's waker (or the budget ran out
 * and the task was woken to run again later).  The building block of
 * every future below, and of your own. */
ac_poll ac_io_poll_read(ac_io *io, ac_context *cx, void *buf, size_t len, ssize_t *result);
ac_poll ac_io_poll_write(ac_io *io, ac_context *cx, const void *buf, size_t len, ssize_t *result);
/* Arm io's `dir` slot with cx's waker (registering io first if needed).
 * For futures that run their own syscall (accept, connect, recvfrom):
 * call it after the syscall said EAGAIN, then return Pending.  0 or -errno
 * (the registration failed: make that the future's result). */
int ac_io_arm(ac_io *io, ac_interest dir, ac_context *cx);
/* Disarm `dir` (a mask) if io is registered: the drop of an armed future. */
void ac_io_disarm(ac_io *io, unsigned dir);
/* True when the reactor knows io ran dry in `dir` (EAGAIN, or a short read
 * of a stream socket) and has seen no edge since: the next operation arms
 * at once, without a syscall.  For demos and tests that show it. */
bool ac_io_ran_dry(const ac_io *io, ac_interest dir);

/* ---- futures ---------------------------------------------------------- */

/* Read once: up to len bytes.  result: n > 0, 0 at end of file, or -errno. */
typedef struct ac_read {
    /* private */
    ac_future base;
    ac_io *io;
    void *buf;
    size_t len;
    bool armed;
    /* public */
    ssize_t result;
} ac_read;
ac_read ac_read_some(ac_io *io, void *buf, size_t len);

/* Write once: some of buf.  result: n > 0 bytes written, or -errno. */
typedef struct ac_write {
    /* private */
    ac_future base;
    ac_io *io;
    const void *buf;
    size_t len;
    bool armed;
    /* public */
    ssize_t result;
} ac_write;
ac_write ac_write_some(ac_io *io, const void *buf, size_t len);

/* Fill buf completely.  result: len; or 0 <= n < len when the peer closed
 * after n bytes (unexpected end of file); or -errno. */
typedef struct ac_read_exact {
    /* private */
    ac_future base;
    ac_io *io;
    char *buf;
    size_t len, done;
    bool armed;
    /* public */
    ssize_t result;
} ac_read_exact;
ac_read_exact ac_read_exact_into(ac_io *io, void *buf, size_t len);

/* Write all of buf, however many writes it takes.  result: len or -errno. */
typedef struct ac_write_all {
    /* private */
    ac_future base;
    ac_io *io;
    const char *buf;
    size_t len, done;
    bool armed;
    /* public */
    ssize_t result;
} ac_write_all;
ac_write_all ac_write_all_from(ac_io *io, const void *buf, size_t len);

/* Copy from `from` to `to` until end of file on `from`, through the
 * caller's buffer.  result: total bytes copied, or -errno from either side. */
typedef struct ac_copy {
    /* private */
    ac_future base;
    /* public */
    ac_io *from, *to;
    /* private */
    char *buf;
    size_t cap;
    size_t filled, written; /* buf[written..filled) still to write */
    unsigned armed;         /* 1: armed on from (read), 2: on to (write) */
    ssize_t total;
    /* public */
    ssize_t result;
} ac_copy;
ac_copy ac_copy_through(ac_io *from, ac_io *to, void *buf, size_t cap);

/* Wait until io is readable or writable (`dir`), without doing I/O: first
 * asks poll(2) with a zero timeout (the edge may have gone by already),
 * then arms.  result: 0, or -errno.  For fds you drive yourself. */
typedef struct ac_ready {
    /* private */
    ac_future base;
    ac_io *io;
    ac_interest dir;
    bool armed;
    /* public */
    int result;
} ac_ready;
ac_ready ac_ready_for(ac_io *io, ac_interest dir);

#endif
