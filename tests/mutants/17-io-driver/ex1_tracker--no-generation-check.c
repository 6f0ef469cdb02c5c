/*
 * Mutant of ex1_tracker.c: only checks that the fd is registered, not the event's generation, so an event for
 * a closed socket wakes the new owner of its fd number.  Caught by an_old_generation_is_stale.
 */
#include "lesson.h"

/* Wake the waker in *slot by value: the slot gives its reference away and
 * is empty before the wake runs (a wake may arm again). */
static void wake_slot(tracker *t, ac_waker *slot)
{
    ac_waker w = *slot;
    *slot = (ac_waker){0};
    t->wakes++;
    ac_waker_wake(&w);
}

unsigned tracker_event(tracker *t, int fd, uint32_t gen, unsigned bits)
{
    t->events++;
    tracked_fd *e = &t->fds[fd];
    (void)gen; /* the mistake: never compared */
    if (!e->registered) {
        t->stale++; /* a closed (maybe reused) fd's event: not the new owner's */
        return 0;
    }
    e->ready |= bits; /* kept even when nobody waits: the edge comes once */
    unsigned fire = 0;
    if ((e->armed & AC_READABLE) && (bits & ready_bits_for(AC_READABLE)))
        fire |= AC_READABLE;
    if ((e->armed & AC_WRITABLE) && (bits & ready_bits_for(AC_WRITABLE)))
        fire |= AC_WRITABLE;
    e->armed &= ~fire;
    if (fire & AC_READABLE)
        wake_slot(t, &e->reader);
    if (fire & AC_WRITABLE)
        wake_slot(t, &t->fds[fd].writer); /* look again: the reader's wake may have moved things */
    if (fire == 0)
        t->unclaimed++;
    return fire;
}

unsigned tracker_poll_ready(tracker *t, int fd, ac_interest dir, const ac_waker *w)
{
    tracked_fd *e = &t->fds[fd];
    unsigned have = e->ready & ready_bits_for(dir);
    if (have)
        return have;
    ac_waker *slot = dir == AC_READABLE ? &e->reader : &e->writer;
    if (slot->vtable == NULL || !ac_waker_will_wake(slot, w)) {
        if (slot->vtable != NULL)
            ac_waker_drop(slot);
        *slot = ac_waker_clone(w);
    }
    e->armed |= dir;
    return 0;
}

void tracker_clear_ready(tracker *t, int fd, ac_interest dir)
{
    t->fds[fd].ready &= ~(unsigned)dir; /* the closed bits stay: EOF is still to be read */
}
