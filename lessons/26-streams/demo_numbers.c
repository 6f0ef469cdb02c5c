/*
 * demo_numbers.c - `26-streams numbers`: your counter (exercise 1) through
 * the runtime's map and filter and your take_n (exercise 2).  Every pull
 * of the counter is printed, so you see that nothing is computed ahead.
 */
#include <stdio.h>
#include <string.h>

#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

static void square(const void *in, void *out, void *user)
{
    (void)user;
    int v;
    memcpy(&v, in, sizeof v);
    v *= v;
    memcpy(out, &v, sizeof v);
}

static bool odd(const void *item, void *user)
{
    (void)user;
    int v;
    memcpy(&v, item, sizeof v);
    return v % 2 != 0;
}

int demo_numbers(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("numbers: counter(0, 1000) -> map(square) -> filter(odd) -> take_n(4)");
    counter c = counter_new(0, 1000);
    ac_map_stream m;
    if (ac_stream_map(&m, &c.base, sizeof(int), square, NULL) != 0)
        return 1;
    ac_filter_stream f = ac_stream_filter(&m.base, odd, NULL);
    take_n t = take_n_of(&f.base, 4);
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    for (;;) {
        int v, before = c.polls;
        int r = ac_stream_poll_next(&t.base, &cx, &v);
        if (r != AC_STREAM_ITEM) {
            printf("  poll_next -> %s (the counter was not asked again: %d pulls in all)\n",
                   r == AC_STREAM_END ? "END" : "error", c.polls);
            break;
        }
        printf("  poll_next -> %4d   (the counter was pulled %d time%s for it)\n", v, c.polls - before,
               c.polls - before == 1 ? "" : "s");
    }
    printf("  the counter was dropped %d time (by take_n, right after the 4th item)\n", c.drops);
    ac_stream_drop(&t.base);
    printf("\nTakeaway: a stream is computed only as far as its consumer asks; adapters pull\n"
           "from the stage before them, one item at a time.\n");
    return 0;
}
