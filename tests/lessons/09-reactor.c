/*
 * Checks for lesson 09 (the reactor), one group per exercise.
 *
 *   ctest --preset learner -L 09-reactor      all four
 *   ctest --preset learner -R 09-reactor/ex2  just exercise 2
 *
 * Every group runs twice: first on the lesson's twin reactor
 * (lessons/09-reactor/twin_reactor.c), then on common's.  The exercises
 * reach a reactor only through the `reactor` handle of lesson.h, so the
 * same code meets both; the second run starts only once the first passes
 * (one failure at a time), and a failure's "check" line names the reactor.
 *
 * Everything runs on socket pairs or loopback port 0.  The only waits on
 * the real clock are bounded reactor turns that end as soon as the event
 * they wait for arrives (or, in the timeout checks, after a few ms).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "given_sockets.h"
#include "lesson.h"

/* The reactor this run of the groups is on (main sets it). */
static const reactor_vtable *on_kind = &reactor_twin;

/* CHECK_FN as everywhere, plus the reactor in the report's "check" line. */
static char check_label[192];
static const char *on_reactor(const char *test)
{
    snprintf(check_label, sizeof check_label, "%s, on the %s reactor", test, on_kind->name);
    return check_label;
}
#undef CHECK_FN
#define CHECK_FN(function) check_begin_((function), on_reactor(__func__))

/* Every check gets a fresh executor and a reactor of this run's kind,
 * driven by hand. */
typedef struct rig {
    ac_executor ex;
    reactor handle;
} rig;

static int rig_setup(void **state)
{
    rig *g = calloc(1, sizeof *g);
    if (g == NULL || ac_executor_init(&g->ex) != 0)
        return -1;
    *state = g;
    return reactor_open(&g->handle, on_kind, &g->ex);
}

static int rig_teardown(void **state)
{
    rig *g = *state;
    ac_executor_close(&g->ex);
    free(g);
    return 0;
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, rig_setup, rig_teardown)

/* ---- helpers (set-up, no learner code involved) ------------------------- */

static void make_pair(int pair[2]) { assert_int_equal(socket_pair(pair), 0); }

static int make_listener(uint16_t *port)
{
    int fd = listen_loopback(port);
    assert_true(fd >= 0);
    return fd;
}

static int make_client(uint16_t port)
{
    int fd = connect_loopback(port);
    assert_true(fd >= 0);
    return fd;
}

static void peer_write(int fd, const char *bytes, size_t n)
{
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
}

/* Read exactly n bytes within 1 s; false if they do not come. */
static bool read_within(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 1000) != 1)
            return false;
        ssize_t k = read(fd, buf + got, n - got);
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    return true;
}

/* The peer of a closed socket reads end of file; -1 if nothing comes in 0.5 s. */
static ssize_t peer_read_one(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 500) != 1)
        return -1;
    char byte;
    return read(fd, &byte, 1);
}

static bool fd_is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

/* hub_add (given) with the table known to have room */
static hub_conn *add_conn(echo_hub *h, int fd)
{
    hub_conn *c = hub_add(h, fd);
    assert_non_null(c);
    return c;
}

/* Somebody else reads one byte from fd. */
static void take_byte(int fd)
{
    char byte;
    assert_int_equal(read(fd, &byte, 1), 1);
}

static void start_thread(pthread_t *t, void *(*run)(void *), void *arg)
{
    assert_int_equal(pthread_create(t, NULL, run, arg), 0);
}

/* A waker that connects one client to `port` when woken: an event on some
 * other fd that, as a side effect, makes the listener ready only after
 * the turn that reported it. */
typedef struct knocker {
    uint16_t port;
    int client;
    unsigned wakes;
} knocker;
static const ac_waker_vtable knocker_vtable;
static ac_waker knocker_clone(void *data) { return (ac_waker){.data = data, .vtable = &knocker_vtable}; }
static void knocker_wake(void *data)
{
    knocker *k = data;
    k->wakes++;
    if (k->client < 0)
        k->client = make_client(k->port);
}
static void knocker_drop(void *data) { (void)data; }
static const ac_waker_vtable knocker_vtable = {
    .clone = knocker_clone, .wake = knocker_wake, .wake_by_ref = knocker_wake, .drop = knocker_drop};

/* ---- exercise 1 -------------------------------------------------------- */

typedef struct accepted {
    int fds[8];
    unsigned turns[8];
    unsigned n;
} accepted;

static void record_accept(int fd, unsigned turn, void *arg)
{
    accepted *a = arg;
    if (a->n == 8) { /* more than any check asks for: keep it from leaking */
        close(fd);
        a->n++;
        return;
    }
    a->fds[a->n] = fd;
    a->turns[a->n++] = turn;
}

