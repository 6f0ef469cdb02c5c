/*
 * task_cache.c - the task block cache and its depot (task_cache.h).
 * Every atomic access says which ordering it uses and why.
 */
#include "task_cache.h"

#include <stdlib.h>

_Thread_local ac__task_cache *ac__task_cache_current;

void ac__task_cache_init(ac__task_cache *c, ac__task_depot *depot) { *c = (ac__task_cache){.depot = depot}; }

void ac__task_depot_init(ac__task_depot *d)
{
    for (unsigned k = 0; k < AC__TASK_CACHE_CLASSES; k++) {
        atomic_init(&d->cls[k].head, NULL);
        atomic_init(&d->cls[k].batches, 0);
    }
}

static void free_chain(ac__task_block *b)
{
    while (b != NULL) {
        ac__task_block *next = b->next;
        free(b);
        b = next;
    }
}

/* Push one batch (a NULL-terminated chain) on the depot, or free it if the
 * depot is full. */
static void depot_push(ac__task_depot *dp, unsigned i, ac__task_block *batch)
{
    ac__task_depot_class *d = &dp->cls[i];
    /* relaxed: the counter only bounds the depot; no data travels with it.
     * Raised BEFORE the push and lowered AFTER a take, so it never falls
     * below the batches really there. */
    if (atomic_fetch_add_explicit(&d->batches, 1, memory_order_relaxed) >= AC__TASK_CACHE_DEPOT_MAX) {
        atomic_fetch_sub_explicit(&d->batches, 1, memory_order_relaxed);
        free_chain(batch);
        return;
    }
    /* relaxed: we only link to whatever head is; the CAS checks it */
    ac__task_block *old = atomic_load_explicit(&d->head, memory_order_relaxed);
    do
        batch->next_batch = old;
    /* release: the taker (acquire exchange) sees the batch's links.  No
     * ABA: takers only ever swap the whole stack out, and a push that finds
     * head == old links to exactly that head, whatever happened before. */
    while (!atomic_compare_exchange_weak_explicit(&d->head, &old, batch, memory_order_release,
                                                  memory_order_relaxed));
}

/* Every batch on the depot (NULL: none). */
static ac__task_block *depot_take_all(ac__task_depot *dp, unsigned i)
{
    ac__task_depot_class *d = &dp->cls[i];
    /* relaxed: a look to skip the locked exchange when empty */
    if (atomic_load_explicit(&d->head, memory_order_relaxed) == NULL)
        return NULL;
    /* acquire: pairs with depot_push's release CAS */
    ac__task_block *all = atomic_exchange_explicit(&d->head, NULL, memory_order_acquire);
    unsigned n = 0;
    for (ac__task_block *b = all; b != NULL; b = b->next_batch)
        n++;
    if (n > 0) /* relaxed: see depot_push */
        atomic_fetch_sub_explicit(&d->batches, n, memory_order_relaxed);
    return all;
}

void *ac__task_cache_refill(ac__task_cache *c, unsigned k)
{
    ac__task_cache_list *l = &c->cls[k - 1];
    if (l->spare == NULL && c->depot != NULL)
        l->spare = depot_take_all(c->depot, k - 1);
    if (l->spare == NULL)
        return malloc(ac__task_cache_block_size(k));
    ac__task_block *b = l->spare;
    l->spare = b->next_batch;
    l->free = b->next;
    l->count = AC__TASK_CACHE_LOCAL_MAX - 1; /* a depot batch is always a full list */
    return b;
}

/* The list is full: all of it goes to the depot as one batch (or to
 * free() when the depot is full too). */
void ac__task_cache_spill(ac__task_cache *c, unsigned k)
{
    ac__task_cache_list *l = &c->cls[k - 1];
    if (c->depot != NULL)
        depot_push(c->depot, k - 1, l->free);
    else
        free_chain(l->free);
    l->free = NULL;
    l->count = 0;
}

void ac__task_cache_drain(ac__task_cache *c)
{
    for (unsigned k = 0; k < AC__TASK_CACHE_CLASSES; k++) {
        ac__task_cache_list *l = &c->cls[k];
        free_chain(l->free);
        while (l->spare != NULL) {
            ac__task_block *next = l->spare->next_batch;
            free_chain(l->spare);
            l->spare = next;
        }
        l->free = NULL;
        l->count = 0;
    }
}

void ac__task_depot_drain(ac__task_depot *d)
{
    for (unsigned k = 0; k < AC__TASK_CACHE_CLASSES; k++) {
        ac__task_block *b = depot_take_all(d, k);
        while (b != NULL) {
            ac__task_block *next = b->next_batch;
            free_chain(b);
            b = next;
        }
    }
}
