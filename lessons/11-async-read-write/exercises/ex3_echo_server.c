/*
 * Exercise 3: an echo server - echo_session_poll and echo_server_poll.
 *
 *   client                     session task
 *   "hello" ----------------->  read_some -> 5
 *           <-----------------  write_all "hello"
 *   shutdown(SHUT_WR) ------->  read_some -> 0: close, on_done(5), Ready
 *
 *   server task: accept -> spawn session -> accept -> spawn ... max_conns
 *
 * Both are coroutines: AC_BEGIN / AC_AWAIT / AC_END from ac/coro.h, with
 * every value that must survive an await kept in the struct.
 *
 * Check it:  ctest --preset learner -R 11-async-read-write/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "ac/executor.h"
#include "course/exercise.h"
#include "lesson.h"

ac_poll echo_session_poll(ac_future *self, ac_context *cx)
{
    echo_session *s = (echo_session *)self;
    (void)s;
    (void)cx;
    /* TODO: AC_BEGIN(&s->co); loop: s->rd = ac_read_some(&s->io, s->buf,
     * sizeof s->buf) and AC_AWAIT it; result <= 0 ends the loop (0: result
     * = echoed; < 0: result = that error).  Otherwise s->wr =
     * ac_write_all_from(&s->io, s->buf, n), AC_AWAIT it, stop on an error,
     * add to echoed.  After the loop: ac_io_close(&s->io), call on_done
     * (if not NULL) with the result, AC_END(&s->co). */
    AC_TODO();
}

ac_poll echo_server_poll(ac_future *self, ac_context *cx)
{
    echo_server *s = (echo_server *)self;
    (void)s;
    (void)cx;
    /* TODO: AC_BEGIN; while accepted < max_conns: s->acc =
     * ac_tcp_accept_on(s->ln), AC_AWAIT it; an error (acc.result.err < 0)
     * becomes the result (AC_RETURN); otherwise count it, make an
     * echo_session_new(acc.result.stream.io, s->on_session_done, s->arg),
     * AC_SPAWN it on ac_executor_current() and ac_join_release the handle.
     * Then result = accepted; AC_END. */
    AC_TODO();
}
