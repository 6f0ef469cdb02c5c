/*
 * 10-task-scheduling - lesson 10: spawning, yielding, starving, cancelling
 * and the fairness budget, on the real executor in common/.
 *
 * Each subcommand is one demo; see docs/10-task-scheduling.md.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "join",
     .args = "[A B C]",
     .help = "spawn three jobs and sum them through their join handles (10 20 30)",
     .run = demo_join},
    {.name = "fairness",
     .args = "[YIELDS]",
     .help = "a greedy task yielding YIELDS times vs a quick one (YIELDS=1000)",
     .run = demo_fairness},
    {.name = "starve",
     .args = "[UNITS [CHUNK]]",
     .help = "a task that never yields, caught by a watchdog, then fixed (50000000, UNITS/500)",
     .run = demo_starve},
    {.name = "cancel",
     .args = "[LIMIT]",
     .help = "abort a ticking task through its join handle at LIMIT (LIMIT=3)",
     .run = demo_cancel},
    {.name = "budget",
     .args = "[INTERVAL]",
     .help = "the fairness budget: ex.event_interval, driver checks, and deferral after ac_yield_now "
             "(INTERVAL=61)",
     .run = demo_budget},
};

int main(int argc, char **argv)
{
    return ac_cli_main("10-task-scheduling", "task scheduling: fairness, yielding, starvation, cancellation",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
