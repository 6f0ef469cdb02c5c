/* Mutant of exercise 1: the cursor is re-pointed at the start of dst's
 * buffer, losing its position, so the next letter overwrites the first.
 * Caught by move_after_polls_repoints_into_own_buffer. */
#include "lesson.h"

void speller_move(speller *dst, const speller *src)
{
    *dst = *src; /* every field, including the now-wrong cursor */
    if (src->cursor != NULL) {
        /* The position is what survives a move, not the address: keep the
         * offset, rebuild the pointer against the new buffer. */
        ptrdiff_t offset = src->cursor - src->buf;
        (void)offset;
        dst->cursor = dst->buf;
    }
}
