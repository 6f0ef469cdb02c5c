/*
 * Project 1 integration tests: the baseline echo servers on real loopback
 * sockets, driven by the load generator, each in a child process exactly as
 * the benchmark runs them.  Counted runs (max_round_trips), never timed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "histogram.h"
#include "loadgen.h"
#include "server_child.h"
#include "servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Start `server`, run `cfg` against it, stop it; the server must exit 0. */
static loadgen_result run_against(const echo_server *server, loadgen_config cfg)
{
    server_child child;
    assert_int_equal(server_child_start(server, &child), 0);
    cfg.port = child.port;
    cfg.timeout_seconds = 20;
    loadgen_result res;
    assert_int_equal(loadgen_run(&cfg, &res), 0);
    int status;
    struct rusage usage;
    assert_int_equal(server_child_stop(&child, 5000, &status, &usage), 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0); /* includes the child's leak check under ASan */
    return res;
}

static const echo_server *server_named(void **state) { return echo_server_find(*state); }

/* 100 KiB + 7 per message, moved in 1031-byte send()/recv() calls: every
 * message spans many server reads and partial writes. */
static void echoes_large_messages_in_odd_chunks(void **state)
{
    const size_t size = 100 * 1024 + 7;
    loadgen_config cfg = {.conns = 4, .size = size, .max_round_trips = 24, .io_chunk = 1031};
    loadgen_result r = run_against(server_named(state), cfg);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.round_trips, 24);
    assert_int_equal(r.bytes_verified, 24 * size);
    assert_false(r.timed_out);
}

/* Clients with a tiny receive window and 8 MiB messages, more than the
 * server's socket send buffer grows to (4 MiB by default): the server meets
 * a full socket, so it must keep what it could not send and stop reading
 * until it can (libuv: queue_rest and the read pause; epoll: a full buffer). */
static void keeps_what_a_full_socket_did_not_take(void **state)
{
    const size_t size = 8 * 1024 * 1024 + 3;
    loadgen_config cfg = {.conns = 2, .size = size, .max_round_trips = 2, .io_chunk = 4093, .rcvbuf = 4096};
    loadgen_result r = run_against(server_named(state), cfg);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.round_trips, 2);
    assert_int_equal(r.bytes_verified, 2 * size);
}

static void echoes_small_messages_on_many_connections(void **state)
{
    loadgen_config cfg = {.conns = 50, .size = 64, .max_round_trips = 3000};
    loadgen_result r = run_against(server_named(state), cfg);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.round_trips, 3000);
    assert_int_equal(r.bytes_verified, 3000 * 64);
    assert_true(r.p50_us > 0 && r.p50_us <= r.p99_us && r.p99_us <= r.max_us);
}

/* SIGTERM with a client still connected and mid-conversation: the server
 * closes it (the client sees EOF) and still exits 0 without leaking. */
static void stops_cleanly_with_a_client_connected(void **state)
{
    server_child child;
    assert_int_equal(server_child_start(server_named(state), &child), 0);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(child.port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    struct timeval bound = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    char buf[16];
    assert_int_equal(send(fd, "ping", 4, 0), 4);
    assert_int_equal(recv(fd, buf, 4, MSG_WAITALL), 4); /* echoed: it is being served */
    assert_memory_equal(buf, "ping", 4);
    int status;
    struct rusage usage;
    assert_int_equal(server_child_stop(&child, 5000, &status, &usage), 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(recv(fd, buf, sizeof buf, 0), 0); /* closed by the server */
    close(fd);
}

/* Test doubles: servers that are wrong on purpose, to prove the load
 * generator notices.  Blocking and single-connection: just enough. */
static int serve_flipping_a_byte(int listen_fd)
{
    int fd = accept(listen_fd, NULL, NULL);
    close(listen_fd);
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        buf[n / 2] ^= 0x20;
        if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
            break;
    }
    close(fd);
    return 0;
}

static int serve_hanging_up(int listen_fd)
{
    close(accept(listen_fd, NULL, NULL));
    close(listen_fd);
    return 0;
}

static void loadgen_counts_wrong_bytes_as_errors(void **state)
{
    (void)state;
    const echo_server flipper = {.name = "flipper", .serve = serve_flipping_a_byte};
    loadgen_config cfg = {.conns = 1, .size = 100, .max_round_trips = 5};
    loadgen_result r = run_against(&flipper, cfg);
    assert_int_equal(r.round_trips, 5);
    assert_int_equal(r.errors, 5); /* one per round trip with a wrong byte */
    assert_true(r.bytes_verified < 5 * 100);
}

static void loadgen_counts_a_lost_connection_and_stops(void **state)
{
    (void)state;
    const echo_server hangup = {.name = "hangup", .serve = serve_hanging_up};
    loadgen_config cfg = {.conns = 1, .size = 100, .max_round_trips = 5};
    loadgen_result r = run_against(&hangup, cfg);
    assert_int_equal(r.round_trips, 0);
    assert_int_equal(r.errors, 1);
    assert_false(r.timed_out); /* stopped because nothing was left, not by the clock */
}

static void histogram_percentiles_are_within_one_bucket(void **state)
{
    (void)state;
    histogram *h = malloc(sizeof *h);
    histogram_init(h);
    assert_int_equal(histogram_percentile(h, 50), 0);
    for (uint64_t us = 1; us <= 1000; us++)
        histogram_record(h, us * 1000); /* 1 us .. 1 ms */
    uint64_t p50 = histogram_percentile(h, 50), p99 = histogram_percentile(h, 99);
    assert_true(p50 >= 500000 && p50 <= 500000 + 500000 / 128);
    assert_true(p99 >= 990000 && p99 <= 990000 + 990000 / 128);
    assert_int_equal(histogram_percentile(h, 100), 1000000);
    for (uint64_t v = 0; v < 128; v++) { /* exact below 128 ns */
        histogram_init(h);
        histogram_record(h, v);
        histogram_record(h, v + 1000);
        assert_int_equal(histogram_percentile(h, 50), v);
    }
    free(h);
}

/* One test function, run once per server, named after both. */
#define FOR_SERVER(test, server)                                                       \
    {                                                                                  \
        .name = #test "/" server, .test_func = test, .initial_state = (void *)(server) \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(histogram_percentiles_are_within_one_bucket),
        cmocka_unit_test(loadgen_counts_wrong_bytes_as_errors),
        cmocka_unit_test(loadgen_counts_a_lost_connection_and_stops),
        FOR_SERVER(echoes_large_messages_in_odd_chunks, "libuv"),
        FOR_SERVER(echoes_large_messages_in_odd_chunks, "epoll"),
        FOR_SERVER(keeps_what_a_full_socket_did_not_take, "libuv"),
        FOR_SERVER(keeps_what_a_full_socket_did_not_take, "epoll"),
        FOR_SERVER(echoes_small_messages_on_many_connections, "libuv"),
        FOR_SERVER(echoes_small_messages_on_many_connections, "epoll"),
        FOR_SERVER(stops_cleanly_with_a_client_connected, "libuv"),
        FOR_SERVER(stops_cleanly_with_a_client_connected, "epoll"),
    };
    return cmocka_run_group_tests_name("p1_baselines", tests, NULL, NULL);
}
