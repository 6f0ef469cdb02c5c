/*
 * given_sockets.c - connected socket pairs for lesson 17's demos and
 * checks: an AF_UNIX pair, and a TCP pair over loopback (RST and
 * EPOLLRDHUP behave as on a real network there).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

static int set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? -errno : 0;
}

int unix_pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
        return -errno;
    return 0;
}

/* Connect while blocking (loopback: immediate), then make both ends
 * nonblocking. */
int tcp_pair(int sv[2])
{
    int err = 0;
    int ln = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int s = -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (ln < 0 || c < 0 || bind(ln, (struct sockaddr *)&a, sizeof a) < 0 || listen(ln, 1) < 0 ||
        getsockname(ln, (struct sockaddr *)&a, &alen) < 0 ||
        connect(c, (struct sockaddr *)&a, sizeof a) < 0 || (s = accept4(ln, NULL, NULL, SOCK_CLOEXEC)) < 0 ||
        set_nonblocking(c) < 0 || set_nonblocking(s) < 0) {
        err = -errno;
        if (c >= 0)
            close(c);
        if (s >= 0)
            close(s);
    } else {
        sv[0] = c;
        sv[1] = s;
    }
    if (ln >= 0)
        close(ln);
    return err;
}
