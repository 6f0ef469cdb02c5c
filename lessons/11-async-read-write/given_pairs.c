/* given_pairs.c - socket pairs over AF_UNIX and over loopback TCP. */
#include "given_pairs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int io_socket_pair(ac_io *a, ac_io *b)
{
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
        return -errno;
    int err = ac_io_open(a, fds[0]);
    if (err == 0)
        err = ac_io_open(b, fds[1]);
    if (err) {
        close(fds[0]);
        close(fds[1]);
        *a = ac_io_none();
        *b = ac_io_none();
    }
    return err;
}

int tcp_loopback_pair(int fds[2])
{
    int ln = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ln < 0)
        return -errno;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int err = 0;
    fds[0] = fds[1] = -1;
    if (bind(ln, (struct sockaddr *)&a, sizeof a) < 0 || listen(ln, 1) < 0 ||
        getsockname(ln, (struct sockaddr *)&a, &len) < 0)
        err = -errno;
    if (err == 0 && (fds[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        err = -errno;
    /* loopback: connect completes in the kernel before accept is called */
    if (err == 0 && connect(fds[0], (struct sockaddr *)&a, sizeof a) < 0)
        err = -errno;
    if (err == 0 && (fds[1] = accept4(ln, NULL, NULL, SOCK_CLOEXEC)) < 0)
        err = -errno;
    close(ln);
    if (err) {
        if (fds[0] >= 0)
            close(fds[0]);
        fds[0] = fds[1] = -1;
    }
    return err;
}
