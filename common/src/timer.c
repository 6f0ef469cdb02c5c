/*
 * timer.c - an intrusive binary min-heap of deadlines.
 *
 * Slot i's children are 2i+1 and 2i+2.  Each slot caches its timer's
 * deadline so the sift loops compare array cells; the timer's `index` is
 * rewritten whenever its slot moves, which is what makes stop() O(log n):
 * it knows where to cut.
 */
#include "ac/timer.h"

#include <errno.h>
#include <stdlib.h>

void ac__timers_init(ac_timers *h) { *h = (ac_timers){0}; }

void ac__timers_free(ac_timers *h)
{
    for (uint32_t i = 0; i < h->len; i++) {
        ac_timer *t = h->slots[i].timer;
        t->index = AC__TIMER_IDLE;
        if (t->waker.vtable != NULL)
            ac_waker_drop(&t->waker);
    }
    free(h->slots);
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
        uint32_t parent = (i - 1) / 2;
        if (!earlier(&s, &h->slots[parent]))
            break;
        place(h, i, h->slots[parent]);
        i = parent;
    }
    place(h, i, s);
}

/* Move slot s down from hole i until both children are later. */
static void sift_down(ac_timers *h, uint32_t i, ac__timer_slot s)
{
    for (;;) {
        uint32_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && earlier(&h->slots[child + 1], &h->slots[child]))
            child++;
        if (!earlier(&h->slots[child], &s))
            break;
        place(h, i, h->slots[child]);
        i = child;
    }
    place(h, i, s);
}

int ac_timer_start(ac_timers *h, ac_timer *t, ac_nanos deadline, const ac_waker *w)
{
    if (h->len == h->cap) {
        uint32_t cap = h->cap ? h->cap * 2 : 64;
        ac__timer_slot *s = realloc(h->slots, (size_t)cap * sizeof *s);
        if (s == NULL)
            return -ENOMEM;
        h->slots = s;
        h->cap = cap;
    }
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
    if (i > 0 && earlier(&last, &h->slots[(i - 1) / 2]))
        sift_up(h, i, last);
    else
        sift_down(h, i, last);
}

void ac_timer_stop(ac_timers *h, ac_timer *t)
{
    if (ac_timer_is_started(t))
        remove_at(h, t->index - 1);
    if (t->index == AC__TIMER_UNANCHORED)
        t->index = AC__TIMER_IDLE;
    if (t->waker.vtable != NULL)
        ac_waker_drop(&t->waker);
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

size_t ac_timers_fire(ac_timers *h, ac_nanos now)
{
    size_t fired = 0;
    while (h->len > 0 && h->slots[0].deadline <= now) {
        ac_timer *t = h->slots[0].timer;
        remove_at(h, 0);
        ac_waker w = t->waker;
        t->waker = (ac_waker){0};
        h->fired++;
        fired++;
        if (w.vtable != NULL)
            ac_waker_wake(&w); /* may start or stop other timers: the heap is consistent */
    }
    return fired;
}
