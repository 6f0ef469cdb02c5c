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
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "lesson.h"
#include "given_net.h"

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
    CHECK_FN("spin_read");
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "hello");
    char buf[16] = {0};
    eagain_log log = {.in_order = true};
    EXPECT_INT(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 5,
               "5 bytes are waiting: the first read() takes them and spin_read returns the count");
    EXPECT_MEM(buf, "hello", 5, "the bytes read land in buf");
    EXPECT_INT(log.calls, 0, "no EAGAIN happened, so the observer is never asked");
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_counts_each_eagain_until_the_observer_gives_up(void **state)
{
    (void)state;
    CHECK_FN("spin_read");
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    eagain_log log = {.in_order = true, .give_up_at = 3};
    EXPECT_ERR(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), -EAGAIN,
               "when the observer gives up, spin_read returns -EAGAIN");
    EXPECT_INT(log.calls, 3, "the observer is asked once per EAGAIN, and gave up on the third");
    EXPECT_TRUE(log.in_order, "the observer is told the EAGAINs so far: 1, then 2, then 3");
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_retries_until_data_arrives(void **state)
{
    (void)state;
    CHECK_FN("spin_read");
    int sv[2];
    nonblocking_pair(sv);
    char buf[16] = {0};
    eagain_log log = {.in_order = true, .give_up_at = 100, .send_at = 4, .peer = sv[1], .text = "late"};
    EXPECT_INT(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 4,
               "while the observer says retry, spin_read reads again, until the bytes arrive");
    EXPECT_MEM(buf, "late", 4, "the bytes read land in buf");
    EXPECT_INT(log.calls, 4, "4 EAGAINs, then the 5th read found the bytes: no question after that");
    EXPECT_TRUE(log.in_order, "the observer is told the EAGAINs so far: 1, 2, 3, 4");
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_without_observer_gives_up_at_once(void **state)
{
    (void)state;
    CHECK_FN("spin_read");
    CHECK_WAITING("for spin_read with no observer (NULL) to give up at the first EAGAIN");
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    EXPECT_ERR(spin_read(sv[0], buf, sizeof buf, NULL, NULL), -EAGAIN,
               "no observer means give up at the first EAGAIN, and say so with -EAGAIN");
    close(sv[0]);
    close(sv[1]);
}

static void spin_read_reports_end_of_file_and_errors(void **state)
{
    (void)state;
    CHECK_FN("spin_read");
    CHECK_WAITING("for spin_read to return at end of file (the peer closed its end)");
    int sv[2];
    nonblocking_pair(sv);
    close(sv[1]);
    char buf[16];
    eagain_log log = {.in_order = true, .give_up_at = 5};
    EXPECT_INT(spin_read(sv[0], buf, sizeof buf, log_eagain, &log), 0,
               "read() returning 0 is end of file (the peer hung up): return 0, do not retry");
    EXPECT_INT(log.calls, 0, "end of file is not an EAGAIN: the observer is not asked");
    close(sv[0]);
    EXPECT_ERR(spin_read(-1, buf, sizeof buf, log_eagain, &log), -EBADF,
               "any other error is returned as -errno at once");
    EXPECT_INT(log.calls, 0, "an error is not an EAGAIN: the observer is not asked");
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
    CHECK_FN("epoll_read");
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "ready");
    char buf[16] = {0};
    unsigned waits = 99;
    EXPECT_INT(epoll_read(sv[0], buf, sizeof buf, 1000, &waits), 5,
               "5 bytes are waiting: the read returns them");
    EXPECT_MEM(buf, "ready", 5, "the bytes read land in buf");
    EXPECT_INT(waits, 0,
               "try the read first: with bytes already there epoll_wait is never called (*waits = 0)");
    close(sv[0]);
    close(sv[1]);
}

