/*
 * reactor.c - the backend-independent half of the reactor: the fd table
 * with its waker slots, the park that combines I/O with timers, and the
 * EINTR loop.  The kernel side is in reactor_epoll.c or reactor_poll.c.
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
 * The reactor is made on first use by ac_reactor_get, which stores it in
 * ex->reactor and installs it as the executor's driver (its park blocks in
 * the backend; the executor's eventfd is watched too, so a wake from
 * another thread interrupts the wait).
 */
#include "ac/reactor.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "executor_internal.h"
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
    ac__io_entry *e = realloc(r->entries, (size_t)cap * sizeof *e);
    if (e == NULL)
        return -ENOMEM;
    for (int i = r->cap; i < cap; i++)
        e[i] = (ac__io_entry){0};
    r->entries = e;
    r->cap = cap;
    return 0;
}

int ac_reactor_register(ac_reactor *r, int fd)
{
    if (fd < 0)
        return -EBADF;
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
    r->registered++;
    if (fd > r->max_fd)
        r->max_fd = fd;
    return 0;
}

void ac_reactor_deregister(ac_reactor *r, int fd)
{
    if (!ac__reactor_is_registered(r, fd))
        return;
    ac__io_entry *e = &r->entries[fd];
    ac__backend_del(r, fd);
    e->registered = false;
    e->gen++; /* events still in flight for the old registration are now stale */
    r->registered--;
    /* take the wakers out before dropping: a drop may re-enter the reactor */
    ac_waker_slot rd = e->read, wr = e->write;
    e->read = e->write = (ac_waker_slot){0};
    e->armed = 0;
    ac_waker_slot_clear(&rd);
    ac_waker_slot_clear(&wr);
}

/* Arming an fd nobody registered is a bug in the caller: say which. */
_Noreturn void ac__reactor_arm_unregistered(int fd)
{
    fprintf(stderr, "ac_reactor_arm: fd %d is not registered\n", fd);
    abort();
}

bool ac_reactor_is_registered(const ac_reactor *r, int fd) { return ac__reactor_is_registered(r, fd); }

void ac_reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    ac__reactor_arm(r, fd, dir, w);
}

void ac_reactor_disarm(ac_reactor *r, int fd, unsigned dir)
{
    if (!ac__reactor_is_registered(r, fd))
        return;
    ac__io_entry *e = &r->entries[fd];
    e->armed &= (uint8_t)~dir;
    if (dir & AC_READABLE) {
        ac_waker_slot s = e->read;
        e->read = (ac_waker_slot){0};
        ac_waker_slot_clear(&s);
    }
    if (dir & AC_WRITABLE) {
        ac_waker_slot s = e->write;
        e->write = (ac_waker_slot){0};
        ac_waker_slot_clear(&s);
    }
}

bool ac_reactor_is_armed(const ac_reactor *r, int fd, ac_interest dir)
{
    if (!ac__reactor_is_registered(r, fd))
        return false;
    return (r->entries[fd].armed & dir) != 0;
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
void ac__reactor_dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready)
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

/* ---- waiting ----------------------------------------------------------- */

/* Nanoseconds to whole milliseconds, rounded UP: waking a hair before a
 * deadline would find nothing due and wait again for 0 ms - a spin. */
