/*
 * demo_pool.c - `25-sync-async-bridge pool [JOBS]`: the blocking pool of a
 * multi-threaded runtime at work.  The runtime is built with
 * max_blocking_threads = 3 and blocking_keep_alive = 100 ms; JOBS (8) jobs of
 * 50 ms each go in at once.  Three threads start, the rest queue and start
 * in order as threads come free, the same threads are reused, and once the
 * pool has been idle for the keep-alive its threads exit.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ac/blocking.h"
#include "ac/runtime.h"
#include "course/cli.h"
#include "demos.h"

#define MAX_JOBS 32
#define CAP      3

static ac_nanos t0;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t seen[MAX_JOBS];
static unsigned n_seen;

/* A letter per pool thread, in the order they first ran a job. */
static char thread_letter(void)
{
    pthread_mutex_lock(&seen_lock);
    unsigned i = 0;
    while (i < n_seen && !pthread_equal(seen[i], pthread_self()))
        i++;
    if (i == n_seen && n_seen < MAX_JOBS)
        seen[n_seen++] = pthread_self();
    pthread_mutex_unlock(&seen_lock);
    return (char)('A' + i);
}

static void *job_50ms(void *arg)
{
    int id = (int)(intptr_t)arg;
    char who = thread_letter();
    printf("  %4.0f ms  job %d starts on pool thread %c\n", (double)(ac_monotonic_now() - t0) / 1e6, id, who);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 50 * 1000000};
    while (nanosleep(&ts, &ts) != 0) {
    }
    return (void *)(intptr_t)(id * id);
}

/* Starts n jobs at once, then awaits them in order. */
typedef struct all_jobs {
    ac_future base;
    int n, next;
    bool started;
    ac_blocking jobs[MAX_JOBS];
    intptr_t sum;
} all_jobs;

static ac_poll all_jobs_poll(ac_future *self, ac_context *cx)
{
    all_jobs *a = (all_jobs *)self;
    if (!a->started) {
        for (int i = 0; i < a->n; i++)
            a->jobs[i] = ac_spawn_blocking(job_50ms, (void *)(intptr_t)i);
        a->started = true;
    }
    for (; a->next < a->n; a->next++) {
        if (ac_future_poll(&a->jobs[a->next].base, cx) == AC_PENDING)
            return AC_PENDING;
        a->sum += (intptr_t)a->jobs[a->next].out.value;
    }
    return AC_READY;
}
static const ac_future_vtable all_jobs_vtable = {.name = "all_jobs", .poll = all_jobs_poll};

static void print_stats(const char *when, ac_blocking_pool *p)
{
    ac_blocking_stats st;
    ac_blocking_pool_stats(p, &st);
    printf("  %-34s threads alive %u (idle %u), started so far %llu, retired %llu, jobs done %llu\n", when,
           st.threads, st.idle, (unsigned long long)st.spawned, (unsigned long long)st.retired,
           (unsigned long long)st.completed);
}

int demo_pool(int argc, char **argv)
{
    unsigned long n = 8;
    if (argc >= 2 && !ac_cli_parse_ulong("JOBS", argv[1], 1, MAX_JOBS, &n))
        return 2;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    b.max_blocking_threads = CAP;
    b.blocking_keep_alive = AC_MSEC(100);
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) != 0)
        return 1;
    printf("pool: %lu jobs of 50 ms at once; max_blocking_threads = %d, blocking_keep_alive = 100 ms\n\n", n,
           CAP);
    t0 = ac_monotonic_now();
    all_jobs a = {.base = {&all_jobs_vtable}, .n = (int)n};
    ac_runtime_block_on(rt, &a.base); /* main is plain synchronous code: block_on bridges */
    printf("\n  all %lu done after %.0f ms (%lu rounds of at most %d); sum of results %ld\n", n,
           (double)(ac_monotonic_now() - t0) / 1e6, (n + CAP - 1) / CAP, CAP, (long)a.sum);
    ac_blocking_pool *p = ac_runtime_blocking_pool(rt);
    ac_blocking_stats st;
    ac_nanos until = ac_monotonic_now() + AC_SEC(1);
    ac_blocking_pool_stats(p, &st);
    while (st.idle < st.threads && ac_monotonic_now() < until) { /* the last goes idle just after its wake */
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&ts, NULL);
        ac_blocking_pool_stats(p, &st);
    }
    print_stats("right after:", p);
    until = ac_monotonic_now() + AC_SEC(2);
    do { /* wait for the keep-alive (bounded) */
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000000};
        nanosleep(&ts, NULL);
        ac_blocking_pool_stats(p, &st);
    } while (st.threads > 0 && ac_monotonic_now() < until);
    print_stats("after 100 ms idle (keep-alive):", p);
    ac_runtime_free(rt);
    printf("\ntakeaway: the pool grows on demand up to its cap, reuses its threads, queues what does not\n"
           "fit (first in, first started) and lets idle threads go after the keep-alive.\n");
    return st.threads == 0 && n_seen <= CAP ? 0 : 1;
}
