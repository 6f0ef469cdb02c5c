/*
 * reactor_shared.c - the reactor and its timer heap shared by the workers
 * of a multi-threaded runtime (runtime_driver.c decides who turns it).
 *
 * One recursive lock guards the fd table, the heap and the alarm; the
 * kernel wait runs without it, so other threads register, arm and start
 * timers while the driver sleeps in epoll_wait:
 *
 *   worker A (token holder)            worker B (running a task)
 *   -----------------------            -------------------------
 *   epoll_wait(..) (no lock)           read() -> EAGAIN
 *                                      lock; arm fd's slot; unlock
 *                                      sleep 5 ms: lock; start timer;
 *                                        earlier than the alarm? set the
 *                                        timerfd now (epoll sees it); unlock
 *   lock; dispatch events: wake slots,
 *     fire due timers; unlock
 *
 * Why a recursive lock and not "collect the wakes, run them after
 * unlocking": a wake can drop the last reference of a task, and a drop can
 * run code that stops a timer or deregisters an fd; with the lock
 * recursive that simply nests.  The wakes themselves only queue tasks
 * (runtime_worker.c), which takes the injector's or the idle lock: those
 * are always taken after this one, never before, so there is no cycle.
 *
 * The one race a shared reactor adds: in single-threaded mode nothing
 * can dispatch between a future's EAGAIN and its arm, here the driver
 * can, and an edge dispatched while the slot is not armed yet would be
 * lost (edge-triggered).  So every dispatch stamps the entry with the
 * driver's turn number, the runtime records the turn before each poll
 * (ac__poll_turn), and an arm that finds an edge stamped later than that
 * wakes its waker at once instead of arming: the task tries again.  (An
 * edge stamped earlier was reported by the kernel before the poll began,
 * so the poll's syscall already saw that data: it really ran dry.)
 */
#include <errno.h>
#include <stdlib.h>

#include "executor_internal.h"
#include "reactor_backend.h"
#include "reactor_internal.h"
#include "timer_internal.h"

int ac__reactor_share(ac_reactor *r)
{
    ac__reactor_shared *s = calloc(1, sizeof *s);
    if (s == NULL)
        return -ENOMEM;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&s->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_mutex_init(&s->token, NULL);
    atomic_init(&s->turn, 0);
    r->shared = s;
    r->timers.shared = r;
    return 0;
}

void ac__reactor_unshare(ac_reactor *r)
{
    ac__reactor_shared *s = r->shared;
    if (s == NULL)
        return;
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->token);
    free(s->edge_turn);
    free(s);
    r->shared = NULL;
    r->timers.shared = NULL;
}

void ac__shared_arm(ac_reactor *r, int fd, ac_interest dir, const ac_waker *w)
{
    pthread_mutex_lock(&r->shared->lock);
    if (AC_UNLIKELY(!ac__reactor_is_registered(r, fd)))
        ac__reactor_arm_unregistered(fd);
    ac__io_entry *e = &r->entries[fd];
    /* an edge this way (or a hang-up) dispatched after the poll began */
    bool raced =
        (e->ready & (dir | AC__HANGUP)) != 0 && (int32_t)(r->shared->edge_turn[fd] - ac__poll_turn) > 0;
    if (!raced) {
        ac__reactor_arm_entry(e, dir, w);
        ac__backend_armed(r, fd);
    }
    pthread_mutex_unlock(&r->shared->lock);
    if (raced)
        ac_waker_wake_by_ref(w); /* try again: the data may be there */
}

int ac__shared_turn_then(ac_reactor *r, int timeout_ms, void (*woke)(void *), void *arg)
{
    int n = ac__backend_block(r, timeout_ms);
    if (woke != NULL)
        woke(arg);
    pthread_mutex_lock(&r->shared->lock);
    r->stats.waits++;
    if (n == -EINTR)
        r->stats.eintr++;
    /* release: see ac__reactor_shared.turn.  Never 0: an entry stamped 0
     * (just registered) must not look like a fresh edge. */
    uint32_t turn = atomic_load_explicit(&r->shared->turn, memory_order_relaxed) + 1;
    turn += turn == 0;
    atomic_store_explicit(&r->shared->turn, turn, memory_order_release);
    ac__backend_dispatch_shared(r, n, turn);
    pthread_mutex_unlock(&r->shared->lock);
    return n;
}

int ac__shared_turn(ac_reactor *r, int timeout_ms) { return ac__shared_turn_then(r, timeout_ms, NULL, NULL); }

/* ---- the heap ---------------------------------------------------------- */

/* A timer earlier than the alarm (by the alarm's millisecond): set the
 * timerfd at once, so a driver already in epoll_wait wakes for it by
 * itself.  Later ones leave the alarm alone (it rings, finds nothing due,
 * moves on: reactor_park.c). */
int ac__shared_timer_start(ac_reactor *r, ac_timer *t, ac_nanos deadline, const ac_waker *w)
{
    pthread_mutex_lock(&r->shared->lock);
    int err = ac__timer_start(&r->timers, t, deadline, w);
    if (err == 0 && ac__timers_first_deadline(&r->timers) == deadline) {
        const ac_clock *clock = ac_executor_clock(r->ex);
        ac_nanos offset = atomic_load_explicit(&clock->offset, memory_order_relaxed);
        if (deadline - offset <= r->alarm_os - AC_MSEC(1))
            ac__reactor_alarm_set(r, clock, deadline);
    }
    pthread_mutex_unlock(&r->shared->lock);
    return err;
}

void ac__shared_timer_stop(ac_reactor *r, ac_timer *t)
{
    pthread_mutex_lock(&r->shared->lock);
    ac__timer_stop(&r->timers, t);
    pthread_mutex_unlock(&r->shared->lock);
}

size_t ac__shared_timers_fire(ac_reactor *r, ac_nanos now)
{
    pthread_mutex_lock(&r->shared->lock);
    size_t n = ac__timers_fire(&r->timers, now);
    pthread_mutex_unlock(&r->shared->lock);
    return n;
}
