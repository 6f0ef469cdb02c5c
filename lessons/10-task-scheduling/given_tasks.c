/*
 * given_tasks.c - the given half of lesson 10's futures: constructors, vtables,
 * drop entries, and the poll wrappers that print a trace line around the
 * poll functions you write in exercises/.
 */
#include <stdarg.h>
#include <stdio.h>

#include "lesson.h"

bool lesson_trace;

void trace(const char *fmt, ...)
{
    if (!lesson_trace)
        return;
    ac_executor *ex = ac_executor_current();
    if (ex != NULL)
        printf("  [poll %4llu] ", (unsigned long long)ex->stats.polls);
    else
        printf("  ");
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

void *task_future_of(ac_join_handle *h) { return h->task != NULL ? ac_task_future(h->task) : NULL; }

/* ---- job: yields `turns` times, then returns its value ---------------- */

static ac_poll job_poll(ac_future *self, ac_context *cx)
{
    job *j = (job *)self;
    if (j->turn < j->turns) {
        j->turn++;
        trace("job(%d): turn %u of %u -> yield", j->value, j->turn, j->turns);
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    j->output = j->value;
    trace("job(%d) -> Ready(%d)", j->value, j->output);
    return AC_READY;
}

static const ac_future_vtable job_vtable = {.name = "job", .poll = job_poll, AC_OUTPUT(job, output)};

job job_new(int value, unsigned turns)
{
    return (job){.base = {&job_vtable}, .value = value, .turns = turns};
}

/* ---- sum_three: your poll, wrapped in a trace ------------------------- */

static ac_poll sum_three_step(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    ac_poll r = sum_three_poll(self, cx);
    if (r == AC_READY)
        trace("sum_three -> Ready(%d)", s->output);
    else
        trace("sum_three: sum so far %d, awaiting job %d's handle -> Pending", s->output, s->next);
    return r;
}

/* Cancelled mid-way: the awaited handle goes with ac_coro_drop, the rest
 * are released here (releasing twice is harmless).  The jobs themselves
 * keep running, detached, like tokio tasks whose JoinHandle was dropped. */
static void sum_three_drop(ac_future *self)
{
    sum_three *s = (sum_three *)self;
    ac_coro_drop(&s->co);
    for (int k = 0; k < 3; k++)
        ac_join_release(&s->handles[k]);
}

static const ac_future_vtable sum_three_vtable = {
    .name = "sum_three", .poll = sum_three_step, .drop = sum_three_drop, AC_OUTPUT(sum_three, output)};

sum_three sum_three_new(int a, int b, int c)
{
    return (sum_three){.base = {&sum_three_vtable}, .values = {a, b, c}};
}

/* ---- worker: your poll, timed and traced ------------------------------ */

void worker_do_unit(worker *w)
{
    /* a 64-bit LCG step: cheap, and the compiler cannot skip it because
     * the result is kept */
    w->acc = w->acc * 6364136223846793005u + 1442695040888963407u;
    w->done++;
    if (lesson_trace && w->done % 10000000 == 0)
        trace("%s: ... %lu units done (progress from inside the poll)", w->name, w->done);
}

static ac_poll worker_step(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    unsigned long before = w->done;
    ac_nanos start = ac_monotonic_now();
    ac_poll r = worker_poll(self, cx);
    ac_nanos took = ac_monotonic_now() - start;
    if (took > w->longest_poll_ns)
        w->longest_poll_ns = took;
    w->polls++;
    if (r == AC_PENDING)
        w->yields++;
    if (w->polls <= 3 || r == AC_READY || w->polls % w->trace_every == 0)
        trace("%s: units %lu -> %lu of %lu -> %s", w->name, before, w->done, w->work,
              r == AC_READY ? "Ready" : "yield");
    return r;
}

static void worker_drop(ac_future *self) { ac_coro_drop(&((worker *)self)->co); }

static const ac_future_vtable worker_vtable = {
    .name = "worker", .poll = worker_step, .drop = worker_drop, AC_OUTPUT(worker, done)};

worker worker_new(const char *name, unsigned long work, unsigned long every)
{
    /* about four sample lines in a trace, however long the run */
    unsigned long expected_polls = every != 0 ? work / every + 1 : 1;
    unsigned long trace_every = expected_polls / 4 > 0 ? expected_polls / 4 : 1;
    return (worker){.base = {&worker_vtable},
                    .name = name,
                    .work = work,
                    .every = every,
                    .acc = 1,
                    .trace_every = trace_every};
}

/* ---- ticker: counts once per turn ------------------------------------- */

static ac_poll ticker_poll(ac_future *self, ac_context *cx)
{
    ticker *t = (ticker *)self;
    AC_BEGIN(&t->co);
    while (*t->counter < t->max) {
        ++*t->counter;
        trace("ticker: count %u -> %u, yield", *t->counter - 1, *t->counter);
        t->nap = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->nap.base);
    }
    trace("ticker: reached its max %u -> Ready", t->max);
    AC_END(&t->co);
}

/* Runs instead of the next poll once the task is aborted. */
static void ticker_drop(ac_future *self)
{
    ticker *t = (ticker *)self;
    ac_coro_drop(&t->co);
    ++*t->drops;
    trace("ticker: DROPPED at count %u (drop entry run #%u)", *t->counter, *t->drops);
}

static const ac_future_vtable ticker_vtable = {.name = "ticker", .poll = ticker_poll, .drop = ticker_drop};

ticker ticker_new(unsigned *counter, unsigned max, unsigned *drops)
{
    return (ticker){.base = {&ticker_vtable}, .counter = counter, .max = max, .drops = drops};
}

/* ---- stopper: your poll, traced ---------------------------------------- */

static ac_poll stopper_step(ac_future *self, ac_context *cx)
{
    stopper *s = (stopper *)self;
    unsigned seen = *s->counter;
    ac_poll r = stopper_poll(self, cx);
    if (r == AC_READY)
        trace("stopper: target stopped, aborted=%s, count %u -> Ready", s->output.aborted ? "yes" : "no",
              s->output.final_count);
    else if (seen < s->limit)
        trace("stopper: count %u < limit %u -> yield", seen, s->limit);
    else
        trace("stopper: count %u reached limit %u: abort sent, awaiting the handle -> Pending", seen,
              s->limit);
    return r;
}

static void stopper_drop(ac_future *self)
{
    stopper *s = (stopper *)self;
    ac_coro_drop(&s->co);
    ac_join_release(&s->target);
}

static const ac_future_vtable stopper_vtable = {
    .name = "stopper", .poll = stopper_step, .drop = stopper_drop, AC_OUTPUT(stopper, output)};

stopper stopper_new(ac_join_handle target, const unsigned *counter, unsigned limit)
{
    return (stopper){.base = {&stopper_vtable}, .target = target, .counter = counter, .limit = limit};
}
