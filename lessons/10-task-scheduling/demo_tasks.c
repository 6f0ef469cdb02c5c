/*
 * demo_tasks.c - lesson 10's demos on the real executor: spawn and join, a
 * greedy task against a quick one, and cancelling through a join handle.
 * (demo_starve.c and demo_budget.c hold the other two.)
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "lesson.h"

bool optional_arg(int argc, char **argv, int pos, const char *what, unsigned long min, unsigned long max,
                  unsigned long *value)
{
    if (argc <= pos)
        return true; /* keep the default */
    return ac_cli_parse_ulong(what, argv[pos], min, max, value);
}

bool at_most_args(int argc, char **argv, int max)
{
    if (argc - 1 <= max)
        return true;
    fprintf(stderr, "%s: expected at most %d argument(s), got %d\n", argv[0], max, argc - 1);
    return false;
}

/* ---- join: three tasks, one parent, a sum of 60 ----------------------- */

int demo_join(int argc, char **argv)
{
    unsigned long v[3] = {10, 20, 30};
    const char *names[3] = {"A", "B", "C"};
    if (!at_most_args(argc, argv, 3))
        return 2;
    for (int k = 0; k < 3; k++)
        if (!optional_arg(argc, argv, k + 1, names[k], 0, 1000000, &v[k]))
            return 2;

    printf("A parent task spawns job(%lu), job(%lu), job(%lu) - taking 1, 2 and 3 turns -\n"
           "and awaits their join handles one after the other.  One line per poll:\n\n",
           v[0], v[1], v[2]);
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    sum_three parent = sum_three_new((int)v[0], (int)v[1], (int)v[2]);
    lesson_trace = true;
    ac_join_handle h = AC_SPAWN(&ex, parent);
    ac_executor_run(&ex);
    lesson_trace = false;

    int sum = -1;
    bool ok = ac_join_take(&h, &sum, sizeof sum);
    long expected = (long)(v[0] + v[1] + v[2]);
    printf("\nparent returned %d (expected %ld); %llu tasks spawned, %llu polls in all.\n", sum, expected,
           (unsigned long long)ex.stats.spawned, (unsigned long long)ex.stats.polls);
    ac_executor_close(&ex);
    if (!ok || sum != expected)
        return 1;
    printf("\nTakeaway: spawn hands a future to the executor and gives back a join\n"
           "handle, which is itself a future.  The parent spawned all three before\n"
           "awaiting any, so the jobs took their turns side by side while it slept;\n"
           "each finished job woke the parent through its handle.\n");
    return 0;
}

/* ---- fairness: greedy vs quick ---------------------------------------- */

/* Ready on its first poll; notes how far the greedy task had got. */
typedef struct quick {
    ac_future base;
    const worker *greedy;
    unsigned long greedy_done_then;
    unsigned long at_poll;
} quick;

static ac_poll quick_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    quick *q = (quick *)self;
    q->greedy_done_then = q->greedy->done;
    q->at_poll = (unsigned long)ac_executor_current()->stats.polls;
    trace("quick: Ready on its first poll (greedy has done %lu of %lu units)", q->greedy->done,
          q->greedy->work);
    return AC_READY;
}

static const ac_future_vtable quick_vtable = {.name = "quick", .poll = quick_poll};

/* One race; returns false if the runtime could not start. */
static bool race(unsigned long units, unsigned long every, quick *result, worker *greedy_result)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return false;
    worker g = worker_new("greedy", units, every);
    ac_join_handle gh = AC_SPAWN(&ex, g); /* spawned first: it is first in the queue */
    quick q = {.base = {&quick_vtable}, .greedy = task_future_of(&gh)};
    ac_join_handle qh = AC_SPAWN(&ex, q);
    ac_executor_run(&ex);
    *result = *(quick *)task_future_of(&qh);
    *greedy_result = *(worker *)task_future_of(&gh);
    ac_join_release(&qh);
    ac_join_release(&gh);
    ac_executor_close(&ex);
    return true;
}

