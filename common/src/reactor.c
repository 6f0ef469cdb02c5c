/*
 * reactor.c - the backend-independent half of the reactor: the fd table
 * with its waker slots, the park that combines I/O with timers, and the
 * EINTR loop.  The kernel side is in reactor_epoll.c or reactor_poll.c.
 */
#include "ac/reactor.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "reactor_backend.h"

const char *ac_reactor_backend_name(void) { return ac__backend_name; }

/* ---- the fd table ------------------------------------------------------ */

/* Make entries[fd] exist.  The table only grows; fds are small and dense. */
static int table_reserve(ac_reactor *r, int fd)
{
    if (fd < r->cap)
        return 0;
    int cap = r->cap ? r->cap : 64;
    while (cap <= fd)
        cap *= 2;
    ac__io_entry *e = realloc(r->entries, (size_t)cap * sizeof *e);
    if (e == NULL)
        return -ENOMEM;
    for (int i = r->cap; i < cap; i++)
        e[i] = (ac__io_entry){0};
    r->entries = e;
    r->cap = cap;
    return 0;
}

int ac_reactor_register(ac_reactor *r, int fd)
{
    if (fd < 0)
        return -EBADF;
    int err = table_reserve(r, fd);
    if (err)
        return err;
    if (r->entries[fd].registered)
        ac_reactor_deregister(r, fd); /* closed without deregister: start clean */
    ac__io_entry *e = &r->entries[fd];
    e->gen++;
    err = ac__backend_add(r, fd, e->gen);
    if (err)
        return err;
    e->registered = true;
    r->registered++;
    if (fd > r->max_fd)
        r->max_fd = fd;
    return 0;
}

void ac_reactor_deregister(ac_reactor *r, int fd)
{
    if (!ac_reactor_is_registered(r, fd))
        return;
    ac__io_entry *e = &r->entries[fd];
    ac__backend_del(r, fd);
    e->registered = false;
    e->gen++; /* events still in flight for the old registration are now stale */
    r->registered--;
    /* take the wakers out before dropping: a drop may re-enter the reactor */
    ac_waker_slot rd = e->read, wr = e->write;
    e->read = e->write = (ac_waker_slot){0};
    ac_waker_slot_clear(&rd);
    ac_waker_slot_clear(&wr);
}

void ac_reactor_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    if (!ac_reactor_is_registered(r, fd)) {
        fprintf(stderr, "ac_reactor_arm: fd %d is not registered\n", fd);
        abort();
    }
    ac__io_entry *e = &r->entries[fd];
    ac_waker_slot_set(dir == AC_READABLE ? &e->read : &e->write, w);
}

void ac_reactor_disarm(ac_reactor *r, int fd, unsigned dir)
{
    if (!ac_reactor_is_registered(r, fd))
        return;
    ac__io_entry *e = &r->entries[fd];
    if (dir & AC_READABLE) {
        ac_waker_slot s = e->read;
        e->read = (ac_waker_slot){0};
        ac_waker_slot_clear(&s);
    }
    if (dir & AC_WRITABLE) {
        ac_waker_slot s = e->write;
        e->write = (ac_waker_slot){0};
        ac_waker_slot_clear(&s);
    }
}

bool ac_reactor_is_armed(const ac_reactor *r, int fd, ac_interest dir)
{
    if (!ac_reactor_is_registered(r, fd))
        return false;
    const ac__io_entry *e = &r->entries[fd];
    return ac_waker_slot_is_set(dir == AC_READABLE ? &e->read : &e->write);
}

/* Wake one slot.  The waker is moved out first: waking may run code (a
 * test's waker, a wake from a drop) that re-arms the slot or grows the table. */
static void wake_slot(ac_reactor *r, int fd, bool read)
{
    ac__io_entry *e = &r->entries[fd];
    ac_waker_slot *s = read ? &e->read : &e->write;
    if (!ac_waker_slot_is_set(s))
        return;
    ac_waker w = s->waker;
    s->waker = (ac_waker){0};
    r->stats.wakes++;
    ac_waker_wake(&w);
}

