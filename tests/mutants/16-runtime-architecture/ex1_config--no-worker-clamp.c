/* Mutant of exercise 1: workers are never clamped to RT_MAX_WORKERS; caught by workers_stay_within_limits. */
/*
 * Exercise 1: rt_config_resolve - what a builder really builds.
 *
 *   builder {workers 0, local_queue_capacity 0, thread_name NULL}, 2 CPUs
 *     -> {workers 2, global_queue_interval 31, event_interval 61,
 *         local_queue_capacity 256, thread_name "ac-worker"}
 *   builder {local_queue_capacity 100}  -> -EINVAL (not a power of two)
 *
 * Check it:  ./course check 16/ex1   (or: ctest --preset learner -R 16-runtime-architecture/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include <errno.h>
#include <string.h>

#include "lesson.h"

/* A number the builder left at 0 takes its default. */
static unsigned or_default(unsigned value, unsigned fallback) { return value != 0 ? value : fallback; }

static bool is_power_of_two(unsigned n) { return n != 0 && (n & (n - 1)) == 0; }

int rt_config_resolve(const ac_runtime_builder *b, unsigned cpus, rt_config *out)
{
    unsigned capacity = or_default(b->local_queue_capacity, RT_DEFAULT_QUEUE_CAPACITY);
    if (capacity < 2 || capacity > RT_MAX_QUEUE_CAPACITY || !is_power_of_two(capacity))
        return -EINVAL;
    const char *name = b->thread_name != NULL ? b->thread_name : RT_DEFAULT_THREAD_NAME;
    if (name[0] == '\0')
        return -EINVAL;

    /* Every refusal is behind us: only now write the caller's struct. */
    rt_config c = {0};
    c.workers = or_default(b->workers, or_default(cpus, 1));
    c.global_queue_interval = or_default(b->global_queue_interval, RT_DEFAULT_GLOBAL_QUEUE_INTERVAL);
    c.event_interval = or_default(b->event_interval, RT_DEFAULT_EVENT_INTERVAL);
    c.local_queue_capacity = capacity;
    size_t len = strnlen(name, RT_NAME_MAX);
    memcpy(c.thread_name, name, len);
    c.thread_name[len] = '\0';
    c.enable_io = b->enable_io;
    c.enable_time = b->enable_time;
    *out = c;
    return 0;
}
