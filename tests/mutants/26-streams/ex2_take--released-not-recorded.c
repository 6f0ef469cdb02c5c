/* Mutant of exercise 2: drops the inner stream but does not record it, so the
 * given drop drops it again. Caught by takes_three_and_lets_go_at_once (c.drops). */
#include "lesson.h"

static void release(take_n *t)
{
    if (!t->released)
        ac_stream_drop(t->inner); /* the mistake: released is not set */
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
