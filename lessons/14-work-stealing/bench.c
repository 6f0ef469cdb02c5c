/*
 * bench.c - `14-work-stealing bench`: what scheduling a task costs on the
 * single-threaded executor (ours-st), on N workers (ours-mt) and on a
 * plain mutex+condvar pthread pool (the baseline), in one run.
 *
 *   row                 one op                    what it stresses
 *   spawn-from-task     a spawn + its run         a worker's own ring, stealing from it
 *   spawn-from-outside  a spawn + its run         the injector (main thread -> workers)
 *   ping-pong           a round trip (oneshot)    wake-ups across tasks (and workers)
 *   yield-many          a yield                   re-queueing a running task
 *   chained-spawn       a hop to the next task    latency: one runnable task at a time
 *
 * A command, not a test: times are wall clock and depend on the machine
 * and on what else it runs.  Rows live in bench_ours.c and
 * baseline_pthread_pool.c; this file parses, runs and prints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "course/cli.h"
#include "demos.h"

#define PROGRAM "14-work-stealing"

static const char *const row_names[BENCH_ROWS] = {
    [BENCH_SPAWN_FROM_TASK] = "spawn-from-task",
    [BENCH_SPAWN_FROM_OUTSIDE] = "spawn-from-outside",
    [BENCH_PING_PONG] = "ping-pong",
    [BENCH_YIELD_MANY] = "yield-many",
    [BENCH_CHAINED_SPAWN] = "chained-spawn",
};

uint64_t bench_ops(bench_row row, const bench_size *sz)
{
    switch (row) {
    case BENCH_SPAWN_FROM_TASK:
    case BENCH_SPAWN_FROM_OUTSIDE:
        return sz->spawns;
    case BENCH_PING_PONG:
        return sz->round_trips;
    case BENCH_YIELD_MANY:
        return sz->yield_tasks * sz->yields_per_task;
    case BENCH_CHAINED_SPAWN:
        return sz->chain_tasks;
    case BENCH_ROWS:
        break;
    }
    return 0;
}

/* Everything from one --n: spawns n; ping-pong n/10 round trips; 100
 * tasks x n/1000 yields; n/10 hops in chains of 1,000. */
static bench_size size_for(uint64_t n)
{
    bench_size sz = {.spawns = n, .round_trips = n / 10, .yield_tasks = 100, .yields_per_task = n / 1000};
    if (sz.round_trips == 0)
        sz.round_trips = 1;
    if (sz.yields_per_task == 0)
        sz.yields_per_task = 1;
    uint64_t hops = n / 10 ? n / 10 : 1;
    sz.chain_len = hops < 1000 ? hops : 1000;
    sz.chain_tasks = hops / sz.chain_len * sz.chain_len; /* whole chains */
    return sz;
}

/* One measurement: a row on one implementation. */
typedef struct run {
    bench_row row;
    const char *impl; /* ours-st, ours-mt, pthread-pool */
    unsigned workers;
    double ns; /* ns per op; < 0: failed */
} run;

enum { IMPLS = 4, MAX_RUNS = BENCH_ROWS * IMPLS, BEST_OF = 3 };

static int usage(FILE *to)
{
    fprintf(to,
            "usage: " PROGRAM " bench [--json] [--workers N] [--only ROW] [--n N]\n"
            "  Scheduling costs, ns per operation: ours-st (ac_executor), ours-mt (ac_runtime on N\n"
            "  workers, and on 1 for the scaling line) and pthread-pool (N threads, one mutex+condvar\n"
            "  FIFO), in one run; each figure is the best of 3 runs.\n"
            "  --json       only {\"runs\":[{\"bench\",\"impl\",\"workers\",\"n\",\"ns_per_op\"}, ...]} on "
            "stdout\n"
            "  --workers N  ours-mt workers and pool threads, 1..64 (default 2; ping-pong's pool uses >= 2)\n"
            "  --only ROW   one row:");
    for (int i = 0; i < BENCH_ROWS; i++)
        fprintf(to, " %s", row_names[i]);
    fprintf(to,
            "\n"
            "  --n N        spawns per spawn row, 100..100000000 (default 1000000); ping-pong N/10 round\n"
            "               trips, yield-many 100 tasks x N/1000 yields, chained-spawn N/10 hops in\n"
            "               chains of 1,000\n"
            "  WORKERS      a bare number is --workers (the older form: bench 2)\n");
    return to == stdout ? 0 : 2;
}

static void print_json(const run *runs, int count, const bench_size *sz)
{
    printf("{\"runs\":[");
    for (int i = 0; i < count; i++)
        printf("%s{\"bench\":\"%s\",\"impl\":\"%s\",\"workers\":%u,\"n\":%llu,\"ns_per_op\":%.1f}",
               i ? "," : "", row_names[runs[i].row], runs[i].impl, runs[i].workers,
               (unsigned long long)bench_ops(runs[i].row, sz), runs[i].ns);
    printf("]}\n");
}

static const run *find(const run *runs, int count, bench_row row, const char *impl, unsigned workers)
{
    for (int i = 0; i < count; i++)
        if (runs[i].row == row && strcmp(runs[i].impl, impl) == 0 && runs[i].workers == workers)
            return &runs[i];
    return NULL;
}

static void cell(const run *r)
{
    if (r == NULL)
        printf(" %12s", "-");
    else if (r->ns < 0)
        printf(" %12s", "failed");
    else
        printf(" %12.1f", r->ns);
}

/* pool ns / ours ns: above 1, ours is that many times faster */
static void ratio(const run *ours, const run *pool)
{
    if (ours == NULL || pool == NULL || ours->ns <= 0 || pool->ns <= 0)
        printf(" %8s", "-");
    else
        printf(" %7.2fx", pool->ns / ours->ns);
}

