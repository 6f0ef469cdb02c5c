/*
 * 11-async-read-write - lesson 11: futures that read and write, over the reactor.
 *
 * Each subcommand is one demo; see docs/11-async-read-write.md for the walk-through.
 */
#include <stdio.h>

#include "course/cli.h"
#include "demos.h"

bool count_arg(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value)
{
    if (argc > 2) {
        fprintf(stderr, "%s: takes at most one argument\n", argv[0]);
        return false;
    }
    return argc < 2 || ac_cli_parse_ulong(argv[0], argv[1], min, max, value);
}

static const ac_cli_command commands[] = {
    {.name = "readwrite",
     .args = "",
     .help = "a writer and a reader task on a 4 KiB socket buffer: short writes, EAGAIN",
     .run = demo_readwrite},
    {.name = "exact",
     .args = "[BYTES]",
     .help = "read_exact + write_all move BYTES in 100-byte chunks (10240)",
     .run = demo_exact},
    {.name = "echo",
     .args = "[CLIENTS]",
     .help = "an echo server task, one session task per client (3)",
     .run = demo_echo},
    {.name = "copy",
     .args = "[MIB]",
     .help = "io_copy between loopback sockets vs a blocking copy, MiB/s (64)",
     .run = demo_copy},
};

int main(int argc, char **argv)
{
    return ac_cli_main("11-async-read-write", "read/write futures, read_exact, write_all, echo, copy",
                       commands, sizeof commands / sizeof commands[0], argc, argv);
}
