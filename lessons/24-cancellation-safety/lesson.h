/*
 * Lesson 24 - cancellation safety: the exercise interface.
 *
 * A select loop drops the branch that lost.  Whatever that future had
 * done and not yet reported is gone with it.  Here a peer sends 8-byte
 * records, each in two halves 15 ms apart, and the reader gives up
 * waiting every 10 ms (to do other work, say) - on the paused clock:
 *
 *   peer:    "rec0"  .. 15 ms ..  "0ok!"  .. 3 ms ..  "rec0" ... "1ok!"
 *   naive:   read_exact(8) | 10 ms: timeout wins, the read is dropped
 *            with "rec0" inside it -> the next record reads "0ok!rec0"
 *
 * The cures:
 *   ex1  safe_reader_poll   cure 1: a cancellation-safe read (read_some)
 *                           into a buffer that outlives the loop
 *        (demo)             cure 2: the read runs in a spawned task; the
 *                           loop selects on its join handle (kept)
 *   ex2  kept_reader_poll   cure 3: keep the read_exact across rounds and
 *                           poll it again, never drop it half-done
 *
 * The program (main.c, demo_*.c), the stubs (exercises/) and the checks
 * (tests/lessons/24-cancellation-safety.c) all meet here.
 */
#ifndef LESSON24_H
#define LESSON24_H

#include <stdbool.h>

#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/io.h"
#include "ac/sleep.h"

#define RECORD_LEN  8
#define RECORDS_MAX 16
#define IDLE_MS     10 /* the reader's "do other work" timeout */

/* When on, readers print each record and each timeout. */
extern bool lesson_trace;

/* Given: a task that writes `count` records "recNNok!" to io, each in two
 * halves 15 ms apart and 3 ms between records, then closes io. */
typedef struct record_writer {
    ac_future base;
    ac_coro co;
    ac_io *io;
    int count, i;
    char rec[RECORD_LEN + 1];
    ac_sleep nap;
    ac_write_all out;
} record_writer;
record_writer record_writer_new(ac_io *io, int count);

/* What every reader fills in. */
typedef struct records {
    char rec[RECORDS_MAX][RECORD_LEN + 1]; /* NUL-terminated */
    int n;                                 /* records received */
    int timeouts;                          /* rounds the timeout won */
} records;

/* Given: store one record (and print it when lesson_trace is on). */
void records_add(records *r, const char *bytes);
/* Given: true when r holds exactly "rec00ok!" .. "rec<count-1>ok!". */
bool records_intact(const records *r, int count);

/* ---- the naive reader (given: the loss) ------------------------------ */
typedef struct naive_reader {
    ac_future base;
    ac_coro co;
    ac_io *io;
    char buf[RECORD_LEN];
    ac_read_exact read;
    ac_sleep idle;
    ac_select sel;
    records out;
} naive_reader;
naive_reader naive_reader_new(ac_io *io);

/* ---- Exercise 1: cure 1, a cancellation-safe read --------------------
 *
 *   buf (outlives the loop): [ whole records ... | part of one | free ]
 *   each round: select(read_some(into the free part), sleep IDLE_MS)
 *     read n > 0: have += n; hand out every whole record; keep the rest
 *     read 0:     end of file: done
 *     timeout:    timeouts++ (a read_some that lost had read nothing)
 */
typedef struct safe_reader {
    ac_future base;
    ac_coro co;
    ac_io *io;
    char buf[4 * RECORD_LEN];
    size_t have; /* bytes in buf not yet handed out as a record */
    ac_read read;
    ac_sleep idle;
    ac_select sel;
    records out;
} safe_reader;
/* Given: the constructor and the vtable (whose drop is ac_coro_drop). */
safe_reader safe_reader_new(ac_io *io);
/* YOURS (ex1) */
ac_poll safe_reader_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: cure 3, keep the future -------------------------------
 *
 *   read = read_exact(buf, 8)           made once per record
 *   each round: select(KEEP(read), sleep IDLE_MS)
 *     read Ready, 8:     a record; make the next read
 *     read Ready, < 8:   end of file: done
 *     timeout:           timeouts++; the read goes on next round
 */
typedef struct kept_reader {
    ac_future base;
    ac_coro co;
    ac_io *io;
    char buf[RECORD_LEN];
    ac_read_exact read; /* kept across rounds */
    ac_sleep idle;
    ac_select sel;
    records out;
} kept_reader;
/* Given: the constructor; the vtable's drop also drops a read still
 * pending in the middle of the loop. */
kept_reader kept_reader_new(ac_io *io);
/* YOURS (ex2) */
ac_poll kept_reader_poll(ac_future *self, ac_context *cx);

#endif
