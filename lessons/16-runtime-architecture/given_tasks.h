/* given_tasks.h - small futures the demos and checks of lesson 16 share. */
#ifndef LESSON16_GIVEN_TASKS_H
#define LESSON16_GIVEN_TASKS_H

#include <pthread.h>
#include <stdbool.h>

#include "ac/future.h"
#include "ac/sleep.h"
#include "ac/task.h"

/* Where a task was polled: which worker (or -1), and whether an
 * ac_executor was running it. */
typedef struct where_ran {
    int worker;       /* ac_runtime_worker_index(): -1 off the workers */
    bool on_executor; /* ac_executor_current() != NULL */
    pthread_t thread; /* the thread that polled it */
    char thread_name[16];
} where_ran;

/* Ready at its first poll; its output says where that poll ran. */
typedef struct where_task {
    ac_future base;
    int tag; /* the caller's, copied into nothing: tells tasks apart in traces */
    where_ran out;
} where_task;
where_task where_task_new(int tag);

/* Sleeps `d` on the runtime clock, then is Ready: needs the time driver. */
typedef struct nap_task {
    ac_future base;
    ac_sleep nap;
} nap_task;
nap_task nap_task_new(ac_nanos d);

/* Poll `f` to Ready on the calling thread, a plain thread that runs no
 * runtime: between polls it sleeps on a condition variable that f's waker
 * signals.  The smallest block_on there is; the runtime that wakes f may
 * be on other threads. */
void wait_on_this_thread(ac_future *f);

#endif
