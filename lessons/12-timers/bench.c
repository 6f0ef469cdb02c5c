/*
 * bench.c - `12-timers bench`: N sleeping tasks on our runtime against N
 * libuv timers, with the same deadlines, each side in its own child.
 *
 * Every timer gets a deadline of 1-100 ms drawn from the same seeded
 * generator on both sides, so both do exactly the same work: start N
 * timers, sleep until each is due, fire them in order.  Ours: N tasks,
 * each one spawned ac_sleep (a 64-byte task header + a 40-byte future, one
 * allocation) in the runtime's timer heap.  libuv: an array of N
 * uv_timer_t (152 bytes each) started on one loop - the cheapest way
 * libuv can hold them.  The wall time covers starting and firing all of
 * them; the peak RSS is each child's own high-water mark.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "ac/sleep.h"
#include "course/measure.h"
#include "demos.h"

/* set by main() (defined here, beside its user, so the checks link without main.c) */
bool lesson_running_all;

#define BENCH_SEED         0x12345678u
#define BENCH_TIME_LIMIT_S 60 /* per child: a run that takes longer is killed */

/* xorshift32: tiny, seeded, the same sequence on both sides */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static unsigned next_deadline_ms(uint32_t *state) { return 1 + next_random(state) % 100; }

/* ---- ours: N tasks, each an ac_sleep --------------------------------- */

static void run_ours(void *arg, ac_child_report *r)
{
    unsigned long n = *(const unsigned long *)arg;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return;
    uint32_t rng = BENCH_SEED;
    ac_nanos start = ac_monotonic_now();
    for (unsigned long i = 0; i < n; i++) {
        ac_sleep s = ac_sleep_for(AC_MSEC(next_deadline_ms(&rng)));
        ac_join_handle h = AC_SPAWN(&ex, s);
        ac_join_release(&h); /* detached: the task frees itself when done */
    }
    ac_executor_run(&ex);
    r->wall_s = (double)(ac_monotonic_now() - start) / 1e9;
    r->done = ex.stats.completed;
    ac_executor_close(&ex);
}

/* ---- libuv: N uv_timer_t in one array -------------------------------- */

static void on_libuv_timer(uv_timer_t *t) { (*(unsigned long *)t->loop->data)++; }

