/*
 * sync.c - semaphore, mutex and rwlock: one FIFO semaphore (waitq.c)
 * behind a spinlock, three ways of counting permits.
 */
#include "ac/sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "waitq.h"

void ac_semaphore_init(ac_semaphore *s, size_t permits)
{
    ac__spin_init(&s->lock);
    s->permits = (ac_permits){.available = permits};
}

/* A waiter still linked would point into freed memory: fail loudly now. */
void ac_semaphore_destroy(ac_semaphore *s)
{
    if (s->permits.waiters.head != NULL) {
        fprintf(stderr, "ac_semaphore_destroy: futures still wait on it\n");
        abort();
    }
}

static ac_poll acquire_poll(ac_future *self, ac_context *cx)
{
    ac_acquire *a = (ac_acquire *)self;
    ac_semaphore *s = a->sem;
    ac_waker stale = {0};
    ac__spin_lock(&s->lock);
    if (a->node.state == AC_WAIT_IDLE && !s->permits.closed && ac__permits_try(&s->permits, a->n)) {
        ac__spin_unlock(&s->lock); /* uncontended: no call, nothing queued */
        a->result = 0;
        return AC_READY;
    }
    bool ready = ac__permits_poll(&s->permits, &a->node, a->n, cx->waker, &stale, &a->result);
    ac__spin_unlock(&s->lock);
    ac__waker_release(&stale);
    return ready ? AC_READY : AC_PENDING;
}

/* Unlink, or hand on permits we were given but never reported. */
static void acquire_drop(ac_future *self)
{
    ac_acquire *a = (ac_acquire *)self;
    ac_semaphore *s = a->sem;
    ac_waker stale = {0};
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&s->lock);
    ac__permits_forget(&s->permits, &a->node, &stale);
    ac__unlock_and_wake(&s->lock, ac__permits_grant_step, &s->permits, &wl);
    ac__waker_release(&stale);
}

static const ac_future_vtable acquire_vtable = {
    .name = "semaphore_acquire", .poll = acquire_poll, .drop = acquire_drop, AC_OUTPUT(ac_acquire, result)};
static const ac_future_vtable lock_vtable = {
    .name = "mutex_lock", .poll = acquire_poll, .drop = acquire_drop, AC_OUTPUT(ac_acquire, result)};
static const ac_future_vtable read_vtable = {
    .name = "rwlock_read", .poll = acquire_poll, .drop = acquire_drop, AC_OUTPUT(ac_acquire, result)};
static const ac_future_vtable write_vtable = {
    .name = "rwlock_write", .poll = acquire_poll, .drop = acquire_drop, AC_OUTPUT(ac_acquire, result)};

static ac_acquire make_acquire(const ac_future_vtable *vt, ac_semaphore *s, size_t n)
{
    return (ac_acquire){.base = {vt}, .sem = s, .n = n, .node = {.state = AC_WAIT_IDLE}};
}

ac_acquire ac_semaphore_acquire(ac_semaphore *s, size_t n) { return make_acquire(&acquire_vtable, s, n); }

int ac_semaphore_try_acquire(ac_semaphore *s, size_t n)
{
    ac__spin_lock(&s->lock);
    int r = s->permits.closed ? -EPIPE : ac__permits_try(&s->permits, n) ? 0 : -EAGAIN;
    ac__spin_unlock(&s->lock);
    return r;
}

void ac_semaphore_release(ac_semaphore *s, size_t n)
{
    ac__spin_lock(&s->lock);
    s->permits.available += n;
    if (s->permits.waiters.head == NULL) {
        ac__spin_unlock(&s->lock); /* nobody to hand them to */
        return;
    }
    ac__wake_list wl = {.n = 0};
    ac__unlock_and_wake(&s->lock, ac__permits_grant_step, &s->permits, &wl);
}

void ac_semaphore_close(ac_semaphore *s)
{
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&s->lock);
    ac__unlock_and_wake(&s->lock, ac__permits_close_step, &s->permits, &wl);
}

size_t ac_semaphore_available(ac_semaphore *s)
{
    ac__spin_lock(&s->lock);
    size_t n = s->permits.available;
    ac__spin_unlock(&s->lock);
    return n;
}

size_t ac_semaphore_waiters(ac_semaphore *s)
{
    size_t n = 0;
    ac__spin_lock(&s->lock);
    for (ac_wait_node *w = s->permits.waiters.head; w != NULL; w = w->next)
        n++;
    ac__spin_unlock(&s->lock);
    return n;
}

/* ---- mutex: one permit --------------------------------------------------- */

void ac_mutex_init(ac_mutex *m) { ac_semaphore_init(&m->sem, 1); }
void ac_mutex_destroy(ac_mutex *m) { ac_semaphore_destroy(&m->sem); }
ac_acquire ac_mutex_lock(ac_mutex *m) { return make_acquire(&lock_vtable, &m->sem, 1); }
int ac_mutex_try_lock(ac_mutex *m) { return ac_semaphore_try_acquire(&m->sem, 1); }
void ac_mutex_unlock(ac_mutex *m) { ac_semaphore_release(&m->sem, 1); }

/* ---- rwlock: a reader takes one permit, a writer all of them ------------ */

void ac_rwlock_init(ac_rwlock *l) { ac_semaphore_init(&l->sem, AC_RWLOCK_READERS); }
void ac_rwlock_destroy(ac_rwlock *l) { ac_semaphore_destroy(&l->sem); }
ac_acquire ac_rwlock_read(ac_rwlock *l) { return make_acquire(&read_vtable, &l->sem, 1); }
void ac_rwlock_read_unlock(ac_rwlock *l) { ac_semaphore_release(&l->sem, 1); }
ac_acquire ac_rwlock_write(ac_rwlock *l) { return make_acquire(&write_vtable, &l->sem, AC_RWLOCK_READERS); }
void ac_rwlock_write_unlock(ac_rwlock *l) { ac_semaphore_release(&l->sem, AC_RWLOCK_READERS); }
