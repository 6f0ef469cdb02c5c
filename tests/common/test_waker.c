/* Unit tests for wakers and the waker slot: references stay balanced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ac/waker.h"

typedef struct counts {
    int refs; /* live clones */
    int wakes;
} counts;

static const ac_waker_vtable counted_vtable;
static ac_waker counted_clone(void *d)
{
    ((counts *)d)->refs++;
    return (ac_waker){.data = d, .vtable = &counted_vtable};
}
static void counted_wake(void *d)
{
    ((counts *)d)->wakes++;
    ((counts *)d)->refs--;
}
static void counted_wake_by_ref(void *d) { ((counts *)d)->wakes++; }
static void counted_drop(void *d) { ((counts *)d)->refs--; }
static const ac_waker_vtable counted_vtable = {
    .clone = counted_clone, .wake = counted_wake, .wake_by_ref = counted_wake_by_ref, .drop = counted_drop};

static void test_noop_waker_can_be_used_in_every_way(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_waker c = ac_waker_clone(&w);
    assert_true(ac_waker_will_wake(&w, &c));
    ac_waker_wake_by_ref(&c);
    ac_waker_wake(&c);
    assert_null(c.vtable); /* consumed */
    ac_waker_drop(&w);
}

static void test_slot_keeps_one_clone_and_reuses_it_for_the_same_waker(void **state)
{
    (void)state;
    counts a = {0}, b = {0};
    ac_waker wa = {.data = &a, .vtable = &counted_vtable};
    ac_waker wb = {.data = &b, .vtable = &counted_vtable};
    ac_waker_slot slot = {0};
    assert_false(ac_waker_slot_is_set(&slot));
    ac_waker_slot_set(&slot, &wa);
    ac_waker_slot_set(&slot, &wa); /* same waker: no second clone */
    assert_int_equal(a.refs, 1);
    ac_waker_slot_set(&slot, &wb); /* another waker replaces it: a's clone dropped */
    assert_int_equal(a.refs, 0);
    assert_int_equal(b.refs, 1);
    ac_waker_slot_wake(&slot);
    assert_int_equal(b.wakes, 1);
    assert_int_equal(b.refs, 0);
    assert_false(ac_waker_slot_is_set(&slot));
    ac_waker_slot_wake(&slot); /* empty: nothing happens */
    assert_int_equal(b.wakes, 1);
    ac_waker_slot_set(&slot, &wa);
    ac_waker_slot_clear(&slot);
    assert_int_equal(a.refs, 0);
    assert_int_equal(a.wakes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noop_waker_can_be_used_in_every_way),
        cmocka_unit_test(test_slot_keeps_one_clone_and_reuses_it_for_the_same_waker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
