/*
 * demo_rules.c - the two promises Rust's compiler checks at tokio::spawn and C
 * does not: a task must own what it uses ('static), and what tasks share
 * across threads must be safe to share (Send).  Each rule has a demo that
 * breaks it and one that keeps it.  The broken ones run, quietly wrong, in
 * the normal build; the sanitizer builds catch them red-handed.
 */
#include <pthread.h>
#include <stdio.h>

#include "demos.h"
#include "lesson.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define HAVE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HAVE_TSAN 1
#endif
#endif

static void print_poll(task *t, ac_poll result, void *arg)
{
    (void)arg;
    printf("  poll #%u of %s -> %s\n", t->polls, t->name, result == AC_READY ? "Ready" : "Pending");
}

/* ---- 'static: a task must not borrow its spawner's stack --------------- */

/* Sums `count` ints found at `numbers` - wherever that points. */
typedef struct sum_borrowed {
    ac_future base;
    const int *numbers;
    size_t count;
    bool stepped_aside;
    int output;
} sum_borrowed;

static ac_poll sum_borrowed_poll(ac_future *self, ac_context *cx)
{
    sum_borrowed *s = (sum_borrowed *)self;
    if (!s->stepped_aside) { /* like any task, it runs a little later */
        s->stepped_aside = true;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    s->output = 0;
    for (size_t i = 0; i < s->count; i++)
        s->output += s->numbers[i]; /* static-bug: reads a dead stack frame */
    return AC_READY;
}

static const ac_future_vtable sum_borrowed_vtable = {
    .name = "sum_borrowed", .poll = sum_borrowed_poll, AC_OUTPUT(sum_borrowed, output)};

/* THE BUG: `numbers` lives in this function's stack frame, which is gone
 * the moment we return - but the task we spawned keeps pointing at it. */
__attribute__((noinline)) static join_handle spawn_sum_of_locals(task_queue *q)
{
    int numbers[4] = {10, 20, 30, 40};
    sum_borrowed f = {.base = {&sum_borrowed_vtable}, .numbers = numbers, .count = 4};
    return spawn(q, "sum", &f, sizeof f);
}

/* Some other call reuses the stack where that frame used to be. */
__attribute__((noinline)) static int reuse_the_stack(void)
{
    volatile int scratch[64];
    for (int i = 0; i < 64; i++)
        scratch[i] = i * 7919;
    return scratch[5];
}

int demo_static_bug(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("spawn_sum_of_locals() keeps {10, 20, 30, 40} in its own stack frame,\n"
           "spawns a task that holds a POINTER to them, and returns.  Rust would\n"
           "refuse to compile this (the future is not 'static).  C compiles it.\n\n");
#ifdef HAVE_ASAN
    printf("This is the AddressSanitizer build: the task's read of the dead frame\n"
           "stops the program with \"ERROR: AddressSanitizer: stack-use-after-return\",\n"
           "a READ in sum_borrowed_poll, and \"'numbers' is located in frame\n"
           "spawn_sum_of_locals\".  The report follows.\n\n");
#else
    printf("Without a sanitizer the read goes unnoticed: the sum below is whatever\n"
           "bytes now sit where the frame was - maybe even 100, which is worse.\n"
           "To see the bug caught, build with AddressSanitizer and run this again:\n\n"
           "    cmake --preset asan && cmake --build --preset asan\n"
           "    build-asan/lessons/04-tasks static-bug\n\n"
           "ASan stops at the read: \"ERROR: AddressSanitizer: stack-use-after-return\",\n"
           "READ of size 4 in sum_borrowed_poll, \"'numbers' is located in frame\n"
           "spawn_sum_of_locals\".  (lesson 04 turns on ASan's\n"
           "detect_stack_use_after_return for you; see main.c.)\n\n");
#endif
    fflush(stdout);

    task_queue q;
    task_queue_init(&q);
    join_handle h = spawn_sum_of_locals(&q);
    int noise = reuse_the_stack();
    (void)noise;
    run_tasks(&q, print_poll, NULL);
    printf("sum = %d   (10 + 20 + 30 + 40 = 100)\n", *(int *)join_output(&h));
    join_release(&h);
    task_queue_destroy(&q);
    printf("\nThe fix is in `static-fixed`: the task owns a copy of its data.\n");
    return 0;
}

/* THE FIX: the numbers are inside the future, so spawn copies them into
 * the task - C's version of `async move`.  (For data too big to copy,
 * malloc it, hand the pointer to the future, and free it in the future's
 * poll-to-Ready and drop: ownership moves, the same idea.) */
typedef struct sum_owned {
    ac_future base;
    int numbers[4];
    bool stepped_aside;
    int output;
} sum_owned;

static ac_poll sum_owned_poll(ac_future *self, ac_context *cx)
{
    sum_owned *s = (sum_owned *)self;
    if (!s->stepped_aside) {
        s->stepped_aside = true;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    s->output = 0;
    for (size_t i = 0; i < 4; i++)
        s->output += s->numbers[i];
    return AC_READY;
}

static const ac_future_vtable sum_owned_vtable = {
    .name = "sum_owned", .poll = sum_owned_poll, AC_OUTPUT(sum_owned, output)};

__attribute__((noinline)) static join_handle spawn_sum_of_copies(task_queue *q)
{
    int numbers[4] = {10, 20, 30, 40};
    sum_owned f = {.base = {&sum_owned_vtable}};
    for (int i = 0; i < 4; i++)
        f.numbers[i] = numbers[i]; /* the task gets its own copy */
    return spawn(q, "sum", &f, sizeof f);
}

int demo_static_fixed(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("spawn_sum_of_copies() copies the numbers INTO the future; spawn copies\n"
           "the future into the task.  Its stack frame can vanish: nothing points there.\n\n");
    task_queue q;
    task_queue_init(&q);
    join_handle h = spawn_sum_of_copies(&q);
    int noise = reuse_the_stack();
    (void)noise;
    run_tasks(&q, print_poll, NULL);
    int sum = *(int *)join_output(&h);
    printf("sum = %d\n", sum);
    join_release(&h);
    task_queue_destroy(&q);
    printf("\nTakeaway: a spawned task outlives the function that spawned it, so it\n"
           "must own everything it touches ('static in Rust).  In C: copy it into\n"
           "the future, or move a heap pointer in and free it there.\n");
    return sum == 100 ? 0 : 1;
}

/* ---- Send: what tasks on two threads share must be thread-safe ----------- */

enum { ROUNDS = 500, CLONES_PER_POLL = 2000 };

/* Rc: a reference count with plain ++ and --.  Fine on one thread. */
typedef struct rc_box {
    unsigned refs;
} rc_box;
__attribute__((noinline)) static void rc_clone(rc_box *b) { b->refs++; } /* send-bug: racy ++ */
__attribute__((noinline)) static void rc_drop(rc_box *b) { b->refs--; }  /* send-bug: racy -- */

/* Arc: the same count, but every update is one indivisible atomic step. */
typedef struct arc_box {
    atomic_uint refs;
} arc_box;
__attribute__((noinline)) static void arc_clone(arc_box *b)
{
    atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
}
__attribute__((noinline)) static void arc_drop(arc_box *b)
{
    atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel);
}

/* A task that clones and drops its handle to a shared box, over and over. */
typedef struct juggler {
    ac_future base;
    rc_box *rc; /* one of these two is set */
    arc_box *arc;
    unsigned rounds_left;
} juggler;

static ac_poll juggler_poll(ac_future *self, ac_context *cx)
{
    juggler *j = (juggler *)self;
    for (int i = 0; i < CLONES_PER_POLL; i++) {
        if (j->rc != NULL) {
            rc_clone(j->rc);
            rc_drop(j->rc);
        } else {
            arc_clone(j->arc);
            arc_drop(j->arc);
        }
    }
    if (--j->rounds_left == 0)
        return AC_READY;
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}

static const ac_future_vtable juggler_vtable = {.name = "juggler", .poll = juggler_poll};

/* One thread, one queue, one task: a tiny single-threaded runtime each. */
static void *run_one_queue(void *arg)
{
    juggler *proto = arg;
    task_queue q;
    task_queue_init(&q);
    join_handle h = spawn(&q, "juggler", proto, sizeof *proto);
    run_tasks(&q, NULL, NULL);
    join_release(&h);
    task_queue_destroy(&q);
    return NULL;
}

static void run_two_threads(juggler *proto)
{
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, run_one_queue, proto);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
}

