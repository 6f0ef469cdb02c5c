/* Mutant of exercise 3: both children are dropped when the race is decided,
 * the winner too, although it finished. Caught by
 * select2_right_wins_and_left_is_dropped_once. */
#include "lesson.h"

/* The race is decided: keep the winner's output, cancel the loser.  The
 * loser is dropped here and now, not "later": until its drop runs it still
 * holds whatever it registered (a timer, a socket's waker slot). */
static ac_poll won(select2 *s, select_side side, ac_future *winner, ac_future *loser)
{
    s->output.winner = side;
    s->output.value = output_as_int(winner);
    ac_future_drop(loser);
    ac_future_drop(winner);
    return AC_READY;
}

ac_poll select2_poll(ac_future *self, ac_context *cx)
{
    select2 *s = (select2 *)self;
    /* Left first, always: simple, and unfair - a left side that is always
     * ready starves the right.  Real selects rotate who goes first. */
    if (ac_future_poll(s->left, cx) == AC_READY)
        return won(s, SELECT_LEFT, s->left, s->right);
    if (ac_future_poll(s->right, cx) == AC_READY)
        return won(s, SELECT_RIGHT, s->right, s->left);
    return AC_PENDING;
}

void select2_drop(ac_future *self)
{
    /* Only reached before Ready: after Ready the loser is gone already. */
    select2 *s = (select2 *)self;
    ac_future_drop(s->left);
    ac_future_drop(s->right);
}
