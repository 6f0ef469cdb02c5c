/*
 * Integration tests for our echo server (projects/p1-echo-server): the
 * real server on a thread of this process, on 127.0.0.1 port 0, stopped
 * with a real SIGTERM.  Running it in-process lets the tests count this
 * process's file descriptors and lets ASan see every allocation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "loadgen.h"
#include "loopback_client.h"
#include "server_thread.h"

/* A connected client; the test stops here if it cannot connect. */
static int connect_to(uint16_t port)
{
    int fd = loopback_connect(port);
    assert_true(fd >= 0);
    return fd;
}

/* Send one byte and read it back: proves the server accepted fd. */
static void ping(int fd)
{
    char b = 'p';
    assert_int_equal(send(fd, &b, 1, MSG_NOSIGNAL), 1);
    assert_int_equal(recv(fd, &b, 1, 0), 1);
    assert_int_equal(b, 'p');
}

static void run_load(uint16_t port, unsigned conns, size_t size, uint64_t trips, size_t chunk)
{
    loadgen_config cfg = {.port = port,
                          .conns = conns,
                          .size = size,
                          .max_round_trips = trips,
                          .io_chunk = chunk,
                          .timeout_seconds = 30};
    loadgen_result r;
    assert_int_equal(loadgen_run(&cfg, &r), 0);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.round_trips, trips);
}

static const echo_config quiet = {.idle_timeout = 0, .quiet = true};

static void concurrent_clients_and_large_payloads_echo_exactly(void **state)
{
    (void)state;
    server_thread s;
    assert_int_equal(server_thread_start(&s, &quiet), 0);
    run_load(s.port, 32, 77, 6400, 0);            /* many clients, interleaved */
    run_load(s.port, 3, (1 << 20) + 13, 6, 1021); /* 1 MiB+ in odd chunks */
    assert_int_equal(server_thread_stop(&s), 0);
    assert_int_equal(s.summary.accepted, 35);
    /* a client whose EOF the server had not read yet when SIGTERM came is
     * closed by the shutdown instead: either way, none by error */
    assert_int_equal(s.summary.closed_by_peer + s.summary.closed_shutdown, 35);
    assert_int_equal(s.summary.closed_error, 0);
    assert_int_equal(s.summary.bytes_echoed, 6400ull * 77 + 6ull * ((1 << 20) + 13));
}

static void idle_client_is_closed_after_the_timeout_and_not_before(void **state)
{
    (void)state;
    echo_config cfg = quiet;
    cfg.idle_timeout = AC_MSEC(200);
    server_thread s;
    assert_int_equal(server_thread_start(&s, &cfg), 0);
    int silent = connect_to(s.port);
    long ms = loopback_ms_until_eof(silent, 10000);
    /* never before the timeout; the upper bound is only "it happened" */
    assert_true(ms >= 195);
    int next = connect_to(s.port);
    ping(next); /* the server itself carries on */
    close(silent);
    close(next);
    assert_int_equal(server_thread_stop(&s), 0);
    assert_true(s.summary.closed_idle >= 1);
}

