/* Mutant of exercise 3: the session ends without calling on_done. Caught by
 * echo_session_echoes_until_end_of_file (seen.count). */
#include "ac/executor.h"
#include "lesson.h"

ac_poll echo_session_poll(ac_future *self, ac_context *cx)
{
    echo_session *s = (echo_session *)self;
    AC_BEGIN(&s->co);
    for (;;) {
        s->rd = ac_read_some(&s->io, s->buf, sizeof s->buf);
        AC_AWAIT(&s->co, cx, &s->rd.base);
        if (s->rd.result <= 0) {
            /* 0: the client is done sending, a clean end; < 0: an error */
            s->result = s->rd.result < 0 ? s->rd.result : (ssize_t)s->echoed;
            break;
        }
        s->wr = ac_write_all_from(&s->io, s->buf, (size_t)s->rd.result);
        AC_AWAIT(&s->co, cx, &s->wr.base);
        if (s->wr.result < 0) {
            s->result = s->wr.result;
            break;
        }
        s->echoed += (unsigned long)s->wr.result;
    }
    ac_io_close(&s->io); /* ours to close: the task is the connection's owner */
    AC_END(&s->co);
}

ac_poll echo_server_poll(ac_future *self, ac_context *cx)
{
    echo_server *s = (echo_server *)self;
    AC_BEGIN(&s->co);
    while (s->accepted < s->max_conns) {
        s->acc = ac_tcp_accept_on(s->ln);
        AC_AWAIT(&s->co, cx, &s->acc.base);
        if (s->acc.result.err < 0) {
            s->result = s->acc.result.err;
            AC_RETURN(&s->co);
        }
        s->accepted++;
        /* One task per connection: the server goes straight back to
         * accepting while the session talks.  The session is copied into
         * its task and owns the socket from here on. */
        echo_session session = echo_session_new(s->acc.result.stream.io, s->on_session_done, s->arg);
        ac_join_handle h = AC_SPAWN(ac_executor_current(), session);
        ac_join_release(&h); /* detached: it closes its socket itself */
    }
    s->result = (int)s->accepted;
    AC_END(&s->co);
}
