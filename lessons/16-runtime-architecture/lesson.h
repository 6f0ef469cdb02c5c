/*
 * Lesson 16 - runtime architecture: the exercise interface.
 *
 * A runtime is three parts put together by a builder:
 *
 *   builder fields --(ex1: defaults, clamps, refusals)--> the config it builds
 *        |
 *        +-- scheduler: one thread (ac_executor) or N workers (ac_runtime)
 *        +-- drivers:   I/O (the reactor) and time (the timer heap), each
 *        |              only if asked for (ex3: a missing one is an error
 *        |              that names it, never a hang)
 *        +-- handle:    how code finds "the runtime running me" (ex2: a
 *                       thread-local context set on enter, restored on exit)
 *
 *   ex1  rt_config_resolve      a builder's fields -> the effective config
 *   ex2  rt_enter, rt_exit,     spawn on whichever runtime this thread is in:
 *        rt_current,            a teaching version of ac_spawn_current
 *        rt_spawn_current
 *   ex3  rt_require_drivers     the check a socket or a sleep makes first
 *
 * Given (given_handles.c): rt_handle_of_executor and rt_handle_of_runtime,
 * the two flavours behind one spawn entry.  The program (main.c, demo_*.c,
 * bench.c), the stubs you fill in (exercises/) and the checks
 * (tests/lessons/16-runtime-architecture.c) all meet here.
 */
#ifndef LESSON16_H
#define LESSON16_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/executor.h"
#include "ac/runtime.h"

/* ---- ex1: the builder's defaults and limits ------------------------------ */

#define RT_DEFAULT_GLOBAL_QUEUE_INTERVAL 31u
#define RT_DEFAULT_EVENT_INTERVAL        61u
#define RT_DEFAULT_QUEUE_CAPACITY        256u
#define RT_MAX_QUEUE_CAPACITY            65536u
#define RT_MAX_WORKERS                   64u
#define RT_DEFAULT_THREAD_NAME           "ac-worker"
/* Linux names a thread with at most 15 characters; worker 63 is
 * "<name>-63", so a name keeps at most 12. */
#define RT_NAME_MAX 12

/* What a runtime is really built with, every default filled in. */
typedef struct rt_config {
    unsigned workers;               /* 1 .. RT_MAX_WORKERS */
    unsigned global_queue_interval; /* > 0 */
    unsigned event_interval;        /* > 0 */
    unsigned local_queue_capacity;  /* a power of two, 2 .. RT_MAX_QUEUE_CAPACITY */
    char thread_name[RT_NAME_MAX + 1];
    bool enable_io, enable_time;
} rt_config;

/* ex1: resolve builder `b` on a machine with `cpus` CPUs (0: unknown) into
 * *out.  0 means "default" for every number (workers: the CPU count, at
 * least 1), workers above RT_MAX_WORKERS are clamped to it, a NULL name is
 * RT_DEFAULT_THREAD_NAME and a longer name is cut to RT_NAME_MAX.  A queue
 * capacity that is not a power of two, or outside 2 .. RT_MAX_QUEUE_CAPACITY,
 * is -EINVAL, and so is an empty name; on an error *out is left untouched. */
int rt_config_resolve(const ac_runtime_builder *b, unsigned cpus, rt_config *out);

/* ---- ex2: "the runtime running this thread" ------------------------------- */

/* One runtime behind a flavour-neutral spawn. */
typedef struct rt_handle {
    const char *flavour; /* "current-thread" or "multi-thread", for printing */
    ac_join_handle (*spawn)(struct rt_handle *self, const void *future, size_t size);
    void *runtime; /* the ac_executor or ac_runtime behind it */
} rt_handle;

/* Given (given_handles.c). */
rt_handle rt_handle_of_executor(ac_executor *ex);
rt_handle rt_handle_of_runtime(ac_runtime *rt);

/* What rt_enter returns and rt_exit takes back: which handle this enter
 * made current, which one was current before it, and how deep this
 * thread's enters were nested once it was made (1: the outermost). */
typedef struct rt_enter_guard {
    rt_handle *entered;
    rt_handle *prev;
    unsigned depth;
} rt_enter_guard;

/* ex2: make `h` this thread's current runtime (other threads keep theirs). */
rt_enter_guard rt_enter(rt_handle *h);
/* ex2: undo the enter that made `g`: the handle current before it is
 * current again.  Enters nest and must be exited innermost first: a guard
 * that is not the innermost one is -EINVAL and changes nothing.  0 on success. */
int rt_exit(const rt_enter_guard *g);
/* ex2: this thread's current runtime, or NULL outside any. */
rt_handle *rt_current(void);
/* ex2: spawn a copy of `future` (size bytes) on this thread's current
 * runtime, the handle into *out: 0.  Outside any runtime: -ESRCH, and
 * neither the future nor *out is touched. */
int rt_spawn_current(const void *future, size_t size, ac_join_handle *out);

/* ---- ex3: a missing driver is an error, not a hang ------------------------ */

enum {
    RT_NEEDS_IO = 1u << 0,   /* sockets, pipes: the reactor */
    RT_NEEDS_TIME = 1u << 1, /* sleeps, timeouts, intervals: the timer heap */
};

/* ex3: before using the drivers in `needs` (RT_NEEDS_* bits) on a runtime
 * built with `cfg`: 0 if it has them all (msg becomes ""), else -ENOTSUP
 * and msg says, for each missing one in this order,
 *     "no I/O driver: set enable_io = true"
 *     "no time driver: set enable_time = true"
 * joined by "; ".  Bits that name no driver: -EINVAL (msg: "unknown driver").
 * msg (cap bytes, cap > 0) always ends up a string, cut short if it must. */
int rt_require_drivers(const rt_config *cfg, unsigned needs, char *msg, size_t cap);

#endif
