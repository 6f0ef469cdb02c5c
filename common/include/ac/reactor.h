/*
 * reactor.h - layer 3: readiness events from the OS, turned into wakes.
 *
 * The reactor does no I/O itself.  A future tries its syscall; when the
 * kernel says EAGAIN it "arms" the fd: it leaves its waker in the fd's read
 * or write slot and returns Pending.  When the executor runs out of work it
 * parks in the reactor, which blocks in epoll_wait (or poll) until an fd
 * becomes ready, a timer is due or another thread wakes the executor, and
 * then wakes whatever waker sits in the matching slot.
 *
 *   future.poll                      reactor (inside the executor's park)
 *   -----------                      ------------------------------------
 *   read() -> EAGAIN
 *   ac_reactor_arm(fd, READ, waker)  slots[fd].read = waker
 *   return Pending                   epoll_wait(.., until next timer)
 *                                      fd readable -> wake slots[fd].read
 *   (task queued, polled again)        (slot is now empty)
 *   read() -> data -> Ready
 *
 * The contract every I/O future keeps (edge-triggered readiness):
 *   - Always TRY the operation first; arm only after it said EAGAIN.  An
 *     edge is reported once, so arming without having seen EAGAIN could
 *     wait for an edge that already went by.
 *   - A wake is a hint, not a promise: try again, and if it says EAGAIN
 *     again, arm again.
 *   - One reader and one writer at a time per fd (one slot each way).
 *   - A future dropped while armed disarms its slot (ac_reactor_disarm).
 *   - Deregister BEFORE close(fd) (ac_io_close does both).  Each fd's entry
 *     carries a generation number that deregister bumps, and every kernel
 *     event carries the generation it was registered with, so an event
 *     still in flight for a closed fd can never wake the new owner of a
 *     reused fd number - not even later in the same batch of events.
 *
 * Per-fd state lives in a table indexed by fd (fds are small and dense):
 *
 *   entries[fd] = { read slot (waker), write slot (waker), gen, registered, armed, ready }
 *
 * Every event also sets the entry's `ready` bits, armed or not, and arming
 * clears them: a bit that is clear means "this fd ran dry that way and the
 * kernel has reported no edge since".  That lets a stream socket skip a
 * syscall: a read that returned FEWER bytes than asked emptied the kernel's
 * queue (TCP and Unix stream sockets report an edge for every arrival
 * after it), so the next read can arm at once instead of asking for the
 * EAGAIN it already knows about - one syscall per message saved, as in
 * tokio.  Unless the kernel reported a hang-up (AC__HANGUP, sticky): the
 * data and the end of file may have come in one event, and the end of
 * file is still to be read.  The bit, not a flag in the future, is what
 * makes it safe: an edge that arrives while nobody is armed sets it, so
 * it is never lost.
 *
 * A wake clears the `armed` bit but KEEPS the waker in its slot: the same
 * task nearly always arms the same fd again right after (read -> EAGAIN ->
 * arm), and then arming is one comparison (ac_waker_will_wake) instead of a
 * clone and a drop.  Disarm and deregister drop the waker.
 *
 * Backends (chosen at build time: cmake -DAC_REACTOR=epoll|poll) sit
 * behind a five-function contract in src/reactor_backend.h, like redis'
 * ae_epoll.c / ae_select.c.  epoll registers each fd once, edge-triggered
 * for both directions; poll(2) rebuilds its array each wait from the armed
 * slots, so it reports an fd only while someone waits on it.
 *
 * How a runtime gets one: lazily.  The first future that needs to wait
 * calls ac_reactor_get(ac_executor_current()); that creates the reactor,
 * stores it in ex->reactor and installs it as the executor's driver (its
 * park blocks in the backend; the executor's eventfd is watched too, so a
 * wake from another thread interrupts the wait).  ac_executor_close()
 * frees it.  Nothing to set up by hand.
 *
 * Timers share the park, through an alarm the kernel keeps for us: a
 * timerfd, watched like any fd, set to the earliest deadline of the
 * executor's ac_timers heap (rounded up to a whole millisecond, so timers
 * due close together fire together).  When it rings, the park reads the
 * clock, fires every due timer and sets the alarm to the next deadline.  So a
 * park with timers pending costs no clock read and no timeout arithmetic,
 * and the alarm is only reset when a timer is due or a new one is EARLIER
 * than the alarm (a later one, or a stopped one, leaves it alone: an alarm
 * that rings for a timer that is gone finds nothing due and moves on).
 * When the runtime clock is paused and nothing is runnable, the park first
 * looks for I/O without blocking and, if there is none, jumps the clock
 * straight to the next deadline: timer tests are exact and instant.  (Like
 * tokio's auto-advance: with a paused clock, don't wait on I/O that takes
 * real time to arrive, e.g. from another thread; loopback sockets in the
 * same runtime are fine.)
 *
 * EINTR: ac_reactor_turn waits again for what is left of its timeout, so
 * a signal storm neither cuts a turn short nor stretches it.  The
 * executor's park just returns early: the executor finds nothing to run
 * and parks again, and no deadline depends on how long a wait lasted
 * (timers ring through the alarm).
 */
#ifndef AC_REACTOR_H
#define AC_REACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/executor.h"
#include "ac/timer.h"
#include "ac/waker.h"

/* The same bits as EPOLLIN/EPOLLOUT (and POLLIN/POLLOUT): a backend turns
 * an event into interest bits with one AND. */
typedef enum ac_interest {
    AC_READABLE = 1u << 0,
    AC_WRITABLE = 1u << 2,
} ac_interest;

