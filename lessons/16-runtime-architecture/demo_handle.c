/*
 * demo_handle.c - `handle`: plain threads (not workers, not in block_on)
 * spawn onto the runtime and wait for their task.
 *
 *   plain thread 1 --ac_runtime_spawn--> [ injector ] --> worker k polls it
 *        | wait_on_this_thread(&handle)                        |
 *        +<------------- the task's completion wakes ----------+
 *
 * Thread 2 does the same through exercise 2: it enters the runtime's
 * handle (rt_enter) and calls rt_spawn_current, which finds the runtime
 * in a thread-local, as code deep inside a program would.
 */
#include <pthread.h>
#include <stdio.h>

#include "demos.h"
#include "given_tasks.h"
#include "lesson.h"

typedef struct plain_thread {
    ac_runtime *rt;
    rt_handle *handle; /* NULL: spawn with ac_runtime_spawn */
    int id;
    where_ran ran;
    bool ok;
} plain_thread;

static void *plain_main(void *arg)
{
    plain_thread *p = arg;
    where_task t = where_task_new(p->id);
    ac_join_handle h;
    if (p->handle == NULL) {
        h = AC_RUNTIME_SPAWN(p->rt, t);
    } else {
        rt_enter_guard g = rt_enter(p->handle);
        int rc = rt_spawn_current(&t, sizeof t, &h);
        rt_exit(&g);
        if (rc != 0)
            return NULL;
    }
    wait_on_this_thread(&h.base);
    p->ok = ac_join_take(&h, &p->ran, sizeof p->ran);
    return NULL;
}

int demo_handle(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    b.thread_name = "l16";
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) < 0)
        return 1;
    rt_handle handle = rt_handle_of_runtime(rt);
    enum { THREADS = 3 };
    plain_thread p[THREADS];
    pthread_t tid[THREADS];
    for (int i = 0; i < THREADS; i++) {
        p[i] = (plain_thread){.rt = rt, .handle = i == 1 ? &handle : NULL, .id = i};
        pthread_create(&tid[i], NULL, plain_main, &p[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(tid[i], NULL);
    int bad = 0;
    for (int i = 0; i < THREADS; i++) {
        printf("  plain thread %d spawned with %-28s -> ran on worker %d (\"%s\"), joined: %s\n", i,
               p[i].handle ? "rt_spawn_current (exercise 2)" : "ac_runtime_spawn(rt, ..)", p[i].ran.worker,
               p[i].ran.thread_name, p[i].ok ? "yes" : "no");
        bad |= !p[i].ok || p[i].ran.worker < 0;
    }
    printf("  no spawn came from a worker, and main never called block_on\n");
    ac_runtime_free(rt);
    printf("takeaway: the multi-threaded runtime takes spawns from any thread (they go to its\n"
           "shared injector) and its join handles complete across threads; a plain thread waits\n"
           "by polling the handle with a waker of its own.  ac_executor could not: its spawn\n"
           "belongs to the one thread that runs it.\n");
    return bad;
}
