/*
 * Exercise 3: select2_poll / select2_drop - the first one wins, the other is dropped.
 *
 *   named phone = named_new("phone", 3, 1), chat = named_new("chat", 1, 2);
 *   select2 s = select2_new(&phone.base, &chat.base);
 *   poll 1: phone Pending, chat Pending          -> Pending
 *   poll 2: phone Pending, chat Ready (2)        -> drop phone (once!), Ready,
 *                                                 output {SELECT_RIGHT, 2}
 *
 * Check it:  ctest --preset learner -R 07-combinators/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll select2_poll(ac_future *self, ac_context *cx)
{
    select2 *s = (select2 *)self;
    (void)s;
    (void)cx;
    /* TODO: poll left; if Ready, record {SELECT_LEFT, its output}, drop
     * right and return AC_READY.  Otherwise poll right; if Ready, record
     * {SELECT_RIGHT, ...}, drop left and return AC_READY.  Else Pending. */
    AC_TODO();
}

void select2_drop(ac_future *self)
{
    select2 *s = (select2 *)self;
    (void)s;
    /* TODO: nobody won and nobody will: drop both children. */
    AC_TODO();
}
