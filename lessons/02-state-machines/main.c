/*
 * 02-state-machines - lesson 02: async functions are state machines.
 *
 * Each subcommand is one demo; see docs/02-state-machines.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "yield",
     .args = "[VALUE]",
     .help = "poll a yield_once(VALUE) by hand: Pending once, then Ready (VALUE=7)",
     .run = demo_yield},
    {.name = "by-hand",
     .args = "[A B]",
     .help = "add_slowly as a tag + union, printing each state it passes (A=3 B=4)",
     .run = demo_by_hand},
    {.name = "coro",
     .args = "[A B]",
     .help = "add_slowly with AC_BEGIN/AC_AWAIT/AC_END, by hand and as a task (A=3 B=4)",
     .run = demo_coro},
    {.name = "sizes",
     .args = "",
     .help = "the bytes each state machine needs, and what crossing an await costs",
     .run = demo_sizes},
};

int main(int argc, char **argv)
{
    return ac_cli_main("02-state-machines", "async functions are state machines: by hand and by macro",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
