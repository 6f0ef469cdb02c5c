/*
 * stream.h - layer 5: streams, futures that yield many values.
 *
 * A future is polled until it is Ready once.  A stream is polled again and
 * again, and each Ready answer carries one item, until it says it ended:
 *
 *   poll_next(s, cx, item) ->  AC_STREAM_ITEM     *item filled (item_size bytes)
 *                              AC_STREAM_PENDING  cx's waker will be woken
 *                              AC_STREAM_END      no more items, ever
 *                              -errno             an error; the stream has
 *                                                 ended after it
 *
 * Streams pull: an adapter polls its inner stream only when its own
 * consumer asks for an item (buffered asks for at most n ahead), so a slow
 * consumer slows every stage before it down to the source - backpressure,
 * with no queue growing in between.
 *
 *   mpsc rx --> map --> filter --> take(10) --> chunks(4 or 50 ms) --> consumer
 *     ^ pulled only when the consumer polls the last stage
 *
 * Ownership, as in combinators.h: an adapter holds a POINTER to its inner
 * stream and owns it from then on (ac_stream_drop of the adapter drops the
 * inner one).  Adapters that need memory (chunks, buffered, lines) take it
 * in their init and give it back in their drop; every stream is dropped
 * exactly once, finished or not.  A stream's struct stays put after its
 * first poll (it may hold timers and waker slots).
 *
 * Await one item in a coroutine with ac_stream_next (a future, below).
 *
 * Cancellation safety (dropping an ac_stream_next before it is Ready):
 * safe for every stream here - the state of a half-built item (a partial
 * line, a partial chunk, futures in flight) lives in the stream, not in
 * the next future, so the next ac_stream_next carries on where it left.
 */
#ifndef AC_STREAM_H
#define AC_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"
#include "ac/io.h"
#include "ac/mpsc.h"
#include "ac/sleep.h"

enum {
    AC_STREAM_PENDING = 0,
    AC_STREAM_ITEM = 1,
    AC_STREAM_END = 2,
};

/* Items of the streams that adapters copy through a buffer of their own
 * (map, filter) are at most this big; use pointers for larger ones. */
#define AC_STREAM_ITEM_MAX 64

typedef struct ac_stream ac_stream;

typedef struct ac_stream_vtable {
    const char *name;
    int (*poll_next)(ac_stream *self, ac_context *cx, void *item);
    void (*drop)(ac_stream *self); /* NULL: nothing to release */
} ac_stream_vtable;

struct ac_stream {
    const ac_stream_vtable *vtable; /* private */
    size_t item_size;               /* read-only */
};

static inline int ac_stream_poll_next(ac_stream *s, ac_context *cx, void *item)
{
    return s->vtable->poll_next(s, cx, item);
}
/* Release what the stream holds (its inner streams too).  Once. */
static inline void ac_stream_drop(ac_stream *s)
{
    if (s->vtable->drop != NULL)
        s->vtable->drop(s);
}

/* The future of the next item.  result: AC_STREAM_ITEM (item filled),
 * AC_STREAM_END or -errno.  Cancellation-safe (see above). */
typedef struct ac_stream_next_fut {
    /* private */
    ac_future base;
    ac_stream *stream;
    void *item;
    /* public */
    int result;
} ac_stream_next_fut;
ac_stream_next_fut ac_stream_next(ac_stream *s, void *item);

/* ---- sources --------------------------------------------------------- */

/* The values of an mpsc receiver (elem_size bytes each), ending when every
 * sender closed.  The receiver stays the caller's (close it after the
 * stream is dropped). */
typedef struct ac_mpsc_stream {
    ac_stream base;
    ac_mpsc_rx *rx; /* private */
} ac_mpsc_stream;
ac_mpsc_stream ac_stream_of_mpsc(ac_mpsc_rx *rx, size_t elem_size);

/* The ticks of an interval (item: the ac_nanos each was scheduled for);
 * never ends.  The interval must outlive the stream. */
typedef struct ac_interval_stream {
    ac_stream base;
    /* private */
    ac_tick tick;
    bool ticking;
} ac_interval_stream;
ac_interval_stream ac_stream_of_interval(ac_interval *iv);

