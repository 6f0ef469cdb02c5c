/*
 * demo_closed.c - `17-io-driver closed`: what the kernel says when a peer
 * is done.  A shutdown(SHUT_WR) closes one direction (read-closed for us:
 * EPOLLRDHUP, read() = 0) and the other keeps working; a close with
 * unread data resets the connection (EPOLLHUP|EPOLLERR: read gets
 * ECONNRESET, write EPIPE).  Then your exercise 3's half-close client.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

/* An edge-triggered epoll set on fd, asked for everything. */
static int watch(int fd)
{
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    epoll_one(epfd, 0); /* the first report: writable */
    return epfd;
}

static void kernel_says(int epfd)
{
    char a[96], b[64];
    uint32_t ev = epoll_one(epfd, 200);
    printf("    epoll: %-44s ready: %s\n", epoll_names(ev, a, sizeof a),
           ready_names(ready_from_epoll(ev), b, sizeof b));
}

static void said(const char *what, ssize_t n)
{
    if (n < 0)
        printf("    %-36s = -1 %s\n", what, strerrorname_np(errno));
    else
        printf("    %-36s = %zd\n", what, n);
}

static int half_close(void)
{
    int sv[2];
    if (tcp_pair(sv) != 0)
        return 1;
    int epfd = watch(sv[0]);
    char buf[32];
    printf("  TCP over loopback; the peer calls shutdown(SHUT_WR):\n");
    shutdown(sv[1], SHUT_WR);
    kernel_says(epfd);
    said("read(ours)", read(sv[0], buf, sizeof buf));
    said("read(ours) again", read(sv[0], buf, sizeof buf));
    said("send(ours, \"still here\")", send(sv[0], "still here", 10, MSG_NOSIGNAL));
    ssize_t n = read(sv[1], buf, sizeof buf);
    printf("    the peer reads %zd bytes: \"%.*s\" - the other direction still works\n", n,
           (int)(n > 0 ? n : 0), buf);
    close(epfd);
    close(sv[0]);
    close(sv[1]);
    return 0;
}

static int reset(void)
{
    int sv[2];
    if (tcp_pair(sv) != 0)
        return 1;
    int epfd = watch(sv[0]);
    char buf[32];
    printf("  we send 6 bytes; the peer closes WITHOUT reading them: the kernel sends RST\n");
    said("send(ours, \"unread\")", send(sv[0], "unread", 6, MSG_NOSIGNAL));
    close(sv[1]);
    kernel_says(epfd);
    said("read(ours)", read(sv[0], buf, sizeof buf));
    said("read(ours) again", read(sv[0], buf, sizeof buf));
    said("send(ours, MSG_NOSIGNAL)", send(sv[0], "x", 1, MSG_NOSIGNAL));
    printf("    (without MSG_NOSIGNAL that send would raise SIGPIPE and end the process)\n");
    close(epfd);
    close(sv[0]);
    return 0;
}

/* Exercise 3 against a peer that upper-cases, then against one that
 * closes at once. */
static int client(bool peer_closes)
{
    ac_executor ex;
    int sv[2];
    if (ac_executor_init(&ex) != 0 || unix_pair(sv) != 0)
        return 1;
    ac_io io;
    ac_io_open(&io, sv[0]);
    size_t peer_got = 0;
    ac_join_handle h = {0};
    if (peer_closes) {
        close(sv[1]); /* gone before we send a byte */
    } else {
        upper_peer peer = upper_peer_new(sv[1], NULL, 0, &peer_got);
        h = AC_SPAWN(&ex, peer);
    }
    static char reply[64];
    static request req;
    req = request_new(&io, "hello, driver", 13, reply, sizeof reply);
    ac_block_on(&ex, &req.base);
    ac_executor_run(&ex);
    if (req.result >= 0)
        printf("    request \"hello, driver\": the peer read %zu bytes, then EOF; reply \"%.*s\" (%zd)\n",
               peer_got, (int)req.result, reply, req.result);
    else
        printf("    request to a peer that is gone: result %zd (-%s: write-closed)\n", req.result,
               strerrorname_np((int)-req.result));
    if (!peer_closes)
        ac_join_release(&h);
    ac_io_close(&io);
    ac_executor_close(&ex);
    return 0;
}

int demo_closed(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    printf("-- %s\n\n", "half-close: read-closed, and the other direction still works");
    int rc = half_close();
    printf("\n");
    printf("-- %s\n\n", "reset: read-closed and write-closed");
    if (rc == 0)
        rc = reset();
    printf("\n");
    printf("-- %s\n\n", "your half-close client (exercise 3)");
    if (rc == 0)
        rc = client(false);
    if (rc == 0)
        rc = client(true);
    printf("\ntakeaway: read-closed means no more bytes will come (read gives 0 or ECONNRESET),\n"
           "write-closed that none we send will arrive (EPIPE).  Both are sticky: a driver\n"
           "never clears them while the fd lives.  shutdown(SHUT_WR) closes one direction\n"
           "only: that is how a client says \"my request is complete\" and still reads.\n");
    return rc;
}
