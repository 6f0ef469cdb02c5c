/* demos.c - what lesson 09's demos share: a waker that talks, the set-up
 * of an executor and its reactor, and arguments. */
#include "demos.h"
#include "sockets.h"

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

ac_reactor *demo_reactor(ac_executor *ex)
{
    if (ac_executor_init(ex) != 0)
        return NULL;
    ac_reactor *r = ac_reactor_get(ex);
    if (r == NULL)
        ac_executor_close(ex);
    return r;
}

ac_reactor *demo_reactor_and_pair(ac_executor *ex, int pair[2])
{
    ac_reactor *r = demo_reactor(ex);
    if (r != NULL && socket_pair(pair) != 0) {
        ac_executor_close(ex);
        return NULL;
    }
    return r;
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
