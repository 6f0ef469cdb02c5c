/*
 * loadgen.h - the ping-pong load generator.
 *
 * `conns` TCP connections to 127.0.0.1:port; each sends `size` bytes, waits
 * until the whole echo is back (checking every byte), and only then sends the
 * next message.  So with C connections there are at most C messages in
 * flight, and round trips per second measure how fast the server turns a
 * request around, not how much it can buffer.
 *
 *   conn k:  |--send size--|....|--echo back--|--send--| ...
 *            t0                               t1: record t1 - t0
 *
 * One thread, one edge-triggered epoll loop: 1000 connections cost 1000
 * sockets, not 1000 threads.  Two ways to bound a run:
 *   time:  warm-up (not recorded), then `seconds` recorded; round trips
 *          still in flight at the end are dropped;
 *   count: max_round_trips in total across all connections, all recorded
 *          (tests and instruction counting want exact counts, not time).
 */
#ifndef P1_LOADGEN_H
#define P1_LOADGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct loadgen_config {
    uint16_t port;            /* the server, on 127.0.0.1 */
    unsigned conns;           /* connections, each one message in flight */
    size_t size;              /* bytes per message (1 ..) */
    double warmup_seconds;    /* time mode: run, but do not record, this long first */
    double seconds;           /* time mode: then record this long */
    uint64_t max_round_trips; /* > 0: count mode, no warm-up, `seconds` unused */
    size_t io_chunk;          /* > 0: at most this many bytes per send()/recv() */
    int rcvbuf;               /* > 0: SO_RCVBUF of each client socket (tests: a small
                                 window fills the server's socket, forcing partial writes) */
    double timeout_seconds;   /* hard bound for the whole run (0: 60 s) */
} loadgen_config;

typedef struct loadgen_result {
    uint64_t round_trips;       /* recorded */
    uint64_t total_round_trips; /* recorded + warm-up */
    uint64_t errors;            /* round trips with wrong bytes, lost connections, timeout */
    uint64_t bytes_verified;    /* echoed bytes that matched what was sent */
    double seconds;             /* duration of the recorded phase */
    double rps;                 /* round_trips / seconds */
    double p50_us, p99_us, max_us;
    bool timed_out;
} loadgen_result;

/* Run the load; 0, or -errno if it could not start (nothing to report).
 * Errors during the run are counted in out->errors, not returned. */
int loadgen_run(const loadgen_config *cfg, loadgen_result *out);

/* Make room for `fds` open files: raise the RLIMIT_NOFILE soft limit to the
 * hard limit if it is lower, saying so on stderr.  0 or -EMFILE (hard limit
 * too low, also said on stderr). */
int loadgen_reserve_fds(unsigned fds);

#endif