static void epoll_read_times_out_after_one_wait(void **state)
{
    (void)state;
    CHECK_FN("epoll_read");
    CHECK_WAITING("for epoll_read to give up after a wait that timed out");
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    unsigned waits = 0;
    EXPECT_ERR(epoll_read(sv[0], buf, sizeof buf, 0, &waits), -ETIMEDOUT,
               "a wait that times out with nothing to read ends the read with -ETIMEDOUT");
    EXPECT_INT(waits, 1, "one epoll_wait, which timed out");
    EXPECT_ERR(epoll_read(sv[0], buf, sizeof buf, 20, NULL), -ETIMEDOUT,
               "waits may be NULL: the count is then not stored");
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
    CHECK_FN("epoll_read");
    int sv[2];
    nonblocking_pair(sv);
    CHECK_WAITING("for epoll_read to return the 4 bytes another thread sends");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, send_late, &sv[1]), 0);
    char buf[16] = {0};
    unsigned waits = 99;
    /* Before or after the wait starts, the bytes must be read; the bound
     * is only there so a broken solution fails instead of hanging. */
    EXPECT_INT(epoll_read(sv[0], buf, sizeof buf, 5000, &waits), 4,
               "epoll_wait sleeps until the fd is readable, then the read takes the bytes");
    pthread_join(t, NULL);
    EXPECT_MEM(buf, "woke", 4, "the bytes read land in buf");
    EXPECT_TRUE(waits <= 1, "one readiness report is enough: at most one wait before the read succeeds");
    close(sv[0]);
    close(sv[1]);
}

static void epoll_read_leaves_no_descriptor_open(void **state)
{
    (void)state;
    CHECK_FN("epoll_read");
    int sv[2];
    nonblocking_pair(sv);
    char buf[16];
    int before = lowest_free_fd();
    EXPECT_ERR(epoll_read(sv[0], buf, sizeof buf, 0, NULL), -ETIMEDOUT,
               "nothing to read: the wait times out");
    EXPECT_INT(lowest_free_fd(), before,
               "the private epoll instance is closed before returning (after a timeout)");
    send_text(sv[1], "x");
    EXPECT_INT(epoll_read(sv[0], buf, sizeof buf, 0, NULL), 1, "1 byte waiting: the read returns it");
    EXPECT_INT(lowest_free_fd(), before,
               "the private epoll instance is closed before returning (after a read)");
    close(sv[1]);
    before = lowest_free_fd(); /* sv[1]'s number is free now */
    EXPECT_INT(epoll_read(sv[0], buf, sizeof buf, 1000, NULL), 0, "the peer hung up: end of file, 0");
    EXPECT_INT(lowest_free_fd(), before,
               "the private epoll instance is closed before returning (at end of file)");
    close(sv[0]);
    EXPECT_ERR(epoll_read(-1, buf, sizeof buf, 0, NULL), -EBADF,
               "an fd that cannot be read is -errno, not a wait");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(epoll_read_takes_bytes_without_waiting),
    cmocka_unit_test(epoll_read_times_out_after_one_wait),
    cmocka_unit_test(epoll_read_sleeps_until_readable),
    cmocka_unit_test(epoll_read_leaves_no_descriptor_open),
};

/* ---- exercise 3 ------------------------------------------------------ */

/* Step the server until `cond` holds: at most 40 steps of at most 50 ms,
 * so a condition that never comes true fails in words within 2 s (loopback
 * events arrive in microseconds; the bound is only reached when nothing
 * happens). */
#define STEP_UNTIL(s, cond, why)                                                                      \
    do {                                                                                              \
        for (int step_ = 0; step_ < 40 && !(cond); step_++)                                           \
            EXPECT_TRUE(echo_server_step((s), 50) >= 0, "echo_server_step returns events or -errno"); \
        EXPECT_TRUE(cond, why);                                                                       \
    } while (0)

static size_t count_conns(const echo_server *s)
{
    size_t n = 0;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        if (s->conns[fd] != NULL) {
            EXPECT_INT(s->conns[fd]->fd, fd, "the table is keyed by fd: conns[fd] is the connection on fd");
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
        EXPECT_TRUE(n > 0, "the client gets its bytes back (the server writes what it read)");
        got += (size_t)n;
    }
    EXPECT_MEM(buf, text, len, "each client gets back exactly what it sent");
}

/* Connections the kernel has completed and queued on the listener, not
 * yet accepted (for a listening socket, TCP_INFO's tcpi_unacked). */
static unsigned accept_queue(int listen_fd)
{
    struct tcp_info info;
    socklen_t len = sizeof info;
    assert_int_equal(getsockopt(listen_fd, IPPROTO_TCP, TCP_INFO, &info, &len), 0);
    return info.tcpi_unacked;
}

static echo_server server; /* static: 8 KiB of table */

static void echo_step_times_out_quietly(void **state)
{
    (void)state;
    CHECK_FN("echo_server_step");
    assert_int_equal(echo_server_open(&server), 0);
    EXPECT_INT(echo_server_step(&server, 0), 0, "nothing happened before the timeout: 0 events");
    EXPECT_INT(server.live, 0, "no client came: no connection");
    EXPECT_INT(server.accepted, 0, "no client came: nothing accepted");
    EXPECT_INT(server.steps, 1, "every turn of the loop counts in steps, a quiet one too");
    echo_server_close(&server);
}

