/*
 * demo_race.c - `15-select race`: two sleeps raced by your select2
 * (exercise 1), each wrapped in your counted probe (exercise 2), on the
 * paused clock: the output is exact and instant.
 */
#include <stdio.h>

#include "ac/executor.h"
#include "ac/timer.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

int demo_race(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("race: sleep 100 ms vs sleep 500 ms");
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex));
    lesson_trace = true;
    lesson_clock_zero(ac_executor_clock(&ex));
    ac_sleep fast = ac_sleep_for(AC_MSEC(100)), slow = ac_sleep_for(AC_MSEC(500));
    counted a = counted_of("fast (100 ms)", &fast.base), b = counted_of("slow (500 ms)", &slow.base);
    select2 s = select2_of(&a.base, &b.base);
    ac_block_on(&ex, &s.base);
    printf("  winner: %s at %.0f ms; timers left in the heap: %zu\n", s.winner == 0 ? "fast" : "slow",
           lesson_ms(), ac_timers_len(ac_timers_get(&ex)));
    printf("  fast: %d polls, %d drops   slow: %d poll%s, %d drop%s\n", a.polls, a.drops, b.polls,
           b.polls == 1 ? "" : "s", b.drops, b.drops == 1 ? "" : "s");
    lesson_trace = false;
    ac_executor_close(&ex);
    printf("\nTakeaway: select polls every branch and finishes with the first Ready one; the\n"
           "loser is dropped at once, exactly once, and its drop cancels its timer.\n");
    return 0;
}
