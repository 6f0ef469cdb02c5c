/*
 * 09-reactor - lesson 09: the reactor, driven by hand and by the executor.
 *
 * Each subcommand is one demo; see docs/09-reactor.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "contract",
     .args = "",
     .help = "register / arm / turn / deregister, one step at a time",
     .run = demo_contract},
    {.name = "twin",
     .args = "",
     .help = "the same steps on the lesson's twin reactor, and what it tells epoll",
     .run = demo_twin},
    {.name = "single",
     .args = "[CLIENTS]",
     .help = "single-socket loop: accept CLIENTS loopback clients (5)",
     .run = demo_single},
    {.name = "multi",
     .args = "[CLIENTS]",
     .help = "multi-socket loop: an echo hub serving CLIENTS clients (3)",
     .run = demo_multi},
    {.name = "readable",
     .args = "",
     .help = "a readable future on the executor, which sleeps in the reactor",
     .run = demo_readable},
    {.name = "cleanup",
     .args = "",
     .help = "deregister: waker map size, and a late event shown harmless",
     .run = demo_cleanup},
};

int main(int argc, char **argv)
{
    return ac_cli_main("09-reactor", "the reactor: register, arm, turn, wake, deregister", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
