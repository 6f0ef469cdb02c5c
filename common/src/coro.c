/* coro.c - the one out-of-line piece of the coroutine macros. */
#include "ac/coro.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void ac_coro_misuse(const char *file, int line, int state)
{
    fprintf(stderr, "%s:%d: coroutine polled in state %d: %s\n", file, line, state,
            state == -1 ? "it already returned Ready (poll contract, rule 1)" : "its state field is corrupt");
    abort();
}
