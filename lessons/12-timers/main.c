/*
 * 12-timers - lesson 12: timers.
 *
 * Each subcommand is one demo; see docs/12-timers.md for the walk-through.
 */
#include <string.h>

#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "heap",
     .args = "",
     .help = "your timer heap: push, cancel and pop, printing the array",
     .run = demo_heap},
    {.name = "sleeps",
     .args = "[UNIT_MS]",
     .help = "three tasks sleep 3, 1, 2 units at once: A, B, C (UNIT_MS=100)",
     .run = demo_sleeps},
    {.name = "timeout",
     .args = "[UNIT_MS]",
     .help = "a timeout that succeeds, one that fails, one on a paused clock",
     .run = demo_timeout},
    {.name = "interval",
     .args = "[UNIT_MS]",
     .help = "heartbeats every unit while another task sleeps, then cancelled",
     .run = demo_interval},
    {.name = "bench",
     .args = "[--json] [N...]",
     .help = "N sleeping tasks vs N libuv timers: wall, peak RSS (N=100000 1000000)",
     .run = demo_bench},
};

int main(int argc, char **argv)
{
    lesson_running_all = argc >= 2 && strcmp(argv[1], "all") == 0;
    return ac_cli_main("12-timers", "timers: a deadline heap, sleep, timeout, interval, and what they cost",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
