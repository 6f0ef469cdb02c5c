/* given_sockets.h - small socket helpers for lesson 09's demos and checks. */
#ifndef LESSON09_GIVEN_SOCKETS_H
#define LESSON09_GIVEN_SOCKETS_H

#include <stdint.h>

/* A nonblocking TCP listener on 127.0.0.1, port chosen by the kernel
 * (bind port 0); *port receives it.  The fd, or -errno. */
int listen_loopback(uint16_t *port);
/* A BLOCKING client connected to 127.0.0.1:port.  The fd, or -errno. */
int connect_loopback(uint16_t port);
/* A connected AF_UNIX stream pair; fds[0] nonblocking (the side a reactor
 * watches), fds[1] blocking (the side a test or demo writes by hand).
 * 0 or -errno. */
int socket_pair(int fds[2]);

#endif