static void run_libuv(void *arg, ac_child_report *r)
{
    unsigned long n = *(const unsigned long *)arg;
    uv_loop_t loop;
    if (uv_loop_init(&loop) != 0)
        return;
    unsigned long fired = 0;
    loop.data = &fired;
    uv_timer_t *timers = malloc(n * sizeof *timers);
    if (timers == NULL)
        return;
    uint32_t rng = BENCH_SEED;
    ac_nanos start = ac_monotonic_now();
    uv_update_time(&loop);
    for (unsigned long i = 0; i < n; i++) {
        uv_timer_init(&loop, &timers[i]);
        uv_timer_start(&timers[i], on_libuv_timer, next_deadline_ms(&rng), 0);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    r->wall_s = (double)(ac_monotonic_now() - start) / 1e9;
    r->done = fired;
    /* tidy up outside the timed part: libuv wants every handle closed */
    for (unsigned long i = 0; i < n; i++)
        uv_close((uv_handle_t *)&timers[i], NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    free(timers);
}

/* ---- the command ------------------------------------------------------ */

#define BENCH_MAX_SIZES 8

typedef struct bench_row {
    const char *impl;
    unsigned long n;
    ac_child_report rep;
} bench_row;

static double mib(long bytes) { return (double)bytes / (1024.0 * 1024.0); }

static double bytes_per_timer(const bench_row *row)
{
    return (double)(row->rep.peak_rss_bytes - row->rep.baseline_rss_bytes) / (double)row->n;
}

static void print_row(const bench_row *row)
{
    if (!row->rep.ok) {
        printf("  %-6s %9lu   failed%s\n", row->impl, row->n,
               row->rep.signal ? " (killed: time limit or out of memory)" : "");
        return;
    }
    printf("  %-6s %9lu %9.3f %12.1f %13.0f\n", row->impl, row->n, row->rep.wall_s,
           mib(row->rep.peak_rss_bytes), bytes_per_timer(row));
}

static void print_json(const bench_row *rows, size_t count)
{
    printf("{\"runs\": [");
    for (size_t i = 0; i < count; i++)
        printf("%s{\"impl\": \"%s\", \"n\": %lu, \"wall_s\": %.6f, \"peak_rss_bytes\": %ld}", i ? ", " : "",
               rows[i].impl, rows[i].n, rows[i].rep.ok ? rows[i].rep.wall_s : -1.0,
               rows[i].rep.ok ? rows[i].rep.peak_rss_bytes : -1L);
    printf("]}\n");
}

int demo_bench(int argc, char **argv)
{
    bool json = false;
    unsigned long sizes[BENCH_MAX_SIZES];
    size_t nsizes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
            continue;
        }
        if (nsizes == BENCH_MAX_SIZES) {
            fprintf(stderr, "bench: at most %d sizes\n", BENCH_MAX_SIZES);
            return 2;
        }
        if (!ac_cli_parse_ulong("bench N", argv[i], 1, 2000000, &sizes[nsizes]))
            return 2;
        nsizes++;
    }
    if (nsizes == 0) {
        if (lesson_running_all) {
            /* `all` must stay well under 30 s, also under sanitizers */
            sizes[nsizes++] = 10000;
            sizes[nsizes++] = 100000;
        } else {
            sizes[nsizes++] = 100000;
            sizes[nsizes++] = 1000000;
        }
    }
    FILE *progress = json ? stderr : stdout;
    if (!json) {
        printf("Each timer sleeps a random 1-100 ms (the same deadlines on both sides);\n"
               "each run is a child process of its own (peak RSS is its own, %d s limit).\n",
               BENCH_TIME_LIMIT_S);
        if (lesson_running_all && argc == 1)
            printf("(`all` runs N = 10,000 and 100,000; `12-timers bench` runs 100,000 and 1,000,000.)\n");
        printf("\n");
    }

    bench_row rows[2 * BENCH_MAX_SIZES];
    size_t count = 0;
    for (size_t i = 0; i < nsizes; i++) {
        const char *impls[2] = {"ours", "libuv"};
        void (*fns[2])(void *, ac_child_report *) = {run_ours, run_libuv};
        for (int k = 0; k < 2; k++) {
            bench_row *row = &rows[count++];
            *row = (bench_row){.impl = impls[k], .n = sizes[i]};
            fprintf(progress, "  running %-5s with %lu timers...\n", row->impl, row->n);
            fflush(progress);
            ac_run_in_child(fns[k], &row->n, BENCH_TIME_LIMIT_S, &row->rep);
            if (row->rep.ok && row->rep.done != row->n) {
                fprintf(stderr, "bench: %s fired %lu of %lu timers\n", row->impl, row->rep.done, row->n);
                row->rep.ok = false;
            }
        }
    }
    if (json) {
        print_json(rows, count);
        return 0;
    }

    printf("\n  %-6s %9s %9s %12s %13s\n", "impl", "timers", "wall s", "peak RSS MiB", "bytes/timer");
    for (size_t i = 0; i < count; i++)
        print_row(&rows[i]);
    printf("\n  ratio libuv/ours:\n");
    for (size_t i = 0; i + 1 < count; i += 2) {
        const ac_child_report *o = &rows[i].rep, *u = &rows[i + 1].rep;
        if (o->ok && u->ok)
            printf("  %9lu timers: wall %.2fx, peak RSS %.2fx\n", rows[i].n, u->wall_s / o->wall_s,
                   (double)u->peak_rss_bytes / (double)o->peak_rss_bytes);
    }
    printf("\n(bytes/timer = (peak RSS - RSS before starting) / timers: the task or\n"
           "handle, its slot in the heap, and the allocator's rounding.)\n");
    printf("\nTakeaway: a sleeping task is one small allocation plus a 16-byte heap\n"
           "slot; nothing runs until the earliest deadline, so a million sleepers\n"
           "cost a couple of heap operations each and no threads at all.\n");
    return 0;
}
