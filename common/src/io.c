/*
 * io.c - try, EAGAIN, arm, Pending: the futures over a nonblocking fd.
 */
#include "ac/io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "executor_internal.h"
#include "reactor_internal.h"

int ac_io_open(ac_io *io, int fd)
{
    *io = ac_io_none();
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -errno;
    struct stat st;
    io->fd = fd;
    io->is_socket = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
    int type = 0;
    socklen_t type_len = sizeof type;
    io->is_stream =
        io->is_socket && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_len) == 0 && type == SOCK_STREAM;
    return 0;
}

int ac_io_close(ac_io *io)
{
    if (io->fd < 0)
        return 0;
    if (io->reactor != NULL)
        ac_reactor_deregister(io->reactor, io->fd); /* before close: no stale events */
    if (io->shared != NULL)
        ac_reactor_deregister(io->shared, io->fd);
    int rc = close(io->fd);
    io->fd = -1;
    io->reactor = NULL;
    io->shared = NULL;
    return rc < 0 ? -errno : 0;
}

/* First wait of this fd: find the runtime's reactor and register.  A
 * shared one (a multi-threaded runtime) goes to io->shared, so that
 * io->reactor stays NULL and the inline fast paths below, which read and
 * write the entry without a lock, are never taken there. */
static int io_register(ac_io *io)
{
    ac_reactor *r = ac_reactor_current();
    if (r == NULL) {
        if (ac__driverless_runtime != NULL) /* an ac_runtime worker: name the missing driver */
            ac__no_driver("ac_io", "I/O", "");
        fprintf(stderr, "ac_io: fd %d must wait, but no runtime is running on this thread\n", io->fd);
        abort();
    }
    int err = ac_reactor_register(r, io->fd);
    if (err)
        return err;
    if (r->shared != NULL)
        io->shared = r;
    else
        io->reactor = r;
    return 0;
}

int ac_io_arm(ac_io *io, ac_interest dir, ac_context *cx)
{
    if (io->shared != NULL) { /* locked, and safe against the driver's dispatch */
        ac__shared_arm(io->shared, io->fd, dir, cx->waker);
        return 0;
    }
    if (io->reactor == NULL) {
        int err = io_register(io);
        if (err)
            return err;
        if (io->shared != NULL)
            return ac_io_arm(io, dir, cx);
    }
    ac__reactor_arm(io->reactor, io->fd, dir, cx->waker);
    return 0;
}

void ac_io_disarm(ac_io *io, unsigned dir)
{
    if (io->reactor != NULL && io->fd >= 0)
        ac_reactor_disarm(io->reactor, io->fd, dir);
    if (io->shared != NULL && io->fd >= 0)
        ac_reactor_disarm(io->shared, io->fd, dir);
}

bool ac_io_ran_dry(const ac_io *io, ac_interest dir)
{
    if (io->shared != NULL) {
        ac__reactor_lock(io->shared);
        bool dry = ac__reactor_is_registered(io->shared, io->fd) &&
                   !ac__reactor_may_be_ready(io->shared, io->fd, dir);
        ac__reactor_unlock(io->shared);
        return dry;
    }
    return io->reactor != NULL && ac__reactor_is_registered(io->reactor, io->fd) &&
           !ac__reactor_may_be_ready(io->reactor, io->fd, dir);
}

/* EAGAIN: arm and wait; an error while arming is the operation's result. */
static ac_poll wait_or_fail(ac_io *io, ac_interest dir, ac_context *cx, ssize_t *result)
{
    if (io->reactor != NULL) { /* the usual case, kept inline: already registered */
        ac__reactor_arm(io->reactor, io->fd, dir, cx->waker);
        return AC_PENDING;
    }
    int err = ac_io_arm(io, dir, cx);
    if (err == 0)
        return AC_PENDING;
    *result = err;
    return AC_READY;
}

