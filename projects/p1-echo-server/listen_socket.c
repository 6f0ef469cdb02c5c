/* listen_socket.c - bind and listen on an IPv4 address for the echo servers. */
#include "listen_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Backlog: the benchmark connects up to 1000 clients at once while the server
 * may not have called accept() yet; the kernel caps this at somaxconn. */
enum { LISTEN_BACKLOG = 4096 };

int listen_socket_open(const char *host, uint16_t port, uint16_t *bound_port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
        return -EINVAL;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    /* SO_REUSEADDR: a server restarted on a fixed port is not refused while
     * the previous run's connections sit in TIME_WAIT. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, LISTEN_BACKLOG) < 0)
        goto fail;
    socklen_t len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
        goto fail;
    *bound_port = ntohs(addr.sin_port);
    return fd;
fail:;
    int err = errno;
    close(fd);
    return -err;
}
