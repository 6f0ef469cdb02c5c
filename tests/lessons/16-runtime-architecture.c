/*
 * Checks for lesson 16 (runtime architecture), one group per exercise.
 *
 *   ctest --preset learner -L 16-runtime-architecture      all three
 *   ctest --preset learner -R 16-runtime-architecture/ex2  just exercise 2
 *
 * ex1 is pure arithmetic on a builder; ex2 checks the thread-local
 * context with fake handles first (which handle, which future, how many
 * spawns), then on the two real flavours, ac_executor and ac_runtime (run
 * it under TSan too: `ctest --preset tsan -L 16-runtime-architecture`);
 * ex3 compares the messages word for word.
 */
#include <pthread.h>
#include <stdlib.h>

#include "../check.h"
#include "given_tasks.h"
#include "lesson.h"

/* ---- exercise 1: rt_config_resolve ---------------------------------------- */

/* A config full of values no resolve would produce, to see what it wrote. */
static rt_config marked_config(void)
{
    rt_config c;
    memset(&c, 0x5a, sizeof c);
    c.thread_name[RT_NAME_MAX] = '\0';
    return c;
}

static void defaults_fill_every_zero(void **state)
{
    (void)state;
    CHECK_FN("rt_config_resolve");
    ac_runtime_builder b = ac_runtime_builder_new();
    rt_config c = marked_config();
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "a builder left at its defaults can always be built");
    EXPECT_UINT(c.workers, 2, "workers = 0 means one worker per CPU (2 CPUs here)");
    EXPECT_UINT(c.global_queue_interval, RT_DEFAULT_GLOBAL_QUEUE_INTERVAL,
                "global_queue_interval = 0 means the default, 31 ticks");
    EXPECT_UINT(c.event_interval, RT_DEFAULT_EVENT_INTERVAL,
                "event_interval = 0 means the default, 61 ticks");
    EXPECT_UINT(c.local_queue_capacity, RT_DEFAULT_QUEUE_CAPACITY,
                "local_queue_capacity = 0 means 256 slots");
    EXPECT_STR(c.thread_name, RT_DEFAULT_THREAD_NAME, "no thread_name means \"ac-worker\"");
    EXPECT_FALSE(c.enable_io, "the I/O driver is off unless asked for");
    EXPECT_FALSE(c.enable_time, "the time driver is off unless asked for");

    c = marked_config();
    EXPECT_INT(rt_config_resolve(&b, 0, &c), 0, "an unknown CPU count is no reason to refuse");
    EXPECT_UINT(c.workers, 1,
                "cpus = 0 (unknown) still gives one worker: a runtime of 0 workers runs nothing");
    EXPECT_INT(rt_config_resolve(&b, 7, &c), 0, "7 CPUs");
    EXPECT_UINT(c.workers, 7, "workers = 0 follows the CPU count");
}

static void values_given_are_kept(void **state)
{
    (void)state;
    CHECK_FN("rt_config_resolve");
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 3;
    b.global_queue_interval = 7;
    b.event_interval = 13;
    b.local_queue_capacity = 64;
    b.thread_name = "l16";
    b.enable_io = true;
    b.enable_time = true;
    rt_config c = marked_config();
    EXPECT_INT(rt_config_resolve(&b, 8, &c), 0, "every field set to something buildable");
    EXPECT_UINT(c.workers, 3, "workers asked for beat the CPU count");
    EXPECT_UINT(c.global_queue_interval, 7, "a global_queue_interval given is kept");
    EXPECT_UINT(c.event_interval, 13,
                "an event_interval given is kept (not swapped with the other interval)");
    EXPECT_UINT(c.local_queue_capacity, 64, "a power of two is a valid capacity");
    EXPECT_STR(c.thread_name, "l16", "a short name is kept as it is");
    EXPECT_TRUE(c.enable_io, "enable_io asked for");
    EXPECT_TRUE(c.enable_time, "enable_time asked for");

    b.enable_io = false;
    EXPECT_INT(rt_config_resolve(&b, 8, &c), 0, "one driver only");
    EXPECT_FALSE(c.enable_io, "enable_io follows the builder, not the other driver");
    EXPECT_TRUE(c.enable_time, "enable_time follows the builder");

    b.local_queue_capacity = 2;
    EXPECT_INT(rt_config_resolve(&b, 8, &c), 0, "2 is the smallest ring that works");
    EXPECT_UINT(c.local_queue_capacity, 2, "kept");
    b.local_queue_capacity = RT_MAX_QUEUE_CAPACITY;
    EXPECT_INT(rt_config_resolve(&b, 8, &c), 0, "the largest ring allowed is allowed");
    EXPECT_UINT(c.local_queue_capacity, RT_MAX_QUEUE_CAPACITY, "kept");
}

