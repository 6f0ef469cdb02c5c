/*
 * demo_builder.c - `builder`: every field of ac_runtime_builder, its
 * default, what it resolves to (exercise 1), and the start/stop hooks
 * printing the worker threads' names as they come and go.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "demos.h"
#include "given_tasks.h"
#include "lesson.h"

static unsigned online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 0;
}

static void print_config(const char *title, const rt_config *c)
{
    printf("  %s\n", title);
    printf("    workers                %u\n", c->workers);
    printf("    global_queue_interval  %u   (ticks between forced looks at the shared injector)\n",
           c->global_queue_interval);
    printf("    event_interval         %u   (ticks between looks at the I/O and time drivers)\n",
           c->event_interval);
    printf("    local_queue_capacity   %u  (slots in each worker's ring)\n", c->local_queue_capacity);
    printf("    thread_name            \"%s\" (worker i is \"%s-i\")\n", c->thread_name, c->thread_name);
    printf("    enable_io              %s\n", c->enable_io ? "true" : "false");
    printf("    enable_time            %s\n", c->enable_time ? "true" : "false");
}

/* The hooks run on the worker thread itself: its name is already set. */
static void on_start(void *user, unsigned worker)
{
    (void)user;
    char name[16] = "?";
    pthread_getname_np(pthread_self(), name, sizeof name);
    printf("    on_thread_start: worker %u is thread \"%s\"\n", worker, name);
}

static void on_stop(void *user, unsigned worker)
{
    (void)user;
    char name[16] = "?";
    pthread_getname_np(pthread_self(), name, sizeof name);
    printf("    on_thread_stop:  worker %u (\"%s\") exits\n", worker, name);
}

static int show_refusal(const char *what, ac_runtime_builder b)
{
    rt_config c;
    int rc = rt_config_resolve(&b, online_cpus(), &c);
    printf("  %-44s -> %s\n", what,
           rc == -EINVAL ? "-EINVAL (refused before any thread starts)" : "accepted");
    return rc;
}

int demo_builder(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    unsigned cpus = online_cpus();
    ac_runtime_builder b = ac_runtime_builder_new();
    printf("ac_runtime_builder_new(): every number 0, every pointer NULL, both drivers off;\n"
           "0 means \"the default\", resolved at build time (rt_config_resolve, exercise 1):\n");
    rt_config c;
    if (rt_config_resolve(&b, cpus, &c) != 0)
        return 1;
    char title[64];
    snprintf(title, sizeof title, "defaults on this machine (%u CPUs):", cpus);
    print_config(title, &c);

    b.workers = 3;
    b.thread_name = "l16-worker";
    b.local_queue_capacity = 64;
    b.on_thread_start = on_start;
    b.on_thread_stop = on_stop;
    if (rt_config_resolve(&b, cpus, &c) != 0)
        return 1;
    print_config("with workers = 3, thread_name = \"l16-worker\", local_queue_capacity = 64:", &c);

    printf("  what the builder refuses:\n");
    ac_runtime_builder bad = ac_runtime_builder_new();
    bad.local_queue_capacity = 100;
    show_refusal("local_queue_capacity = 100", bad);
    bad.local_queue_capacity = 1;
    show_refusal("local_queue_capacity = 1", bad);
    bad = ac_runtime_builder_new();
    bad.thread_name = "";
    show_refusal("thread_name = \"\"", bad);
    bad = ac_runtime_builder_new();
    bad.workers = 1000;
    rt_config clamped;
    rt_config_resolve(&bad, cpus, &clamped);
    printf("  %-44s -> clamped to %u\n", "workers = 1000", clamped.workers);

    printf("\nbuild it; the hooks print each worker as it starts:\n");
    ac_runtime *rt = NULL;
    int rc = ac_runtime_build(&b, &rt);
    if (rc < 0) {
        fprintf(stderr, "ac_runtime_build: %s\n", strerror(-rc));
        return 1;
    }
    where_task t = where_task_new(0);
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, t);
    wait_on_this_thread(&h.base);
    where_ran w;
    ac_join_take(&h, &w, sizeof w);
    printf("  a task spawned from main ran on worker %d, thread \"%s\"\n", w.worker, w.thread_name);
    printf("shut it down; the hooks print each worker as it stops:\n");
    ac_runtime_shutdown(rt, AC_FOREVER);
    ac_runtime_free(rt);
    printf("takeaway: a builder is a list of choices with defaults (0 = default); build resolves\n"
           "them once, refuses the impossible ones before any thread exists, and names its threads\n"
           "so `top -H` and a debugger show which worker is which.\n");
    return 0;
}
