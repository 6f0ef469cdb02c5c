/*
 * watch.c - `course watch`: recheck the current exercise on every save.
 *
 *   inotify on lessons/ and every folder below it
 *        | a .c or .h file written (IN_CLOSE_WRITE) or renamed into place
 *        v (IN_MOVED_TO: editors that save through a temporary file)
 *   wait until saves stop for a moment (one save is often several events)
 *        v
 *   clear the screen, build the lesson, run the check - as `course check`
 *
 * Meanwhile single keys act at once: h hint, n next, l list, r recheck,
 * q quit.  poll(2) waits for either, so watch uses no CPU while idle.
 */
#include "checker.h"
#include "terminal.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long saves must stop before the rerun starts. */
#define SETTLE_MS 200

#define FILE_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO)
#define DIR_EVENTS  (IN_CREATE | IN_MOVED_TO)

/* Watch dir and, recursively, every folder in it (not hidden ones). */
static void watch_tree(int fd, const char *dir)
{
    if (inotify_add_watch(fd, dir, FILE_EVENTS | DIR_EVENTS | IN_ONLYDIR) < 0)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            watch_tree(fd, path);
    }
    closedir(d);
}

/* A source file the build reads: not an editor's swap or backup file. */
static bool is_source(const char *name)
{
    size_t n = strlen(name);
    if (n < 3 || name[0] == '.' || name[n - 1] == '~')
        return false;
    return strcmp(name + n - 2, ".c") == 0 || strcmp(name + n - 2, ".h") == 0;
}

/* Read the pending inotify events; true if a source file was saved.
 * New folders are watched too (a lesson added while watching). */
static bool read_events(int fd, char *saved, size_t size)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->len == 0)
                continue;
            if (ev->mask & IN_ISDIR)
                continue; /* new folders: picked up by the caller's rescan */
            if (is_source(ev->name)) {
                any = true;
                snprintf(saved, size, "%s", ev->name);
            }
        }
    }
    return any;
}

static void footer(void)
{
    printf("\nWatching lessons/ for saves.  Keys: h hint  n next  l list  r recheck  q quit\n");
    fflush(stdout);
}

/* Clear the screen and check the current exercise. */
static void recheck(course *c, const char *why)
{
    if (isatty(STDOUT_FILENO))
        printf("\033[H\033[2J");
    const course_exercise *e = course_current(c);
    printf("course watch: %s\n\n", why);
    if (!e) {
        printf("Every exercise is done (%zu/%zu).  q quits.\n", c->manifest.count, c->manifest.count);
    } else {
        const course_build *builds[] = {&COURSE_LEARNER};
        check_exercises(c, &e, 1, builds, 1, true);
    }
    footer();
}

int cmd_watch(course *c, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "course watch: takes no arguments (it follows ./course next)\n");
        return COURSE_USAGE;
    }
    int status = checker_require(c, &COURSE_LEARNER);
    if (status != COURSE_OK)
        return status;
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "course watch: inotify: %s\n", strerror(errno));
        return COURSE_FAILED;
    }
    char lessons[4200];
    snprintf(lessons, sizeof lessons, "%s/lessons", c->root);
    watch_tree(fd, lessons);
    terminal_keys_mode();
    recheck(c, "checking the current exercise");

    struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
    nfds_t nfds = 2;
    for (;;) {
        if (poll(fds, nfds, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents & POLLIN) {
            char saved[256] = "";
            bool changed = read_events(fd, saved, sizeof saved);
            /* one save can be several events: wait until they stop */
            struct pollfd settle = {.fd = fd, .events = POLLIN};
            while (poll(&settle, 1, SETTLE_MS) > 0)
                changed |= read_events(fd, saved, sizeof saved);
            watch_tree(fd, lessons); /* new folders; existing watches are reused */
            if (changed) {
                char why[320];
                snprintf(why, sizeof why, "%s saved, rechecking", saved);
                recheck(c, why);
            }
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            char key;
            ssize_t n = read(STDIN_FILENO, &key, 1);
            if (n <= 0) {
                nfds = 1; /* input closed: keep watching, Ctrl-C ends */
                continue;
            }
            const course_exercise *e = course_current(c);
            if (key == 'q' || key == 'Q' || key == 4 /* Ctrl-D */) {
                break;
            } else if (key == 'h' && e) {
                printf("\n");
                show_next_hint(c, e);
                footer();
            } else if (key == 'n' && e) {
                printf("\n");
                print_next(c, e);
                footer();
            } else if (key == 'l') {
                printf("\n");
                print_list(c);
                footer();
            } else if (key == 'r') {
                recheck(c, "rechecking");
            }
        }
    }
    terminal_restore();
    close(fd);
    printf("\n");
    return COURSE_OK;
}
