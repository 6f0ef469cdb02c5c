/* Exercise 2, reference solution: take_n_next. */
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
    if (t->left == 0) {
        release(t); /* take_n_of(s, 0): never asked it for anything */
        return AC_STREAM_END;
    }
    int r = ac_stream_poll_next(t->inner, cx, item);
    if (r == AC_STREAM_ITEM && --t->left == 0)
        release(t); /* the last one is out: let go now, not at our drop */
    return r;
}
