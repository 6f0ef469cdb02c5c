/*
 * cancel.c - a refcounted tree of tokens under one lock per tree.
 */
#include "ac/cancel.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "waitq.h"

struct ac_cancel_token {
    atomic_uint refs;
    atomic_bool cancelled;
    ac_spinlock lock;          /* used only in the root: the tree's lock */
    ac_cancel_token *root;     /* whose lock guards the links below */
    ac_cancel_token *parent;   /* holds a reference to it */
    ac_cancel_token *children; /* first child; children hold no reference from us */
    ac_cancel_token *prev_sibling, *next_sibling;
    ac_wait_list waiters;
};

static ac_cancel_token *token_alloc(void)
{
    ac_cancel_token *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    atomic_init(&t->refs, 1);
    atomic_init(&t->cancelled, false);
    ac__spin_init(&t->lock);
    t->root = t;
    return t;
}

ac_cancel_token *ac_cancel_token_new(void) { return token_alloc(); }

ac_cancel_token *ac_cancel_token_child(ac_cancel_token *parent)
{
    ac_cancel_token *t = token_alloc();
    if (t == NULL)
        return NULL;
    t->root = parent->root;
    t->parent = ac_cancel_token_ref(parent);
    ac_spinlock *lock = &t->root->lock;
    ac__spin_lock(lock);
    if (atomic_load_explicit(&parent->cancelled, memory_order_relaxed))
        atomic_store_explicit(&t->cancelled, true, memory_order_release);
    t->next_sibling = parent->children;
    if (parent->children != NULL)
        parent->children->prev_sibling = t;
    parent->children = t;
    ac__spin_unlock(lock);
    return t;
}

ac_cancel_token *ac_cancel_token_ref(ac_cancel_token *t)
{
    atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed);
    return t;
}

/* The last reference: a token with children still has their references,
 * so here it has none; unlink it from its parent and let go of that. */
void ac_cancel_token_release(ac_cancel_token *t)
{
    while (t != NULL && atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) == 1) {
        ac_cancel_token *parent = t->parent;
        if (parent != NULL) {
            ac_spinlock *lock = &t->root->lock;
            ac__spin_lock(lock);
            if (t->prev_sibling != NULL)
                t->prev_sibling->next_sibling = t->next_sibling;
            else
                parent->children = t->next_sibling;
            if (t->next_sibling != NULL)
                t->next_sibling->prev_sibling = t->prev_sibling;
            ac__spin_unlock(lock);
        }
        free(t);
        t = parent;
    }
}

/* Mark t's subtree cancelled and move its waiters' wakers into wl.  True
 * when wl filled up first: the caller wakes it and walks again (nodes
 * already taken are gone, so every walk makes progress). */
static bool cancel_walk(void *obj, ac__wake_list *wl)
{
    ac_cancel_token *t = obj;
    atomic_store_explicit(&t->cancelled, true, memory_order_release);
    ac_wait_node *n;
    while ((n = t->waiters.head) != NULL) {
        if (ac__wake_list_full(wl))
            return true;
        ac__wait_unlink(&t->waiters, n);
        n->state = AC_WAIT_GRANTED;
        ac__wake_list_take(wl, &n->waker);
    }
    for (ac_cancel_token *c = t->children; c != NULL; c = c->next_sibling)
        if (cancel_walk(c, wl))
            return true;
    return false;
}

void ac_cancel_token_cancel(ac_cancel_token *t)
{
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&t->root->lock);
    ac__unlock_and_wake(&t->root->lock, cancel_walk, t, &wl);
}

bool ac_cancel_token_is_cancelled(const ac_cancel_token *t)
{
    return atomic_load_explicit(&t->cancelled, memory_order_acquire);
}

static ac_poll cancelled_poll(ac_future *self, ac_context *cx)
{
    ac_cancelled *f = (ac_cancelled *)self;
    ac_cancel_token *t = f->token;
    if (!f->waited && ac_cancel_token_is_cancelled(t))
        return AC_READY; /* never queued: no node to take back, no lock */
    ac_waker stale = {0};
    bool ready = false;
    ac__spin_lock(&t->root->lock);
    if (f->node.state == AC_WAIT_GRANTED) {
        f->node.state = AC_WAIT_IDLE;
        ready = true;
    } else if (f->node.state == AC_WAIT_QUEUED) {
        ac__waker_keep(&f->node.waker, cx->waker, &stale);
    } else if (atomic_load_explicit(&t->cancelled, memory_order_relaxed)) {
        ready = true;
    } else {
        f->waited = true;
        f->node.state = AC_WAIT_QUEUED;
        f->node.waker = ac_waker_clone(cx->waker);
        ac__wait_push(&t->waiters, &f->node);
    }
    ac__spin_unlock(&t->root->lock);
    ac__waker_release(&stale);
    return ready ? AC_READY : AC_PENDING;
}

static void cancelled_drop(ac_future *self)
{
    ac_cancelled *f = (ac_cancelled *)self;
    ac_cancel_token *t = f->token;
    if (!f->waited)
        return;
    ac_waker stale = {0};
    ac__spin_lock(&t->root->lock);
    if (f->node.state == AC_WAIT_QUEUED) {
        ac__wait_unlink(&t->waiters, &f->node);
        stale = f->node.waker;
        f->node.waker.vtable = NULL;
    }
    f->node.state = AC_WAIT_IDLE;
    ac__spin_unlock(&t->root->lock);
    ac__waker_release(&stale);
}

static const ac_future_vtable cancelled_vtable = {
    .name = "cancelled", .poll = cancelled_poll, .drop = cancelled_drop};

ac_cancelled ac_cancel_token_cancelled(ac_cancel_token *t)
{
    return (ac_cancelled){.base = {&cancelled_vtable}, .token = t, .node = {.state = AC_WAIT_IDLE}};
}
