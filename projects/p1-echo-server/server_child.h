/*
 * server_child.h - run one echo server in a child process, then stop it and
 * learn what it cost.
 *
 *   parent                              child
 *   listen_socket_open(127.0.0.1:0)
 *   block SIGTERM/SIGINT, fork ───────> serve(listen_fd)  (signals still held)
 *   close listen_fd, restore mask         ... echoing ...
 *   -- connect, load, measure --
 *   kill(SIGTERM) ────────────────────> serve returns 0, exit(0)
 *   wait4 ──> exit status + rusage (ru_utime = the server's user CPU)
 *
 * The socket is listening before the fork, so clients may connect at once:
 * the kernel queues them until the child accepts.  Holding the signals across
 * the fork means a SIGTERM that beats the child's setup waits for it instead
 * of killing the child before it has installed its handlers.
 */
#ifndef P1_SERVER_CHILD_H
#define P1_SERVER_CHILD_H

#include "servers.h"

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

typedef struct server_child {
    const echo_server *server;
    pid_t pid;
    uint16_t port; /* on 127.0.0.1 */
} server_child;

/* Start `server` in a child on a fresh loopback port.  0 or -errno. */
int server_child_start(const echo_server *server, server_child *child);

/* SIGTERM the child and reap it, SIGKILL if it is not gone within
 * grace_ms.  *status is the wait status, *usage the child's rusage.
 * 0, -ETIMEDOUT if it had to be killed, or -errno. */
int server_child_stop(server_child *child, unsigned grace_ms, int *status, struct rusage *usage);

#endif