static void workers_stay_within_limits(void **state)
{
    (void)state;
    CHECK_FN("rt_config_resolve");
    ac_runtime_builder b = ac_runtime_builder_new();
    rt_config c;
    b.workers = 1000;
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "too many workers is clamped, not refused");
    EXPECT_UINT(c.workers, RT_MAX_WORKERS, "1000 workers are clamped to RT_MAX_WORKERS");
    b.workers = RT_MAX_WORKERS + 1;
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "one over the limit");
    EXPECT_UINT(c.workers, RT_MAX_WORKERS, "one over the limit is clamped too");
    b.workers = RT_MAX_WORKERS;
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "exactly the limit");
    EXPECT_UINT(c.workers, RT_MAX_WORKERS, "the limit itself is allowed");
    b.workers = 1;
    EXPECT_INT(rt_config_resolve(&b, 8, &c), 0, "one worker on 8 CPUs");
    EXPECT_UINT(c.workers, 1, "one worker asked for is one worker, whatever the CPUs");
    b.workers = 0;
    EXPECT_INT(rt_config_resolve(&b, 500, &c), 0, "a machine with 500 CPUs");
    EXPECT_UINT(c.workers, RT_MAX_WORKERS, "the CPU count is clamped like an explicit count");
}

static void refusals_change_nothing(void **state)
{
    (void)state;
    CHECK_FN("rt_config_resolve");
    const unsigned bad_capacities[] = {100, 1, 3, 6, 96, 2 * RT_MAX_QUEUE_CAPACITY, 0x80000000u};
    for (size_t i = 0; i < sizeof bad_capacities / sizeof bad_capacities[0]; i++) {
        ac_runtime_builder b = ac_runtime_builder_new();
        b.workers = 2;
        b.local_queue_capacity = bad_capacities[i];
        rt_config before = marked_config(), c = before;
        print_message("local_queue_capacity = %u\n", bad_capacities[i]);
        EXPECT_ERR(rt_config_resolve(&b, 2, &c), -EINVAL,
                   "a ring must be a power of two (index & mask) from 2 up to RT_MAX_QUEUE_CAPACITY");
        EXPECT_MEM(&c, &before, sizeof c, "a refused builder leaves *out exactly as it was");
    }
    ac_runtime_builder b = ac_runtime_builder_new();
    b.thread_name = "";
    rt_config before = marked_config(), c = before;
    EXPECT_ERR(rt_config_resolve(&b, 2, &c), -EINVAL,
               "an empty thread name would name the workers \"-0\", \"-1\"");
    EXPECT_MEM(&c, &before, sizeof c, "a refused builder leaves *out exactly as it was");
}

static void long_names_are_cut_to_fit(void **state)
{
    (void)state;
    CHECK_FN("rt_config_resolve");
    ac_runtime_builder b = ac_runtime_builder_new();
    b.thread_name = "a-very-long-worker-name";
    rt_config c = marked_config();
    memset(c.thread_name, 'x', sizeof c.thread_name); /* no terminator: resolve must write one */
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "a long name is cut, not refused");
    EXPECT_MEM(c.thread_name, "a-very-long-", RT_NAME_MAX, "the first RT_NAME_MAX (12) characters are kept");
    EXPECT_INT(c.thread_name[RT_NAME_MAX], '\0',
               "and the name ends right after them: \"name-63\" fits 15 chars");
    b.thread_name = "twelve-chars";
    memset(c.thread_name, 'x', sizeof c.thread_name);
    EXPECT_INT(rt_config_resolve(&b, 2, &c), 0, "exactly RT_NAME_MAX characters");
    EXPECT_STR(c.thread_name, "twelve-chars", "a name of exactly 12 characters is kept whole");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(defaults_fill_every_zero),   cmocka_unit_test(values_given_are_kept),
    cmocka_unit_test(workers_stay_within_limits), cmocka_unit_test(refusals_change_nothing),
    cmocka_unit_test(long_names_are_cut_to_fit),
};

