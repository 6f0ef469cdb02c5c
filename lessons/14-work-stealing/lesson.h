/*
 * Lesson 14 - work stealing: the exercise interface.
 *
 * Each worker of a multi-threaded runtime owns a ring of runnable tasks.
 * Its owner pushes and pops at the BOTTOM (newest first, cache-warm);
 * idle workers steal from the TOP (oldest first).  Here the ring is a
 * small teaching twin holding positive ints instead of tasks:
 *
 *        top (thieves CAS it)               bottom (owner only writes it)
 *         v                                  v
 *   ... [ 3 ][ 4 ][ 5 ][ 6 ][ 7 ][   ][   ] ...     slot[i & RING_MASK]
 *         ^ oldest: ring_steal          ^ newest: ring_pop
 *
 *   ex1  ring_push, ring_pop   the owner's side, racing thieves for the last item
 *   ex2  ring_steal_half       move half of a victim's ring into the thief's own
 *
 * Given (given_ring.c): ring_init, ring_len, ring_steal (the thief's single
 * CAS).  The program (main.c, demo_*.c), the stubs you fill in (exercises/)
 * and the checks (tests/lessons/14-work-stealing.c) all meet here.
 */
#ifndef LESSON14_H
#define LESSON14_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define RING_CAP   64 /* a power of two */
#define RING_MASK  (RING_CAP - 1)
#define RING_EMPTY 0  /* pop / steal: nothing there */
#define RING_ABORT -1 /* steal: another thread won the race; try again */

typedef struct ring {
    _Atomic int64_t top;    /* next item a thief takes; only ever grows (CAS) */
    _Atomic int64_t bottom; /* one past the newest item; written by the owner only */
    _Atomic int slot[RING_CAP];
} ring;

void ring_init(ring *r);
/* Items between top and bottom right now (an estimate from another thread). */
int64_t ring_len(ring *r);
/* Any thread: the oldest item, RING_EMPTY, or RING_ABORT (lost a race). */
int ring_steal(ring *r);

/* ex1, owner thread only: add `item` (> 0) at the bottom; false if full. */
bool ring_push(ring *r, int item);
/* ex1, owner thread only: the newest item, or RING_EMPTY. */
int ring_pop(ring *r);

/* ex2, called by mine's owner: move half of victim's items (rounded up,
 * at most the room left in mine), oldest first, into mine; the count. */
int ring_steal_half(ring *victim, ring *mine);

#endif