static void close_accepted(accepted *a)
{
    for (unsigned i = 0; i < a->n && i < 8; i++)
        close(a->fds[i]);
}

static void accept_loop_takes_queued_clients_without_waiting(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    uint16_t port;
    int lfd = make_listener(&port);
    int clients[3];
    for (int i = 0; i < 3; i++)
        clients[i] = make_client(port);

    accepted a = {0};
    EXPECT_INT(accept_loop(r, lfd, 3, AC_MSEC(300), record_accept, &a), 3,
               "three clients were queued and three were wanted: it returns `want`");
    EXPECT_UINT(a.n, 3, "every accepted connection goes to on_accept, once");
    for (unsigned i = 0; i < 3 && i < a.n; i++) {
        EXPECT_UINT(a.turns[i], 0,
                    "connections already queued are found by trying accept first, before any turn");
        EXPECT_TRUE(fcntl(a.fds[i], F_GETFL) & O_NONBLOCK,
                    "accepted fds must be nonblocking: a reactor's users never block in a syscall");
    }
    EXPECT_UINT(reactor_stats(r).waits, 0,
                "with every client already queued there is nothing to wait for: no reactor turn");
    EXPECT_FALSE(reactor_is_registered(r, lfd), "the listener leaves the reactor on the way out");
    EXPECT_UINT(reactor_stats(r).registered, 0, "nothing of accept_loop's stays registered");
    EXPECT_TRUE(fd_is_open(lfd), "the listener stays open: it belongs to the caller");
    close_accepted(&a);
    for (int i = 0; i < 3; i++)
        close(clients[i]);
    close(lfd);
}

static void accept_loop_takes_no_more_than_it_wants(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    uint16_t port;
    int lfd = make_listener(&port);
    int clients[3];
    for (int i = 0; i < 3; i++)
        clients[i] = make_client(port);

    accepted a = {0};
    EXPECT_INT(accept_loop(r, lfd, 2, AC_MSEC(300), record_accept, &a), 2,
               "two were wanted: it returns as soon as it has them, taking no third");
    EXPECT_UINT(a.n, 2, "a connection beyond `want` is not this call's to take: it stays queued");
    accepted b = {0};
    EXPECT_INT(accept_loop(r, lfd, 1, AC_MSEC(300), record_accept, &b), 1,
               "the third client is still queued for the next call");
    EXPECT_UINT(b.n, 1, "the next call gets the client the first one left");
    close_accepted(&a);
    close_accepted(&b);
    for (int i = 0; i < 3; i++)
        close(clients[i]);
    close(lfd);
}

typedef struct connector {
    uint16_t port;
    int fds[2];
} connector;

static void *connect_two(void *arg)
{
    connector *c = arg;
    for (int i = 0; i < 2; i++)
        c->fds[i] = connect_loopback(c->port);
    return NULL;
}

static void accept_loop_waits_for_clients_that_come_later(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    connector c = {.fds = {-1, -1}};
    int lfd = make_listener(&c.port);
    pthread_t t;
    start_thread(&t, connect_two, &c);
    accepted a = {0};
    CHECK_WAITING("for accept_loop to accept two clients that another thread connects");
    int n = accept_loop(r, lfd, 2, AC_SEC(2), record_accept, &a);
    pthread_join(t, NULL);
    EXPECT_INT(n, 2, "both clients connect within the timeout: it waits for them and returns `want`");
    EXPECT_UINT(a.n, 2, "every accepted connection goes to on_accept");
    EXPECT_UINT(reactor_stats(r).registered, 0, "the listener leaves the reactor on the way out");
    close_accepted(&a);
    close(c.fds[0]);
    close(c.fds[1]);
    close(lfd);
}

/* Arm a socket pair's read slot with a knocker and give it a byte: the
 * next turn reports that fd (not the listener) and the knocker connects. */
static void arm_knocker(reactor *r, int pair[2], knocker *k)
{
    make_pair(pair);
    assert_int_equal(reactor_register(r, pair[0]), 0);
    ac_waker w = knocker_clone(k);
    reactor_arm(r, pair[0], AC_READABLE, &w);
    peer_write(pair[1], "k", 1);
}

static void disarm_knocker(reactor *r, int pair[2], knocker *k)
{
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
    if (k->client >= 0)
        close(k->client);
}

/* A turn that returns for another fd is neither the listener's wake nor a
 * timeout: here the client connects only during that first turn. */
