/*
 * Exercise 2: ring_steal_half - an idle worker refills from a busy one.
 *
 *   victim: [1][2][3][4][5]   mine: []      ring_steal_half(victim, mine) -> 3
 *   victim: [4][5]            mine: [1][2][3]   (oldest first, same order)
 *
 * Check it:  ./course check 14/ex2   (or: ctest --preset learner -R 14-work-stealing/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

int ring_steal_half(ring *victim, ring *mine)
{
    (void)victim;
    (void)mine;
    /* TODO: you own `mine`; `victim` is another worker's ring, with its
     * owner and other thieves busy on it.  Move half of victim's items,
     * rounded up, but never more than the room left in mine, oldest
     * first, keeping their order at the bottom of mine; return how many.
     * Take them only with ring_steal (given) and do not call ring_push
     * (exercise 1).  docs/14-work-stealing.md, "Steal half". */
    AC_TODO();
}
