/* given_helpers.c - what the demos share: a waker that says out loud when it
 * is used, and an optional-argument parser. */
#include <stdio.h>

#include "course/cli.h"
#include "demos.h"

static const ac_waker_vtable loud_vtable;

static ac_waker loud_clone(void *data) { return (ac_waker){.data = data, .vtable = &loud_vtable}; }
static void loud_wake(void *data)
{
    printf("             waker: wake(%s) -> \"poll me again\"\n", (const char *)data);
}
static void loud_drop(void *data) { (void)data; }
static const ac_waker_vtable loud_vtable = {
    .clone = loud_clone, .wake = loud_wake, .wake_by_ref = loud_wake, .drop = loud_drop};

ac_waker loud_waker(const char *label) { return loud_clone((void *)label); }

bool parse_optional(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value)
{
    if (argc < 2)
        return true;
    return ac_cli_parse_ulong(argv[0], argv[1], min, max, value);
}
