/*
 * bench.c - `01-futures cost`: how much does a future cost once the runtime owns it?
 *
 * Spawns TASKS trivial tasks (Ready on the first poll) in batches, runs
 * them, and reports nanoseconds per spawn+poll+complete and the bytes of
 * the one allocation each task is.  This is the measurement, not a test:
 * the numbers depend on the machine.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "demos.h"

typedef struct trivial {
    ac_future base;
    int output;
} trivial;

static ac_poll trivial_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((trivial *)self)->output = 1;
    return AC_READY;
}

static const ac_future_vtable trivial_vtable = {
    .name = "trivial", .poll = trivial_poll, AC_OUTPUT(trivial, output)};

int demo_cost(int argc, char **argv)
{
    unsigned long tasks = 1000000;
    if (argc >= 2 && !ac_cli_parse_ulong(argv[0], argv[1], 1, 100000000, &tasks))
        return 2;

    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    trivial t = {.base = {&trivial_vtable}};
    const unsigned long batch = 1024; /* spawn a batch, run it: the queue stays small */

    /* one warm-up batch so malloc's arenas are in place */
    for (unsigned long i = 0; i < batch; i++) {
        ac_join_handle h = AC_SPAWN(&ex, t);
        ac_join_release(&h);
    }
    ac_executor_run(&ex);

    ac_nanos start = ac_monotonic_now();
    for (unsigned long done = 0; done < tasks; done += batch) {
        unsigned long n = tasks - done < batch ? tasks - done : batch;
        for (unsigned long i = 0; i < n; i++) {
            ac_join_handle h = AC_SPAWN(&ex, t);
            ac_join_release(&h); /* detached: the task frees itself when done */
        }
        ac_executor_run(&ex);
    }
    ac_nanos elapsed = ac_monotonic_now() - start;

    /* what one allocation really occupies, as malloc sees it */
    ac_join_handle probe = AC_SPAWN(&ex, t);
    size_t usable = malloc_usable_size(probe.task);
    ac_executor_run(&ex);
    ac_join_release(&probe);
    ac_executor_close(&ex);

    double ns = (double)elapsed / (double)tasks;
    printf("%-38s %12s\n", "measure", "value");
    printf("%-38s %12lu\n", "tasks spawned, polled, completed", tasks);
    printf("%-38s %12.1f   (goal < 80)\n", "ns per spawn+poll+complete", ns);
    printf("%-38s %12zu   (goal < 128)\n", "task header bytes (sizeof ac_task)", sizeof(ac_task));
    printf("%-38s %12zu\n", "future bytes (this trivial future)", sizeof t);
    printf("%-38s %12zu\n", "one allocation, as malloc sees it", usable);
    printf("\nTakeaway: a task is one allocation - a %zu-byte header in front of the\n"
           "future itself - so a million waiting tasks cost tens of megabytes, not\n"
           "the gigabytes a million thread stacks would reserve.\n",
           sizeof(ac_task));
    return 0;
}
