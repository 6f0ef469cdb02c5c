/* Mutant of ex3_readable: arms an fd it never registered; the reactor
 * stops the program with "fd N is not registered".  Caught by
 * readable_pends_arms_and_reads_after_the_wake (the check dies there). */
#include <errno.h>
#include <unistd.h>

#include "lesson.h"

ac_poll readable_poll(ac_future *self, ac_context *cx)
{
    readable *f = (readable *)self;
    for (;;) {
        /* Always try first: the wake that brought us here is a hint, and on
         * the first poll the bytes may be there already. */
        ssize_t n = read(f->fd, f->buf, f->cap);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        /* bytes, end of file or an error: finished either way */
        f->result = n < 0 ? -errno : n;
        if (f->armed) {
            reactor_disarm(f->reactor, f->fd, AC_READABLE); /* leave nothing behind */
            f->armed = false;
        }
        return AC_READY;
    }
    f->eagains++;
    /* the mistake: fd is never registered before it is armed */
    /* Replaces an older clone if this is a re-arm after a spurious wake. */
    reactor_arm(f->reactor, f->fd, AC_READABLE, cx->waker);
    f->armed = true;
    return AC_PENDING;
}

void readable_drop(ac_future *self)
{
    readable *f = (readable *)self;
    if (f->armed)
        reactor_disarm(f->reactor, f->fd, AC_READABLE);
    f->armed = false;
}
