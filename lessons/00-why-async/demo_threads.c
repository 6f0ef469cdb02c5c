/*
 * demo_threads.c - the thread side of lesson 00:
 *   `threads N`     N OS threads each sleep 1 s (in a child process)
 *   `max-threads`   start threads until the system refuses, safely bounded
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "course/cli.h"
#include "ac/clock.h"
#include "course/measure.h"
#include "given_proc_stats.h"
#include "demos.h"
#include "lesson.h"

#define THREADS_MAX 10000UL /* `threads N` upper bound: this machine's pid_max is shared */

/* The start line: every thread waits here until all of them exist, so
 * the N sleeps really overlap (creating thousands of threads takes a
 * while, and the first would otherwise be done before the last starts). */
typedef struct start_line {
    pthread_mutex_t lock;
    pthread_cond_t go_cv;
    bool go;
    atomic_ulong done;
} start_line;

static void *sleep_one_second(void *arg)
{
    start_line *line = arg;
    pthread_mutex_lock(&line->lock);
    while (!line->go)
        pthread_cond_wait(&line->go_cv, &line->lock);
    pthread_mutex_unlock(&line->lock);
    struct timespec left = {.tv_sec = 1};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ; /* interrupted: sleep what is left */
    atomic_fetch_add(&line->done, 1);
    return NULL;
}

