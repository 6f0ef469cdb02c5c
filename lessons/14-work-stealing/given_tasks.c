/* given_tasks.c - see given_tasks.h. */
#include "given_tasks.h"

#include <stdio.h>

static ac_poll record_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    record_task *t = (record_task *)self;
    *t->ran_on = ac_runtime_worker_index();
    /* a little real work (bounded), so a busy worker is still busy when an idle one looks */
    unsigned x = (unsigned)t->work;
    for (int i = 0; i < t->work; i++)
        x = x * 1103515245u + 12345u;
    t->sink = x;
    return AC_READY;
}

static const ac_future_vtable record_vtable = {.name = "record", .poll = record_poll};

record_task record_task_new(int *ran_on, int work)
{
    return (record_task){.base = {&record_vtable}, .ran_on = ran_on, .work = work};
}

/* True once every handle in [*next, count) is finished.  It waits on one
 * handle at a time (the first unfinished one keeps our waker), so a whole
 * join costs O(count) polls, not O(count) per wake. */
static bool all_finished(ac_join_handle *handles, int count, int *next, ac_context *cx)
{
    while (*next < count) {
        ac_join_handle *h = &handles[*next];
        if (h->task != NULL && !ac_join_is_finished(h) && ac_future_poll(&h->base, cx) == AC_PENDING)
            return false;
        (*next)++;
    }
    return true;
}

static void release_all(ac_join_handle *handles, int count)
{
    for (int i = 0; i < count; i++)
        ac_join_release(&handles[i]);
}

/* Spawning from inside a worker puts the children on THAT worker's own
 * ring (and LIFO slot): the other workers only get them by stealing. */
static ac_poll fan_out_poll(ac_future *self, ac_context *cx)
{
    fan_out_task *t = (fan_out_task *)self;
    if (!t->spawned) {
        ac_runtime *rt = ac_runtime_current();
        for (int i = 0; i < t->children; i++) {
            record_task child = record_task_new(&t->ran_on[i], t->work);
            t->handles[i] = AC_RUNTIME_SPAWN(rt, child);
        }
        t->spawned = true;
    }
    if (!all_finished(t->handles, t->children, &t->next, cx))
        return AC_PENDING;
    release_all(t->handles, t->children);
    return AC_READY;
}

static const ac_future_vtable fan_out_vtable = {.name = "fan-out", .poll = fan_out_poll};

fan_out_task fan_out_task_new(int children, int work, int *ran_on, ac_join_handle *handles)
{
    return (fan_out_task){
        .base = {&fan_out_vtable}, .children = children, .work = work, .ran_on = ran_on, .handles = handles};
}

static ac_poll join_all_poll(ac_future *self, ac_context *cx)
{
    join_all *j = (join_all *)self;
    if (!all_finished(j->handles, j->count, &j->next, cx))
        return AC_PENDING;
    release_all(j->handles, j->count);
    return AC_READY;
}

static const ac_future_vtable join_all_vtable = {.name = "join-all", .poll = join_all_poll};

join_all join_all_new(ac_join_handle *handles, int count)
{
    return (join_all){.base = {&join_all_vtable}, .handles = handles, .count = count};
}

void print_worker_stats(ac_runtime *rt)
{
    printf("  worker   polls  steals  lifo-hits  injector-pops  parks\n");
    for (unsigned w = 0; w < ac_runtime_workers(rt); w++) {
        ac_worker_stats s;
        ac_runtime_worker_stats(rt, w, &s);
        printf("  %6u  %6llu  %6llu  %9llu  %13llu  %5llu\n", w, (unsigned long long)s.polls,
               (unsigned long long)s.steals, (unsigned long long)s.lifo_hits,
               (unsigned long long)s.injector_pops, (unsigned long long)s.parks);
    }
}
