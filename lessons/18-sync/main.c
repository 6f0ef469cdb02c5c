/*
 * 18-sync - lesson 18: async mutex, semaphore and notify.
 *
 * Each subcommand is one demo; see docs/18-sync.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "counter",
     .args = "[TASKS]",
     .help = "TASKS tasks add 10 each to one counter, with and without an async mutex (100)",
     .run = demo_counter},
    {.name = "limit",
     .args = "[JOBS]",
     .help = "a semaphore(5) over JOBS jobs: never more than 5 at once (20)",
     .run = demo_limit},
    {.name = "notify",
     .args = "",
     .help = "a producer and a consumer woken by notify; a mutex built on notify",
     .run = demo_notify},
    {.name = "blocking",
     .args = "",
     .help = "a pthread mutex held across an await stalls every task on the thread",
     .run = demo_blocking},
};

int main(int argc, char **argv)
{
    return ac_cli_main("18-sync", "async mutex, semaphore, notify, and why not a pthread mutex", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
