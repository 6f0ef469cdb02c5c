/*
 * 05-executor - lesson 05: block_on, a multi-task executor, real delays.
 *
 * Each subcommand is one demo; see docs/05-executor.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "block-on",
     .args = "[N]",
     .help = "block_on a countdown(N), then a 300 ms delay: park, wake, poll (N=3)",
     .run = demo_block_on},
    {.name = "executor",
     .args = "",
     .help = "three self-waking tasks taking turns on one queue",
     .run = demo_executor},
    {.name = "delays",
     .args = "[UNIT_MS]",
     .help = "delays of 3, 1, 2 units finish in order in ~3 units (300; 1000 = 3 s/1 s/2 s)",
     .run = demo_delays},
    {.name = "join",
     .args = "[VALUE]",
     .help = "block_on a join handle while the executor runs on another thread (42)",
     .run = demo_join},
    {.name = "runtime",
     .args = "[UNIT_MS]",
     .help = "the same delay future on common/'s ac_executor (300)",
     .run = demo_runtime},
};

int main(int argc, char **argv)
{
    return ac_cli_main("05-executor", "a minimal executor: block_on, a run queue, real delays", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