/* ---- exercise 2: rt_enter, rt_exit, rt_current, rt_spawn_current ----------- */

/* A handle whose spawn only records what it was given. */
typedef struct fake_runtime {
    rt_handle handle; /* first: the spawn gets &handle */
    int spawns;
    const void *future;
    size_t size;
} fake_runtime;

static ac_join_handle fake_spawn(rt_handle *self, const void *future, size_t size)
{
    fake_runtime *f = (fake_runtime *)self;
    f->spawns++;
    f->future = future;
    f->size = size;
    return (ac_join_handle){.task = NULL};
}

static fake_runtime fake_named(const char *name)
{
    return (fake_runtime){.handle = {.flavour = name, .spawn = fake_spawn}};
}

static void outside_any_runtime_is_an_error(void **state)
{
    (void)state;
    CHECK_FN("rt_current");
    EXPECT_NULL(rt_current(), "a thread that entered nothing has no current runtime");
    CHECK_FN("rt_spawn_current");
    int payload = 42;
    ac_join_handle before, h;
    memset(&before, 0x5a, sizeof before);
    h = before;
    EXPECT_ERR(rt_spawn_current(&payload, sizeof payload, &h), -ESRCH,
               "outside any runtime there is nowhere to spawn: say so (ac_spawn_current aborts)");
    EXPECT_MEM(&h, &before, sizeof h, "a refused spawn leaves *out as it was");
}

static void enter_spawns_there_exit_restores(void **state)
{
    (void)state;
    fake_runtime a = fake_named("a");
    CHECK_FN("rt_enter");
    rt_enter_guard g = rt_enter(&a.handle);
    EXPECT_PTR(g.entered, &a.handle, "the guard says which handle this enter made current");
    EXPECT_NULL(g.prev, "before the first enter nothing was current");
    CHECK_FN("rt_current");
    EXPECT_PTR(rt_current(), &a.handle, "after rt_enter(a), a is current");
    CHECK_FN("rt_spawn_current");
    double payload = 1.5;
    ac_join_handle h;
    EXPECT_INT(rt_spawn_current(&payload, sizeof payload, &h), 0, "inside a runtime a spawn succeeds");
    EXPECT_INT(a.spawns, 1, "exactly one spawn reached the current runtime's handle");
    EXPECT_PTR(a.future, &payload, "the future given is the one passed to the handle's spawn");
    EXPECT_UINT(a.size, sizeof payload, "with its size: the runtime copies that many bytes");
    CHECK_FN("rt_exit");
    EXPECT_INT(rt_exit(&g), 0, "exiting the innermost (only) enter succeeds");
    EXPECT_NULL(rt_current(), "after the last exit this thread is outside again");
    CHECK_FN("rt_spawn_current");
    EXPECT_ERR(rt_spawn_current(&payload, sizeof payload, &h), -ESRCH, "outside again: nowhere to spawn");
    EXPECT_INT(a.spawns, 1, "and the runtime we left got nothing");
}