int demo_fairness(int argc, char **argv)
{
    unsigned long yields = 1000;
    if (!at_most_args(argc, argv, 1) || !optional_arg(argc, argv, 1, "YIELDS", 1, 1000000, &yields))
        return 2;

    printf("Round 1: 'greedy' has %lu units of work and yields after each one;\n"
           "'quick' is spawned second and is Ready at once.  (The greedy task's\n"
           "lines are thinned out: its first three polls, then a few samples.)\n\n",
           yields);
    quick q;
    worker g;
    lesson_trace = true;
    if (!race(yields, 1, &q, &g))
        return 1;
    lesson_trace = false;
    printf("\n  quick ran at poll %lu, when greedy had done %lu of %lu units.\n", q.at_poll,
           q.greedy_done_then, g.work);
    printf("  greedy: %lu polls, %lu yields.  Finish order: %s.\n", g.polls, g.yields,
           q.greedy_done_then < g.work ? "quick, then greedy" : "greedy, then quick");

    printf("\nRound 2: the same greedy task, but it never yields (every = 0):\n\n");
    lesson_trace = true;
    if (!race(yields, 0, &q, &g))
        return 1;
    lesson_trace = false;
    printf("\n  quick ran at poll %lu, when greedy had done %lu of %lu units.\n", q.at_poll,
           q.greedy_done_then, g.work);
    printf("  greedy: %lu poll(s), %lu yields.  Finish order: %s.\n", g.polls, g.yields,
           q.greedy_done_then < g.work ? "quick, then greedy" : "greedy, then quick");

    printf("\nTakeaway: the run queue is first in, first out, and a yield sends a\n"
           "task to the back of it.  A task that yields after each small step\n"
           "gives everyone queued behind it a turn before its next step; one that\n"
           "never yields makes them wait for all of its work.\n");
    return 0;
}

/* ---- cancel: abort through the join handle ---------------------------- */

int demo_cancel(int argc, char **argv)
{
    unsigned long limit = 3;
    if (!at_most_args(argc, argv, 1) || !optional_arg(argc, argv, 1, "LIMIT", 1, 50, &limit))
        return 2;
    const unsigned max = 1000; /* the ticker would stop by itself here */

    printf("A ticker adds one to a counter per turn (it would go on to %u).\n"
           "A stopper watches the counter and, once it reaches %lu, aborts the\n"
           "ticker through its join handle, then awaits that handle:\n\n",
           max, limit);
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    unsigned counter = 0, drops = 0;
    ticker t = ticker_new(&counter, max, &drops);
    lesson_trace = true;
    ac_join_handle th = AC_SPAWN(&ex, t);
    stopper s = stopper_new(th, &counter, (unsigned)limit); /* the stopper owns th now */
    ac_join_handle sh = AC_SPAWN(&ex, s);
    ac_executor_run(&ex);
    lesson_trace = false;

    stop_report report = {0};
    ac_join_take(&sh, &report, sizeof report);
    uint64_t more = ac_executor_run_until_idle(&ex);
    printf("\n  counter stopped at %u (limit %lu); aborted: %s; drop entry ran %u time(s).\n", counter, limit,
           report.aborted ? "yes" : "no", drops);
    printf("  running the executor again: %llu polls, counter still %u.\n", (unsigned long long)more,
           counter);
    bool ok = counter == limit && drops == 1 && report.aborted;

    printf("\nFor contrast, release a ticker's handle instead of aborting it:\n");
    unsigned counter2 = 0, drops2 = 0;
    ticker t2 = ticker_new(&counter2, 5, &drops2);
    ac_join_handle h2 = AC_SPAWN(&ex, t2);
    ac_join_release(&h2);
    ac_executor_run(&ex);
    printf("  the detached ticker ran on to %u of 5; drop entry ran %u time(s).\n", counter2, drops2);
    ac_executor_close(&ex);
    if (!ok)
        return 1;

    printf("\nTakeaway: cancelling a task is dropping its future.  ac_join_abort()\n"
           "marks the task; at its next turn the executor runs the future's drop\n"
           "entry instead of its poll, exactly once, and the handle turns Ready\n"
           "with no output.  Releasing a handle is not cancelling: the task runs\n"
           "on, detached, as in tokio.\n");
    return 0;
}
