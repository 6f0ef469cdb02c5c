/*
 * Checks for lesson 09 (the reactor), one group per exercise.
 *
 *   ctest --preset learner -L 09-reactor      all four
 *   ctest --preset learner -R 09-reactor/ex2  just exercise 2
 *
 * Everything runs on socket pairs or loopback port 0.  The only waits on
 * the real clock are bounded reactor turns that end as soon as the event
 * they wait for arrives (or, in the timeout checks, after a few ms).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"
#include "given_sockets.h"

/* Every check gets a fresh executor and its reactor, driven by hand. */
typedef struct rig {
    ac_executor ex;
    ac_reactor *r;
} rig;

static int rig_setup(void **state)
{
    rig *g = calloc(1, sizeof *g);
    if (g == NULL || ac_executor_init(&g->ex) != 0)
        return -1;
    g->r = ac_reactor_get(&g->ex);
    *state = g;
    return g->r == NULL ? -1 : 0;
}

static int rig_teardown(void **state)
{
    rig *g = *state;
    ac_executor_close(&g->ex);
    free(g);
    return 0;
}

/* Read exactly n bytes from a nonblocking or blocking fd within 2 s. */
static void read_within(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        assert_int_equal(poll(&p, 1, 2000), 1);
        ssize_t k = read(fd, buf + got, n - got);
        assert_true(k > 0);
        got += (size_t)k;
    }
}

static bool fd_is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

/* ---- exercise 1 -------------------------------------------------------- */

typedef struct accepted {
    int fds[8];
    unsigned turns[8];
    unsigned n;
} accepted;

static void record_accept(int fd, unsigned turn, void *arg)
{
    accepted *a = arg;
    assert_true(a->n < 8);
    a->fds[a->n] = fd;
    a->turns[a->n++] = turn;
}

static void close_accepted(accepted *a)
{
    for (unsigned i = 0; i < a->n; i++)
        close(a->fds[i]);
}

static void accept_loop_takes_queued_clients_without_waiting(void **state)
{
    rig *g = *state;
    uint16_t port;
    int lfd = listen_loopback(&port);
    assert_true(lfd >= 0);
    int clients[3];
    for (int i = 0; i < 3; i++)
        assert_true((clients[i] = connect_loopback(port)) >= 0);

    accepted a = {0};
    assert_int_equal(accept_loop(g->r, lfd, 3, AC_SEC(2), record_accept, &a), 3);
    assert_int_equal(a.n, 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(a.turns[i], 0); /* all were queued: found by trying first */
        assert_true(fcntl(a.fds[i], F_GETFL) & O_NONBLOCK);
    }
    assert_int_equal(g->r->stats.waits, 0); /* no turn was needed */
    /* the listener left the reactor, but stays open: it is the caller's */
    assert_false(ac_reactor_is_registered(g->r, lfd));
    assert_int_equal(g->r->registered, 0);
    assert_true(fd_is_open(lfd));
    close_accepted(&a);
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
    rig *g = *state;
    connector c = {.fds = {-1, -1}};
    int lfd = listen_loopback(&c.port);
    assert_true(lfd >= 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, connect_two, &c), 0);
    accepted a = {0};
    int n = accept_loop(g->r, lfd, 2, AC_SEC(5), record_accept, &a);
    pthread_join(t, NULL);
    assert_int_equal(n, 2);
    assert_int_equal(a.n, 2);
    assert_int_equal(g->r->registered, 0);
    close_accepted(&a);
    close(c.fds[0]);
    close(c.fds[1]);
    close(lfd);
}

static void *connect_one(void *arg)
{
    connector *c = arg;
    c->fds[0] = connect_loopback(c->port);
    return NULL;
}

/* Another fd of the same reactor is busy: a turn that returns for it is
 * not the listener's wake, and not a timeout either. */
