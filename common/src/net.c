/*
 * net.c - TCP and UDP sockets: addresses, listen/accept, connect, UDP
 * datagrams.  Reading and writing streams is io.c's job.
 */
#include "ac/net.h"

#include "ac/executor.h"

#include "executor_internal.h" /* the I/O budget */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- addresses ------------------------------------------------------------ */

int ac_addr_parse(ac_addr *a, const char *ip, uint16_t port)
{
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, ip, &a->u.in.sin_addr) == 1) {
        a->u.in.sin_family = AF_INET;
        a->u.in.sin_port = htons(port);
        a->len = sizeof a->u.in;
        return 0;
    }
    if (inet_pton(AF_INET6, ip, &a->u.in6.sin6_addr) == 1) {
        a->u.in6.sin6_family = AF_INET6;
        a->u.in6.sin6_port = htons(port);
        a->len = sizeof a->u.in6;
        return 0;
    }
    return -EINVAL;
}

uint16_t ac_addr_port(const ac_addr *a)
{
    if (a->u.sa.sa_family == AF_INET)
        return ntohs(a->u.in.sin_port);
    if (a->u.sa.sa_family == AF_INET6)
        return ntohs(a->u.in6.sin6_port);
    return 0;
}

char *ac_addr_format(const ac_addr *a, char *buf, size_t size)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    if (a->u.sa.sa_family == AF_INET) {
        inet_ntop(AF_INET, &a->u.in.sin_addr, ip, sizeof ip);
        snprintf(buf, size, "%s:%u", ip, ac_addr_port(a));
    } else if (a->u.sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &a->u.in6.sin6_addr, ip, sizeof ip);
        snprintf(buf, size, "[%s]:%u", ip, ac_addr_port(a));
    } else {
        snprintf(buf, size, "(no address)");
    }
    return buf;
}

/* A nonblocking, close-on-exec socket bound to ip:port, wrapped in io;
 * `local` gets the real bound address (port 0 becomes a number). */
static int bound_socket(ac_io *io, ac_addr *local, int type, const char *ip, uint16_t port)
{
    *io = ac_io_none();
    int err = ac_addr_parse(local, ip, port);
    if (err)
        return err;
    int fd = socket(local->u.sa.sa_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, &local->u.sa, local->len) < 0 || getsockname(fd, &local->u.sa, &local->len) < 0) {
        err = -errno;
        close(fd);
        return err;
    }
    io->fd = fd;
    io->is_socket = true;
    io->is_stream = type == SOCK_STREAM;
    return 0;
}

/* ---- TCP listener and accept ------------------------------------------- */

int ac_tcp_listen(ac_tcp_listener *ln, const char *ip, uint16_t port, int backlog)
{
    int err = bound_socket(&ln->io, &ln->local, SOCK_STREAM, ip, port);
    if (err)
        return err;
    if (listen(ln->io.fd, backlog > 0 ? backlog : SOMAXCONN) < 0) {
        err = -errno;
        ac_io_close(&ln->io);
        return err;
    }
    return 0;
}

int ac_tcp_listener_adopt(ac_tcp_listener *ln, int fd)
{
    int err = ac_io_open(&ln->io, fd);
    ln->local.len = sizeof ln->local.u;
    if (err == 0 && getsockname(fd, &ln->local.u.sa, &ln->local.len) < 0)
        err = -errno;
    if (err)
        ln->io = ac_io_none(); /* fd stays the caller's */
    return err;
}

void ac_tcp_listener_close(ac_tcp_listener *ln) { ac_io_close(&ln->io); }

/* Errors accept4 may report for ONE failed connection (it was reset while
 * queued, ...): skip it and take the next, as the man page advises. */
static bool accept_transient(int err)
{
    return err == ECONNABORTED || err == EPROTO || err == ENETDOWN || err == ENOPROTOOPT ||
           err == EHOSTDOWN || err == ENONET || err == EHOSTUNREACH || err == EOPNOTSUPP ||
           err == ENETUNREACH || err == EINTR;
}

