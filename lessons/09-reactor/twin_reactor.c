/*
 * twin_reactor.c - lesson 09's own reactor, the plain version.
 *
 * It tells the kernel exactly what someone waits for: arming a slot adds
 * that direction to fd's epoll interest, a wake (or a disarm) takes it
 * out, and an fd nobody waits on is not in epoll at all.  epoll is
 * level-triggered here - it reports "fd is readable" for as long as it is
 * - so a slot that was armed a moment too late still fires.
 *
 *   twin_arm(7, READ, w)     entries[7].read = clone(w)   epoll_ctl ADD 7 {IN}
 *   twin_turn(100 ms)        epoll_wait -> {7: IN, gen 3}
 *                              gen 3 == entries[7].gen?   (no: stale, skip)
 *                              w = entries[7].read; slot = empty
 *                              epoll_ctl DEL 7            (nobody waits now)
 *                              wake(w)                    the task is queued
 *   twin_deregister(7)       drop both wakers, gen 4; then close(7)
 */
#include "twin_reactor.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* The event data of the executor's own wake fd (an eventfd); any other
 * event's data is gen << 32 | fd. */
#define WAKE_TOKEN UINT64_MAX

/* ---- the fd table ------------------------------------------------------ */

/* Make entries[fd] exist: double the table until it fits. */
static int reserve(twin_reactor *r, int fd)
{
    if (fd < r->cap)
        return 0;
    int cap = r->cap > 0 ? r->cap : 16;
    while (cap <= fd)
        cap *= 2;
    twin_entry *e = realloc(r->entries, (size_t)cap * sizeof *e);
    if (e == NULL)
        return -ENOMEM;
    for (int i = r->cap; i < cap; i++)
        e[i] = (twin_entry){0};
    r->entries = e;
    r->cap = cap;
    return 0;
}

bool twin_is_registered(const twin_reactor *r, int fd)
{
    return fd >= 0 && fd < r->cap && r->entries[fd].registered;
}

int twin_register(twin_reactor *r, int fd)
{
    if (fd < 0)
        return -EBADF;
    int err = reserve(r, fd);
    if (err)
        return err;
    twin_deregister(r, fd); /* registered already (closed without deregister?): start clean */
    twin_entry *e = &r->entries[fd];
    e->gen++;
    e->registered = true;
    r->registered++;
    return 0;
}

/* ---- telling epoll what someone waits for ------------------------------ */

/* Make epoll's interest in fd match its slots: the first waiter ADDs it,
 * a change MODifies it, the last one gone DELetes it.  Every ADD and MOD
 * stamps the event with fd's current generation. */
static void watch(twin_reactor *r, int fd)
{
    twin_entry *e = &r->entries[fd];
    uint32_t want = (e->read.vtable != NULL ? EPOLLIN : 0u) | (e->write.vtable != NULL ? EPOLLOUT : 0u);
    if (want == 0 && !e->in_epoll)
        return;
    struct epoll_event ev = {.events = want, .data.u64 = (uint64_t)e->gen << 32 | (uint32_t)fd};
    int op = want == 0 ? EPOLL_CTL_DEL : e->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(r->epfd, op, fd, &ev) < 0 && op != EPOLL_CTL_DEL) {
        /* fd closed before twin_deregister, or not pollable: a bug of the caller */
        fprintf(stderr, "twin_arm: epoll_ctl(fd %d) failed: %s\n", fd, strerror(errno));
        abort();
    }
    e->in_epoll = want != 0;
}

/* Take the waker out of a slot (it may be empty). */
static ac_waker take(ac_waker *slot)
{
    ac_waker w = *slot;
    *slot = (ac_waker){0};
    return w;
}

/* Give back a waker taken out of a slot, if there was one. */
static void drop_taken(ac_waker *w)
{
    if (w->vtable != NULL)
        ac_waker_drop(w);
}

void twin_arm(twin_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    if (!twin_is_registered(r, fd)) {
        fprintf(stderr, "twin_arm: fd %d is not registered\n", fd);
        abort();
    }
    twin_entry *e = &r->entries[fd];
    ac_waker *slot = dir == AC_READABLE ? &e->read : &e->write;
    ac_waker old = take(slot);
    *slot = ac_waker_clone(w);
    drop_taken(&old); /* after the clone: w may be the very waker that was there */
    watch(r, fd);
}

void twin_disarm(twin_reactor *r, int fd, unsigned dir)
{
    if (!twin_is_registered(r, fd))
        return;
    twin_entry *e = &r->entries[fd];
    ac_waker rd = dir & AC_READABLE ? take(&e->read) : (ac_waker){0};
    ac_waker wr = dir & AC_WRITABLE ? take(&e->write) : (ac_waker){0};
    watch(r, fd);
    drop_taken(&rd); /* last: a drop may run code that calls us again */
    drop_taken(&wr);
}

