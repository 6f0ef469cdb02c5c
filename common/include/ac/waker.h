/*
 * waker.h - layer 0: the handle a future uses to say "poll me again".
 *
 * A waker is two words: an opaque data pointer and a table of four
 * functions that know what the data is.  The runtime decides what waking
 * means (push a task on a queue, unpark a thread, bump a counter); the
 * future only ever calls through the table, so it works on any runtime.
 *
 *     ac_waker                      ac_waker_vtable
 *   +-----------+                  +-------------+
 *   | data  ----+--> (task, ...)   | clone       |  make another handle
 *   | vtable ---+----------------> | wake        |  wake, consuming the handle
 *   +-----------+                  | wake_by_ref |  wake, keeping the handle
 *                                  | drop        |  release the handle
 *                                  +-------------+
 *
 * Ownership: a waker you hold is a reference you must give back exactly once,
 * either with ac_waker_wake() or with ac_waker_drop().  The waker inside an
 * ac_context is only *borrowed* for the duration of one poll: to keep it,
 * clone it.
 */
#ifndef AC_WAKER_H
#define AC_WAKER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ac_waker ac_waker;

typedef struct ac_waker_vtable {
    ac_waker (*clone)(void *data);
    void (*wake)(void *data);
    void (*wake_by_ref)(void *data);
    void (*drop)(void *data);
} ac_waker_vtable;

struct ac_waker {
    void *data;
    const ac_waker_vtable *vtable;
};

/* Another handle on the same thing: one more reference to give back. */
static inline ac_waker ac_waker_clone(const ac_waker *w) { return w->vtable->clone(w->data); }

/* Wake and give the handle back; *w must not be used afterwards. */
static inline void ac_waker_wake(ac_waker *w)
{
    w->vtable->wake(w->data);
    w->vtable = NULL;
}

/* Wake and keep the handle. */
static inline void ac_waker_wake_by_ref(const ac_waker *w) { w->vtable->wake_by_ref(w->data); }

/* Give the handle back without waking. */
static inline void ac_waker_drop(ac_waker *w)
{
    w->vtable->drop(w->data);
    w->vtable = NULL;
}

/* Two wakers wake the same thing: lets a future skip re-cloning each poll. */
static inline bool ac_waker_will_wake(const ac_waker *a, const ac_waker *b)
{
    return a->data == b->data && a->vtable == b->vtable;
}

/* A waker that does nothing at all: enough to poll a future by hand. */
ac_waker ac_waker_noop(void);

/*
 * A slot that may hold one waker or none.  Futures keep the waker of
 * whoever waits on them in one of these.
 */
typedef struct ac_waker_slot {
    /* private: use the functions below */
    ac_waker waker; /* valid only when waker.vtable != NULL */
} ac_waker_slot;

/* True while the slot holds a waker. */
static inline bool ac_waker_slot_is_set(const ac_waker_slot *s) { return s->waker.vtable != NULL; }

/* Store a clone of w, dropping the waker the slot held (if any). */
void ac_waker_slot_store(ac_waker_slot *s, const ac_waker *w);
/* ac_waker_slot_store, unless the stored waker already wakes the same task
 * (the common case, checked inline: a task re-arms the same slot with the
 * same waker poll after poll). */
static inline void ac_waker_slot_set(ac_waker_slot *s, const ac_waker *w)
{
    if (!ac_waker_will_wake(&s->waker, w))
        ac_waker_slot_store(s, w);
}
/* Move the stored waker out, leaving the slot empty: the result's vtable
 * is NULL when there was none.  To wake it later, outside a lock. */
static inline ac_waker ac_waker_slot_take(ac_waker_slot *s)
{
    ac_waker w = s->waker;
    s->waker = (ac_waker){0};
    return w;
}
/* Wake the stored waker (if any) and empty the slot. */
void ac_waker_slot_wake(ac_waker_slot *s);
/* Drop the stored waker (if any) without waking. */
void ac_waker_slot_clear(ac_waker_slot *s);

#endif
