/*
 * given_combinators.c - the parts of lesson 07's combinators that are given:
 * their vtables, constructors and the int-output helper.  You write each
 * combinator's poll and drop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

int output_as_int(ac_future *f)
{
    size_t size = f->vtable->output_size;
    if (size == 0)
        return 0;
    if (size != sizeof(int)) {
        fprintf(stderr, "output_as_int: %s has a %zu-byte output, not an int\n", ac_future_name(f), size);
        abort();
    }
    int v;
    memcpy(&v, ac_future_output(f), sizeof v);
    return v;
}

static const ac_future_vtable join2_vtable = {
    .name = "join2",
    .poll = join2_poll,
    .drop = join2_drop,
    AC_OUTPUT(join2, output),
};

join2 join2_new(ac_future *a, ac_future *b)
{
    return (join2){.base = {&join2_vtable}, .a = a, .b = b, .a_done = false, .b_done = false};
}

static const ac_future_vtable join_all_vtable = {
    .name = "join_all", .poll = join_all_poll, .drop = join_all_drop,
    /* the outputs live in the caller's array, not in the future */
};

join_all join_all_new(ac_future **slots, size_t n, int *outputs)
{
    return (join_all){.base = {&join_all_vtable}, .slots = slots, .n = n, .remaining = n, .outputs = outputs};
}

static const ac_future_vtable select2_vtable = {
    .name = "select2",
    .poll = select2_poll,
    .drop = select2_drop,
    AC_OUTPUT(select2, output),
};

select2 select2_new(ac_future *left, ac_future *right)
{
    return (select2){.base = {&select2_vtable}, .left = left, .right = right, .output = {SELECT_NONE, 0}};
}

static const ac_future_vtable map_vtable = {
    .name = "map",
    .poll = map_poll,
    .drop = map_drop,
    AC_OUTPUT(map_future, output),
};

map_future map_new(ac_future *inner, map_fn fn, void *arg)
{
    return (map_future){.base = {&map_vtable}, .inner = inner, .fn = fn, .arg = arg};
}
