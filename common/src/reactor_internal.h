/*
 * reactor_internal.h - the reactor's fd table, as io.c and the backends
 * see it (how it works: the top of reactor.c).
 */
#ifndef AC_REACTOR_INTERNAL_H
#define AC_REACTOR_INTERNAL_H

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
} ac__io_entry;

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
/* A backend saw the alarm fd readable: fire due timers, reset the alarm. */
void ac__reactor_alarm_rang(ac_reactor *r);

/* ---- between reactor.c and reactor_park.c ------------------------------ */

/* The executor's park: the reactor's driver.park. */
void ac__reactor_park(ac_driver *d, ac_executor *ex, ac_nanos timeout);
/* Make the alarm's timerfd (not set); 0 or -errno.  Free closes it. */
int ac__reactor_alarm_init(ac_reactor *r);
void ac__reactor_alarm_free(ac_reactor *r);

#endif
