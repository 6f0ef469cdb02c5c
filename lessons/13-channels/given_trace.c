/* given_trace.c - a waker that prints each wake, then forwards it. */
#include "given_trace.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct trace_waker {
    atomic_int refs;
    const char *name;
    ac_waker inner; /* a clone of the task's waker */
};

static const ac_waker_vtable trace_vtable;

static ac_waker tw_clone(void *data)
{
    atomic_fetch_add(&((trace_waker *)data)->refs, 1);
    return (ac_waker){.data = data, .vtable = &trace_vtable};
}

static void tw_drop(void *data)
{
    trace_waker *tw = data;
    if (atomic_fetch_sub(&tw->refs, 1) == 1) {
        ac_waker_drop(&tw->inner);
        free(tw);
    }
}

static void tw_wake_by_ref(void *data)
{
    trace_waker *tw = data;
    printf("    wake: %s\n", tw->name);
    ac_waker_wake_by_ref(&tw->inner);
}

static void tw_wake(void *data)
{
    tw_wake_by_ref(data);
    tw_drop(data);
}

static const ac_waker_vtable trace_vtable = {
    .clone = tw_clone, .wake = tw_wake, .wake_by_ref = tw_wake_by_ref, .drop = tw_drop};

ac_poll trace_poll(trace_point *tp, ac_future *f, ac_context *cx)
{
    if (tp->tw == NULL || !ac_waker_will_wake(&tp->tw->inner, cx->waker)) {
        trace_point_release(tp);
        tp->tw = malloc(sizeof *tp->tw);
        if (tp->tw == NULL) {
            fprintf(stderr, "trace: out of memory\n");
            abort();
        }
        atomic_init(&tp->tw->refs, 1);
        tp->tw->name = tp->name;
        tp->tw->inner = ac_waker_clone(cx->waker);
    }
    ac_waker w = {.data = tp->tw, .vtable = &trace_vtable}; /* borrowed, like cx's */
    ac_context traced = {.waker = &w};
    return ac_future_poll(f, &traced);
}

void trace_point_release(trace_point *tp)
{
    if (tp->tw != NULL)
        tw_drop(tp->tw);
    tp->tw = NULL;
}
