/* Mutant of exercise 2: asks the inner stream before checking what is left
 * (unless it already let go), so take_n_of(s, 0) pulls an item and throws it
 * away. Caught by take_zero_never_asks (c.polls). */
#include "lesson.h"

static void release(take_n *t)
{
    if (!t->released)
        ac_stream_drop(t->inner);
    t->released = true;
}

int take_n_next(ac_stream *self, ac_context *cx, void *item)
{
    take_n *t = (take_n *)self;
    int r = t->released ? AC_STREAM_END : ac_stream_poll_next(t->inner, cx, item); /* the mistake */
    if (t->left == 0) {
        release(t);
        return AC_STREAM_END;
    }
    if (r == AC_STREAM_ITEM && --t->left == 0)
        release(t); /* the last one is out: let go now, not at our drop */
    return r;
}
