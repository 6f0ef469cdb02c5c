/* Mutant of exercise 3: never moves the unread bytes to the front, so the room
 * shrinks and a short line after long ones looks over the cap. Caught by
 * lines_then_a_last_line_without_newline. */
#include <errno.h>
#include <string.h>

#include "lesson.h"

int line_reader_next(ac_stream *self, ac_context *cx, void *item)
{
    line_reader *r = (line_reader *)self;
    if (r->ended)
        return AC_STREAM_END;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->len);
        if (nl != NULL) {
            ac_line line = {.data = r->buf + r->start, .len = (size_t)(nl - (r->buf + r->start))};
            memcpy(item, &line, sizeof line);
            r->start += line.len + 1;
            r->len -= line.len + 1;
            return AC_STREAM_ITEM;
        }
        if (r->len > r->max) { /* max + 1 bytes without a '\n' */
            r->ended = true;
            return -EMSGSIZE;
        }
        /* the mistake: no memmove; reads land after the unread bytes */
        if (r->start + r->len > r->max) {
            r->ended = true;
            return -EMSGSIZE;
        }
        ssize_t n;
        r->armed = true;
        if (ac_io_poll_read(r->io, cx, r->buf + r->len, r->max + 1 - r->len, &n) == AC_PENDING)
            return AC_STREAM_PENDING;
        r->armed = false;
        if (n < 0) {
            r->ended = true;
            return (int)n;
        }
        if (n == 0) {
            r->ended = true;
            if (r->len == 0)
                return AC_STREAM_END;
            ac_line line = {.data = r->buf, .len = r->len};
            memcpy(item, &line, sizeof line);
            r->len = 0;
            return AC_STREAM_ITEM;
        }
        r->len += (size_t)n;
    }
}
