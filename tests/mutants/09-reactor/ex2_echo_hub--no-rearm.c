/* Mutant of ex2_echo_hub: leaves a drained connection without arming its read slot, so it is
 * never woken again.  Caught by echo_hub_serves_only_the_connections_that_woke. */
#include <errno.h>
#include <unistd.h>

#include "lesson.h"

/* Read and echo until the socket has nothing more for us.  Returns true
 * while the connection stays open (its read slot is armed again). */
static bool serve(echo_hub *h, hub_conn *c)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* drained: wait for the next edge, with this connection's waker */
            return true; /* the mistake: no arm */
        }
        if (n <= 0)
            return false; /* end of file, or an error: either way, done */
        ssize_t w = write(c->fd, buf, (size_t)n);
        if (w != n)
            return false; /* short or failed write: see the simplification in lesson.h */
        c->echoed += (unsigned long)n;
        h->echoed += (unsigned long)n;
    }
}

int echo_hub_turn(echo_hub *h, ac_nanos timeout)
{
    h->turns++;
    bool any_ready = false;
    for (size_t i = 0; i < HUB_MAX_CONNS && !any_ready; i++)
        any_ready = h->conns[i] != NULL && h->conns[i]->ready;
    if (!any_ready)
        reactor_turn(h->reactor, timeout); /* the wakers set `ready` */

    int served = 0;
    for (size_t i = 0; i < HUB_MAX_CONNS; i++) {
        hub_conn *c = h->conns[i];
        if (c == NULL || !c->ready)
            continue;
        c->ready = false;
        served++;
        if (!serve(h, c))
            h->on_close(h, c); /* c is freed: do not touch it again */
    }
    return served;
}
