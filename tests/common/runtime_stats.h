/*
 * runtime_stats.h - the runtime tests' one way to read ac_runtime's
 * counters: every worker's, summed (test_runtime.c, test_runtime_io.c).
 */
#ifndef AC_TESTS_RUNTIME_STATS_H
#define AC_TESTS_RUNTIME_STATS_H

#include "ac/runtime.h"

static inline ac_worker_stats total_stats(ac_runtime *rt)
{
    ac_worker_stats sum = {0};
    for (unsigned i = 0; i < ac_runtime_workers(rt); i++) {
        ac_worker_stats s;
        ac_runtime_worker_stats(rt, i, &s);
        sum.polls += s.polls;
        sum.lifo_hits += s.lifo_hits;
        sum.injector_pops += s.injector_pops;
        sum.steals += s.steals;
        sum.overflows += s.overflows;
        sum.parks += s.parks;
    }
    return sum;
}

#endif
