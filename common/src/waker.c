/* waker.c - the noop waker and the single-waker slot. */
#include "ac/waker.h"

static const ac_waker_vtable noop_vtable;

static ac_waker noop_clone(void *data) { return (ac_waker){.data = data, .vtable = &noop_vtable}; }

static void noop_nothing(void *data) { (void)data; }

static const ac_waker_vtable noop_vtable = {
    .clone = noop_clone,
    .wake = noop_nothing,
    .wake_by_ref = noop_nothing,
    .drop = noop_nothing,
};

ac_waker ac_waker_noop(void) { return noop_clone(NULL); }

void ac_waker_slot_store(ac_waker_slot *s, const ac_waker *w)
{
    if (s->waker.vtable != NULL)
        ac_waker_drop(&s->waker);
    s->waker = ac_waker_clone(w);
}

void ac_waker_slot_wake(ac_waker_slot *s)
{
    if (s->waker.vtable != NULL)
        ac_waker_wake(&s->waker);
}

void ac_waker_slot_clear(ac_waker_slot *s)
{
    if (s->waker.vtable != NULL)
        ac_waker_drop(&s->waker);
}
