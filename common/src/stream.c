/*
 * stream.c - streams: the next-item future, three sources, six adapters.
 */
#include "ac/stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ac/executor.h"
#include "ac/spawn.h"

static ac_nanos runtime_now(void) { return ac_now(); /* executor or multi-threaded runtime */ }

/* ---- next ------------------------------------------------------------------ */

static ac_poll next_poll(ac_future *self, ac_context *cx)
{
    ac_stream_next_fut *f = (ac_stream_next_fut *)self;
    int r = ac_stream_poll_next(f->stream, cx, f->item);
    if (r == AC_STREAM_PENDING)
        return AC_PENDING;
    f->result = r;
    return AC_READY;
}

/* No drop: whatever a Pending poll_next registered belongs to the stream,
 * which is polled again by the next ac_stream_next or dropped itself. */
static const ac_future_vtable next_vtable = {
    .name = "stream_next", .poll = next_poll, AC_OUTPUT(ac_stream_next_fut, result)};

ac_stream_next_fut ac_stream_next(ac_stream *s, void *item)
{
    return (ac_stream_next_fut){.base = {&next_vtable}, .stream = s, .item = item};
}

/* ---- mpsc source -------------------------------------------------------------- */

static int mpsc_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_mpsc_stream *s = (ac_mpsc_stream *)self;
    int result;
    if (ac_mpsc_poll_recv(s->rx, cx, item, &result) == AC_PENDING)
        return AC_STREAM_PENDING;
    return result == 0 ? AC_STREAM_ITEM : AC_STREAM_END;
}

static void mpsc_drop(ac_stream *self) { ac_mpsc_rx_forget_waker(((ac_mpsc_stream *)self)->rx); }

static const ac_stream_vtable mpsc_vtable = {.name = "mpsc", .poll_next = mpsc_next, .drop = mpsc_drop};

ac_mpsc_stream ac_stream_of_mpsc(ac_mpsc_rx *rx, size_t elem_size)
{
    return (ac_mpsc_stream){.base = {&mpsc_vtable, elem_size}, .rx = rx};
}

/* ---- interval source ---------------------------------------------------------- */

static int interval_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_interval_stream *s = (ac_interval_stream *)self;
    s->ticking = true;
    if (ac_future_poll(&s->tick.base, cx) == AC_PENDING)
        return AC_STREAM_PENDING;
    memcpy(item, &s->tick.scheduled, sizeof(ac_nanos));
    s->ticking = false;
    s->tick = ac_tick_of(s->tick.iv); /* the next tick's future */
    return AC_STREAM_ITEM;
}

static void interval_drop(ac_stream *self)
{
    ac_interval_stream *s = (ac_interval_stream *)self;
    if (s->ticking)
        ac_future_drop(&s->tick.base);
    s->ticking = false;
}

static const ac_stream_vtable interval_vtable = {
    .name = "interval", .poll_next = interval_next, .drop = interval_drop};

ac_interval_stream ac_stream_of_interval(ac_interval *iv)
{
    return (ac_interval_stream){.base = {&interval_vtable, sizeof(ac_nanos)}, .tick = ac_tick_of(iv)};
}

/* ---- lines source ------------------------------------------------------------- */

/* Hand out the line ending at buf[start + i] (the '\n'). */
static int emit_line(ac_lines *l, size_t i, void *item)
{
    ac_line line = {.data = l->buf + l->start, .len = i};
    if (line.len > 0 && line.data[line.len - 1] == '\r')
        line.len--;
    memcpy(item, &line, sizeof line);
    l->start += i + 1;
    l->len -= i + 1;
    return AC_STREAM_ITEM;
}

/*
 * The buffer holds max + 1 bytes: room for a line of max bytes and its
 * '\n'.  Unread bytes are moved to the front before each read, and a read
 * asks only for the free room, so nothing past the cap is ever taken from
 * the fd:
 *
 *   buf: [ line 1 \n | line 2 \n | part of line 3 ..... | free ]
 *          handed out earlier      start, len              read into this
 */
static int lines_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_lines *l = (ac_lines *)self;
    if (l->ended)
        return AC_STREAM_END;
    for (;;) {
        char *nl = memchr(l->buf + l->start, '\n', l->len);
        if (nl != NULL)
            return emit_line(l, (size_t)(nl - (l->buf + l->start)), item);
        if (l->len > l->max) { /* max + 1 bytes and no '\n' */
            l->ended = true;
            return -EMSGSIZE;
        }
        if (l->start > 0) {
            memmove(l->buf, l->buf + l->start, l->len);
            l->start = 0;
        }
        ssize_t n;
        l->armed = true;
        if (ac_io_poll_read(l->io, cx, l->buf + l->len, l->max + 1 - l->len, &n) == AC_PENDING)
            return AC_STREAM_PENDING;
        l->armed = false;
        if (n < 0) {
            l->ended = true;
            return (int)n;
        }
        if (n == 0) { /* end of file: a last line without '\n' still counts */
            l->ended = true;
            if (l->len == 0)
                return AC_STREAM_END;
            ac_line line = {.data = l->buf, .len = l->len};
            memcpy(item, &line, sizeof line);
            l->len = 0;
            return AC_STREAM_ITEM;
        }
        l->len += (size_t)n;
    }
}

