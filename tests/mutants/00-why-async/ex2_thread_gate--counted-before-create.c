/* Mutant of exercise 2: counts a thread before pthread_create has
 * succeeded, so a failed create leaves a garbage pthread_t counted (and
 * joined later).  Caught by spawn_reports_the_failure (count). */
#include "lesson.h"

void *gate_thread_main(void *arg)
{
    thread_gate *g = arg;
    pthread_mutex_lock(&g->lock);
    g->waiting++;
    /* a loop, not an if: condition variables may wake spuriously */
    while (!g->open)
        pthread_cond_wait(&g->opened, &g->lock);
    g->waiting--;
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int gate_spawn(thread_gate *g, size_t max, const pthread_attr_t *attr)
{
    size_t limit = max < g->cap ? max : g->cap;
    while (g->count < limit) {
        g->count++; /* the mistake: counted before it exists */
        int err = pthread_create(&g->threads[g->count - 1], attr, gate_thread_main, g);
        if (err != 0)
            return err;
    }
    return 0;
}

size_t gate_open_and_join(thread_gate *g)
{
    pthread_mutex_lock(&g->lock);
    g->open = true;
    pthread_cond_broadcast(&g->opened); /* every waiter, not just one */
    pthread_mutex_unlock(&g->lock);
    size_t joined = 0;
    for (; g->count > 0; g->count--, joined++)
        pthread_join(g->threads[g->count - 1], NULL);
    return joined;
}
