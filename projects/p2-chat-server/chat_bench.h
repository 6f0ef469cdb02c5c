/*
 * chat_bench.h - the `bench` command: fan-out deliveries per second and
 * delivery latency for our server and, in the same run, ngIRCd (Debian
 * package ngircd, started by the bench on a loopback port with a config
 * of its own), each row the same IRC load (chat_load.h).
 *
 * ngIRCd penalises a client with more than 3 commands waiting in its
 * buffer (about a second of silence), so the default burst is 3 lines per
 * client: past that, its rows measure its flood penalty, not its speed.
 */
#ifndef P2_CHAT_BENCH_H
#define P2_CHAT_BENCH_H

#include <stdbool.h>

enum { CHAT_BENCH_MAX_COUNTS = 8, CHAT_BENCH_REPEAT = 3 /* runs per row: the median is shown */ };

typedef struct chat_bench_options {
    unsigned clients[CHAT_BENCH_MAX_COUNTS];
    unsigned counts, messages;
    unsigned workers[CHAT_BENCH_MAX_COUNTS]; /* one "ours" row per entry */
    unsigned nworkers;
    bool json;
    bool no_ngircd; /* --no-ngircd: ours only, even where ngIRCd is installed */
} chat_bench_options;

int chat_bench_main(const chat_bench_options *opt);

#endif
