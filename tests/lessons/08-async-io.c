/*
 * Checks for lesson 08 (async I/O foundations), one group per exercise.
 *
 *   ctest --preset learner -L 08-async-io      all four
 *   ctest --preset learner -R 08-async-io/ex1  just exercise 1
 *
 * Deterministic by construction: socketpairs, or loopback TCP on port 0;
 * every wait has a bound and nothing depends on how long anything takes.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "lesson.h"
#include "net.h"

/* A connected pair of nonblocking stream sockets: [0] is read, [1] is the peer. */
static void nonblocking_pair(int sv[2])
{
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
}

static void send_text(int fd, const char *text)
{
    ssize_t len = (ssize_t)strlen(text);
    assert_int_equal(send(fd, text, (size_t)len, MSG_NOSIGNAL), len);
}

/* The lowest fd number free right now: equal before and after a call
 * means the call left no descriptor open. */
static int lowest_free_fd(void)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    close(fd);
    return fd;
}

/* ---- exercise 1 ------------------------------------------------------ */

typedef struct eagain_log {
    unsigned long calls;
    unsigned long last;
    bool in_order;
    unsigned long give_up_at; /* return false on this call (0: never) */
    unsigned long send_at;    /* write `text` to `peer` on this call (0: never) */
    int peer;
    const char *text;
} eagain_log;

static bool log_eagain(unsigned long eagains, void *arg)
{
    eagain_log *l = arg;
    l->calls++;
    if (eagains != l->last + 1)
        l->in_order = false;
    l->last = eagains;
    if (l->send_at != 0 && eagains == l->send_at)
        send_text(l->peer, l->text);
    return l->give_up_at == 0 || eagains < l->give_up_at;
}

static void spin_read_takes_bytes_already_there(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "hello");
    char buf[16] = {0};
    eagain_log log = {.in_order = true};
    assert_int_equal(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(log.calls, 0); /* no EAGAIN, no observer */
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_counts_each_eagain_until_the_observer_gives_up(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    eagain_log log = {.in_order = true, .give_up_at = 3};
    assert_int_equal(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), -EAGAIN);
    assert_int_equal(log.calls, 3);
    assert_true(log.in_order); /* told 1, 2, 3 */
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_retries_until_data_arrives(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    char buf[16] = {0};
    eagain_log log = {.in_order = true, .give_up_at = 100, .send_at = 4, .peer = sv[1], .text = "late"};
    assert_int_equal(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 4);
    assert_memory_equal(buf, "late", 4);
    assert_int_equal(log.calls, 4); /* the 5th read found the bytes */
    assert_true(log.in_order);
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_without_observer_gives_up_at_once(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    assert_int_equal(spin_read(sv[0], buf, sizeof buf, NULL, NULL), -EAGAIN);
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_reports_end_of_file_and_errors(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    close(sv[1]);
    char buf[16];
    eagain_log log = {.in_order = true, .give_up_at = 5};
    assert_int_equal(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 0);
    assert_int_equal(log.calls, 0);
    close(sv[0]);
    assert_int_equal(spin_read(-1, buf, sizeof buf, log_eagain, &log), -EBADF);
    assert_int_equal(log.calls, 0); /* an error is not an EAGAIN */
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(spin_read_takes_bytes_already_there),
    cmocka_unit_test(spin_read_counts_each_eagain_until_the_observer_gives_up),
    cmocka_unit_test(spin_read_retries_until_data_arrives),
    cmocka_unit_test(spin_read_without_observer_gives_up_at_once),
    cmocka_unit_test(spin_read_reports_end_of_file_and_errors),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void epoll_read_takes_bytes_without_waiting(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "ready");
    char buf[16] = {0};
    unsigned waits = 99;
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 1000, &waits), 5);
    assert_memory_equal(buf, "ready", 5);
    assert_int_equal(waits, 0);
    close(sv[0]);
    close(sv[1]);
}

static void epoll_read_times_out_after_one_wait(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    unsigned waits = 0;
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 0, &waits), -ETIMEDOUT);
    assert_int_equal(waits, 1);
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 20, NULL), -ETIMEDOUT);
    close(sv[0]);
    close(sv[1]);
}

