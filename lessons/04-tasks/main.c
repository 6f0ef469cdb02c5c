/*
 * 04-tasks - lesson 04: tasks, their wakers and join handles.
 *
 * Each subcommand is one demo; see docs/04-tasks.md for the walk-through.
 */
#include "course/cli.h"
#include "demos.h"

#if defined(__SANITIZE_ADDRESS__)
/* In the ASan build, catch reads of stack frames that have returned
 * (`static-bug`); GCC's ASan leaves this off unless asked.  An
 * ASAN_OPTIONS in the environment still has the last word. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_stack_use_after_return=1"; }
#endif

static const ac_cli_command commands[] = {
    {.name = "lifecycle",
     .args = "[N]",
     .help = "two tasks through the queue, printed after every poll (N=3)",
     .run = demo_lifecycle},
    {.name = "waker",
     .args = "",
     .help = "a task's waker: re-queued once, never twice, ignored when done",
     .run = demo_waker},
    {.name = "join",
     .args = "[VALUE]",
     .help = "a task awaits another's join handle and gets VALUE (42)",
     .run = demo_join},
    {.name = "static-bug",
     .args = "",
     .help = "BUG: a task borrows its spawner's stack (ASan build catches it)",
     .run = demo_static_bug,
     .skip_in_all = true},
    {.name = "static-fixed",
     .args = "",
     .help = "the fix: the task owns a copy of its data",
     .run = demo_static_fixed},
    {.name = "send-bug",
     .args = "",
     .help = "BUG: tasks on two threads share a plain count (TSan build catches it)",
     .run = demo_send_bug,
     .skip_in_all = true},
    {.name = "send-fixed", .args = "", .help = "the fix: the shared count is atomic", .run = demo_send_fixed},
};

int main(int argc, char **argv)
{
    return ac_cli_main("04-tasks", "tasks: a future in an envelope, its waker, its join handle", commands,
                       sizeof commands / sizeof commands[0], argc, argv);
}
