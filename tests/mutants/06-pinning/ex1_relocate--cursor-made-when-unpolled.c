/* Mutant of exercise 1: a never-polled speller (cursor NULL) gets a cursor
 * anyway, so the copy carries an inner pointer it should not have yet.
 * Caught by move_before_first_poll_keeps_no_cursor. */
#include "lesson.h"

void speller_move(speller *dst, const speller *src)
{
    *dst = *src; /* every field, including the now-wrong cursor */
    ptrdiff_t offset = src->cursor != NULL ? src->cursor - src->buf : 0;
    dst->cursor = dst->buf + offset;
}
