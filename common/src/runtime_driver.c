/*
 * runtime_driver.c - the multi-threaded runtime's I/O and time driver:
 * one reactor and one timer heap shared by every worker, and who waits in
 * it.
 *
 *   worker 0: nothing to do, takes the token --> epoll_wait (timerfd = the
 *             earliest timer, eventfd = "come out", every registered fd)
 *   worker 1: nothing to do, token taken      --> sleeps on its condvar
 *   worker 2: busy; every event_interval ticks, if the token is free,
 *             one epoll_wait(0) so a CPU-busy runtime still sees I/O
 *
 * The reactor is the single-threaded one (reactor.c) in its shared mode
 * (reactor_shared.c: one recursive lock, the kernel wait outside it).  It
 * hangs off `host`, an ac_executor the runtime never runs: it owns the
 * eventfd that interrupts the driver's wait and the runtime's clock.
 *
 * Parking.  A parking worker is first pushed on the sleepers stack as
 * before (runtime_worker.c), then tries the token.  The holder records
 * itself as rt->driver_sleeper and waits in the backend; notify wakes a
 * condvar sleeper in preference (so epoll stays watched) and the driver
 * sleeper only when it is the last one, by writing the eventfd.  When the
 * wait returns for I/O or a timer (not notified), the driver leaves the
 * sleepers stack BEFORE it dispatches: the wakes it dispatches land in its
 * own LIFO slot and ring, and the notify they make goes to someone else.
 *
 * Why a token and not "worker 0 is the driver": any worker may be the one
 * with nothing to do; the one that is idle first waits, as in tokio.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>

#include "runtime_internal.h"

int ac__driver_init(ac_runtime *rt, const ac_runtime_builder *b)
{
    rt->driver_sleeper = -1;
    int err = ac_executor_init(&rt->host);
    if (err)
        return err;
    rt->host_ready = true;
    rt->io_enabled = b->enable_io;
    rt->time_enabled = b->enable_time;
    if (!b->enable_io && !b->enable_time)
        return 0;
    ac_reactor *r = ac_reactor_get(&rt->host);
    if (r == NULL)
        return -EMFILE;
    err = ac__reactor_share(r);
    if (err)
        return err;
    rt->driver = r;
    return 0;
}

/* After every task was dropped: their futures deregistered their fds and
 * stopped their timers; closing the host frees the reactor. */
void ac__driver_free(ac_runtime *rt)
{
    if (rt->host_ready)
        ac_executor_close(&rt->host);
    rt->host_ready = false;
    rt->driver = NULL;
}

ac__driver_tls ac__driver_enter(ac_runtime *rt)
{
    ac__driver_tls saved = {ac__thread_reactor, ac__thread_timers, ac__thread_clock, ac__driverless_runtime};
    ac__thread_reactor = rt->io_enabled ? rt->driver : NULL;
    ac__thread_timers = rt->time_enabled ? &rt->driver->timers : NULL;
    ac__thread_clock = ac_runtime_clock(rt);
    ac__driverless_runtime = "the multi-threaded runtime (ac_runtime)";
    return saved;
}

void ac__driver_leave(ac__driver_tls saved)
{
    ac__thread_reactor = saved.reactor;
    ac__thread_timers = saved.timers;
    ac__thread_clock = saved.clock;
    ac__driverless_runtime = saved.driverless;
}

ac_clock *ac_runtime_clock(ac_runtime *rt) { return ac_executor_clock(&rt->host); }

/* The kernel wait returned: unless a notify already took us off the
 * sleepers stack, take ourselves off (we woke for I/O or a timer, not as a
 * searcher), so the wakes we are about to dispatch wake someone else. */
static void driver_woke(void *arg)
{
    ac__worker *w = arg;
    ac_runtime *rt = w->rt;
    pthread_mutex_lock(&rt->idle_lock);
    rt->driver_sleeper = -1;
    if (!w->notified) {
        for (unsigned i = 0; i < rt->n_sleepers; i++) {
            if (rt->sleepers[i] == w->index) {
                rt->sleepers[i] = rt->sleepers[--rt->n_sleepers];
                /* seq_cst, as every other change of it (runtime_worker.c):
                 * notify's fence reads it to decide whether anyone sleeps */
                atomic_fetch_sub(&rt->num_sleeping, 1);
                break;
            }
        }
        w->notified = true; /* off the stack: a later notify cannot pick us */
        w->searching = false;
    } else {
        w->searching = true; /* the notifier counted us as searching */
    }
    pthread_mutex_unlock(&rt->idle_lock);
}

bool ac__driver_park(ac__worker *w)
{
    ac_runtime *rt = w->rt;
    ac__reactor_shared *s = rt->driver->shared;
    if (pthread_mutex_trylock(&s->token) != 0)
        return false;
    pthread_mutex_lock(&rt->idle_lock);
    /* seq_cst load under idle_lock, where stop_workers stores it: a
     * shutdown set before this is seen; one set after kicks the eventfd */
    bool wait = !w->notified && !atomic_load(&rt->shutdown);
    if (wait)
        rt->driver_sleeper = (int)w->index;
    else
        w->searching = w->notified;
    pthread_mutex_unlock(&rt->idle_lock);
    if (wait)
        ac__shared_turn_then(rt->driver, -1, driver_woke, w);
    pthread_mutex_unlock(&s->token);
    return true;
}

void ac__driver_look(ac__worker *w)
{
    ac__reactor_shared *s = w->rt->driver->shared;
    if (pthread_mutex_trylock(&s->token) != 0)
        return; /* someone is in the driver already: it sees the events */
    ac__shared_turn(w->rt->driver, 0);
    pthread_mutex_unlock(&s->token);
}
