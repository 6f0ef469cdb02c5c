/*
 * Exercise 1: a readiness tracker - what the I/O driver remembers per fd.
 *
 *   g = tracker_register(&t, 5)             gen g, ready = readable|writable (unknown: try)
 *   tracker_poll_ready(&t, 5, READ, &w)     readable -> try read(2)
 *   tracker_clear_ready(&t, 5, READ)        read said EAGAIN
 *   tracker_poll_ready(&t, 5, READ, &w)     0: w's clone waits in the read slot
 *   tracker_event(&t, 5, g, READY_READABLE) wakes it (once); returns AC_READABLE
 *   tracker_event(&t, 5, g - 1, ...)        an old generation: stale, nothing happens
 *
 * Check it:  ./course check 17/ex1   (or: ctest --preset learner -R 17-io-driver/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned tracker_event(tracker *t, int fd, uint32_t gen, unsigned bits)
{
    (void)t;
    (void)fd;
    (void)gen;
    (void)bits;
    /* TODO: the kernel reported `bits` for fd's registration number `gen`.
     * Count every event in t->events.  An event for an fd that is not
     * registered, or for another generation, belongs to a closed (maybe
     * reused) fd: count it in t->stale and change nothing.  Otherwise the
     * bits are remembered in the fd's `ready` whether or not anybody
     * waits (an edge is reported once), and each direction that is armed
     * and concerned (ready_bits_for) is woken: its waker is given away
     * (woken by value, the slot left empty), it is no longer armed, and
     * t->wakes counts it.  An event that woke nobody counts in
     * t->unclaimed.  Return the directions woken.
     * docs/17-io-driver.md, "Interest and readiness" and "Generations". */
    AC_TODO();
}

unsigned tracker_poll_ready(tracker *t, int fd, ac_interest dir, const ac_waker *w)
{
    (void)t;
    (void)fd;
    (void)dir;
    (void)w;
    /* TODO: say whether a `dir` operation is worth trying: return the
     * fd's ready bits that concern dir (ready_bits_for) when any is set,
     * and touch nothing else.  When none is, arm: the slot for dir holds
     * one waker of the caller's task (keep the one already there if it
     * wakes the same task; otherwise the old one is dropped, w is cloned
     * - w itself stays the caller's), dir is armed, and you return 0.
     * docs/17-io-driver.md, "Interest and readiness". */
    AC_TODO();
}

void tracker_clear_ready(tracker *t, int fd, ac_interest dir)
{
    (void)t;
    (void)fd;
    (void)dir;
    /* TODO: the operation said EAGAIN: forget that dir was ready.  The
     * closed bits are not forgotten: an end of file stays to be read.
     * docs/17-io-driver.md, "Read-closed and write-closed". */
    AC_TODO();
}
