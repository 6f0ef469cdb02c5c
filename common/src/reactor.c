/*
 * reactor.c - the backend-independent half of the reactor: the fd table
 * with its waker slots, the dispatch of events to them, and the reactor's
 * life (made on first use, freed with the executor).  The park, the alarm
 * and the clock are in reactor_park.c; the kernel side is in
 * reactor_epoll.c or reactor_poll.c.
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
 * behind a five-function contract in reactor_backend.h, like redis'
 * ae_epoll.c / ae_select.c.  epoll registers each fd once, edge-triggered
 * for both directions; poll(2) rebuilds its array each wait from the armed
 * slots, so it reports an fd only while someone waits on it.
 *
 * Shared mode (reactor_shared.c): the multi-threaded runtime makes one
 * reactor on an executor of its own that it never runs (for its eventfd
 * and clock) and shares it between its workers.  Every public call here
 * then takes the shared lock (ac__reactor_lock: one predictable branch on
 * an executor), arming goes through ac__shared_arm, and io.c's inline
 * fast paths are skipped (ac_io.reactor stays NULL there).
 *
 * The reactor is made on first use by ac_reactor_get, which stores it in
 * ex->reactor and installs it as the executor's driver (its park blocks in
 * the backend; the executor's eventfd is watched too, so a wake from
 * another thread interrupts the wait).
 */
#include "ac/reactor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "hints.h"
#include "reactor_backend.h"
#include "reactor_internal.h"
#include "timer_internal.h"

const char *ac_reactor_backend_name(void) { return ac__backend_name; }

/* ---- the fd table ------------------------------------------------------ */

/* Make entries[fd] exist.  The table only grows; fds are small and dense. */
static int table_reserve(ac_reactor *r, int fd)
{
    if (fd < r->cap)
        return 0;
    int cap = r->cap ? r->cap : 64;
    while (cap <= fd)
        cap *= 2;
    if (r->shared != NULL) { /* its per-fd turns grow alongside */
        uint32_t *t = realloc(r->shared->edge_turn, (size_t)cap * sizeof *t);
        if (t == NULL)
            return -ENOMEM;
        for (int i = r->cap; i < cap; i++)
            t[i] = 0;
        r->shared->edge_turn = t;
    }
    ac__io_entry *e = realloc(r->entries, (size_t)cap * sizeof *e);
    if (e == NULL)
        return -ENOMEM;
    for (int i = r->cap; i < cap; i++)
        e[i] = (ac__io_entry){0};
    r->entries = e;
    r->cap = cap;
    return 0;
}

static int register_fd(ac_reactor *r, int fd)
{
    int err = table_reserve(r, fd);
    if (err)
        return err;
    if (r->entries[fd].registered)
        ac_reactor_deregister(r, fd); /* closed without deregister: start clean */
    ac__io_entry *e = &r->entries[fd];
    e->gen++;
    err = ac__backend_add(r, fd, e->gen);
    if (err)
        return err;
    e->registered = true;
    e->ready = AC_READABLE | AC_WRITABLE; /* unknown: the first operation tries */
    if (r->shared != NULL)                /* no edge yet (epoll's ADD reports one if ready) */
        r->shared->edge_turn[fd] = ac__shared_turn_now(r->shared);
    r->registered++;
    if (fd > r->max_fd)
        r->max_fd = fd;
    return 0;
}

/* The public calls below lock only in shared mode (ac__reactor_lock). */
int ac_reactor_register(ac_reactor *r, int fd)
{
    if (fd < 0)
        return -EBADF;
    ac__reactor_lock(r);
    int err = register_fd(r, fd);
    ac__reactor_unlock(r);
    return err;
}

void ac_reactor_deregister(ac_reactor *r, int fd)
{
    ac__reactor_lock(r);
    if (!ac__reactor_is_registered(r, fd)) {
        ac__reactor_unlock(r);
        return;
    }
    ac__io_entry *e = &r->entries[fd];
    ac__backend_del(r, fd);
    e->registered = false;
    e->gen++; /* events still in flight for the old registration are now stale */
    r->registered--;
    /* take the wakers out before dropping: a drop may re-enter the reactor */
    ac_waker_slot rd = e->read, wr = e->write;
    e->read = e->write = (ac_waker_slot){0};
    e->armed = 0;
    ac__reactor_unlock(r); /* (shared: the drops may run futures' drops; the lock is recursive anyway) */
    ac_waker_slot_clear(&rd);
    ac_waker_slot_clear(&wr);
}

/* Arming an fd nobody registered is a bug in the caller: say which. */
_Noreturn void ac__reactor_arm_unregistered(int fd)
{
    fprintf(stderr, "ac_reactor_arm: fd %d is not registered\n", fd);
    abort();
}

bool ac_reactor_is_registered(const ac_reactor *r, int fd)
{
    ac__reactor_lock(r);
    bool yes = ac__reactor_is_registered(r, fd);
    ac__reactor_unlock(r);
    return yes;
}

void ac_reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    if (AC_UNLIKELY(r->shared != NULL)) {
        ac__shared_arm(r, fd, dir, w);
        return;
    }
    ac__reactor_arm(r, fd, dir, w);
}

