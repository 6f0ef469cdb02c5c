/*
 * rt_util.h - small helpers shared by the layer 3-5 unit tests
 * (test_timer.c, test_reactor.c, test_net.c, test_combinators.c).
 */
#ifndef AC_TESTS_RT_UTIL_H
#define AC_TESTS_RT_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/time.h>

#include "ac/executor.h"
#include "ac/future.h"
#include "ac/waker.h"

/* A waker that counts: wakes, and live references (clones minus drops),
 * so a test can prove that slots released what they held. */
typedef struct counting_waker {
    int wakes;
    int refs;
    void (*on_wake)(struct counting_waker *self); /* optional hook */
    void *user;
} counting_waker;

static ac_waker cw_clone(void *data);
static void cw_wake_by_ref(void *data)
{
    counting_waker *c = data;
    c->wakes++;
    if (c->on_wake != NULL)
        c->on_wake(c);
}
static void cw_wake(void *data)
{
    cw_wake_by_ref(data);
    ((counting_waker *)data)->refs--;
}
static void cw_drop(void *data) { ((counting_waker *)data)->refs--; }
static const ac_waker_vtable cw_vtable = {
    .clone = cw_clone, .wake = cw_wake, .wake_by_ref = cw_wake_by_ref, .drop = cw_drop};
static ac_waker cw_clone(void *data)
{
    ((counting_waker *)data)->refs++;
    return (ac_waker){.data = data, .vtable = &cw_vtable};
}
/* A borrowed waker for c (no reference taken), like a context's. */
static inline ac_waker cw_borrow(counting_waker *c) { return (ac_waker){.data = c, .vtable = &cw_vtable}; }

/* A future that is never ready and counts its polls and drops. */
typedef struct never {
    ac_future base;
    int polls, drops;
} never;
static ac_poll never_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((never *)self)->polls++;
    return AC_PENDING;
}
static void never_drop(ac_future *self) { ((never *)self)->drops++; }
static const ac_future_vtable never_vtable = {.name = "never", .poll = never_poll, .drop = never_drop};
static inline never never_new(void) { return (never){.base = {&never_vtable}}; }

/* A future that is ready at once and counts its polls and drops. */
typedef struct instant {
    ac_future base;
    int polls, drops;
} instant;
static ac_poll instant_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((instant *)self)->polls++;
    return AC_READY;
}
static void instant_drop(ac_future *self) { ((instant *)self)->drops++; }
static const ac_future_vtable instant_vtable = {
    .name = "instant", .poll = instant_poll, .drop = instant_drop};
static inline instant instant_new(void) { return (instant){.base = {&instant_vtable}}; }

#define EXECUTOR_SETUP(ex) assert_int_equal(ac_executor_init(&(ex)), 0)

/* ---- a 1 ms SIGALRM storm, to make every blocking call see EINTR ------ */

static volatile sig_atomic_t rt_alarms; /* alarms delivered so far */
static inline void rt_on_alarm(int sig)
{
    (void)sig;
    rt_alarms++;
}

/* Off: stop the timer first, then ignore (not default: a last alarm
 * still in flight would kill the process). */
static inline void alarm_storm(bool on)
{
    struct itimerval it = {0};
    if (on)
        it.it_interval.tv_usec = it.it_value.tv_usec = 1000;
    struct sigaction sa = {.sa_handler = on ? rt_on_alarm : SIG_IGN}; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    if (on)
        sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
    if (!on)
        sigaction(SIGALRM, &sa, NULL);
}

#endif
