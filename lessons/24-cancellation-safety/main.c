/*
 * 24-cancellation-safety - lesson 24: what a select loop loses when it
 * drops a future, and three ways not to lose it.
 *
 * Each subcommand is one demo; see docs/24-cancellation-safety.md.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "loss",
     .args = "",
     .help = "read_exact in a select loop with a 10 ms timeout: the records come out corrupted",
     .run = demo_loss},
    {.name = "cure1",
     .args = "",
     .help = "a cancellation-safe read (read_some) into a buffer that outlives the loop",
     .run = demo_cure1},
    {.name = "cure2",
     .args = "",
     .help = "the read runs in a spawned task; the loop selects on its join handle",
     .run = demo_cure2},
    {.name = "cure3",
     .args = "",
     .help = "the read_exact is kept across rounds and polled again",
     .run = demo_cure3},
    {.name = "line",
     .args = "",
     .help = "a bounded send dropped by a timeout loses its place in line: the order of service",
     .run = demo_line},
};

int main(int argc, char **argv)
{
    return ac_cli_main("24-cancellation-safety", "what a dropped future loses, and the three cures", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