static ac_poll accept_poll(ac_future *self, ac_context *cx)
{
    ac_tcp_accept *f = (ac_tcp_accept *)self;
    f->armed = false;
    if (!ac__coop_spend_or_yield(cx)) /* a flood of connections is I/O too */
        return AC_PENDING;
    for (;;) {
        ac_tcp_result *r = &f->result;
        r->peer.len = sizeof r->peer.u;
        int fd = accept4(f->ln->io.fd, &r->peer.u.sa, &r->peer.len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            r->err = 0;
            r->stream.io = (ac_io){.fd = fd, .is_socket = true, .is_stream = true};
            return AC_READY;
        }
        if (accept_transient(errno))
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int err = ac_io_arm(&f->ln->io, AC_READABLE, cx);
            if (err == 0) {
                f->armed = true;
                return AC_PENDING;
            }
            errno = -err;
        }
        r->err = -errno;
        r->stream.io = ac_io_none();
        return AC_READY;
    }
}

static void accept_drop(ac_future *self)
{
    ac_tcp_accept *f = (ac_tcp_accept *)self;
    if (f->armed)
        ac_io_disarm(&f->ln->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable accept_vtable = {
    .name = "tcp_accept", .poll = accept_poll, .drop = accept_drop, AC_OUTPUT(ac_tcp_accept, result)};

ac_tcp_accept ac_tcp_accept_on(ac_tcp_listener *ln)
{
    return (ac_tcp_accept){.base = {&accept_vtable}, .ln = ln, .result = {.stream = {ac_io_none()}}};
}

/* ---- TCP connect --------------------------------------------------------- */

/*
 *   first poll: socket() + connect() --> 0: Ready (loopback can be instant)
 *                                    --> EINPROGRESS: arm WRITABLE, Pending
 *   woken:      getsockopt(SO_ERROR) --> 0: Ready / error: Ready(-err)
 */
static ac_poll connect_poll(ac_future *self, ac_context *cx)
{
    ac_tcp_connect *f = (ac_tcp_connect *)self;
    ac_tcp_result *r = &f->result;
    ac_io *io = &r->stream.io;
    f->armed = false;
    int err = 0;
    if (!f->started) {
        f->started = true;
        int fd = socket(f->addr.u.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            r->err = -errno;
            return AC_READY;
        }
        *io = (ac_io){.fd = fd, .is_socket = true, .is_stream = true};
        r->peer = f->addr;
        int rc;
        do {
            rc = connect(fd, &f->addr.u.sa, f->addr.len);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            r->err = 0;
            return AC_READY;
        }
        err = errno == EINPROGRESS ? EINPROGRESS : errno;
    } else {
        socklen_t len = sizeof err;
        if (getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
            err = errno;
        if (err == 0) {
            /* woken by a writable edge: connected.  A spurious wake with the
             * handshake still running shows as ENOTCONN from getpeername. */
            struct sockaddr_storage ss;
            socklen_t sl = sizeof ss;
            if (getpeername(io->fd, (struct sockaddr *)&ss, &sl) < 0)
                err = errno == ENOTCONN ? EINPROGRESS : errno;
        }
    }
    if (err == EINPROGRESS) {
        int e = ac_io_arm(io, AC_WRITABLE, cx);
        if (e == 0) {
            f->armed = true;
            return AC_PENDING;
        }
        err = -e;
    }
    if (err != 0) {
        ac_io_close(io);
        r->err = -err;
        return AC_READY;
    }
    r->err = 0;
    return AC_READY;
}

static void connect_drop(ac_future *self)
{
    ac_tcp_connect *f = (ac_tcp_connect *)self;
    ac_io_close(&f->result.stream.io); /* deregisters, so the armed slot goes too */
    f->armed = false;
}

static const ac_future_vtable connect_vtable = {
    .name = "tcp_connect", .poll = connect_poll, .drop = connect_drop, AC_OUTPUT(ac_tcp_connect, result)};

ac_tcp_connect ac_tcp_connect_to(const ac_addr *addr)
{
    return (ac_tcp_connect){
        .base = {&connect_vtable}, .addr = *addr, .result = {.err = -EINPROGRESS, .stream = {ac_io_none()}}};
}

/* ---- TCP stream helpers ------------------------------------------------- */

int ac_tcp_shutdown(ac_tcp_stream *s, int how) { return shutdown(s->io.fd, how) < 0 ? -errno : 0; }

int ac_tcp_set_nodelay(ac_tcp_stream *s, bool on)
{
    int v = on;
    return setsockopt(s->io.fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) < 0 ? -errno : 0;
}

void ac_tcp_close(ac_tcp_stream *s) { ac_io_close(&s->io); }

void ac_tcp_close_reset(ac_tcp_stream *s)
{
    if (s->io.fd >= 0) {
        /* linger on, for 0 seconds: close(2) drops the queue and sends RST */
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        setsockopt(s->io.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    ac_io_close(&s->io);
}

/* ---- UDP ------------------------------------------------------------------ */

int ac_udp_bind(ac_udp_socket *u, const char *ip, uint16_t port)
{
    return bound_socket(&u->io, &u->local, SOCK_DGRAM, ip, port);
}

void ac_udp_close(ac_udp_socket *u) { ac_io_close(&u->io); }

/* After a datagram syscall failed: retry on EINTR (returns -1), wait for
 * the socket on EAGAIN (Pending, *armed set), or finish with -errno. */
static int udp_failed(ac_udp_socket *u, ac_interest dir, ac_context *cx, bool *armed, ssize_t *result)
{
    if (errno == EINTR)
        return -1;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
        int err = ac_io_arm(&u->io, dir, cx);
        if (err == 0) {
            *armed = true;
            return AC_PENDING;
        }
        errno = -err;
    }
    *result = -errno;
    return AC_READY;
}

static ac_poll udp_send_poll(ac_future *self, ac_context *cx)
{
    ac_udp_send *f = (ac_udp_send *)self;
    f->armed = false;
    if (!ac__coop_spend_or_yield(cx)) /* every datagram spends budget (executor.h) */
        return AC_PENDING;
    for (;;) {
        ssize_t n = sendto(f->u->io.fd, f->buf, f->len, MSG_NOSIGNAL, &f->to.u.sa, f->to.len);
        if (n >= 0) {
            f->result = n;
            return AC_READY;
        }
        int r = udp_failed(f->u, AC_WRITABLE, cx, &f->armed, &f->result);
        if (r >= 0)
            return (ac_poll)r;
    }
}

static void udp_send_drop(ac_future *self)
{
    ac_udp_send *f = (ac_udp_send *)self;
    if (f->armed)
        ac_io_disarm(&f->u->io, AC_WRITABLE);
    f->armed = false;
}

static const ac_future_vtable udp_send_vtable = {
    .name = "udp_send_to", .poll = udp_send_poll, .drop = udp_send_drop, AC_OUTPUT(ac_udp_send, result)};

ac_udp_send ac_udp_send_to(ac_udp_socket *u, const void *buf, size_t len, const ac_addr *to)
{
    return (ac_udp_send){.base = {&udp_send_vtable}, .u = u, .buf = buf, .len = len, .to = *to};
}

static ac_poll udp_recv_poll(ac_future *self, ac_context *cx)
{
    ac_udp_recv *f = (ac_udp_recv *)self;
    f->armed = false;
    if (!ac__coop_spend_or_yield(cx))
        return AC_PENDING;
    for (;;) {
        f->from.len = sizeof f->from.u;
        ssize_t n = recvfrom(f->u->io.fd, f->buf, f->cap, 0, &f->from.u.sa, &f->from.len);
        if (n >= 0) {
            f->result = n;
            return AC_READY;
        }
        int r = udp_failed(f->u, AC_READABLE, cx, &f->armed, &f->result);
        if (r >= 0)
            return (ac_poll)r;
    }
}

static void udp_recv_drop(ac_future *self)
{
    ac_udp_recv *f = (ac_udp_recv *)self;
    if (f->armed)
        ac_io_disarm(&f->u->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable udp_recv_vtable = {
    .name = "udp_recv_from", .poll = udp_recv_poll, .drop = udp_recv_drop, AC_OUTPUT(ac_udp_recv, result)};

ac_udp_recv ac_udp_recv_from(ac_udp_socket *u, void *buf, size_t cap)
{
    return (ac_udp_recv){.base = {&udp_recv_vtable}, .u = u, .buf = buf, .cap = cap};
}
