/*
 * flood.h - the flooded-ping load: is one busy connection allowed to starve
 * the others?
 *
 *   flood thread   ==1 MiB==1 MiB==1 MiB==1 MiB==> out, and the echo read back at once
 *   ping (caller)  p . . p . . p . . p . . p      one 64-byte ping every 2 ms,
 *                  |<-->| recorded: send to the last byte of its echo
 *
 * Two connections to one server.  One streams 1 MiB bursts back to back, as
 * fast as the socket takes them, and reads the echo as it comes (so the
 * server's writes rarely wait, and its socket for this client is never
 * empty); the other sends a small ping on a fixed clock and waits for its
 * echo.  A fair server answers the ping within a few of its own loop turns
 * whatever the flood does; an unfair one makes it wait for the flood's
 * turn to end.  The figure is the ping's p99.
 */
#ifndef P1_FLOOD_H
#define P1_FLOOD_H

#include <stddef.h>
#include <stdint.h>

typedef struct flood_config {
    uint16_t port;          /* the server, on 127.0.0.1 */
    double seconds;         /* how long the pings run once the flood is going */
    size_t burst;           /* flood bytes per burst (0: 1 MiB) */
    unsigned ping_every_us; /* 0: 2000 */
    size_t ping_size;       /* 0: 64 */
} flood_config;

typedef struct flood_result {
    uint64_t pings;  /* answered pings, all recorded */
    uint64_t bursts; /* bursts' worth of bytes echoed back meanwhile */
    uint64_t errors; /* a wrong echo, a lost connection, or a ping that took over 5 s */
    double p50_us, p99_us, max_us;
} flood_result;

/* Run it; 0, or -errno if it could not start.  Never longer than
 * `seconds` + about 6 s, whatever the server does. */
int flood_run(const flood_config *cfg, flood_result *out);

#endif
