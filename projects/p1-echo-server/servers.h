/*
 * servers.h - the echo servers the benchmark compares, behind one shape:
 *
 *   int serve(int listen_fd)
 *
 * takes a bound, listening TCP socket (see listen_socket.h), echoes every
 * byte on every connection it accepts, and returns 0 after SIGTERM or SIGINT
 * once everything is closed (nonzero on a setup error).  The caller should
 * have SIGTERM and SIGINT blocked when it calls serve() (server_child.c does,
 * across fork) so a signal sent right after the fork is held, not fatal; each
 * server unblocks or consumes them itself.
 *
 * serve() owns listen_fd: it is closed when serve() returns.
 *
 * To add a server to the benchmark, add one row to echo_servers[] in
 * servers.c.
 */
#ifndef P1_SERVERS_H
#define P1_SERVERS_H

#include <stddef.h>

typedef struct echo_server {
    const char *name; /* "ours", "libuv", "epoll": the bench and JSON name */
    int (*serve)(int listen_fd);
} echo_server;

/* echo_ours.c: our runtime, one task per client (echo_ours.h); on the
 * single-threaded executor, and on ac_runtime's N workers. */
int echo_ours_serve(int listen_fd);
int echo_ours_serve_mt(int listen_fd);
/* echo_uv.c: the baseline, idiomatic libuv. */
int echo_uv_serve(int listen_fd);
/* echo_epoll.c: the floor, a bare edge-triggered epoll loop. */
int echo_epoll_serve(int listen_fd);

extern const echo_server echo_servers[];
extern const size_t echo_server_count;

/* The row named `name`, or NULL. */
const echo_server *echo_server_find(const char *name);

#endif
