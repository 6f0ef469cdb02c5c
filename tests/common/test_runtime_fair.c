/*
 * test_runtime_fair.c - ac_runtime keeps serving while one worker is
 * blocked: a task that holds its worker for 200 ms (a blocking call
 * inside a poll, the mistake lesson 25 shows) must not stop the others.
 *
 *   worker A:  [ hog: nanosleep 200 ms ......................... ]
 *   worker B:     [probe][probe][probe][probe] ... each poll yields, re-queued
 *              ^ hog_up set                                    ^ hog_up cleared
 *
 * The probe counts the polls it gets while the hog's flag is up: a
 * count, not wall-clock gaps, so a slow or loaded machine cannot make
 * it flaky, and a runtime whose other workers stalled behind the hog
 * (or that queued the probe behind it) gets ~0.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "ac/coro.h"
#include "ac/runtime.h"
#include "chan_util.h"

#define HOG_MS     200
#define MIN_PROBES 20 /* modest: thousands is typical, 0 when the probe is stuck */
#define WATCHDOG_S 20

typedef struct fairness {
    _Atomic bool hog_up, hog_done;
    _Atomic long probes_during_hog;
    _Atomic int hog_worker, probe_worker;
} fairness;

/* Blocks its worker: one nanosleep of HOG_MS inside the poll. */
typedef struct hog_fut {
    ac_future base;
    fairness *f;
} hog_fut;

static ac_poll hog_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    fairness *f = ((hog_fut *)self)->f;
    atomic_store(&f->hog_worker, ac_runtime_worker_index());
    atomic_store(&f->hog_up, true);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = HOG_MS * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
    atomic_store(&f->hog_up, false);
    atomic_store(&f->hog_done, true);
    return AC_READY;
}
static const ac_future_vtable hog_vtable = {.name = "hog", .poll = hog_poll};

/* Re-queues itself with ac_yield_now until the hog is done. */
typedef struct probe_fut {
    ac_future base;
    ac_coro co;
    fairness *f;
    ac_yield y;
} probe_fut;

static ac_poll probe_poll(ac_future *self, ac_context *cx)
{
    probe_fut *p = (probe_fut *)self;
    AC_BEGIN(&p->co);
    while (!atomic_load(&p->f->hog_done)) {
        if (atomic_load(&p->f->hog_up)) {
            atomic_fetch_add(&p->f->probes_during_hog, 1);
            atomic_store(&p->f->probe_worker, ac_runtime_worker_index());
        }
        p->y = ac_yield_now();
        AC_AWAIT(&p->co, cx, &p->y.base);
    }
    AC_END(&p->co);
}
static const ac_future_vtable probe_vtable = {.name = "probe", .poll = probe_poll};

static void test_a_probe_keeps_running_while_a_task_blocks_its_worker(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    fairness f = {.hog_worker = -1, .probe_worker = -1};
    hog_fut hog = {.base = {&hog_vtable}, .f = &f};
    ac_join_handle hh = AC_RUNTIME_SPAWN(rt, hog);
    /* the probe comes after the hog holds a worker, so the free worker has to take it */
    ac_nanos until = ac_monotonic_now() + AC_SEC(5);
    while (!atomic_load(&f.hog_up) && !atomic_load(&f.hog_done) && ac_monotonic_now() < until)
        sched_yield();
    assert_true(atomic_load(&f.hog_up) || atomic_load(&f.hog_done));
    probe_fut probe = {.base = {&probe_vtable}, .f = &f};
    ac_join_handle hp = AC_RUNTIME_SPAWN(rt, probe);
    ac_runtime_block_on(rt, &hp.base);
    ac_runtime_block_on(rt, &hh.base);
    long during = atomic_load(&f.probes_during_hog);
    print_message("probe: %ld polls during the %d ms hog (hog on worker %d, probe on worker %d)\n", during,
                  HOG_MS, atomic_load(&f.hog_worker), atomic_load(&f.probe_worker));
    assert_true(ac_join_is_finished(&hp) && !ac_join_was_aborted(&hp));
    assert_true(ac_join_is_finished(&hh) && !ac_join_was_aborted(&hh));
    assert_true(during >= MIN_PROBES);
    assert_int_not_equal(atomic_load(&f.probe_worker), atomic_load(&f.hog_worker));
    ac_join_release(&hp);
    ac_join_release(&hh);
    ac_runtime_free(rt);
    alarm(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_probe_keeps_running_while_a_task_blocks_its_worker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
