/* demo_support.c - what lesson 09's demos share: a waker that talks, the set-up
 * of an executor and its reactor, and arguments. */
#include "demos.h"
#include "given_sockets.h"

#include <stdio.h>

#include "course/cli.h"

static const ac_waker_vtable loud_vtable;

static ac_waker loud_clone(void *data) { return (ac_waker){.data = data, .vtable = &loud_vtable}; }

static void loud_wake(void *data)
{
    loud *l = data;
    l->wakes++;
    printf("           %s waker: wake()  -> \"try again\"\n", l->name);
}

static void loud_drop(void *data)
{
    loud *l = data;
    l->drops++;
    printf("           %s waker: drop()  (given back, not woken)\n", l->name);
}

static const ac_waker_vtable loud_vtable = {
    .clone = loud_clone, .wake = loud_wake, .wake_by_ref = loud_wake, .drop = loud_drop};

ac_waker loud_waker(loud *l) { return loud_clone(l); }

bool demo_reactor(ac_executor *ex, const reactor_vtable *kind, reactor *r)
{
    if (ac_executor_init(ex) != 0)
        return false;
    if (reactor_open(r, kind, ex) != 0) {
        ac_executor_close(ex);
        return false;
    }
    return true;
}

bool demo_reactor_and_pair(ac_executor *ex, const reactor_vtable *kind, reactor *r, int pair[2])
{
    if (!demo_reactor(ex, kind, r))
        return false;
    if (socket_pair(pair) != 0) {
        ac_executor_close(ex);
        return false;
    }
    return true;
}

bool no_args(int argc, char **argv)
{
    if (argc <= 1)
        return true;
    fprintf(stderr, "%s: takes no arguments (got '%s')\n", argv[0], argv[1]);
    return false;
}

bool count_arg(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value)
{
    if (argc > 2) {
        fprintf(stderr, "%s: takes at most one argument\n", argv[0]);
        return false;
    }
    return argc < 2 || ac_cli_parse_ulong(argv[0], argv[1], min, max, value);
}
