/*
 * coro.h - layer 1: C's `async fn`, written with the preprocessor.
 *
 * Rust's compiler turns an async fn into a state machine: an enum of
 * states and a poll function that jumps to the current one.  These macros
 * do the same with a `switch` on the line number where the function last
 * stopped (the "protothread" trick, after Simon Tatham and Adam Dunkels):
 *
 *   static ac_poll greet_poll(ac_future *self, ac_context *cx) {
 *       struct greet *g = (struct greet *)self;
 *       AC_BEGIN(&g->co);                      // switch (line) { case 0:
 *       g->nap = ac_yield_now();
 *       AC_AWAIT(&g->co, cx, &g->nap.base);    // line = 12; case 12: poll...
 *       puts("hello");                         //   Pending? return Pending
 *       AC_END(&g->co);                        // } return Ready
 *   }
 *
 * Limits you must keep (the compiler will not catch all of them):
 *   - Locals do not survive an await: the function returns and comes back.
 *     Everything used across an await lives in the future's struct.
 *   - No `switch` of your own may enclose an AC_AWAIT / AC_YIELD: its case
 *     labels would capture ours.  Use if/else around awaits.
 *   - One await per source line (the line number is the resume label).
 *   - The awaited future lives in the struct too, and is set up before
 *     the AC_AWAIT that polls it.
 */
#ifndef AC_CORO_H
#define AC_CORO_H

#include "ac/future.h"

typedef struct ac_coro {
    /* private: the macros' */
    int line;            /* where to resume: 0 = start, -1 = finished */
    ac_future *awaiting; /* the child being awaited, for drop */
} ac_coro;

/* Tells the compiler the fall into the next case label is meant. */
#if defined(__GNUC__)
#define AC_FALLTHROUGH __attribute__((fallthrough))
#else
#define AC_FALLTHROUGH ((void)0)
#endif

/* What AC_BEGIN calls when a finished coroutine is polled again (rule 1 of
 * future.h): print where, and abort. */
_Noreturn void ac_coro_misuse(const char *file, int line, int state);

#define AC_BEGIN(co)                                    \
    switch ((co)->line) {                               \
    default:                                            \
        ac_coro_misuse(__FILE__, __LINE__, (co)->line); \
    case 0:

/* Poll `fut` until it is Ready, returning Pending to our caller meanwhile. */
#define AC_AWAIT(co, cx, fut)                                   \
    do {                                                        \
        (co)->awaiting = (fut);                                 \
        (co)->line = __LINE__;                                  \
        AC_FALLTHROUGH;                                         \
    case __LINE__:                                              \
        if (ac_future_poll((co)->awaiting, (cx)) == AC_PENDING) \
            return AC_PENDING;                                  \
        (co)->awaiting = NULL;                                  \
    } while (0)

/* Await a poll EXPRESSION instead of a future: `expr` is evaluated again
 * on every resume until it yields AC_READY.  For small steps on a hot path
 * that do not deserve a future of their own (no struct, no vtable call).
 * Nothing is recorded for drop: whatever expr registered, the coroutine's
 * own drop must release. */
#define AC_AWAIT_POLL(co, expr)   \
    do {                          \
        (co)->line = __LINE__;    \
        AC_FALLTHROUGH;           \
    case __LINE__:                \
        if ((expr) == AC_PENDING) \
            return AC_PENDING;    \
    } while (0)

/* Step aside once: ask to be polled again, let the others run. */
#define AC_YIELD(co, cx)                   \
    do {                                   \
        (co)->line = __LINE__;             \
        ac_waker_wake_by_ref((cx)->waker); \
        return AC_PENDING;                 \
    case __LINE__:;                        \
    } while (0)

/* Finish now (the output must already be stored in the struct). */
#define AC_RETURN(co)    \
    do {                 \
        (co)->line = -1; \
        return AC_READY; \
    } while (0)

#define AC_END(co)   \
    }                \
    (co)->line = -1; \
    return AC_READY

/* For a coroutine future's drop: cancel the child it was awaiting. */
static inline void ac_coro_drop(ac_coro *co)
{
    if (co->awaiting != NULL) {
        ac_future_drop(co->awaiting);
        co->awaiting = NULL;
    }
    co->line = -1;
}

#endif
