/*
 * given_channels.c - the given halves of lesson 13's teaching channels: setup,
 * the sides you do not write, vtables and drops.
 */
#include <stdio.h>

#include "lesson.h"

bool lesson_trace = false;

static void wake_traced(ac_waker *w, const char *what)
{
    if (w->vtable == NULL)
        return;
    if (lesson_trace)
        printf("    wake: %s\n", what);
    ac_waker_wake(w); /* consumes the handle; w->vtable is NULL after */
}

static void forget(ac_waker *w)
{
    if (w->vtable != NULL)
        ac_waker_drop(w);
}

/* ---- oneshot ------------------------------------------------------------ */

void oneshot_init(oneshot *o) { *o = (oneshot){.sender_open = true}; }

void oneshot_send(oneshot *o, int value)
{
    o->value = value;
    o->has_value = true;
    o->sender_open = false;
    wake_traced(&o->waker, "oneshot receiver (a value arrived)");
}

void oneshot_destroy(oneshot *o) { forget(&o->waker); }

/* A receive dropped while it waits must not leave its waker behind: a
 * later send would wake a task that no longer cares. */
static void oneshot_recv_drop(ac_future *self) { forget(&((oneshot_recv *)self)->o->waker); }

static const ac_future_vtable oneshot_recv_vtable = {.name = "oneshot_recv",
                                                     .poll = oneshot_recv_poll,
                                                     .drop = oneshot_recv_drop,
                                                     AC_OUTPUT(oneshot_recv, result)};

oneshot_recv oneshot_recv_new(oneshot *o) { return (oneshot_recv){.base = {&oneshot_recv_vtable}, .o = o}; }

/* ---- producer ----------------------------------------------------------- */

static void producer_drop(ac_future *self)
{
    producer *p = (producer *)self;
    ac_coro_drop(&p->co);
    ac_mpsc_tx_close(&p->tx); /* harmless if the poll closed it already */
}

static const ac_future_vtable producer_vtable = {
    .name = "producer", .poll = producer_poll, .drop = producer_drop};

producer producer_new(ac_mpsc_tx tx, int id, int count)
{
    return (producer){.base = {&producer_vtable}, .tx = tx, .id = id, .count = count};
}

/* ---- bounded queue -------------------------------------------------------- */

void bounded_init(bounded *q, size_t capacity)
{
    *q = (bounded){.capacity = capacity < 1 ? 1 : capacity > BOUNDED_MAX ? BOUNDED_MAX : capacity};
}

void bounded_destroy(bounded *q)
{
    forget(&q->recv_waker);
    for (size_t i = 0; i < q->n_waiting; i++)
        forget(&q->send_wakers[i]);
    q->n_waiting = 0;
}

bool bounded_try_recv(bounded *q, int *out)
{
    if (q->len == 0)
        return false;
    *out = q->items[q->head];
    q->head = (q->head + 1) % q->capacity;
    q->len--;
    for (size_t i = 0; i < q->n_waiting; i++)
        wake_traced(&q->send_wakers[i], "a waiting sender (there is room)");
    q->n_waiting = 0;
    return true;
}

static ac_poll bounded_recv_poll(ac_future *self, ac_context *cx)
{
    bounded_recv *f = (bounded_recv *)self;
    if (bounded_try_recv(f->q, &f->value)) {
        forget(&f->q->recv_waker);
        return AC_READY;
    }
    forget(&f->q->recv_waker);
    f->q->recv_waker = ac_waker_clone(cx->waker);
    return AC_PENDING;
}

static void bounded_recv_drop(ac_future *self) { forget(&((bounded_recv *)self)->q->recv_waker); }

static const ac_future_vtable bounded_send_vtable = {.name = "bounded_send", .poll = bounded_send_poll};
static const ac_future_vtable bounded_recv_vtable = {.name = "bounded_recv",
                                                     .poll = bounded_recv_poll,
                                                     .drop = bounded_recv_drop,
                                                     AC_OUTPUT(bounded_recv, value)};

bounded_send bounded_send_new(bounded *q, int value)
{
    return (bounded_send){.base = {&bounded_send_vtable}, .q = q, .value = value};
}

bounded_recv bounded_recv_new(bounded *q) { return (bounded_recv){.base = {&bounded_recv_vtable}, .q = q}; }
