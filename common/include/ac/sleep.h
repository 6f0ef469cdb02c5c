/*
 * sleep.h - layer 4: futures that wait for time on the runtime clock.
 *
 * A sleep is a future around one ac_timer (timer.h): 40 bytes, no heap
 * allocation of its own.  Its first poll anchors the deadline (for
 * ac_sleep_for: now + duration, "now" on ac_executor_clock) and starts the
 * timer; the timer firing wakes the task; the next poll sees now >=
 * deadline and is Ready.  Dropping a sleep stops its timer: no heap entry
 * outlives it.  (Drop a started sleep where its runtime is current: inside
 * a poll, or through ac_executor_close; it needs that runtime's heap.)
 *
 * An interval delivers ticks at start, start + period, start + 2*period...
 * Await ac_tick_of(&iv) once per tick; each tick future's output is
 * the instant that tick was scheduled for.
 *
 *   period = 10ms; the task is busy from 12ms to 37ms, so it polls its
 *   next tick (due at 20) only at 37:
 *
 *   policy   ticks delivered (at: scheduled)
 *   SKIP     0:0  10:10  37:20  40:40  50:50   missed 30 dropped, grid kept
 *   BURST    0:0  10:10  37:20  37:30  40:40   missed ones fire back to back
 *   DELAY    0:0  10:10  37:20  47:47  57:57   grid restarts from the late tick
 *
 * Cancellation safety: dropping a sleep or a tick loses nothing but time.
 * A sleep_for remade every iteration starts its duration over (a loop
 * that must wake at a fixed instant keeps the sleep, or uses sleep_until);
 * a dropped tick keeps the interval's schedule, so the next tick future
 * fires on the same grid.
 *
 * The runtime's default is AC_MISSED_SKIP: a late tick fires once, at
 * once, and the schedule stays on the original grid (no bursts, no drift).
 */
#ifndef AC_SLEEP_H
#define AC_SLEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/future.h"
#include "ac/timer.h"

typedef struct ac_sleep {
    /* private */
    ac_future base;
    ac_timer timer;
} ac_sleep;

/* Sleep for d from the first poll. */
ac_sleep ac_sleep_for(ac_nanos d);
/* Sleep until an instant of the runtime clock (ac_clock_now(ac_executor_clock(ex))). */
ac_sleep ac_sleep_until(ac_nanos deadline);
/* Re-aim a sleep (started or not, but not Ready-and-reused without this):
 * it becomes a fresh sleep until `deadline`.  For loops that re-arm one
 * sleep instead of making a new one. */
void ac_sleep_reset(ac_sleep *s, ac_nanos deadline);
/* The deadline, once anchored (after the first poll, or from sleep_until). */
static inline ac_nanos ac_sleep_deadline(const ac_sleep *s) { return s->timer.deadline; }

/* ---- intervals -------------------------------------------------------- */

typedef enum ac_missed_tick {
    AC_MISSED_SKIP = 0, /* default: one late tick, then back on the grid */
    AC_MISSED_BURST,    /* every missed tick fires, back to back */
    AC_MISSED_DELAY,    /* one late tick, the grid restarts from it */
} ac_missed_tick;

typedef struct ac_interval {
    /* read-only */
    ac_nanos period;
    /* private */
    ac_nanos next; /* the instant of the next tick, once anchored */
    bool anchored; /* false: the first tick is "now" at the first poll */
    /* read-only */
    ac_missed_tick policy;
    uint64_t ticks; /* ticks delivered */
    /* private */
    ac_timer timer;
} ac_interval;

/* First tick at the first poll (immediately), then every `period` > 0. */
ac_interval ac_interval_every(ac_nanos period, ac_missed_tick policy);
/* First tick at `start`, then every period. */
ac_interval ac_interval_at(ac_nanos start, ac_nanos period, ac_missed_tick policy);

/* The future for one tick.  The interval must outlive it, and only one
 * tick future of an interval may be pending at a time.  output: the
 * scheduled instant of this tick (it fired at or after it).  The
 * interval's timer is in the heap only while a tick future waits, and
 * dropping that future takes it out: an idle interval holds nothing. */
typedef struct ac_tick {
    /* private */
    ac_future base;
    ac_interval *iv;
    /* public */
    ac_nanos scheduled;
} ac_tick;
ac_tick ac_tick_of(ac_interval *iv);

#endif
