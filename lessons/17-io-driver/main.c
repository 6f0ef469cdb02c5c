/*
 * 17-io-driver - lesson 17: what the I/O driver keeps per fd between the
 * kernel's reports and the futures' questions.
 *
 * Each subcommand is one demo; see docs/17-io-driver.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "lifecycle",
     .args = "",
     .help = "register -> arm -> event -> wake -> deregister; a stale event for a reused fd number",
     .run = demo_lifecycle},
    {.name = "interest",
     .args = "",
     .help = "interest vs readiness: edge- and level-triggered epoll, and the ready bit that keeps an edge",
     .run = demo_interest},
    {.name = "closed",
     .args = "",
     .help = "read-closed (shutdown, EOF) and write-closed (RST, EPIPE); a half-close client",
     .run = demo_closed},
    {.name = "spurious",
     .args = "",
     .help = "wakes that find EAGAIN: counted and retried (pokes, two readers on one socket)",
     .run = demo_spurious},
};

int main(int argc, char **argv)
{
    return ac_cli_main("17-io-driver", "the I/O driver: registrations, readiness, closed, spurious wakes",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
