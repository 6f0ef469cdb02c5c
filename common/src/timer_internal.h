/*
 * timer_internal.h - the heap's cells and index values, and what the
 * reactor does with a heap (how the heap works: the top of timer.c).
 */
#ifndef AC_TIMER_INTERNAL_H
#define AC_TIMER_INTERNAL_H

#include <stdint.h>

#include "ac/timer.h"

/* ac_timer.index values that are not heap positions */
#define AC__TIMER_IDLE       0u               /* not in the heap */
#define AC__TIMER_FIRED      (UINT32_MAX - 1) /* taken out by ac_timers_fire: due */
#define AC__TIMER_UNANCHORED UINT32_MAX       /* deadline holds a duration, not yet started */

typedef struct ac_timer_slot {
    ac_nanos deadline;
    ac_timer *timer;
} ac__timer_slot;

/* Set up an empty heap, and tear one down (dropping the wakers of timers
 * still in it, which then count as stopped). */
void ac__timers_init(ac_timers *h);
void ac__timers_free(ac_timers *h);

/* ac_timer_start / ac_timer_stop without the shared-heap check: for the
 * shared reactor, which calls them with its lock held. */
int ac__timer_start(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w);
void ac__timer_stop(ac_timers *h, ac_timer *t);

static inline ac_nanos ac__timers_next_deadline(const ac_timers *h)
{
    return h->len ? h->slots[0].deadline : (ac_nanos)-1;
}
/* The same, for a heap known not to be empty. */
static inline ac_nanos ac__timers_first_deadline(const ac_timers *h) { return h->slots[0].deadline; }

/* ac_timers_fire with the "nothing due" check inline: it is what nearly
 * every ring of the alarm finds once the due timers are gone. */
size_t ac__timers_fire_due(ac_timers *h, ac_nanos now);
static inline size_t ac__timers_fire(ac_timers *h, ac_nanos now)
{
    return h->len > 0 && h->slots[0].deadline <= now ? ac__timers_fire_due(h, now) : 0;
}

#endif
