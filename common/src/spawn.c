/*
 * spawn.c - spawn.h's flavour-neutral calls: ask the thread which runtime
 * runs it (an executor first, then a multi-threaded runtime).
 */
#include "ac/spawn.h"

#include <stdio.h>
#include <stdlib.h>

#include "ac/executor.h"
#include "ac/runtime.h"
#include "executor_internal.h"

ac_join_handle ac_spawn_current(const void *future, size_t size)
{
    ac_executor *ex = ac_executor_current();
    if (ex != NULL)
        return ac_spawn(ex, future, size);
    ac_runtime *rt = ac_runtime_current();
    if (rt != NULL)
        return ac_runtime_spawn(rt, future, size);
    fprintf(stderr, "ac_spawn_current: called outside any runtime (no ac_executor or ac_runtime runs this "
                    "thread): spawn with ac_spawn or ac_runtime_spawn instead\n");
    abort();
}

ac_clock *ac_clock_current(void)
{
    ac_executor *ex = ac_executor_current();
    return ex != NULL ? ac_executor_clock(ex) : ac__thread_clock;
}

ac_nanos ac_now(void)
{
    ac_clock *c = ac_clock_current();
    if (c == NULL) {
        fprintf(stderr, "ac_now: called outside any runtime: there is no runtime clock to read\n");
        abort();
    }
    return ac_clock_now(c);
}

ac_timers *ac_timers_current(void)
{
    ac_executor *ex = ac_executor_current();
    return ex != NULL ? ac_timers_get(ex) : ac__thread_timers;
}