static void nested_enters_unwind_in_order(void **state)
{
    (void)state;
    fake_runtime a = fake_named("a"), b = fake_named("b");
    CHECK_FN("rt_enter");
    rt_enter_guard ga = rt_enter(&a.handle);
    rt_enter_guard gb = rt_enter(&b.handle);
    EXPECT_PTR(gb.prev, &a.handle, "the inner guard remembers the outer runtime");
    EXPECT_PTR(rt_current(), &b.handle, "the innermost enter wins");
    int x = 0;
    ac_join_handle h;
    CHECK_FN("rt_spawn_current");
    EXPECT_INT(rt_spawn_current(&x, sizeof x, &h), 0, "spawn inside the inner enter");
    EXPECT_INT(b.spawns, 1, "the spawn goes to the innermost runtime");
    EXPECT_INT(a.spawns, 0, "not to the outer one");
    CHECK_FN("rt_exit");
    EXPECT_INT(rt_exit(&gb), 0, "exit the inner enter");
    EXPECT_PTR(rt_current(), &a.handle, "the outer runtime is current again, not NULL");
    CHECK_FN("rt_spawn_current");
    EXPECT_INT(rt_spawn_current(&x, sizeof x, &h), 0, "spawn after the inner exit");
    EXPECT_INT(a.spawns, 1, "now the outer runtime gets it");
    CHECK_FN("rt_exit");
    EXPECT_INT(rt_exit(&ga), 0, "exit the outer enter");
    EXPECT_NULL(rt_current(), "outside again");

    /* the same handle twice, then a different one: depth counts */
    rt_enter_guard g1 = rt_enter(&a.handle);
    rt_enter_guard g2 = rt_enter(&a.handle);
    rt_enter_guard g3 = rt_enter(&b.handle);
    EXPECT_INT(rt_exit(&g3), 0, "innermost first");
    EXPECT_INT(rt_exit(&g2), 0, "then the second enter of a");
    EXPECT_PTR(rt_current(), &a.handle, "a is still entered once");
    EXPECT_INT(rt_exit(&g1), 0, "then the first");
    EXPECT_NULL(rt_current(), "and out");
    rt_enter_guard g4 = rt_enter(&b.handle);
    EXPECT_NULL(g4.prev, "a fresh enter after all exits starts from outside");
    EXPECT_INT(rt_exit(&g4), 0, "and exits cleanly: depth went back to 0 on the way out");
}

static void out_of_order_exit_is_refused(void **state)
{
    (void)state;
    CHECK_FN("rt_exit");
    fake_runtime a = fake_named("a"), b = fake_named("b");
    rt_enter_guard ga = rt_enter(&a.handle);
    rt_enter_guard gb = rt_enter(&b.handle);
    EXPECT_ERR(rt_exit(&ga), -EINVAL,
               "exiting the outer enter while the inner one is live would lose the inner runtime");
    EXPECT_PTR(rt_current(), &b.handle, "a refused exit changes nothing");
    EXPECT_INT(rt_exit(&gb), 0, "the inner one may go");
    EXPECT_ERR(rt_exit(&gb), -EINVAL, "but not twice: it is no longer the innermost enter");
    EXPECT_PTR(rt_current(), &a.handle, "and the second try changed nothing");
    EXPECT_INT(rt_exit(&ga), 0, "now the outer one may go");

    rt_enter_guard g1 = rt_enter(&a.handle);
    rt_enter_guard g2 = rt_enter(&a.handle);
    EXPECT_ERR(rt_exit(&g1), -EINVAL,
               "the same runtime entered twice: the outer guard is still not the innermost (compare depths)");
    EXPECT_PTR(rt_current(), &a.handle, "nothing changed");
    EXPECT_INT(rt_exit(&g2), 0, "innermost");
    EXPECT_INT(rt_exit(&g1), 0, "then the outer");
    EXPECT_NULL(rt_current(), "outside");
}

typedef struct other_thread {
    fake_runtime *mine;
    rt_handle *seen_at_start;
    rt_handle *seen_after_enter;
} other_thread;

static void *other_thread_main(void *arg)
{
    other_thread *o = arg;
    o->seen_at_start = rt_current();
    rt_enter(&o->mine->handle); /* left entered: the thread ends inside it */
    o->seen_after_enter = rt_current();
    return NULL;
}

static void each_thread_has_its_own_current(void **state)
{
    (void)state;
    CHECK_FN("rt_enter");
    fake_runtime a = fake_named("a"), b = fake_named("b");
    rt_enter_guard ga = rt_enter(&a.handle);
    other_thread o = {.mine = &b};
    pthread_t t;
    EXPECT_INT(pthread_create(&t, NULL, other_thread_main, &o), 0, "start another thread");
    CHECK_WAITING("another thread that calls rt_current and rt_enter, then ends");
    pthread_join(t, NULL);
    CHECK_WAITING(NULL);
    EXPECT_NULL(o.seen_at_start, "a new thread starts outside any runtime, even while main is inside one");
    EXPECT_PTR(o.seen_after_enter, &b.handle, "the other thread entered b");
    EXPECT_PTR(rt_current(), &a.handle,
               "main is still in a: the other thread's enter is its own (_Thread_local)");
    CHECK_FN("rt_exit");
    EXPECT_INT(rt_exit(&ga), 0, "main's enter is still its innermost");
    EXPECT_NULL(rt_current(), "outside");
}