static void echo_accepts_and_echoes_one_client(void **state)
{
    (void)state;
    CHECK_FN("echo_server_step");
    CHECK_WAITING("for the server to accept one client and echo its 3 bytes");
    assert_int_equal(echo_server_open(&server), 0);
    int c = loopback_connect(server.port);
    assert_true(c >= 0);
    STEP_UNTIL(&server, server.accepted == 1, "a readable listener means a client is waiting: accept it");
    EXPECT_INT(server.live, 1, "one client connected: one connection live");
    EXPECT_INT(count_conns(&server), 1, "the accepted connection is in the table, at conns[its fd]");
    send_text(c, "abc");
    STEP_UNTIL(&server, server.bytes_echoed == 3, "a readable connection is read and its bytes written back");
    expect_echo(c, "abc");
    close(c);
    echo_server_close(&server);
}

/* Three clients already queued: ONE readable event on the listener must
 * take them all (accept until EAGAIN), not one per step. */
static void echo_accepts_every_waiting_client_at_once(void **state)
{
    (void)state;
    CHECK_FN("echo_server_step");
    CHECK_WAITING("for 3 clients to be queued on the listener, then for one step");
    assert_int_equal(echo_server_open(&server), 0);
    int c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = loopback_connect(server.port);
        assert_true(c[i] >= 0);
    }
    while (accept_queue(server.listen_fd) < 3)
        usleep(1000); /* the kernel finishes the handshakes (the watchdog bounds this) */
    EXPECT_INT(echo_server_step(&server, 1000), 1, "one event: the listener is readable");
    EXPECT_INT(server.accepted, 3,
               "one readable listener can stand for many waiting clients: accept until EAGAIN, not just one");
    EXPECT_INT(server.live, 3, "three clients accepted: three connections live");
    for (int i = 0; i < 3; i++)
        close(c[i]);
    echo_server_close(&server);
}

static void echo_keeps_many_clients_apart_by_fd(void **state)
{
    (void)state;
    CHECK_FN("echo_server_step");
    CHECK_WAITING("for the server to accept 3 clients, echo each its line, then see them hang up");
    static const char *lines[3] = {"one\n", "second line\n", "and a third, longer line\n"};
    assert_int_equal(echo_server_open(&server), 0);
    int c[3];
    for (int i = 0; i < 3; i++) {
        c[i] = loopback_connect(server.port);
        assert_true(c[i] >= 0);
    }
    STEP_UNTIL(&server, server.accepted == 3, "three clients connected: accept all three");
    EXPECT_INT(count_conns(&server), 3, "each accepted connection is in the table, at conns[its fd]");
    unsigned long total = 0;
    for (int i = 2; i >= 0; i--) {
        send_text(c[i], lines[i]);
        total += strlen(lines[i]);
    }
    STEP_UNTIL(&server, server.bytes_echoed == total, "every client's line is read and written back");
    for (int i = 0; i < 3; i++)
        expect_echo(c[i], lines[i]);
    unsigned long per_conn = 0;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        if (server.conns[fd] != NULL) {
            unsigned long b = server.conns[fd]->bytes;
            EXPECT_TRUE(b == strlen(lines[0]) || b == strlen(lines[1]) || b == strlen(lines[2]),
                        "each connection counts its own bytes, and no other's");
            per_conn += b;
        }
    }
    EXPECT_INT(per_conn, total, "the bytes counted per connection add up to bytes_echoed");
    for (int i = 0; i < 3; i++)
        close(c[i]);
    STEP_UNTIL(&server, server.live == 0, "a client that hangs up is forgotten: live counts down to 0");
    EXPECT_INT(server.disconnected, 3, "every hang-up counts in disconnected");
    echo_server_close(&server);
}

