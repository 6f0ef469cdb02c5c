/* Mutant of exercise 2: wake (by value) counts the wake but keeps the
 * waker's reference, so the counter is never freed.  Caught by
 * counting_waker_counts_refs_and_wakes (refs after ac_waker_wake). */
#include "lesson.h"

static const ac_waker_vtable counting_vtable;

/*
 * Orderings, as for any shared reference count: taking a reference can be
 * relaxed (you already hold one, so the object cannot vanish meanwhile);
 * giving one back is acq_rel, so that everything each holder did happens
 * before the free performed by whoever lets go last.
 */
static ac_waker counting_clone(void *data)
{
    wake_counter *c = data;
    atomic_fetch_add_explicit(&c->refs, 1, memory_order_relaxed);
    return (ac_waker){.data = c, .vtable = &counting_vtable};
}

static void counting_wake_by_ref(void *data)
{
    atomic_fetch_add_explicit(&((wake_counter *)data)->wakes, 1, memory_order_relaxed);
}

/* By value: the handle is used up, so its reference goes back. */
static void counting_wake(void *data)
{
    counting_wake_by_ref(data); /* the mistake: no wake_counter_release(data) */
}

static void counting_drop(void *data) { wake_counter_release(data); }

static const ac_waker_vtable counting_vtable = {
    .clone = counting_clone,
    .wake = counting_wake,
    .wake_by_ref = counting_wake_by_ref,
    .drop = counting_drop,
};

ac_waker counting_waker(wake_counter *c) { return counting_clone(c); }

void wake_counter_release(wake_counter *c)
{
    if (atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) == 1)
        wake_counter_free(c); /* we held the last reference */
}