static void accept_loop_keeps_waiting_through_other_events(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    knocker k = {.client = -1};
    int lfd = make_listener(&k.port);
    int pair[2];
    arm_knocker(r, pair, &k);

    accepted a = {0};
    CHECK_WAITING("for accept_loop to accept the client that connects during its first turn");
    int n = accept_loop(r, lfd, 1, AC_SEC(2), record_accept, &a);
    EXPECT_UINT(k.wakes, 1, "the first turn reported the other fd (set-up)");
    EXPECT_INT(n, 1,
               "a turn that woke somebody else is not a timeout: keep turning until the flag is up "
               "or the time is gone");
    EXPECT_UINT(a.n, 1, "the client that connected during the first turn is accepted");
    if (a.n == 1)
        EXPECT_TRUE(a.turns[0] >= 2, "that client was accepted after a second turn, so `turn` says >= 2");
    EXPECT_UINT(reactor_stats(r).registered, 1, "only the other fd is left registered");
    close_accepted(&a);
    disarm_knocker(r, pair, &k);
    close(lfd);
}

static void accept_loop_times_out_and_deregisters(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    uint16_t port;
    int lfd = make_listener(&port);
    accepted a = {0};
    CHECK_WAITING("for accept_loop to give up after its 5 ms timeout");
    EXPECT_ERR(accept_loop(r, lfd, 1, AC_MSEC(5), record_accept, &a), -ETIMEDOUT,
               "nobody connects: after `timeout` it gives up with -ETIMEDOUT");
    EXPECT_UINT(a.n, 0, "nobody connected, so nobody was accepted");
    EXPECT_TRUE(reactor_stats(r).waits >= 1, "it waited in the reactor, not in a spin or a sleep");
    EXPECT_FALSE(reactor_is_registered(r, lfd), "a timeout leaves through deregister too");
    EXPECT_UINT(reactor_stats(r).registered, 0, "nothing of accept_loop's stays registered");
    close(lfd);
}

/* One client arrives (after a turn), the second never: the wait after the
 * first wake must be a real wait again, ending in -ETIMEDOUT. */
static void accept_loop_times_out_after_a_first_client(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    knocker k = {.client = -1};
    int lfd = make_listener(&k.port);
    int pair[2];
    arm_knocker(r, pair, &k);

    accepted a = {0};
    CHECK_WAITING("for accept_loop to give up on the second client after its 50 ms timeout "
                  "(a flag left raised after the first wake makes the loop spin instead)");
    EXPECT_ERR(accept_loop(r, lfd, 2, AC_MSEC(50), record_accept, &a), -ETIMEDOUT,
               "the second client never comes: after the first wake it waits again, then times out");
    EXPECT_UINT(a.n, 1, "the client that did come was accepted before the timeout");
    EXPECT_UINT(reactor_stats(r).registered, 1, "the listener left the reactor; the other fd stays");
    close_accepted(&a);
    disarm_knocker(r, pair, &k);
    close(lfd);
}

static void accept_loop_closes_fds_nobody_wants(void **state)
{
    CHECK_FN("accept_loop");
    rig *g = *state;
    reactor *r = &g->handle;
    uint16_t port;
    int lfd = make_listener(&port);
    int client = make_client(port);
    EXPECT_INT(accept_loop(r, lfd, 1, AC_MSEC(300), NULL, NULL), 1, "one client queued, one wanted");
    CHECK_WAITING("for the client to see end of file from the server side");
    EXPECT_INT(peer_read_one(client), 0,
               "with no on_accept the new fd is closed at once, so the client reads end of file");
    close(client);
    close(lfd);
}

static const struct CMUnitTest ex1_tests[] = {
    TEST(accept_loop_takes_queued_clients_without_waiting),
    TEST(accept_loop_takes_no_more_than_it_wants),
    TEST(accept_loop_waits_for_clients_that_come_later),
    TEST(accept_loop_keeps_waiting_through_other_events),
    TEST(accept_loop_times_out_and_deregisters),
    TEST(accept_loop_times_out_after_a_first_client),
    TEST(accept_loop_closes_fds_nobody_wants),
};

/* ---- exercise 2: closes through a test double, not exercise 4 --------- */

static int test_closes;

static void test_close(echo_hub *h, hub_conn *c)
{
    test_closes++;
    reactor_deregister(h->reactor, c->fd);
    close(c->fd);
    h->conns[c->slot] = NULL;
    h->open--;
    h->closed++;
    free(c);
}

