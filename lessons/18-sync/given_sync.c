/*
 * given_sync.c - the given parts of lesson 18: set-up, constructors, vtables,
 * drops and the mailbox.  You write the poll functions.
 */
#include "lesson.h"

/* A coroutine future's drop: cancel what it awaits (the lock, the permit,
 * the notified future: each leaves its wait list). */
static void coro_future_drop(ac_future *self, ac_coro *co) { (void)self, ac_coro_drop(co); }

void counter_init(counter *c)
{
    *c = (counter){0};
    ac_mutex_init(&c->lock);
}

static void incrementer_drop(ac_future *self) { coro_future_drop(self, &((incrementer *)self)->co); }
static const ac_future_vtable incrementer_vtable = {
    .name = "incrementer", .poll = incrementer_poll, .drop = incrementer_drop};
incrementer incrementer_new(counter *c, int rounds)
{
    return (incrementer){.base = {&incrementer_vtable}, .c = c, .rounds = rounds};
}

void limiter_init(limiter *l, int permits)
{
    *l = (limiter){0};
    ac_semaphore_init(&l->sem, (size_t)permits);
}

static void job_drop(ac_future *self) { coro_future_drop(self, &((job *)self)->co); }
static const ac_future_vtable job_vtable = {.name = "job", .poll = job_poll, .drop = job_drop};
job job_new(limiter *l, int work) { return (job){.base = {&job_vtable}, .l = l, .work = work}; }

void mailbox_init(mailbox *m)
{
    *m = (mailbox){0};
    ac_notify_init(&m->notify);
}

void mailbox_destroy(mailbox *m) { ac_notify_destroy(&m->notify); }

bool mailbox_put(mailbox *m, int value)
{
    if (m->len == MAILBOX_MAX)
        return false;
    m->items[(m->head + m->len) % MAILBOX_MAX] = value;
    m->len++;
    ac_notify_one(&m->notify);
    return true;
}

void mailbox_close(mailbox *m)
{
    m->closed = true;
    ac_notify_one(&m->notify);
}

bool mailbox_take(mailbox *m, int *out)
{
    if (m->len == 0)
        return false;
    *out = m->items[m->head];
    m->head = (m->head + 1) % MAILBOX_MAX;
    m->len--;
    return true;
}

static void drainer_drop(ac_future *self) { coro_future_drop(self, &((drainer *)self)->co); }
static const ac_future_vtable drainer_vtable = {
    .name = "drainer", .poll = drainer_poll, .drop = drainer_drop};
drainer drainer_new(mailbox *m) { return (drainer){.base = {&drainer_vtable}, .m = m}; }

void nmutex_init(nmutex *m)
{
    m->locked = false;
    ac_notify_init(&m->notify);
}

void nmutex_destroy(nmutex *m) { ac_notify_destroy(&m->notify); }

static void nlock_drop(ac_future *self) { coro_future_drop(self, &((nlock *)self)->co); }
static const ac_future_vtable nlock_vtable = {.name = "nlock", .poll = nlock_poll, .drop = nlock_drop};
nlock nlock_new(nmutex *m) { return (nlock){.base = {&nlock_vtable}, .m = m}; }
