/*
 * Unit tests for the coroutine macros: resume points, locals kept in the
 * struct, yield, early return, and drop of the child being awaited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ac/coro.h"

/* A child future that is Pending `left` times, records drops. */
typedef struct step {
    ac_future base;
    int left;
    int *drops;
    int output;
} step;

static ac_poll step_poll(ac_future *self, ac_context *cx)
{
    step *s = (step *)self;
    if (s->left-- > 0) {
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    s->output = 7;
    return AC_READY;
}
static void step_drop(ac_future *self)
{
    step *s = (step *)self;
    (*s->drops)++;
}
static const ac_future_vtable step_vtable = {
    .name = "step", .poll = step_poll, .drop = step_drop, AC_OUTPUT(step, output)};

/* Awaits three children in turn, writing a trace of where it resumed. */
typedef struct three {
    ac_future base;
    ac_coro co;
    step child;
    int drops;
    char trace[32];
    int len;
} three;

static void mark(three *t, char c) { t->trace[t->len++] = c; }

static ac_poll three_poll(ac_future *self, ac_context *cx)
{
    three *t = (three *)self;
    AC_BEGIN(&t->co);
    mark(t, 'a');
    t->child = (step){.base = {&step_vtable}, .left = 2, .drops = &t->drops};
    AC_AWAIT(&t->co, cx, &t->child.base);
    mark(t, 'b');
    t->child = (step){.base = {&step_vtable}, .left = 1, .drops = &t->drops};
    AC_AWAIT(&t->co, cx, &t->child.base);
    mark(t, 'c');
    AC_YIELD(&t->co, cx);
    mark(t, 'd');
    t->child = (step){.base = {&step_vtable}, .left = 0, .drops = &t->drops};
    AC_AWAIT(&t->co, cx, &t->child.base);
    mark(t, 'e');
    AC_END(&t->co);
}
static void three_drop(ac_future *self) { ac_coro_drop(&((three *)self)->co); }
static const ac_future_vtable three_vtable = {.name = "three", .poll = three_poll, .drop = three_drop};

static void test_resumes_after_each_await_at_the_right_point(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    three t = {.base = {&three_vtable}};
    const char *expected[] = {"a", "a", "ab", "abc", "abcde"};
    ac_poll results[] = {AC_PENDING, AC_PENDING, AC_PENDING, AC_PENDING, AC_READY};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ac_future_poll(&t.base, &cx), results[i]);
        t.trace[t.len] = '\0';
        assert_string_equal(t.trace, expected[i]);
    }
    assert_int_equal(t.co.line, -1);
    assert_null(t.co.awaiting);
    assert_int_equal(t.drops, 0); /* finished children are not dropped */
}

static void test_drop_mid_await_drops_the_child_once(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    three t = {.base = {&three_vtable}};
    assert_int_equal(ac_future_poll(&t.base, &cx), AC_PENDING); /* awaiting the first child */
    assert_ptr_equal(t.co.awaiting, &t.child.base);
    ac_future_drop(&t.base);
    assert_int_equal(t.drops, 1);
    ac_future_drop(&t.base); /* dropping twice is harmless: nothing left to drop */
    assert_int_equal(t.drops, 1);
}

/* Early return from a loop. */
typedef struct finder {
    ac_future base;
    ac_coro co;
    int i, target, output;
} finder;

static ac_poll finder_poll(ac_future *self, ac_context *cx)
{
    finder *f = (finder *)self;
    AC_BEGIN(&f->co);
    for (f->i = 0; f->i < 100; f->i++) {
        if (f->i == f->target) {
            f->output = f->i * 2;
            AC_RETURN(&f->co);
        }
        AC_YIELD(&f->co, cx);
    }
    f->output = -1;
    AC_END(&f->co);
}
static const ac_future_vtable finder_vtable = {
    .name = "finder", .poll = finder_poll, AC_OUTPUT(finder, output)};

static void test_return_inside_a_loop_keeps_loop_state_in_the_struct(void **state)
{
    (void)state;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    finder f = {.base = {&finder_vtable}, .target = 4};
    int polls = 0;
    while (ac_future_poll(&f.base, &cx) == AC_PENDING)
        polls++;
    assert_int_equal(polls, 4);
    assert_int_equal(f.output, 8);
    assert_int_equal(f.co.line, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resumes_after_each_await_at_the_right_point),
        cmocka_unit_test(test_drop_mid_await_drops_the_child_once),
        cmocka_unit_test(test_return_inside_a_loop_keeps_loop_state_in_the_struct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
