/*
 * 00-why-async - lesson 00: why async?
 *
 * Each subcommand is one demo; see docs/00-why-async.md for the walk-through.
 */
#include <string.h>

#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "threads",
     .args = "[N]",
     .help = "N threads each sleep 1 s: wall time, peak RSS, threads (N=10000)",
     .run = demo_threads},
    {.name = "tasks",
     .args = "[N]",
     .help = "N tasks each sleep 1 s on one thread: the same figures (N=10000)",
     .run = demo_tasks},
    {.name = "max-threads",
     .args = "[LIMIT_MB]",
     .help = "start threads until it fails, in a child capped at LIMIT_MB more address space (1024)",
     .run = demo_max_threads},
};

int main(int argc, char **argv)
{
    lesson_running_all = argc >= 2 && strcmp(argv[1], "all") == 0;
    return ac_cli_main("00-why-async", "why async: ten thousand waiting threads against ten thousand tasks",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