static void run_threads(void *arg, ac_child_report *r)
{
    unsigned long n = *(const unsigned long *)arg;
    pthread_t *ids = malloc(n * sizeof *ids);
    if (ids == NULL)
        return;
    start_line line = {.lock = PTHREAD_MUTEX_INITIALIZER, .go_cv = PTHREAD_COND_INITIALIZER};
    ac_nanos start = ac_monotonic_now();
    unsigned long started = 0, step = n >= 5 ? n / 5 : 1;
    for (; started < n; started++) {
        int err = pthread_create(&ids[started], NULL, sleep_one_second, &line);
        if (err != 0) {
            r->error = err;
            break;
        }
        if ((started + 1) % step == 0) {
            char buf[32];
            printf("  started %s threads (%.2f s)\n", with_commas(started + 1, buf),
                   (double)(ac_monotonic_now() - start) / 1e9);
            fflush(stdout);
        }
    }
    r->started = started;
    r->peak_threads = current_thread_count();
    r->detail = (unsigned long)address_space_bytes();
    r->spawn_s = (double)(ac_monotonic_now() - start) / 1e9;
    printf("  all waiting at the start line; go: every thread sleeps 1 s now\n");
    fflush(stdout);
    pthread_mutex_lock(&line.lock);
    line.go = true;
    pthread_cond_broadcast(&line.go_cv);
    pthread_mutex_unlock(&line.lock);
    for (unsigned long i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    r->wall_s = (double)(ac_monotonic_now() - start) / 1e9;
    r->done = atomic_load(&line.done);
    pthread_mutex_destroy(&line.lock);
    pthread_cond_destroy(&line.go_cv);
    free(ids);
}

int demo_threads(int argc, char **argv)
{
    unsigned long n = default_count();
    if (argc >= 2 && !ac_cli_parse_ulong("N", argv[1], 1, THREADS_MAX, &n))
        return 2;
    pthread_attr_t attr;
    size_t stack = 0;
    pthread_attr_init(&attr);
    pthread_attr_getstacksize(&attr, &stack);
    pthread_attr_destroy(&attr);
    char buf[32];
    printf("%s OS threads, each: sleep(1 s), count itself done.  Default stack: %zu KiB.\n"
           "(measured in a child process, so the peak RSS below is the threads' alone)\n\n",
           with_commas(n, buf), stack / 1024);
    ac_child_report r;
    if (!ac_run_in_child(run_threads, &n, 60, &r)) {
        fprintf(stderr, "threads: the child failed (signal %d)\n", r.signal);
        return 1;
    }
    if (r.error != 0)
        printf("\n  pthread_create failed after %lu threads: %s\n", r.started, strerror(r.error));
    long grown = r.peak_rss_bytes - r.baseline_rss_bytes;
    printf("\n  %-26s %s\n", "threads finished", with_commas(r.done, buf));
    printf("  %-26s %.3f s   (creating them %.3f s + sleeping 1 s + waking and joining)\n", "wall time",
           r.wall_s, r.spawn_s);
    printf("  %-26s %.1f MiB  (%.1f MiB before the threads)\n", "peak RSS", mib(r.peak_rss_bytes),
           mib(r.baseline_rss_bytes));
    printf("  %-26s %.1f KiB  (stack pages touched + thread bookkeeping; the\n"
           "  %-26s  kernel's own stack per thread is not in RSS)\n",
           "RSS growth per thread", (double)grown / 1024.0 / (double)(r.started ? r.started : 1), "");
    printf("  %-26s %.1f GiB  (VmSize: %s stacks of %zu KiB, reserved, mostly untouched)\n",
           "address space at the peak", mib((long)r.detail) / 1024.0, with_commas(r.started, buf),
           stack / 1024);
    printf("  %-26s %ld\n", "threads in the process", r.peak_threads);
    printf("\nTakeaway: every blocked thread holds a stack, a kernel task and a slot in\n"
           "the scheduler while doing nothing.  Compare `00-why-async tasks %lu`.\n",
           n);
    return r.done == r.started && r.error == 0 ? 0 : 1;
}

/* ---- max-threads --------------------------------------------------------- */

#define MAX_THREADS_CAP   10000UL /* hard cap, whatever the address space allows */
#define MAX_THREADS_BATCH 1000UL  /* progress is printed after each batch */

/* A sanitizer maps memory of its own for every new thread and aborts when
 * it cannot, so under one the address-space cap would crash the child
 * instead of making pthread_create fail.  Those builds use a count cap. */
#define SANITIZER_THREADS_CAP 1000UL

typedef struct max_args {
    unsigned long limit_mb; /* address space the child may add */
    size_t stack_bytes;     /* 0: the default */
} max_args;

static void run_max_threads(void *arg, ac_child_report *r)
{
    const max_args *a = arg;
    thread_gate g;
    if (!gate_init(&g, MAX_THREADS_CAP))
        return;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (a->stack_bytes != 0)
        pthread_attr_setstacksize(&attr, a->stack_bytes);
    size_t stack = 0;
    pthread_attr_getstacksize(&attr, &stack);
    r->detail = stack;

    /* The bound: the soft RLIMIT_AS lets this child map only limit_mb more
     * than it has now.  Every thread stack is a mapping, so pthread_create
     * fails (EAGAIN) once the stacks fill it. */
    struct rlimit old, capped;
    getrlimit(RLIMIT_AS, &old);
    capped = old;
    capped.rlim_cur = (rlim_t)address_space_bytes() + (rlim_t)a->limit_mb * 1024 * 1024;
    size_t cap = MAX_THREADS_CAP;
#if UNDER_SANITIZER
    cap = SANITIZER_THREADS_CAP;
    (void)capped;
#else
    if (setrlimit(RLIMIT_AS, &capped) != 0) {
        r->error = errno;
        gate_destroy(&g);
        return;
    }
#endif
    ac_nanos start = ac_monotonic_now();
    int err = 0;
    while (err == 0 && g.count < cap) {
        size_t next = g.count + MAX_THREADS_BATCH;
        err = gate_spawn(&g, next < cap ? next : cap, &attr);
        char buf[32];
        printf("    %s threads parked at the gate\n", with_commas(g.count, buf));
        fflush(stdout);
    }
    r->error = err;
    r->started = g.count;
    /* every thread parked (bounded wait: they only need to reach the lock) */
    for (int i = 0; i < 5000 && gate_waiting(&g) < g.count; i++)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    r->peak_threads = current_thread_count();
    setrlimit(RLIMIT_AS, &old); /* the soft limit may go back up */
    r->done = gate_open_and_join(&g);
    r->wall_s = (double)(ac_monotonic_now() - start) / 1e9;
    pthread_attr_destroy(&attr);
    gate_destroy(&g);
}

static long read_proc_long(const char *path)
{
    FILE *f = fopen(path, "r");
    long v = -1;
    if (f != NULL) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

int demo_max_threads(int argc, char **argv)
{
    unsigned long limit_mb = 1024;
    if (argc >= 2 && !ac_cli_parse_ulong("LIMIT_MB", argv[1], 16, 16384, &limit_mb))
        return 2;
    printf("Start threads that block on a condition variable (no CPU) until\n"
           "pthread_create fails.  Bounded: each run is a child process that may map\n"
           "only %lu MiB more address space (RLIMIT_AS), at most %lu threads, 30 s.\n\n",
           limit_mb, MAX_THREADS_CAP);
#if UNDER_SANITIZER
    printf("This is a sanitizer build: the sanitizer maps memory for every thread and\n"
           "aborts when it cannot, so instead of the address-space cap these runs stop\n"
           "at %lu threads.  Use the default build to see the real limit.\n\n",
           SANITIZER_THREADS_CAP);
#endif
    const size_t stacks[2] = {0, 256 * 1024};
    ac_child_report r[2];
    for (int i = 0; i < 2; i++) {
        max_args a = {.limit_mb = limit_mb, .stack_bytes = stacks[i]};
        printf("  run %d: %s stacks\n", i + 1, stacks[i] ? "256 KiB" : "default");
        if (!ac_run_in_child(run_max_threads, &a, 30, &r[i])) {
            fprintf(stderr, "max-threads: the child failed (signal %d)\n", r[i].signal);
            return 1;
        }
        if (r[i].done != r[i].started) {
            fprintf(stderr, "max-threads: joined %lu of %lu threads\n", r[i].done, r[i].started);
            return 1;
        }
    }
    char buf[32];
    printf("\n  %-10s %9s %12s  %s\n", "stack", "threads", "cap / stack", "stopped because");
    for (int i = 0; i < 2; i++) {
        double per = (double)r[i].detail / (1024.0 * 1024.0);
        printf("  %6lu KiB %9s %12.0f  %s\n", r[i].detail / 1024, with_commas(r[i].started, buf),
               (double)limit_mb / per, r[i].error ? strerror(r[i].error) : "our cap of 10,000 threads");
    }
    printf("\n  (\"cap / stack\" = %lu MiB / stack size: the count the cap allows if stacks\n"
           "  were all that mattered.  A little less fits: guard pages, the rest of the\n"
           "  child's mappings.  Every thread was then released and joined.)\n",
           limit_mb);

    struct rlimit nproc;
    getrlimit(RLIMIT_NPROC, &nproc);
    printf("\nWithout our cap, this machine would stop a process at the first of:\n");
    printf("  kernel.threads-max    %ld threads, system-wide\n",
           read_proc_long("/proc/sys/kernel/threads-max"));
    printf("  kernel.pid_max        %ld ids, shared by every process and thread\n",
           read_proc_long("/proc/sys/kernel/pid_max"));
    if (nproc.rlim_cur == RLIM_INFINITY)
        printf("  ulimit -u             unlimited\n");
    else
        printf("  ulimit -u             %lu processes + threads for this user\n",
               (unsigned long)nproc.rlim_cur);
    printf("  vm.max_map_count      %ld mappings (2 per thread: stack + guard)\n",
           read_proc_long("/proc/sys/vm/max_map_count"));
    printf("  and memory: each thread also pins a kernel stack that no RSS shows.\n");
    printf("\nTakeaway: a thread's price is paid up front - a stack reserved whether it\n"
           "is used or not - so the number of threads is bounded by address space and\n"
           "kernel limits long before the CPU is busy.\n");
    return 0;
}
