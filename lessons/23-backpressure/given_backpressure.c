/*
 * given_backpressure.c - the given parts of lesson 23: constructors, vtables, drops
 * and the "expensive" make_value.
 */
#include "lesson.h"

int make_value(maker *m, int i)
{
    m->made++;
    return i * 10;
}

/* A dropped maker gives back what it holds: the reserve it awaits (and
 * the slot it may have been granted) and its sender. */
static void maker_drop(ac_future *self)
{
    maker *m = (maker *)self;
    ac_coro_drop(&m->co);
    ac_mpsc_tx_close(&m->tx);
}
static const ac_future_vtable maker_vtable = {.name = "maker", .poll = maker_poll, .drop = maker_drop};
maker maker_new(ac_mpsc_tx tx, int count)
{
    return (maker){.base = {&maker_vtable}, .tx = tx, .count = count};
}

static void relay_drop(ac_future *self)
{
    relay *r = (relay *)self;
    ac_coro_drop(&r->co);
    ac_mpsc_rx_close(&r->in);
    ac_mpsc_tx_close(&r->out);
}
static const ac_future_vtable relay_vtable = {.name = "relay", .poll = relay_poll, .drop = relay_drop};
relay relay_new(ac_mpsc_rx in, ac_mpsc_tx out)
{
    return (relay){.base = {&relay_vtable}, .in = in, .out = out};
}
