/*
 * 26-streams - lesson 26: futures that yield many values.
 *
 * Each subcommand is one demo; see docs/26-streams.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "numbers",
     .args = "",
     .help = "your counter through the runtime's map, filter and your take_n: every pull printed",
     .run = demo_numbers},
    {.name = "lines",
     .args = "",
     .help = "the lines of a socket with a 16-byte cap: two lines, then an over-long one rejected",
     .run = demo_lines},
    {.name = "buffered",
     .args = "[N]",
     .help = "8 fetches of 50..120 ms, at most N (3) at once, results in order (paused clock)",
     .run = demo_buffered},
    {.name = "backpressure",
     .args = "[ITEMS]",
     .help = "a fast producer and a slow consumer: pushed into an unbounded queue vs pulled (RSS)",
     .run = demo_backpressure},
};

int main(int argc, char **argv)
{
    return ac_cli_main("26-streams", "streams: sources, adapters, capped lines, buffered, backpressure",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
