/*
 * given_support.c - the given halves of exercises 2 and 3: allocating a
 * wake_counter, and setting up a parker.  The interesting halves (the
 * reference counting, park and unpark) are yours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lesson.h"

/* ---- wake_counter ---------------------------------------------------- */

/*
 * The counters alive right now, so that wake_counter_free can tell a
 * double free (two holders both sure they held the last reference) from a
 * real one and say so, instead of corrupting the heap.  A short list under
 * a lock: a lesson has a handful of counters at a time.
 */
static struct {
    pthread_mutex_t lock;
    wake_counter **live;
    unsigned len, cap;
} registry = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void registry_add(wake_counter *c)
{
    pthread_mutex_lock(&registry.lock);
    if (registry.len == registry.cap) {
        unsigned cap = registry.cap ? 2 * registry.cap : 16;
        wake_counter **live = realloc(registry.live, cap * sizeof *live);
        if (live == NULL) {
            perror("wake_counter_new");
            abort();
        }
        registry.live = live;
        registry.cap = cap;
    }
    registry.live[registry.len++] = c;
    pthread_mutex_unlock(&registry.lock);
}

/* Take c off the list; false if it was not on it.  The list itself goes
 * when the last counter does, so a finished program leaks nothing. */
static bool registry_remove(wake_counter *c)
{
    pthread_mutex_lock(&registry.lock);
    bool found = false;
    for (unsigned i = 0; i < registry.len && !found; i++) {
        if (registry.live[i] == c) {
            registry.live[i] = registry.live[--registry.len];
            found = true;
        }
    }
    if (registry.len == 0) {
        free(registry.live);
        registry.live = NULL;
        registry.cap = 0;
    }
    pthread_mutex_unlock(&registry.lock);
    return found;
}

/* A misuse of the counter: say what happened, and stop this program. */
static _Noreturn void counter_misuse(const char *what)
{
    fprintf(stderr,
            "\nwake_counter_free: %s\n"
            "  This is exercise 2's bug: only the holder whose own atomic_fetch_sub took refs\n"
            "  from 1 to 0 may free (wake_counter_release in ex2_counting_waker.c).\n",
            what);
    fflush(stderr);
    _exit(1);
}

static _Atomic unsigned alive; /* lets checks see that the last release freed it */

wake_counter *wake_counter_new(void)
{
    wake_counter *c = malloc(sizeof *c);
    if (c == NULL) {
        perror("wake_counter_new");
        abort();
    }
    atomic_init(&c->refs, 1); /* the caller's reference */
    atomic_init(&c->wakes, 0);
    registry_add(c);
    atomic_fetch_add(&alive, 1);
    return c;
}

void wake_counter_free(wake_counter *c)
{
    if (!registry_remove(c))
        counter_misuse("this counter was freed already: a double free");
    if (atomic_load(&c->refs) != 0)
        counter_misuse("called while refs is not 0: a holder still uses this counter");
    free(c);
    atomic_fetch_sub(&alive, 1);
}

unsigned wake_counters_alive(void) { return atomic_load(&alive); }

/* ---- parker ---------------------------------------------------------- */

void parker_init(parker *p)
{
    pthread_mutex_init(&p->lock, NULL);
    /* Timed waits measure against the monotonic clock, so a change of the
     * wall clock cannot stretch or cut short a park. */
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cond, &attr);
    pthread_condattr_destroy(&attr);
    p->token = false;
    atomic_init(&p->unparks, 0);
}

void parker_destroy(parker *p)
{
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
}

struct timespec parker_deadline(ac_nanos timeout)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ac_nanos t = (ac_nanos)ts.tv_sec * AC_SEC(1) + ts.tv_nsec + timeout;
    ts.tv_sec = (time_t)(t / AC_SEC(1));
    ts.tv_nsec = (long)(t % AC_SEC(1));
    return ts;
}
