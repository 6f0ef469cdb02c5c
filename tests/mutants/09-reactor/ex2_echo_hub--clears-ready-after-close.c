/* Mutant of ex2_echo_hub: clears `ready` after serving, touching a connection that on_close has
 * already freed.  Caught by echo_hub_serves_only_the_connections_that_woke
 * (AddressSanitizer: heap-use-after-free). */
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
            ac_waker w = hub_conn_waker(c);
            reactor_arm(h->reactor, c->fd, AC_READABLE, &w);
            return true;
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
        served++;
        bool keep = serve(h, c);
        if (!keep)
            h->on_close(h, c);
        c->ready = false; /* the mistake: after serving, and after a close */
    }
    return served;
}
