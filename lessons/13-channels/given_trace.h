/*
 * given_trace.h - see every wake: poll a future through a waker that prints
 * "wake: <name>" before it wakes the real task.
 *
 *   task's waker  <---  trace waker {refs, name, clone of task's waker}
 *                        ^ the channel stores clones of THIS one
 *
 * A trace waker is refcounted on the heap, because the channel may keep a
 * clone after the poll returns.  Demos only: it costs an allocation.
 */
#ifndef LESSON13_TRACE_H
#define LESSON13_TRACE_H

#include "ac/future.h"

typedef struct trace_waker trace_waker;

typedef struct trace_point {
    const char *name;
    trace_waker *tw; /* NULL until the first poll */
} trace_point;

static inline trace_point trace_point_new(const char *name) { return (trace_point){.name = name}; }
/* Poll f with a tracing waker in place of cx's. */
ac_poll trace_poll(trace_point *tp, ac_future *f, ac_context *cx);
/* Let go of the trace waker (call when the task is done or dropped). */
void trace_point_release(trace_point *tp);

#endif
