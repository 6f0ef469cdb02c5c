/*
 * given_streams.c - what the lesson gives: constructors and vtables for
 * the exercises' streams, and a memory gauge for the backpressure demo.
 */
#include <stdio.h>
#include <unistd.h>

#include "lesson.h"

bool lesson_trace;

static void counter_drop(ac_stream *self) { ((counter *)self)->drops++; }

static const ac_stream_vtable counter_vtable = {
    .name = "counter", .poll_next = counter_next, .drop = counter_drop};

counter counter_new(int from, int to)
{
    return (counter){.base = {&counter_vtable, sizeof(int)}, .next = from, .to = to};
}

static void take_n_drop(ac_stream *self)
{
    take_n *t = (take_n *)self;
    if (!t->released)
        ac_stream_drop(t->inner);
    t->released = true;
}

static const ac_stream_vtable take_n_vtable = {
    .name = "take_n", .poll_next = take_n_next, .drop = take_n_drop};

take_n take_n_of(ac_stream *inner, size_t n)
{
    return (take_n){.base = {&take_n_vtable, inner->item_size}, .inner = inner, .left = n};
}

static void line_reader_drop(ac_stream *self)
{
    line_reader *r = (line_reader *)self;
    if (r->armed)
        ac_io_disarm(r->io, AC_READABLE);
    r->armed = false;
    r->ended = true;
}

static const ac_stream_vtable line_reader_vtable = {
    .name = "line_reader", .poll_next = line_reader_next, .drop = line_reader_drop};

void line_reader_init(line_reader *r, ac_io *io, size_t max)
{
    r->base = (ac_stream){&line_reader_vtable, sizeof(ac_line)};
    r->io = io;
    r->max = max > 0 && max <= LINE_CAP ? max : LINE_CAP;
    r->start = r->len = 0;
    r->ended = r->armed = false;
}

long lesson_rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}
