/* lockstep.c - send on all, read all back, pause: see lockstep.h. */
#include "lockstep.h"

#include "loopback_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Read exactly len bytes and compare them with want. */
static int read_echo(int fd, const char *want, char *buf, size_t len)
{
    for (size_t got = 0; got < len;) {
        ssize_t n = recv(fd, buf + got, len - got, 0);
        if (n == 0)
            return -ECONNRESET;
        if (n < 0 && errno != EINTR)
            return -errno;
        got += n > 0 ? (size_t)n : 0;
    }
    return memcmp(buf, want, len) == 0 ? 0 : -EPROTO;
}

int lockstep_run(uint16_t port, unsigned conns, uint64_t rounds, size_t size, unsigned think_us)
{
    int *fds = calloc(conns, sizeof *fds);
    char *msg = malloc(size), *buf = malloc(size);
    int err = (fds && msg && buf) ? 0 : -ENOMEM;
    unsigned opened = 0;
    for (; err == 0 && opened < conns; opened++) {
        int fd = loopback_connect(port);
        if (fd < 0)
            err = fd;
        else
            fds[opened] = fd;
    }
    for (size_t i = 0; msg != NULL && i < size; i++)
        msg[i] = (char)('a' + i % 26);
    struct timespec pause = {.tv_sec = think_us / 1000000, .tv_nsec = (long)(think_us % 1000000) * 1000};
    for (uint64_t r = 0; err == 0 && r < rounds; r++) {
        for (unsigned c = 0; err == 0 && c < conns; c++)
            if (send(fds[c], msg, size, MSG_NOSIGNAL) != (ssize_t)size)
                err = -EIO;
        for (unsigned c = 0; err == 0 && c < conns; c++)
            err = read_echo(fds[c], msg, buf, size);
        if (think_us > 0)
            nanosleep(&pause, NULL);
    }
    for (unsigned c = 0; c < opened; c++)
        close(fds[c]);
    free(fds);
    free(msg);
    free(buf);
    return err;
}
