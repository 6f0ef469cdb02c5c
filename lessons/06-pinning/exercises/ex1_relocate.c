/*
 * Exercise 1: speller_move - make a self-referential future safe to move.
 *
 * A plain copy (`*dst = *src` or memcpy) copies the cursor too, and the
 * copy's cursor keeps pointing into src's buffer:
 *
 *   src @ 0x1000: buf "pi"  cursor = 0x1000+buf+2   (correct)
 *   dst @ 0x2000: buf "pi"  cursor = 0x1000+buf+2   (wrong: should be 0x2000+buf+2)
 *
 * speller_move copies, then re-points dst->cursor at the same position in
 * dst's own buffer - what a C++ move constructor would do.  A speller that
 * was never polled has cursor == NULL and must keep it.
 *
 * Check it:  ./course check 06/ex1   (or: ctest --preset learner -R 06-pinning/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

void speller_move(speller *dst, const speller *src)
{
    (void)dst;
    (void)src;
    /* TODO: after the call *dst is a speller that carries on exactly where
     * *src was - same word, same letters written, next letter at the same
     * position - and it depends on nothing in *src (which may be wiped or
     * freed right after).  An inner pointer is only meaningful against its
     * own struct; a speller never polled has none, and neither may its
     * move.
     * The idea: docs/06-pinning.md, "A self-referential future". */
    AC_TODO();
}
