/*
 * given_records.c - the peer that writes records in halves, the record
 * log every reader fills, the naive reader (the loss), and the exercise
 * readers' constructors and vtables.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"

bool lesson_trace;

/* "recNNok!" for record i (NN = i mod 100), NUL-terminated. */
static void record_text(char out[RECORD_LEN + 1], int i)
{
    memcpy(out, "rec00ok!", RECORD_LEN + 1);
    out[3] = (char)('0' + (i / 10) % 10);
    out[4] = (char)('0' + i % 10);
}

/* ---- the writer ------------------------------------------------------------- */

static ac_poll record_writer_poll(ac_future *self, ac_context *cx)
{
    record_writer *w = (record_writer *)self;
    AC_BEGIN(&w->co);
    for (w->i = 0; w->i < w->count; w->i++) {
        record_text(w->rec, w->i);
        w->out = ac_write_all_from(w->io, w->rec, RECORD_LEN / 2);
        AC_AWAIT(&w->co, cx, &w->out.base);
        w->nap = ac_sleep_for(AC_MSEC(15));
        AC_AWAIT(&w->co, cx, &w->nap.base);
        w->out = ac_write_all_from(w->io, w->rec + RECORD_LEN / 2, RECORD_LEN / 2);
        AC_AWAIT(&w->co, cx, &w->out.base);
        w->nap = ac_sleep_for(AC_MSEC(3));
        AC_AWAIT(&w->co, cx, &w->nap.base);
    }
    ac_io_close(w->io);
    AC_END(&w->co);
}

static void record_writer_drop(ac_future *self)
{
    record_writer *w = (record_writer *)self;
    ac_coro_drop(&w->co);
    ac_io_close(w->io);
}

static const ac_future_vtable record_writer_vtable = {
    .name = "record_writer", .poll = record_writer_poll, .drop = record_writer_drop};

record_writer record_writer_new(ac_io *io, int count)
{
    return (record_writer){.base = {&record_writer_vtable}, .io = io, .count = count};
}

/* ---- the record log ------------------------------------------------------------- */

void records_add(records *r, const char *bytes)
{
    if (r->n < RECORDS_MAX) {
        memcpy(r->rec[r->n], bytes, RECORD_LEN);
        r->rec[r->n][RECORD_LEN] = '\0';
    }
    r->n++;
    if (lesson_trace) {
        char want[RECORD_LEN + 1];
        record_text(want, r->n - 1);
        printf("    record %2d: \"%.8s\"%s\n", r->n - 1, bytes,
               memcmp(bytes, want, RECORD_LEN) ? "   <- corrupted" : "");
    }
}

bool records_intact(const records *r, int count)
{
    if (r->n != count)
        return false;
    for (int i = 0; i < count && i < RECORDS_MAX; i++) {
        char want[RECORD_LEN + 1];
        record_text(want, i);
        if (strcmp(r->rec[i], want) != 0)
            return false;
    }
    return true;
}

/* ---- the naive reader ---------------------------------------------------------- */

/* Remakes read_exact every round: a timeout drops it with the first half
 * of a record inside. */
static ac_poll naive_reader_poll(ac_future *self, ac_context *cx)
{
    naive_reader *r = (naive_reader *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        r->read = ac_read_exact_into(r->io, r->buf, RECORD_LEN);
        r->idle = ac_sleep_for(AC_MSEC(IDLE_MS));
        AC_AWAIT_SELECT(&r->co, cx, &r->sel, &r->read.base, &r->idle.base);
        if (r->sel.result == 1) {
            r->out.timeouts++;
            continue; /* the read was dropped, and what it had read with it */
        }
        if (r->read.result < RECORD_LEN)
            break;
        records_add(&r->out, r->buf);
    }
    AC_END(&r->co);
}

static void naive_reader_drop(ac_future *self) { ac_coro_drop(&((naive_reader *)self)->co); }

static const ac_future_vtable naive_reader_vtable = {
    .name = "naive_reader", .poll = naive_reader_poll, .drop = naive_reader_drop};

naive_reader naive_reader_new(ac_io *io) { return (naive_reader){.base = {&naive_reader_vtable}, .io = io}; }

/* ---- the exercise readers' vtables ------------------------------------------------ */

static void safe_reader_drop(ac_future *self) { ac_coro_drop(&((safe_reader *)self)->co); }

static const ac_future_vtable safe_reader_vtable = {
    .name = "safe_reader", .poll = safe_reader_poll, .drop = safe_reader_drop};

safe_reader safe_reader_new(ac_io *io) { return (safe_reader){.base = {&safe_reader_vtable}, .io = io}; }

/* A kept read is not the select's to drop: if the reader is dropped in
 * the middle of its loop, the read it kept goes here. */
static void kept_reader_drop(ac_future *self)
{
    kept_reader *r = (kept_reader *)self;
    bool in_loop = r->co.line > 0;
    ac_coro_drop(&r->co);
    if (in_loop)
        ac_future_drop(&r->read.base);
}

static const ac_future_vtable kept_reader_vtable = {
    .name = "kept_reader", .poll = kept_reader_poll, .drop = kept_reader_drop};

kept_reader kept_reader_new(ac_io *io) { return (kept_reader){.base = {&kept_reader_vtable}, .io = io}; }