ac_poll ac_io_poll_read(ac_io *io, ac_context *cx, void *buf, size_t len, ssize_t *result)
{
    ac_reactor *r = io->reactor; /* non-NULL: io->fd is registered there */
    if (r != NULL && !ac__reactor_may_be_ready(r, io->fd, AC_READABLE)) {
        /* ran dry, no edge since: the read would say EAGAIN (see reactor.c) */
        ac__reactor_arm_entry(&r->entries[io->fd], AC_READABLE, cx->waker);
        return AC_PENDING;
    }
    if (!ac__coop_spend_or_yield(cx)) /* every read spends budget (executor.h) */
        return AC_PENDING;
    for (;;) {
        ssize_t n = read(io->fd, buf, len);
        if (n >= 0) {
            /* a stream socket that gave less than asked has an empty queue */
            if (n > 0 && (size_t)n < len && io->is_stream && r != NULL)
                ac__reactor_clear_ready(r, io->fd, AC_READABLE);
            *result = n;
            return AC_READY;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return wait_or_fail(io, AC_READABLE, cx, result);
        *result = -errno;
        return AC_READY;
    }
}

ac_poll ac_io_poll_write(ac_io *io, ac_context *cx, const void *buf, size_t len, ssize_t *result)
{
    if (!ac__coop_spend_or_yield(cx)) /* and so does every write */
        return AC_PENDING;
    for (;;) {
        /* send + MSG_NOSIGNAL: a reset peer is -EPIPE here, not a SIGPIPE */
        ssize_t n = io->is_socket ? send(io->fd, buf, len, MSG_NOSIGNAL) : write(io->fd, buf, len);
        if (n >= 0) {
            *result = n;
            return AC_READY;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return wait_or_fail(io, AC_WRITABLE, cx, result);
        *result = -errno;
        return AC_READY;
    }
}

/* ---- read_some / write_some ----------------------------------------------- */

static ac_poll read_poll(ac_future *self, ac_context *cx)
{
    ac_read *f = (ac_read *)self;
    ac_poll p = ac_io_poll_read(f->io, cx, f->buf, f->len, &f->result);
    f->armed = p == AC_PENDING;
    return p;
}

static void read_drop(ac_future *self)
{
    ac_read *f = (ac_read *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable read_vtable = {
    .name = "read_some", .poll = read_poll, .drop = read_drop, AC_OUTPUT(ac_read, result)};

ac_read ac_read_some(ac_io *io, void *buf, size_t len)
{
    return (ac_read){.base = {&read_vtable}, .io = io, .buf = buf, .len = len};
}

static ac_poll write_poll(ac_future *self, ac_context *cx)
{
    ac_write *f = (ac_write *)self;
    ac_poll p = ac_io_poll_write(f->io, cx, f->buf, f->len, &f->result);
    f->armed = p == AC_PENDING;
    return p;
}

static void write_drop(ac_future *self)
{
    ac_write *f = (ac_write *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_WRITABLE);
    f->armed = false;
}

static const ac_future_vtable write_vtable = {
    .name = "write_some", .poll = write_poll, .drop = write_drop, AC_OUTPUT(ac_write, result)};

ac_write ac_write_some(ac_io *io, const void *buf, size_t len)
{
    return (ac_write){.base = {&write_vtable}, .io = io, .buf = buf, .len = len};
}

/* ---- read_exact / write_all ------------------------------------------------ */

static ac_poll read_exact_poll(ac_future *self, ac_context *cx)
{
    ac_read_exact *f = (ac_read_exact *)self;
    f->armed = false;
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_read(f->io, cx, f->buf + f->done, f->len - f->done, &n) == AC_PENDING) {
            f->armed = true;
            return AC_PENDING;
        }
        if (n <= 0) {
            f->result = n < 0 ? n : (ssize_t)f->done; /* error, or EOF after `done` bytes */
            return AC_READY;
        }
        f->done += (size_t)n;
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}

static void read_exact_drop(ac_future *self)
{
    ac_read_exact *f = (ac_read_exact *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable read_exact_vtable = {
    .name = "read_exact", .poll = read_exact_poll, .drop = read_exact_drop, AC_OUTPUT(ac_read_exact, result)};

ac_read_exact ac_read_exact_into(ac_io *io, void *buf, size_t len)
{
    return (ac_read_exact){.base = {&read_exact_vtable}, .io = io, .buf = buf, .len = len};
}

static ac_poll write_all_poll(ac_future *self, ac_context *cx)
{
    ac_write_all *f = (ac_write_all *)self;
    f->armed = false;
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_write(f->io, cx, f->buf + f->done, f->len - f->done, &n) == AC_PENDING) {
            f->armed = true;
            return AC_PENDING;
        }
        if (n < 0) {
            f->result = n;
            return AC_READY;
        }
        f->done += (size_t)n;
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}

static void write_all_drop(ac_future *self)
{
    ac_write_all *f = (ac_write_all *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_WRITABLE);
    f->armed = false;
}

static const ac_future_vtable write_all_vtable = {
    .name = "write_all", .poll = write_all_poll, .drop = write_all_drop, AC_OUTPUT(ac_write_all, result)};

ac_write_all ac_write_all_from(ac_io *io, const void *buf, size_t len)
{
    return (ac_write_all){.base = {&write_all_vtable}, .io = io, .buf = buf, .len = len};
}

/* ---- copy ------------------------------------------------------------------ */

/* Alternate: drain the buffer into `to`, then refill it from `from`. */
static ac_poll copy_poll(ac_future *self, ac_context *cx)
{
    ac_copy *f = (ac_copy *)self;
    f->armed = 0;
    for (;;) {
        while (f->written < f->filled) {
            ssize_t n;
            if (ac_io_poll_write(f->to, cx, f->buf + f->written, f->filled - f->written, &n) == AC_PENDING) {
                f->armed = 2;
                return AC_PENDING;
            }
            if (n < 0) {
                f->result = n;
                return AC_READY;
            }
            f->written += (size_t)n;
            f->total += n;
        }
        f->filled = f->written = 0;
        ssize_t n;
        if (ac_io_poll_read(f->from, cx, f->buf, f->cap, &n) == AC_PENDING) {
            f->armed = 1;
            return AC_PENDING;
        }
        if (n <= 0) {
            f->result = n < 0 ? n : f->total;
            return AC_READY;
        }
        f->filled = (size_t)n;
    }
}

static void copy_drop(ac_future *self)
{
    ac_copy *f = (ac_copy *)self;
    if (f->armed == 1)
        ac_io_disarm(f->from, AC_READABLE);
    else if (f->armed == 2)
        ac_io_disarm(f->to, AC_WRITABLE);
    f->armed = 0;
}

static const ac_future_vtable copy_vtable = {
    .name = "copy", .poll = copy_poll, .drop = copy_drop, AC_OUTPUT(ac_copy, result)};

ac_copy ac_copy_through(ac_io *from, ac_io *to, void *buf, size_t cap)
{
    return (ac_copy){.base = {&copy_vtable}, .from = from, .to = to, .buf = buf, .cap = cap};
}

/* ---- readiness only ---------------------------------------------------------- */

static ac_poll ready_poll(ac_future *self, ac_context *cx)
{
    ac_ready *f = (ac_ready *)self;
    struct pollfd p = {.fd = f->io->fd, .events = f->dir == AC_READABLE ? POLLIN : POLLOUT};
    int n;
    do {
        n = poll(&p, 1, 0); /* the edge may have passed already: ask the level */
    } while (n < 0 && errno == EINTR);
    f->armed = false;
    if (n != 0) {
        f->result = n < 0 ? -errno : 0;
        return AC_READY;
    }
    int err = ac_io_arm(f->io, f->dir, cx);
    if (err) {
        f->result = err;
        return AC_READY;
    }
    f->armed = true;
    return AC_PENDING;
}

static void ready_drop(ac_future *self)
{
    ac_ready *f = (ac_ready *)self;
    if (f->armed)
        ac_io_disarm(f->io, f->dir);
    f->armed = false;
}

static const ac_future_vtable ready_vtable = {
    .name = "io_ready", .poll = ready_poll, .drop = ready_drop, AC_OUTPUT(ac_ready, result)};

ac_ready ac_ready_for(ac_io *io, ac_interest dir)
{
    return (ac_ready){.base = {&ready_vtable}, .io = io, .dir = dir};
}
