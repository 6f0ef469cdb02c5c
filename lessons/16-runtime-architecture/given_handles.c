/*
 * given_handles.c - the two flavours behind one spawn entry (exercise 2).
 *
 * A spawn on ac_executor must come from the executor's own thread; one on
 * ac_runtime may come from any thread.  rt_spawn_current (ex2) does not
 * care: it calls whichever `spawn` the current handle carries.
 */
#include "lesson.h"

static ac_join_handle spawn_on_executor(rt_handle *self, const void *future, size_t size)
{
    return ac_spawn(self->runtime, future, size);
}

static ac_join_handle spawn_on_runtime(rt_handle *self, const void *future, size_t size)
{
    return ac_runtime_spawn(self->runtime, future, size);
}

rt_handle rt_handle_of_executor(ac_executor *ex)
{
    return (rt_handle){.flavour = "current-thread", .spawn = spawn_on_executor, .runtime = ex};
}

rt_handle rt_handle_of_runtime(ac_runtime *rt)
{
    return (rt_handle){.flavour = "multi-thread", .spawn = spawn_on_runtime, .runtime = rt};
}
