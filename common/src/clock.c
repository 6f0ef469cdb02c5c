/* clock.c - a monotonic clock that tests can stop and move by hand. */
#include "ac/clock.h"

#include <time.h>

void ac_clock_init(ac_clock *c)
{
    atomic_init(&c->paused, false);
    atomic_init(&c->frozen, 0);
    atomic_init(&c->offset, 0);
}

void ac_clock_pause(ac_clock *c)
{
    if (ac_clock_is_paused(c))
        return;
    atomic_store(&c->frozen, ac_clock_now(c));
    atomic_store(&c->paused, true);
}

void ac_clock_resume(ac_clock *c)
{
    if (!ac_clock_is_paused(c))
        return;
    atomic_store(&c->offset, atomic_load(&c->frozen) - ac_monotonic_now());
    atomic_store(&c->paused, false);
}

void ac_clock_advance(ac_clock *c, ac_nanos d)
{
    if (ac_clock_is_paused(c) && d > 0)
        atomic_fetch_add(&c->frozen, d);
}

void ac_clock_advance_to(ac_clock *c, ac_nanos t)
{
    ac_nanos now = ac_clock_now(c);
    if (t > now)
        ac_clock_advance(c, t - now);
}
