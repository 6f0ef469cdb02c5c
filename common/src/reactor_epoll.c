/*
 * reactor_epoll.c - the Linux backend: one epoll instance, edge-triggered.
 *
 * Each fd is added ONCE, for both directions, with EPOLLET: the kernel
 * reports a transition to ready once, and our futures promise to retry
 * until EAGAIN before they arm (see reactor.h and reactor.c), so no edge is ever lost and
 * no fd is re-armed with epoll_ctl per operation.  The event's 64-bit data
 * carries fd and generation, so a stale event cannot hit a reused fd.
 *
 *   epoll_event.data.u64 = gen << 32 | fd     (WAKE_TOKEN: the eventfd,
 *                                              ALARM_TOKEN: the timerfd)
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "reactor_backend.h"

const char ac__backend_name[] = "epoll";

_Static_assert((unsigned)EPOLLIN == (unsigned)AC_READABLE && (unsigned)EPOLLOUT == (unsigned)AC_WRITABLE,
               "epoll events map to interest bits");

#define MAX_EVENTS  256
#define WAKE_TOKEN  UINT64_MAX
#define ALARM_TOKEN (UINT64_MAX - 1)

typedef struct epoll_backend {
    int epfd;
    struct epoll_event events[MAX_EVENTS];
} epoll_backend;

int ac__backend_init(ac_reactor *r)
{
    epoll_backend *b = malloc(sizeof *b);
    if (b == NULL)
        return -ENOMEM;
    b->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (b->epfd < 0) {
        int err = -errno;
        free(b);
        return err;
    }
    /* level-triggered: each stays readable until the reactor resets it */
    struct epoll_event wake = {.events = EPOLLIN, .data.u64 = WAKE_TOKEN};
    struct epoll_event alarm = {.events = EPOLLIN, .data.u64 = ALARM_TOKEN};
    if (epoll_ctl(b->epfd, EPOLL_CTL_ADD, r->ex->wake_fd, &wake) < 0 ||
        epoll_ctl(b->epfd, EPOLL_CTL_ADD, r->alarm_fd, &alarm) < 0) {
        int err = -errno;
        close(b->epfd);
        free(b);
        return err;
    }
    r->backend = b;
    return 0;
}

void ac__backend_free(ac_reactor *r)
{
    epoll_backend *b = r->backend;
    close(b->epfd);
    free(b);
    r->backend = NULL;
}

int ac__backend_add(ac_reactor *r, int fd, uint32_t gen)
{
    epoll_backend *b = r->backend;
    struct epoll_event ev = {
        .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
        .data.u64 = (uint64_t)gen << 32 | (uint32_t)fd,
    };
    return epoll_ctl(b->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void ac__backend_del(ac_reactor *r, int fd)
{
    epoll_backend *b = r->backend;
    /* ENOENT/EBADF: the fd was closed already, which removed it for us */
    (void)epoll_ctl(b->epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* The eventfd or the alarm's timerfd.  Out of line: keeps the loop small. */
static AC_NOINLINE void own_event(ac_reactor *r, uint64_t token)
{
    if (token == WAKE_TOKEN)
        ac__executor_ack_wake(r->ex);
    else
        ac__reactor_alarm_rang(r);
}

/* Hand n events to the reactor.  `turn` is 0 on an executor and the
 * driver turn in shared mode (a constant in each caller: inlined twice). */
static inline void dispatch_events(ac_reactor *r, const epoll_backend *b, int n, uint32_t turn)
{
    for (int i = 0; i < n; i++) {
        uint64_t token = b->events[i].data.u64;
        uint32_t what = b->events[i].events;
        if (token >= ALARM_TOKEN) {
            own_event(r, token);
            continue;
        }
        unsigned ready = what & (EPOLLIN | EPOLLOUT);  /* = AC_READABLE | AC_WRITABLE */
        if (what & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) /* rare: the peer or the fd is done */
            ready |= AC_READABLE | AC__HANGUP | (what & (EPOLLHUP | EPOLLERR) ? AC_WRITABLE : 0u);
        if (turn != 0)
            ac__reactor_dispatch_shared(r, (int)(uint32_t)token, (uint32_t)(token >> 32), ready, turn);
        else
            ac__reactor_dispatch(r, (int)(uint32_t)token, (uint32_t)(token >> 32), ready);
    }
}

int ac__backend_wait(ac_reactor *r, int timeout_ms)
{
    epoll_backend *b = r->backend;
    int n = epoll_wait(b->epfd, b->events, MAX_EVENTS, timeout_ms);
    if (n < 0) {
        r->stats.eintr += errno == EINTR;
        return -errno;
    }
    dispatch_events(r, b, n, 0);
    return n;
}

/* Shared mode: epoll_wait needs no lock (epoll_ctl from other threads
 * meanwhile is fine: the kernel's interest list has its own), and the
 * events array is the token holder's alone. */
int ac__backend_block(ac_reactor *r, int timeout_ms)
{
    epoll_backend *b = r->backend;
    int n = epoll_wait(b->epfd, b->events, MAX_EVENTS, timeout_ms);
    return n < 0 ? -errno : n;
}

void ac__backend_dispatch_shared(ac_reactor *r, int n, uint32_t turn)
{
    if (n > 0)
        dispatch_events(r, r->backend, n, turn);
}

/* epoll watches every registered fd whatever is armed: nothing to do. */
void ac__backend_armed(ac_reactor *r, int fd) { (void)r, (void)fd; }