static void print_table(const run *runs, int count, const bench_size *sz, unsigned workers)
{
    char mt[24], mt1[24], pool[24];
    snprintf(mt1, sizeof mt1, "%s", workers != 1 ? "ours-mt(1)" : "-"); /* the next column is it */
    snprintf(mt, sizeof mt, "ours-mt(%u)", workers);
    snprintf(pool, sizeof pool, "pool(%u)", workers);
    printf("ns per operation, best of %d runs (lower is better); st/pool", BEST_OF);
    printf(" and mt/pool: how many times faster than the pool\n");
    printf("%-19s %9s %12s %12s %12s %12s %8s %8s\n", "bench", "n", "ours-st", mt1, mt, pool, "st/pool",
           "mt/pool");
    for (int row = 0; row < BENCH_ROWS; row++) {
        const run *st = find(runs, count, row, "ours-st", 1);
        const run *m = find(runs, count, row, "ours-mt", workers);
        const run *m1 = workers != 1 ? find(runs, count, row, "ours-mt", 1) : NULL;
        const run *p = NULL;
        for (int i = 0; i < count; i++)
            if (runs[i].row == (bench_row)row && strcmp(runs[i].impl, "pthread-pool") == 0)
                p = &runs[i];
        if (st == NULL && m == NULL && p == NULL)
            continue;
        printf("%-19s %9llu", row_names[row], (unsigned long long)bench_ops(row, sz));
        cell(st), cell(m1), cell(m), cell(p), ratio(st, p), ratio(m, p);
        printf("\n");
    }
    const run *one = find(runs, count, BENCH_SPAWN_FROM_TASK, "ours-mt", 1);
    const run *n = find(runs, count, BENCH_SPAWN_FROM_TASK, "ours-mt", workers);
    if (one != NULL && n != NULL && one != n && one->ns > 0 && n->ns > 0)
        printf("\nscaling, spawn-from-task on ours-mt: 1 worker %.1f ns/task, %u workers %.1f ns/task: %.2fx "
               "(%s)\n",
               one->ns, workers, n->ns, one->ns / n->ns,
               n->ns <= one->ns ? "no worse with more workers" : "BACKWARDS: slower with more workers");
    if (find(runs, count, BENCH_PING_PONG, "ours-st", 1) != NULL)
        printf("pool(%u) ping-pong uses %u threads: each side blocks one while it waits.\n", workers,
               workers < 2 ? 2 : workers);
}

int demo_bench(int argc, char **argv)
{
    bool json = false;
    unsigned long workers = 2, n = 1000000;
    int only = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout);
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--workers") == 0) {
            if ((v = ac_cli_option_value(PROGRAM, argc, argv, &i)) == NULL ||
                !ac_cli_parse_ulong("--workers", v, 1, 64, &workers))
                return 2;
        } else if (strcmp(a, "--n") == 0) {
            if ((v = ac_cli_option_value(PROGRAM, argc, argv, &i)) == NULL ||
                !ac_cli_parse_ulong("--n", v, 100, 100000000, &n))
                return 2;
        } else if (strcmp(a, "--only") == 0) {
            if ((v = ac_cli_option_value(PROGRAM, argc, argv, &i)) == NULL)
                return 2;
            for (int r = 0; r < BENCH_ROWS; r++)
                if (strcmp(v, row_names[r]) == 0)
                    only = r;
            if (only < 0) {
                fprintf(stderr, PROGRAM " bench: no row named '%s'\n", v);
                return usage(stderr);
            }
        } else if (a[0] >= '0' && a[0] <= '9') {
            if (!ac_cli_parse_ulong("WORKERS", a, 1, 64, &workers))
                return 2;
        } else {
            return ac_cli_unknown_option(PROGRAM, argv, a);
        }
    }
    bench_size sz = size_for(n);
    run runs[MAX_RUNS];
    int count = 0;
    bool all_ok = true;
    for (int row = 0; row < BENCH_ROWS; row++) {
        if (only >= 0 && row != only)
            continue;
        run plan[IMPLS] = {
            {row, "ours-st", 1, 0},
            {row, "ours-mt", (unsigned)workers, 0},
            {row, "ours-mt", 1, 0},
            {row, "pthread-pool", row == BENCH_PING_PONG && workers < 2 ? 2 : (unsigned)workers, 0},
        };
        for (int k = 0; k < IMPLS; k++) {
            run r = plan[k];
            if (k == 2 && workers == 1)
                continue; /* the same as the row above */
            fprintf(stderr, "bench: %-18s on %-12s (%u %s), %llu ops...\n", row_names[row], r.impl, r.workers,
                    k == 3           ? "threads"
                    : r.workers == 1 ? "worker"
                                     : "workers",
                    (unsigned long long)bench_ops(row, &sz));
            /* the best of BEST_OF: on a shared machine the slow runs measure the neighbours */
            r.ns = -1;
            for (int rep = 0; rep < BEST_OF; rep++) {
                double ns = strcmp(r.impl, "pthread-pool") == 0
                                ? bench_pthread_pool(row, r.workers, &sz)
                                : bench_ours(row, k == 0 ? 0 : r.workers, &sz);
                if (ns < 0) {
                    r.ns = ns;
                    break;
                }
                if (r.ns < 0 || ns < r.ns)
                    r.ns = ns;
            }
            if (r.ns < 0) {
                fprintf(stderr, "bench %s on %s: %s\n", row_names[row], r.impl, strerror((int)-r.ns));
                all_ok = false;
            }
            runs[count++] = r;
        }
    }
    if (json)
        print_json(runs, count, &sz);
    else
        print_table(runs, count, &sz, (unsigned)workers);
    return all_ok ? 0 : 1;
}
