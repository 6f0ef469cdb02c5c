/*
 * 08-async-io - lesson 08: async I/O foundations.
 *
 * Each subcommand is one demo; see docs/08-async-io.md for the walk-through.
 * Every demo starts its own clients on an ephemeral 127.0.0.1 port.
 */
#include "course/cli.h"
#include "demos.h"

static const ac_cli_command commands[] = {
    {.name = "spin",
     .args = "[DELAY_MS]",
     .help = "busy-read a nonblocking socket, printing each EAGAIN (DELAY_MS=100)",
     .run = demo_spin},
    {.name = "epoll",
     .args = "[DELAY_MS]",
     .help = "the same wait in epoll_wait; CPU time of both loops compared (DELAY_MS=200)",
     .run = demo_epoll},
    {.name = "echo",
     .args = "[CLIENTS] [N]",
     .help = "multi-client epoll echo server keyed by fd, with disconnects (CLIENTS=3, N=4 lines each)",
     .run = demo_echo},
    {.name = "bridge",
     .args = "[MESSAGES]",
     .help = "reactor wakes, future reads: a read_future driven by epoll (MESSAGES=3)",
     .run = demo_bridge},
    {.name = "uv-echo",
     .args = "[CLIENTS] [N]",
     .help = "the same echo server on libuv, as the baseline (CLIENTS=3, N=4 lines each)",
     .run = demo_uv_echo},
};

int main(int argc, char **argv)
{
    return ac_cli_main("08-async-io", "async I/O foundations: EAGAIN, epoll, and the reactor-to-waker bridge",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
