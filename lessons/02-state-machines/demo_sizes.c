/*
 * demo_sizes.c - what does a state machine weigh?
 *
 * A future's size is fixed when it is declared: it is every byte that may
 * have to survive an await.  This demo prints the sizes of lesson 02's
 * futures and of four tiny coroutines that differ only in what they keep
 * across their await, and runs each to show they all work.
 */
#include <stdio.h>
#include <string.h>

#include "ac/coro.h"
#include "ac/task.h"
#include "demos.h"
#include "lesson.h"

/* add_slowly lowered with no thought for overlap: every variable and both
 * children get their own field.  Only declared, to be measured. */
typedef struct add_slowly_flat {
    ac_future base;
    int state;
    uint32_t a, b, x, y;
    yield_once fut_a, fut_b;
    uint32_t output;
} add_slowly_flat;

/* ---- four coroutines: the same shape, different baggage --------------- */

/* return 42, no await at all */
typedef struct no_await {
    ac_future base;
    ac_coro co;
    uint32_t output;
} no_await;

static ac_poll no_await_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    no_await *s = (no_await *)self;
    AC_BEGIN(&s->co);
    s->output = 42;
    AC_END(&s->co);
}

/* return await yield_once(42) */
typedef struct one_await {
    ac_future base;
    ac_coro co;
    yield_once step;
    uint32_t output;
} one_await;

static ac_poll one_await_poll(ac_future *self, ac_context *cx)
{
    one_await *s = (one_await *)self;
    AC_BEGIN(&s->co);
    s->step = yield_once_new(42);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->step.output;
    AC_END(&s->co);
}

/* fill a 1 KiB buffer, await, THEN read it: the buffer crosses the await,
 * so it must be a field and every instance carries it */
typedef struct buffer_across {
    ac_future base;
    ac_coro co;
    uint8_t buf[1024];
    yield_once step;
    uint32_t output;
} buffer_across;

static ac_poll buffer_across_poll(ac_future *self, ac_context *cx)
{
    buffer_across *s = (buffer_across *)self;
    AC_BEGIN(&s->co);
    memset(s->buf, 1, sizeof s->buf);
    s->step = yield_once_new(0);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = 0;
    for (size_t i = 0; i < sizeof s->buf; i++)
        s->output += s->buf[i];
    AC_END(&s->co);
}

/* the same work, but the buffer is used up BEFORE the await: a local is
 * enough, and only the 4-byte sum has to be kept */
typedef struct buffer_before {
    ac_future base;
    ac_coro co;
    uint32_t sum;
    yield_once step;
    uint32_t output;
} buffer_before;

static ac_poll buffer_before_poll(ac_future *self, ac_context *cx)
{
    buffer_before *s = (buffer_before *)self;
    AC_BEGIN(&s->co);
    {
        uint8_t buf[1024]; /* on the poller's stack, gone when poll returns */
        memset(buf, 1, sizeof buf);
        s->sum = 0;
        for (size_t i = 0; i < sizeof buf; i++)
            s->sum += buf[i];
    }
    s->step = yield_once_new(0);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->sum;
    AC_END(&s->co);
}

static const ac_future_vtable no_await_vtable = {.name = "no_await", .poll = no_await_poll};
static const ac_future_vtable one_await_vtable = {.name = "one_await", .poll = one_await_poll};
static const ac_future_vtable buffer_across_vtable = {.name = "buffer_across", .poll = buffer_across_poll};
static const ac_future_vtable buffer_before_vtable = {.name = "buffer_before", .poll = buffer_before_poll};

/* Poll to Ready with a noop waker; returns the number of polls. */
static unsigned run(ac_future *f)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    unsigned polls = 1;
    while (ac_future_poll(f, &cx) == AC_PENDING)
        polls++;
    return polls;
}

static void row(const char *what, size_t bytes, const char *why)
{
    printf("  %-26s %6zu   %s\n", what, bytes, why);
}

int demo_sizes(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "%s: takes no arguments\n", argv[0]);
        return 2;
    }
    add_slowly_by_hand h = add_slowly_by_hand_new(3, 4);
    add_slowly_coro c = add_slowly_coro_new(3, 4);

    printf("The futures of this lesson (bytes, as sizeof reports them on this machine):\n\n");
    row("yield_once", sizeof(yield_once), "vtable pointer, value, flag, output");
    row("add_slowly_by_hand", sizeof h, "tag + union of the states + output");
    row("  union: START", sizeof h.in.start, "a, b");
    row("  union: WAITING_A", sizeof h.in.waiting_a, "b + yield_once(a)");
    row("  union: WAITING_B", sizeof h.in.waiting_b, "x + yield_once(b)");
    row("add_slowly_coro", sizeof c, "line + awaiting, a, b, x, one step");
    row("add_slowly_flat", sizeof(add_slowly_flat), "every variable, both children");
    printf("\n  The union costs only its largest state; the coroutine pays for a, b and x\n"
           "  in every state but shares one child slot; the flat layout pays for all.\n");

    no_await n = {.base = {&no_await_vtable}};
    one_await o = {.base = {&one_await_vtable}};
    buffer_across ba = {.base = {&buffer_across_vtable}};
    buffer_before bb = {.base = {&buffer_before_vtable}};
    unsigned pn = run(&n.base), po = run(&o.base), pa = run(&ba.base), pb = run(&bb.base);

    printf("\nFour coroutines that differ only in what they keep across an await:\n\n");
    printf("  %-26s %6s   %-5s %-6s\n", "coroutine", "bytes", "polls", "output");
    printf("  %-26s %6zu   %-5u %-6u\n", "no_await", sizeof n, pn, (unsigned)n.output);
    printf("  %-26s %6zu   %-5u %-6u\n", "one_await", sizeof o, po, (unsigned)o.output);
    printf("  %-26s %6zu   %-5u %-6u\n", "buffer_across (1 KiB kept)", sizeof ba, pa, (unsigned)ba.output);
    printf("  %-26s %6zu   %-5u %-6u\n", "buffer_before (1 KiB local)", sizeof bb, pb, (unsigned)bb.output);

    size_t task_small = sizeof(ac_task) + sizeof bb, task_big = sizeof(ac_task) + sizeof ba;
    printf("\nAs tasks (a %zu-byte header in front of the future), 10,000 of them:\n", sizeof(ac_task));
    printf("  buffer_before: %zu bytes each, %6.2f MB in all\n", task_small, task_small * 10000 / 1e6);
    printf("  buffer_across: %zu bytes each, %6.2f MB in all\n", task_big, task_big * 10000 / 1e6);
    printf("  (a thread would reserve a whole stack each: 8 MB by default on Linux)\n");

    printf("\nTakeaway: a future is as big as the most it must remember at any await.\n"
           "The same work costs 1 KiB more per task when a buffer is still needed\n"
           "after an await; finish with big things before you await.\n");
    return 0;
}
