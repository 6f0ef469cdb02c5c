/*
 * Exercise 3: select2_poll / select2_drop - the first one wins, the other is dropped.
 *
 *   named phone = named_new("phone", 3, 1), chat = named_new("chat", 1, 2);
 *   select2 s = select2_new(&phone.base, &chat.base);
 *   poll 1: phone Pending, chat Pending          -> Pending
 *   poll 2: phone Pending, chat Ready (2)        -> drop phone (once!), Ready,
 *                                                 output {SELECT_RIGHT, 2}
 *
 * Check it:  ./course check 07/ex3   (or: ctest --preset learner -R 07-combinators/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll select2_poll(ac_future *self, ac_context *cx)
{
    select2 *s = (select2 *)self;
    (void)s;
    (void)cx;
    /* TODO: a race: Ready as soon as either child is, with s->output
     * saying which side won and the winner's output.  Left is asked first
     * and, once it has won, right is not polled at all (a biased select).
     * The loser is dropped the moment the race is decided - exactly once,
     * and never the winner, which finished by itself.  Both children get
     * this poll's cx.
     * The idea: docs/07-combinators.md, "select2 is biased" and
     * "Ownership: who drops whom". */
    AC_TODO();
}

void select2_drop(ac_future *self)
{
    select2 *s = (select2 *)self;
    (void)s;
    /* TODO: cancelled mid-race (a decided select is Ready and never
     * dropped): both children are still running; cancel each once.
     * The idea: docs/07-combinators.md, "Ownership: who drops whom". */
    AC_TODO();
}
