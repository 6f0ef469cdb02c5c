/*
 * demo_task.c - why the runtime puts each task in one allocation and never
 * moves it, and a debug check that notices when a future did move.
 *
 * The `ticker` future counts down like lesson 01's countdown, but it
 * carries a pin_guard (exercise 3) and prints where it is polled.
 */
#include <stdio.h>
#include <string.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

typedef struct ticker {
    ac_future base;
    pin_guard guard;
    unsigned left;
    unsigned polls;
    bool refused;    /* the guard caught a move: we stopped instead of running on */
    bool show_waker; /* print the waker's data pointer (meaningful on a task) */
} ticker;

static ac_poll ticker_poll(ac_future *self, ac_context *cx)
{
    ticker *t = (ticker *)self;
    t->polls++;
    bool first = t->guard.home == NULL;
    if (!pin_guard_check(&t->guard, self, "ticker")) {
        /* A debug build would abort() here.  The demo stops the future
         * instead, so the program can go on and explain. */
        printf("    poll #%u at %p: the guard caught a move - refusing to run\n", t->polls, self);
        t->refused = true;
        return AC_READY;
    }
    printf("    poll #%u at %p  %-15s", t->polls, self, first ? "(home recorded)" : "(same address)");
    if (t->show_waker)
        printf("   waker.data = %p", cx->waker->data);
    printf("\n");
    if (t->left == 0)
        return AC_READY;
    t->left--;
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}

static const ac_future_vtable ticker_vtable = {.name = "ticker", .poll = ticker_poll};

static ticker ticker_new(unsigned ticks)
{
    return (ticker){.base = {&ticker_vtable}, .guard = PIN_GUARD_INIT, .left = ticks};
}

int demo_task(int argc, char **argv)
{
    unsigned long ticks = 3;
    if (!parse_optional(argc, argv, 0, 100, &ticks))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;

    ticker local = ticker_new((unsigned)ticks);
    local.show_waker = true;
    printf("A ticker(%lu) is built on the stack at %p, never polled there.\n", ticks, (void *)&local);
    ac_join_handle h = AC_SPAWN(&ex, local); /* its one and only move */
    printf("AC_SPAWN copied it into a new task at %p (one allocation: %zu-byte\n"
           "header, future at offset %zu).  Now the executor polls it:\n\n",
           (void *)h.task, sizeof(ac_task), (size_t)((char *)ac_task_future(h.task) - (char *)h.task));
    ac_executor_run(&ex);
    printf("\nEvery poll saw the same address, and the waker's data is the task\n"
           "itself (%p): each wake goes straight to that address.  A task that\n"
           "moved would leave every waker ever cloned pointing at the old spot.\n",
           (void *)h.task);
    printf("executor: %llu polls, task finished: %s\n", (unsigned long long)ex.stats.polls,
           ac_join_is_finished(&h) ? "yes" : "no");
    ac_join_release(&h);
    ac_executor_close(&ex);

    printf("\nTakeaway: spawn moves a future exactly once, before its first poll, into\n"
           "a block that lives until the last waker lets go.  That is heap pinning,\n"
           "done by the runtime for every task.\n");
    return 0;
}

int demo_guard(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_waker waker = loud_waker("ticker");
    ac_context cx = {.waker = &waker};

    printf("1. Polled where it stands - the guard is quiet:\n");
    ticker a = ticker_new(1);
    ac_future_poll(&a.base, &cx);
    ac_future_poll(&a.base, &cx);

    printf("\n2. Copied BEFORE its first poll - allowed, and the guard agrees:\n");
    ticker b = ticker_new(1);
    ticker b_moved;
    memcpy(&b_moved, &b, sizeof b);
    ac_future_poll(&b_moved.base, &cx);
    ac_future_poll(&b_moved.base, &cx);

    printf("\n3. Copied AFTER its first poll - the rule is broken:\n");
    ticker c = ticker_new(3);
    ac_future_poll(&c.base, &cx);
    ticker c_moved;
    memcpy(&c_moved, &c, sizeof c);
    fflush(stdout); /* keep the guard's stderr line in order with ours */
    ac_future_poll(&c_moved.base, &cx);
    printf("    refused: %s  (the guard's own line went to stderr)\n", c_moved.refused ? "yes" : "no");
    if (a.refused || b_moved.refused || !c_moved.refused) {
        fprintf(stderr, "guard: the pin_guard did not behave as expected\n");
        return 1;
    }

    printf("\nTakeaway: C cannot stop a move, but a future can notice one.  One pointer\n"
           "of state and one comparison per poll turn a silent corruption into a\n"
           "message naming the future - cheap enough for every debug build.\n");
    return 0;
}