int demo_send_bug(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("Two threads, each running its own queue with one task.  Both tasks hold a\n"
           "handle to the SAME box with a plain `unsigned refs` (Rust's Rc) and clone\n"
           "and drop it %d times.  Rust rejects this: Rc is not Send.  C compiles it.\n\n",
           ROUNDS * CLONES_PER_POLL);
#ifdef HAVE_TSAN
    printf("This is the ThreadSanitizer build: it reports \"WARNING: ThreadSanitizer:\n"
           "data race\" with the two conflicting accesses in rc_clone / rc_drop, one\n"
           "on each thread.  The report follows.\n\n");
#else
    printf("Without a sanitizer the race may or may not lose updates on this run.\n"
           "To see it caught every time, build with ThreadSanitizer:\n\n"
           "    cmake --preset tsan && cmake --build --preset tsan\n"
           "    build-tsan/lessons/04-tasks send-bug\n\n"
           "TSan prints \"WARNING: ThreadSanitizer: data race\", a write in rc_clone\n"
           "or rc_drop on one thread against the same on the other.\n\n");
#endif
    fflush(stdout);
    rc_box box = {.refs = 1}; /* our own handle */
    juggler proto = {.base = {&juggler_vtable}, .rc = &box, .rounds_left = ROUNDS};
    run_two_threads(&proto);
    printf("refs = %u afterwards (every clone was dropped: it must be 1)%s\n", box.refs,
           box.refs == 1 ? " - lucky this time" : " - updates were LOST");
    printf("With a real Rc, a count that drifts low frees the object while the other\n"
           "thread still uses it; one that drifts high leaks it.\n"
           "\nThe fix is in `send-fixed`: an atomic count (Arc).\n");
    return 0;
}

int demo_send_fixed(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("The same two threads and tasks, but the box's count is an atomic_uint\n"
           "updated with atomic_fetch_add / atomic_fetch_sub (Rust's Arc).\n\n");
    arc_box box;
    atomic_init(&box.refs, 1);
    juggler proto = {.base = {&juggler_vtable}, .arc = &box, .rounds_left = ROUNDS};
    run_two_threads(&proto);
    unsigned refs = atomic_load(&box.refs);
    printf("refs = %u afterwards, after %d clones and drops on each thread.\n", refs,
           ROUNDS * CLONES_PER_POLL);
    printf("\nTakeaway: Rust's Send means \"safe to use from another thread\".  C has\n"
           "no such check, so the rule is yours: data two threads touch is atomic,\n"
           "behind a lock, or not shared at all.  TSan checks you kept it.\n");
    return refs == 1 ? 0 : 1;
}
