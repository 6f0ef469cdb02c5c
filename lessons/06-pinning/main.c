/*
 * 06-pinning - lesson 06: address stability (Rust's Pin, in C).
 *
 * Each subcommand is one demo; see docs/06-pinning.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "selfref",
     .args = "[WORD]",
     .help = "copy a self-referential future after a poll: watch its pointer go stale (WORD=async)",
     .run = demo_selfref},
    {.name = "realloc",
     .args = "[N]",
     .help = "grow an array of N registered futures, then heap-pin them instead (N=3)",
     .run = demo_realloc},
    {.name = "task",
     .args = "[TICKS]",
     .help = "a spawned task is polled at one address; its waker points there (TICKS=3)",
     .run = demo_task},
    {.name = "guard",
     .args = "",
     .help = "pin_guard: a debug check that catches a move after the first poll",
     .run = demo_guard},
};

int main(int argc, char **argv)
{
    return ac_cli_main("06-pinning", "address stability: why a polled future must not move", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
