/*
 * blocking_internal.h - what the runtimes that own a blocking pool call.
 */
#ifndef AC_BLOCKING_INTERNAL_H
#define AC_BLOCKING_INTERNAL_H

#include <stdatomic.h>

#include "ac/blocking.h"

/* The pool in *slot, made (max_threads, keep_alive) if the slot is still
 * empty.  Safe from several threads at once: one pool wins. */
ac_blocking_pool *ac__blocking_pool_lazy(_Atomic(ac_blocking_pool *) *slot, unsigned max_threads,
                                         ac_nanos keep_alive);
/* Refuse new jobs and cancel the queued ones (their futures turn Ready
 * with -ECANCELED); running ones go on.  NULL does nothing. */
void ac__blocking_pool_close(ac_blocking_pool *p);
/* ac_blocking_pool_shutdown with an absolute deadline on the monotonic
 * clock (AC_FOREVER: none); NULL does nothing. */
int ac__blocking_pool_shutdown_until(ac_blocking_pool *p, ac_nanos until);

/* `timeout` from now as such a deadline (AC_FOREVER stays AC_FOREVER). */
static inline ac_nanos ac__blocking_deadline(ac_nanos timeout)
{
    return timeout == AC_FOREVER ? AC_FOREVER : ac_monotonic_now() + (timeout < 0 ? 0 : timeout);
}

#endif