static void accept_loop_keeps_waiting_through_other_events(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    assert_int_equal(ac_reactor_register(g->r, pair[0]), 0);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_reactor_arm(g->r, pair[0], AC_READABLE, &w);
    assert_int_equal(write(pair[1], "noise", 5), 5); /* an event is waiting */

    connector c = {.fds = {-1, -1}};
    int lfd = listen_loopback(&c.port);
    assert_true(lfd >= 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, connect_one, &c), 0);
    accepted a = {0};
    int n = accept_loop(g->r, lfd, 1, AC_SEC(5), record_accept, &a);
    pthread_join(t, NULL);
    assert_int_equal(n, 1);
    assert_int_equal(g->r->registered, 1); /* only the socket pair is left */
    close_accepted(&a);
    close(c.fds[0]);
    close(lfd);
    ac_reactor_deregister(g->r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static void accept_loop_times_out_and_deregisters(void **state)
{
    rig *g = *state;
    uint16_t port;
    int lfd = listen_loopback(&port);
    assert_true(lfd >= 0);
    accepted a = {0};
    assert_int_equal(accept_loop(g->r, lfd, 1, AC_MSEC(5), record_accept, &a), -ETIMEDOUT);
    assert_int_equal(a.n, 0);
    assert_true(g->r->stats.waits >= 1); /* it did wait in the reactor */
    assert_false(ac_reactor_is_registered(g->r, lfd));
    assert_int_equal(g->r->registered, 0);
    close(lfd);
}

static void accept_loop_closes_fds_nobody_wants(void **state)
{
    rig *g = *state;
    uint16_t port;
    int lfd = listen_loopback(&port);
    assert_true(lfd >= 0);
    int client = connect_loopback(port);
    assert_true(client >= 0);
    assert_int_equal(accept_loop(g->r, lfd, 1, AC_SEC(2), NULL, NULL), 1);
    char byte;
    struct pollfd p = {.fd = client, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 2000), 1);
    assert_int_equal(read(client, &byte, 1), 0); /* the server side was closed */
    close(client);
    close(lfd);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test_setup_teardown(accept_loop_takes_queued_clients_without_waiting, rig_setup,
                                    rig_teardown),
    cmocka_unit_test_setup_teardown(accept_loop_waits_for_clients_that_come_later, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(accept_loop_keeps_waiting_through_other_events, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(accept_loop_times_out_and_deregisters, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(accept_loop_closes_fds_nobody_wants, rig_setup, rig_teardown),
};

/* ---- exercise 2: closes through a test double, not exercise 4 --------- */

static int test_closes;

static void test_close(echo_hub *h, hub_conn *c)
{
    test_closes++;
    ac_reactor_deregister(h->reactor, c->fd);
    close(c->fd);
    h->conns[c->slot] = NULL;
    h->open--;
    h->closed++;
    free(c);
}

static void echo_hub_serves_only_the_connections_that_woke(void **state)
{
    rig *g = *state;
    echo_hub h;
    hub_init(&h, g->r);
    h.on_close = test_close;
    test_closes = 0;
    int pairs[3][2];
    hub_conn *conns[3];
    for (int i = 0; i < 3; i++) {
        assert_int_equal(socket_pair(pairs[i]), 0);
        assert_non_null(conns[i] = hub_add(&h, pairs[i][0]));
    }

    /* turn 1: every new connection is ready; each is tried, finds nothing, arms */
    assert_int_equal(echo_hub_turn(&h, AC_SEC(1)), 3);
    for (int i = 0; i < 3; i++) {
        assert_false(conns[i]->ready);
        assert_true(ac_reactor_is_armed(g->r, conns[i]->fd, AC_READABLE));
    }
    assert_int_equal(g->r->stats.waits, 0); /* there was work: no wait */

    /* turn 2: two clients write; exactly their connections are served */
    assert_int_equal(write(pairs[0][1], "a", 1), 1);
    assert_int_equal(write(pairs[2][1], "bbb", 3), 3);
    assert_int_equal(echo_hub_turn(&h, AC_SEC(1)), 2);
    assert_int_equal(h.wakes, 2);
    char buf[8] = {0};
    read_within(pairs[0][1], buf, 1);
    assert_memory_equal(buf, "a", 1);
    read_within(pairs[2][1], buf, 3);
    assert_memory_equal(buf, "bbb", 3);
    assert_int_equal(conns[0]->echoed, 1);
    assert_int_equal(conns[1]->echoed, 0);
    assert_int_equal(conns[2]->echoed, 3);
    assert_int_equal(h.echoed, 4);
    assert_true(ac_reactor_is_armed(g->r, conns[0]->fd, AC_READABLE)); /* armed again */

    /* turn 3: client 1 hangs up; its connection is closed through on_close */
    close(pairs[1][1]);
    assert_int_equal(echo_hub_turn(&h, AC_SEC(1)), 1);
    assert_int_equal(test_closes, 1);
    assert_null(h.conns[1]);
    assert_int_equal(h.open, 2);
    assert_int_equal(g->r->registered, 2);

    /* turn 4: nothing happens before the (short) timeout */
    assert_int_equal(echo_hub_turn(&h, AC_MSEC(5)), 0);
    assert_int_equal(h.turns, 4);

    hub_free(&h);
    assert_int_equal(test_closes, 3);
    assert_int_equal(g->r->registered, 0);
    close(pairs[0][1]);
    close(pairs[2][1]);
}

static void echo_hub_drains_everything_that_arrived(void **state)
{
    rig *g = *state;
    echo_hub h;
    hub_init(&h, g->r);
    h.on_close = test_close;
    test_closes = 0;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    hub_conn *c = hub_add(&h, pair[0]);
    assert_non_null(c);
    /* 20 KiB already waiting: more than one read's worth, echoed in one turn */
    static char out[20480], back[20480];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (char)('a' + i % 26);
    assert_int_equal(write(pair[1], out, sizeof out), (ssize_t)sizeof out);
    assert_int_equal(echo_hub_turn(&h, AC_SEC(1)), 1);
    assert_int_equal(c->echoed, sizeof out);
    read_within(pair[1], back, sizeof back);
    assert_memory_equal(out, back, sizeof out);
    hub_free(&h);
    close(pair[1]);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test_setup_teardown(echo_hub_serves_only_the_connections_that_woke, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(echo_hub_drains_everything_that_arrived, rig_setup, rig_teardown),
};

/* ---- exercise 3 -------------------------------------------------------- */

static void readable_pends_arms_and_reads_after_the_wake(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    readable f = readable_new(g->r, pair[0], buf, sizeof buf);

    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    assert_true(ac_reactor_is_registered(g->r, pair[0]));
    assert_true(ac_reactor_is_armed(g->r, pair[0], AC_READABLE));
    assert_true(f.armed);
    assert_int_equal(f.eagains, 1);
    assert_int_equal(counts.clones, 1); /* the reactor keeps a clone */

    assert_int_equal(write(pair[1], "ping", 4), 4);
    assert_true(ac_reactor_turn(g->r, AC_SEC(1)) >= 1);
    assert_int_equal(counts.wakes, 1);
    assert_false(ac_reactor_is_armed(g->r, pair[0], AC_READABLE)); /* slot emptied */

    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 4);
    assert_memory_equal(buf, "ping", 4);
    assert_int_equal(*(ssize_t *)ac_future_output(&f.base), 4);
    assert_int_equal(counts.clones, counts.drops); /* nothing of ours left behind */

    ac_reactor_deregister(g->r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static void readable_ready_at_once_never_registers(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    assert_int_equal(write(pair[1], "hi", 2), 2);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(g->r, pair[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 2);
    assert_int_equal(f.eagains, 0);
    assert_false(ac_reactor_is_registered(g->r, pair[0])); /* tried first, never waited */
    assert_int_equal(counts.clones, 0);

    /* end of file is Ready too, with 0 */
    close(pair[1]);
    readable eof = readable_new(g->r, pair[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&eof.base, &cx), AC_READY);
    assert_int_equal(eof.result, 0);
    close(pair[0]);

    /* and an error is Ready with -errno */
    readable bad = readable_new(g->r, pair[0], buf, sizeof buf); /* closed fd */
    assert_int_equal(ac_future_poll(&bad.base, &cx), AC_READY);
    assert_int_equal(bad.result, -EBADF);
}

static void readable_rearms_after_a_wake_that_found_nothing(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(g->r, pair[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    assert_int_equal(write(pair[1], "x", 1), 1);
    assert_true(ac_reactor_turn(g->r, AC_SEC(1)) >= 1);
    assert_int_equal(counts.wakes, 1);
    char stolen;
    assert_int_equal(read(pair[0], &stolen, 1), 1); /* someone else took the byte */
    /* the wake was only a hint: try, EAGAIN, arm again */
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    assert_int_equal(f.eagains, 2);
    assert_true(ac_reactor_is_armed(g->r, pair[0], AC_READABLE));
    ac_future_drop(&f.base);
    ac_reactor_deregister(g->r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static void readable_drop_disarms(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    char buf[16];
    readable f = readable_new(g->r, pair[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    ac_future_drop(&f.base);
    assert_false(f.armed);
    assert_false(ac_reactor_is_armed(g->r, pair[0], AC_READABLE));
    assert_int_equal(counts.wakes, 0);
    assert_int_equal(counts.clones, counts.drops); /* the clone was given back */
    /* a later event for fd wakes nobody */
    assert_int_equal(write(pair[1], "late", 4), 4);
    ac_reactor_turn(g->r, 0);
    assert_int_equal(counts.wakes, 0);
    ac_reactor_deregister(g->r, pair[0]);
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
    assert_int_equal(write(w->fd, "hello", 5), 5);
    return AC_READY;
}
static const ac_future_vtable writer_vtable = {.name = "writer", .poll = writer_poll};

static void readable_on_the_executor(void **state)
{
    rig *g = *state;
    int pair[2];
    assert_int_equal(socket_pair(pair), 0);
    char buf[16];
    readable f = readable_new(g->r, pair[0], buf, sizeof buf);
    writer w = {.base = {&writer_vtable}, .fd = pair[1]};
    ac_join_handle h = AC_SPAWN(&g->ex, w);
    ac_block_on(&g->ex, &f.base); /* root first: Pending; writer; park in the reactor; woken */
    assert_int_equal(f.result, 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(f.eagains, 1);
    assert_true(g->r->stats.wakes >= 1);
    ac_join_release(&h);
    ac_reactor_deregister(g->r, pair[0]);
    close(pair[0]);
    close(pair[1]);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test_setup_teardown(readable_pends_arms_and_reads_after_the_wake, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(readable_ready_at_once_never_registers, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(readable_rearms_after_a_wake_that_found_nothing, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(readable_drop_disarms, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(readable_on_the_executor, rig_setup, rig_teardown),
};

/* ---- exercise 4 -------------------------------------------------------- */

static void hub_close_deregisters_closes_and_forgets(void **state)
{
    rig *g = *state;
    echo_hub h;
    hub_init(&h, g->r);
    int pairs[3][2];
    hub_conn *conns[3];
    for (int i = 0; i < 3; i++) {
        assert_int_equal(socket_pair(pairs[i]), 0);
        assert_non_null(conns[i] = hub_add(&h, pairs[i][0]));
    }
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_reactor_arm(g->r, pairs[1][0], AC_READABLE, &w);
    assert_int_equal(g->r->registered, 3);

    hub_close(&h, conns[1]);
    assert_int_equal(g->r->registered, 2);
    assert_false(ac_reactor_is_registered(g->r, pairs[1][0]));
    assert_null(h.conns[1]);
    assert_int_equal(h.open, 2);
    assert_int_equal(h.closed, 1);
    assert_int_equal(counts.wakes, 0); /* dropped, never woken */
    assert_int_equal(counts.clones, counts.drops);
    char byte;
    assert_int_equal(read(pairs[1][1], &byte, 1), 0); /* the peer sees end of file */

    hub_close(&h, conns[0]);
    hub_close(&h, conns[2]);
    assert_int_equal(g->r->registered, 0);
    assert_int_equal(h.open, 0);
    assert_int_equal(h.closed, 3);
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
    assert_int_equal(socket_pair(c->newcomer), 0);
    assert_int_equal(ac_reactor_register(c->h->reactor, c->newcomer[0]), 0);
    ac_waker w = wake_counts_waker(c->newcomer_counts);
    ac_reactor_arm(c->h->reactor, c->newcomer[0], AC_READABLE, &w);
}
static void closer_drop(void *data) { (void)data; }
static const ac_waker_vtable closer_vtable = {
    .clone = closer_clone, .wake = closer_wake, .wake_by_ref = closer_wake, .drop = closer_drop};

static void hub_close_in_mid_turn_makes_the_late_event_stale(void **state)
{
    rig *g = *state;
    echo_hub h;
    hub_init(&h, g->r);
    int x[2], y[2];
    assert_int_equal(socket_pair(x), 0); /* X gets the lower fd numbers */
    assert_int_equal(socket_pair(y), 0);
    hub_conn *cx_conn = hub_add(&h, x[0]);
    hub_conn *cy_conn = hub_add(&h, y[0]);
    assert_non_null(cx_conn);
    assert_non_null(cy_conn);

    wake_counts y_counts = {0}, newcomer_counts = {0};
    closer cl = {.h = &h, .victim = cy_conn, .newcomer_counts = &newcomer_counts};
    ac_waker xw = closer_clone(&cl), yw = wake_counts_waker(&y_counts);
    ac_reactor_arm(g->r, x[0], AC_READABLE, &xw);
    ac_reactor_arm(g->r, y[0], AC_READABLE, &yw);

    /* X becomes readable first, then Y: one turn reports both, X first */
    assert_int_equal(write(x[1], "x", 1), 1);
    assert_int_equal(write(y[1], "y", 1), 1);
    uint64_t stale_before = g->r->stats.stale;
    assert_true(ac_reactor_turn(g->r, AC_SEC(1)) >= 2);

    assert_int_equal(g->r->stats.stale - stale_before, 1); /* Y's event: ignored */
    assert_int_equal(y_counts.wakes, 0);                   /* Y's waker: dropped */
    assert_int_equal(y_counts.clones, y_counts.drops);
    assert_int_equal(newcomer_counts.wakes, 0); /* the new owner of the number: untouched */
    assert_true(ac_reactor_is_armed(g->r, cl.newcomer[0], AC_READABLE));
    assert_int_equal(h.open, 1);
    assert_int_equal(g->r->registered, 2); /* X and the newcomer */

    ac_reactor_deregister(g->r, cl.newcomer[0]);
    close(cl.newcomer[0]);
    close(cl.newcomer[1]);
    hub_close(&h, cx_conn);
    assert_int_equal(g->r->registered, 0);
    close(x[1]);
    close(y[1]);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test_setup_teardown(hub_close_deregisters_closes_and_forgets, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(hub_close_in_mid_turn_makes_the_late_event_stale, rig_setup,
                                    rig_teardown),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_accept_loop, ex1_tests), AC_CHECK_GROUP(ex2_echo_hub, ex2_tests),
              AC_CHECK_GROUP(ex3_readable, ex3_tests), AC_CHECK_GROUP(ex4_hub_close, ex4_tests))
