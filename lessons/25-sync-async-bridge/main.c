/*
 * 25-sync-async-bridge - lesson 25: between plain threads and tasks.
 *
 * Each subcommand is one demo; see docs/25-sync-async-bridge.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "stall",
     .args = "[MS]",
     .help =
         "a 10 ms probe beside 3 blocking calls of MS (200) ms: inline it stalls, spawn_blocking it ticks",
     .run = demo_stall},
    {.name = "pool",
     .args = "[JOBS]",
     .help = "JOBS (8) jobs of 50 ms on a pool capped at 3: queued, reused, retired after the keep-alive",
     .run = demo_pool},
    {.name = "from-threads",
     .args = "[N]",
     .help = "N (3) plain threads spawn onto one runtime and wait with your block_on_thread (ex2)",
     .run = demo_from_threads},
    {.name = "handoff",
     .args = "",
     .help = "tasks offload to a tiny pool; results come back through your handoff (ex1)",
     .run = demo_handoff},
};

int main(int argc, char **argv)
{
    return ac_cli_main("25-sync-async-bridge", "sync/async bridge: block_on, spawn_blocking, the handoff",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