static void echo_forgets_a_client_that_hangs_up(void **state)
{
    (void)state;
    CHECK_FN("echo_server_step");
    CHECK_WAITING("for the server to notice a client hang up and keep serving the other");
    static bool before[ECHO_MAX_FDS];
    assert_int_equal(echo_server_open(&server), 0);
    int leaver = loopback_connect(server.port);
    assert_true(leaver >= 0);
    STEP_UNTIL(&server, server.accepted == 1, "a client connected: accept it");
    mark_conns(&server, before);
    int stayer = loopback_connect(server.port);
    assert_true(stayer >= 0);
    STEP_UNTIL(&server, server.accepted == 2, "a second client connected: accept it");
    int stayer_fd = new_conn_fd(&server, before);
    EXPECT_TRUE(stayer_fd >= 0, "the second connection is in the table");
    int leaver_fd = -1;
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++)
        if (before[fd])
            leaver_fd = fd;
    EXPECT_TRUE(leaver_fd >= 0, "the first connection is in the table");

    close(leaver);
    STEP_UNTIL(&server, server.disconnected == 1,
               "a read of 0 (end of file) means the client hung up: forget the connection");
    EXPECT_INT(server.live, 1, "one of two clients left: one connection live");
    EXPECT_NULL(server.conns[leaver_fd], "a forgotten connection leaves the table (conns[fd] = NULL)");
    EXPECT_NONNULL(server.conns[stayer_fd], "the other connection stays");
    EXPECT_INT(fcntl(leaver_fd, F_GETFD), -1, "the server closes its end of a connection it forgets");

    send_text(stayer, "still here");
    STEP_UNTIL(&server, server.bytes_echoed == 10, "the client that stayed is still served");
    expect_echo(stayer, "still here");
    EXPECT_INT(server.conns[stayer_fd]->bytes, 10, "each connection counts the bytes echoed on it");
    close(stayer);
    echo_server_close(&server);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(echo_step_times_out_quietly),
    cmocka_unit_test(echo_accepts_and_echoes_one_client),
    cmocka_unit_test(echo_accepts_every_waiting_client_at_once),
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
    CHECK_FN("read_future_poll");
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    send_text(sv[1], "hi");
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "2 bytes are waiting: the first read gets them");
    EXPECT_INT(f.result, 2, "the result is the read's count");
    EXPECT_INT(*(ssize_t *)ac_future_output(&f.base), 2, "the output is `result`");
    EXPECT_MEM(buf, "hi", 2, "the bytes read land in buf");
    EXPECT_INT(f.eagains, 0, "no EAGAIN happened");
    EXPECT_FALSE(ac_waker_slot_is_set(&reactor.waiting[sv[0]]),
                 "a Ready future leaves no waker with the reactor");
    EXPECT_INT(counts.clones, 0, "Ready at once: there was no waker to keep");
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
}

static void reactor_wakes_and_future_reads(void **state)
{
    (void)state;
    CHECK_FN("read_future_poll");
    CHECK_WAITING("for bridge_reactor_turn to report the fd readable (1 s at most)");
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);

    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing to read yet (EAGAIN): Pending");
    EXPECT_INT(f.eagains, 1, "one read said EAGAIN");
    EXPECT_TRUE(
        ac_waker_slot_is_set(&reactor.waiting[sv[0]]),
        "before saying Pending the future leaves its waker with the reactor, or nothing ever wakes it");
    EXPECT_INT(counts.clones, 1, "the borrowed waker is cloned once, to be kept");
    EXPECT_INT(counts.wakes, 0, "nothing happened yet: no wake");

    CHECK_FN("bridge_reactor_turn");
    EXPECT_INT(bridge_reactor_turn(&reactor, 0), 0, "nothing happened: a turn wakes nobody");
    EXPECT_INT(counts.wakes, 0, "nothing happened: a turn wakes nobody");

    send_text(sv[1], "hey");
    EXPECT_INT(bridge_reactor_turn(&reactor, 1000), 1, "bytes arrived on the waiting fd: one wake");
    EXPECT_INT(counts.wakes, 1, "the waker left for the fd is woken");
    EXPECT_FALSE(ac_waker_slot_is_set(&reactor.waiting[sv[0]]),
                 "a wake uses the stored waker up: the slot empties");
    EXPECT_INT(unread(sv[0]), 3,
               "the reactor only wakes: the 3 bytes are still in the socket for the future");
    EXPECT_INT(f.result, 0, "the reactor does not touch the future");
    EXPECT_INT(reactor.wakes, 1, "every wake counts in r->wakes");

    CHECK_FN("read_future_poll");
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "woken, polled again: the read finds the bytes");
    EXPECT_INT(f.result, 3, "the result is the read's count");
    EXPECT_MEM(buf, "hey", 3, "the bytes read land in buf");
    EXPECT_INT(f.polls, 2, "two polls: one to find nothing, one after the wake");
    EXPECT_INT(counts.clones, counts.drops, "every waker kept is given back");
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
    EXPECT_INT(counts.clones, counts.drops, "every waker kept is given back");
}