static void echo_hub_serves_only_the_connections_that_woke(void **state)
{
    CHECK_FN("echo_hub_turn");
    rig *g = *state;
    reactor *r = &g->handle;
    echo_hub h;
    hub_init(&h, r);
    h.on_close = test_close;
    test_closes = 0;
    int pairs[3][2];
    hub_conn *conns[3];
    for (int i = 0; i < 3; i++) {
        make_pair(pairs[i]);
        conns[i] = add_conn(&h, pairs[i][0]);
    }

    /* turn 1: every new connection is ready; each is tried, finds nothing, arms */
    EXPECT_INT(echo_hub_turn(&h, AC_MSEC(300)), 3, "a new connection is ready: all three are served at once");
    for (int i = 0; i < 3; i++) {
        EXPECT_FALSE(conns[i]->ready, "serving a connection clears its `ready`");
        EXPECT_TRUE(reactor_is_armed(r, conns[i]->fd, AC_READABLE),
                    "a connection that ran dry waits on its read slot, or it is never woken again");
    }
    EXPECT_UINT(reactor_stats(r).waits, 0,
                "connections were ready: no wait in the reactor before serving them");

    /* turn 2: two clients write; exactly their connections are served */
    peer_write(pairs[0][1], "a", 1);
    peer_write(pairs[2][1], "bbb", 3);
    CHECK_WAITING("for echo_hub_turn to return after two clients wrote");
    EXPECT_INT(echo_hub_turn(&h, AC_SEC(1)), 2,
               "two clients wrote: exactly their two connections are served");
    EXPECT_UINT(h.wakes, 2, "each of the two connections was woken once, by its own waker");
    char buf[8] = {0};
    CHECK_WAITING("for the echoes to reach the clients");
    EXPECT_TRUE(read_within(pairs[0][1], buf, 1), "client 0 gets its byte back");
    EXPECT_MEM(buf, "a", 1, "the echo is what the client sent");
    EXPECT_TRUE(read_within(pairs[2][1], buf, 3), "client 2 gets its three bytes back");
    EXPECT_MEM(buf, "bbb", 3, "the echo is what the client sent");
    EXPECT_UINT(conns[0]->echoed, 1, "c->echoed counts the bytes echoed on that connection");
    EXPECT_UINT(conns[1]->echoed, 0, "the quiet connection echoed nothing");
    EXPECT_UINT(conns[2]->echoed, 3, "c->echoed counts the bytes echoed on that connection");
    EXPECT_UINT(h.echoed, 4, "h->echoed counts the bytes of every connection");
    EXPECT_TRUE(reactor_is_armed(r, conns[0]->fd, AC_READABLE),
                "after serving, the connection waits on its read slot again");

    /* turn 3: client 1 hangs up; its connection is closed through on_close */
    close(pairs[1][1]);
    CHECK_WAITING("for echo_hub_turn to see client 1 hang up");
    EXPECT_INT(echo_hub_turn(&h, AC_SEC(1)), 1, "only the connection whose client hung up is served");
    EXPECT_INT(test_closes, 1, "end of file: the connection leaves through h->on_close");
    EXPECT_NULL(h.conns[1], "on_close took it out of the table");
    EXPECT_UINT(h.open, 2, "two connections are left");
    EXPECT_UINT(reactor_stats(r).registered, 2, "two connections are left in the reactor");

    /* turn 4: nothing happens before the (short) timeout */
    CHECK_WAITING("for echo_hub_turn's 5 ms wait to time out");
    EXPECT_INT(echo_hub_turn(&h, AC_MSEC(5)), 0, "nobody wrote: the wait times out and nobody is served");
    EXPECT_UINT(h.turns, 4, "h->turns counts every call, waiting or not");

    hub_free(&h);
    EXPECT_INT(test_closes, 3, "hub_free closed the remaining two (set-up)");
    EXPECT_UINT(reactor_stats(r).registered, 0, "nothing is left in the reactor");
    close(pairs[0][1]);
    close(pairs[2][1]);
}

static void echo_hub_drains_everything_that_arrived(void **state)
{
    CHECK_FN("echo_hub_turn");
    rig *g = *state;
    reactor *r = &g->handle;
    echo_hub h;
    hub_init(&h, r);
    h.on_close = test_close;
    test_closes = 0;
    int pair[2];
    make_pair(pair);
    hub_conn *c = add_conn(&h, pair[0]);
    /* 20 KiB already waiting: more than one read's worth, echoed in one turn */
    static char out[20480], back[20480];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (char)('a' + i % 26);
    peer_write(pair[1], out, sizeof out);
    EXPECT_INT(echo_hub_turn(&h, AC_MSEC(300)), 1, "the one connection is ready and served");
    EXPECT_UINT(c->echoed, sizeof out,
                "a ready connection is served until its socket runs dry (EAGAIN), not for one read: "
                "with an edge-triggered reactor the rest would wait for an edge that never comes");
    CHECK_WAITING("for the whole echo to reach the client");
    EXPECT_TRUE(read_within(pair[1], back, sizeof back), "the client gets all 20480 bytes back");
    EXPECT_MEM(back, out, sizeof out, "the echo is what the client sent, in order");
    hub_free(&h);
    close(pair[1]);
}

