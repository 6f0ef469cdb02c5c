/*
 * task_cache.h - recycled task blocks for the threads that spawn and
 * complete many tasks (the multi-threaded runtime's workers).
 *
 * A task whose future fits AC__TASK_CACHE_FUTURE_MAX bytes is allocated as
 * a block of its size class (below), so any block of a class can hold any
 * task of that class.  On a thread that installed a cache, the last
 * reference to a task puts its block on the cache instead of free(), and
 * the next spawn of that class there takes it back:
 *
 *   worker B (completes)                          worker A (spawns)
 *   cache.free: blk -> blk -> ... (<= LOCAL_MAX)   cache.free: (empty)
 *        | full: the whole list, as one batch              ^ empty: take
 *        v                                                 | every batch
 *   depot (one per runtime): head -> batch -> batch -> ... -+
 *        (a lock-free stack of batches; push: CAS; take: exchange to NULL)
 *
 * Why: a spawner on one worker and thieves completing its tasks on another
 * is glibc's worst case (every free lands on a foreign thread's arena and
 * its tcache overflows into _int_free; every malloc on the spawner misses
 * its empty tcache).  With the depot the blocks travel back in batches of
 * LOCAL_MAX with one atomic operation per batch.
 *
 * Bounds: LOCAL_MAX blocks on each cache's list plus DEPOT_MAX batches in
 * the depot; beyond that blocks go back to free().  A block is a plain
 * malloc() block, so free() on any thread is always right (a thread
 * without a cache, shutdown).  The owner of the caches frees what is left
 * with ac__task_cache_drain / ac__task_depot_drain once no thread uses them.
 *
 * Under AddressSanitizer the cache is off (AC__TASK_CACHE_ENABLED 0): a
 * recycled block would hide a use after free from it.
 */
#ifndef AC_TASK_CACHE_H
#define AC_TASK_CACHE_H

#include <stdatomic.h>
#include <stddef.h>

#ifndef AC__TASK_CACHE_ENABLED /* -DAC__TASK_CACHE_ENABLED=0 turns it off to compare */
#if defined(__SANITIZE_ADDRESS__)
#define AC__TASK_CACHE_ENABLED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AC__TASK_CACHE_ENABLED 0
#endif
#endif
#endif
#ifndef AC__TASK_CACHE_ENABLED
#define AC__TASK_CACHE_ENABLED 1
#endif

/* Size classes, so that a block is exactly what malloc would have been
 * asked for: class k (1..3) holds tasks whose future is at most 16*k bytes,
 * in blocks of 64 + 16*k bytes (the trivial futures of a spawn-heavy
 * program are 16 to 48 bytes).  One size for all would cost the memory of
 * the largest: a million live 16-byte futures, 32 MB more. */
#define AC__TASK_CACHE_CLASSES    3
#define AC__TASK_CACHE_FUTURE_MAX (16 * AC__TASK_CACHE_CLASSES)
#define AC__TASK_CACHE_LOCAL_MAX  128 /* blocks on one cache's list, per class */
#define AC__TASK_CACHE_DEPOT_MAX  32  /* batches in a depot, per class */

/* A block while it is cached (its task is gone; the bytes are ours). */
typedef struct ac__task_block {
    struct ac__task_block *next;       /* within a batch / a cache's list */
    struct ac__task_block *next_batch; /* on a batch's first block: the next batch */
} ac__task_block;

/* Shared by the caches of one group of threads (one runtime). */
typedef struct ac__task_depot_class {
    _Alignas(64) _Atomic(ac__task_block *) head; /* batch heads, linked through ->next_batch */
    _Atomic unsigned batches;                    /* >= the batches on the stack: a bound */
} ac__task_depot_class;
typedef struct ac__task_depot {
    ac__task_depot_class cls[AC__TASK_CACHE_CLASSES];
} ac__task_depot;

/* One thread's: only that thread touches it while it is installed. */
typedef struct ac__task_cache_list {
    ac__task_block *free;  /* blocks linked through ->next */
    ac__task_block *spare; /* batches taken from the depot, not yet used */
    unsigned count;        /* on `free` */
} ac__task_cache_list;
typedef struct ac__task_cache {
    ac__task_cache_list cls[AC__TASK_CACHE_CLASSES];
    ac__task_depot *depot;
} ac__task_cache;

/* The cache of this thread, or NULL (then tasks use malloc and free). */
extern _Thread_local ac__task_cache *ac__task_cache_current;

void ac__task_cache_init(ac__task_cache *c, ac__task_depot *depot);
void ac__task_depot_init(ac__task_depot *d);

/* The class (1..CLASSES) of a future of `size` bytes; 0: too big. */
static inline unsigned ac__task_cache_class(size_t size)
{
    return size <= AC__TASK_CACHE_FUTURE_MAX ? (unsigned)(size + 15) / 16 + (size == 0) : 0;
}
/* The bytes of a block of class k, header included. */
static inline size_t ac__task_cache_block_size(unsigned k) { return 64 + 16 * (size_t)k; }

/* The slow paths (task_cache.c): the list is empty / full. */
void *ac__task_cache_refill(ac__task_cache *c, unsigned k);
void ac__task_cache_spill(ac__task_cache *c, unsigned k);

/* A block of class k (NULL: out of memory).  Inline: a spawn's fast path. */
static inline void *ac__task_cache_get(ac__task_cache *c, unsigned k)
{
    ac__task_block *b = c->cls[k - 1].free;
    if (b == NULL)
        return ac__task_cache_refill(c, k);
    c->cls[k - 1].free = b->next;
    c->cls[k - 1].count--;
    return b;
}

/* Give back a block of class k (one that came from get, on any thread). */
static inline void ac__task_cache_put(ac__task_cache *c, unsigned k, void *block)
{
    if (c->cls[k - 1].count == AC__TASK_CACHE_LOCAL_MAX)
        ac__task_cache_spill(c, k);
    ac__task_block *b = block;
    b->next = c->cls[k - 1].free;
    c->cls[k - 1].free = b;
    c->cls[k - 1].count++;
}

/* free() every block the cache (or the depot) still holds. */
void ac__task_cache_drain(ac__task_cache *c);
void ac__task_depot_drain(ac__task_depot *d);

#endif
