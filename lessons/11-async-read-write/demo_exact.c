/*
 * demo_exact.c - exercises 1 and 2: a message of BYTES crosses a loopback
 * TCP connection in 100-byte chunks (write_all each, then yield), and
 * read_exact on the other end collects it across many polls.  Then the
 * sender stops half-way: read_exact reports the early end of file.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"
#include "given_pairs.h"

#define CHUNK 100

/* The sender: write_all one chunk, yield, repeat; then close. */
typedef struct sender {
    ac_future base;
    ac_coro co;
    ac_io *io;
    const char *msg;
    size_t len, stop_at; /* stop_at < len: hang up early */
    struct sent {
        size_t bytes;
        unsigned long chunks;
    } sent; /* output */
    write_all wr;
    ac_yield nap;
} sender;

static ac_poll sender_poll(ac_future *self, ac_context *cx)
{
    sender *s = (sender *)self;
    AC_BEGIN(&s->co);
    while (s->sent.bytes < s->stop_at) {
        s->wr = write_all_new(s->io, s->msg + s->sent.bytes,
                              s->stop_at - s->sent.bytes < CHUNK ? s->stop_at - s->sent.bytes : CHUNK);
        AC_AWAIT(&s->co, cx, &s->wr.base);
        if (s->wr.result < 0)
            break;
        s->sent.bytes += (size_t)s->wr.result;
        s->sent.chunks++;
        s->nap = ac_yield_now(); /* let the reader see this chunk alone */
        AC_AWAIT(&s->co, cx, &s->nap.base);
    }
    ac_io_close(s->io);
    AC_END(&s->co);
}
static const ac_future_vtable sender_vtable = {
    .name = "sender", .poll = sender_poll, AC_OUTPUT(sender, sent)};

/* read_exact, with a line of output for some of its polls */
typedef struct watched {
    ac_future base;
    read_exact *inner;
    unsigned polls;
} watched;

static ac_poll watched_poll(ac_future *self, ac_context *cx)
{
    watched *w = (watched *)self;
    ac_poll p = ac_future_poll(&w->inner->base, cx);
    w->polls++;
    if (w->polls <= 4 || w->polls % 25 == 0 || p == AC_READY)
        printf("  read_exact poll %3u: %5zu of %zu bytes  %s\n", w->polls, w->inner->done, w->inner->len,
               p == AC_READY ? "Ready" : "Pending");
    else if (w->polls == 5)
        printf("  ...\n");
    return p;
}
static const ac_future_vtable watched_vtable = {.name = "watched", .poll = watched_poll};

/* One transfer of len bytes, of which the sender sends stop_at.  Returns
 * read_exact's result; *ok tells whether the bytes read match. */
static ssize_t transfer(const char *msg, char *in, size_t len, size_t stop_at, bool *ok)
{
    ac_executor ex;
    int fds[2];
    if (ac_executor_init(&ex) != 0)
        return -1;
    if (tcp_loopback_pair(fds) != 0) {
        ac_executor_close(&ex);
        return -1;
    }
    int on = 1; /* small chunks leave at once instead of waiting to be merged */
    setsockopt(fds[0], IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    ac_io out_io, in_io;
    ac_io_open(&out_io, fds[0]);
    ac_io_open(&in_io, fds[1]);
    sender s = {.base = {&sender_vtable}, .io = &out_io, .msg = msg, .len = len, .stop_at = stop_at};
    ac_join_handle h = AC_SPAWN(&ex, s);
    read_exact r = read_exact_new(&in_io, in, len);
    watched w = {.base = {&watched_vtable}, .inner = &r};
    ac_block_on(&ex, &w.base);
    ac_executor_run(&ex);
    struct sent *done = ac_join_output(&h);
    printf("  sender: %lu chunks of <= %d bytes, %zu bytes sent\n", done ? done->chunks : 0UL, CHUNK,
           done ? done->bytes : 0);
    printf("  read_exact: %lu reads brought bytes, %lu Pendings, result %zd\n", r.reads, r.pendings,
           r.result);
    *ok = memcmp(in, msg, r.done) == 0;
    ac_join_release(&h);
    ac_io_close(&out_io);
    ac_io_close(&in_io);
    ac_executor_close(&ex);
    return r.result;
}

int demo_exact(int argc, char **argv)
{
    unsigned long bytes = 10240;
    if (!count_arg(argc, argv, 2, 16ul << 20, &bytes))
        return 2;
    char *msg = malloc(bytes), *in = malloc(bytes);
    if (msg == NULL || in == NULL) {
        free(msg);
        free(in);
        return 1;
    }
    for (size_t i = 0; i < bytes; i++)
        msg[i] = (char)('A' + i % 26);

    printf("1) %lu bytes over loopback TCP, sent %d at a time:\n\n", bytes, CHUNK);
    bool same = false;
    ssize_t r1 = transfer(msg, in, bytes, bytes, &same);
    printf("  bytes received match bytes sent: %s\n", same ? "yes" : "NO");

    size_t half = bytes / 2;
    printf("\n2) the same, but the sender hangs up after %zu bytes:\n\n", half);
    bool same2 = false;
    ssize_t r2 = transfer(msg, in, bytes, half, &same2);
    printf("  result %zd = UNEXPECTED_EOF (-ENODATA): %s; the %zu bytes that came are intact: %s\n", r2,
           r2 == UNEXPECTED_EOF ? "yes" : "NO", half, same2 ? "yes" : "NO");
    free(msg);
    free(in);
    if (r1 != (ssize_t)bytes || !same || r2 != UNEXPECTED_EOF || !same2)
        return 1;
    printf("\nTakeaway: the network decides how many bytes each read returns, never the\n"
           "sender's chunking.  read_exact and write_all turn \"some bytes\" into \"all\n"
           "of them\" by looping - and an end of file before the end is an error, not\n"
           "a short success.\n");
    return 0;
}
