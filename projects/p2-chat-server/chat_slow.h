/*
 * chat_slow.h - one client that stops reading while the others chat
 * (`load --slow-reader`, and the test of the outbox cap).
 *
 *   slow  : joins, shrinks its receive buffer, never reads again
 *   talk 0..N-1: one line (~1 KB, with its send time) every tick, in turn;
 *           each reads everything the others say and times it
 *
 *   the slow client's socket buffers fill, then its outbox (byte cap):
 *   the server cuts it ("send queue exceeded"); meanwhile every line must
 *   still reach every other talker, and quickly: the broker never waits
 *   for an outbox.  The latencies of lines sent while the slow client was
 *   still connected are reported apart from the rest.
 *
 * Line protocol; bounded: at most CHAT_SLOW_MAX_LINES lines and
 * CHAT_SLOW_SECONDS seconds.
 */
#ifndef P2_CHAT_SLOW_H
#define P2_CHAT_SLOW_H

#include <stdbool.h>
#include <stdint.h>

enum { CHAT_SLOW_MAX_LINES = 20000, CHAT_SLOW_SECONDS = 20, CHAT_SLOW_MAX_TALKERS = 64 };

typedef struct chat_slow_options {
    unsigned talkers;      /* 2..CHAT_SLOW_MAX_TALKERS */
    unsigned lines_per_ms; /* lines said per millisecond, all talkers together */
    unsigned workers;      /* of our server (chat_slow_main) */
} chat_slow_options;

typedef struct chat_slow_result {
    bool cut;                           /* a talker saw "* <slow> left (send queue exceeded)" */
    double cut_after_s;                 /* from the first line */
    uint64_t sent, expected, delivered; /* lines; deliveries to the talkers */
    uint64_t while_connected;           /* deliveries of lines sent before the cut was seen */
    double p50_ms, p99_ms, max_ms;      /* of those */
} chat_slow_result;

/* Against a line server on 127.0.0.1:port.  0 or -errno. */
int chat_slow_run(uint16_t port, const chat_slow_options *opt, chat_slow_result *r);
/* `load --slow-reader`: our server on a thread, run, print.  Exit status. */
int chat_slow_main(const chat_slow_options *opt);

#endif
