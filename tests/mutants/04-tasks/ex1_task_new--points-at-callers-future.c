/* Mutant of exercise 1: t->future points at the caller's future instead of
 * the task's own copy (a local that dies). Caught by
 * task_new_copies_the_future_into_one_block. */
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

task *task_new(task_queue *q, const char *name, const void *future, size_t size)
{
    /* Header and future in ONE block: the future's size is only known at
     * run time, which is exactly what the flexible array member is for. */
    task *t = malloc(sizeof *t + size);
    if (t == NULL)
        return NULL;
    memcpy(t->storage, future, size); /* a never-polled future may be moved */
    t->future = (ac_future *)future;
    t->queue = q;
    t->next = NULL;
    atomic_init(&t->refs, 1);
    t->queued = false;
    t->done = false;
    t->joiner = (ac_waker){0};
    t->name = name;
    t->polls = 0;
    return t;
}
