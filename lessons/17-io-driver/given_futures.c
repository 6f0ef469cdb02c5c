/*
 * given_futures.c - the given parts of lesson 17's futures (vtables,
 * constructors, drops) and the small futures the demos and checks use to
 * drive them.  You write retry_read_poll and request_poll.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "lesson.h"

/* ---- exercise 2 ---------------------------------------------------------- */

/* A read dropped while waiting takes its waker out of the reactor. */
static void retry_read_drop(ac_future *self)
{
    retry_read *f = (retry_read *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable retry_read_vtable = {
    .name = "retry_read", .poll = retry_read_poll, .drop = retry_read_drop, AC_OUTPUT(retry_read, result)};

retry_read retry_read_new(ac_io *io, void *buf, size_t cap)
{
    return (retry_read){.base = {&retry_read_vtable}, .io = io, .buf = buf, .cap = cap};
}

/* ---- exercise 3 ---------------------------------------------------------- */

static void request_drop(ac_future *self)
{
    request *f = (request *)self;
    if (f->armed)
        ac_io_disarm(f->io, f->armed);
    f->armed = 0;
}

static const ac_future_vtable request_vtable = {
    .name = "request", .poll = request_poll, .drop = request_drop, AC_OUTPUT(request, result)};

request request_new(ac_io *io, const void *req, size_t req_len, void *reply, size_t cap)
{
    return (request){
        .base = {&request_vtable}, .io = io, .req = req, .req_len = req_len, .reply = reply, .cap = cap};
}

/* ---- by_ref and poker ------------------------------------------------------ */

static ac_poll by_ref_poll(ac_future *self, ac_context *cx)
{
    by_ref *b = (by_ref *)self;
    if (ac_future_poll(b->inner, cx) == AC_PENDING)
        return AC_PENDING;
    b->done = true;
    return AC_READY;
}

/* A task dropped before its future finished drops that future too. */
static void by_ref_drop(ac_future *self)
{
    by_ref *b = (by_ref *)self;
    if (!b->done)
        ac_future_drop(b->inner);
}

static const ac_future_vtable by_ref_vtable = {.name = "by_ref", .poll = by_ref_poll, .drop = by_ref_drop};

by_ref by_ref_of(ac_future *inner) { return (by_ref){.base = {&by_ref_vtable}, .inner = inner}; }

static ac_poll poker_poll(ac_future *self, ac_context *cx)
{
    poker *p = (poker *)self;
    if (ac_future_poll(p->inner, cx) == AC_READY) {
        p->done = true;
        return AC_READY;
    }
    if (p->pokes > 0) {
        p->pokes--;
        ac_waker_wake_by_ref(cx->waker); /* "try again": no byte came with it */
    }
    return AC_PENDING;
}

static void poker_drop(ac_future *self)
{
    poker *p = (poker *)self;
    if (!p->done)
        ac_future_drop(p->inner);
}

static const ac_future_vtable poker_vtable = {.name = "poker", .poll = poker_poll, .drop = poker_drop};

poker poker_of(ac_future *inner, unsigned pokes)
{
    return (poker){.base = {&poker_vtable}, .inner = inner, .pokes = pokes};
}

/* ---- later_write ------------------------------------------------------------ */

static ac_poll later_write_poll(ac_future *self, ac_context *cx)
{
    later_write *l = (later_write *)self;
    l->started = true;
    if (ac_future_poll(&l->sleep.base, cx) == AC_PENDING)
        return AC_PENDING;
    l->started = false;
    ssize_t n = write(l->fd, l->msg, l->len);
    l->result = n < 0 ? -errno : n;
    return AC_READY;
}

/* Dropped before its time: stop the sleep's timer. */
static void later_write_drop(ac_future *self)
{
    later_write *l = (later_write *)self;
    if (l->started)
        ac_future_drop(&l->sleep.base);
}

static const ac_future_vtable later_write_vtable = {.name = "later_write",
                                                    .poll = later_write_poll,
                                                    .drop = later_write_drop,
                                                    AC_OUTPUT(later_write, result)};

later_write later_write_new(int fd, const char *msg, size_t len, ac_nanos delay)
{
    return (later_write){
        .base = {&later_write_vtable}, .sleep = ac_sleep_for(delay), .fd = fd, .msg = msg, .len = len};
}

/* ---- upper_peer ------------------------------------------------------------- */

/* Read until EOF, then answer, then close: the far end of exercise 3. */
static ac_poll upper_peer_poll(ac_future *self, ac_context *cx)
{
    upper_peer *p = (upper_peer *)self;
    ssize_t n = 0;
    if (p->buf == NULL) {
        p->result = -ENOMEM;
        goto done;
    }
    while (p->reading) {
        char scratch[4096];
        bool fits = p->got < UPPER_PEER_CAP;
        char *into = fits ? p->buf + p->got : scratch;
        size_t room = fits ? UPPER_PEER_CAP - p->got : sizeof scratch;
        if (ac_io_poll_read(&p->io, cx, into, room, &n) == AC_PENDING)
            return AC_PENDING;
        if (n < 0) {
            p->result = n;
            goto done;
        }
        if (n == 0) {
            p->reading = false; /* the request is whole: our peer shut its write side */
            break;
        }
        p->got += (size_t)n;
    }
    const char *out = p->reply != NULL ? p->reply : p->buf;
    size_t len = p->reply != NULL ? p->reply_len : (p->got < UPPER_PEER_CAP ? p->got : UPPER_PEER_CAP);
    if (p->reply == NULL && p->sent == 0)
        for (size_t i = 0; i < len; i++)
            p->buf[i] = (char)toupper((unsigned char)p->buf[i]);
    while (p->sent < len) {
        if (ac_io_poll_write(&p->io, cx, out + p->sent, len - p->sent, &n) == AC_PENDING)
            return AC_PENDING;
        if (n < 0) {
            p->result = n;
            goto done;
        }
        p->sent += (size_t)n;
    }
    p->result = (ssize_t)p->sent;
done:
    if (p->got_out != NULL)
        *p->got_out = p->got;
    ac_io_close(&p->io);
    free(p->buf);
    p->buf = NULL;
    return AC_READY;
}

static void upper_peer_drop(ac_future *self)
{
    upper_peer *p = (upper_peer *)self;
    ac_io_close(&p->io);
    free(p->buf);
    p->buf = NULL;
}

static const ac_future_vtable upper_peer_vtable = {
    .name = "upper_peer", .poll = upper_peer_poll, .drop = upper_peer_drop, AC_OUTPUT(upper_peer, result)};

upper_peer upper_peer_new(int fd, const char *reply, size_t reply_len, size_t *got_out)
{
    upper_peer p = {.base = {&upper_peer_vtable},
                    .reply = reply,
                    .reply_len = reply_len,
                    .reading = true,
                    .got_out = got_out};
    if (ac_io_open(&p.io, fd) != 0)
        p.io = ac_io_none();
    p.buf = malloc(UPPER_PEER_CAP);
    return p;
}
