/*
 * given_futures.c - the given parts of lesson 02's futures: vtables,
 * constructors and drops.  You write the poll functions.
 */
#include "lesson.h"

/* ---- yield_once ------------------------------------------------------ */

static const ac_future_vtable yield_once_vtable = {
    .name = "yield_once",
    .poll = yield_once_poll,
    /* it registers nothing anywhere: no drop */
    AC_OUTPUT(yield_once, output),
};

yield_once yield_once_new(uint32_t value)
{
    return (yield_once){.base = {&yield_once_vtable}, .value = value, .yielded = false, .output = 0};
}

/* ---- add_slowly, by hand --------------------------------------------- */

/* Cancelling the machine means dropping whichever child its current state
 * owns: the tag tells us which union member is live. */
static void add_slowly_by_hand_drop(ac_future *self)
{
    add_slowly_by_hand *s = (add_slowly_by_hand *)self;
    if (s->state == ADD_WAITING_A)
        ac_future_drop(&s->in.waiting_a.fut.base);
    else if (s->state == ADD_WAITING_B)
        ac_future_drop(&s->in.waiting_b.fut.base);
    s->state = ADD_DONE;
}

static const ac_future_vtable add_slowly_by_hand_vtable = {
    .name = "add_slowly_by_hand",
    .poll = add_slowly_by_hand_poll,
    .drop = add_slowly_by_hand_drop,
    AC_OUTPUT(add_slowly_by_hand, output),
};

add_slowly_by_hand add_slowly_by_hand_new(uint32_t a, uint32_t b)
{
    return (add_slowly_by_hand){
        .base = {&add_slowly_by_hand_vtable},
        .state = ADD_START,
        .in = {.start = {.a = a, .b = b}},
        .output = 0,
    };
}

const char *add_state_name(add_state s)
{
    switch (s) {
    case ADD_START:
        return "START";
    case ADD_WAITING_A:
        return "WAITING_A";
    case ADD_WAITING_B:
        return "WAITING_B";
    case ADD_DONE:
        return "DONE";
    }
    return "?";
}

/* ---- add_slowly, with the coroutine macros ----------------------------- */

/* ac_coro remembers the child it is awaiting, so one call cancels it. */
static void add_slowly_coro_drop(ac_future *self) { ac_coro_drop(&((add_slowly_coro *)self)->co); }

static const ac_future_vtable add_slowly_coro_vtable = {
    .name = "add_slowly_coro",
    .poll = add_slowly_coro_poll,
    .drop = add_slowly_coro_drop,
    AC_OUTPUT(add_slowly_coro, output),
};

add_slowly_coro add_slowly_coro_new(uint32_t a, uint32_t b)
{
    return (add_slowly_coro){.base = {&add_slowly_coro_vtable}, .co = {0}, .a = a, .b = b};
}