/* Spawn a where_task through the current runtime, wait for it, say where it ran. */
static where_ran spawn_where_and_wait(ac_executor *ex)
{
    where_task t = where_task_new(1);
    ac_join_handle h;
    EXPECT_INT(rt_spawn_current(&t, sizeof t, &h), 0, "spawn on the current runtime");
    EXPECT_NONNULL(h.task, "the handle is a real task of the runtime spawned on");
    CHECK_WAITING("the task spawned with rt_spawn_current to run and finish");
    if (ex != NULL)
        ac_block_on(ex, &h.base);
    else
        wait_on_this_thread(&h.base);
    CHECK_WAITING(NULL);
    where_ran w;
    EXPECT_TRUE(ac_join_take(&h, &w, sizeof w), "the task ran to completion");
    return w;
}

static void spawns_land_on_either_flavour(void **state)
{
    (void)state;
    CHECK_FN("rt_spawn_current");
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    rt_handle single = rt_handle_of_executor(&ex);
    rt_enter_guard g = rt_enter(&single);
    where_ran w = spawn_where_and_wait(&ex);
    EXPECT_TRUE(w.on_executor, "entered on the current-thread flavour, the task ran on that ac_executor");
    EXPECT_INT(w.worker, -1, "and on no worker of a multi-threaded runtime");
    EXPECT_TRUE(pthread_equal(w.thread, pthread_self()),
                "on this very thread: current-thread means just that");
    EXPECT_INT(rt_exit(&g), 0, "exit the executor");
    ac_executor_close(&ex);

    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    rt_handle multi = rt_handle_of_runtime(rt);
    g = rt_enter(&multi);
    w = spawn_where_and_wait(NULL);
    EXPECT_TRUE(w.worker >= 0, "entered on the multi-thread flavour, the same call ran it on a worker");
    EXPECT_FALSE(pthread_equal(w.thread, pthread_self()), "on a worker thread, not the one that spawned");
    EXPECT_INT(rt_exit(&g), 0, "exit the runtime");
    ac_runtime_free(rt);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(outside_any_runtime_is_an_error), cmocka_unit_test(enter_spawns_there_exit_restores),
    cmocka_unit_test(nested_enters_unwind_in_order),   cmocka_unit_test(out_of_order_exit_is_refused),
    cmocka_unit_test(each_thread_has_its_own_current), cmocka_unit_test(spawns_land_on_either_flavour),
};

/* ---- exercise 3: rt_require_drivers --------------------------------------- */

#define NO_IO   "no I/O driver: set enable_io = true"
#define NO_TIME "no time driver: set enable_time = true"

static rt_config config_with(bool io, bool time)
{
    rt_config c = {.workers = 1, .enable_io = io, .enable_time = time};
    return c;
}

static void present_drivers_pass(void **state)
{
    (void)state;
    CHECK_FN("rt_require_drivers");
    rt_config both = config_with(true, true), none = config_with(false, false);
    char msg[128] = "stale text from before";
    EXPECT_INT(rt_require_drivers(&both, RT_NEEDS_IO | RT_NEEDS_TIME, msg, sizeof msg), 0,
               "both drivers there, both needed: fine");
    EXPECT_STR(msg, "", "nothing missing: the message is empty, not what was in the buffer");
    EXPECT_INT(rt_require_drivers(&none, 0, msg, sizeof msg), 0, "needing no driver is fine even with none");
    rt_config io = config_with(true, false);
    EXPECT_INT(rt_require_drivers(&io, RT_NEEDS_IO, msg, sizeof msg), 0,
               "the I/O driver is there; the missing time driver is not needed");
    rt_config time = config_with(false, true);
    EXPECT_INT(rt_require_drivers(&time, RT_NEEDS_TIME, msg, sizeof msg), 0,
               "the time driver is there; the missing I/O driver is not needed");
    EXPECT_STR(msg, "", "and nothing is reported");
}