static void reactor_wakes_only_the_fd_that_is_ready(void **state)
{
    (void)state;
    CHECK_FN("bridge_reactor_turn");
    CHECK_WAITING("for bridge_reactor_turn to report one of two fds readable (1 s at most)");
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
    CHECK_FN("read_future_poll");
    EXPECT_POLL(ac_future_poll(&fa.base, &cxa), AC_PENDING, "nothing to read on a yet (EAGAIN): Pending");
    EXPECT_POLL(ac_future_poll(&fb.base, &cxb), AC_PENDING, "nothing to read on b yet (EAGAIN): Pending");
    CHECK_FN("bridge_reactor_turn");
    send_text(b[1], "b");
    EXPECT_INT(bridge_reactor_turn(&reactor, 1000), 1, "only b became readable: one wake");
    EXPECT_INT(ca.wakes, 0, "a is not readable: its waker is not woken (the event names the fd)");
    EXPECT_INT(cb.wakes, 1, "b is readable: its waker is woken");
    EXPECT_TRUE(ac_waker_slot_is_set(&reactor.waiting[a[0]]), "a still waits: its waker stays stored");
    CHECK_FN("read_future_poll");
    EXPECT_POLL(ac_future_poll(&fb.base, &cxb), AC_READY, "b was woken: its read finds the byte");
    EXPECT_INT(fb.result, 1, "the result is the read's count");
    ac_future_drop(&fa.base);
    EXPECT_FALSE(ac_waker_slot_is_set(&reactor.waiting[a[0]]), "a cancelled read leaves no waker behind");
    EXPECT_INT(ca.clones, ca.drops, "every waker kept is given back");
    EXPECT_INT(cb.clones, cb.drops, "every waker kept is given back");
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
    bridge_reactor_close(&reactor);
}

static void read_future_polled_early_takes_its_waker_back(void **state)
{
    (void)state;
    CHECK_FN("read_future_poll");
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16] = {0};
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing to read yet (EAGAIN): Pending");
    send_text(sv[1], "early");
    /* polled again before any reactor turn (a spurious poll is allowed) */
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "polled again with bytes there: the read finds them");
    EXPECT_INT(f.result, 5, "the result is the read's count");
    EXPECT_FALSE(
        ac_waker_slot_is_set(&reactor.waiting[sv[0]]),
        "Ready before the reactor woke it: the future takes its waker back, or it wakes a finished future");
    EXPECT_INT(counts.clones, counts.drops, "every waker kept is given back");
    /* more bytes: the fd is reported readable, but nobody waits on it */
    send_text(sv[1], "more");
    CHECK_FN("bridge_reactor_turn");
    EXPECT_INT(bridge_reactor_turn(&reactor, 0), 0,
               "an fd reported readable with no waker stored wakes nobody: a turn returns wakes, not events");
    EXPECT_INT(reactor.events, 1, "every event reported counts in r->events, woken or not");
    EXPECT_INT(counts.wakes, 0, "nobody waits: nobody is woken");
    close(sv[0]);
    close(sv[1]);
    bridge_reactor_close(&reactor);
}

static void read_future_sees_the_peer_hang_up(void **state)
{
    (void)state;
    CHECK_FN("read_future_poll");
    CHECK_WAITING("for bridge_reactor_turn to report the peer's hang-up (1 s at most)");
    assert_int_equal(bridge_reactor_init(&reactor), 0);
    int sv[2];
    nonblocking_pair(sv);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    char buf[16];
    read_future f = read_future_new(&reactor, sv[0], buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_PENDING, "nothing to read yet (EAGAIN): Pending");
    close(sv[1]);
    EXPECT_INT(bridge_reactor_turn(&reactor, 1000), 1, "a hang-up makes the fd readable: one wake");
    EXPECT_POLL(ac_future_poll(&f.base, &cx), AC_READY, "woken by the hang-up: the read says end of file");
    EXPECT_INT(f.result, 0, "end of file is a result of 0");
    read_future bad = read_future_new(&reactor, -1, buf, sizeof buf);
    EXPECT_POLL(ac_future_poll(&bad.base, &cx), AC_READY, "an error ends the read at once: no waiting");
    EXPECT_ERR(bad.result, -EBADF, "a read error is the result as -errno");
    EXPECT_INT(counts.clones, counts.drops, "every waker kept is given back");
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
