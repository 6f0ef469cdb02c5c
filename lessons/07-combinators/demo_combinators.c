/*
 * demo_combinators.c - lesson 07's demos: combinators polled by hand, one line per
 * poll of the combinator and of each child, and one run on the executor.
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "lesson.h"

/* ---- the hand-driven executor: a loop, and a waker that counts ------- */

static unsigned wakes;

static const ac_waker_vtable counting_vtable;
static ac_waker counting_clone(void *data) { return (ac_waker){.data = data, .vtable = &counting_vtable}; }
static void counting_wake(void *data)
{
    (void)data;
    wakes++;
}
static void counting_drop(void *data) { (void)data; }
static const ac_waker_vtable counting_vtable = {
    .clone = counting_clone, .wake = counting_wake, .wake_by_ref = counting_wake, .drop = counting_drop};

/* Poll `f` until Ready, at most `limit` times, narrating each round.
 * Returns the number of polls, or 0 if it hit the limit (a bug: the
 * demos' futures always finish well inside it). */
static unsigned drive(const char *label, ac_future *f, unsigned limit)
{
    ac_waker w = counting_clone(NULL);
    ac_context cx = {.waker = &w};
    for (unsigned poll = 1; poll <= limit; poll++) {
        printf("  %s poll #%u\n", label, poll);
        wakes = 0;
        ac_poll r = ac_future_poll(f, &cx);
        if (r == AC_READY) {
            printf("  -> Ready\n");
            return poll;
        }
        printf("  -> Pending (the waker was woken %u time%s: poll again)\n", wakes, wakes == 1 ? "" : "s");
        if (wakes == 0) {
            printf("  nobody will wake it: giving up\n");
            return 0;
        }
    }
    printf("  still Pending after %u polls: giving up\n", limit);
    return 0;
}

static bool parse_args(int argc, char **argv, unsigned long *values, int count, unsigned long max)
{
    for (int i = 0; i < count && i + 1 < argc; i++)
        if (!ac_cli_parse_ulong(argv[0], argv[i + 1], 0, max, &values[i]))
            return false;
    return true;
}

/* ---- join ------------------------------------------------------------ */

/* A task that waits for both results: its children live inside it, and join2
 * points at them.  That is a self-reference, made safely: it is set up on
 * the first poll, after spawn has put the task where it will stay. */
typedef struct checkup {
    ac_future base;
    ac_coro co;
    named xray, bloods;
    join2 both;
    int_pair output;
} checkup;

static ac_poll checkup_poll(ac_future *self, ac_context *cx)
{
    checkup *d = (checkup *)self;
    AC_BEGIN(&d->co);
    d->both = join2_new(&d->xray.base, &d->bloods.base);
    AC_AWAIT(&d->co, cx, &d->both.base);
    d->output = d->both.output;
    AC_END(&d->co);
}

static void checkup_drop(ac_future *self) { ac_coro_drop(&((checkup *)self)->co); }

static const ac_future_vtable checkup_vtable = {
    .name = "checkup", .poll = checkup_poll, .drop = checkup_drop, AC_OUTPUT(checkup, output)};

int demo_join(int argc, char **argv)
{
    unsigned long p[2] = {2, 0};
    if (!parse_args(argc, argv, p, 2, 100))
        return 2;
    printf("join2(xray: Pending %lu times, bloods: Pending %lu times), polled by hand:\n\n", p[0], p[1]);
    named xray = named_new("xray", (unsigned)p[0], 30), bloods = named_new("bloods", (unsigned)p[1], 20);
    join2 j = join2_new(&xray.base, &bloods.base);
    if (drive("join2", &j.base, 250) == 0)
        return 1;
    printf("\noutput {xray %d, bloods %d}; xray polled %u times, bloods %u: a finished\n"
           "child is never polled again.\n",
           j.output.a, j.output.b, xray.polls, bloods.polls);

    printf("\nThe same join inside a task on the executor.  The task builds its join2\n"
           "on its first poll, pointing at xray and bloods inside the same task: a\n"
           "self-reference, safe because a task never moves (lesson 06).\n");
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    checkup d = {.base = {&checkup_vtable},
                 .xray = named_new("xray", (unsigned)p[0], 30),
                 .bloods = named_new("bloods", (unsigned)p[1], 20)};
    ac_join_handle h = AC_SPAWN(&ex, d);
    ac_executor_run(&ex);
    int_pair out = {0, 0};
    bool ok = ac_join_take(&h, &out, sizeof out);
    printf("task output {xray %d, bloods %d} after %llu polls of the task.\n", out.a, out.b,
           (unsigned long long)ex.stats.polls);
    ac_executor_close(&ex);
    if (!ok)
        return 1;

    printf("\nTakeaway: join is one future polling two; the task is polled once per\n"
           "wake and each poll asks every unfinished child.  Concurrency on one\n"
           "thread, no parallelism: the children take turns inside one poll.\n");
    return 0;
}

/* ---- join_all -------------------------------------------------------- */