static void lines_drop(ac_stream *self)
{
    ac_lines *l = (ac_lines *)self;
    if (l->armed)
        ac_io_disarm(l->io, AC_READABLE);
    l->armed = false;
    free(l->buf);
    l->buf = NULL;
    l->ended = true;
}

static const ac_stream_vtable lines_vtable = {.name = "lines", .poll_next = lines_next, .drop = lines_drop};

int ac_lines_init(ac_lines *l, ac_io *io, size_t max)
{
    *l = (ac_lines){.base = {&lines_vtable, sizeof(ac_line)}, .io = io, .max = max};
    if (max == 0)
        return -EINVAL;
    l->buf = malloc(max + 1);
    return l->buf != NULL ? 0 : -ENOMEM;
}

/* ---- map, filter, take ---------------------------------------------------------- */

static int map_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_map_stream *m = (ac_map_stream *)self;
    int r = ac_stream_poll_next(m->inner, cx, m->in);
    if (r == AC_STREAM_ITEM)
        m->fn(m->in, item, m->user);
    return r;
}

static void map_drop(ac_stream *self) { ac_stream_drop(((ac_map_stream *)self)->inner); }

static const ac_stream_vtable map_vtable = {.name = "map", .poll_next = map_next, .drop = map_drop};

int ac_stream_map(ac_map_stream *m, ac_stream *inner, size_t out_size, ac_map_fn fn, void *user)
{
    *m = (ac_map_stream){.base = {&map_vtable, out_size}, .inner = inner, .fn = fn, .user = user};
    return inner->item_size <= AC_STREAM_ITEM_MAX ? 0 : -EINVAL;
}

/* Items it rejects are pulled and discarded in the same poll: a filter
 * returns Pending only when its inner stream does. */
static int filter_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_filter_stream *f = (ac_filter_stream *)self;
    for (;;) {
        int r = ac_stream_poll_next(f->inner, cx, item);
        if (r != AC_STREAM_ITEM || f->keep(item, f->user))
            return r;
    }
}

static void filter_drop(ac_stream *self) { ac_stream_drop(((ac_filter_stream *)self)->inner); }

static const ac_stream_vtable filter_vtable = {
    .name = "filter", .poll_next = filter_next, .drop = filter_drop};

ac_filter_stream ac_stream_filter(ac_stream *inner, ac_filter_fn keep, void *user)
{
    return (ac_filter_stream){
        .base = {&filter_vtable, inner->item_size}, .inner = inner, .keep = keep, .user = user};
}

static void take_release(ac_take_stream *t)
{
    if (!t->inner_dropped)
        ac_stream_drop(t->inner);
    t->inner_dropped = true;
}

static int take_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_take_stream *t = (ac_take_stream *)self;
    if (t->left == 0) {
        take_release(t);
        return AC_STREAM_END;
    }
    int r = ac_stream_poll_next(t->inner, cx, item);
    if (r == AC_STREAM_ITEM && --t->left == 0)
        take_release(t); /* done with it: its slots and timers go now */
    return r;
}

static void take_drop(ac_stream *self) { take_release((ac_take_stream *)self); }

static const ac_stream_vtable take_vtable = {.name = "take", .poll_next = take_next, .drop = take_drop};

ac_take_stream ac_stream_take(ac_stream *inner, size_t n)
{
    return (ac_take_stream){.base = {&take_vtable, inner->item_size}, .inner = inner, .left = n};
}

/* ---- chunks ------------------------------------------------------------------------ */

static int chunk_out(ac_chunks_stream *c, void *item)
{
    ac_chunk ch = {.len = c->len, .items = c->buf};
    memcpy(item, &ch, sizeof ch);
    c->emitted = true;
    if (c->timing)
        ac_future_drop(&c->timer.base);
    c->timing = false;
    return AC_STREAM_ITEM;
}

static int chunks_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_chunks_stream *c = (ac_chunks_stream *)self;
    size_t size = c->inner->item_size;
    if (c->emitted) { /* the last chunk was read: its buffer is free again */
        c->emitted = false;
        c->len = 0;
    }
    while (!c->inner_ended) {
        int r = ac_stream_poll_next(c->inner, cx, c->buf + c->len * size);
        if (r == AC_STREAM_ITEM) {
            if (c->len++ == 0 && c->timeout > 0) {
                c->timer = ac_sleep_until(runtime_now() + c->timeout);
                c->timing = true;
            }
            if (c->len == c->count)
                return chunk_out(c, item);
            continue;
        }
        if (r == AC_STREAM_PENDING) {
            if (c->timing && ac_future_poll(&c->timer.base, cx) == AC_READY) {
                c->timing = false; /* finished: nothing to drop */
                return chunk_out(c, item);
            }
            return AC_STREAM_PENDING;
        }
        c->inner_ended = true;
        if (r < 0)
            return r; /* the items gathered so far come out next */
    }
    if (c->len > 0)
        return chunk_out(c, item);
    return AC_STREAM_END;
}

