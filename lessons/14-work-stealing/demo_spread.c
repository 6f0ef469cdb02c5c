/*
 * demo_spread.c - `spread` and `fan-out`: where tasks run, and why.
 *
 * spread:  main spawns 100 tasks.  From outside a worker, a spawn goes to
 *          the injector, so every worker pops from it: expect the tasks
 *          shared out and injector-pops high.
 * fan-out: ONE task spawns 100 children from its worker.  They land in
 *          that worker's own ring; the others have nothing, so they steal
 *          half at a time: expect steals > 0 on the workers that did not
 *          spawn.
 */
#include <stdio.h>
#include <stdlib.h>

#include "course/cli.h"
#include "demos.h"
#include "given_tasks.h"

enum { TASKS = 100, CHILD_WORK = 200000 }; /* ~0.2 ms of arithmetic per task */

static int parse_workers(int argc, char **argv, unsigned long *workers)
{
    *workers = 4;
    if (argc > 1 && !ac_cli_parse_ulong("WORKERS", argv[1], 1, 64, workers))
        return 2;
    return 0;
}

static ac_runtime *start(unsigned long workers)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = (unsigned)workers;
    b.thread_name = "l14";
    ac_runtime *rt = NULL;
    int rc = ac_runtime_build(&b, &rt);
    if (rc < 0) {
        fprintf(stderr, "ac_runtime_build: %d\n", rc);
        return NULL;
    }
    return rt;
}

/* Print the worker of each task as one digit per task, and a tally. */
static void print_spread(const int *ran_on, int n, unsigned workers)
{
    int per_worker[64] = {0};
    printf("  worker of each task, in spawn order:\n  ");
    for (int i = 0; i < n; i++) {
        printf("%d%s", ran_on[i], (i + 1) % 50 == 0 ? "\n  " : "");
        if (ran_on[i] >= 0 && ran_on[i] < 64)
            per_worker[ran_on[i]]++;
    }
    printf("tasks per worker:");
    for (unsigned w = 0; w < workers; w++)
        printf(" [%u] %d", w, per_worker[w]);
    printf("\n");
}

int demo_spread(int argc, char **argv)
{
    unsigned long workers;
    if (parse_workers(argc, argv, &workers) != 0)
        return 2;
    printf("100 tasks spawned from main (not a worker), each ~0.2 ms of arithmetic\n");
    ac_runtime *rt = start(workers);
    if (rt == NULL)
        return 1;
    int ran_on[TASKS];
    ac_join_handle handles[TASKS];
    for (int i = 0; i < TASKS; i++) {
        ran_on[i] = -1;
        record_task t = record_task_new(&ran_on[i], CHILD_WORK);
        handles[i] = AC_RUNTIME_SPAWN(rt, t);
    }
    join_all all = join_all_new(handles, TASKS);
    ac_runtime_block_on(rt, &all.base);
    print_spread(ran_on, TASKS, ac_runtime_workers(rt));
    print_worker_stats(rt);
    ac_runtime_free(rt);
    printf("takeaway: a spawn from outside goes to the shared injector; whichever worker is awake\n"
           "pops it, so the tasks spread over the workers (how evenly depends on who woke first).\n");
    return 0;
}

typedef struct fan_out_root {
    fan_out_task task;
} fan_out_root;

int demo_fan_out(int argc, char **argv)
{
    unsigned long workers;
    if (parse_workers(argc, argv, &workers) != 0)
        return 2;
    printf("one task spawns 100 children (~0.2 ms each) from its own worker\n");
    ac_runtime *rt = start(workers);
    if (rt == NULL)
        return 1;
    int ran_on[TASKS];
    ac_join_handle children[TASKS];
    for (int i = 0; i < TASKS; i++)
        ran_on[i] = -1;
    fan_out_task parent = fan_out_task_new(TASKS, CHILD_WORK, ran_on, children);
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, parent);
    join_all all = join_all_new(&h, 1);
    ac_runtime_block_on(rt, &all.base);
    print_spread(ran_on, TASKS, ac_runtime_workers(rt));
    print_worker_stats(rt);
    ac_runtime_free(rt);
    printf("takeaway: spawned from a worker, the children sit in that worker's ring; the others\n"
           "only get work by stealing half of the victim's ring at a time (the steals column);\n"
           "the parent, woken by each child, runs from the LIFO slot (lifo-hits).\n");
    return 0;
}