/* Also in an event (and in `ready` below): the peer hung up or the fd has
 * an error.  Sticky: reading on will find the end of file or the error. */
#define AC__HANGUP (1u << 1)

#define AC__NO_ALARM INT64_MAX

/* One fd's registration.  Internal, but visible for tests and lessons. */
typedef struct ac__io_entry {
    ac_waker_slot read, write; /* the last waker armed each way (kept after a wake) */
    uint32_t gen;              /* bumped by register and deregister */
    bool registered;           /* known to the backend */
    uint8_t armed;             /* AC_READABLE / AC_WRITABLE: waiting for that edge */
    uint8_t ready;             /* directions with an edge since a future last saw them run dry */
} ac__io_entry;

typedef struct ac_reactor_stats {
    uint64_t waits;         /* calls into the backend (blocking or not) */
    uint64_t events;        /* fd events reported by the backend */
    uint64_t wakes;         /* wakers woken by those events */
    uint64_t stale;         /* events for an fd deregistered since: ignored */
    uint64_t eintr;         /* waits interrupted by a signal */
    uint64_t auto_advances; /* paused-clock jumps to the next deadline */
    uint64_t alarm_sets;    /* times the alarm (timerfd) was set or cleared */
} ac_reactor_stats;

typedef struct ac_reactor {
    ac_driver driver; /* first: the executor calls driver.park */
    ac_executor *ex;
    ac__io_entry *entries; /* indexed by fd */
    int cap;               /* entries allocated */
    int max_fd;            /* highest registered fd, -1 if none */
    size_t registered;     /* fds currently registered */
    ac_timers timers;      /* the executor's timer heap (ex->timers) */
    void *backend;         /* the backend's own state */
    int alarm_fd;          /* a timerfd: rings at the earliest deadline */
    ac_nanos alarm_os;     /* OS-clock instant it rings (a whole ms); AC__NO_ALARM: none */
    ac_reactor_stats stats;
} ac_reactor;

/* The reactor of `ex`, created and installed as its driver on first use.
 * NULL if ex is NULL or the backend cannot start (out of fds/memory). */
ac_reactor *ac_reactor_get(ac_executor *ex);
/* ac_reactor_get(ac_executor_current()): for futures inside a poll. */
ac_reactor *ac_reactor_current(void);
/* "epoll" or "poll": the backend this library was built with. */
const char *ac_reactor_backend_name(void);

/* Start watching fd (it should be O_NONBLOCK).  Registering an fd that is
 * already registered resets its entry.  0 or a negative errno. */
int ac_reactor_register(ac_reactor *r, int fd);
/* Stop watching fd and drop (not wake) the wakers in its slots.  Call it
 * before close(fd): see the generation rule above. */
void ac_reactor_deregister(ac_reactor *r, int fd);
static inline bool ac_reactor_is_registered(const ac_reactor *r, int fd)
{
    return fd >= 0 && fd < r->cap && r->entries[fd].registered;
}

/* Arm fd's slot for `dir` (one direction) with w (cloned, unless the slot
 * already holds a waker for the same task): it is woken once, at the next
 * readiness edge that way (or on error/hang-up), and the slot disarms.
 * Only after the operation returned EAGAIN (see above).  fd must be
 * registered. */
_Noreturn void ac__reactor_arm_unregistered(int fd);
/* Arm one entry (the part after the registration check). */
static inline void ac__reactor_arm_entry(ac__io_entry *e, ac_interest dir, const ac_waker *w)
{
    ac_waker_slot_set(dir == AC_READABLE ? &e->read : &e->write, w); /* same waker: no clone */
    e->armed |= (uint8_t)dir;
    e->ready &= (uint8_t)~dir; /* arming means "I just saw it run dry" */
}
static inline void ac_reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    if (!ac_reactor_is_registered(r, fd))
        ac__reactor_arm_unregistered(fd);
    ac__reactor_arm_entry(&r->entries[fd], dir, w);
}
/* False when fd ran dry in `dir` (EAGAIN, or a short read of a stream
 * socket) and no edge has been reported since: trying the syscall now
 * would only say EAGAIN again.  fd must be registered. */
static inline bool ac_reactor_may_be_ready(const ac_reactor *r, int fd, ac_interest dir)
{
    return (r->entries[fd].ready & (dir | AC__HANGUP)) != 0;
}
/* The caller saw fd run dry in `dir` without arming (a short read). */
static inline void ac_reactor_clear_ready(ac_reactor *r, int fd, ac_interest dir)
{
    r->entries[fd].ready &= (uint8_t)~dir;
}
/* Disarm fd's slot(s) in `dir` (a mask) and drop their wakers without
 * waking: for a dropped future. */
void ac_reactor_disarm(ac_reactor *r, int fd, unsigned dir);
/* True while the slot is armed (waiting for its next edge). */
bool ac_reactor_is_armed(const ac_reactor *r, int fd, ac_interest dir);

/* Wait for events at most `timeout` (0: just look, AC_FOREVER: no limit)
 * on the real clock, wake their wakers; returns the events seen (the
 * executor's own wake counts as one).  The executor's park calls this;
 * tests and lesson demos may call it directly to drive a reactor by hand. */
int ac_reactor_turn(ac_reactor *r, ac_nanos timeout);

/* ---- for backends (src/reactor_*.c) ---------------------------------- */

/* A backend saw `ready` (AC_READABLE|AC_WRITABLE|AC__HANGUP) on fd registered with
 * generation gen: wake the matching slots unless the entry moved on. */
void ac__reactor_dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready);
/* A backend saw the alarm fd readable: fire due timers, reset the alarm. */
void ac__reactor_alarm_rang(ac_reactor *r);

#endif
