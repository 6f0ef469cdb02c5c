/*
 * selftest.c - the self-test a person runs: start our server on a free
 * loopback port (on a thread of this process), then talk to it the way
 * clients would.  Each check prints PASS or FAIL with what it saw.
 */
#include "selftest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loadgen.h"
#include "loopback_client.h"
#include "server_thread.h"

#define IDLE_MS 300

static int passed, failed;

static void report(bool ok, const char *what, const char *detail)
{
    printf("  %s  %-52s %s\n", ok ? "PASS" : "FAIL", what, detail);
    fflush(stdout);
    if (ok)
        passed++;
    else
        failed++;
}

/* Drive the server with the load generator for an exact count. */
static void echo_check(uint16_t port, const char *what, unsigned conns, size_t size, uint64_t trips,
                       size_t chunk)
{
    loadgen_config cfg = {.port = port,
                          .conns = conns,
                          .size = size,
                          .max_round_trips = trips,
                          .io_chunk = chunk,
                          .timeout_seconds = 30};
    loadgen_result r;
    int err = loadgen_run(&cfg, &r);
    char detail[128];
    if (err < 0)
        snprintf(detail, sizeof detail, "(could not run: %s)", strerror(-err));
    else
        snprintf(detail, sizeof detail, "(%llu round trips, %llu errors, %.2f s)",
                 (unsigned long long)r.round_trips, (unsigned long long)r.errors, r.seconds);
    report(err == 0 && r.errors == 0 && r.round_trips == trips, what, detail);
}

static void idle_check(uint16_t port)
{
    int fd = loopback_connect(port);
    long ms = fd < 0 ? -1 : loopback_ms_until_eof(fd, 5000);
    char detail[96];
    snprintf(detail, sizeof detail, "(closed after %ld ms; limit %d ms)", ms, IDLE_MS);
    report(ms >= IDLE_MS - 5 && ms < 5000, "a silent client is closed after the idle timeout", detail);
    if (fd >= 0)
        close(fd);
}

int selftest_run(void)
{
    echo_config cfg = {.idle_timeout = AC_MSEC(IDLE_MS), .quiet = true, .log_to_stderr = false};
    server_thread s;
    int err = server_thread_start(&s, &cfg);
    if (err < 0) {
        fprintf(stderr, "test: cannot start the server: %s\n", strerror(-err));
        return 1;
    }
    printf("self-test of our echo server on 127.0.0.1:%u (idle timeout %d ms)\n\n", s.port, IDLE_MS);
    echo_check(s.port, "16 clients at once, 100-byte messages, byte-exact", 16, 100, 3200, 0);
    echo_check(s.port, "1 MiB messages sent in 997-byte chunks", 2, 1 << 20, 4, 997);
    echo_check(s.port, "64 interleaved clients, odd 33-byte messages", 64, 33, 6400, 0);
    idle_check(s.port);

    /* shutdown with clients still connected: each must see EOF */
    int held[3];
    for (int i = 0; i < 3; i++) {
        /* an echoed byte proves the server has accepted it before we stop it */
        char byte = 'x';
        held[i] = loopback_connect(s.port);
        if (held[i] >= 0 && (send(held[i], &byte, 1, MSG_NOSIGNAL) != 1 || recv(held[i], &byte, 1, 0) != 1)) {
            close(held[i]);
            held[i] = -1;
        }
    }
    err = server_thread_stop(&s);
    bool all_eof = true;
    for (int i = 0; i < 3; i++) {
        all_eof = all_eof && held[i] >= 0 && loopback_ms_until_eof(held[i], 5000) >= 0;
        if (held[i] >= 0)
            close(held[i]);
    }
    char detail[128];
    snprintf(detail, sizeof detail, "(exit %d, %llu closed at shutdown)", err,
             (unsigned long long)s.summary.closed_shutdown);
    /* >= 3: a client of an earlier check whose EOF was still unread counts here too */
    report(err == 0 && all_eof && s.summary.closed_shutdown >= 3,
           "SIGTERM closes every client and the server returns", detail);

    printf("\n%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
