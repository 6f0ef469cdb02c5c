/*
 * given_echo_server.c - the parts of exercise 3's server that are given:
 * opening the listener and the epoll instance, and closing it all.
 * You write echo_server_step(), the loop's one turn.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"
#include "given_net.h"

int echo_server_open(echo_server *s)
{
    *s = (echo_server){.epfd = -1, .listen_fd = -1};
    int fd = loopback_listen(&s->port);
    if (fd < 0)
        return fd;
    s->listen_fd = fd;
    int err = set_nonblocking(fd); /* accept() must say EAGAIN, not block */
    if (err == 0) {
        s->epfd = epoll_create1(EPOLL_CLOEXEC);
        if (s->epfd < 0)
            err = -errno;
    }
    if (err == 0) {
        /* The key we get back with every event is the fd itself. */
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
            err = -errno;
    }
    if (err != 0)
        echo_server_close(s);
    return err;
}

void echo_server_close(echo_server *s)
{
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        if (s->conns[fd] != NULL) {
            close(fd); /* closing also takes it out of the epoll set */
            free(s->conns[fd]);
            s->conns[fd] = NULL;
        }
    }
    s->live = 0;
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    if (s->epfd >= 0)
        close(s->epfd);
    s->listen_fd = s->epfd = -1;
}