static const struct CMUnitTest ex2_tests[] = {
    TEST(echo_hub_serves_only_the_connections_that_woke),
    TEST(echo_hub_drains_everything_that_arrived),
};

/* ---- exercise 3 -------------------------------------------------------- */

static void readable_pends_arms_and_reads_after_the_wake(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    readable f = readable_new(r, pair[0], buf, sizeof buf);

    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing has been written yet");
    EXPECT_TRUE(reactor_is_registered(r, pair[0]), "a future that waits must make the reactor know its fd");
    EXPECT_TRUE(reactor_is_armed(r, pair[0], AC_READABLE),
                "a Pending future must have arranged its wake: its waker waits in the read slot");
    EXPECT_TRUE(f.armed, "`armed` says a waker of ours sits in the reactor");
    EXPECT_UINT(f.eagains, 1, "one read found nothing");
    EXPECT_INT(counts.clones, 1, "the reactor keeps one clone of the poller's waker (cx->waker)");

    peer_write(pair[1], "ping", 4);
    CHECK_WAITING("for a reactor turn to report the bytes written");
    EXPECT_TRUE(reactor_turn(r, AC_MSEC(200)) >= 1, "the peer wrote: the turn reports an event (set-up)");
    EXPECT_INT(counts.wakes, 1, "the event woke the waker the future left");
    EXPECT_FALSE(reactor_is_armed(r, pair[0], AC_READABLE), "a slot wakes once, then waits no more");

    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "woken, it reads again and finds the bytes");
    EXPECT_INT(f.result, 4, "result is what read returned: 4 bytes");
    EXPECT_MEM(buf, "ping", 4, "the bytes are in the future's buffer");
    EXPECT_INT(*(ssize_t *)ac_future_output(&f.base), 4, "the output is `result`");
    EXPECT_INT(counts.clones, counts.drops, "Ready leaves no waker of ours behind: every clone given back");

    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static void readable_ready_at_once_never_registers(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    peer_write(pair[1], "hi", 2);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY,
                "the bytes were there before the first poll: try first");
    EXPECT_INT(f.result, 2, "result is what read returned: 2 bytes");
    EXPECT_UINT(f.eagains, 0, "the first read found the bytes");
    EXPECT_FALSE(reactor_is_registered(r, pair[0]),
                 "a future that never had to wait asks the reactor for nothing: register only after EAGAIN");
    EXPECT_INT(counts.clones, 0, "a future that never waited keeps no waker");

    close(pair[1]);
    readable eof = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&eof.base, &cx), AC_READY, "end of file is a result, not a reason to wait");
    EXPECT_INT(eof.result, 0, "read returns 0 at end of file, and so does result");
    close(pair[0]);

    readable bad = readable_new(r, pair[0], buf, sizeof buf); /* closed fd */
    EXPECT_POLL(ac_future_poll(&bad.base, &cx), AC_READY, "an error is a result, not a reason to wait");
    EXPECT_ERR(bad.result, -EBADF, "an error's result is -errno (negative)");
}

static void readable_rearms_after_a_wake_that_found_nothing(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing has been written yet");
    peer_write(pair[1], "x", 1);
    CHECK_WAITING("for a reactor turn to report the byte written");
    EXPECT_TRUE(reactor_turn(r, AC_MSEC(200)) >= 1, "the peer wrote: the turn reports an event (set-up)");
    EXPECT_INT(counts.wakes, 1, "the event woke the future's waker");
    take_byte(pair[0]); /* someone else takes the byte */
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING,
                "a wake is only a hint: the byte was taken meanwhile, so read says EAGAIN again");
    EXPECT_UINT(f.eagains, 2, "the second poll read again (and found nothing)");
    EXPECT_TRUE(reactor_is_armed(r, pair[0], AC_READABLE),
                "Pending again means waiting again: the waker is back in the read slot");
    CHECK_FN("readable_drop");
    ac_future_drop(&f.base);
    EXPECT_INT(counts.clones, counts.drops, "dropped, the future leaves no waker behind");
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

/* Polled again with a different waker (the task moved, or a select polls
 * it): only the latest waker may be woken. */
static void readable_wakes_the_latest_waker(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    wake_counts first = {0}, second = {0};
    ac_waker w1 = wake_counts_waker(&first), w2 = wake_counts_waker(&second);
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx1), AC_PENDING, "nothing has been written yet");
    EXPECT_POLL(ac_future_poll(&f.base, &cx2), AC_PENDING, "still nothing, polled with another waker");
    EXPECT_INT(first.clones, first.drops,
               "the second poll's waker replaces the first one's in the slot: the old clone is given back");
    peer_write(pair[1], "y", 1);
    CHECK_WAITING("for a reactor turn to report the byte written");
    EXPECT_TRUE(reactor_turn(r, AC_MSEC(200)) >= 1, "the peer wrote: the turn reports an event (set-up)");
    EXPECT_INT(second.wakes, 1, "the waker of the latest poll is the one to wake: arm on every Pending");
    EXPECT_INT(first.wakes, 0, "the earlier poll's waker is not woken");
    EXPECT_POLL(ac_future_poll(&f.base, &cx2), AC_READY, "woken, it finds the byte");
    EXPECT_INT(second.clones, second.drops, "Ready leaves no waker of ours behind");
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