bool twin_is_armed(const twin_reactor *r, int fd, ac_interest dir)
{
    if (!twin_is_registered(r, fd))
        return false;
    const twin_entry *e = &r->entries[fd];
    return (dir == AC_READABLE ? e->read.vtable : e->write.vtable) != NULL;
}

void twin_deregister(twin_reactor *r, int fd)
{
    if (!twin_is_registered(r, fd))
        return;
    twin_disarm(r, fd, AC_READABLE | AC_WRITABLE); /* drops, never wakes; epoll lets go */
    twin_entry *e = &r->entries[fd];
    e->registered = false;
    e->gen++; /* an event already fetched for the old fd no longer matches */
    r->registered--;
}

/* ---- the park ---------------------------------------------------------- */

/* Nanoseconds to epoll's milliseconds, rounded up (waking a hair early
 * would find nothing and wait again); AC_FOREVER is -1. */
static int timeout_ms(ac_nanos timeout)
{
    if (timeout < 0)
        return -1;
    ac_nanos ms = (timeout + AC_MSEC(1) - 1) / AC_MSEC(1);
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Wake the waker in one slot of fd, if any: empty the slot first, tell
 * epoll, then wake (waking may run code that re-arms, deregisters or
 * grows the table, so nothing of the entry is used after it). */
static void wake_slot(twin_reactor *r, int fd, ac_interest dir)
{
    twin_entry *e = &r->entries[fd];
    ac_waker w = take(dir == AC_READABLE ? &e->read : &e->write);
    if (w.vtable == NULL)
        return; /* nobody waits that way */
    watch(r, fd);
    r->counts.wakes++;
    ac_waker_wake(&w); /* by value: the reactor's clone is used up */
}

/* One event: fd was ready (`what`, epoll's bits) under generation gen. */
static void dispatch(twin_reactor *r, int fd, uint32_t gen, uint32_t what)
{
    r->counts.events++;
    if (r->entries[fd].gen != gen) {
        r->counts.stale++; /* deregistered since (maybe the number is reused): not ours */
        return;
    }
    if (what & (EPOLLIN | EPOLLHUP | EPOLLERR))
        wake_slot(r, fd, AC_READABLE);
    /* the reader's waker may have deregistered fd: look again */
    if (r->entries[fd].gen == gen && what & (EPOLLOUT | EPOLLHUP | EPOLLERR))
        wake_slot(r, fd, AC_WRITABLE);
}

int twin_turn(twin_reactor *r, ac_nanos timeout)
{
    struct epoll_event events[64];
    r->counts.waits++;
    int n = epoll_wait(r->epfd, events, 64, timeout_ms(timeout));
    if (n < 0)
        return 0; /* EINTR: a signal; whoever still waits turns again */
    for (int i = 0; i < n; i++) {
        uint64_t token = events[i].data.u64;
        if (token == WAKE_TOKEN) {
            uint64_t count; /* another thread woke the executor: reset its eventfd */
            ssize_t got = read(r->ex->wake_fd, &count, sizeof count);
            (void)got; /* EAGAIN: reset already */
            continue;
        }
        dispatch(r, (int)(uint32_t)token, (uint32_t)(token >> 32), events[i].events);
    }
    return n;
}

/* ---- as the executor's driver ------------------------------------------ */

static void twin_park(ac_driver *d, ac_executor *ex, ac_nanos timeout)
{
    (void)ex;
    twin_turn((twin_reactor *)d, timeout);
}

/* Executor close: every task is gone; drop what is still armed. */
static void twin_close(ac_driver *d, ac_executor *ex)
{
    twin_reactor *r = (twin_reactor *)d;
    for (int fd = 0; fd < r->cap; fd++)
        twin_deregister(r, fd);
    close(r->epfd);
    free(r->entries);
    ac_executor_set_driver(ex, NULL);
    free(r);
}

twin_reactor *twin_reactor_new(ac_executor *ex)
{
    twin_reactor *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->driver = (ac_driver){.park = twin_park, .close = twin_close};
    r->ex = ex;
    r->epfd = epoll_create1(EPOLL_CLOEXEC);
    /* the executor's wake fd too: a wake from another thread ends a park */
    struct epoll_event wake = {.events = EPOLLIN, .data.u64 = WAKE_TOKEN};
    if (r->epfd < 0 || epoll_ctl(r->epfd, EPOLL_CTL_ADD, ex->wake_fd, &wake) < 0) {
        if (r->epfd >= 0)
            close(r->epfd);
        free(r);
        return NULL;
    }
    ac_executor_set_driver(ex, &r->driver);
    return r;
}
