/*
 * given_reactor.c - the two tables behind a `reactor` handle (lesson.h):
 * one calls common's reactor (ac_reactor_*), the other the lesson's twin
 * (twin_*).  Each function only converts the handle's pointer.
 *
 *   reactor_arm(r, fd, READ, &w)
 *        |  r->vtable->arm(r->impl, ...)
 *        +--> reactor_common: ac_reactor_arm((ac_reactor *)impl, ...)
 *        +--> reactor_twin:   twin_arm((twin_reactor *)impl, ...)
 */
#include <errno.h>

#include "lesson.h"
#include "twin_reactor.h"

/* ---- common's reactor -------------------------------------------------- */

static void *common_open(ac_executor *ex) { return ac_reactor_get(ex); }
static int common_register(void *impl, int fd) { return ac_reactor_register(impl, fd); }
static void common_deregister(void *impl, int fd) { ac_reactor_deregister(impl, fd); }
static bool common_is_registered(void *impl, int fd) { return ac_reactor_is_registered(impl, fd); }
static void common_arm(void *impl, int fd, ac_interest dir, const ac_waker *w)
{
    ac_reactor_arm(impl, fd, dir, w);
}
static void common_disarm(void *impl, int fd, unsigned dir) { ac_reactor_disarm(impl, fd, dir); }
static bool common_is_armed(void *impl, int fd, ac_interest dir)
{
    return ac_reactor_is_armed(impl, fd, dir);
}
static int common_turn(void *impl, ac_nanos timeout) { return ac_reactor_turn(impl, timeout); }
static reactor_counts common_counts(void *impl)
{
    const ac_reactor *r = impl;
    return (reactor_counts){.waits = r->stats.waits,
                            .events = r->stats.events,
                            .wakes = r->stats.wakes,
                            .stale = r->stats.stale,
                            .registered = r->registered};
}

const reactor_vtable reactor_common = {
    .name = "common",
    .open = common_open,
    .register_fd = common_register,
    .deregister = common_deregister,
    .is_registered = common_is_registered,
    .arm = common_arm,
    .disarm = common_disarm,
    .is_armed = common_is_armed,
    .turn = common_turn,
    .counts = common_counts,
};

/* ---- the twin ---------------------------------------------------------- */

static void *twin_open(ac_executor *ex) { return twin_reactor_new(ex); }
static int twin_register_fd(void *impl, int fd) { return twin_register(impl, fd); }
static void twin_deregister_fd(void *impl, int fd) { twin_deregister(impl, fd); }
static bool twin_is_registered_fd(void *impl, int fd) { return twin_is_registered(impl, fd); }
static void twin_arm_fd(void *impl, int fd, ac_interest dir, const ac_waker *w)
{
    twin_arm(impl, fd, dir, w);
}
static void twin_disarm_fd(void *impl, int fd, unsigned dir) { twin_disarm(impl, fd, dir); }
static bool twin_is_armed_fd(void *impl, int fd, ac_interest dir) { return twin_is_armed(impl, fd, dir); }
static int twin_turn_once(void *impl, ac_nanos timeout) { return twin_turn(impl, timeout); }
static reactor_counts twin_counts_of(void *impl)
{
    const twin_reactor *r = impl;
    return (reactor_counts){.waits = r->counts.waits,
                            .events = r->counts.events,
                            .wakes = r->counts.wakes,
                            .stale = r->counts.stale,
                            .registered = r->registered};
}

const reactor_vtable reactor_twin = {
    .name = "twin",
    .open = twin_open,
    .register_fd = twin_register_fd,
    .deregister = twin_deregister_fd,
    .is_registered = twin_is_registered_fd,
    .arm = twin_arm_fd,
    .disarm = twin_disarm_fd,
    .is_armed = twin_is_armed_fd,
    .turn = twin_turn_once,
    .counts = twin_counts_of,
};

int reactor_open(reactor *r, const reactor_vtable *kind, ac_executor *ex)
{
    *r = (reactor){.impl = kind->open(ex), .vtable = kind};
    return r->impl != NULL ? 0 : -ENOMEM;
}