static void client_vanishing_mid_write_costs_nothing_but_itself(void **state)
{
    (void)state;
    int fds_before = count_open_fds();
    server_thread s;
    assert_int_equal(server_thread_start(&s, &quiet), 0);
    /* A client that sends 8 MiB and never reads: the server's socket fills,
     * the rest waits in the client task's own buffer... */
    int hog = connect_to(s.port);
    int small = 4096;
    setsockopt(hog, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    static char chunk[64 * 1024];
    memset(chunk, 'h', sizeof chunk);
    size_t sent = 0;
    struct pollfd p = {.fd = hog, .events = POLLOUT};
    while (sent < (8u << 20) && poll(&p, 1, 200) == 1) {
        ssize_t n = send(hog, chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    /* ...then it vanishes with a reset (SO_LINGER 0) while the server writes. */
    struct linger reset = {.l_onoff = 1, .l_linger = 0};
    setsockopt(hog, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close(hog);
    /* everyone else is still served */
    run_load(s.port, 4, 1000, 400, 0);
    assert_int_equal(server_thread_stop(&s), 0);
    assert_int_equal(s.summary.accepted, 5);
    assert_int_equal(s.summary.closed_by_peer + s.summary.closed_error + s.summary.closed_shutdown, 5);
    /* every socket and the epoll/eventfd/signalfd of the runtime are gone
     * (ASan's leak check covers the client's buffer) */
    assert_int_equal(count_open_fds(), fds_before);
}

static void sigterm_closes_every_client_and_returns(void **state)
{
    (void)state;
    server_thread s;
    assert_int_equal(server_thread_start(&s, &quiet), 0);
    int clients[4];
    for (int i = 0; i < 4; i++) {
        clients[i] = connect_to(s.port);
        ping(clients[i]);
    }
    assert_int_equal(server_thread_stop(&s), 0);
    for (int i = 0; i < 4; i++) {
        assert_true(loopback_ms_until_eof(clients[i], 5000) >= 0);
        close(clients[i]);
    }
    assert_int_equal(s.summary.accepted, 4);
    assert_int_equal(s.summary.closed_shutdown, 4);
    assert_int_equal(s.summary.peak_live, 4);
}

static void max_conns_holds_the_next_client_until_one_leaves(void **state)
{
    (void)state;
    echo_config cfg = quiet;
    cfg.max_conns = 2;
    server_thread s;
    assert_int_equal(server_thread_start(&s, &cfg), 0);
    int a = connect_to(s.port), b = connect_to(s.port);
    ping(a);
    ping(b);
    int c = connect_to(s.port); /* queued by the kernel, not accepted yet */
    char byte = 'c';
    assert_int_equal(send(c, &byte, 1, MSG_NOSIGNAL), 1);
    struct pollfd p = {.fd = c, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 100), 0);  /* no echo while two are connected */
    close(a);                               /* one leaves... */
    assert_int_equal(poll(&p, 1, 5000), 1); /* ...and c is served */
    assert_int_equal(recv(c, &byte, 1, 0), 1);
    close(b);
    close(c);
    assert_int_equal(server_thread_stop(&s), 0);
    assert_int_equal(s.summary.peak_live, 2);
    assert_true(s.summary.accept_pauses >= 1);
}

/* Open fds of this process with a number below `limit`. */
static int open_fds_below(int limit)
{
    int n = 0;
    for (int fd = 0; fd < limit; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            n++;
    return n;
}

/* Lower RLIMIT_NOFILE so that exactly `spare` more descriptors can be
 * opened; returns the old limit to restore. */
static struct rlimit leave_only(int spare)
{
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    int limit = 1;
    while (limit - open_fds_below(limit) < spare)
        limit++;
    struct rlimit tight = {.rlim_cur = (rlim_t)limit, .rlim_max = old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    return old;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void out_of_fds_pauses_without_spinning_then_serves_again(void **state)
{
    (void)state;
    server_thread s;
    assert_int_equal(server_thread_start(&s, &quiet), 0);
    int first = connect_to(s.port);
    ping(first); /* the server is up and has everything it needs open */
    /* 3 spare: our client (1) + its accepted socket (1) + a second client;
     * the server's accept for that one fails with EMFILE */
    struct rlimit old = leave_only(3);
    int second = connect_to(s.port);
    ping(second);
    int third = connect_to(s.port);
    char byte = 't';
    assert_int_equal(send(third, &byte, 1, MSG_NOSIGNAL), 1);
    struct pollfd p = {.fd = third, .events = POLLIN};
    double cpu0 = cpu_seconds();
    assert_int_equal(poll(&p, 1, 400), 0); /* not served: no descriptor for it */
    double cpu = cpu_seconds() - cpu0;
    /* a server retrying accept in a loop would burn the whole 0.4 s */
    assert_true(cpu < 0.2);
    close(first);                           /* the server sees EOF and frees its socket too... */
    assert_int_equal(poll(&p, 1, 5000), 1); /* ...so the third client is served */
    assert_int_equal(recv(third, &byte, 1, 0), 1);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    close(second);
    close(third);
    assert_int_equal(server_thread_stop(&s), 0);
    assert_true(s.summary.accept_pauses >= 1);
    assert_int_equal(s.summary.accepted, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(concurrent_clients_and_large_payloads_echo_exactly),
        cmocka_unit_test(idle_client_is_closed_after_the_timeout_and_not_before),
        cmocka_unit_test(client_vanishing_mid_write_costs_nothing_but_itself),
        cmocka_unit_test(sigterm_closes_every_client_and_returns),
        cmocka_unit_test(max_conns_holds_the_next_client_until_one_leaves),
        cmocka_unit_test(out_of_fds_pauses_without_spinning_then_serves_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
