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
 * Check it:  ./course check 11/ex3   (or: ctest --preset learner -R 11-async-read-write/ex3)
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
    /* TODO: echo every byte the client sends back to it, until the client
     * is done sending (end of file), as a coroutine (ac/coro.h).
     * - The session owns s->io: when it ends it closes it (the client then
     *   sees end of file) and tells on_done (if not NULL) its result.
     * - result: bytes echoed when the client ended cleanly; a read or
     *   write error as it is (-errno).
     * - Echo exactly what was read, no more.  Everything that must survive
     *   an await (the children s->rd, s->wr; counters) lives in the struct.
     * Explained in docs/11-async-read-write.md, "The same thing in C"
     * (the echo server), and lesson 02 for the coroutine macros. */
    AC_TODO();
}

ac_poll echo_server_poll(ac_future *self, ac_context *cx)
{
    echo_server *s = (echo_server *)self;
    (void)s;
    (void)cx;
    /* TODO: accept connections on s->ln until max_conns, giving each one a
     * task of its own (an echo_session with on_session_done and arg), so
     * the server is accepting again while the sessions talk.
     * - result: connections accepted, or the accept's -errno.
     * - Each session task is detached: the server keeps no join handle, so
     *   it must give back the one spawning returns, or the task is never
     *   freed.  Spawn on the executor running this poll.
     * Explained in docs/11-async-read-write.md, "The same thing in C",
     * and lesson 10 (spawn and join handles). */
    AC_TODO();
}
