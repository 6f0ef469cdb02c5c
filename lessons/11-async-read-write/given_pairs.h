/* given_pairs.h - connected socket pairs for lesson 11's demos and checks. */
#ifndef LESSON11_PAIRS_H
#define LESSON11_PAIRS_H

#include "ac/io.h"

/* An AF_UNIX stream pair, both ends adopted as nonblocking ac_io.
 * 0 or -errno. */
int io_socket_pair(ac_io *a, ac_io *b);
/* Two BLOCKING TCP sockets connected over 127.0.0.1 (listener on port 0,
 * closed again): fds[0] is the client end, fds[1] the accepted end.
 * 0 or -errno. */
int tcp_loopback_pair(int fds[2]);

#endif
