/*
 * spawn.h - flavour-neutral calls: spawn, time and timers on whatever
 * runtime is running the calling thread.
 *
 * Code written with these moves between the single-threaded executor
 * (executor.h) and the multi-threaded runtime (runtime.h) by changing the
 * one line that builds the runtime:
 *
 *   thread is running...              ac_spawn_current   ac_clock_current
 *   --------------------              ----------------   ----------------
 *   a task (or block_on) of an        ac_spawn(ex, ..)   ac_executor_clock(ex)
 *     ac_executor ex
 *   a worker or the block_on root     ac_runtime_spawn   ac_runtime_clock(rt)
 *     of an ac_runtime rt
 *   nothing                           prints, aborts     NULL
 *
 * Declared here, beside executor.h; defined in libac's layer 6
 * (common/src/spawn.c), which knows both flavours.
 */
#ifndef AC_SPAWN_H
#define AC_SPAWN_H

#include <stddef.h>

#include "ac/clock.h"
#include "ac/task.h"
#include "ac/timer.h"

/* Spawn a copy of a never-polled future on the runtime running this
 * thread (see the table above).  Outside any runtime it prints who called
 * and aborts: that is a bug, like polling I/O outside a runtime. */
ac_join_handle ac_spawn_current(const void *future, size_t size);
#define AC_SPAWN_CURRENT(fut) ac_spawn_current(&(fut), sizeof(fut))

/* The clock of the runtime running this thread; NULL outside any. */
ac_clock *ac_clock_current(void);
/* ac_clock_now(ac_clock_current()); aborts outside any runtime. */
ac_nanos ac_now(void);
/* The timer heap of that runtime: on an executor it is made on first use
 * (ac_timers_get); on an ac_runtime it is the shared time driver's heap,
 * NULL when the runtime was built without enable_time.  NULL outside. */
ac_timers *ac_timers_current(void);

#endif