/* The lines of an fd (item: ac_line; the bytes stay valid until the next
 * poll_next).  The '\n' (and a '\r' before it) is not part of the line;
 * a last line without '\n' still counts at end of file.  A line longer
 * than max bytes is -EMSGSIZE (and the end): the stream never holds nor
 * reads more than max + 1 bytes past the last whole line, so a peer that
 * never sends '\n' cannot make it grow.  Read errors come through as
 * -errno.  io stays the caller's. */
typedef struct ac_line {
    const char *data;
    size_t len;
} ac_line;

typedef struct ac_lines {
    ac_stream base;
    /* private */
    ac_io *io;
    char *buf;
    size_t max, start, len; /* buf[start .. start+len) is unread */
    bool armed, ended;
} ac_lines;
/* 0, -EINVAL (max 0) or -ENOMEM. */
int ac_lines_init(ac_lines *l, ac_io *io, size_t max);

/* ---- adapters --------------------------------------------------------- */

/* map: out = fn(in) for each item; out_size bytes. */
typedef void (*ac_map_fn)(const void *in, void *out, void *user);
typedef struct ac_map_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    ac_map_fn fn;
    void *user;
    unsigned char in[AC_STREAM_ITEM_MAX];
} ac_map_stream;
/* 0, or -EINVAL (inner's items larger than AC_STREAM_ITEM_MAX). */
int ac_stream_map(ac_map_stream *m, ac_stream *inner, size_t out_size, ac_map_fn fn, void *user);

/* filter: only the items for which keep() is true. */
typedef bool (*ac_filter_fn)(const void *item, void *user);
typedef struct ac_filter_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    ac_filter_fn keep;
    void *user;
} ac_filter_stream;
ac_filter_stream ac_stream_filter(ac_stream *inner, ac_filter_fn keep, void *user);

/* take: the first n items, then the end (the inner stream is dropped at
 * once then, and never polled for item n + 1). */
typedef struct ac_take_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    size_t left;
    bool inner_dropped;
} ac_take_stream;
ac_take_stream ac_stream_take(ac_stream *inner, size_t n);

/* chunks: groups of up to `count` items (item: ac_chunk, whose items stay
 * valid until the next poll_next).  With timeout > 0, a chunk that has
 * items goes out `timeout` after its first item arrived even when it is
 * not full.  At the end of the inner stream, the partial chunk, then end. */
typedef struct ac_chunk {
    size_t len;
    const void *items; /* len * the inner item size */
} ac_chunk;

typedef struct ac_chunks_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    unsigned char *buf;
    size_t count, len;
    ac_nanos timeout;
    ac_sleep timer;
    bool timing, emitted, inner_ended;
} ac_chunks_stream;
/* 0, -EINVAL (count 0) or -ENOMEM. */
int ac_stream_chunks(ac_chunks_stream *c, ac_stream *inner, size_t count, ac_nanos timeout);

/* buffered: each inner item starts a future (start() builds it in a slot
 * of slot_size bytes and returns it); up to n run at once, and their
 * outputs (out_size bytes from ac_future_output) come out in the order of
 * the items that started them.  A new item is pulled only when a slot is
 * free: at most n in flight, however fast the source.
 *
 *   items:   a b c d e ...         n = 3
 *   slots:   [fut a][fut b][fut c]   b finishes first: kept until a is out
 *   out:     out(a) out(b) out(c) out(d) ...
 */
typedef ac_future *(*ac_start_fn)(void *slot, const void *item, void *user);
typedef struct ac_buffered_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    ac_start_fn start;
    void *user;
    unsigned char *slots; /* n * slot_size */
    ac_future **fut;      /* n: the future in each slot */
    bool *done;           /* n: that future returned Ready */
    size_t n, slot_size, head, len;
    bool inner_ended;
    unsigned char in[AC_STREAM_ITEM_MAX];
} ac_buffered_stream;
/* 0, -EINVAL (n 0, items too large) or -ENOMEM. */
int ac_stream_buffered(ac_buffered_stream *b, ac_stream *inner, size_t n, size_t slot_size, size_t out_size,
                       ac_start_fn start, void *user);

/* throttle: at most one item per `period`; the inner stream is not even
 * polled before the period since the last item has passed. */
typedef struct ac_throttle_stream {
    ac_stream base;
    /* private */
    ac_stream *inner;
    ac_nanos period;
    ac_sleep gap;
    bool waiting;
} ac_throttle_stream;
ac_throttle_stream ac_stream_throttle(ac_stream *inner, ac_nanos period);

#endif
