/*
 * demo_bench.c - `bench`: 10,000 trivial tasks, spawned, run and joined,
 * on the single-threaded executor and on ac_runtime with N workers.
 *
 * A trivial task is all overhead: on N threads it pays for the injector's
 * lock, the wake-ups of parked workers and cache lines moving between
 * cores, and gains nothing.  Threads pay off when each task does work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ac/executor.h"
#include "course/cli.h"
#include "demos.h"
#include "given_tasks.h"

enum { BENCH_TASKS = 10000 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double run_on_executor(int *ran_on, ac_join_handle *handles)
{
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return -1;
    double start = now_ms();
    for (int i = 0; i < BENCH_TASKS; i++) {
        record_task t = record_task_new(&ran_on[i], 0);
        handles[i] = AC_SPAWN(&ex, t);
    }
    join_all all = join_all_new(handles, BENCH_TASKS);
    ac_block_on(&ex, &all.base);
    double ms = now_ms() - start;
    ac_executor_close(&ex);
    return ms;
}

static double run_on_runtime(unsigned workers, int *ran_on, ac_join_handle *handles)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) < 0)
        return -1;
    double start = now_ms();
    for (int i = 0; i < BENCH_TASKS; i++) {
        record_task t = record_task_new(&ran_on[i], 0);
        handles[i] = AC_RUNTIME_SPAWN(rt, t);
    }
    join_all all = join_all_new(handles, BENCH_TASKS);
    ac_runtime_block_on(rt, &all.base);
    double ms = now_ms() - start;
    ac_runtime_free(rt);
    return ms;
}

int demo_bench(int argc, char **argv)
{
    unsigned long workers = 2;
    if (argc > 1 && !ac_cli_parse_ulong("WORKERS", argv[1], 1, 64, &workers))
        return 2;
    printf("10,000 trivial tasks, spawn + run + join, timed (figures vary from run to run)\n");
    int *ran_on = calloc(BENCH_TASKS, sizeof *ran_on);
    ac_join_handle *handles = calloc(BENCH_TASKS, sizeof *handles);
    if (ran_on == NULL || handles == NULL) {
        free(ran_on);
        free(handles);
        return 1;
    }
    double single = run_on_executor(ran_on, handles);
    double multi = run_on_runtime((unsigned)workers, ran_on, handles);
    printf("  %-28s %8.2f ms  %6.0f ns/task\n", "ac_executor (1 thread)", single, single * 1e6 / BENCH_TASKS);
    char label[40];
    snprintf(label, sizeof label, "ac_runtime (%lu workers)", workers);
    printf("  %-28s %8.2f ms  %6.0f ns/task\n", label, multi, multi * 1e6 / BENCH_TASKS);
    free(ran_on);
    free(handles);
    printf("takeaway: a trivial task is all overhead.  On N workers the spawning thread and the\n"
           "workers run at once, but each task also pays the injector's lock and cache lines moving\n"
           "between cores; which side wins depends on the machine and its load.\n");
    return 0;
}