/* Ready without a wake in between (someone polled early): the waker is
 * still in the slot and must be taken out. */
static void readable_ready_without_a_wake_disarms(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing has been written yet");
    peer_write(pair[1], "z", 1);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "polled again before any turn, it finds the byte");
    EXPECT_FALSE(f.armed, "Ready: no waker of ours in the reactor any more, and `armed` says so");
    EXPECT_FALSE(reactor_is_armed(r, pair[0], AC_READABLE),
                 "a finished future must not leave its waker armed: it would be woken for nothing");
    EXPECT_INT(counts.clones, counts.drops, "every clone the reactor held was given back");
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static void readable_drop_disarms(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing has been written yet");
    CHECK_FN("readable_drop");
    ac_future_drop(&f.base);
    EXPECT_FALSE(f.armed, "dropped, the future waits for nothing any more");
    EXPECT_FALSE(reactor_is_armed(r, pair[0], AC_READABLE),
                 "a dropped future takes its waker out of the reactor: nobody may wake a dead future");
    EXPECT_INT(counts.wakes, 0, "drop gives the waker back without waking it");
    EXPECT_INT(counts.clones, counts.drops, "the clone the reactor held was given back");
    peer_write(pair[1], "late", 4);
    reactor_turn(r, 0);
    EXPECT_INT(counts.wakes, 0, "an event after the drop wakes nobody");
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

/* a task that writes once, so the root future has something to wake for */
typedef struct writer {
    ac_future base;
    int fd;
} writer;
static ac_poll writer_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    writer *w = (writer *)self;
    peer_write(w->fd, "hello", 5);
    return AC_READY;
}
static const ac_future_vtable writer_vtable = {.name = "writer", .poll = writer_poll};

