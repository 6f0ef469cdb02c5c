/* Mutant of exercise 1: a plain copy; dst->cursor keeps pointing into src's
 * buffer. Caught by move_after_polls_repoints_into_own_buffer. */
#include "lesson.h"

void speller_move(speller *dst, const speller *src)
{
    *dst = *src; /* every field, including the now-wrong cursor */
}
