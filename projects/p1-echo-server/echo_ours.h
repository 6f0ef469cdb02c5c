/*
 * echo_ours.h - the echo server on our runtime: one task per client.
 *
 *                          +----------------------------+
 *   SIGINT/SIGTERM ------> | acceptor (block_on's root) |--spawn--> client task ...
 *   (signalfd, reactor)    |  select(accept, signal)    |--spawn--> client task ...
 *                          +----------------------------+
 *                                                           read -> write -> read ...
 *                                                           idle watchdog (one timer)
 *
 * By default everything runs on one thread: the executor polls tasks, the
 * reactor (epoll) wakes them when their socket is ready, the timer heap
 * wakes them when their idle watchdog is due.  With workers > 1 the same
 * tasks run on ac_runtime's N workers, which share one reactor and one
 * timer heap; the acceptor stays on the calling thread (block_on).
 */
#ifndef P1_ECHO_OURS_H
#define P1_ECHO_OURS_H

#include <stdbool.h>
#include <stdint.h>

#include "ac/clock.h"

typedef struct echo_config {
    unsigned workers;      /* 0 or 1: the single-threaded ac_executor; N > 1: ac_runtime, N workers */
    ac_nanos idle_timeout; /* 0: never disconnect an idle client */
    unsigned max_conns;    /* 0: no limit; at the limit, stop accepting until one leaves */
    bool quiet;            /* no per-connection log lines */
    bool log_to_stderr;    /* false: say nothing at all (benchmarks) */
} echo_config;

typedef struct echo_summary {
    uint64_t accepted;
    uint64_t closed_by_peer;  /* the client hung up */
    uint64_t closed_idle;     /* disconnected by the idle timeout */
    uint64_t closed_error;    /* reset, broken pipe, ... */
    uint64_t closed_shutdown; /* still connected when we were told to stop */
    uint64_t bytes_echoed;
    uint64_t accept_pauses; /* times accept had to wait: out of fds, or at max_conns */
    unsigned peak_live;
} echo_summary;

/* Serve on listen_fd (bound and listening; we take it over and close it)
 * until SIGINT or SIGTERM, which the caller has BLOCKED (we read them from a
 * signalfd).  Fills *summary.  0, or -errno if the server could not start. */
int echo_ours_run(int listen_fd, const echo_config *cfg, echo_summary *summary);

/* The benchmark's entries (servers.h): defaults, no logging; on one
 * thread, and on echo_ours_bench_workers workers. */
int echo_ours_serve(int listen_fd);
int echo_ours_serve_mt(int listen_fd);
extern unsigned echo_ours_bench_workers; /* default 2; bench --workers sets it before forking */

/* Print the summary the way `run` ends. */
void echo_summary_print(const echo_summary *s);

#endif
