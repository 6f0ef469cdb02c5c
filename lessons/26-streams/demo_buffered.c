/*
 * demo_buffered.c - `26-streams buffered [N]`: eight "fetches" (sleeps of
 * 50..120 ms on the paused clock) started from your counter (exercise 1)
 * by the runtime's ac_stream_buffered, at most N at once.
 */
#include <stdio.h>
#include <string.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

static const int fetch_ms[8] = {120, 50, 90, 60, 70, 100, 50, 80};
static ac_clock *clock_of_demo;
static ac_nanos zero;
static int in_flight;

static double now_ms(void) { return (double)(ac_clock_now(clock_of_demo) - zero) / 1e6; }

typedef struct fetch {
    ac_future base;
    ac_sleep nap;
    int id;
} fetch;

static ac_poll fetch_poll(ac_future *self, ac_context *cx)
{
    fetch *f = (fetch *)self;
    if (ac_future_poll(&f->nap.base, cx) == AC_PENDING)
        return AC_PENDING;
    in_flight--;
    printf("  %5.0f ms  fetch %d done (%d in flight)\n", now_ms(), f->id, in_flight);
    return AC_READY;
}
static void fetch_drop(ac_future *self)
{
    ac_future_drop(&((fetch *)self)->nap.base);
    in_flight--;
}
static const ac_future_vtable fetch_vtable = {
    .name = "fetch", .poll = fetch_poll, .drop = fetch_drop, AC_OUTPUT(fetch, id)};

static ac_future *start_fetch(void *slot, const void *item, void *user)
{
    (void)user;
    int id;
    memcpy(&id, item, sizeof id);
    fetch *f = slot;
    *f = (fetch){.base = {&fetch_vtable}, .nap = ac_sleep_for(AC_MSEC(fetch_ms[id])), .id = id};
    in_flight++;
    printf("  %5.0f ms  fetch %d starts (%d ms; %d in flight)\n", now_ms(), id, fetch_ms[id], in_flight);
    return &f->base;
}

typedef struct consumer {
    ac_future base;
    ac_coro co;
    ac_stream *s;
    ac_stream_next_fut next;
    int id;
} consumer;

static ac_poll consumer_poll(ac_future *self, ac_context *cx)
{
    consumer *c = (consumer *)self;
    AC_BEGIN(&c->co);
    for (;;) {
        c->next = ac_stream_next(c->s, &c->id);
        AC_AWAIT(&c->co, cx, &c->next.base);
        if (c->next.result != AC_STREAM_ITEM)
            break;
        printf("  %5.0f ms  -> result of fetch %d\n", now_ms(), c->id);
    }
    AC_END(&c->co);
}
static const ac_future_vtable consumer_vtable = {.name = "consumer", .poll = consumer_poll};

int demo_buffered(int argc, char **argv)
{
    unsigned long n = 3;
    if (argc > 1 && !ac_cli_parse_ulong("N", argv[1], 1, 8, &n))
        return 2;
    ac_cli_heading("buffered: 8 fetches, at most N at once, results in order");
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex));
    clock_of_demo = ac_executor_clock(&ex);
    zero = ac_clock_now(clock_of_demo);
    counter ids = counter_new(0, 8);
    ac_buffered_stream b;
    if (ac_stream_buffered(&b, &ids.base, n, sizeof(fetch), sizeof(int), start_fetch, NULL) != 0)
        return 1;
    consumer c = {.base = {&consumer_vtable}, .s = &b.base};
    ac_block_on(&ex, &c.base);
    int total = 0;
    for (int i = 0; i < 8; i++)
        total += fetch_ms[i];
    printf("  all 8 in %.0f ms with N = %lu (one at a time: %d ms)\n", now_ms(), n, total);
    ac_stream_drop(&b.base);
    ac_executor_close(&ex);
    printf("\nTakeaway: buffered runs up to N futures at once and pulls a new item only when\n"
           "one is out; a result that is ready early waits for the ones before it.\n");
    return 0;
}
