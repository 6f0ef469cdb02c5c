/*
 * Lesson 26 - streams: the exercise interface.
 *
 * A future yields one value; a stream yields many, one per Ready answer
 * of its poll_next, and then says it ended.  The runtime's streams are in
 * common/include/ac/stream.h; here you build three of them by hand:
 *
 *   here (lesson.h)     runtime
 *   counter (ex1)       (a hand-written source)
 *   take_n  (ex2)       ac_stream_take
 *   line_reader (ex3)   ac_lines: the lines of a socket, length-capped
 *
 *   ex1  counter_next      the numbers from..to-1, then the end, forever
 *   ex2  take_n_next       the first n items of another stream; let go of
 *                          it the moment the n-th is out
 *   ex3  line_reader_next  lines of an fd; a line over the cap is an error,
 *                          and no byte past the cap is read
 *
 * poll_next answers (stream.h): AC_STREAM_ITEM (the item is written),
 * AC_STREAM_PENDING (a wake is arranged), AC_STREAM_END, or -errno.
 * The program (main.c, demo_*.c), the stubs (exercises/) and the checks
 * (tests/lessons/26-streams.c) all meet here.
 */
#ifndef LESSON26_H
#define LESSON26_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/io.h"
#include "ac/stream.h"

/* When on, the lesson's streams print each poll_next. */
extern bool lesson_trace;

/* ---- Exercise 1: a stream of numbers -------------------------------------
 *
 *   counter_new(3, 6):  poll_next -> 3, 4, 5, END, END, ...
 */
typedef struct counter {
    ac_stream base; /* item_size: sizeof(int) */
    int next, to;
    int polls; /* poll_next calls (the checks and demos look) */
    int drops; /* counted by the given drop */
} counter;

/* Given (given_streams.c). */
counter counter_new(int from, int to);
/* YOURS (ex1) */
int counter_next(ac_stream *self, ac_context *cx, void *item);

/* ---- Exercise 2: take_n ---------------------------------------------------
 *
 *   inner:  a  b  c  d ...        take_n_of(&inner, 3)
 *   out:    a  b  c  END          inner dropped right after c, once;
 *                                 never asked for d
 */
typedef struct take_n {
    ac_stream base;
    ac_stream *inner; /* owned */
    size_t left;      /* items still to hand out */
    bool released;    /* inner has been dropped */
} take_n;

/* Given: the constructor; the vtable's drop drops inner unless released. */
take_n take_n_of(ac_stream *inner, size_t n);
/* YOURS (ex2) */
int take_n_next(ac_stream *self, ac_context *cx, void *item);

/* ---- Exercise 3: the lines of an fd, capped --------------------------------
 *
 *   buf (max + 1 bytes):  [ handed out | unread: start .. start+len | free ]
 *
 *   a '\n' among the unread bytes  -> ITEM: the line before it (ac_line,
 *                                     valid until the next call)
 *   len == max + 1, no '\n'        -> -EMSGSIZE, then END
 *   otherwise read into the free room only (never more): ac_io_poll_read
 *     Pending -> PENDING     error -> -errno, then END
 *     0 (eof) -> the unread bytes as a last line if any, then END
 */
#define LINE_CAP 256

typedef struct line_reader {
    ac_stream base; /* item_size: sizeof(ac_line) */
    ac_io *io;
    size_t max, start, len;
    bool ended;
    bool armed; /* the last read was Pending: drop disarms */
    char buf[LINE_CAP + 1];
} line_reader;

/* Given: max must be 1..LINE_CAP; the vtable's drop disarms if armed. */
void line_reader_init(line_reader *r, ac_io *io, size_t max);
/* YOURS (ex3) */
int line_reader_next(ac_stream *self, ac_context *cx, void *item);

/* Given: resident memory of this process, in KiB (/proc/self/statm). */
long lesson_rss_kib(void);

#endif
