/*
 * given_bridge.c - the parts of exercise 4 that are given: a tiny reactor's
 * bookkeeping (which fd is in the epoll set, whose waker waits on it) and
 * the read future's vtable.  You write the reactor's turn and the poll.
 *
 * This reactor is deliberately small and lives in the lesson: one epoll
 * set, read interest only, a fixed table keyed by fd.  Lesson 09 grows the
 * real one in common/ (read and write slots, plugged into the executor).
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "lesson.h"

int bridge_reactor_init(bridge_reactor *r)
{
    memset(r, 0, sizeof *r); /* every slot empty, nothing registered */
    r->epfd = epoll_create1(EPOLL_CLOEXEC);
    return r->epfd < 0 ? -errno : 0;
}

void bridge_reactor_close(bridge_reactor *r)
{
    for (int fd = 0; fd < BRIDGE_MAX_FDS; fd++)
        ac_waker_slot_clear(&r->waiting[fd]); /* a waker is a reference: give it back */
    if (r->epfd >= 0)
        close(r->epfd);
    r->epfd = -1;
}

/*
 * Edge-triggered: epoll reports the fd once each time new bytes arrive,
 * not on every wait while bytes sit unread.  That is why the future must
 * read until EAGAIN before it sleeps again: an edge it already consumed
 * will not be reported twice.  Adding an fd that is already readable
 * reports it once at once, so nothing that arrived before is lost.
 */
int bridge_reactor_wait_readable(bridge_reactor *r, int fd, const ac_waker *waker)
{
    if (fd < 0 || fd >= BRIDGE_MAX_FDS)
        return -EMFILE;
    if (!r->registered[fd]) {
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = fd};
        if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
            return -errno;
        r->registered[fd] = true;
    }
    ac_waker_slot_set(&r->waiting[fd], waker);
    return 0;
}

void bridge_reactor_clear(bridge_reactor *r, int fd)
{
    if (fd >= 0 && fd < BRIDGE_MAX_FDS)
        ac_waker_slot_clear(&r->waiting[fd]);
}

void bridge_reactor_forget(bridge_reactor *r, int fd)
{
    if (fd < 0 || fd >= BRIDGE_MAX_FDS)
        return;
    ac_waker_slot_clear(&r->waiting[fd]);
    if (r->registered[fd])
        epoll_ctl(r->epfd, EPOLL_CTL_DEL, fd, NULL);
    r->registered[fd] = false;
}

/* Cancelling a read that is waiting: its waker must not stay behind, or
 * the reactor would one day wake a task that no longer waits (or exists). */
static void read_future_drop(ac_future *self)
{
    read_future *f = (read_future *)self;
    bridge_reactor_clear(f->reactor, f->fd);
}

static const ac_future_vtable read_future_vtable = {
    .name = "read_future",
    .poll = read_future_poll,
    .drop = read_future_drop,
    AC_OUTPUT(read_future, result),
};

read_future read_future_new(bridge_reactor *r, int fd, void *buf, size_t cap)
{
    return (read_future){
        .base = {&read_future_vtable}, .reactor = r, .fd = fd, .buf = buf, .cap = cap, .result = 0};
}