void ac_reactor_disarm(ac_reactor *r, int fd, unsigned dir)
{
    ac__reactor_lock(r);
    if (!ac__reactor_is_registered(r, fd)) {
        ac__reactor_unlock(r);
        return;
    }
    ac__io_entry *e = &r->entries[fd];
    e->armed &= (uint8_t)~dir;
    ac_waker_slot rd = {0}, wr = {0};
    if (dir & AC_READABLE) {
        rd = e->read;
        e->read = (ac_waker_slot){0};
    }
    if (dir & AC_WRITABLE) {
        wr = e->write;
        e->write = (ac_waker_slot){0};
    }
    ac__reactor_unlock(r);
    ac_waker_slot_clear(&rd);
    ac_waker_slot_clear(&wr);
}

bool ac_reactor_is_armed(const ac_reactor *r, int fd, ac_interest dir)
{
    ac__reactor_lock(r);
    bool yes = ac__reactor_is_registered(r, fd) && (r->entries[fd].armed & dir) != 0;
    ac__reactor_unlock(r);
    return yes;
}

/* Wake one slot's waker, keeping it in the slot for the next arm.  Wake a
 * copy: waking may run code (a test's waker) that re-arms, disarms or
 * grows the table under us. */
static void wake_slot(ac_reactor *r, const ac_waker_slot *slot)
{
    ac_waker w = slot->waker;
    r->stats.wakes++;
    ac_waker_wake_by_ref(&w);
}

/* An event that wakes the writer, maybe the reader too.  After waking the
 * reader, look the entry up again: its waker may have grown the table or
 * deregistered fd.  Out of line, and given the entry: keeps the caller
 * small. */
static AC_NOINLINE void dispatch_both_ways(ac_reactor *r, ac__io_entry *e, unsigned fire)
{
    int fd = (int)(e - r->entries);
    uint32_t gen = e->gen;
    if (fire & AC_READABLE) {
        e->armed &= (uint8_t)~AC_READABLE;
        wake_slot(r, &e->read);
        e = &r->entries[fd];
        if (e->gen != gen)
            return;
    }
    if (e->armed & AC_WRITABLE) {
        e->armed &= (uint8_t)~AC_WRITABLE;
        wake_slot(r, &e->write);
    }
}

/*
 * One event from the backend.  The entry's generation is the whole
 * staleness check: deregister bumps it, so an event still carrying the old
 * value belongs to a closed (maybe reused) fd, and a deregistered entry
 * never matches.  fd < cap always holds: the event's fd was registered
 * once, and the table never shrinks.
 */
static inline void dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready)
{
    r->stats.events++;
    ac__io_entry *e = &r->entries[fd];
    if (e->gen != gen) {
        r->stats.stale++; /* fd was closed (and maybe reused) since: not ours */
        return;
    }
    e->ready |= (uint8_t)ready;
    unsigned fire = ready & e->armed;
    if (fire == AC_READABLE) { /* the common case: someone waits to read */
        e->armed &= (uint8_t)~AC_READABLE;
        wake_slot(r, &e->read);
    } else if (fire != 0) {
        dispatch_both_ways(r, e, fire);
    }
}

void ac__reactor_dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready)
{
    dispatch(r, fd, gen, ready);
}

/* Shared mode (lock held): stamp the entry's turn for ac__shared_arm, then
 * the same.  A function of its own, so that ac__reactor_dispatch keeps its
 * one caller per backend and stays inlined into the executor's wait. */
AC_NOINLINE void ac__reactor_dispatch_shared(ac_reactor *r, int fd, uint32_t gen, unsigned ready,
                                             uint32_t turn)
{
    if (r->entries[fd].gen == gen)
        r->shared->edge_turn[fd] = turn;
    dispatch(r, fd, gen, ready);
}

/* Executor close: every task is gone; drop whatever is still armed. */
static void reactor_close(ac_driver *d, ac_executor *ex)
{
    ac_reactor *r = (ac_reactor *)d;
    for (int fd = 0; fd <= r->max_fd; fd++)
        ac_reactor_deregister(r, fd);
    ac__timers_free(&r->timers);
    ac__backend_free(r);
    ac__reactor_alarm_free(r);
    ac__reactor_unshare(r);
    free(r->entries);
    ex->reactor = NULL;
    ex->timers = NULL;
    ac_executor_set_driver(ex, NULL); /* back to the default: nothing dangles */
    free(r);
}

ac_reactor *ac_reactor_get(ac_executor *ex)
{
    if (ex == NULL)
        return NULL;
    if (ex->reactor != NULL)
        return ex->reactor;
    ac_reactor *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->driver.park = ac__reactor_park;
    r->driver.close = reactor_close;
    r->ex = ex;
    r->max_fd = -1;
    ac__timers_init(&r->timers);
    if (ac__reactor_alarm_init(r) != 0 || ac__backend_init(r) != 0) {
        ac__reactor_alarm_free(r);
        free(r);
        return NULL;
    }
    ex->reactor = r;
    ex->timers = &r->timers;
    ac_executor_set_driver(ex, &r->driver);
    return r;
}

ac_reactor *ac_reactor_current(void)
{
    ac_executor *ex = ac_executor_current();
    return ex != NULL ? ac_reactor_get(ex) : ac__thread_reactor;
}

ac_timers *ac_timers_get(ac_executor *ex)
{
    ac_reactor *r = ac_reactor_get(ex);
    return r != NULL ? &r->timers : NULL;
}
