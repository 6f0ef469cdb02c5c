/*
 * demo_add_slowly.c - lesson 02's demos: watch add_slowly move through its states.
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "lesson.h"

/* ---- a waker that says out loud when it is used ---------------------- */

static unsigned loud_wakes;

static const ac_waker_vtable loud_vtable;
static ac_waker loud_clone(void *data) { return (ac_waker){.data = data, .vtable = &loud_vtable}; }
static void loud_wake(void *data)
{
    (void)data;
    loud_wakes++;
    printf("      (inside the poll) waker: wake() -> \"poll me again\"\n");
}
static void loud_nothing(void *data) { (void)data; }
static const ac_waker_vtable loud_vtable = {
    .clone = loud_clone, .wake = loud_wake, .wake_by_ref = loud_wake, .drop = loud_nothing};

ac_waker loud_waker(void) { return loud_clone(NULL); }

/* Read the optional numbers after the subcommand: [A [B]]. */
static bool parse_args(int argc, char **argv, unsigned long *values, int count)
{
    for (int i = 0; i < count && i + 1 < argc; i++)
        if (!ac_cli_parse_ulong(argv[0], argv[i + 1], 0, UINT32_MAX / 2, &values[i]))
            return false;
    if (argc > count + 1) {
        fprintf(stderr, "%s: expected at most %d numbers, got %d\n", argv[0], count, argc - 1);
        return false;
    }
    return true;
}

static const char *poll_name(ac_poll r) { return r == AC_READY ? "Ready" : "Pending"; }

/* ---- yield ----------------------------------------------------------- */

int demo_yield(int argc, char **argv)
{
    unsigned long v = 7;
    if (!parse_args(argc, argv, &v, 1))
        return 2;
    printf("yield_once(%lu), polled by hand with a waker that prints:\n\n", v);
    yield_once y = yield_once_new((uint32_t)v);
    ac_waker waker = loud_waker();
    ac_context cx = {.waker = &waker};
    loud_wakes = 0;
    for (unsigned poll = 1;; poll++) {
        printf("  poll #%u  yielded=%s\n", poll, y.yielded ? "true" : "false");
        ac_poll r = ac_future_poll(&y.base, &cx);
        printf("        -> yielded=%s, %s", y.yielded ? "true" : "false", poll_name(r));
        if (r == AC_READY) {
            printf(", output %u\n", (unsigned)y.output);
            break;
        }
        printf("\n");
    }
    printf("\n%u wake for the one Pending.\n", loud_wakes);
    printf("\nTakeaway: yield_once is the smallest \"not yet\": it stands for any\n"
           "operation that needs a second poll, and it keeps rule 2 by waking itself.\n");
    return 0;
}

/* ---- by-hand --------------------------------------------------------- */

/* What the machine holds right now: only the live union member means anything. */
static void print_holdings(const add_slowly_by_hand *s)
{
    switch (s->state) {
    case ADD_START:
        printf("holds a=%u b=%u", (unsigned)s->in.start.a, (unsigned)s->in.start.b);
        break;
    case ADD_WAITING_A:
        printf("holds b=%u, yield_once(%u)", (unsigned)s->in.waiting_a.b,
               (unsigned)s->in.waiting_a.fut.value);
        break;
    case ADD_WAITING_B:
        printf("holds x=%u, yield_once(%u)", (unsigned)s->in.waiting_b.x,
               (unsigned)s->in.waiting_b.fut.value);
        break;
    case ADD_DONE:
        printf("holds nothing; output %u", (unsigned)s->output);
        break;
    }
}

int demo_by_hand(int argc, char **argv)
{
    unsigned long ab[2] = {3, 4};
    if (!parse_args(argc, argv, ab, 2))
        return 2;
    printf("add_slowly_by_hand(%lu, %lu): a tag and a union, polled by hand:\n\n", ab[0], ab[1]);
    add_slowly_by_hand s = add_slowly_by_hand_new((uint32_t)ab[0], (uint32_t)ab[1]);
    ac_waker waker = loud_waker();
    ac_context cx = {.waker = &waker};
    loud_wakes = 0;
    printf("  before     %-9s         ", add_state_name(s.state));
    print_holdings(&s);
    printf("\n");
    unsigned polls = 0;
    for (;;) {
        printf("  poll #%u   in %s\n", polls + 1, add_state_name(s.state));
        ac_poll r = ac_future_poll(&s.base, &cx);
        polls++;
        printf("        -> %-9s %-7s  ", add_state_name(s.state), poll_name(r));
        print_holdings(&s);
        printf("\n");
        if (r == AC_READY)
            break;
    }
    printf("\n%u polls, %u wakes, %lu + %lu = %u.\n", polls, loud_wakes, ab[0], ab[1], (unsigned)s.output);
    printf("Each state's data lives in the same bytes (a union of %zu bytes), because\n"
           "only one state is ever live.\n",
           sizeof s.in);
    printf("\nTakeaway: an async function is a state machine; every await is a place\n"
           "where poll can return and later resume, and the state tag says where.\n");
    return 0;
}

/* ---- coro ------------------------------------------------------------ */

int demo_coro(int argc, char **argv)
{
    unsigned long ab[2] = {3, 4};
    if (!parse_args(argc, argv, ab, 2))
        return 2;
    printf("add_slowly_coro(%lu, %lu): the macros keep a source line as the state:\n\n", ab[0], ab[1]);
    add_slowly_coro s = add_slowly_coro_new((uint32_t)ab[0], (uint32_t)ab[1]);
    ac_waker waker = loud_waker();
    ac_context cx = {.waker = &waker};
    loud_wakes = 0;
    printf("  (line 0 = from the top, -1 = finished)\n");
    unsigned polls = 0;
    for (;;) {
        printf("  poll #%u   resume at line %d\n", polls + 1, s.co.line);
        ac_poll r = ac_future_poll(&s.base, &cx);
        polls++;
        printf("        -> line %3d  %-7s  x=%u, awaiting %s\n", s.co.line, poll_name(r), (unsigned)s.x,
               s.co.awaiting ? ac_future_name(s.co.awaiting) : "nothing");
        if (r == AC_READY)
            break;
    }
    printf("\n%u polls, %u wakes, output %u.\n", polls, loud_wakes, (unsigned)s.output);

    /* The same coroutine as a task: the executor plays the loop above. */
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    add_slowly_coro again = add_slowly_coro_new((uint32_t)ab[0], (uint32_t)ab[1]);
    ac_join_handle h = AC_SPAWN(&ex, again);
    ac_executor_run(&ex);
    uint32_t sum = 0;
    bool ok = ac_join_take(&h, &sum, sizeof sum);
    printf("As a task on the executor: %llu polls, output %u%s.\n", (unsigned long long)ex.stats.polls,
           (unsigned)sum, ok ? "" : " (aborted?)");
    ac_executor_close(&ex);

    printf("\nLine numbers as states: run `gcc -E -P` on the solution to see the switch\n"
           "the macros expand to (docs/02-state-machines.md shows the command).\n");
    printf("\nTakeaway: AC_BEGIN/AC_AWAIT/AC_END do what a compiler does for an async\n"
           "function - a switch that jumps back to the last await - but every value\n"
           "that crosses an await must be a field you declared yourself.\n");
    return ok ? 0 : 1;
}
