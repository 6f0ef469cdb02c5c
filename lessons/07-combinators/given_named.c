/*
 * given_named.c - the child future of the demos: it narrates its own life.
 *
 * Every poll prints one line; a drop before it finished prints that it was
 * cancelled.  It is how the demos make "the loser is dropped" visible.
 */
#include <stdio.h>

#include "lesson.h"

static ac_poll named_poll(ac_future *self, ac_context *cx)
{
    named *n = (named *)self;
    n->polls++;
    if (n->pendings > 0) {
        n->pendings--;
        printf("      [%s] poll #%u -> Pending (%u more)\n", n->name, n->polls, n->pendings);
        ac_waker_wake_by_ref(cx->waker); /* nothing else will: wake ourselves */
        return AC_PENDING;
    }
    n->output = n->value;
    printf("      [%s] poll #%u -> Ready, output %d\n", n->name, n->polls, n->output);
    return AC_READY;
}

/* Called only for a named future abandoned before Ready. */
static void named_drop(ac_future *self)
{
    named *n = (named *)self;
    n->drops++;
    printf("      [%s] DROPPED after %u poll%s (%u more would have finished it): cancelled\n", n->name,
           n->polls, n->polls == 1 ? "" : "s", n->pendings + 1);
}

static const ac_future_vtable named_vtable = {
    .name = "named",
    .poll = named_poll,
    .drop = named_drop,
    AC_OUTPUT(named, output),
};

named named_new(const char *name, unsigned pendings, int value)
{
    return (named){.base = {&named_vtable}, .name = name, .pendings = pendings, .value = value};
}
