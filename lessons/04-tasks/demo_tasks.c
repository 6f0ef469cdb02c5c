/*
 * demo_tasks.c - lesson 04's demos: a task's life, its waker, its join handle.
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "lesson.h"

static bool parse_arg(int argc, char **argv, unsigned long max, unsigned long *value)
{
    if (argc < 2)
        return true; /* keep the default */
    return ac_cli_parse_ulong(argv[0], argv[1], 0, max, value);
}

static unsigned refs_of(task *t) { return atomic_load(&t->refs); }

/* After every poll: what happened, and what the queue holds now. */
static void print_poll(task *t, ac_poll result, void *arg)
{
    unsigned *number = arg;
    char queue[160];
    task_queue_describe(t->queue, queue, sizeof queue);
    bool back = task_queue_contains(t->queue, t);
    printf("  poll #%-2u %-9s -> %-7s  queue now %-22s %s\n", ++*number, t->name,
           result == AC_READY ? "Ready" : "Pending", queue,
           result == AC_READY ? "(done: gone for good)"
           : back             ? "(it woke itself: back in line)"
                              : "(waiting for a wake)");
}

/* ---- lifecycle ------------------------------------------------------- */

int demo_lifecycle(int argc, char **argv)
{
    unsigned long n = 3;
    if (!parse_arg(argc, argv, 100, &n))
        return 2;

    task_queue q;
    task_queue_init(&q);
    countdown c = countdown_new((unsigned)n), s = countdown_new(1);
    join_handle hc = spawn(&q, "countdown", &c, sizeof c);
    join_handle hs = spawn(&q, "short", &s, sizeof s);
    char queue[160];
    printf("spawned two tasks: countdown(%lu) and countdown(1) named \"short\".\n", n);
    printf("each is one allocation: a %zu-byte task header + the %zu-byte future.\n", sizeof(task), sizeof c);
    printf("queue before any poll: %s\n\n", task_queue_describe(&q, queue, sizeof queue));

    unsigned number = 0;
    unsigned polls = run_tasks(&q, print_poll, &number);
    printf("\n%u polls: countdown %u, short %u.  Queue empty, so run_tasks returned.\n", polls,
           hc.task->polls, hs.task->polls);
    join_release(&hc);
    join_release(&hs);
    task_queue_destroy(&q);
    printf("\nTakeaway: the executor never handles a bare future, only tasks.  A\n"
           "Pending task leaves the queue; only its waker can put it back, and a\n"
           "task whose future is Ready never comes back.\n");
    return 0;
}

/* ---- waker: a task that waits for something outside ---------------------- */

/* Pending until someone opens the gate; keeps the waker of whoever waits. */
typedef struct gate {
    ac_future base;
    bool open;
    ac_waker_slot waiter;
} gate;

static ac_poll gate_poll(ac_future *self, ac_context *cx)
{
    gate *g = (gate *)self;
    if (g->open)
        return AC_READY;
    ac_waker_slot_set(&g->waiter, cx->waker); /* rule 2: someone will wake us */
    return AC_PENDING;
}

static void gate_drop(ac_future *self) { ac_waker_slot_clear(&((gate *)self)->waiter); }

static const ac_future_vtable gate_vtable = {.name = "gate", .poll = gate_poll, .drop = gate_drop};

static void open_gate(gate *g)
{
    g->open = true;
    ac_waker_slot_wake(&g->waiter);
}

