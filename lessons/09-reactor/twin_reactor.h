/*
 * twin_reactor.h - lesson 09's own reactor: the idea of common's reactor
 * (common/include/ac/reactor.h) without its speed tricks, small enough to
 * read in ten minutes.  docs/09-reactor.md, "The twin and the fast one",
 * maps each of its steps to what common's version does instead.
 *
 *   a future                 the twin                           the kernel
 *   --------                 --------                           ----------
 *   read() -> EAGAIN
 *   twin_arm(fd, READ, w) -> entries[fd].read = clone of w
 *                            epoll_ctl(fd, "tell me: readable") ->  watches fd
 *   return Pending
 *                            twin_turn(timeout):
 *                              epoll_wait(timeout)          <-  "fd readable"
 *                              entries[fd].read -> wake it, slot empty
 *                              epoll_ctl(fd, "nothing more")  ->  stops
 *   (polled again)
 *   read() -> data
 *
 *   entries[fd] = { read: waker or empty, write: waker or empty, gen, registered }
 *
 * What it leaves out, on purpose: timers (lesson 12), a poll(2) backend,
 * waking from another thread beyond what the executor needs, and every
 * trick that saves a syscall or an instruction.
 */
#ifndef LESSON09_TWIN_REACTOR_H
#define LESSON09_TWIN_REACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/executor.h"
#include "ac/reactor.h" /* ac_interest: AC_READABLE, AC_WRITABLE */
#include "ac/waker.h"

/* One fd: who waits to read, who waits to write. */
typedef struct twin_entry {
    ac_waker read, write; /* .vtable == NULL: nobody waits that way */
    uint32_t gen;         /* moves on at every register and deregister */
    bool registered;
    bool in_epoll; /* epoll watches it: someone waits, one way or both */
} twin_entry;

typedef struct twin_counts {
    uint64_t waits;  /* epoll_wait calls */
    uint64_t events; /* events epoll reported for registered fds */
    uint64_t wakes;  /* wakers woken by them */
    uint64_t stale;  /* events for an fd deregistered since: ignored */
} twin_counts;

typedef struct twin_reactor {
    ac_driver driver; /* first: the executor parks through it */
    ac_executor *ex;
    int epfd;
    twin_entry *entries; /* indexed by fd, grown on demand */
    int cap;
    size_t registered;
    twin_counts counts;
} twin_reactor;

/* A twin reactor for ex, installed as its driver: when ex has nothing to
 * run it parks in twin_turn.  ac_executor_close(ex) frees it.  NULL when
 * out of memory or fds. */
twin_reactor *twin_reactor_new(ac_executor *ex);

/* Start knowing fd (nonblocking).  0, -EBADF, or -ENOMEM. */
int twin_register(twin_reactor *r, int fd);
/* Forget fd: drop (never wake) its wakers; before close(fd). */
void twin_deregister(twin_reactor *r, int fd);
bool twin_is_registered(const twin_reactor *r, int fd);

/* Leave a clone of w in fd's slot for `dir` (replacing any waker there);
 * the next turn that sees fd ready that way wakes it, once. */
void twin_arm(twin_reactor *r, int fd, ac_interest dir, const ac_waker *w);
/* Drop the waker(s) in `dir` (a mask) without waking: a dropped future. */
void twin_disarm(twin_reactor *r, int fd, unsigned dir);
bool twin_is_armed(const twin_reactor *r, int fd, ac_interest dir);

/* THE park: wait at most `timeout` (0: just look, AC_FOREVER: no limit)
 * for any armed fd to be ready, then wake whoever waits on it.  Returns
 * the events seen (0: time is up, or a signal cut the wait short). */
int twin_turn(twin_reactor *r, ac_nanos timeout);

#endif
