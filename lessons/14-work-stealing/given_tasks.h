/* given_tasks.h - the tiny tasks and the wait-for-all the demos run on ac_runtime. */
#ifndef LESSON14_GIVEN_TASKS_H
#define LESSON14_GIVEN_TASKS_H

#include "ac/runtime.h"

/* A task that writes the index of the worker that polled it into *ran_on,
 * then spins `work` rounds of arithmetic (0: none). */
typedef struct record_task {
    ac_future base;
    int *ran_on;
    int work;
    unsigned sink;
} record_task;
record_task record_task_new(int *ran_on, int work);

/* A task that spawns `children` record tasks FROM its worker, then waits for them. */
typedef struct fan_out_task {
    ac_future base;
    int children;
    int work; /* each child's */
    int *ran_on;
    ac_join_handle *handles;
    bool spawned;
    int next; /* the first child not yet seen finished */
} fan_out_task;
fan_out_task fan_out_task_new(int children, int work, int *ran_on, ac_join_handle *handles);

/* block_on this until every handle is finished, then release them. */
typedef struct join_all {
    ac_future base;
    ac_join_handle *handles;
    int count;
    int next; /* the first handle not yet seen finished */
} join_all;
join_all join_all_new(ac_join_handle *handles, int count);

/* One line per worker: polls, steals, LIFO hits, injector pops, parks. */
void print_worker_stats(ac_runtime *rt);

#endif
