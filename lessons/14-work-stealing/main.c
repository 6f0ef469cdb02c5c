/*
 * 14-work-stealing - lesson 14: N worker threads, one ring each, idle ones steal.
 *
 * Each subcommand is one demo; see docs/14-work-stealing.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "spread",
     .args = "[WORKERS]",
     .help = "100 tasks spawned from main: which worker ran each, and every worker's counters (4)",
     .run = demo_spread},
    {.name = "fan-out",
     .args = "[WORKERS]",
     .help = "one task spawns 100 children on its own worker; the idle ones steal them (4)",
     .run = demo_fan_out},
    {.name = "bench",
     .args = "[--json] [--workers N] [--only ROW] [--n N]",
     .help = "spawn, ping-pong, yield, chain: ns/op on ac_executor, N workers and a pthread pool (~15 s)",
     .run = demo_bench,
     .skip_in_all = true},
};

int main(int argc, char **argv)
{
    return ac_cli_main("14-work-stealing", "a runtime with N workers: local rings, the injector, stealing",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
