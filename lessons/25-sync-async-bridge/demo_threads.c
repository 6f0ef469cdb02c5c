/*
 * demo_threads.c - the two bridges with your code in them.
 *
 * `from-threads [N]`: N (3) plain pthreads - code with no runtime of its
 * own - each spawn a task onto one shared ac_runtime (2 workers) and wait
 * for its join handle with your block_on_thread (exercise 2): sync code
 * calling async code.
 *
 * `handoff`: tasks on one executor offload work to the tiny pool of
 * lesson.h (2 threads); each result comes back through your handoff
 * (exercise 1): async code calling blocking code.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/runtime.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

/* ---- from-threads ---------------------------------------------------------- */

/* Sums 1..n in steps of 1000, yielding between steps. */
typedef struct sum_task {
    ac_future base;
    ac_coro co;
    long n, i, sum;
    int polls, worker;
} sum_task;

static ac_poll sum_poll(ac_future *self, ac_context *cx)
{
    sum_task *s = (sum_task *)self;
    s->polls++;
    s->worker = ac_runtime_worker_index();
    AC_BEGIN(&s->co);
    for (s->i = 1; s->i <= s->n; s->i++) {
        s->sum += s->i;
        if (s->i % 1000 == 0)
            AC_YIELD(&s->co, cx);
    }
    AC_END(&s->co);
}
static const ac_future_vtable sum_vtable = {.name = "sum", .poll = sum_poll, AC_OUTPUT(sum_task, sum)};

typedef struct caller {
    ac_runtime *rt;
    int id;
    long n, got;
} caller;

/* A plain thread: spawn through the runtime, then block until the handle is Ready. */
static void *caller_main(void *arg)
{
    caller *c = arg;
    sum_task t = {.base = {&sum_vtable}, .n = c->n};
    ac_join_handle h = AC_RUNTIME_SPAWN(c->rt, t);
    printf("  thread %d: spawned sum(1..%ld) onto the runtime, now blocking on its join handle\n", c->id,
           c->n);
    block_on_thread(&h.base); /* exercise 2: parks this thread between polls */
    sum_task *done = (sum_task *)ac_task_future(h.task);
    printf("  thread %d: unparked, result %ld (the task took %d polls, last on worker %d)\n", c->id,
           *(long *)ac_join_output(&h), done->polls, done->worker);
    c->got = *(long *)ac_join_output(&h);
    ac_join_release(&h);
    return NULL;
}

int demo_from_threads(int argc, char **argv)
{
    unsigned long n = 3;
    if (argc >= 2 && !ac_cli_parse_ulong("N", argv[1], 1, 16, &n))
        return 2;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) != 0)
        return 1;
    printf("from-threads: %lu plain threads call into one runtime of 2 workers\n\n", n);
    caller callers[16];
    pthread_t th[16];
    for (unsigned i = 0; i < n; i++) {
        callers[i] = (caller){.rt = rt, .id = (int)i, .n = 100000L * (long)(i + 1)};
        pthread_create(&th[i], NULL, caller_main, &callers[i]);
    }
    int bad = 0;
    for (unsigned i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        long want = callers[i].n * (callers[i].n + 1) / 2;
        bad += callers[i].got != want;
    }
    ac_runtime_free(rt);
    printf("\n  %s\n", bad ? "SOME RESULTS ARE WRONG" : "every thread got its right result");
    printf("takeaway: any thread may spawn onto a runtime; a thread that must wait for the result\n"
           "parks on a waker of its own (block_on) instead of spinning.\n");
    return bad ? 1 : 0;
}

/* ---- handoff --------------------------------------------------------------------- */

static void *slow_square(void *arg)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 30 * 1000000};
    while (nanosleep(&ts, &ts) != 0) {
    }
    intptr_t x = (intptr_t)arg;
    printf("    pool thread: square(%ld) computed, handing it back\n", (long)x);
    return (void *)(x * x);
}

typedef struct asker {
    ac_future base;
    ac_coro co;
    tiny_pool *pool;
    int id, polls;
    tiny_offload job;
    intptr_t out;
} asker;

static ac_poll asker_poll(ac_future *self, ac_context *cx)
{
    asker *a = (asker *)self;
    a->polls++;
    AC_BEGIN(&a->co);
    printf("  task %d: poll 1, offloads square(%d) and awaits it\n", a->id, a->id + 2);
    a->job = tiny_offload_on(a->pool, slow_square, (void *)(intptr_t)(a->id + 2));
    AC_AWAIT(&a->co, cx, &a->job.base);
    a->out = (intptr_t)a->job.out;
    printf("  task %d: poll %d, woken by the handoff: Ready with %ld\n", a->id, a->polls, (long)a->out);
    AC_END(&a->co);
}
static const ac_future_vtable asker_vtable = {.name = "asker", .poll = asker_poll, AC_OUTPUT(asker, out)};

int demo_handoff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    tiny_pool *pool = tiny_pool_new(2);
    printf("handoff: 3 tasks on one executor, a tiny pool of 2 threads, your handoff between them\n\n");
    ac_join_handle h[3];
    for (int i = 0; i < 3; i++) {
        asker a = {.base = {&asker_vtable}, .pool = pool, .id = i};
        h[i] = AC_SPAWN(&ex, a);
    }
    ac_executor_run(&ex);
    int bad = 0;
    for (int i = 0; i < 3; i++) {
        intptr_t v = 0;
        bad += !ac_join_take(&h[i], &v, sizeof v) || v != (i + 2) * (i + 2);
    }
    ac_executor_close(&ex);
    tiny_pool_free(pool);
    printf("\n  %s\n", bad ? "SOME RESULTS ARE WRONG" : "each task got its square, two polls each");
    printf("takeaway: the pool thread stores the result first and wakes second, both sides under one\n"
           "lock; the task's second poll finds it.  That order is the whole bridge.\n");
    return bad ? 1 : 0;
}
