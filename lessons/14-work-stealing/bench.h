/*
 * bench.h - the rows of `14-work-stealing bench` (bench.c prints them):
 * each row runs on ours (bench_ours.c: ac_executor or ac_runtime) and on a
 * plain pthread pool (baseline_pthread_pool.c), and returns ns per operation.
 */
#ifndef LESSON14_BENCH_H
#define LESSON14_BENCH_H

#include <stdbool.h>
#include <stdint.h>

typedef enum bench_row {
    BENCH_SPAWN_FROM_TASK,    /* one root task spawns n trivial tasks and joins them */
    BENCH_SPAWN_FROM_OUTSIDE, /* the main thread spawns n and waits for them */
    BENCH_PING_PONG,          /* two tasks bounce a message n times (one op: a round trip) */
    BENCH_YIELD_MANY,         /* tasks x yields (one op: a yield) */
    BENCH_CHAINED_SPAWN,      /* chains of tasks each spawning the next (one op: a hop) */
    BENCH_ROWS
} bench_row;

/* How much each row does; bench.c derives it from --n. */
typedef struct bench_size {
    uint64_t spawns;          /* spawn-from-task, spawn-from-outside */
    uint64_t round_trips;     /* ping-pong */
    uint64_t yield_tasks;     /* yield-many: tasks ... */
    uint64_t yields_per_task; /* ... each yielding this often */
    uint64_t chain_tasks;     /* chained-spawn: tasks in all ... */
    uint64_t chain_len;       /* ... in chains this long */
} bench_size;

/* Operations the row counts (the n of its JSON line). */
uint64_t bench_ops(bench_row row, const bench_size *sz);

/* ns per operation, or a negative errno if the row could not run or got
 * a wrong result (lost tasks).  `workers` == 0: the single-threaded
 * executor; otherwise ac_runtime with that many workers. */
double bench_ours(bench_row row, unsigned workers, const bench_size *sz);

/* The same row on a pool of `threads` pthreads (ping-pong: at least 2,
 * since each side blocks a thread). */
double bench_pthread_pool(bench_row row, unsigned threads, const bench_size *sz);

#endif
