/* Mutant of exercise 1: counts a closed receiver as shed load too.
 * Caught by full_channel_sheds_and_counts (accepted + shed). */
#include <errno.h>

#include "lesson.h"

int offer(ac_mpsc_tx *tx, int value, shed_stats *s)
{
    int r = ac_mpsc_try_send(tx, &value); /* never waits */
    if (r == 0)
        s->accepted++;
    else           /* the mistake: -EPIPE counted as shed */
        s->shed++; /* full: drop it now rather than queue it without limit */
    return r;
}
