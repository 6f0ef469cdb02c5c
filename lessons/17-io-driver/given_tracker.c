/*
 * given_tracker.c - the given half of exercise 1's tracker: its life
 * (init, register, deregister, free) and the names of its bits.  You
 * write what happens in between: events in, questions answered.
 */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "lesson.h"

void tracker_init(tracker *t) { *t = (tracker){0}; }

uint32_t tracker_register(tracker *t, int fd)
{
    tracked_fd *e = &t->fds[fd];
    if (e->registered)
        tracker_deregister(t, fd);
    e->gen++;
    e->registered = true;
    e->ready = READY_READABLE | READY_WRITABLE; /* unknown yet: the first operation tries */
    e->armed = 0;
    return e->gen;
}

/* Drop, never wake: whoever waited is being cancelled along with the fd.
 * Take each waker out of its slot before dropping it, so a drop that
 * looks at the tracker finds the slot empty. */
void tracker_deregister(tracker *t, int fd)
{
    tracked_fd *e = &t->fds[fd];
    if (!e->registered)
        return;
    e->registered = false;
    e->gen++; /* events still in flight now carry an old generation */
    e->ready = e->armed = 0;
    ac_waker rd = e->reader, wr = e->writer;
    e->reader = e->writer = (ac_waker){0};
    if (rd.vtable != NULL)
        ac_waker_drop(&rd);
    if (wr.vtable != NULL)
        ac_waker_drop(&wr);
}

void tracker_free(tracker *t)
{
    for (int fd = 0; fd < TRACKER_FDS; fd++)
        tracker_deregister(t, fd);
}

unsigned ready_from_epoll(uint32_t events)
{
    unsigned bits = 0;
    if (events & EPOLLIN)
        bits |= READY_READABLE;
    if (events & EPOLLOUT)
        bits |= READY_WRITABLE;
    if (events & EPOLLRDHUP)
        bits |= READY_READ_CLOSED;
    if (events & (EPOLLHUP | EPOLLERR))
        bits |= READY_READ_CLOSED | READY_WRITE_CLOSED;
    return bits;
}

const char *ready_names(unsigned bits, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{READY_READABLE, "readable"},
                 {READY_WRITABLE, "writable"},
                 {READY_READ_CLOSED, "read-closed"},
                 {READY_WRITE_CLOSED, "write-closed"}};
    buf[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(bits & names[i].bit))
            continue;
        int n = snprintf(buf + at, size - at, "%s%s", at ? "|" : "", names[i].name);
        if (n < 0 || (size_t)n >= size - at)
            break;
        at += (size_t)n;
    }
    if (at == 0)
        snprintf(buf, size, "-");
    return buf;
}
