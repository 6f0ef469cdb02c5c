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
 *   ac_reactor_arm(fd, READ, waker)  entries[fd].read = waker
 *   return Pending                   epoll_wait(.., until next timer)
 *                                      fd readable -> wake entries[fd].read
 *   (task queued, polled again)        (slot is now disarmed)
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
 * Shared: the multi-threaded runtime (runtime.h) has ONE reactor for all its
 * workers.  Every ac_reactor_* call then takes the reactor's lock, and the
 * inline fast paths of io.c are skipped (common/src/reactor_shared.c).
 *
 * How an executor gets one: lazily.  The first future that needs to wait
 * calls ac_reactor_get(ac_executor_current()); that creates the reactor and
 * installs it as the executor's driver; ac_executor_close() frees it.
 * Timers share its park (timer.h).  How the table, the park and the alarm
 * work inside: common/src/reactor.c and reactor_park.c.
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

/* One fd's entry: private to the reactor (common/src/reactor_internal.h). */
struct ac_reactor_entry;

typedef struct ac_reactor_stats {
    uint64_t waits;         /* calls into the backend (blocking or not) */
    uint64_t events;        /* fd events reported by the backend */
    uint64_t wakes;         /* wakers woken by those events */
    uint64_t stale;         /* events for an fd deregistered since: ignored */
    uint64_t eintr;         /* waits interrupted by a signal */
    uint64_t auto_advances; /* paused-clock jumps to the next deadline */
    uint64_t alarm_sets;    /* times the alarm (timerfd) was set or cleared */
} ac_reactor_stats;

/* Public so that lessons can watch `registered` and `stats`; read those,
 * touch nothing. */
typedef struct ac_reactor {
    /* private */
    ac_driver driver; /* first: the executor calls driver.park */
    ac_executor *ex;
    struct ac_reactor_entry *entries; /* indexed by fd */
    int cap;                          /* entries allocated */
    int max_fd;                       /* highest registered fd, -1 if none */
    /* read-only */
    size_t registered; /* fds currently registered */
    /* private */
    ac_timers timers;  /* the executor's timer heap (ex->timers) */
    void *backend;     /* the backend's own state */
    int alarm_fd;      /* a timerfd: rings at the earliest deadline */
    ac_nanos alarm_os; /* OS-clock instant it rings (a whole ms), or none */
    /* read-only */
    ac_reactor_stats stats;
    /* private: set on the shared driver of a multi-threaded runtime (its
     * lock and token, common/src/reactor_internal.h); NULL on an executor */
    struct ac__reactor_shared *shared;
} ac_reactor;

/* The reactor of `ex`, created and installed as its driver on first use.
 * NULL if ex is NULL or the backend cannot start (out of fds/memory). */
ac_reactor *ac_reactor_get(ac_executor *ex);
/* The reactor of the runtime running this thread, for futures inside a
 * poll: ac_reactor_get(ac_executor_current()) on an executor; on a worker
 * or the block_on thread of an ac_runtime its shared I/O driver (NULL if
 * it was built without enable_io).  NULL outside any runtime. */
ac_reactor *ac_reactor_current(void);
/* "epoll" or "poll": the backend this library was built with. */
const char *ac_reactor_backend_name(void);

/* Start watching fd (it should be O_NONBLOCK).  Registering an fd that is
 * already registered resets its entry.  0 or a negative errno. */
int ac_reactor_register(ac_reactor *r, int fd);
/* Stop watching fd and drop (not wake) the wakers in its slots.  Call it
 * before close(fd): see the generation rule above. */
void ac_reactor_deregister(ac_reactor *r, int fd);
/* True between ac_reactor_register and ac_reactor_deregister of fd. */
bool ac_reactor_is_registered(const ac_reactor *r, int fd);

/* Arm fd's slot for `dir` (one direction) with w (cloned, unless the slot
 * already holds a waker for the same task): it is woken once, at the next
 * readiness edge that way (or on error/hang-up), and the slot disarms.
 * Only after the operation returned EAGAIN (see above).  fd must be
 * registered: arming one that is not aborts with a message. */
void ac_reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w);
/* Disarm fd's slot(s) in `dir` (a mask) and drop their wakers without
 * waking: for a dropped future. */
void ac_reactor_disarm(ac_reactor *r, int fd, unsigned dir);
/* True while the slot is armed (waiting for its next edge). */
bool ac_reactor_is_armed(const ac_reactor *r, int fd, ac_interest dir);

/* Wait for events at most `timeout` (0: just look, AC_FOREVER: no limit)
 * on the real clock, wake their wakers; returns the events seen (the
 * executor's own wake counts as one).  A signal does not cut it short: it
 * waits again for what is left.  The executor's park does this itself;
 * tests and lesson demos call it to drive a reactor by hand. */
int ac_reactor_turn(ac_reactor *r, ac_nanos timeout);

#endif
