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
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "flood.h"
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

/* The runtime the group under way runs the server on: 1 is the
 * single-threaded ac_executor, 2 is ac_runtime with two workers (the
 * group's setup sets it). */
static unsigned workers_under_test = 1;

static int on_one_thread(void **state)
{
    (void)state;
    workers_under_test = 1;
    return 0;
}

static int on_two_workers(void **state)
{
    (void)state;
    workers_under_test = 2;
    return 0;
}

/* server_thread_start with cfg on the group's runtime. */
static int start_server(server_thread *s, const echo_config *cfg)
{
    echo_config c = *cfg;
    c.workers = workers_under_test;
    return server_thread_start(s, &c);
}

static void concurrent_clients_and_large_payloads_echo_exactly(void **state)
{
    (void)state;
    server_thread s;
    assert_int_equal(start_server(&s, &quiet), 0);
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
    assert_int_equal(start_server(&s, &cfg), 0);
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
    assert_int_equal(start_server(&s, &quiet), 0);
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
    assert_int_equal(start_server(&s, &quiet), 0);
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
    assert_int_equal(start_server(&s, &cfg), 0);
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

static long ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Send to fd without ever reading, until the server has stopped taking
 * anything for 200 ms (its socket to us and ours to it are full).  Bounded:
 * at most 256 MiB or 10 s. */
static void send_until_stuck(int fd)
{
    static char chunk[64 * 1024];
    memset(chunk, 'w', sizeof chunk);
    size_t sent = 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    while (sent < (256u << 20) && ms_since(&t0) < 10000 && poll(&p, 1, 200) == 1) {
        ssize_t n = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    assert_true(sent > 0);
}

/* Milliseconds until the server closes fd, found without reading from it
 * (a read would drain the echo and count as progress): the FIN or reset
 * shows as POLLRDHUP / POLLHUP / POLLERR.  -1 if not within limit_ms. */
static long ms_until_closed_without_reading(int fd, int limit_ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pollfd p = {.fd = fd, .events = POLLRDHUP};
    while (ms_since(&t0) < limit_ms) {
        if (poll(&p, 1, 50) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
            return ms_since(&t0);
    }
    return -1;
}

/* The idle timeout covers writes: four clients that send a lot and never
 * read what comes back hold every --max-conns place, and are closed by the
 * timeout all the same, so the next client gets in. */
static void clients_that_never_read_are_closed_by_the_idle_timeout(void **state)
{
    (void)state;
    echo_config cfg = quiet;
    cfg.idle_timeout = AC_MSEC(300);
    cfg.max_conns = 4;
    server_thread s;
    assert_int_equal(start_server(&s, &cfg), 0);
    int hogs[4];
    int small = 4096;
    for (int i = 0; i < 4; i++) {
        hogs[i] = connect_to(s.port);
        setsockopt(hogs[i], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        send_until_stuck(hogs[i]);
    }
    /* each is gone within the timeout (T to 1.25 T after its last
     * progress) plus scheduling slack: 3 s is ten times the timeout */
    for (int i = 0; i < 4; i++) {
        long ms = ms_until_closed_without_reading(hogs[i], 3000);
        if (ms < 0)
            fprintf(stderr, "hog %d of 4 not closed within 3 s (server on %u worker(s))\n", i,
                    workers_under_test);
        assert_true(ms >= 0);
        close(hogs[i]);
    }
    int next = connect_to(s.port);
    ping(next); /* a --max-conns place is free again */
    close(next);
    assert_int_equal(server_thread_stop(&s), 0);
    assert_int_equal(s.summary.closed_idle, 4);
    assert_int_equal(s.summary.accepted, 5);
}

#if defined(__SANITIZE_THREAD__)
#define FLOOD_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FLOOD_TSAN 1
#endif
#endif
#ifdef FLOOD_TSAN
/* TSan slows the server and both clients so much that the flood can no
 * longer outrun the server: ping p99 is 20-50 ms with deferral or without.
 * Here the bound only catches a server that stops answering; the default
 * and ASan builds are the ones that tell fair from unfair. */
#define FLOOD_P99_BOUND_US 250000.0
#else
#define FLOOD_P99_BOUND_US 50000.0
#endif

/* One client floods (1 MiB bursts back to back, reading the echo as it
 * comes), another pings every 2 ms: the ping must not wait for the flood.
 * With the executor's deferral of tasks that spent their budget switched
 * off, ping p99 was 56-156 ms here (the code before the fix: 12-304 ms);
 * with it, 5-12 ms (libuv in `bench`: 3-23 ms).  50 ms is generous enough
 * not to flake on a loaded machine or under ASan. */
static void a_flooding_client_does_not_starve_a_pinging_one(void **state)
{
    (void)state;
    server_thread s;
    assert_int_equal(start_server(&s, &quiet), 0);
    flood_config cfg = {.port = s.port, .seconds = 2};
    flood_result r;
    assert_int_equal(flood_run(&cfg, &r), 0);
    assert_int_equal(server_thread_stop(&s), 0);
    print_message("flooded ping: %llu pings, p50 %.1f us, p99 %.1f us, max %.1f us; %llu MiB flooded\n",
                  (unsigned long long)r.pings, r.p50_us, r.p99_us, r.max_us, (unsigned long long)r.bursts);
    assert_int_equal(r.errors, 0);
    assert_true(r.bursts >= 1);  /* the flood did flow */
    assert_true(r.pings >= 100); /* 2 s at one per 2 ms is up to 1000 */
    assert_true(r.p99_us < FLOOD_P99_BOUND_US);
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

/* Point stderr at a fresh temporary file; returns the saved stderr. */
static int stderr_to_file(FILE **file)
{
    fflush(stderr);
    *file = tmpfile();
    assert_non_null(*file);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(*file), STDERR_FILENO) >= 0);
    return saved;
}

/* Put stderr back; how many lines of the file contain `what`, and the
 * last of them in `line`. */
static int stderr_restore_and_count(int saved, FILE *file, const char *what, char *line, size_t cap)
{
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(file);
    char buf[512];
    int n = 0;
    while (fgets(buf, sizeof buf, file) != NULL) {
        fputs(buf, stderr); /* still shown, for whoever reads the test log */
        if (strstr(buf, what) != NULL && ++n == 1)
            snprintf(line, cap, "%s", buf); /* the first such line */
    }
    fclose(file);
    return n;
}

static void out_of_fds_pauses_without_spinning_then_serves_again(void **state)
{
    (void)state;
    /* logging on, not quiet: the pause must be told once, not per retry */
    echo_config cfg = {.idle_timeout = 0, .log_to_stderr = true};
    FILE *log;
    int saved_stderr = stderr_to_file(&log);
    server_thread s;
    assert_int_equal(start_server(&s, &cfg), 0);
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
    char line[512] = "";
    int told = stderr_restore_and_count(saved_stderr, log, "Too many open files", line, sizeof line);
    /* 0.4 s and more of 100 ms retries, told in one line with the count:
     * one line per episode, never one per retry.  A second, short episode
     * may follow: the third client can take the fd the test's close of
     * `first` freed before the server has closed its own end of `first`,
     * and the next accept finds the table full again (seen under TSan). */
    assert_true(s.summary.accept_pauses == 1 || s.summary.accept_pauses == 2);
    assert_int_equal(told, s.summary.accept_pauses);
    assert_non_null(strstr(line, "accept paused")); /* the first episode's line */
    assert_non_null(strstr(line, " times)"));
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
        cmocka_unit_test(clients_that_never_read_are_closed_by_the_idle_timeout),
        cmocka_unit_test(a_flooding_client_does_not_starve_a_pinging_one),
    };
    /* run --workers 2: the same server on ac_runtime, where clients run in
     * parallel and share the counters, the --max-conns accounting and the
     * timer heap across threads (run it under TSan: ctest --preset tsan -L p1) */
    const struct CMUnitTest on_workers[] = {
        cmocka_unit_test(concurrent_clients_and_large_payloads_echo_exactly),
        cmocka_unit_test(idle_client_is_closed_after_the_timeout_and_not_before),
        cmocka_unit_test(client_vanishing_mid_write_costs_nothing_but_itself),
        cmocka_unit_test(sigterm_closes_every_client_and_returns),
        cmocka_unit_test(max_conns_holds_the_next_client_until_one_leaves),
        cmocka_unit_test(clients_that_never_read_are_closed_by_the_idle_timeout),
    };
    int failed = cmocka_run_group_tests_name("p1 server on ac_executor", tests, on_one_thread, NULL);
    failed +=
        cmocka_run_group_tests_name("p1 server on ac_runtime, 2 workers", on_workers, on_two_workers, NULL);
    return failed;
}