static void *send_late(void *arg)
{
    send_text(*(int *)arg, "woke");
    return NULL;
}

static void epoll_read_sleeps_until_readable(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, send_late, &sv[1]), 0);
    char buf[16] = {0};
    unsigned waits = 99;
    /* Before or after the wait starts, the bytes must be read; the bound
     * is only there so a broken solution fails instead of hanging. */
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 5000, &waits), 4);
    pthread_join(t, NULL);
    assert_memory_equal(buf, "woke", 4);
    assert_true(waits <= 1);
    close(sv[0]);
    close(sv[1]);
}

static void epoll_read_leaves_no_descriptor_open(void **state)
{
    (void)state;
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    int before = lowest_free_fd();
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 0, NULL), -ETIMEDOUT);
    assert_int_equal(lowest_free_fd(), before);
    send_text(sv[1], "x");
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 0, NULL), 1);
    assert_int_equal(lowest_free_fd(), before);
    close(sv[1]);
    before = lowest_free_fd();                                           /* sv[1]'s number is free now */
    assert_int_equal(epoll_read(sv[0], buf, sizeof buf, 1000, NULL), 0); /* end of file */
    assert_int_equal(lowest_free_fd(), before);
    close(sv[0]);
    assert_int_equal(epoll_read(-1, buf, sizeof buf, 0, NULL), -EBADF);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(epoll_read_takes_bytes_without_waiting),
    cmocka_unit_test(epoll_read_times_out_after_one_wait),
    cmocka_unit_test(epoll_read_sleeps_until_readable),
    cmocka_unit_test(epoll_read_leaves_no_descriptor_open),
};

/* ---- exercise 3 ------------------------------------------------------ */

/* Step the server until `cond` holds; at most 50 steps of at most 1 s. */
#define STEP_UNTIL(s, cond)                                 \
    do {                                                    \
        for (int step_ = 0; step_ < 50 && !(cond); step_++) \
            assert_true(echo_server_step((s), 1000) >= 0);  \
        assert_true(cond);                                  \
    } while (0)

static size_t count_conns(const echo_server *s)
{
    size_t n = 0;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        if (s->conns[fd] != NULL) {
            assert_int_equal(s->conns[fd]->fd, fd); /* keyed by its own fd */
            n++;
        }
    }
    return n;
}

/* The server-side fd that is in `after` but not in `before`. */
static int new_conn_fd(const echo_server *s, const bool *before)
{
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++)
        if (s->conns[fd] != NULL && !before[fd])
            return fd;
    return -1;
}

static void mark_conns(const echo_server *s, bool *seen)
{
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++)
        seen[fd] = s->conns[fd] != NULL;
}

static void expect_echo(int client, const char *text)
{
    char buf[64] = {0};
    size_t len = strlen(text), got = 0;
    while (got < len) {
        ssize_t n = recv(client, buf + got, len - got, 0); /* 5 s receive timeout */
        assert_true(n > 0);
        got += (size_t)n;
    }
    assert_memory_equal(buf, text, len);
}

static echo_server server; /* static: 8 KiB of table */

static void echo_step_times_out_quietly(void **state)
{
    (void)state;
    assert_int_equal(echo_server_open(&server), 0);
    assert_int_equal(echo_server_step(&server, 0), 0);
    assert_int_equal(server.live, 0);
    assert_int_equal(server.accepted, 0);
    assert_int_equal(server.steps, 1);
    echo_server_close(&server);
}

static void echo_accepts_and_echoes_one_client(void **state)
{
    (void)state;
    assert_int_equal(echo_server_open(&server), 0);
    int c = loopback_connect(server.port);
    assert_true(c >= 0);
    STEP_UNTIL(&server, server.accepted == 1);
    assert_int_equal(server.live, 1);
    assert_int_equal(count_conns(&server), 1);
    send_text(c, "abc");
    STEP_UNTIL(&server, server.bytes_echoed == 3);
    expect_echo(c, "abc");
    close(c);
    echo_server_close(&server);
}

