/* Mutant of exercise 3: a read of 0 is not taken for a hang-up, so the
 * connection is never forgotten (and level-triggered epoll reports it again
 * and again). Caught by echo_keeps_many_clients_apart_by_fd (live never
 * reaches 0). */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

/* Disconnect handling in one place: leave the epoll set, close, forget. */
static void drop_conn(echo_server *s, int fd)
{
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(s->conns[fd]);
    s->conns[fd] = NULL;
    s->live--;
    s->disconnected++;
}

/* The listener is readable: take every connection waiting in its queue. */
static void accept_all(echo_server *s)
{
    for (;;) {
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN: queue empty (or a transient error: retry next event) */
        echo_conn *c = fd < ECHO_MAX_FDS ? calloc(1, sizeof *c) : NULL;
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (c == NULL || epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            free(c);
            close(fd); /* no room in the table: refuse rather than crash */
            s->refused++;
            continue;
        }
        c->fd = fd;
        s->conns[fd] = c;
        s->live++;
        s->accepted++;
    }
}

/* Write all of buf to a nonblocking socket.  Simplification: if the peer
 * stops reading and the kernel buffer fills (EAGAIN), we give up on it
 * instead of keeping the bytes and waiting for EPOLLOUT. */
static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* A connection is readable: one read, echoed back.  Level-triggered epoll
 * reports it again if more is waiting, so one read per event is fair. */
static void serve(echo_server *s, int fd)
{
    echo_conn *c = s->conns[fd];
    if (c == NULL)
        return; /* closed earlier in this same batch of events */
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return; /* readiness was only a hint */
    if (n < 0 || !write_all(fd, buf, (size_t)n)) {
        drop_conn(s, fd); /* 0: the client hung up; < 0: the connection broke */
        return;
    }
    c->bytes += (unsigned long)n;
    s->bytes_echoed += (unsigned long)n;
}

int echo_server_step(echo_server *s, int timeout_ms)
{
    struct epoll_event events[64];
    int n = epoll_wait(s->epfd, events, 64, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -errno;
    s->steps++;
    for (int i = 0; i < n; i++) {
        int fd = events[i].data.fd; /* the key we registered: the fd itself */
        if (fd == s->listen_fd)
            accept_all(s);
        else
            serve(s, fd); /* EPOLLHUP/EPOLLERR land here too: read() tells which */
    }
    s->events += (unsigned long)n;
    return n;
}
