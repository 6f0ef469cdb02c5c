/*
 * 03-wakers - lesson 03: wakers and waking.
 *
 * Each subcommand is one demo; see docs/03-wakers.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "noop",
     .args = "[N]",
     .help = "your noop waker drives countdown(N) in a polling loop (N=3)",
     .run = demo_noop},
    {.name = "counting",
     .args = "[N]",
     .help = "a counting waker: wakes of countdown(N), refs across clones and threads (N=5)",
     .run = demo_counting},
    {.name = "parking",
     .args = "[N [DELAY_MS]]",
     .help = "a thread sleeps until a helper thread wakes it, N times (N=3 DELAY_MS=20)",
     .run = demo_parking},
    {.name = "forgetful",
     .args = "[LIMIT_MS]",
     .help = "Pending without a wake: caught by a park bounded to LIMIT_MS (200)",
     .run = demo_forgetful},
};

int main(int argc, char **argv)
{
    return ac_cli_main("03-wakers", "wakers: noop, counting, thread-parking, and a broken promise", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
