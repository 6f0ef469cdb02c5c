/*
 * demo_backpressure.c - `26-streams backpressure [ITEMS]`: ITEMS blocks of
 * 1 KiB from a fast producer to a slow consumer, twice.  Pulled through a
 * stream, a block is made only when the consumer asks: memory stays flat.
 * Pushed into an unbounded queue, every block waits in memory until the
 * consumer gets to it.
 */
#include <stdio.h>
#include <string.h>

#include "ac/mpsc.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

typedef struct block {
    char bytes[1024];
} block;

/* A source that builds the next block only when poll_next asks. */
typedef struct blocks {
    ac_stream base;
    unsigned long made, limit;
} blocks;
static int blocks_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)cx;
    blocks *b = (blocks *)self;
    if (b->made == b->limit)
        return AC_STREAM_END;
    memset(item, (int)(b->made++ & 0x7f), sizeof(block));
    return AC_STREAM_ITEM;
}
static const ac_stream_vtable blocks_vtable = {.name = "blocks", .poll_next = blocks_next};

int demo_backpressure(int argc, char **argv)
{
    unsigned long items = 20000;
    if (argc > 1 && !ac_cli_parse_ulong("ITEMS", argv[1], 1, 200000, &items))
        return 2;
    ac_cli_heading("backpressure: 1 KiB blocks, a producer faster than its consumer");
    static block item;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    unsigned long sum = 0;

    long before = lesson_rss_kib();
    blocks src = {.base = {&blocks_vtable, sizeof(block)}, .limit = items};
    while (ac_stream_poll_next(&src.base, &cx, &item) == AC_STREAM_ITEM)
        sum += (unsigned char)item.bytes[0]; /* the slow consumer's work */
    long pulled = lesson_rss_kib() - before;
    printf("  pulled through a stream: %lu blocks, resident memory grew by %ld KiB\n", items, pulled);

    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_unbounded(sizeof(block), &tx, &rx) != 0)
        return 1;
    before = lesson_rss_kib();
    for (unsigned long i = 0; i < items; i++) { /* the producer runs ahead */
        memset(&item, (int)(i & 0x7f), sizeof item);
        if (ac_mpsc_try_send(&tx, &item) != 0)
            break;
    }
    long queued = lesson_rss_kib() - before;
    while (ac_mpsc_try_recv(&rx, &item) == 0)
        sum += (unsigned char)item.bytes[0];
    printf("  pushed into an unbounded queue: %zu blocks waited at once, resident memory grew by %ld KiB\n",
           (size_t)items, queued);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
    printf("  (checksum %lu)\n", sum);
    printf("\nTakeaway: a pull-based stream makes work only when asked, so a slow consumer\n"
           "slows the producer; a queue without a bound turns the difference into memory.\n");
    return 0;
}
