/*
 * 16-runtime-architecture - lesson 16: one program, two runtimes; the
 * builder, the drivers, the handle.
 *
 * Each subcommand is one demo; see docs/16-runtime-architecture.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "flavours",
     .help = "one echo server future on ac_executor and on ac_runtime: only the line that runs it differs",
     .run = demo_flavours},
    {.name = "builder",
     .help = "every builder field and its default; the start/stop hooks name the worker threads",
     .run = demo_builder},
    {.name = "no-driver",
     .help = "a sleep and an accept on runtimes built without their driver: a clear abort, no hang",
     .run = demo_no_driver},
    {.name = "handle",
     .help = "plain threads spawn onto the runtime and wait on the join handles",
     .run = demo_handle},
    {.name = "throughput",
     .args = "[--workers N] [--seconds S]",
     .help = "loopback echo messages/s, server on one thread vs 1 and N workers (2, 0.5 s per row)",
     .run = demo_throughput},
};

int main(int argc, char **argv)
{
    return ac_cli_main("16-runtime-architecture", "current-thread vs multi-thread: builder, drivers, handle",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
