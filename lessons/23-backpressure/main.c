/*
 * 23-backpressure - lesson 23: what to do with a producer faster than its consumer.
 *
 * Each subcommand is one demo; see docs/23-backpressure.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "memory",
     .args = "[MESSAGES]",
     .help = "a fast producer: peak RSS with an unbounded channel vs a bounded one (500000 x 64 B)",
     .run = demo_memory},
    {.name = "limit",
     .args = "",
     .help = "a semaphore(4) keeps 50 requests to at most 4 in flight",
     .run = demo_limit},
    {.name = "reserve",
     .args = "",
     .help = "reserve a slot before producing: no value made that cannot be sent (exercise 2)",
     .run = demo_reserve},
    {.name = "shed",
     .args = "",
     .help = "load shedding with try_send: refuse what does not fit (exercise 1)",
     .run = demo_shed},
    {.name = "pipeline",
     .args = "",
     .help = "source -> relay -> slow sink: the pressure travels upstream (exercise 3)",
     .run = demo_pipeline},
};

int main(int argc, char **argv)
{
    return ac_cli_main("23-backpressure", "bounded channels, semaphores, reserve, load shedding", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