static void readable_on_the_executor(void **state)
{
    CHECK_FN("readable_poll");
    rig *g = *state;
    reactor *r = &g->handle;
    int pair[2];
    make_pair(pair);
    char buf[16];
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    /* first by hand: a Pending that arms nothing would park the executor forever */
    wake_counts counts = {0};
    ac_waker probe_waker = wake_counts_waker(&counts);
    ac_context probe_cx = {.waker = &probe_waker};
    readable probe = readable_new(r, pair[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&probe.base, &probe_cx), AC_PENDING, "nothing has been written yet");
    EXPECT_TRUE(reactor_is_armed(r, pair[0], AC_READABLE),
                "a Pending future must have arranged its wake, or the executor parks forever");
    ac_future_drop(&probe.base);
    reactor_deregister(r, pair[0]); /* as if never seen */
    writer w = {.base = {&writer_vtable}, .fd = pair[1]};
    ac_join_handle h = AC_SPAWN(&g->ex, w);
    CHECK_WAITING("for ac_block_on(readable) to finish: the executor parks in the reactor until the "
                  "future's waker is woken - a Pending without an armed waker parks forever");
    ac_block_on(&g->ex, &f.base);
    EXPECT_INT(f.result, 5, "the writer task's 5 bytes are read");
    EXPECT_MEM(buf, "hello", 5, "the bytes are in the future's buffer");
    EXPECT_UINT(f.eagains, 1, "the first poll found nothing (the writer had not run yet)");
    EXPECT_TRUE(reactor_stats(r).wakes >= 1, "the executor's park in the reactor woke the future");
    ac_join_release(&h);
    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static const struct CMUnitTest ex3_tests[] = {
    TEST(readable_pends_arms_and_reads_after_the_wake),
    TEST(readable_ready_at_once_never_registers),
    TEST(readable_rearms_after_a_wake_that_found_nothing),
    TEST(readable_wakes_the_latest_waker),
    TEST(readable_ready_without_a_wake_disarms),
    TEST(readable_drop_disarms),
    TEST(readable_on_the_executor),
};

/* ---- exercise 4 -------------------------------------------------------- */

/* A reactor that passes every call on to this run's reactor, and notes
 * whether fd was still open when it was deregistered (it must be). */
typedef struct spy {
    reactor inner;
    unsigned deregisters;
    unsigned deregistered_closed; /* deregister calls for an fd already closed */
} spy;

static int spy_register(void *s, int fd) { return reactor_register(&((spy *)s)->inner, fd); }
static void spy_deregister(void *s, int fd)
{
    spy *sp = s;
    sp->deregisters++;
    if (!fd_is_open(fd))
        sp->deregistered_closed++;
    reactor_deregister(&sp->inner, fd);
}
static bool spy_is_registered(void *s, int fd) { return reactor_is_registered(&((spy *)s)->inner, fd); }
static void spy_arm(void *s, int fd, ac_interest dir, const ac_waker *w)
{
    reactor_arm(&((spy *)s)->inner, fd, dir, w);
}
static void spy_disarm(void *s, int fd, unsigned dir) { reactor_disarm(&((spy *)s)->inner, fd, dir); }
static bool spy_is_armed(void *s, int fd, ac_interest dir)
{
    return reactor_is_armed(&((spy *)s)->inner, fd, dir);
}
static int spy_turn(void *s, ac_nanos timeout) { return reactor_turn(&((spy *)s)->inner, timeout); }
static reactor_counts spy_counts(void *s) { return reactor_stats(&((spy *)s)->inner); }
static const reactor_vtable spy_vtable = {.name = "spy",
                                          .register_fd = spy_register,
                                          .deregister = spy_deregister,
                                          .is_registered = spy_is_registered,
                                          .arm = spy_arm,
                                          .disarm = spy_disarm,
                                          .is_armed = spy_is_armed,
                                          .turn = spy_turn,
                                          .counts = spy_counts};

static void hub_close_deregisters_closes_and_forgets(void **state)
{
    CHECK_FN("hub_close");
    rig *g = *state;
    spy sp = {.inner = g->handle};
    reactor watched = {.impl = &sp, .vtable = &spy_vtable}, *r = &watched;
    echo_hub h;
    hub_init(&h, r);
    int pairs[3][2];
    hub_conn *conns[3];
    for (int i = 0; i < 3; i++) {
        make_pair(pairs[i]);
        conns[i] = add_conn(&h, pairs[i][0]);
    }
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    reactor_arm(r, pairs[1][0], AC_READABLE, &w);
    EXPECT_UINT(reactor_stats(r).registered, 3, "hub_add registered the three connections (set-up)");

    hub_close(&h, conns[1]);
    EXPECT_UINT(sp.deregisters, 1, "hub_close takes the fd out of the reactor, once");
    EXPECT_UINT(sp.deregistered_closed, 0,
                "deregister BEFORE close: once closed, the number may already belong to a new socket");
    EXPECT_UINT(reactor_stats(r).registered, 2, "one fd fewer in the reactor");
    EXPECT_FALSE(reactor_is_registered(r, pairs[1][0]),
                 "the closed connection's fd is unknown to the reactor");
    EXPECT_NULL(h.conns[1], "its slot in the table is free again");
    EXPECT_UINT(h.open, 2, "h->open counts the connections still in the table");
    EXPECT_UINT(h.closed, 1, "h->closed counts the connections closed");
    EXPECT_INT(counts.wakes, 0, "the waker in the closed fd's slot is dropped, never woken");
    EXPECT_INT(counts.clones, counts.drops, "...and given back: nothing of it stays in the reactor");
    CHECK_WAITING("for the peer of the closed connection to read end of file");
    EXPECT_INT(peer_read_one(pairs[1][1]), 0, "the fd is closed, so the peer reads end of file");

    hub_close(&h, conns[0]);
    hub_close(&h, conns[2]);
    EXPECT_UINT(reactor_stats(r).registered, 0, "every connection left the reactor");
    EXPECT_UINT(h.open, 0, "the table is empty");
    EXPECT_UINT(h.closed, 3, "three connections were closed");
    for (int i = 0; i < 3; i++)
        close(pairs[i][1]);
}

/* X's waker closes Y in the middle of a turn, and a new socket takes Y's
 * number; Y's event, already fetched in the same batch, must hit nobody. */
typedef struct closer {
    echo_hub *h;
    hub_conn *victim;
    int newcomer[2];
    wake_counts *newcomer_counts;
} closer;

static const ac_waker_vtable closer_vtable;
static ac_waker closer_clone(void *data) { return (ac_waker){.data = data, .vtable = &closer_vtable}; }
static void closer_wake(void *data)
{
    closer *c = data;
    hub_close(c->h, c->victim);
    make_pair(c->newcomer);
    assert_int_equal(reactor_register(c->h->reactor, c->newcomer[0]), 0);
    ac_waker w = wake_counts_waker(c->newcomer_counts);
    reactor_arm(c->h->reactor, c->newcomer[0], AC_READABLE, &w);
}
static void closer_drop(void *data) { (void)data; }
static const ac_waker_vtable closer_vtable = {
    .clone = closer_clone, .wake = closer_wake, .wake_by_ref = closer_wake, .drop = closer_drop};

static void hub_close_in_mid_turn_makes_the_late_event_stale(void **state)
{
    CHECK_FN("hub_close");
    rig *g = *state;
    reactor *r = &g->handle;
    echo_hub h;
    hub_init(&h, r);
    int x[2], y[2];
    make_pair(x); /* X gets the lower fd numbers */
    make_pair(y);
    hub_conn *cx_conn = add_conn(&h, x[0]);
    hub_conn *cy_conn = add_conn(&h, y[0]);

    wake_counts y_counts = {0}, newcomer_counts = {0};
    closer cl = {.h = &h, .victim = cy_conn, .newcomer = {-1, -1}, .newcomer_counts = &newcomer_counts};
    ac_waker xw = closer_clone(&cl), yw = wake_counts_waker(&y_counts);
    reactor_arm(r, x[0], AC_READABLE, &xw);
    reactor_arm(r, y[0], AC_READABLE, &yw);

    /* X becomes readable first, then Y: one turn reports both, X first */
    peer_write(x[1], "x", 1);
    peer_write(y[1], "y", 1);
    uint64_t stale_before = reactor_stats(r).stale;
    CHECK_WAITING("for the reactor turn in which X's waker calls hub_close on Y");
    EXPECT_TRUE(reactor_turn(r, AC_SEC(1)) >= 2, "one turn reports X and Y (set-up)");

    EXPECT_UINT(reactor_stats(r).stale - stale_before, 1,
                "Y's event, fetched before hub_close, is recognised as stale: deregister moved Y's "
                "generation on");
    EXPECT_INT(y_counts.wakes, 0, "Y's waker was dropped by hub_close, not woken by the late event");
    EXPECT_INT(y_counts.clones, y_counts.drops, "Y's waker was given back");
    EXPECT_INT(newcomer_counts.wakes, 0, "the new owner of Y's number is not woken by Y's event");
    EXPECT_TRUE(reactor_is_armed(r, cl.newcomer[0], AC_READABLE),
                "the newcomer still waits for its own event");
    EXPECT_UINT(h.open, 1, "only X is left in the hub");
    EXPECT_UINT(reactor_stats(r).registered, 2, "X and the newcomer are registered; Y is not");

    reactor_deregister(r, cl.newcomer[0]);
    close(cl.newcomer[0]);
    close(cl.newcomer[1]);
    hub_close(&h, cx_conn);
    EXPECT_UINT(reactor_stats(r).registered, 0, "closing X leaves the reactor empty");
    close(x[1]);
    close(y[1]);
}

static const struct CMUnitTest ex4_tests[] = {
    TEST(hub_close_deregisters_closes_and_forgets),
    TEST(hub_close_in_mid_turn_makes_the_late_event_stale),
};

/* Both reactors abort() on a misuse, such as arming an fd that was never
 * registered: say which of the learner's functions did it, and fail by
 * exit status (a signal would not count as a failed check).  Only write(2)
 * and _exit(2) here, on strings set before. */
static void on_abort(int sig)
{
    (void)sig;
    check_write_("\nABORT ");
    check_write_(check_now.function != NULL ? check_now.function : "the exercise");
    check_write_("() in lessons/" AC_LESSON_NAME "/exercises/");
    check_write_(check_now.exercise);
    check_write_(".c stopped the program\n  check     ");
    check_write_(check_now.test != NULL ? check_now.test : "?");
    check_write_("\n  why       the reactor refused a call (its message is just above): e.g. an fd\n"
                 "            must be registered before it is armed\n");
    _exit(1);
}

/* Each group on the twin, then on common's reactor; stop at the first
 * reactor with a failure, so a learner sees one report at a time. */
int main(int argc, char **argv)
{
    static const ac_check_group groups[] = {
        AC_CHECK_GROUP(ex1_accept_loop, ex1_tests), AC_CHECK_GROUP(ex2_echo_hub, ex2_tests),
        AC_CHECK_GROUP(ex3_readable, ex3_tests), AC_CHECK_GROUP(ex4_hub_close, ex4_tests)};
    static const reactor_vtable *const kinds[] = {&reactor_twin, &reactor_common};
    signal(SIGABRT, on_abort);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        on_kind = kinds[k];
        printf("== on the %s reactor (%s)\n", on_kind->name,
               on_kind == &reactor_twin ? "lessons/09-reactor/twin_reactor.c" : "common/src/reactor*.c");
        fflush(stdout);
        int failed = ac_check_main(argc, argv, groups, sizeof groups / sizeof groups[0]);
        if (failed != 0)
            return failed;
    }
    return 0;
}
