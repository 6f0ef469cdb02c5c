/*
 * demo_loops.c - exercises 1 and 2 with real loopback clients: a thread
 * plays the outside world (the clients), the main thread runs the loop.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"
#include "given_sockets.h"

#define MAX_CLIENTS 32
#define ROUNDS      2

typedef struct clients {
    uint16_t port;
    unsigned n;
    bool chat; /* multi: send, read the echo, hang up */
    int fds[MAX_CLIENTS];
    unsigned ok, failed; /* echoes that came back right / wrong */
} clients;

static void nap_ms(long ms)
{
    struct timespec t = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
    nanosleep(&t, NULL);
}

/* Blocking reads with a 2 s limit, so a broken loop cannot hang the demo. */
static void limit_reads(int fd)
{
    struct timeval tv = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

static void *client_thread(void *arg)
{
    clients *c = arg;
    for (unsigned i = 0; i < c->n; i++) {
        if (!c->chat)
            nap_ms(10); /* one at a time, so the loop has to wait for each */
        c->fds[i] = connect_loopback(c->port);
        if (c->fds[i] >= 0)
            limit_reads(c->fds[i]);
    }
    if (!c->chat)
        return NULL;
    for (int round = 0; round < ROUNDS; round++) {
        char msg[MAX_CLIENTS][48];
        for (unsigned i = 0; i < c->n; i++) { /* everyone talks, then everyone listens */
            int len = snprintf(msg[i], sizeof msg[i], "round %d from client %u", round, i);
            if (c->fds[i] < 0 || write(c->fds[i], msg[i], (size_t)len) != len)
                c->failed++;
        }
        for (unsigned i = 0; i < c->n; i++) {
            char back[48];
            size_t want = strlen(msg[i]), got = 0;
            while (got < want) {
                ssize_t k = c->fds[i] < 0 ? -1 : read(c->fds[i], back + got, want - got);
                if (k <= 0)
                    break;
                got += (size_t)k;
            }
            if (got == want && memcmp(back, msg[i], want) == 0)
                c->ok++;
            else
                c->failed++;
        }
        nap_ms(5);
    }
    for (unsigned i = 0; i < c->n; i++) { /* hang up one by one */
        if (c->fds[i] >= 0)
            close(c->fds[i]);
        c->fds[i] = -1;
        nap_ms(2);
    }
    return NULL;
}

/* ---- single ---------------------------------------------------------------- */

static void print_accept(int fd, unsigned turn, void *arg)
{
    unsigned *count = arg;
    (*count)++;
    printf("  after turn %u: accepted fd %d  (client %u)\n", turn, fd, *count);
    close(fd);
}

int demo_single(int argc, char **argv)
{
    unsigned long n = 5;
    if (!count_arg(argc, argv, 1, MAX_CLIENTS, &n))
        return 2;
    ac_executor ex;
    reactor handle, *r = &handle;
    if (!demo_reactor(&ex, &reactor_common, r))
        return 1;
    clients c = {.n = (unsigned)n};
    int lfd = listen_loopback(&c.port);
    if (lfd < 0) {
        ac_executor_close(&ex);
        return 1;
    }
    printf("listening on 127.0.0.1:%u (fd %d); a thread connects %lu clients, 10 ms apart.\n"
           "The loop: accept until EAGAIN, arm, turn the reactor, repeat.\n\n",
           c.port, lfd, n);
    pthread_t t;
    pthread_create(&t, NULL, client_thread, &c);
    unsigned count = 0;
    int got = accept_loop(r, lfd, (unsigned)n, AC_SEC(2), print_accept, &count);
    pthread_join(t, NULL);
    for (unsigned i = 0; i < c.n; i++)
        if (c.fds[i] >= 0)
            close(c.fds[i]);
    close(lfd);
    printf("\naccept_loop -> %d.  reactor: %llu waits, %llu events, %llu wakes; fds registered now: %zu\n",
           got, (unsigned long long)reactor_stats(r).waits, (unsigned long long)reactor_stats(r).events,
           (unsigned long long)reactor_stats(r).wakes, reactor_stats(r).registered);
    ac_executor_close(&ex);
    if (got != (int)n)
        return 1;
    printf("\nTakeaway: between clients the thread sleeps inside the reactor's wait,\n"
           "not in a spin; each readiness edge wakes the loop once, and it accepts\n"
           "everything queued before it waits again.\n");
    return 0;
}

/* ---- multi ----------------------------------------------------------------- */

static void add_to_hub(int fd, unsigned turn, void *arg)
{
    (void)turn;
    echo_hub *h = arg;
    if (hub_add(h, fd) == NULL)
        close(fd);
}

static void loud_close(echo_hub *h, hub_conn *c)
{
    int fd = c->fd;
    unsigned long echoed = c->echoed;
    hub_close(h, c);
    printf("           fd %d hung up after %lu bytes: closed; fds registered now %zu\n", fd, echoed,
           reactor_stats(h->reactor).registered);
}

int demo_multi(int argc, char **argv)
{
    unsigned long n = 3;
    if (!count_arg(argc, argv, 1, MAX_CLIENTS, &n))
        return 2;
    ac_executor ex;
    reactor handle, *r = &handle;
    if (!demo_reactor(&ex, &reactor_common, r))
        return 1;
    clients c = {.n = (unsigned)n, .chat = true};
    int lfd = listen_loopback(&c.port);
    if (lfd < 0) {
        ac_executor_close(&ex);
        return 1;
    }
    echo_hub h;
    hub_init(&h, r);
    h.on_close = loud_close;
    printf("127.0.0.1:%u; %lu clients each send %d messages and read the echoes.\n\n", c.port, n, ROUNDS);
    pthread_t t;
    pthread_create(&t, NULL, client_thread, &c);
    int got = accept_loop(r, lfd, (unsigned)n, AC_SEC(2), add_to_hub, &h);
    printf("accepted %d; fds registered: %zu (one read slot each)\n", got, reactor_stats(r).registered);

    ac_nanos deadline = ac_monotonic_now() + AC_SEC(5); /* the whole conversation */
    for (unsigned turn = 1; h.open > 0 && turn <= 1000; turn++) {
        if (ac_monotonic_now() > deadline) {
            printf("  still %zu open after 5 s: giving up\n", h.open);
            break;
        }
        hub_conn *before[HUB_MAX_CONNS];
        unsigned long echoed[HUB_MAX_CONNS];
        unsigned long wakes = h.wakes;
        for (size_t i = 0; i < HUB_MAX_CONNS; i++) {
            before[i] = h.conns[i];
            echoed[i] = before[i] ? before[i]->echoed : 0;
        }
        printf("  turn %u:\n", turn);
        int served = echo_hub_turn(&h, AC_SEC(1));
        if (served == 0) {
            printf("           nothing to serve (the wait timed out, or its events - e.g. \"now\n"
                   "           writable\" - woke nobody)\n");
            continue;
        }
        printf("           %lu wake(s), %d connection(s) served:", h.wakes - wakes, served);
        for (size_t i = 0; i < HUB_MAX_CONNS; i++)
            if (before[i] != NULL && h.conns[i] == before[i] && before[i]->echoed > echoed[i])
                printf("  fd %d +%lu B", before[i]->fd, before[i]->echoed - echoed[i]);
        printf("\n");
    }
    pthread_join(t, NULL);
    hub_free(&h);
    close(lfd);
    printf("\n%lu turns, %lu wakes, %lu bytes echoed, %lu closed; echoes checked by the clients: %u ok, %u "
           "wrong\n",
           h.turns, h.wakes, h.echoed, h.closed, c.ok, c.failed);
    ac_executor_close(&ex);
    if (c.failed != 0 || c.ok != c.n * ROUNDS)
        return 1;
    printf("\nTakeaway: one thread, one wait, many sockets.  The waker of each fd points\n"
           "at that connection's state, so a turn reads only from the connections whose\n"
           "events arrived; the quiet ones cost no syscall at all.\n");
    return 0;
}
