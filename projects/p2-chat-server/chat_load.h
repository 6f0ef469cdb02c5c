/*
 * chat_load.h - the `load` command: N clients in #lobby each say M lines;
 * every client must receive every line of the others (N x M -> (N-1) x M
 * each).  Each line carries its send time, so the receiver measures the
 * delivery latency.  One thread drives every client with poll(2); bounded
 * by CHAT_LOAD_SECONDS.
 */
#ifndef P2_CHAT_LOAD_H
#define P2_CHAT_LOAD_H

#include <stdbool.h>
#include <stdint.h>

enum { CHAT_LOAD_SECONDS = 30 };

typedef struct chat_load_options {
    unsigned clients, messages;
    unsigned workers; /* of our server (chat_load_main); 0 or 1: the executor */
    bool irc;
} chat_load_options;

typedef struct chat_load_result {
    uint64_t expected, delivered; /* deliveries */
    unsigned short_clients;       /* clients that missed any */
    double seconds, per_second;   /* from the first send to the last delivery */
    double p50_ms, p90_ms, p99_ms, max_ms;
} chat_load_result;

/* Against a server already listening on 127.0.0.1:port.  0 or -errno. */
int chat_load_run(uint16_t port, const chat_load_options *opt, chat_load_result *r);
/* The command: starts the server on a thread, runs, prints.  Exit status. */
int chat_load_main(const chat_load_options *opt);

#endif
