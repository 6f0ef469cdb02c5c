/*
 * reactor_internal.h - the reactor's fd table, as io.c and the backends
 * see it (how it works: the top of reactor.c).
 */
#ifndef AC_REACTOR_INTERNAL_H
#define AC_REACTOR_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/reactor.h"
#include "hints.h"

/* Also in an event (and in `ready` below): the peer hung up or the fd has
 * an error.  Sticky: reading on will find the end of file or the error. */
#define AC__HANGUP (1u << 1)

/* ac_reactor.alarm_os when the alarm is not set. */
#define AC__NO_ALARM INT64_MAX

/* One fd's registration. */
typedef struct ac_reactor_entry {
    ac_waker_slot read, write; /* the last waker armed each way (kept after a wake) */
    uint32_t gen;              /* bumped by register and deregister */
    bool registered;           /* known to the backend */
    uint8_t armed;             /* AC_READABLE / AC_WRITABLE: waiting for that edge */
    uint8_t ready;             /* directions with an edge since a future last saw them run dry */
} ac__io_entry;                /* 40 bytes: io.c indexes it on the hot path (lea, lea) */

/*
 * The shared mode of a multi-threaded runtime (reactor_shared.c).  One
 * recursive lock guards the fd table, the timer heap and the alarm; the
 * token says which thread is in the backend's wait (it waits WITHOUT the
 * lock and takes it to dispatch).  Recursive, because a wake or a waker
 * drop made under the lock may run a future's drop on this thread, which
 * stops a timer or deregisters an fd: it takes the lock again.
 */
typedef struct ac__reactor_shared {
    pthread_mutex_t lock;  /* recursive: entries, timers, alarm, in_wait */
    pthread_mutex_t token; /* held by the one thread turning the backend */
    bool in_wait;          /* under lock: the token holder is in (or entering) the wait */
    /* per fd, as entries (grown with it): the driver turn that last set
     * the entry's `ready` bits.  Here, not in the entry, which stays small */
    uint32_t *edge_turn;
    /* Driver turns so far, bumped under the lock before each dispatch.
     * release (store) / acquire (load in ac__shared_turn_now): a worker
     * that reads turn N before its syscalls also sees every entry's
     * edge_turn <= N written before that bump (see ac__shared_arm). */
    _Atomic uint32_t turn;
} ac__reactor_shared;

/* The driver turn as a thread polling a task sees it: taken by the
 * runtime before every poll (ac__poll_turn, executor_internal.h). */
static inline uint32_t ac__shared_turn_now(const ac__reactor_shared *s)
{
    return atomic_load_explicit(&((ac__reactor_shared *)s)->turn, memory_order_acquire);
}

/* Lock a reactor's shared state: only in shared mode. */
static inline void ac__reactor_lock(const ac_reactor *r)
{
    if (AC_UNLIKELY(r->shared != NULL))
        pthread_mutex_lock(&r->shared->lock);
}
static inline void ac__reactor_unlock(const ac_reactor *r)
{
    if (AC_UNLIKELY(r->shared != NULL))
        pthread_mutex_unlock(&r->shared->lock);
}

/* Shared mode: make r shared (its timers too); 0 or -errno.  Freed by
 * the reactor's close. */
int ac__reactor_share(ac_reactor *r);
void ac__reactor_unshare(ac_reactor *r);
/* Shared mode's arm (what ac_reactor_arm does there): an edge the driver
 * dispatched during the caller's poll wakes w at once instead of arming,
 * since the syscall that said EAGAIN may have raced with it. */
void ac__shared_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w);
/* Turn the backend once, blocking at most timeout_ms (-1: no limit); the
 * caller holds the token.  Events seen, or -errno. */
int ac__shared_turn(ac_reactor *r, int timeout_ms);
/* The same, calling woke(arg) (no lock held) as soon as the kernel wait
 * returned, before the dispatch: the runtime's parked driver leaves the
 * sleepers there, so the wakes it dispatches go to someone else. */
int ac__shared_turn_then(ac_reactor *r, int timeout_ms, void (*woke)(void *), void *arg);
/* Shared mode's ac_timer_start / ac_timer_stop / ac_timers_fire. */
int ac__shared_timer_start(ac_reactor *r, ac_timer *t, ac_nanos deadline, const ac_waker *w);
void ac__shared_timer_stop(ac_reactor *r, ac_timer *t);
size_t ac__shared_timers_fire(ac_reactor *r, ac_nanos now);

static inline bool ac__reactor_is_registered(const ac_reactor *r, int fd)
{
    return fd >= 0 && fd < r->cap && r->entries[fd].registered;
}

/* Arming an fd nobody registered is a bug in the caller: say which. */
_Noreturn void ac__reactor_arm_unregistered(int fd);

/* Arm one entry (the part of ac_reactor_arm after the registration check). */
static inline void ac__reactor_arm_entry(ac__io_entry *e, ac_interest dir, const ac_waker *w)
{
    ac_waker_slot_set(dir == AC_READABLE ? &e->read : &e->write, w); /* same waker: no clone */
    e->armed |= (uint8_t)dir;
    e->ready &= (uint8_t)~dir; /* arming means "I just saw it run dry" */
}

/* ac_reactor_arm, inline for io.c's hot path. */
static inline void ac__reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    if (AC_UNLIKELY(!ac__reactor_is_registered(r, fd)))
        ac__reactor_arm_unregistered(fd);
    ac__reactor_arm_entry(&r->entries[fd], dir, w);
}

/* False when fd ran dry in `dir` (EAGAIN, or a short read of a stream
 * socket) and no edge has been reported since: trying the syscall now
 * would only say EAGAIN again.  fd must be registered. */
static inline bool ac__reactor_may_be_ready(const ac_reactor *r, int fd, ac_interest dir)
{
    return (r->entries[fd].ready & (dir | AC__HANGUP)) != 0;
}

/* The caller saw fd run dry in `dir` without arming (a short read). */
static inline void ac__reactor_clear_ready(ac_reactor *r, int fd, ac_interest dir)
{
    r->entries[fd].ready &= (uint8_t)~dir;
}

/* ---- for backends (src/reactor_*.c) ---------------------------------- */

/* A backend saw `ready` (AC_READABLE|AC_WRITABLE|AC__HANGUP) on fd
 * registered with generation gen: wake the matching slots unless the entry
 * moved on. */
void ac__reactor_dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready);
/* The same for a shared reactor (lock held): also stamps the entry with
 * the turn, for ac__shared_arm. */
void ac__reactor_dispatch_shared(ac_reactor *r, int fd, uint32_t gen, unsigned ready, uint32_t turn);
/* A backend saw the alarm fd readable: fire due timers, reset the alarm. */
void ac__reactor_alarm_rang(ac_reactor *r);

/* ---- between reactor.c and reactor_park.c ------------------------------ */

/* The executor's park: the reactor's driver.park. */
void ac__reactor_park(ac_driver *d, ac_executor *ex, ac_nanos timeout);
/* Make the alarm's timerfd (not set); 0 or -errno.  Free closes it. */
int ac__reactor_alarm_init(ac_reactor *r);
/* Set the alarm to `when` on the runtime clock (AC__NO_ALARM: clear). */
void ac__reactor_alarm_set(ac_reactor *r, const ac_clock *clock, ac_nanos when);
void ac__reactor_alarm_free(ac_reactor *r);

#endif
