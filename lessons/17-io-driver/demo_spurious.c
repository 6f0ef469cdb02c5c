/*
 * demo_spurious.c - `17-io-driver spurious`: wakes that find nothing to
 * read.  Your exercise 2's read is poked three times by its own task,
 * then woken for real; then two readers share one socket (two fds, one
 * socket) and the kernel wakes both for one message.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

/* Polls a retry_read in place and says what each poll did. */
typedef struct narrated {
    ac_future base;
    const char *name;
    retry_read *rr;
    unsigned polls;
} narrated;

static ac_poll narrated_poll(ac_future *self, ac_context *cx)
{
    narrated *n = (narrated *)self;
    unsigned long spurious = n->rr->spurious;
    ac_poll p = ac_future_poll(&n->rr->base, cx);
    n->polls++;
    if (p == AC_PENDING)
        printf("    %s poll %u: Pending (read said EAGAIN%s)\n", n->name, n->polls,
               n->rr->spurious > spurious ? ": a spurious wake, counted; armed again" : "; armed");
    else
        printf("    %s poll %u: Ready, %zd bytes \"%.*s\"\n", n->name, n->polls, n->rr->result,
               (int)(n->rr->result > 0 ? n->rr->result : 0), (char *)n->rr->buf);
    return p;
}
static void narrated_drop(ac_future *self) { ac_future_drop(&((narrated *)self)->rr->base); }
static const ac_future_vtable narrated_vtable = {
    .name = "narrated", .poll = narrated_poll, .drop = narrated_drop};
static narrated narrate(const char *name, retry_read *rr)
{
    return (narrated){.base = {&narrated_vtable}, .name = name, .rr = rr};
}

static void stats_line(const ac_reactor *r)
{
    printf("    reactor: %llu waits in the kernel, %llu events, %llu wakes\n",
           (unsigned long long)r->stats.waits, (unsigned long long)r->stats.events,
           (unsigned long long)r->stats.wakes);
}

static int poked(void)
{
    ac_executor ex;
    int sv[2];
    if (ac_executor_init(&ex) != 0 || unix_pair(sv) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex)); /* time moves only when every task waits */
    ac_io io;
    ac_io_open(&io, sv[0]);
    static char buf[16];
    static retry_read rr;
    static narrated nr;
    rr = retry_read_new(&io, buf, sizeof buf);
    nr = narrate("reader", &rr);
    poker pk = poker_of(&nr.base, 3);
    later_write wr = later_write_new(sv[1], "hello", 5, AC_MSEC(1));
    printf("  the reader's task wakes itself 3 times (as a join wakes all its children);\n"
           "  a writer task sleeps 1 ms, then writes \"hello\"\n");
    ac_join_handle a = AC_SPAWN(&ex, pk), b = AC_SPAWN(&ex, wr);
    ac_executor_run(&ex);
    printf("    read(2) calls: %lu, spurious wakes: %lu\n", rr.reads, rr.spurious);
    stats_line(io.reactor);
    ac_join_release(&a);
    ac_join_release(&b);
    ac_io_close(&io);
    close(sv[1]);
    ac_executor_close(&ex);
    return 0;
}

static int two_readers(void)
{
    ac_executor ex;
    int sv[2];
    if (ac_executor_init(&ex) != 0 || unix_pair(sv) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex));
    ac_io one, two;
    ac_io_open(&one, sv[0]);
    ac_io_open(&two, dup(sv[0]));
    static char b1[16], b2[16];
    static retry_read r1, r2;
    static narrated n1, n2;
    r1 = retry_read_new(&one, b1, sizeof b1);
    r2 = retry_read_new(&two, b2, sizeof b2);
    n1 = narrate("A", &r1);
    n2 = narrate("B", &r2);
    printf("  readers A (fd %d) and B (fd %d = dup) share one socket; the peer writes \"first\",\n"
           "  then, after a while, \"second\"\n",
           one.fd, two.fd);
    later_write w1 = later_write_new(sv[1], "first", 5, AC_MSEC(1));
    later_write w2 = later_write_new(sv[1], "second", 6, AC_MSEC(2));
    ac_join_handle h[4] = {AC_SPAWN(&ex, n1), AC_SPAWN(&ex, n2), AC_SPAWN(&ex, w1), AC_SPAWN(&ex, w2)};
    ac_executor_run(&ex);
    printf("    spurious wakes: A %lu, B %lu - the kernel woke both for one message\n", r1.spurious,
           r2.spurious);
    stats_line(one.reactor);
    for (int i = 0; i < 4; i++)
        ac_join_release(&h[i]);
    ac_io_close(&one);
    ac_io_close(&two);
    close(sv[1]);
    ac_executor_close(&ex);
    return 0;
}

int demo_spurious(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    printf("-- %s\n\n", "wakes from the task, not from the fd");
    int rc = poked();
    printf("\n");
    printf("-- %s\n\n", "two readers, one socket, one message");
    if (rc == 0)
        rc = two_readers();
    printf("\ntakeaway: a wake means \"try again\", not \"there is data\".  The read that finds\n"
           "EAGAIN after a wake counts it, arms again and returns Pending; it never makes up\n"
           "a 0 (that would be end of file).  Count them: strace -c -e trace=read shows the\n"
           "same read(2) calls.\n");
    return rc;
}