static int ceil_ms(ac_nanos ns)
{
    if (ns <= 0)
        return 0;
    ac_nanos ms = (ns + AC_MSEC(1) - 1) / AC_MSEC(1);
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* A signal interrupted the wait: wait again for what is left of `timeout`
 * (measured on `clock` from `start`) until the backend says something
 * else.  Out of line: the hot path never comes here. */
static AC_COLD int wait_after_signal(ac_reactor *r, const ac_clock *clock, ac_nanos start, ac_nanos timeout)
{
    for (;;) {
        int ms = timeout < 0 ? -1 : ceil_ms(start + timeout - ac_clock_now(clock));
        r->stats.waits++;
        int n = ac__backend_wait(r, ms);
        if (n != -EINTR)
            return n;
    }
}

/* One wait in the backend, at most `timeout` (-1: no limit), dispatching
 * what it reports.  -EINTR when a signal cut it short. */
static inline int wait_once(ac_reactor *r, ac_nanos timeout)
{
    r->stats.waits++;
    return ac__backend_wait(r, timeout < 0 ? -1 : ceil_ms(timeout));
}

/* Wait at most `timeout` (-1: no limit) measured from `start` (an instant
 * of `clock` at or before now), waiting on after a signal. */
static inline int wait_from(ac_reactor *r, const ac_clock *clock, ac_nanos start, ac_nanos timeout)
{
    int n = wait_once(r, timeout);
    return n != -EINTR ? n : wait_after_signal(r, clock, start, timeout);
}

/* ---- the alarm: a timerfd set to the earliest deadline ----------------- */

/* Set the alarm to ring at `when` on the runtime clock (the kernel counts
 * in CLOCK_MONOTONIC: take the clock's offset off), or clear it when `when`
 * is AC__NO_ALARM.  Setting a timerfd also resets its "rang" state. */
static AC_NOINLINE void alarm_set(ac_reactor *r, const ac_clock *clock, ac_nanos when)
{
    struct itimerspec its = {0}; /* all zero: disarmed */
    ac_nanos mono = AC__NO_ALARM;
    if (when != AC__NO_ALARM) {
        /* Round up to a whole millisecond of the OS clock: timers due in
         * the same millisecond then fire in one ring, not one ring each
         * (a million 1-100 ms sleeps: ~100 rings instead of ~a million). */
        ac_nanos offset = atomic_load_explicit(&clock->offset, memory_order_relaxed);
        mono = (when - offset + AC_MSEC(1) - 1) / AC_MSEC(1) * AC_MSEC(1);
        if (mono < 1)
            mono = 1; /* long past: ring at once (0 would mean "disarm") */
        its.it_value.tv_sec = mono / AC_SEC(1);
        its.it_value.tv_nsec = mono % AC_SEC(1);
    }
    timerfd_settime(r->alarm_fd, TFD_TIMER_ABSTIME, &its, NULL);
    r->alarm_os = mono;
    r->stats.alarm_sets++;
}

/* Before a wait: the alarm must ring by the millisecond the earliest
 * deadline falls in.  Compared on the OS clock, which the timerfd counts:
 * a deadline in an earlier millisecond than the alarm's needs the alarm
 * set again; a later one (or an alarm made early by a resume that moved
 * the clock's offset) just lets it ring for nothing and be set anew.  A
 * paused clock is never "in time": its park is another story. */
static inline bool alarm_rings_in_time(const ac_reactor *r, const ac_clock *clock)
{
    ac_nanos next_os =
        ac__timers_next_deadline(&r->timers) - atomic_load_explicit(&clock->offset, memory_order_relaxed);
    return next_os > r->alarm_os - AC_MSEC(1) && !ac_clock_is_paused(clock);
}

/* The alarm rang (the backend saw the timerfd readable): fire what is
 * due and set the alarm for what is left (or clear it, which also resets
 * the timerfd).  Called from inside the backend's loop over events. */
AC_NOINLINE void ac__reactor_alarm_rang(ac_reactor *r)
{
    const ac_clock *clock = ac_executor_clock(r->ex);
    ac__timers_fire(&r->timers, ac_clock_now(clock));
    alarm_set(r, clock, ac_timers_len(&r->timers) > 0 ? ac__timers_next_deadline(&r->timers) : AC__NO_ALARM);
}

int ac_reactor_turn(ac_reactor *r, ac_nanos timeout)
{
    static ac_clock os_clock; /* never paused: the OS monotonic clock */
    return wait_from(r, &os_clock, timeout > 0 ? ac_clock_now(&os_clock) : 0, timeout);
}

/* The park of a paused clock: the kernel's alarm means nothing (time only
 * moves here, when there is nothing else to do), so it stays cleared. */
static AC_COLD void park_paused(ac_reactor *r, ac_clock *clock, ac_nanos timeout)
{
    if (r->alarm_os != AC__NO_ALARM)
        alarm_set(r, clock, AC__NO_ALARM);
    if (ac__timers_fire(&r->timers, ac_clock_now(clock)) > 0 || timeout == 0) {
        wait_from(r, clock, 0, 0);
        return;
    }
    if (wait_from(r, clock, 0, 0) > 0)
        return; /* I/O first; time moves only when all is quiet */
    ac_clock_advance_to(clock, ac__timers_next_deadline(&r->timers));
    r->stats.auto_advances++;
    ac__timers_fire(&r->timers, ac_clock_now(clock));
}

/* A park whose alarm must be set first, or whose clock is paused.  Out
 * of line: most parks find the alarm already ringing in time. */
static AC_NOINLINE void park_setting_alarm(ac_reactor *r, ac_clock *clock, ac_nanos timeout)
{
    if (ac_clock_is_paused(clock)) {
        park_paused(r, clock, timeout);
        return;
    }
    alarm_set(r, clock, ac__timers_next_deadline(&r->timers));
    wait_once(r, timeout);
}

/*
 * The executor's park.  `timeout` is 0 (fairness check: just look) or
 * AC_FOREVER (nothing runnable).  With timers pending, the alarm makes
 * sure the wait ends by the earliest deadline; a paused clock with nothing
 * else to do jumps to the next deadline instead of waiting.  A signal
 * (EINTR) just ends the park early: the executor finds nothing to run
 * and parks again, and no deadline depends on how long a wait lasted.
 */
static void reactor_park(ac_driver *d, ac_executor *ex, ac_nanos timeout)
{
    ac_reactor *r = (ac_reactor *)d;
    if (ac_timers_len(&r->timers) > 0 && !alarm_rings_in_time(r, ac_executor_clock(ex))) {
        park_setting_alarm(r, ac_executor_clock(ex), timeout);
        return;
    }
    wait_once(r, timeout); /* the common case: a tail call into the backend */
}

/* Executor close: every task is gone; drop whatever is still armed. */
static void reactor_close(ac_driver *d, ac_executor *ex)
{
    ac_reactor *r = (ac_reactor *)d;
    for (int fd = 0; fd <= r->max_fd; fd++)
        ac_reactor_deregister(r, fd);
    ac__timers_free(&r->timers);
    ac__backend_free(r);
    close(r->alarm_fd);
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
    r->driver.park = reactor_park;
    r->driver.close = reactor_close;
    r->ex = ex;
    r->max_fd = -1;
    r->alarm_os = AC__NO_ALARM;
    r->alarm_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    ac__timers_init(&r->timers);
    if (r->alarm_fd < 0 || ac__backend_init(r) != 0) {
        if (r->alarm_fd >= 0)
            close(r->alarm_fd);
        free(r);
        return NULL;
    }
    ex->reactor = r;
    ex->timers = &r->timers;
    ac_executor_set_driver(ex, &r->driver);
    return r;
}

ac_reactor *ac_reactor_current(void) { return ac_reactor_get(ac_executor_current()); }

ac_timers *ac_timers_get(ac_executor *ex)
{
    ac_reactor *r = ac_reactor_get(ex);
    return r != NULL ? &r->timers : NULL;
}
