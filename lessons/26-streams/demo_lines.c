/*
 * demo_lines.c - `26-streams lines`: your line_reader (exercise 3) over
 * one end of a Unix socket pair, with a 16-byte cap; a line of 40 bytes
 * is rejected, and the bytes after the cap are still unread in the socket.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/executor.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

int demo_lines(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("lines: a socket's lines as a stream, at most 16 bytes each");
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return 1;
    char text[80] = "hello\nworld\n";
    size_t len = strlen(text);
    memset(text + len, 'x', 40);
    len += 40;
    text[len++] = '\n';
    if (write(sv[1], text, len) != (ssize_t)len)
        return 1;
    printf("  the peer wrote %zu bytes: \"hello\\n\" \"world\\n\" and 40 x's with a '\\n'\n", len);
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_io io;
    if (ac_io_open(&io, sv[0]) != 0)
        return 1;
    line_reader r;
    line_reader_init(&r, &io, 16);
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    for (;;) {
        ac_line line;
        int rc = ac_stream_poll_next(&r.base, &cx, &line);
        if (rc == AC_STREAM_ITEM)
            printf("  line: \"%.*s\" (%zu bytes)\n", (int)line.len, line.data, line.len);
        else if (rc == AC_STREAM_END)
            printf("  END\n");
        else if (rc == AC_STREAM_PENDING)
            printf("  Pending (unexpected: every byte was written before)\n");
        else
            printf("  error %d (%s)\n", rc, rc == -EMSGSIZE ? "-EMSGSIZE: a line over the cap" : "?");
        if (rc != AC_STREAM_ITEM)
            break;
    }
    char rest[128];
    ssize_t left = recv(sv[0], rest, sizeof rest, MSG_DONTWAIT);
    printf("  bytes still unread in the socket: %zd (read no further than the cap)\n", left);
    ac_stream_drop(&r.base);
    ac_io_close(&io);
    close(sv[1]);
    ac_executor_close(&ex);
    printf("\nTakeaway: a line reader must cap what it holds: a peer that never sends '\\n'\n"
           "gets an error after max + 1 bytes, not a buffer that grows until memory runs out.\n");
    return 0;
}
