/*
 * echo_epoll.c - the floor: the least a Linux echo server can do.  One
 * thread, one epoll set, edge-triggered, nothing but syscalls between the
 * events.  Whatever a runtime costs beyond this is the price of its
 * abstractions.
 *
 *   epoll_wait ─┬─ listener  ──> accept4 until EAGAIN, register each socket
 *               ├─ signalfd  ──> stop: close everything, return 0
 *               └─ a socket  ──> pump(): recv until EAGAIN (or buffer full),
 *                                send what it can, keep the rest for EPOLLOUT
 *
 * Each connection owns one fixed buffer, so a client that sends faster than
 * it reads is throttled (we stop reading while the buffer is full) instead
 * of growing server memory.
 */
#include "servers.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CONN_BUFFER = 16 * 1024, MAX_EVENTS = 256 };

typedef struct conn {
    int fd;
    bool eof;          /* the peer has shut down its sending side */
    size_t head, tail; /* bytes read but not yet echoed: buf[head, tail) */
    struct conn *prev, *next;
    char buf[CONN_BUFFER];
} conn;

/* epoll_event.data.ptr is a conn*, or the address of one of these tags. */
static char listener_tag, signal_tag;

/* Move bytes until the kernel says EAGAIN in a direction we still need.
 * Edge-triggered epoll only reports *changes*, so before going back to
 * epoll_wait we must have seen EAGAIN on every side we wait for: reads
 * (unless the buffer is full, then the EPOLLOUT that drains it brings us
 * back) and writes (when bytes are left).  Returns false: close it. */
static bool pump(conn *c)
{
    for (;;) {
        bool drained = c->eof;
        while (!drained && c->tail < CONN_BUFFER) {
            ssize_t n = recv(c->fd, c->buf + c->tail, CONN_BUFFER - c->tail, 0);
            if (n > 0)
                c->tail += (size_t)n;
            else if (n == 0)
                c->eof = drained = true;
            else if (errno == EAGAIN)
                drained = true;
            else if (errno != EINTR)
                return false;
        }
        bool blocked = false;
        while (c->head < c->tail) {
            ssize_t n = send(c->fd, c->buf + c->head, c->tail - c->head, MSG_NOSIGNAL);
            if (n >= 0)
                c->head += (size_t)n;
            else if (errno == EAGAIN)
                blocked = true;
            else if (errno != EINTR)
                return false;
            if (blocked)
                break;
        }
        if (c->head == c->tail)
            c->head = c->tail = 0;
        if (c->eof && c->tail == 0)
            return false; /* everything the peer sent has been echoed */
        if (drained || blocked)
            return true;
        /* neither: the buffer was full and has just been emptied; read on */
    }
}

static void conn_close(conn **list, conn *c)
{
    close(c->fd); /* also removes it from the epoll set */
    if (c->prev)
        c->prev->next = c->next;
    else
        *list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    free(c);
}

/* Accept until EAGAIN: with an edge-triggered listener, a burst of
 * connections produces one event. */
static void accept_all(int epfd, int listen_fd, conn **list)
{
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
                perror("echo_epoll: accept4");
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return;
        }
        int one = 1; /* no Nagle delay on small echoes, as every server here */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn *c = malloc(sizeof *c);
        if (!c) {
            close(fd);
            continue;
        }
        *c = (conn){.fd = fd, .next = *list};
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            free(c);
            continue;
        }
        if (*list)
            (*list)->prev = c;
        *list = c;
    }
}

/* Read the pending signals off the signalfd (so they are not delivered again
 * when the old mask comes back); true if there was one. */
static bool consume_signals(int sfd)
{
    struct signalfd_siginfo info;
    bool any = false;
    while (read(sfd, &info, sizeof info) == (ssize_t)sizeof info)
        any = true;
    return any;
}

static int add_tag(int epfd, int fd, char *tag)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.ptr = tag};
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int echo_epoll_serve(int listen_fd)
{
    sigset_t stop, old_mask;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    /* signalfd needs the signals blocked; one already pending (see servers.h)
     * stays pending and is read from the signalfd on the first round. */
    sigprocmask(SIG_BLOCK, &stop, &old_mask);
    int sfd = signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    int flags = fcntl(listen_fd, F_GETFL);
    int rc = 0;
    if (sfd < 0 || epfd < 0 || flags < 0 || fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        add_tag(epfd, listen_fd, &listener_tag) < 0 || add_tag(epfd, sfd, &signal_tag) < 0) {
        perror("echo_epoll: setup");
        rc = 1;
    }
    conn *list = NULL;
    bool running = rc == 0;
    while (running) {
        struct epoll_event events[MAX_EVENTS];
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (n < 0 && errno != EINTR) {
            perror("echo_epoll: epoll_wait");
            rc = 1;
            break;
        }
        for (int i = 0; i < n; i++) {
            void *tag = events[i].data.ptr;
            if (tag == &listener_tag)
                accept_all(epfd, listen_fd, &list);
            else if (tag == &signal_tag)
                running = !consume_signals(sfd); /* the rest of this batch is still served */
            else if (!pump(tag))
                conn_close(&list, tag);
        }
    }
    while (list)
        conn_close(&list, list);
    if (epfd >= 0)
        close(epfd);
    if (sfd >= 0)
        close(sfd);
    close(listen_fd);
    /* A second Ctrl-C from here on takes its default effect: the user means it. */
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    return rc;
}
