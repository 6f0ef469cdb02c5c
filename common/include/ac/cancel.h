/*
 * cancel.h - layer 4: cancellation tokens, a tree of "stop now" flags.
 *
 * Dropping a future cancels it from the OUTSIDE.  A token lets code ask a
 * whole group of tasks to wind down from the inside, at points they choose
 * (select on ac_cancel_token_cancelled beside their work):
 *
 *                root  ------ cancel(root) reaches every descendant
 *               /    \
 *           child    child  -- cancel(child) reaches its own subtree only
 *             |
 *          grandchild
 *
 * Each token keeps the ac_cancelled futures that wait on it:
 *
 *   token: cancelled flag | parent | children | waiters: [cancelled] <-> ...
 *
 * The whole tree shares one lock (the root's): a cancel walks the subtree
 * under it, unlinking every waiter and collecting its waker, and wakes the
 * batch after unlocking (going back for the rest if there are many).
 * Cancelling is idempotent, cannot be undone, and may come from any thread.
 * A child made from an already cancelled parent is born cancelled.
 *
 * Tokens are heap objects with a reference count: a child holds a
 * reference to its parent, so a parent stays alive (and its cancel still
 * reaches the child) however the references are released.
 *
 * Cancellation of ac_cancelled itself: cancellation-safe, there is no
 * place in line to lose (every waiter is woken by the one cancel).
 */
#ifndef AC_CANCEL_H
#define AC_CANCEL_H

#include <stdbool.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_cancel_token ac_cancel_token;

/* A new root token, or NULL when out of memory. */
ac_cancel_token *ac_cancel_token_new(void);
/* A new token that is cancelled when `parent` is (not the other way). */
ac_cancel_token *ac_cancel_token_child(ac_cancel_token *parent);
/* Another reference to the same token (e.g. to hand it to a task). */
ac_cancel_token *ac_cancel_token_ref(ac_cancel_token *t);
/* Give one reference back; the last one frees the token. */
void ac_cancel_token_release(ac_cancel_token *t);

void ac_cancel_token_cancel(ac_cancel_token *t);
bool ac_cancel_token_is_cancelled(const ac_cancel_token *t);

/* Ready once the token is cancelled.  No output.  The caller's reference
 * to the token must outlive the future. */
typedef struct ac_cancelled {
    ac_future base;
    ac_cancel_token *token;
    bool waited; /* the node was queued once (only our own polls set it) */
    ac_wait_node node;
} ac_cancelled;

ac_cancelled ac_cancel_token_cancelled(ac_cancel_token *t);

#endif
