/*
 * clock.h - layer 2: the runtime's idea of "now".
 *
 * Everything in the runtime that deals with time (sleeps, timeouts,
 * intervals) asks this clock, never the OS directly.  That one rule is what
 * lets a test pause time and move it forward by hand: a one-hour sleep
 * then finishes in microseconds, and always at exactly the same instant.
 *
 *   running:  now = CLOCK_MONOTONIC + offset
 *   paused:   now = frozen            (advance() adds to frozen)
 */
#ifndef AC_CLOCK_H
#define AC_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Nanosecond instants and durations. */
typedef int64_t ac_nanos;
#define AC_USEC(n) ((ac_nanos)(n)*1000)
#define AC_MSEC(n) ((ac_nanos)(n)*1000000)
#define AC_SEC(n)  ((ac_nanos)(n)*1000000000)

typedef struct ac_clock {
    /* private: use the functions below */
    _Atomic bool paused;
    _Atomic ac_nanos frozen; /* now, while paused */
    _Atomic ac_nanos offset; /* added to the OS clock while running */
} ac_clock;

/* A running clock that reads the OS monotonic clock. */
void ac_clock_init(ac_clock *c);

/* The OS monotonic clock, for measurements that must not be paused. */
static inline ac_nanos ac_monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ac_nanos)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Inline: the reactor reads it after every wait while timers exist. */
static inline ac_nanos ac_clock_now(const ac_clock *c)
{
    if (atomic_load_explicit(&c->paused, memory_order_acquire))
        return atomic_load_explicit(&c->frozen, memory_order_acquire);
    return ac_monotonic_now() + atomic_load_explicit(&c->offset, memory_order_relaxed);
}
/* Stop time at the current instant. */
void ac_clock_pause(ac_clock *c);
/* Let time flow again from where it stood. */
void ac_clock_resume(ac_clock *c);
static inline bool ac_clock_is_paused(const ac_clock *c)
{
    return atomic_load_explicit(&c->paused, memory_order_acquire);
}
/* Move a paused clock forward by d (d >= 0).  Ignored while running. */
void ac_clock_advance(ac_clock *c, ac_nanos d);
/* Move a paused clock forward to t, if t is later than now. */
void ac_clock_advance_to(ac_clock *c, ac_nanos t);

#endif