void ac__reactor_dispatch(ac_reactor *r, int fd, uint32_t gen, unsigned ready)
{
    r->stats.events++;
    if (!ac_reactor_is_registered(r, fd) || r->entries[fd].gen != gen) {
        r->stats.stale++; /* fd was closed (and maybe reused) since: not ours */
        return;
    }
    if (ready & AC_READABLE)
        wake_slot(r, fd, true);
    /* the read waker may have deregistered fd: check the generation again */
    if ((ready & AC_WRITABLE) && ac_reactor_is_registered(r, fd) && r->entries[fd].gen == gen)
        wake_slot(r, fd, false);
}

/* ---- waiting ----------------------------------------------------------- */

/* Nanoseconds to whole milliseconds, rounded UP: waking a hair before a
 * deadline would find nothing due and wait again for 0 ms - a spin. */
static int ceil_ms(ac_nanos ns)
{
    if (ns <= 0)
        return 0;
    ac_nanos ms = (ns + AC_MSEC(1) - 1) / AC_MSEC(1);
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int ac_reactor_turn(ac_reactor *r, ac_nanos timeout)
{
    ac_nanos until = timeout < 0 ? -1 : ac_monotonic_now() + timeout;
    for (;;) {
        int ms = timeout < 0 ? -1 : ceil_ms(until - ac_monotonic_now());
        r->stats.waits++;
        int n = ac__backend_wait(r, ms);
        if (n != -EINTR)
            return n;
        r->stats.eintr++; /* a signal: wait again for what is left */
    }
}

/*
 * The executor's park.  `timeout` is 0 (fairness check: just look) or
 * AC_FOREVER (nothing runnable).  Timers shorten the wait; a paused clock
 * with nothing else to do jumps to the next deadline instead of waiting.
 */
static void reactor_park(ac_driver *d, ac_executor *ex, ac_nanos timeout)
{
    ac_reactor *r = (ac_reactor *)d;
    ac_clock *clock = ac_executor_clock(ex);
    if (ac_timers_fire(&r->timers, ac_clock_now(clock)) > 0)
        timeout = 0; /* tasks just became runnable: only look for I/O */

    ac_nanos next = ac_timers_next_deadline(&r->timers);
    if (timeout != 0 && next >= 0) {
        if (ac_clock_is_paused(clock)) {
            if (ac_reactor_turn(r, 0) > 0)
                return; /* I/O first; time moves only when all is quiet */
            ac_clock_advance_to(clock, next);
            r->stats.auto_advances++;
            ac_timers_fire(&r->timers, ac_clock_now(clock));
            return;
        }
        ac_nanos left = next - ac_clock_now(clock);
        if (timeout < 0 || left < timeout)
            timeout = left > 0 ? left : 0;
    }
    ac_reactor_turn(r, timeout);
    ac_timers_fire(&r->timers, ac_clock_now(clock));
}

/* Executor close: every task is gone; drop whatever is still armed. */
static void reactor_close(ac_driver *d, ac_executor *ex)
{
    ac_reactor *r = (ac_reactor *)d;
    for (int fd = 0; fd <= r->max_fd; fd++)
        ac_reactor_deregister(r, fd);
    ac__timers_free(&r->timers);
    ac__backend_free(r);
    free(r->entries);
    ex->reactor = NULL;
    ex->timers = NULL;
    ac_executor_set_driver(ex, NULL); /* back to the default: nothing dangles */
    free(r);
}

ac_reactor *ac_reactor_get(ac_executor *ex)
{
    if (ex == NULL)
        return NULL;
    if (ex->reactor != NULL)
        return ex->reactor;
    ac_reactor *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->driver.park = reactor_park;
    r->driver.close = reactor_close;
    r->ex = ex;
    r->max_fd = -1;
    ac__timers_init(&r->timers);
    if (ac__backend_init(r) != 0) {
        free(r);
        return NULL;
    }
    ex->reactor = r;
    ex->timers = &r->timers;
    ac_executor_set_driver(ex, &r->driver);
    return r;
}

ac_reactor *ac_reactor_current(void) { return ac_reactor_get(ac_executor_current()); }

ac_timers *ac_timers_get(ac_executor *ex)
{
    ac_reactor *r = ac_reactor_get(ex);
    return r != NULL ? &r->timers : NULL;
}
