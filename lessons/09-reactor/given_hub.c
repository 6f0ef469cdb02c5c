/*
 * given_hub.c - the given half of exercise 2's echo hub: the connection table
 * and the per-connection waker.  You write the turn (ex2) and the close (ex4).
 */
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

void hub_init(echo_hub *h, reactor *r)
{
    memset(h, 0, sizeof *h);
    h->reactor = r;
    h->on_close = hub_close;
}

hub_conn *hub_add(echo_hub *h, int fd)
{
    size_t slot = 0;
    while (slot < HUB_MAX_CONNS && h->conns[slot] != NULL)
        slot++;
    if (slot == HUB_MAX_CONNS)
        return NULL;
    hub_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    if (reactor_register(h->reactor, fd) != 0) {
        free(c);
        return NULL;
    }
    *c = (hub_conn){.hub = h, .slot = slot, .fd = fd, .ready = true /* try before arming */};
    h->conns[slot] = c;
    h->open++;
    return c;
}

/* ---- the per-connection waker ------------------------------------------
 * data = the connection.  The hub owns every connection and removes it from
 * the reactor (which drops any clone there) before freeing it, so clone and
 * drop have nothing to count. */

static const ac_waker_vtable conn_vtable;

static ac_waker conn_clone(void *data) { return (ac_waker){.data = data, .vtable = &conn_vtable}; }

static void conn_wake(void *data)
{
    hub_conn *c = data;
    c->ready = true;
    c->hub->wakes++;
}

static void conn_drop(void *data) { (void)data; }

static const ac_waker_vtable conn_vtable = {
    .clone = conn_clone, .wake = conn_wake, .wake_by_ref = conn_wake, .drop = conn_drop};

ac_waker hub_conn_waker(hub_conn *c) { return conn_clone(c); }

void hub_free(echo_hub *h)
{
    for (size_t i = 0; i < HUB_MAX_CONNS; i++)
        if (h->conns[i] != NULL)
            h->on_close(h, h->conns[i]);
}
