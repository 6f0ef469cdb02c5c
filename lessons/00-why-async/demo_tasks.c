/*
 * demo_tasks.c - `00-why-async tasks N`: N tasks, each sleeping 1 s, on one
 * thread, in a child process so its peak RSS is its own.  Also the small
 * helpers every demo of the lesson shares (demos.h).
 */
#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "course/measure.h"
#include "given_proc_stats.h"
#include "demos.h"
#include "lesson.h"

/* set by main() (defined here, beside its user, so the checks link without main.c) */
bool lesson_running_all;

unsigned long default_count(void)
{
    if (lesson_running_all && UNDER_SANITIZER) {
        printf("(sanitizer build: `all` uses N = %lu; ThreadSanitizer allows only ~8,000\n"
               "threads, and either sanitizer makes each one much heavier)\n\n",
               SANITIZER_COUNT);
        return SANITIZER_COUNT;
    }
    return 10000;
}

double mib(long bytes) { return (double)bytes / (1024.0 * 1024.0); }

const char *with_commas(unsigned long n, char buf[32])
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%lu", n), out = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
    return buf;
}

static void run_tasks(void *arg, ac_child_report *r)
{
    unsigned long n = *(const unsigned long *)arg;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return;
    unsigned long done = 0;
    ac_nanos start = ac_monotonic_now();
    for (unsigned long i = 0; i < n; i++) {
        sleeper s = sleeper_new(AC_SEC(1), &done);
        ac_join_handle h = AC_SPAWN(&ex, s);
        ac_join_release(&h); /* detached: the task frees itself when done */
    }
    r->started = n;
    ac_executor_run_until_idle(&ex); /* every task polled once: all asleep */
    r->peak_threads = current_thread_count();
    r->spawn_s = (double)(ac_monotonic_now() - start) / 1e9;
    char buf[32];
    printf("  %s tasks spawned and asleep in %.3f s (%zu timers in the heap); waiting...\n",
           with_commas(n, buf), r->spawn_s, ac_timers_len(ac_timers_get(&ex)));
    fflush(stdout);
    ac_executor_run(&ex);
    r->wall_s = (double)(ac_monotonic_now() - start) / 1e9;
    r->done = done;
    r->detail = ex.stats.polls;
    ac_executor_close(&ex);
}

int demo_tasks(int argc, char **argv)
{
    unsigned long n = default_count();
    if (argc >= 2 && !ac_cli_parse_ulong("N", argv[1], 1, 1000000, &n))
        return 2;
    char buf[32];
    printf("%s tasks on ONE thread, each: sleep 1 s on the runtime, count itself done.\n"
           "(measured in a child process, so the peak RSS below is the tasks' alone)\n\n",
           with_commas(n, buf));
    ac_child_report r;
    if (!ac_run_in_child(run_tasks, &n, 60, &r) || r.done != n) {
        fprintf(stderr, "tasks: the child failed (signal %d, %lu of %lu done)\n", r.signal, r.done, n);
        return 1;
    }
    long grown = r.peak_rss_bytes - r.baseline_rss_bytes;
    printf("\n  %-26s %s\n", "tasks finished", with_commas(r.done, buf));
    printf("  %-26s %.3f s   (spawning them %.3f s + sleeping 1 s)\n", "wall time", r.wall_s, r.spawn_s);
    printf("  %-26s %.1f MiB  (%.1f MiB before the tasks)\n", "peak RSS", mib(r.peak_rss_bytes),
           mib(r.baseline_rss_bytes));
    printf("  %-26s %.0f bytes   (task header %zu + future %zu, rounded by malloc,\n"
           "  %-26s  + a 16-byte heap slot)\n",
           "RSS growth per task", (double)grown / (double)n, sizeof(ac_task), sizeof(sleeper), "");
    printf("  %-26s %ld\n", "threads in the process", r.peak_threads);
    printf("  %-26s %lu   (two per task: start the timer, then finish)\n", "polls", r.detail);
    printf("\nTakeaway: a waiting task is a few hundred bytes of plain memory and a\n"
           "heap entry.  Nothing runs, nothing is scheduled, until its timer is due.\n");
    return 0;
}
