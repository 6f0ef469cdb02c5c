/*
 * demo_readwrite.c - the two building blocks, one call per line: a task
 * that offers 16 KiB writes to a socket with a small send buffer, and a
 * task that reads 8 KiB per poll.  Short writes, EAGAIN and the wakes
 * that connect the two show up in order.
 */
#include <stdio.h>
#include <sys/socket.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"
#include "given_pairs.h"

#define TOTAL (64 * 1024)
#define OFFER (16 * 1024)
#define TAKE  (8 * 1024)

typedef struct pump {
    ac_future base;
    ac_io *io;
    size_t sent;
    unsigned polls;
    char chunk[OFFER];
} pump;

static ac_poll pump_poll(ac_future *self, ac_context *cx)
{
    pump *p = (pump *)self;
    p->polls++;
    while (p->sent < TOTAL) {
        size_t offer = TOTAL - p->sent < OFFER ? TOTAL - p->sent : OFFER;
        ssize_t n;
        if (ac_io_poll_write(p->io, cx, p->chunk, offer, &n) == AC_PENDING) {
            if (ac_reactor_is_armed(p->io->reactor, p->io->fd, AC_WRITABLE))
                printf("  writer poll %u: write(%5zu) -> EAGAIN: buffer full, armed WRITABLE, Pending\n",
                       p->polls, offer);
            else
                printf("  writer poll %u: I/O budget used up: woken at once, Pending\n", p->polls);
            return AC_PENDING;
        }
        if (n < 0) {
            printf("  writer: error %zd\n", n);
            return AC_READY;
        }
        p->sent += (size_t)n;
        printf("  writer poll %u: write(%5zu) -> %5zd%s   (sent %zu of %d)\n", p->polls, offer, n,
               (size_t)n < offer ? " short!" : "       ", p->sent, TOTAL);
    }
    shutdown(p->io->fd, SHUT_WR);
    printf("  writer: all sent; shutdown(SHUT_WR) = end of file for the reader; Ready\n");
    return AC_READY;
}
static const ac_future_vtable pump_vtable = {.name = "pump", .poll = pump_poll};

typedef struct drain {
    ac_future base;
    ac_io *io;
    size_t got;
    unsigned polls;
    char buf[TAKE];
} drain;

static ac_poll drain_poll(ac_future *self, ac_context *cx)
{
    drain *d = (drain *)self;
    d->polls++;
    ssize_t n;
    /* does the reactor know the socket ran dry, with no event since? */
    bool dry = ac_io_ran_dry(d->io, AC_READABLE);
    if (ac_io_poll_read(d->io, cx, d->buf, sizeof d->buf, &n) == AC_PENDING) {
        if (dry)
            printf("  reader poll %u: no read(): it ran dry and no event came since; armed READABLE, "
                   "Pending\n",
                   d->polls);
        else if (ac_reactor_is_armed(d->io->reactor, d->io->fd, AC_READABLE))
            printf("  reader poll %u: read(%d) -> EAGAIN: armed READABLE, Pending\n", d->polls, TAKE);
        else
            printf("  reader poll %u: I/O budget used up: woken at once, Pending\n", d->polls);
        return AC_PENDING;
    }
    if (n <= 0) {
        printf("  reader poll %u: read(%d) -> %zd: end of file; Ready with %zu bytes\n", d->polls, TAKE, n,
               d->got);
        return AC_READY;
    }
    d->got += (size_t)n;
    printf("  reader poll %u: read(%d) -> %5zd         (got %zu)   ...yields\n", d->polls, TAKE, n, d->got);
    ac_waker_wake_by_ref(cx->waker); /* one read per poll, so the two interleave */
    return AC_PENDING;
}
static const ac_future_vtable drain_vtable = {.name = "drain", .poll = drain_poll, AC_OUTPUT(drain, got)};

int demo_readwrite(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "%s: takes no arguments\n", argv[0]);
        return 2;
    }
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_io a, b;
    if (io_socket_pair(&a, &b) != 0) {
        ac_executor_close(&ex);
        return 1;
    }
    int size = 4096;
    setsockopt(b.fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    printf("A socket pair; the writer's send buffer is set to 4 KiB.  The writer offers\n"
           "%d KiB in %d KiB writes; the reader takes %d KiB per poll.\n\n",
           TOTAL / 1024, OFFER / 1024, TAKE / 1024);
    static pump p; /* 16 KiB of chunk: keep it off the stack */
    p = (pump){.base = {&pump_vtable}, .io = &b};
    static drain d;
    d = (drain){.base = {&drain_vtable}, .io = &a};
    ac_join_handle hp = AC_SPAWN(&ex, p), hd = AC_SPAWN(&ex, d);
    ac_executor_run(&ex);
    size_t *out = ac_join_output(&hd);
    size_t got = out ? *out : 0;
    ac_join_release(&hp);
    ac_join_release(&hd);
    ac_reactor *r = ac_reactor_get(&ex);
    printf("\nreader got %zu of %d bytes; reactor: %llu waits, %llu wakes\n", got, TOTAL,
           r ? (unsigned long long)r->stats.waits : 0ULL, r ? (unsigned long long)r->stats.wakes : 0ULL);
    ac_io_close(&a);
    ac_io_close(&b);
    ac_executor_close(&ex);
    if (got != TOTAL)
        return 1;
    printf("\nTakeaway: one read or write moves SOME bytes - as many as the kernel has\n"
           "room or data for - and EAGAIN means \"arm and come back\".  Everything in\n"
           "this lesson is a loop around these two calls.\n");
    return 0;
}
