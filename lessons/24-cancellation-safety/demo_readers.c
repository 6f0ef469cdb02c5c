/*
 * demo_readers.c - `loss`, `cure1`, `cure2`, `cure3`: the same peer (six
 * records, each in two halves 15 ms apart) read four ways through a Unix
 * socket pair, on the paused clock.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/executor.h"
#include "ac/timer.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

#define COUNT 6

/* Run `reader` (whose records are at *out) against the writer. */
static int run(const char *title, ac_future *reader, const records *out, ac_io *rd, ac_executor *ex)
{
    ac_cli_heading(title);
    lesson_trace = true;
    ac_block_on(ex, reader);
    lesson_trace = false;
    printf("  %d records, %d timeouts won a round: %s\n", out->n, out->timeouts,
           records_intact(out, COUNT) ? "every record intact" : "THE STREAM IS CORRUPTED");
    printf("  timers left: %zu\n", ac_timers_len(ac_timers_get(ex)));
    ac_io_close(rd);
    ac_executor_close(ex);
    return 0;
}

/* Socket pair, executor on the paused clock, the writer spawned. */
static int setup(ac_executor *ex, ac_io *rd, ac_io *wr, ac_join_handle *h)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 || ac_executor_init(ex) != 0)
        return -1;
    ac_clock_pause(ac_executor_clock(ex));
    if (ac_io_open(rd, sv[0]) != 0 || ac_io_open(wr, sv[1]) != 0)
        return -1;
    record_writer w = record_writer_new(wr, COUNT);
    *h = AC_SPAWN(ex, w);
    ac_join_release(h);
    return 0;
}

int demo_loss(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_executor ex;
    static ac_io rd, wr;
    ac_join_handle h;
    if (setup(&ex, &rd, &wr, &h) != 0)
        return 1;
    static naive_reader r;
    r = naive_reader_new(&rd);
    run("loss: select(read_exact(8), sleep 10 ms), the read remade every round", &r.base, &r.out, &rd, &ex);
    printf("\nTakeaway: read_exact is not cancellation-safe: dropped half-way, the bytes it\n"
           "had read go with it, and every record after that is read out of step.\n");
    return 0;
}

int demo_cure1(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_executor ex;
    static ac_io rd, wr;
    ac_join_handle h;
    if (setup(&ex, &rd, &wr, &h) != 0)
        return 1;
    static safe_reader r;
    r = safe_reader_new(&rd);
    run("cure 1: select(read_some(into a buffer that outlives the loop), sleep 10 ms)", &r.base, &r.out, &rd,
        &ex);
    printf("\nTakeaway: read_some reports what it read in the same poll, so dropping it loses\n"
           "nothing; the partial record waits in a buffer that belongs to the loop.\n");
    return 0;
}

/* Cure 2: one task per record does the read_exact; nobody drops it. */
typedef struct record_out {
    char buf[RECORD_LEN];
    ssize_t n;
} record_out;

typedef struct read_task {
    ac_future base;
    ac_coro co;
    ac_io *io;
    ac_read_exact read;
    record_out out;
} read_task;

static ac_poll read_task_poll(ac_future *self, ac_context *cx)
{
    read_task *t = (read_task *)self;
    AC_BEGIN(&t->co);
    t->read = ac_read_exact_into(t->io, t->out.buf, RECORD_LEN); /* made in the task's own memory */
    AC_AWAIT(&t->co, cx, &t->read.base);
    t->out.n = t->read.result;
    AC_END(&t->co);
}
static void read_task_drop(ac_future *self) { ac_coro_drop(&((read_task *)self)->co); }
static const ac_future_vtable read_task_vtable = {
    .name = "read_task", .poll = read_task_poll, .drop = read_task_drop, AC_OUTPUT(read_task, out)};

typedef struct task_reader {
    ac_future base;
    ac_coro co;
    ac_io *io;
    ac_join_handle h; /* kept across rounds */
    ac_sleep idle;
    ac_select sel;
    record_out got;
    records out;
} task_reader;

static ac_poll task_reader_poll(ac_future *self, ac_context *cx)
{
    task_reader *r = (task_reader *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        {
            read_task t = {.base = {&read_task_vtable}, .io = r->io};
            r->h = AC_SPAWN(ac_executor_current(), t);
        }
        for (;;) {
            r->idle = ac_sleep_for(AC_MSEC(IDLE_MS));
            /* kept: dropping a join handle would detach the task and lose its result */
            AC_AWAIT_SELECT(&r->co, cx, &r->sel, AC_KEEP(&r->h.base), &r->idle.base);
            if (r->sel.result == 0)
                break;
            r->out.timeouts++;
        }
        if (!ac_join_take(&r->h, &r->got, sizeof r->got) || r->got.n < RECORD_LEN)
            break;
        records_add(&r->out, r->got.buf);
    }
    AC_END(&r->co);
}
static const ac_future_vtable task_reader_vtable = {.name = "task_reader", .poll = task_reader_poll};

int demo_cure2(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_executor ex;
    static ac_io rd, wr;
    ac_join_handle h;
    if (setup(&ex, &rd, &wr, &h) != 0)
        return 1;
    static task_reader r;
    r = (task_reader){.base = {&task_reader_vtable}, .io = &rd};
    run("cure 2: a spawned task does read_exact; select(KEEP(its handle), sleep 10 ms)", &r.base, &r.out, &rd,
        &ex);
    printf("\nTakeaway: work in its own task is not cancelled by the loop's select; the loop\n"
           "waits on the handle, which it keeps (dropping a handle only detaches the task).\n");
    return 0;
}

int demo_cure3(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_executor ex;
    static ac_io rd, wr;
    ac_join_handle h;
    if (setup(&ex, &rd, &wr, &h) != 0)
        return 1;
    static kept_reader r;
    r = kept_reader_new(&rd);
    run("cure 3: select(KEEP(read_exact made once per record), sleep 10 ms)", &r.base, &r.out, &rd, &ex);
    printf("\nTakeaway: a future that is not cancellation-safe can still be used in a loop:\n"
           "keep it outside the loop and poll it again; remake it only once it finished.\n");
    return 0;
}
