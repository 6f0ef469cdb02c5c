/*
 * 07-combinators - lesson 07: join, join_all, select and map.
 *
 * Each subcommand is one demo; see docs/07-combinators.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "join",
     .args = "[XRAY BLOODS]",
     .help = "join2 of two futures that are Pending XRAY and BLOODS times (2 0)",
     .run = demo_join},
    {.name = "join_all",
     .args = "[N]",
     .help = "join_all over N children finishing out of order; outputs in order (N=5)",
     .run = demo_join_all},
    {.name = "select",
     .args = "[PHONE CHAT]",
     .help = "select2 race: the first Ready wins, the loser's drop runs once (3 1)",
     .run = demo_select},
    {.name = "map",
     .args = "[PENDINGS]",
     .help = "map a future's output through a function (PENDINGS=2)",
     .run = demo_map},
    {.name = "nested",
     .args = "",
     .help = "select2 over a join2: one drop cancels a whole subtree",
     .run = demo_nested},
};

int main(int argc, char **argv)
{
    return ac_cli_main("07-combinators", "futures made of futures: join, join_all, select, map", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
