/* Mutant of exercise 1: joiner is never cleared, so the task holds a garbage
 * waker (ASan fills malloc'd memory). Caught by
 * task_new_copies_the_future_into_one_block (joiner). */
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
    t->future = (ac_future *)(void *)t->storage;
    t->queue = q;
    t->next = NULL;
    atomic_init(&t->refs, 1);
    t->queued = false;
    t->done = false;
    t->name = name;
    t->polls = 0;
    return t;
}
