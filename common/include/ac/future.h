/*
 * future.h - layer 0: poll status, context and the future "interface".
 *
 * Rust's `trait Future { fn poll(..) -> Poll<Output> }` becomes, in C, a
 * struct whose first member is an `ac_future`: a pointer to a table of
 * functions shared by every future of that kind.  The rest of the struct is
 * the future's own state, and its output once it is Ready.
 *
 *   struct countdown {                 static const ac_future_vtable
 *       ac_future base; ----------------->  countdown_vtable = {
 *       unsigned  count;   (state)          .name = "countdown",
 *       int       result;  (output)         .poll = countdown_poll,
 *   };                                      .drop = NULL,
 *                                           AC_OUTPUT(struct countdown, result) };
 *
 * The poll contract (the three rules every future and every caller keep):
 *   1. Never poll a future again after it returned AC_READY.
 *   2. A future that returns AC_PENDING has arranged for the context's
 *      waker to be woken when it can make progress.  Nobody polls it
 *      otherwise: forget the wake and the task sleeps forever.
 *   3. poll does a little work and returns.  It never blocks the thread.
 *
 * Cancellation is drop: a future abandoned before it returned AC_READY is
 * given to its `drop` entry, which must release whatever it registered
 * (waker slots, timer entries, memory).  A future that returned AC_READY has
 * already released its registrations; what is left is its output, which
 * belongs to whoever reads it.  `drop` may be NULL when there is nothing to
 * release.
 *
 * A future may be copied (moved) freely until its first poll.  After that
 * its address may be stored by others (wakers, reactors), so it stays put.
 *
 * Naming.  A future type is named for its operation (ac_read_exact,
 * ac_sleep, ac_tcp_accept), and its constructor is that name plus the word
 * that introduces the arguments, so that a call reads as a phrase:
 * ac_sleep_for(d), ac_sleep_until(t), ac_read_exact_into(io, buf, n),
 * ac_write_all_from(io, buf, n), ac_tcp_accept_on(ln), ac_tcp_connect_to(a),
 * ac_timeout_of(f, d), ac_ready_for(io, dir), ac_tick_of(iv), ac_yield_now().
 * A constructor returns the future by value and does nothing else: the
 * work starts at the first poll.  Fields of a future struct are labelled:
 * `public` (its result, read once it is Ready) or `private` (the state that
 * poll and drop keep).
 */
#ifndef AC_FUTURE_H
#define AC_FUTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ac/waker.h"

typedef enum ac_poll {
    AC_PENDING = 0,
    AC_READY = 1,
} ac_poll;

/* What a poll is given.  Today only the waker; the runtime finds itself
 * through a thread-local, the way tokio does. */
typedef struct ac_context {
    const ac_waker *waker;
} ac_context;

typedef struct ac_future ac_future;

typedef struct ac_future_vtable {
    const char *name; /* for traces and task dumps */
    ac_poll (*poll)(ac_future *self, ac_context *cx);
    void (*drop)(ac_future *self); /* NULL: nothing to release */
    size_t output_offset;          /* where the output lives inside the future */
    size_t output_size;            /* 0: the future has no output */
} ac_future_vtable;

struct ac_future {
    const ac_future_vtable *vtable;
};

/* Fill the two output fields of a vtable from a struct member. */
#define AC_OUTPUT(type, member) \
    .output_offset = offsetof(type, member), .output_size = sizeof(((type *)0)->member)

static inline ac_poll ac_future_poll(ac_future *f, ac_context *cx) { return f->vtable->poll(f, cx); }

/* Cancel a future that has not completed: release what it holds. */
static inline void ac_future_drop(ac_future *f)
{
    if (f->vtable->drop != NULL)
        f->vtable->drop(f);
}

/* Address of the future's output, or NULL when it has none. */
static inline void *ac_future_output(ac_future *f)
{
    return f->vtable->output_size ? (char *)f + f->vtable->output_offset : NULL;
}

static inline const char *ac_future_name(const ac_future *f) { return f->vtable->name; }

/* Recover the enclosing struct from a pointer to one of its members. */
#define ac_container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

#endif
