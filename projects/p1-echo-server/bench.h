/*
 * bench.h - the benchmark: every server in echo_servers[] under the same
 * ping-pong load, side by side.
 *
 *   for C in conns:                 (interleaved, so a slow patch of the
 *     for server in echo_servers:    machine hits every server alike)
 *       fork the server on 127.0.0.1:0
 *       loadgen: warm-up, then `seconds` of C connections ping-ponging `size` bytes
 *       SIGTERM it, wait4 -> its user CPU time
 *
 * Reported per (server, C): round trips/s, p50 and p99 latency, the server's
 * user CPU per round trip, and those figures as ratios to libuv and to raw
 * epoll at the same C.  Then, unless turned off, one flooded-ping run per
 * server (flood.h): the p99 of a small ping while another client floods,
 * and its ratio to libuv's.
 */
#ifndef P1_BENCH_H
#define P1_BENCH_H

#include <stdbool.h>
#include <stddef.h>

enum { BENCH_MAX_CONN_COUNTS = 16 };

typedef struct bench_options {
    unsigned conns[BENCH_MAX_CONN_COUNTS];
    size_t conn_counts;
    unsigned seconds; /* recorded per run, after the warm-up */
    size_t size;      /* bytes per message */
    bool json;        /* stdout: exactly one JSON object */
    bool pin;         /* client and servers share one CPU (see bench.c) */
    bool flood;       /* also the flooded-ping run per server (flood.h) */
    unsigned workers; /* ours-mt's worker threads (>= 2) */
} bench_options;

/* Run it; progress on stderr, the table (or JSON) on stdout.  Returns the
 * exit status: 0, or 1 if any run failed (errors, a server that did not
 * exit 0); failed runs are left out of the results. */
int bench_run(const bench_options *opt);

#endif
