/*
 * loopback_client.h - the plain blocking client sockets that the self-test,
 * c10k, the lockstep client and the integration tests open against a
 * server on 127.0.0.1.
 */
#ifndef P1_LOOPBACK_CLIENT_H
#define P1_LOOPBACK_CLIENT_H

#include <stdint.h>

/* A blocking TCP socket connected to 127.0.0.1:port, with TCP_NODELAY and
 * a 10 s receive timeout (so no read can hang a test), or -errno. */
int loopback_connect(uint16_t port);

/* Milliseconds until the peer closes fd (a read of 0), or -1 if it does
 * not within limit_ms (or sends data instead). */
long loopback_ms_until_eof(int fd, int limit_ms);

#endif
