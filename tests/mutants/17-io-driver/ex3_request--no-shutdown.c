/*
 * Mutant of ex3_request.c: never shuts the write side: the peer reads until an end of file that never comes,
 * and both wait forever.  Caught (hang watchdog) by a_request_gets_its_reply.
 */
#include <errno.h>
#include <sys/socket.h>

#include "lesson.h"

ac_poll request_poll(ac_future *self, ac_context *cx)
{
    request *f = (request *)self;
    ssize_t n = 0;
    while (f->sent < f->req_len) {
        if (ac_io_poll_write(f->io, cx, f->req + f->sent, f->req_len - f->sent, &n) == AC_PENDING) {
            f->armed = AC_WRITABLE;
            return AC_PENDING;
        }
        if (n < 0) { /* -EPIPE: write-closed, the peer reads no more */
            f->armed = 0;
            f->result = n;
            return AC_READY;
        }
        f->sent += (size_t)n; /* a short write is normal: go round again */
    }
    if (!f->shut) {
        if (0) {
            f->armed = 0;
            f->result = -errno;
            return AC_READY;
        }
        f->shut = true; /* the peer's read now ends; ours stays open */
    }
    for (;;) {
        if (f->got == f->cap) {
            char probe;
            if (ac_io_poll_read(f->io, cx, &probe, 1, &n) == AC_PENDING) {
                f->armed = AC_READABLE;
                return AC_PENDING;
            }
            f->armed = 0;
            f->result = n == 0 ? (ssize_t)f->got : n < 0 ? n : -EMSGSIZE;
            return AC_READY;
        }
        if (ac_io_poll_read(f->io, cx, f->reply + f->got, f->cap - f->got, &n) == AC_PENDING) {
            f->armed = AC_READABLE;
            return AC_PENDING;
        }
        if (n <= 0) { /* 0: the reply is whole (read-closed); < 0: -ECONNRESET */
            f->armed = 0;
            f->result = n == 0 ? (ssize_t)f->got : n;
            return AC_READY;
        }
        f->got += (size_t)n;
    }
}