static void a_missing_driver_is_named(void **state)
{
    (void)state;
    CHECK_FN("rt_require_drivers");
    char msg[128];
    rt_config io_only = config_with(true, false);
    EXPECT_ERR(rt_require_drivers(&io_only, RT_NEEDS_TIME, msg, sizeof msg), -ENOTSUP,
               "a sleep on a runtime without the time driver: not supported here (as ac_runtime_build says)");
    EXPECT_STR(msg, NO_TIME, "name the missing driver and the builder field that adds it");
    rt_config time_only = config_with(false, true);
    EXPECT_ERR(rt_require_drivers(&time_only, RT_NEEDS_IO, msg, sizeof msg), -ENOTSUP,
               "a socket on a runtime without the I/O driver");
    EXPECT_STR(msg, NO_IO, "name the I/O driver and enable_io");
    EXPECT_ERR(rt_require_drivers(&io_only, RT_NEEDS_IO | RT_NEEDS_TIME, msg, sizeof msg), -ENOTSUP,
               "needs both, has I/O");
    EXPECT_STR(msg, NO_TIME, "only the missing one is named: the I/O driver is there");
}

static void every_missing_driver_is_named(void **state)
{
    (void)state;
    CHECK_FN("rt_require_drivers");
    char msg[128];
    rt_config none = config_with(false, false);
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_IO | RT_NEEDS_TIME, msg, sizeof msg), -ENOTSUP,
               "needs both, has neither");
    EXPECT_STR(msg, NO_IO "; " NO_TIME, "both named, I/O first, joined by \"; \": fix both in one go");
}

static void unknown_needs_are_refused(void **state)
{
    (void)state;
    CHECK_FN("rt_require_drivers");
    char msg[128];
    rt_config both = config_with(true, true);
    EXPECT_ERR(rt_require_drivers(&both, 1u << 2, msg, sizeof msg), -EINVAL, "bit 2 names no driver");
    EXPECT_STR(msg, "unknown driver", "and the message says so");
    rt_config none = config_with(false, false);
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_IO | (1u << 5), msg, sizeof msg), -EINVAL,
               "an unknown bit is a caller's bug, reported before any missing driver");
}

static void the_message_fits_its_buffer(void **state)
{
    (void)state;
    CHECK_FN("rt_require_drivers");
    char buf[96];
    rt_config none = config_with(false, false);
    memset(buf, 'Z', sizeof buf);
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_IO, buf, 10), -ENOTSUP, "a short buffer changes no result");
    EXPECT_MEM(buf, "no I/O dr", 10, "cut to cap - 1 characters and a terminator");
    EXPECT_INT(buf[10], 'Z', "nothing written past cap");
    memset(buf, 'Z', sizeof buf);
    const size_t cap = sizeof NO_IO + 1; /* room for the first message and one more character */
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_IO | RT_NEEDS_TIME, buf, cap), -ENOTSUP, "both missing");
    EXPECT_MEM(buf, NO_IO ";", cap, "the joined message cut at cap - 1, still a string");
    EXPECT_INT(buf[cap], 'Z', "nothing written past cap by the second part");
    memset(buf, 'Z', sizeof buf);
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_IO | RT_NEEDS_TIME, buf, sizeof NO_IO - 3), -ENOTSUP,
               "first message already cut");
    EXPECT_INT(buf[sizeof NO_IO - 3], 'Z', "the second part adds nothing past cap either");
    EXPECT_INT(buf[sizeof NO_IO - 4], '\0', "and the string ends at cap - 1");
    memset(buf, 'Z', sizeof buf);
    EXPECT_ERR(rt_require_drivers(&none, RT_NEEDS_TIME, buf, 1), -ENOTSUP, "a buffer of one byte");
    EXPECT_INT(buf[0], '\0', "holds the empty string");
    EXPECT_INT(buf[1], 'Z', "and not a byte more");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(present_drivers_pass),          cmocka_unit_test(a_missing_driver_is_named),
    cmocka_unit_test(every_missing_driver_is_named), cmocka_unit_test(unknown_needs_are_refused),
    cmocka_unit_test(the_message_fits_its_buffer),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_config, ex1_tests), AC_CHECK_GROUP(ex2_current, ex2_tests),
              AC_CHECK_GROUP(ex3_drivers, ex3_tests))
