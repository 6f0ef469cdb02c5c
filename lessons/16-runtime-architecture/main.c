/*
 * 16-runtime-architecture - lesson 16: one program, two runtimes; the
 * builder, the drivers, the handle.
 *
 * Each subcommand is one demo; see docs/16-runtime-architecture.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "builder",
     .help = "every builder field and its default; the start/stop hooks name the worker threads",
     .run = demo_builder},
    {.name = "no-driver",
     .help = "a sleep and an accept on runtimes built without their driver: a clear abort, no hang",
     .run = demo_no_driver},
    {.name = "handle",
     .help = "plain threads spawn onto the runtime and wait on the join handles",
     .run = demo_handle},
};

int main(int argc, char **argv)
{
    return ac_cli_main("16-runtime-architecture", "current-thread vs multi-thread: builder, drivers, handle",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
