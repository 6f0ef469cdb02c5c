/*
 * chan_util.h - helpers shared by the layer 4 channel and sync tests
 * (test_mpsc.c, test_sync.c, test_notify.c, ...).
 */
#ifndef AC_TESTS_CHAN_UTIL_H
#define AC_TESTS_CHAN_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "rt_util.h"

/* Sanitizers make every memory access 5-20x slower: the load tests run
 * SCALE(n) iterations, n / 10 under them, so they stay within seconds. */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define AC_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define AC_TEST_SANITIZED 1
#endif
#endif
#ifdef AC_TEST_SANITIZED
#define SCALE(n) ((n) / 10)
#else
#define SCALE(n) (n)
#endif

/* Poll a future once with a counting waker, as a task would. */
static inline ac_poll poll_with(ac_future *f, counting_waker *c)
{
    ac_waker w = cw_borrow(c);
    ac_context cx = {.waker = &w};
    return ac_future_poll(f, &cx);
}

/* The seed of a randomized test: AC_TEST_SEED from the environment, or a
 * fixed default, printed so a failure can be replayed. */
static inline unsigned test_seed(const char *test, unsigned fallback)
{
    const char *env = getenv("AC_TEST_SEED");
    unsigned seed = env != NULL ? (unsigned)strtoul(env, NULL, 0) : fallback;
    fprintf(stderr, "%s: seed %u (replay with AC_TEST_SEED=%u)\n", test, seed, seed);
    return seed;
}

/* A tiny deterministic generator, so runs replay across libcs. */
static inline unsigned rng_next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

#endif