static void chunks_drop(ac_stream *self)
{
    ac_chunks_stream *c = (ac_chunks_stream *)self;
    if (c->timing)
        ac_future_drop(&c->timer.base);
    c->timing = false;
    ac_stream_drop(c->inner);
    free(c->buf);
    c->buf = NULL;
}

static const ac_stream_vtable chunks_vtable = {
    .name = "chunks", .poll_next = chunks_next, .drop = chunks_drop};

int ac_stream_chunks(ac_chunks_stream *c, ac_stream *inner, size_t count, ac_nanos timeout)
{
    *c = (ac_chunks_stream){
        .base = {&chunks_vtable, sizeof(ac_chunk)}, .inner = inner, .count = count, .timeout = timeout};
    if (count == 0)
        return -EINVAL;
    c->buf = malloc(count * inner->item_size);
    return c->buf != NULL ? 0 : -ENOMEM;
}

/* ---- buffered ------------------------------------------------------------------------ */

static int buffered_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_buffered_stream *b = (ac_buffered_stream *)self;
    /* 1. start futures while a slot is free (pulling only then) */
    while (b->len < b->n && !b->inner_ended) {
        int r = ac_stream_poll_next(b->inner, cx, b->in);
        if (r == AC_STREAM_PENDING)
            break;
        if (r != AC_STREAM_ITEM) {
            b->inner_ended = true;
            if (r < 0)
                return r;
            break;
        }
        size_t i = (b->head + b->len) % b->n;
        b->fut[i] = b->start(b->slots + i * b->slot_size, b->in, b->user);
        b->done[i] = false;
        b->len++;
    }
    /* 2. drive every unfinished one: each arranges its own wake */
    for (size_t k = 0; k < b->len; k++) {
        size_t i = (b->head + k) % b->n;
        if (!b->done[i] && ac_future_poll(b->fut[i], cx) == AC_READY)
            b->done[i] = true;
    }
    /* 3. the oldest one out, if it finished (a later one waits its turn) */
    if (b->len > 0 && b->done[b->head]) {
        memcpy(item, ac_future_output(b->fut[b->head]), b->base.item_size);
        b->head = (b->head + 1) % b->n;
        b->len--;
        return AC_STREAM_ITEM;
    }
    return b->len == 0 && b->inner_ended ? AC_STREAM_END : AC_STREAM_PENDING;
}

static void buffered_drop(ac_stream *self)
{
    ac_buffered_stream *b = (ac_buffered_stream *)self;
    for (; b->len > 0; b->len--, b->head = (b->head + 1) % b->n)
        if (!b->done[b->head])
            ac_future_drop(b->fut[b->head]);
    ac_stream_drop(b->inner);
    free(b->slots);
    free(b->fut);
    free(b->done);
    b->slots = NULL;
    b->fut = NULL;
    b->done = NULL;
}

static const ac_stream_vtable buffered_vtable = {
    .name = "buffered", .poll_next = buffered_next, .drop = buffered_drop};

int ac_stream_buffered(ac_buffered_stream *b, ac_stream *inner, size_t n, size_t slot_size, size_t out_size,
                       ac_start_fn start, void *user)
{
    *b = (ac_buffered_stream){.base = {&buffered_vtable, out_size},
                              .inner = inner,
                              .start = start,
                              .user = user,
                              .n = n,
                              .slot_size = slot_size};
    if (n == 0 || inner->item_size > AC_STREAM_ITEM_MAX)
        return -EINVAL;
    b->slots = malloc(n * slot_size);
    b->fut = calloc(n, sizeof *b->fut);
    b->done = calloc(n, sizeof *b->done);
    if (b->slots == NULL || b->fut == NULL || b->done == NULL) {
        free(b->slots);
        free(b->fut);
        free(b->done);
        b->slots = NULL;
        b->fut = NULL;
        b->done = NULL;
        return -ENOMEM;
    }
    return 0;
}

/* ---- throttle -------------------------------------------------------------------------- */

static int throttle_next(ac_stream *self, ac_context *cx, void *item)
{
    ac_throttle_stream *t = (ac_throttle_stream *)self;
    if (t->waiting) {
        if (ac_future_poll(&t->gap.base, cx) == AC_PENDING)
            return AC_STREAM_PENDING; /* the inner stream is not asked yet */
        t->waiting = false;
    }
    int r = ac_stream_poll_next(t->inner, cx, item);
    if (r == AC_STREAM_ITEM) {
        t->gap = ac_sleep_until(runtime_now() + t->period);
        t->waiting = true;
    }
    return r;
}

static void throttle_drop(ac_stream *self)
{
    ac_throttle_stream *t = (ac_throttle_stream *)self;
    if (t->waiting)
        ac_future_drop(&t->gap.base);
    t->waiting = false;
    ac_stream_drop(t->inner);
}

static const ac_stream_vtable throttle_vtable = {
    .name = "throttle", .poll_next = throttle_next, .drop = throttle_drop};

ac_throttle_stream ac_stream_throttle(ac_stream *inner, ac_nanos period)
{
    return (ac_throttle_stream){
        .base = {&throttle_vtable, inner->item_size}, .inner = inner, .period = period};
}
