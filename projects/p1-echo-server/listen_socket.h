/*
 * listen_socket.h - the listening socket every echo server in this project
 * is handed.  The servers never bind themselves: whoever starts them (main's
 * serve-* commands, the benchmark, the tests) binds first and passes the fd,
 * so a benchmark can bind port 0, learn the port, and only then fork the
 * server - no port races, no "is it up yet?" polling.
 */
#ifndef P1_LISTEN_SOCKET_H
#define P1_LISTEN_SOCKET_H

#include <stdint.h>

/* Bind host:port (an IPv4 literal; port 0 = the kernel picks), listen, and
 * return the fd (close-on-exec, blocking - each server sets its own mode) or
 * -errno.  *bound_port receives the actual port. */
int listen_socket_open(const char *host, uint16_t port, uint16_t *bound_port);

#endif
