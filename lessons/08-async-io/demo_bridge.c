/*
 * demo_bridge.c - `bridge`: exercise 4's reactor and future, driven by a
 * ten-line executor that says what it does.
 *
 *   for (;;) {
 *       if (woken)  poll the future        (the future reads)
 *       else        turn the reactor       (the reactor only wakes)
 *   }
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "course/cli.h"
#include "demos.h"
#include "lesson.h"
#include "given_net.h"

enum { MAX_TURNS = 50, TURN_TIMEOUT_MS = 2000 };

/* A waker that sets a flag and says so: the whole "task queue" here. */
static const ac_waker_vtable flag_vtable;
static ac_waker flag_clone(void *data) { return (ac_waker){.data = data, .vtable = &flag_vtable}; }
static void flag_wake(void *data)
{
    *(bool *)data = true;
    printf("    waker: wake() -> the future is runnable again\n");
}
static void flag_drop(void *data) { (void)data; }
static const ac_waker_vtable flag_vtable = {
    .clone = flag_clone, .wake = flag_wake, .wake_by_ref = flag_wake, .drop = flag_drop};

/* Bytes sitting unread in the socket: shows the reactor left them alone. */
static int unread_bytes(int fd)
{
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 ? n : -1;
}

/* Drive one read_future to Ready with the poll-or-turn loop above. */
static int run_one_read(bridge_reactor *r, int fd, unsigned number, ssize_t *result, char *buf, size_t cap)
{
    bool woken = true; /* a new future is polled once to get it started */
    ac_waker waker = flag_clone(&woken);
    ac_context cx = {.waker = &waker};
    read_future f = read_future_new(r, fd, buf, cap);
    for (unsigned turn = 0; turn < MAX_TURNS; turn++) {
        if (woken) {
            woken = false;
            printf("  executor: poll read #%u (poll %u)\n", number, f.polls + 1);
            if (ac_future_poll(&f.base, &cx) == AC_READY) {
                *result = f.result;
                return 0;
            }
            printf("    future: read() said EAGAIN -> left its waker with the reactor -> Pending\n");
        } else {
            printf("  executor: nothing to poll -> reactor turn (epoll_wait)\n");
            int w = bridge_reactor_turn(r, TURN_TIMEOUT_MS);
            if (w < 0) {
                fprintf(stderr, "reactor: %s\n", strerror(-w));
                break;
            }
            if (w > 0)
                printf(
                    "    reactor: fd %d readable, %d waker(s) woken; %d bytes still unread in the socket\n",
                    fd, w, unread_bytes(fd));
            else
                printf("    reactor: nothing within %d ms\n", TURN_TIMEOUT_MS);
        }
    }
    ac_future_drop(&f.base); /* gave up: cancel, so no waker stays behind */
    fprintf(stderr, "read #%u did not finish within %d turns\n", number, MAX_TURNS);
    return 1;
}

int demo_bridge(int argc, char **argv)
{
    unsigned long messages = 3;
    if (argc >= 2 && !ac_cli_parse_ulong(argv[0], argv[1], 1, 20, &messages))
        return 2;

    static bridge_reactor r; /* static: the waker table is 16 KiB */
    int err = bridge_reactor_init(&r);
    unsigned short port;
    int lfd = err == 0 ? loopback_listen(&port) : err;
    if (lfd < 0) {
        fprintf(stderr, "setup: %s\n", strerror(-lfd));
        bridge_reactor_close(&r);
        return 1;
    }
    delayed_sender sender = {.port = port, .delay_ms = 30, .message = "ping\n", .repeat = (unsigned)messages};
    if (delayed_sender_start(&sender) != 0) {
        close(lfd);
        bridge_reactor_close(&r);
        return 1;
    }
    int fd = loopback_accept(lfd, 5000);
    int rc = fd < 0 || set_nonblocking(fd) != 0;
    if (rc == 0)
        printf("a client on 127.0.0.1:%u sends \"ping\" %lu times, 30 ms apart, then hangs up.\n"
               "Each read is a read_future; the loop below is the whole executor.\n",
               port, messages);

    /* One read per message, then one more that sees the hang-up. */
    for (unsigned i = 1; rc == 0; i++) {
        char buf[64];
        ssize_t got = 0;
        printf("\n");
        rc = run_one_read(&r, fd, i, &got, buf, sizeof buf - 1);
        if (rc != 0)
            break;
        if (got > 0) {
            /* show the bytes on one line: "ping\n" -> "ping", two pings -> "ping ping" */
            buf[got] = '\0';
            for (char *p = buf; *p != '\0'; p++)
                *p = *p == '\n' ? ' ' : *p;
            for (ssize_t end = got; end > 0 && buf[end - 1] == ' '; end--)
                buf[end - 1] = '\0';
            printf("    future: read() -> %zd bytes \"%s\" -> Ready\n", got, buf);
        } else {
            printf("    future: read() -> %s -> Ready\n",
                   got == 0 ? "0 (the client hung up)" : strerror((int)-got));
            break;
        }
    }
    if (fd >= 0) {
        bridge_reactor_forget(&r, fd); /* out of the epoll set before the number is reused */
        close(fd);
    }
    delayed_sender_join(&sender);
    close(lfd);
    printf("\nreactor: %lu turns, %lu events, %lu wakes\n", r.turns, r.events, r.wakes);
    bridge_reactor_close(&r);
    if (rc != 0)
        return 1;
    printf("\nTakeaway: the reactor turns \"fd is readable\" into \"wake this waker\" and\n"
           "nothing more.  The future does its own read when polled, so the same reactor\n"
           "serves reads, accepts and writes alike - lesson 09 builds the real one.\n");
    return 0;
}
