/*
 * 01-futures - lesson 01: futures by hand.
 *
 * Each subcommand is one demo; see docs/01-futures.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "countdown",
     .args = "[N]",
     .help = "poll a countdown(N) by hand: each poll, its result and its wake (N=3)",
     .run = demo_countdown},
    {.name = "ready",
     .args = "[VALUE]",
     .help = "a future that is Ready on its first poll (VALUE=42)",
     .run = demo_ready},
    {.name = "manual",
     .args = "[N]",
     .help = "poll_by_hand: the smallest executor, a loop and a noop waker (N=5)",
     .run = demo_manual},
    {.name = "cost",
     .args = "[TASKS]",
     .help = "what a future costs as a task: ns and bytes (TASKS=1000000)",
     .run = demo_cost},
};

int main(int argc, char **argv)
{
    return ac_cli_main("01-futures", "futures by hand: poll, Pending, Ready and the waker", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
