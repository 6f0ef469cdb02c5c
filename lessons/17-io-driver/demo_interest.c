/*
 * demo_interest.c - `17-io-driver interest`: interest is what a future
 * asked for, readiness is what the kernel said.  First raw epoll, edge-
 * and level-triggered side by side; then your exercise 1's tracker fed
 * with the real kernel's events, keeping an edge nobody was armed for.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "demos.h"
#include "lesson.h"

static void both_say(int et, int lt, const char *when)
{
    char a[96], b[96];
    printf("  %-34s edge: %-22s level: %s\n", when, epoll_names(epoll_one(et, 0), a, sizeof a),
           epoll_names(epoll_one(lt, 0), b, sizeof b));
}

/* The same fd in two epoll sets, asked for reading only. */
static int edge_and_level(void)
{
    int sv[2];
    if (unix_pair(sv) != 0)
        return 1;
    int et = epoll_create1(EPOLL_CLOEXEC), lt = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET};
    epoll_ctl(et, EPOLL_CTL_ADD, sv[0], &ev);
    ev.events = EPOLLIN;
    epoll_ctl(lt, EPOLL_CTL_ADD, sv[0], &ev);
    printf("  interest: EPOLLIN only (the socket is writable too; nobody asked)\n");
    both_say(et, lt, "nothing sent:");
    if (write(sv[1], "a", 1) != 1)
        return 1;
    both_say(et, lt, "peer wrote 1 byte:");
    both_say(et, lt, "asked again, byte still unread:");
    if (write(sv[1], "b", 1) != 1)
        return 1;
    both_say(et, lt, "peer wrote 1 more:");
    char buf[8];
    ssize_t n = read(sv[0], buf, sizeof buf);
    printf("  read -> %zd bytes\n", n);
    both_say(et, lt, "after reading it all:");
    close(et);
    close(lt);
    close(sv[0]);
    close(sv[1]);
    return 0;
}

/* A reader's step: ask the tracker, try read(2) if it says so.  With
 * wait false, a reader that saw EAGAIN goes away instead of arming. */
static void reader_step(tracker *t, int fd, loud *who, bool wait)
{
    ac_waker w = loud_waker(who);
    char names[64], buf[16];
    for (;;) {
        unsigned have = tracker_poll_ready(t, fd, AC_READABLE, &w);
        if (have == 0) {
            printf("    poll_ready: nothing -> armed, the reader waits\n");
            return;
        }
        ssize_t n = read(fd, buf, sizeof buf);
        printf("    poll_ready: %s -> read = %zd%s\n", ready_names(have, names, sizeof names), n,
               n < 0 ? " (EAGAIN: clear_ready)" : "");
        if (n >= 0)
            return;
        tracker_clear_ready(t, fd, AC_READABLE);
        if (!wait) {
            printf("    the reader goes off to other work, not armed\n");
            return;
        }
    }
}

/* Hand the kernel's next event for fd to the tracker. */
static void deliver(tracker *t, int epfd, int fd, uint32_t gen)
{
    struct epoll_event ev;
    char a[96], b[64];
    if (epoll_wait(epfd, &ev, 1, 100) != 1) {
        printf("    (no event)\n");
        return;
    }
    unsigned bits = ready_from_epoll(ev.events);
    unsigned woke = tracker_event(t, fd, gen, bits);
    printf("    kernel: %s -> tracker_event(%s): woke %s\n", epoll_names(ev.events, a, sizeof a),
           ready_names(bits, b, sizeof b), woke ? "the reader" : "nobody (kept in the ready bits)");
}

static int tracker_on_the_kernel(void)
{
    int sv[2];
    if (unix_pair(sv) != 0)
        return 1;
    if (sv[0] >= TRACKER_FDS) {
        printf("  (fd %d is beyond the tracker's %d: skipped)\n", sv[0], TRACKER_FDS);
        close(sv[0]);
        close(sv[1]);
        return 0;
    }
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET};
    epoll_ctl(epfd, EPOLL_CTL_ADD, sv[0], &ev);
    tracker t;
    tracker_init(&t);
    uint32_t gen = tracker_register(&t, sv[0]);
    loud reader = {.name = "reader"};

    printf("  1. a new registration: ready = readable|writable (unknown, so: try)\n");
    reader_step(&t, sv[0], &reader, true);
    printf("  2. the peer writes; the reader is armed:\n");
    if (write(sv[1], "one", 3) != 3)
        return 1;
    deliver(&t, epfd, sv[0], gen);
    reader_step(&t, sv[0], &reader, false);
    reader_step(&t, sv[0], &reader, false);
    printf("  3. nobody is armed; the peer writes again:\n");
    if (write(sv[1], "two", 3) != 3)
        return 1;
    deliver(&t, epfd, sv[0], gen);
    printf("     the kernel will not say it again (edge-triggered); the reader comes back:\n");
    reader_step(&t, sv[0], &reader, true);
    reader_step(&t, sv[0], &reader, true);
    printf("  tracker: %llu events, %llu wakes, %llu unclaimed\n", (unsigned long long)t.events,
           (unsigned long long)t.wakes, (unsigned long long)t.unclaimed);
    tracker_free(&t);
    close(epfd);
    close(sv[0]);
    close(sv[1]);
    return 0;
}

int demo_interest(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    printf("-- %s\n\n", "epoll: edge- and level-triggered, the same fd");
    int rc = edge_and_level();
    printf("\n");
    printf("-- %s\n\n", "your tracker (exercise 1) on the kernel's events");
    if (rc == 0)
        rc = tracker_on_the_kernel();
    printf("\ntakeaway: interest is the question (EPOLLIN), readiness the answer (readable,\n"
           "read-closed...).  Edge-triggered epoll answers once per change, so the driver\n"
           "keeps the answer in ready bits until a syscall says EAGAIN: an edge that came\n"
           "while nobody was armed is not lost.\n");
    return rc;
}