int demo_waker(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    task_queue q;
    task_queue_init(&q);
    gate g0 = {.base = {&gate_vtable}};
    join_handle h = spawn(&q, "gate", &g0, sizeof g0);
    task *t = h.task;
    gate *g = (gate *)(void *)t->future; /* the task's own copy, where the poll happens */
    char queue[160];
    unsigned number = 0;

    printf("spawned \"gate\": a future that is Pending until the gate opens.\n");
    printf("  queue %s, refs %u (our handle + the queue entry)\n\n",
           task_queue_describe(&q, queue, sizeof queue), refs_of(t));

    run_tasks(&q, print_poll, &number);
    printf("  the future kept a clone of the task's waker: refs %u (handle + that waker)\n\n", refs_of(t));

    ac_waker spare = task_waker(t);
    printf("we make a waker of our own: refs %u\n", refs_of(t));
    ac_waker_wake_by_ref(&spare);
    printf("  wake_by_ref -> queue %s, refs %u (+1 for the queue entry)\n",
           task_queue_describe(&q, queue, sizeof queue), refs_of(t));
    ac_waker_wake_by_ref(&spare);
    ac_waker_wake_by_ref(&spare);
    printf("  two more wakes -> queue %s: a queued task is not queued twice\n",
           task_queue_describe(&q, queue, sizeof queue));
    printf("  the gate is still shut, so polling it again changes nothing:\n");
    run_tasks(&q, print_poll, &number);

    printf("\nthe gate opens: it wakes the waker it stored\n");
    open_gate(g);
    printf("  queue %s\n", task_queue_describe(&q, queue, sizeof queue));
    run_tasks(&q, print_poll, &number);
    ac_waker_wake_by_ref(&spare);
    printf("  a wake after Ready -> queue %s: a done task ignores wakes\n",
           task_queue_describe(&q, queue, sizeof queue));
    ac_waker_drop(&spare);
    printf("  our waker dropped: refs %u (just the handle)\n", refs_of(t));
    join_release(&h);
    task_queue_destroy(&q);
    printf("\nTakeaway: a task's waker is just \"push this task onto that queue\",\n"
           "made safe to call twice (queued flag), late (done flag) and from\n"
           "anywhere (each waker holds a reference, so the task outlives it).\n");
    return 0;
}

/* ---- join: a task that awaits another task -------------------------------- */

/* main_task: awaits a join handle and keeps the answer. */
typedef struct awaiter {
    ac_future base;
    ac_coro co;
    join_handle handle;
    int result;
} awaiter;

static ac_poll awaiter_poll(ac_future *self, ac_context *cx)
{
    awaiter *a = (awaiter *)self;
    AC_BEGIN(&a->co);
    AC_AWAIT(&a->co, cx, &a->handle.base);
    a->result = *(int *)join_output(&a->handle);
    printf("            main: the join handle is Ready, output %d\n", a->result);
    join_release(&a->handle);
    AC_END(&a->co);
}

static void awaiter_drop(ac_future *self) { join_release(&((awaiter *)self)->handle); }

static const ac_future_vtable awaiter_vtable = {
    .name = "main",
    .poll = awaiter_poll,
    .drop = awaiter_drop,
    AC_OUTPUT(awaiter, result),
};

int demo_join(int argc, char **argv)
{
    unsigned long value = 42;
    if (!parse_arg(argc, argv, 1000000, &value))
        return 2;

    task_queue q;
    task_queue_init(&q);
    answer a = answer_new(2, (int)value);
    awaiter m = {.base = {&awaiter_vtable}};
    m.handle = spawn(&q, "answer", &a, sizeof a); /* moved into main's future */
    join_handle hm = spawn(&q, "main", &m, sizeof m);

    printf("\"answer\" steps aside twice, then is Ready with %lu.\n", value);
    printf("\"main\" awaits answer's join handle.\n\n");
    unsigned number = 0;
    run_tasks(&q, print_poll, &number);
    int got = *(int *)join_output(&hm);
    printf("\nmain's output: %d.  Main was polled %u times: once to start waiting,\n"
           "once when answer's completion woke it.\n",
           got, hm.task->polls);
    join_release(&hm);
    task_queue_destroy(&q);

    /* the real runtime does the same with ac_join_handle */
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    answer again = answer_new(2, (int)value);
    ac_join_handle h = AC_SPAWN(&ex, again);
    ac_block_on(&ex, &h.base);
    int real = 0;
    ac_join_take(&h, &real, sizeof real);
    printf("On common/'s executor: AC_SPAWN + ac_block_on(join handle) -> %d.\n", real);
    ac_executor_close(&ex);

    printf("\nTakeaway: a join handle is a future too.  Awaiting it parks the\n"
           "caller's waker in the task; finishing the task wakes it.\n");
    return got == (int)value && real == (int)value ? 0 : 1;
}
