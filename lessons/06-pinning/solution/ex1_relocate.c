/* Exercise 1, reference solution: speller_move. */
#include "lesson.h"

void speller_move(speller *dst, const speller *src)
{
    *dst = *src; /* every field, including the now-wrong cursor */
    if (src->cursor != NULL) {
        /* The position is what survives a move, not the address: keep the
         * offset, rebuild the pointer against the new buffer. */
        ptrdiff_t offset = src->cursor - src->buf;
        dst->cursor = dst->buf + offset;
    }
}
