/*
 * timer.h - layer 3: the timer heap, the runtime's list of deadlines.
 *
 * Every sleep, timeout and interval puts one `ac_timer` in this heap.  The
 * reactor's park asks it two things: "when is the next deadline?" (how long
 * it may block) and "fire everything due by now" (wake those tasks).
 *
 * The heap is INTRUSIVE: the ac_timer lives inside the future that waits
 * (a sleep inside a task), so starting a timer never allocates per timer.
 * The heap itself is one growable array of 16-byte slots that point back at
 * the timers; each timer remembers its slot, which makes cancel O(log n):
 *
 *   heap array (a 4-ary min-heap on (deadline, seq))
 *   +-------------+-------------+-------------+-----
 *   | 12ms | t* --+--.  | 15ms | t* | 40ms | t* | ...
 *   +-------------+--|----------+-------------+-----
 *                    v
 *        inside some task's future:
 *        ac_timer { deadline = 12ms, waker, index = 1 (slot + 1), seq = 7 }
 *
 * Equal deadlines fire in the order they were started: ties are broken by
 * `seq`, a counter stamped at start.  (Why the slot keeps a copy of the
 * deadline, and why 4-ary: common/src/timer.c.)
 *
 * Only the executor's thread touches an executor's heap (no lock).  The
 * multi-threaded runtime's heap is shared by its workers: start, stop and
 * fire take the shared reactor's lock there.  Get the heap of an
 * executor with ac_timers_get(): the first call installs the reactor driver
 * too, because the driver is what sleeps until the next deadline.
 */
#ifndef AC_TIMER_H
#define AC_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/waker.h"

typedef struct ac_executor ac_executor;

/* One deadline, embedded in whatever waits for it: 32 bytes.  Make one
 * with ac_timer_new(); the fields belong to the heap. */
typedef struct ac_timer {
    /* read-only */
    ac_nanos deadline; /* absolute instant on the runtime clock */
    /* private */
    ac_waker waker; /* woken (and emptied) when the timer fires */
    uint32_t index; /* heap slot + 1 while started, 0 when not (timer_internal.h) */
    uint32_t seq;   /* start order, breaks deadline ties */
} ac_timer;

/* A cell of the heap array: private to timer.c (timer_internal.h). */
struct ac_timer_slot;

typedef struct ac_timers {
    /* private */
    struct ac_timer_slot *slots;
    uint32_t len, cap; /* read len with ac_timers_len() */
    uint32_t next_seq;
    /* read-only */
    uint64_t fired; /* timers fired so far (a counter for tests and stats) */
    /* private: the shared reactor this heap belongs to on a multi-threaded
     * runtime (every call then takes its lock); NULL on an executor */
    struct ac_reactor *shared;
} ac_timers;

/* The heap of `ex`, created (with the reactor driver) on first use; NULL
 * only when out of memory or file descriptors. */
ac_timers *ac_timers_get(ac_executor *ex);

/* A timer that is not started. */
static inline ac_timer ac_timer_new(void) { return (ac_timer){.index = 0}; }
/* In the heap, waiting for its deadline. */
bool ac_timer_is_started(const ac_timer *t);
/* The heap fired it: its deadline has passed (no need to read the clock). */
bool ac_timer_has_fired(const ac_timer *t);

/* Put t in the heap to wake a clone of w at `deadline`.  t must not be
 * started already.  0, or -ENOMEM when the heap array cannot grow. */
int ac_timer_start(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w);
/* Take t out of the heap (if it is in) and drop its waker: O(log n).
 * This is what a dropped sleep calls, so no entry outlives its future. */
void ac_timer_stop(ac_timers *h, ac_timer *t);
/* Replace the waker of a started timer (the future moved to another task).
 * On a shared heap (ac_runtime), call it only with the heap locked: the
 * futures of common/src/sleep.c do. */
void ac_timer_set_waker(ac_timer *t, const ac_waker *w);

/* Timers started and not yet fired or stopped. */
static inline size_t ac_timers_len(const ac_timers *h) { return h->len; }
/* The earliest deadline, or -1 (AC_FOREVER) when the heap is empty. */
ac_nanos ac_timers_next_deadline(const ac_timers *h);
/* Fire (take out and wake) every timer whose deadline is <= now, earliest
 * first, ties in start order.  Returns how many fired.  The reactor does
 * this when its alarm rings; tests call it to drive a heap by hand. */
size_t ac_timers_fire(ac_timers *h, ac_nanos now);

#endif
