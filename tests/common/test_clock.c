/* Unit tests for the runtime clock: pause, advance, resume. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ac/clock.h"

static void test_paused_clock_stands_still_and_moves_only_by_advance(void **state)
{
    (void)state;
    ac_clock c;
    ac_clock_init(&c);
    ac_clock_pause(&c);
    ac_nanos t0 = ac_clock_now(&c);
    assert_int_equal(ac_clock_now(&c), t0);
    ac_clock_advance(&c, AC_SEC(3600));
    assert_int_equal(ac_clock_now(&c), t0 + AC_SEC(3600));
    ac_clock_advance_to(&c, t0 + AC_SEC(10)); /* earlier: ignored */
    assert_int_equal(ac_clock_now(&c), t0 + AC_SEC(3600));
    ac_clock_advance_to(&c, t0 + AC_SEC(7200));
    assert_int_equal(ac_clock_now(&c), t0 + AC_SEC(7200));
}

static void test_resume_continues_from_the_paused_instant(void **state)
{
    (void)state;
    ac_clock c;
    ac_clock_init(&c);
    ac_clock_pause(&c);
    ac_clock_advance(&c, AC_SEC(100));
    ac_nanos paused_at = ac_clock_now(&c);
    ac_clock_resume(&c);
    ac_nanos after = ac_clock_now(&c);
    assert_true(after >= paused_at);            /* never goes backwards */
    assert_true(after < paused_at + AC_SEC(5)); /* and did not jump ahead */
    ac_clock_advance(&c, AC_SEC(50));           /* ignored while running */
    assert_true(ac_clock_now(&c) < paused_at + AC_SEC(5));
}

static void test_running_clock_is_monotonic(void **state)
{
    (void)state;
    ac_clock c;
    ac_clock_init(&c);
    ac_nanos prev = ac_clock_now(&c);
    for (int i = 0; i < 1000; i++) {
        ac_nanos now = ac_clock_now(&c);
        assert_true(now >= prev);
        prev = now;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paused_clock_stands_still_and_moves_only_by_advance),
        cmocka_unit_test(test_resume_continues_from_the_paused_instant),
        cmocka_unit_test(test_running_clock_is_monotonic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