static void echo_keeps_many_clients_apart_by_fd(void **state)
{
    (void)state;
    static const char *lines[3] = {"one\n", "second line\n", "and a third, longer line\n"};
    assert_int_equal(echo_server_open(&server), 0);
    int c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = loopback_connect(server.port);
        assert_true(c[i] >= 0);
    }
    STEP_UNTIL(&server, server.accepted == 3);
    assert_int_equal(count_conns(&server), 3);
    unsigned long total = 0;
    for (int i = 2; i >= 0; i--) {
        send_text(c[i], lines[i]);
        total += strlen(lines[i]);
    }
    STEP_UNTIL(&server, server.bytes_echoed == total);
    for (int i = 0; i < 3; i++)
        expect_echo(c[i], lines[i]);
    /* each connection counted its own bytes, and no other's */
    unsigned long per_conn = 0;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        if (server.conns[fd] != NULL) {
            unsigned long b = server.conns[fd]->bytes;
            assert_true(b == strlen(lines[0]) || b == strlen(lines[1]) || b == strlen(lines[2]));
            per_conn += b;
        }
    }
    assert_int_equal(per_conn, total);
    for (int i = 0; i < 3; i++)
        close(c[i]);
    STEP_UNTIL(&server, server.live == 0);
    assert_int_equal(server.disconnected, 3);
    echo_server_close(&server);
}

static void echo_forgets_a_client_that_hangs_up(void **state)
{
    (void)state;
    static bool before[ECHO_MAX_FDS];
    assert_int_equal(echo_server_open(&server), 0);
    int leaver = loopback_connect(server.port);
    assert_true(leaver >= 0);
    STEP_UNTIL(&server, server.accepted == 1);
    mark_conns(&server, before);
    int stayer = loopback_connect(server.port);
    assert_true(stayer >= 0);
    STEP_UNTIL(&server, server.accepted == 2);
    int stayer_fd = new_conn_fd(&server, before);
    assert_true(stayer_fd >= 0);
    int leaver_fd = -1;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++)
        if (before[fd])
            leaver_fd = fd;
    assert_true(leaver_fd >= 0);

    close(leaver);
    STEP_UNTIL(&server, server.disconnected == 1);
    assert_int_equal(server.live, 1);
    assert_null(server.conns[leaver_fd]);
    assert_non_null(server.conns[stayer_fd]);
    assert_int_equal(fcntl(leaver_fd, F_GETFD), -1); /* the server closed its end */
    assert_int_equal(errno, EBADF);

    send_text(stayer, "still here");
    STEP_UNTIL(&server, server.bytes_echoed == 10);
    expect_echo(stayer, "still here");
    assert_int_equal(server.conns[stayer_fd]->bytes, 10);
    close(stayer);
    echo_server_close(&server);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(echo_step_times_out_quietly),
    cmocka_unit_test(echo_accepts_and_echoes_one_client),
    cmocka_unit_test(echo_keeps_many_clients_apart_by_fd),
    cmocka_unit_test(echo_forgets_a_client_that_hangs_up),
};

/* ---- exercise 4 ------------------------------------------------------ */

static bridge_reactor reactor; /* static: 16 KiB of slots */

static int unread(int fd)
{
    int n = -1;
    assert_int_equal(ioctl(fd, FIONREAD, &n), 0);
    return n;
}

static void read_future_is_ready_at_once_when_bytes_wait(void **state)
{
    (void)state;
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "hi");
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 2);
    assert_int_equal(*(ssize_t *)ac_future_output(&f.base), 2);
    assert_memory_equal(buf, "hi", 2);
    assert_int_equal(f.eagains, 0);
    assert_false(ac_waker_slot_is_set(&reactor.waiting[sv[0]]));
    assert_int_equal(counts.clones, 0); /* Ready at once: nothing to keep */
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
}

