/*
 * chat_bench.h - the `bench` command: fan-out deliveries per second and
 * delivery latency for our server and, in the same run, ngIRCd (Debian
 * package ngircd, started by the bench on a loopback port with a config
 * of its own), each row the same IRC load (chat_load.h).
 */
#ifndef P2_CHAT_BENCH_H
#define P2_CHAT_BENCH_H

#include <stdbool.h>

enum { CHAT_BENCH_MAX_COUNTS = 8 };

typedef struct chat_bench_options {
    unsigned clients[CHAT_BENCH_MAX_COUNTS];
    unsigned counts, messages;
    bool json;
    bool ngircd; /* --ngircd: also run ngIRCd (unfinished: its rows did not complete yet) */
} chat_bench_options;

int chat_bench_main(const chat_bench_options *opt);

#endif
