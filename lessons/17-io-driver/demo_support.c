/*
 * demo_support.c - what lesson 17's demos share: a waker that says when
 * it is woken, and epoll masks in words.
 */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "demos.h"

static const ac_waker_vtable loud_vtable;
static ac_waker loud_clone(void *data) { return (ac_waker){.data = data, .vtable = &loud_vtable}; }
static void loud_wake(void *data)
{
    loud *l = data;
    l->wakes++;
    printf("      -> waker \"%s\" woken\n", l->name);
}
static void loud_drop(void *data) { (void)data; }
static const ac_waker_vtable loud_vtable = {
    .clone = loud_clone, .wake = loud_wake, .wake_by_ref = loud_wake, .drop = loud_drop};

/* Its clone and drop do nothing: the loud struct belongs to the demo and
 * outlives every copy. */
ac_waker loud_waker(loud *l) { return (ac_waker){.data = l, .vtable = &loud_vtable}; }

bool no_args(int argc, char **argv)
{
    if (argc <= 1)
        return true;
    fprintf(stderr, "%s takes no arguments\n", argv[0]);
    return false;
}

const char *epoll_names(uint32_t events, char *buf, unsigned size)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {{EPOLLIN, "EPOLLIN"},
                 {EPOLLOUT, "EPOLLOUT"},
                 {EPOLLRDHUP, "EPOLLRDHUP"},
                 {EPOLLHUP, "EPOLLHUP"},
                 {EPOLLERR, "EPOLLERR"}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (events & names[i].bit) {
            if (buf[0])
                strncat(buf, "|", size - strlen(buf) - 1);
            strncat(buf, names[i].name, size - strlen(buf) - 1);
        }
    if (!buf[0])
        snprintf(buf, size, "(nothing)");
    return buf;
}

uint32_t epoll_one(int epfd, int timeout_ms)
{
    struct epoll_event ev;
    int n = epoll_wait(epfd, &ev, 1, timeout_ms);
    return n == 1 ? ev.events : 0;
}