static void reactor_wakes_and_future_reads(void **state)
{
    (void)state;
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);

    /* nothing there: the waker goes to the reactor */
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    assert_int_equal(f.eagains, 1);
    assert_true(ac_waker_slot_is_set(&reactor.waiting[sv[0]]));
    assert_int_equal(counts.clones, 1); /* borrowed waker cloned to keep */
    assert_int_equal(counts.wakes, 0);

    /* nothing happened: a turn wakes nobody */
    assert_int_equal(bridge_reactor_turn(&reactor, 0), 0);
    assert_int_equal(counts.wakes, 0);

    /* bytes arrive: the reactor wakes, and only wakes */
    send_text(sv[1], "hey");
    assert_int_equal(bridge_reactor_turn(&reactor, 1000), 1);
    assert_int_equal(counts.wakes, 1);
    assert_false(ac_waker_slot_is_set(&reactor.waiting[sv[0]]));
    assert_int_equal(unread(sv[0]), 3); /* still in the socket: the reactor did not read */
    assert_int_equal(f.result, 0);
    assert_int_equal(reactor.wakes, 1);

    /* the future reads on its next poll */
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 3);
    assert_memory_equal(buf, "hey", 3);
    assert_int_equal(f.polls, 2);
    assert_int_equal(counts.clones, counts.drops); /* every kept waker given back */
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
    assert_int_equal(counts.clones, counts.drops);
}

static void reactor_wakes_only_the_fd_that_is_ready(void **state)
{
    (void)state;
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int a[2], b[2];
    nonblocking_pair(a);
    nonblocking_pair(b);
    wake_counts ca = {0}, cb = {0};
    ac_waker wa = {.data = &ca, .vtable = counting_vtable()}, wb = {.data = &cb, .vtable = counting_vtable()};
    ac_context cxa = {.waker = &wa}, cxb = {.waker = &wb};
    char bufa[8], bufb[8];
    read_future fa = read_future_new(&reactor, a[0], bufa, sizeof bufa);
    read_future fb = read_future_new(&reactor, b[0], bufb, sizeof bufb);
    assert_int_equal(ac_future_poll(&fa.base, &cxa), AC_PENDING);
    assert_int_equal(ac_future_poll(&fb.base, &cxb), AC_PENDING);
    send_text(b[1], "b");
    assert_int_equal(bridge_reactor_turn(&reactor, 1000), 1);
    assert_int_equal(ca.wakes, 0);
    assert_int_equal(cb.wakes, 1);
    assert_true(ac_waker_slot_is_set(&reactor.waiting[a[0]])); /* a still waits */
    assert_int_equal(ac_future_poll(&fb.base, &cxb), AC_READY);
    assert_int_equal(fb.result, 1);
    ac_future_drop(&fa.base); /* cancel a: its waker must not stay behind */
    assert_false(ac_waker_slot_is_set(&reactor.waiting[a[0]]));
    assert_int_equal(ca.clones, ca.drops);
    assert_int_equal(cb.clones, cb.drops);
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    bridge_reactor_close(&reactor);
}

static void read_future_polled_early_takes_its_waker_back(void **state)
{
    (void)state;
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    send_text(sv[1], "early");
    /* polled again before any reactor turn (a spurious poll is allowed) */
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 5);
    assert_false(ac_waker_slot_is_set(&reactor.waiting[sv[0]]));
    assert_int_equal(counts.clones, counts.drops);
    /* the edge is still reported, but there is nobody left to wake */
    assert_int_equal(bridge_reactor_turn(&reactor, 0), 0);
    assert_int_equal(counts.wakes, 0);
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
}

static void read_future_sees_the_peer_hang_up(void **state)
{
    (void)state;
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16];
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_PENDING);
    close(sv[1]);
    assert_int_equal(bridge_reactor_turn(&reactor, 1000), 1);
    assert_int_equal(ac_future_poll(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 0);
    read_future bad = read_future_new(&reactor, -1, buf, sizeof buf);
    assert_int_equal(ac_future_poll(&bad.base, &cx), AC_READY);
    assert_int_equal(bad.result, -EBADF);
    assert_int_equal(counts.clones, counts.drops);
    close(sv[0]);
    bridge_reactor_close(&reactor);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(read_future_is_ready_at_once_when_bytes_wait),
    cmocka_unit_test(reactor_wakes_and_future_reads),
    cmocka_unit_test(reactor_wakes_only_the_fd_that_is_ready),
    cmocka_unit_test(read_future_polled_early_takes_its_waker_back),
    cmocka_unit_test(read_future_sees_the_peer_hang_up),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_spin_read, ex1_tests), AC_CHECK_GROUP(ex2_epoll_read, ex2_tests),
              AC_CHECK_GROUP(ex3_echo_server, ex3_tests), AC_CHECK_GROUP(ex4_waker_bridge, ex4_tests))
