/*
 * given_speller.c - the self-referential future this lesson is about.
 *
 * Its poll is ordinary code: it trusts `cursor`.  Nothing here can tell a
 * cursor into our own buffer from one into a stale copy - which is the
 * whole problem.  The fix is in how the speller is moved (exercise 1), not
 * in how it is polled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

static const ac_future_vtable speller_vtable = {
    .name = "speller",
    .poll = speller_poll,
    /* nothing registered anywhere: no drop */
    AC_OUTPUT(speller, buf),
};

speller speller_new(const char *word)
{
    if (strlen(word) >= SPELLER_MAX) {
        fprintf(stderr, "speller_new: \"%s\" is longer than %d letters\n", word, SPELLER_MAX - 1);
        abort();
    }
    /* No cursor yet: the inner pointer is made by the first poll, so the
     * value we return (a move!) carries no address of itself. */
    return (speller){.base = {&speller_vtable}, .word = word, .cursor = NULL, .buf = {0}};
}

ac_poll speller_poll(ac_future *self, ac_context *cx)
{
    speller *s = (speller *)self;
    if (s->cursor == NULL)
        s->cursor = s->buf; /* first poll: from now on we point into ourselves */
    size_t done = strlen(s->buf);
    if (s->word[done] == '\0')
        return AC_READY;
    *s->cursor++ = s->word[done]; /* one letter where the cursor says */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
