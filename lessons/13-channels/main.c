/*
 * 13-channels - lesson 13: tasks that pass values to each other.
 *
 * Each subcommand is one demo; see docs/13-channels.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "oneshot",
     .args = "",
     .help = "one value from one task to another, and a sender that leaves without one",
     .run = demo_oneshot},
    {.name = "fan-in",
     .args = "[SENDERS] [COUNT]",
     .help = "SENDERS producer tasks x COUNT values into one mpsc, every wake traced (3 x 10)",
     .run = demo_fan_in},
    {.name = "backpressure",
     .args = "",
     .help = "capacity 2: the third send waits until a receive makes room",
     .run = demo_backpressure},
    {.name = "fan-out",
     .args = "",
     .help = "broadcast (a slow receiver told how many it missed) and watch (latest value only)",
     .run = demo_fan_out},
    {.name = "bench",
     .args = "[--json] [--messages N] [--only ROW]",
     .help = "channel costs beside a mutex+condvar queue and a pipe / eventfd handoff",
     .run = demo_bench,
     .skip_in_all = true},
};

int main(int argc, char **argv)
{
    return ac_cli_main("13-channels", "oneshot, mpsc, bounded backpressure, broadcast, watch", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
