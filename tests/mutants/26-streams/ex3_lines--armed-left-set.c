/* Mutant of exercise 3: leaves `armed` set after a read completes. Caught by
 * an_empty_fd_is_pending_and_the_reactor_wakes_it (r.armed). */
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
        if (r->start > 0) { /* the line handed out last is no longer read */
            memmove(r->buf, r->buf + r->start, r->len);
            r->start = 0;
        }
        ssize_t n;
        r->armed = true;
        if (ac_io_poll_read(r->io, cx, r->buf + r->len, r->max + 1 - r->len, &n) == AC_PENDING)
            return AC_STREAM_PENDING;
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
