/*
 * timer.c - an intrusive 4-ary min-heap of deadlines.
 *
 * Slot i's children are 4i+1 .. 4i+4, its parent (i-1)/4.  Four children
 * instead of two halves the depth (a million timers: 10 levels, not 20),
 * and each level costs one cache line: the array starts 3 slots into a
 * 64-byte aligned block, so every group of 4 siblings (4 x 16 bytes) fills
 * exactly one line.
 *
 *   block: [pad][pad][pad][ 0 ][ 1   2   3   4 ][ 5   6   7   8 ] ...
 *          |<----- line 0 ---->|<---- line 1 -->|<---- line 2 -->|
 *
 * Each slot caches its timer's deadline so sifting compares array cells;
 * the timer's `index` is rewritten whenever its slot moves, which is what
 * makes stop() O(log n): it knows where to cut.
 */
#include "ac/timer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "reactor_internal.h"
#include "timer_internal.h"

#define ARITY 4
#define PAD   3 /* slots before slot 0 so sibling groups are line-aligned */

void ac__timers_init(ac_timers *h) { *h = (ac_timers){0}; }

static void free_slots(ac__timer_slot *slots)
{
    if (slots != NULL)
        free(slots - PAD);
}

/* Double the array, keeping the line alignment (realloc would not). */
static int grow(ac_timers *h)
{
    uint32_t cap = h->cap ? h->cap * 2 : 64;
    void *block;
    if (posix_memalign(&block, 64, ((size_t)cap + PAD) * sizeof(ac__timer_slot)) != 0)
        return -ENOMEM;
    ac__timer_slot *slots = (ac__timer_slot *)block + PAD;
    if (h->len)
        memcpy(slots, h->slots, (size_t)h->len * sizeof *slots);
    free_slots(h->slots);
    h->slots = slots;
    h->cap = cap;
    return 0;
}

void ac__timers_free(ac_timers *h)
{
    for (uint32_t i = 0; i < h->len; i++) {
        ac_timer *t = h->slots[i].timer;
        t->index = AC__TIMER_IDLE;
        if (t->waker.vtable != NULL)
            ac_waker_drop(&t->waker);
    }
    free_slots(h->slots);
    *h = (ac_timers){0};
}

/* a fires before b: earlier deadline, or the same one started earlier.
 * seq wraps after 2^32 starts; comparing the difference keeps the order
 * right as long as two live timers are less than 2^31 starts apart. */
static inline bool earlier(const ac__timer_slot *a, const ac__timer_slot *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    return (int32_t)(a->timer->seq - b->timer->seq) < 0;
}

static inline void place(ac_timers *h, uint32_t i, ac__timer_slot s)
{
    h->slots[i] = s;
    s.timer->index = i + 1;
}

/* Move slot s up from hole i until its parent is earlier. */
static void sift_up(ac_timers *h, uint32_t i, ac__timer_slot s)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / ARITY;
        if (!earlier(&s, &h->slots[parent]))
            break;
        place(h, i, h->slots[parent]);
        i = parent;
    }
    place(h, i, s);
}

/* Move slot s down from hole i until every child is later. */
static void sift_down(ac_timers *h, uint32_t i, ac__timer_slot s)
{
    for (;;) {
        uint32_t first = ARITY * i + 1;
        if (first >= h->len)
            break;
        uint32_t end = first + ARITY < h->len ? first + ARITY : h->len;
        uint32_t child = first;
        for (uint32_t c = first + 1; c < end; c++)
            if (earlier(&h->slots[c], &h->slots[child]))
                child = c;
        if (!earlier(&h->slots[child], &s))
            break;
        /* start loading the next level while the index store misses */
        __builtin_prefetch(&h->slots[ARITY * child + 1]);
        place(h, i, h->slots[child]);
        i = child;
    }
    place(h, i, s);
}

int ac__timer_start(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w)
{
    if (h->len == h->cap && grow(h) != 0)
        return -ENOMEM;
    t->deadline = deadline;
    t->seq = h->next_seq++;
    t->waker = ac_waker_clone(w);
    sift_up(h, h->len++, (ac__timer_slot){.deadline = deadline, .timer = t});
    return 0;
}

/* Cut slot i out: the last slot fills the hole and moves whichever way it
 * must (up if it is earlier than the hole's parent, else down). */
static void remove_at(ac_timers *h, uint32_t i)
{
    h->slots[i].timer->index = AC__TIMER_IDLE;
    ac__timer_slot last = h->slots[--h->len];
    if (i == h->len)
        return;
    if (i > 0 && earlier(&last, &h->slots[(i - 1) / ARITY]))
        sift_up(h, i, last);
    else
        sift_down(h, i, last);
}

void ac__timer_stop(ac_timers *h, ac_timer *t)
{
    if (ac_timer_is_started(t))
        remove_at(h, t->index - 1);
    t->index = AC__TIMER_IDLE;
    if (t->waker.vtable != NULL)
        ac_waker_drop(&t->waker);
}

/* The public calls: a shared heap (multi-threaded runtime) goes through
 * its reactor's lock (reactor_shared.c); an executor's pays one branch. */
int ac_timer_start(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w)
{
    if (AC_UNLIKELY(h->shared != NULL))
        return ac__shared_timer_start(h->shared, t, deadline, w);
    return ac__timer_start(h, t, deadline, w);
}

void ac_timer_stop(ac_timers *h, ac_timer *t)
{
    if (AC_UNLIKELY(h->shared != NULL)) {
        ac__shared_timer_stop(h->shared, t);
        return;
    }
    ac__timer_stop(h, t);
}

void ac_timer_set_waker(ac_timer *t, const ac_waker *w)
{
    if (t->waker.vtable != NULL) {
        if (ac_waker_will_wake(&t->waker, w))
            return;
        ac_waker_drop(&t->waker);
    }
    t->waker = ac_waker_clone(w);
}

size_t ac__timers_fire_due(ac_timers *h, ac_nanos now)
{
    size_t fired = 0;
    while (h->len > 0 && h->slots[0].deadline <= now) {
        ac_timer *t = h->slots[0].timer;
        /* the wake will touch what the waker points at (a task): start
         * loading it now, the sift below hides the miss */
        __builtin_prefetch(t->waker.data, 1);
        remove_at(h, 0);
        t->index = AC__TIMER_FIRED;
        ac_waker w = t->waker;
        t->waker = (ac_waker){0};
        h->fired++;
        fired++;
        if (w.vtable != NULL)
            ac_waker_wake(&w); /* may start or stop other timers: the heap is consistent */
    }
    return fired;
}

size_t ac_timers_fire(ac_timers *h, ac_nanos now)
{
    if (AC_UNLIKELY(h->shared != NULL))
        return ac__shared_timers_fire(h->shared, now);
    return ac__timers_fire(h, now);
}

ac_nanos ac_timers_next_deadline(const ac_timers *h) { return ac__timers_next_deadline(h); }

bool ac_timer_is_started(const ac_timer *t)
{
    return t->index != AC__TIMER_IDLE && t->index < AC__TIMER_FIRED;
}

bool ac_timer_has_fired(const ac_timer *t) { return t->index == AC__TIMER_FIRED; }
