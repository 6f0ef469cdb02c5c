/*
 * given_gate.c - the given parts of the thread gate: set up, tear down, and a
 * locked look at how many threads are waiting.
 */
#include <stdlib.h>

#include "lesson.h"

bool gate_init(thread_gate *g, size_t cap)
{
    *g = (thread_gate){.cap = cap};
    g->threads = calloc(cap ? cap : 1, sizeof *g->threads);
    if (g->threads == NULL)
        return false;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->opened, NULL);
    return true;
}

void gate_destroy(thread_gate *g)
{
    pthread_cond_destroy(&g->opened);
    pthread_mutex_destroy(&g->lock);
    free(g->threads);
    g->threads = NULL;
}

size_t gate_waiting(thread_gate *g)
{
    pthread_mutex_lock(&g->lock);
    size_t n = g->waiting;
    pthread_mutex_unlock(&g->lock);
    return n;
}
