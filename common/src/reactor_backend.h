/*
 * reactor_backend.h - the contract between reactor.c and one OS backend.
 *
 * Exactly one of reactor_epoll.c / reactor_poll.c is compiled in (CMake's
 * AC_REACTOR).  reactor.c owns the fd table, the waker slots, the timers
 * and the EINTR/timeout loop; a backend only talks to the kernel:
 *
 *   reactor.c                         backend
 *   ---------                         -------
 *   ac_reactor_get      ----------->  ac__backend_init   (create epoll fd, watch wake_fd)
 *   ac_reactor_register ----------->  ac__backend_add    (fd, generation)
 *   ac_reactor_deregister --------->  ac__backend_del
 *   ac_reactor_turn     ----------->  ac__backend_wait   (block <= timeout_ms)
 *                       <-----------    ac__reactor_dispatch(fd, gen, ready) per event
 *                       <-----------    ac__executor_ack_wake() for the wake fd
 *   driver close        ----------->  ac__backend_free
 */
#ifndef AC_REACTOR_BACKEND_H
#define AC_REACTOR_BACKEND_H

#include "ac/reactor.h"
#include "executor_internal.h"
#include "hints.h"
#include "reactor_internal.h"

extern const char ac__backend_name[];

/* Set up r->backend.  Two fds besides the registered ones must interrupt
 * every wait: the executor's wake_fd (ack it with ac__executor_ack_wake)
 * and the reactor's alarm_fd (call ac__reactor_alarm_rang, which resets it). */
int ac__backend_init(ac_reactor *r);
void ac__backend_free(ac_reactor *r);
/* Start watching fd for both directions; its events must carry `gen`. */
int ac__backend_add(ac_reactor *r, int fd, uint32_t gen);
/* Stop watching fd (it is still open). */
void ac__backend_del(ac_reactor *r, int fd);
/* Wait at most timeout_ms (-1: no limit, 0: just look), dispatch what
 * happened.  Events seen (>= 0), or -errno (-EINTR: interrupted, counted
 * in r->stats.eintr). */
int ac__backend_wait(ac_reactor *r, int timeout_ms);

/* Shared mode (a multi-threaded runtime), in two steps so that the kernel
 * wait runs WITHOUT r->shared's lock: block (the caller holds the token,
 * not the lock) returns what the kernel said (events >= 0 or -errno);
 * then dispatch_shared (token and lock held) hands those n events to
 * ac__reactor_dispatch_shared, stamped with `turn`. */
int ac__backend_block(ac_reactor *r, int timeout_ms);
void ac__backend_dispatch_shared(ac_reactor *r, int n, uint32_t turn);
/* Shared mode, lock held: a slot of fd was just armed.  A backend whose
 * kernel set depends on the armed slots (poll) interrupts a wait already
 * under way so it rebuilds; epoll needs nothing. */
void ac__backend_armed(ac_reactor *r, int fd);

#endif
