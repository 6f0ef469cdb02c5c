/*
 * 15-select - lesson 15: wait for the first of several futures, and drop
 * the rest.
 *
 * Each subcommand is one demo; see docs/15-select.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "race",
     .args = "",
     .help = "sleep 100 ms vs sleep 500 ms (paused clock): the first wins, the loser is dropped once",
     .run = demo_race},
    {.name = "loop",
     .args = "",
     .help = "a select loop over a channel and a 10 ms interval until the channel closes",
     .run = demo_loop},
    {.name = "fuse",
     .args = "",
     .help = "a deadline kept across a loop: fused, it fires once and is never polled again",
     .run = demo_fuse},
    {.name = "starve",
     .args = "[ROUNDS]",
     .help = "biased vs fair select over an always-ready branch: who else gets a turn (10000)",
     .run = demo_starve},
};

int main(int argc, char **argv)
{
    return ac_cli_main("15-select", "select, dropping the losers, select loops, fuse, fairness", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
