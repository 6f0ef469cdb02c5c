/*
 * sleep.c - sleep and interval futures on the executor's timer heap.
 */
#include "ac/sleep.h"

#include <stdio.h>
#include <stdlib.h>

#include "ac/executor.h"
#include "executor_internal.h"
#include "hints.h"
#include "reactor_internal.h"
#include "timer_internal.h"

/* The heap and the clock of the runtime polling us: the executor's, or a
 * multi-threaded runtime's shared time driver (then every use below holds
 * its lock: the driver fires timers from another thread).  A time future
 * polled outside any runtime has nobody to wake it: that is a bug, say so. */
static ac_timers *runtime_timers(const char *who, ac_clock **clock)
{
    ac_executor *ex = ac_executor_current();
    if (ex != NULL) {
        ac_timers *h = ac_timers_get(ex);
        *clock = ac_executor_clock(ex);
        if (h != NULL)
            return h;
    } else if (ac__thread_timers != NULL) {
        *clock = ac__thread_clock;
        return ac__thread_timers;
    }
    ac__no_driver(who, "time", "polled outside a runtime (or the reactor could not start)");
}

static inline void heap_lock(ac_timers *h)
{
    if (AC_UNLIKELY(h->shared != NULL))
        ac__reactor_lock(h->shared);
}
static inline void heap_unlock(ac_timers *h)
{
    if (AC_UNLIKELY(h->shared != NULL))
        ac__reactor_unlock(h->shared);
}

/* A started timer sits in the heap of the runtime it was polled on; a
 * drop must find that heap again.  Drops happen inside a poll (select,
 * timeout, abort) or in ac_executor_close / ac_runtime_shutdown, where
 * the runtime is current.  On a shared heap ac_timer_stop decides under
 * the lock (the driver may be firing this very timer). */
static void stop_timer(ac_timer *t, const char *who)
{
    if (ac_executor_current() == NULL && ac__thread_timers != NULL) {
        ac_timer_stop(ac__thread_timers, t);
        return;
    }
    if (!ac_timer_is_started(t)) {
        t->index = AC__TIMER_IDLE;
        return;
    }
    ac_timers *h = ac_timers_get(ac_executor_current());
    if (h == NULL) {
        fprintf(stderr, "%s: a started timer was dropped outside its runtime\n", who);
        abort();
    }
    ac_timer_stop(h, t);
}

static void start_or_die(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w)
{
    if (ac_timer_start(h, t, deadline, w) != 0) {
        fprintf(stderr, "ac timers: out of memory for the timer heap\n");
        abort();
    }
}

/* ---- sleep --------------------------------------------------------------- */

static ac_poll sleep_poll_in(ac_sleep *s, ac_context *cx, ac_timers *h, ac_clock *clock)
{
    if (ac_timer_has_fired(&s->timer)) {
        s->timer.index = AC__TIMER_IDLE;
        return AC_READY; /* the heap saw now >= deadline: skip the clock */
    }
    ac_nanos now = ac_clock_now(clock);
    if (s->timer.index == AC__TIMER_UNANCHORED) {
        s->timer.deadline += now; /* it held the duration until now */
        s->timer.index = AC__TIMER_IDLE;
    }
    if (now >= s->timer.deadline) {
        ac_timer_stop(h, &s->timer); /* woken early by someone else: leave no entry */
        return AC_READY;
    }
    if (ac_timer_is_started(&s->timer))
        ac_timer_set_waker(&s->timer, cx->waker);
    else
        start_or_die(h, &s->timer, s->timer.deadline, cx->waker);
    return AC_PENDING;
}

static ac_poll sleep_poll(ac_future *self, ac_context *cx)
{
    ac_clock *clock;
    ac_timers *h = runtime_timers("ac_sleep", &clock);
    heap_lock(h);
    ac_poll p = sleep_poll_in((ac_sleep *)self, cx, h, clock);
    heap_unlock(h);
    return p;
}

static void sleep_drop(ac_future *self)
{
    ac_sleep *s = (ac_sleep *)self;
    stop_timer(&s->timer, "ac_sleep");
}

static const ac_future_vtable sleep_vtable = {.name = "sleep", .poll = sleep_poll, .drop = sleep_drop};

ac_sleep ac_sleep_for(ac_nanos d)
{
    ac_sleep s = {.base = {&sleep_vtable}, .timer = ac_timer_new()};
    s.timer.deadline = d > 0 ? d : 0;
    s.timer.index = AC__TIMER_UNANCHORED;
    return s;
}

ac_sleep ac_sleep_until(ac_nanos deadline)
{
    ac_sleep s = {.base = {&sleep_vtable}, .timer = ac_timer_new()};
    s.timer.deadline = deadline;
    return s;
}

void ac_sleep_reset(ac_sleep *s, ac_nanos deadline)
{
    sleep_drop(&s->base);
    *s = ac_sleep_until(deadline);
}

/* ---- interval ------------------------------------------------------------ */

ac_interval ac_interval_every(ac_nanos period, ac_missed_tick policy)
{
    return (ac_interval){.period = period > 0 ? period : 1, .policy = policy, .timer = ac_timer_new()};
}

ac_interval ac_interval_at(ac_nanos start, ac_nanos period, ac_missed_tick policy)
{
    ac_interval iv = ac_interval_every(period, policy);
    iv.next = start;
    iv.anchored = true;
    return iv;
}

/* After delivering the tick scheduled at `due` at time `now`: when is the
 * next one?  This is the whole missed-tick policy. */
static ac_nanos next_tick(const ac_interval *iv, ac_nanos due, ac_nanos now)
{
    ac_nanos next = due + iv->period;
    if (next > now || iv->policy == AC_MISSED_BURST)
        return next; /* on time, or catching up one by one */
    if (iv->policy == AC_MISSED_DELAY)
        return now + iv->period;
    /* SKIP: the first grid point after now */
    return due + ((now - due) / iv->period + 1) * iv->period;
}

static ac_poll tick_poll_in(ac_tick *t, ac_context *cx, ac_timers *h, ac_clock *clock)
{
    ac_interval *iv = t->iv;
    ac_nanos now = ac_clock_now(clock);
    if (!iv->anchored) {
        iv->next = now;
        iv->anchored = true;
    }
    if (now >= iv->next) {
        ac_timer_stop(h, &iv->timer);
        t->scheduled = iv->next;
        iv->next = next_tick(iv, iv->next, now);
        iv->ticks++;
        return AC_READY;
    }
    if (ac_timer_is_started(&iv->timer))
        ac_timer_set_waker(&iv->timer, cx->waker);
    else
        start_or_die(h, &iv->timer, iv->next, cx->waker);
    return AC_PENDING;
}

static ac_poll tick_poll(ac_future *self, ac_context *cx)
{
    ac_clock *clock;
    ac_timers *h = runtime_timers("ac_tick_of", &clock);
    heap_lock(h);
    ac_poll p = tick_poll_in((ac_tick *)self, cx, h, clock);
    heap_unlock(h);
    return p;
}

static void tick_drop(ac_future *self)
{
    ac_tick *t = (ac_tick *)self;
    stop_timer(&t->iv->timer, "ac_tick_of");
}

static const ac_future_vtable tick_vtable = {
    .name = "interval_tick",
    .poll = tick_poll,
    .drop = tick_drop,
    AC_OUTPUT(ac_tick, scheduled),
};

ac_tick ac_tick_of(ac_interval *iv) { return (ac_tick){.base = {&tick_vtable}, .iv = iv}; }