#define MAX_CHILDREN 16
static const char *const child_names[MAX_CHILDREN] = {"f0", "f1", "f2",  "f3",  "f4",  "f5",  "f6",  "f7",
                                                      "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15"};

int demo_join_all(int argc, char **argv)
{
    unsigned long n = 5;
    if (argc >= 2 && !ac_cli_parse_ulong(argv[0], argv[1], 0, MAX_CHILDREN, &n))
        return 2;
    named kids[MAX_CHILDREN];
    ac_future *slots[MAX_CHILDREN];
    int outputs[MAX_CHILDREN] = {0};
    printf("join_all over %lu children; child i is Pending (3i+2) mod 5 times, output 10(i+1):\n\n", n);
    for (size_t i = 0; i < n; i++) {
        kids[i] = named_new(child_names[i], (unsigned)((3 * i + 2) % 5), 10 * (int)(i + 1));
        slots[i] = &kids[i].base;
    }
    join_all j = join_all_new(slots, n, outputs);
    if (drive("join_all", &j.base, 100) == 0)
        return 1;
    printf("\noutputs in slot order:");
    for (size_t i = 0; i < n; i++)
        printf(" %d", outputs[i]);
    printf("\nslots left:           ");
    for (size_t i = 0; i < n; i++)
        printf(" %s", slots[i] == NULL ? "NULL" : "busy");
    printf("\n\nTakeaway: children finish in any order; each output goes to its own slot,\n"
           "so the caller reads them in the order it asked.\n");
    return 0;
}

/* ---- select ---------------------------------------------------------- */

int demo_select(int argc, char **argv)
{
    unsigned long p[2] = {3, 1};
    if (!parse_args(argc, argv, p, 2, 100))
        return 2;
    printf("select2(phone: Pending %lu times, chat: Pending %lu times), polled by hand:\n\n", p[0], p[1]);
    named phone = named_new("phone", (unsigned)p[0], 1), chat = named_new("chat", (unsigned)p[1], 2);
    select2 s = select2_new(&phone.base, &chat.base);
    if (drive("select2", &s.base, 250) == 0)
        return 1;
    named *winner = s.output.winner == SELECT_LEFT ? &phone : &chat;
    named *loser = winner == &phone ? &chat : &phone;
    printf("\nwinner: %s (%s), output %d\n", winner->name, s.output.winner == SELECT_LEFT ? "left" : "right",
           s.output.value);
    printf("drops:  %s %u, %s %u  (the loser exactly once, the winner never)\n", loser->name, loser->drops,
           winner->name, winner->drops);
    if (loser->drops != 1 || winner->drops != 0)
        return 1;
    printf("\nTakeaway: select returns the first answer and cancels the rest by\n"
           "dropping them on the spot; whatever the loser had done so far is lost.\n"
           "Left is asked first, so on a tie left wins: this select is biased.\n");
    return 0;
}

/* ---- map ------------------------------------------------------------- */

static int times(int value, void *arg)
{
    int factor = *(const int *)arg;
    printf("      map: fn(%d) = %d * %d = %d\n", value, value, factor, value * factor);
    return value * factor;
}

int demo_map(int argc, char **argv)
{
    unsigned long p[1] = {2};
    if (!parse_args(argc, argv, p, 1, 100))
        return 2;
    int factor = 2;
    named dice = named_new("dice", (unsigned)p[0], 21);
    map_future m = map_new(&dice.base, times, &factor);
    printf("map(dice: Pending %lu times then 21, fn = times %d), polled by hand:\n\n", p[0], factor);
    if (drive("map", &m.base, 250) == 0)
        return 1;
    printf("\noutput %d\n", m.output);
    printf("\nTakeaway: map runs its function once, on the poll where the inner future\n"
           "becomes Ready - never earlier, and never if the map is dropped first.\n");
    return 0;
}

/* ---- nested: cancellation flows down the tree ------------------------ */

int demo_nested(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("select2(join2(fetch: 0, parse: 5), deadline: 2) - numbers are Pendings:\n\n"
           "            select2\n"
           "           /       \\\n"
           "       join2     deadline\n"
           "      /     \\\n"
           "   fetch   parse\n\n");
    named fetch = named_new("fetch", 0, 1), parse = named_new("parse", 5, 2),
          deadline = named_new("deadline", 2, -1);
    join2 work = join2_new(&fetch.base, &parse.base);
    select2 race = select2_new(&work.base, &deadline.base);
    if (drive("select2", &race.base, 100) == 0)
        return 1;
    printf("\nwinner: %s; drops: fetch %u, parse %u, deadline %u\n",
           race.output.winner == SELECT_LEFT ? "join2" : "deadline", fetch.drops, parse.drops,
           deadline.drops);
    if (race.output.winner != SELECT_RIGHT || fetch.drops != 0 || parse.drops != 1 || deadline.drops != 0)
        return 1;
    printf("\nselect2 dropped the join2; join2's drop dropped parse, the child still\n"
           "running, and left fetch alone: it had finished and owned nothing any more.\n");
    printf("\nTakeaway: combinators are futures, so they nest, and a drop at the top\n"
           "reaches every unfinished future below it, once each.\n");
    return 0;
}
