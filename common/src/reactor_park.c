/*
 * reactor_park.c - the reactor's park: where the executor waits when it has
 * nothing to run, for I/O, for the next timer and for wakes from other
 * threads, all in one backend wait.
 *
 * Timers share that wait through an alarm the kernel keeps for us: a
 * timerfd, watched like any fd, set to the earliest deadline of the
 * executor's ac_timers heap (rounded up to a whole millisecond, so timers
 * due close together fire together).  When it rings, the backend calls
 * ac__reactor_alarm_rang, which reads the clock, fires every due timer and
 * sets the alarm to the next deadline.  So a park with timers pending
 * costs no clock read and no timeout arithmetic, and the alarm is only
 * reset when a timer is due or a new one is EARLIER than the alarm (a
 * later one, or a stopped one, leaves it alone: an alarm that rings for a
 * timer that is gone finds nothing due and moves on).
 *
 *   park(timeout)                        the backend's wait
 *   -------------                        ------------------
 *   earliest deadline before the alarm?  -> alarm_set(earliest)
 *   clock paused?  -> jump it to the earliest deadline (tests)
 *   wait(timeout)  ------------------->  epoll_wait / poll
 *                                          fd events  -> ac__reactor_dispatch
 *                                          wake_fd    -> ack the wake
 *                                          alarm_fd   -> ac__reactor_alarm_rang
 *
 * When the runtime clock is paused and nothing is runnable, the park first
 * looks for I/O without blocking and, if there is none, jumps the clock
 * straight to the next deadline: timer tests are exact and instant.  (Like
 * tokio's auto-advance: with a paused clock, don't wait on I/O that takes
 * real time to arrive, e.g. from another thread; loopback sockets in the
 * same runtime are fine.)
 *
 * EINTR: ac_reactor_turn waits again for what is left of its timeout, so a
 * signal storm neither cuts a turn short nor stretches it.  The executor's
 * park just returns early: the executor finds nothing to run and parks
 * again, and no deadline depends on how long a wait lasted (timers ring
 * through the alarm).
 */
#include <errno.h>
#include <limits.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "hints.h"
#include "reactor_backend.h"
#include "reactor_internal.h"
#include "timer_internal.h"

/* A timeout in nanoseconds as the backend's milliseconds: -1 (no limit)
 * for AC_FOREVER, else rounded UP - waking a hair before a deadline would
 * find nothing due and wait again for 0 ms: a spin. */
static inline int timeout_ms(ac_nanos ns)
{
    int ms = -1;
    if (ns >= 0) {
        ac_nanos up = (ns + AC_MSEC(1) - 1) / AC_MSEC(1);
        ms = up > INT_MAX ? INT_MAX : (int)up;
    }
    return ms;
}

/* ---- the alarm: a timerfd set to the earliest deadline ----------------- */

int ac__reactor_alarm_init(ac_reactor *r)
{
    r->alarm_os = AC__NO_ALARM;
    r->alarm_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    return r->alarm_fd < 0 ? -errno : 0;
}

void ac__reactor_alarm_free(ac_reactor *r)
{
    if (r->alarm_fd >= 0)
        close(r->alarm_fd);
    r->alarm_fd = -1;
}

/* Set the alarm to ring at `when` on the runtime clock (the kernel counts
 * in CLOCK_MONOTONIC: take the clock's offset off), or clear it when `when`
 * is AC__NO_ALARM.  Setting a timerfd also resets its "rang" state. */
AC_NOINLINE void ac__reactor_alarm_set(ac_reactor *r, const ac_clock *clock, ac_nanos when)
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

/* The alarm rang (the backend saw the timerfd readable): fire what is
 * due and set the alarm for what is left (or clear it, which also resets
 * the timerfd).  Called from inside the backend's loop over events. */
AC_NOINLINE void ac__reactor_alarm_rang(ac_reactor *r)
{
    const ac_clock *clock = ac_executor_clock(r->ex);
    ac__timers_fire(&r->timers, ac_clock_now(clock));
    ac__reactor_alarm_set(
        r, clock, ac_timers_len(&r->timers) > 0 ? ac__timers_next_deadline(&r->timers) : AC__NO_ALARM);
}

/* ---- turning by hand ----------------------------------------------------- */

int ac_reactor_turn(ac_reactor *r, ac_nanos timeout)
{
    if (AC_UNLIKELY(r->shared != NULL)) { /* wait for the token, then one turn */
        pthread_mutex_lock(&r->shared->token);
        int n = ac__shared_turn(r, timeout_ms(timeout));
        pthread_mutex_unlock(&r->shared->token);
        return n;
    }
    ac_nanos end = timeout > 0 ? ac_monotonic_now() + timeout : 0;
    ac_nanos left = timeout;
    for (;;) {
        r->stats.waits++;
        int n = ac__backend_wait(r, timeout_ms(left));
        if (n != -EINTR)
            return n;
        if (timeout > 0) { /* a signal: wait again for what is left */
            left = end - ac_monotonic_now();
            left = left > 0 ? left : 0;
        }
    }
}

/* ---- the park ------------------------------------------------------------- */

/* The park's rare turns, out of line so that the common one needs no stack
 * frame: the alarm must be set earlier, or the clock is paused (tests).  A
 * paused clock moves only here, when nothing else is left to do, so the
 * kernel's alarm means nothing then and stays cleared. */
static AC_COLD void park_resetting_time(ac_reactor *r, ac_clock *clock, ac_nanos timeout)
{
    if (!ac_clock_is_paused(clock)) {
        ac__reactor_alarm_set(r, clock, ac__timers_next_deadline(&r->timers));
        r->stats.waits++;
        ac__backend_wait(r, timeout_ms(timeout));
        return;
    }
    if (r->alarm_os != AC__NO_ALARM)
        ac__reactor_alarm_set(r, clock, AC__NO_ALARM);
    bool fired = ac__timers_fire(&r->timers, ac_clock_now(clock)) > 0;
    int events = ac_reactor_turn(r, 0); /* I/O first, without blocking */
    if (fired || events > 0 || timeout == 0)
        return;
    ac_clock_advance_to(clock, ac__timers_next_deadline(&r->timers));
    r->stats.auto_advances++;
    ac__timers_fire(&r->timers, ac_clock_now(clock));
}

/*
 * The executor's park.  `timeout` is 0 (a fairness check: just look) or
 * AC_FOREVER (nothing runnable).
 *
 * With timers pending, the alarm must ring by the millisecond the earliest
 * deadline falls in, compared on the OS clock, which the timerfd counts.
 * A deadline in an earlier millisecond than the alarm's needs the alarm
 * set again; a later one (or an alarm made early by a resume that moved
 * the clock's offset) lets it ring for nothing.  A paused clock is never
 * "in time": time moves in the park instead.
 *
 * Then one wait in the backend.  A signal just ends it early (see the top
 * of this file).
 */
void ac__reactor_park(ac_driver *d, ac_executor *ex, ac_nanos timeout)
{
    ac_reactor *r = (ac_reactor *)d;
    ac_clock *clock = ac_executor_clock(ex);
    if (ac_timers_len(&r->timers) > 0) {
        ac_nanos offset = atomic_load_explicit(&clock->offset, memory_order_relaxed);
        ac_nanos next_os = ac__timers_first_deadline(&r->timers) - offset;
        if (next_os <= r->alarm_os - AC_MSEC(1) || ac_clock_is_paused(clock)) {
            park_resetting_time(r, clock, timeout);
            return;
        }
    }
    r->stats.waits++;
    ac__backend_wait(r, timeout_ms(timeout));
}
