/*
 * histogram.h - latency histogram with log-linear buckets.
 *
 * Values are nanoseconds.  Below 128 ns each value has its own bucket; above,
 * every power of two [2^e, 2^(e+1)) is split into 128 equal sub-buckets, so a
 * bucket is never wider than 1/128 (< 0.8 %) of the values in it:
 *
 *   value (binary)   1 0110101 1101...   e = 12
 *                    | `--+--' `-- dropped (below the bucket's resolution)
 *                    |    sub-bucket 0110101
 *                    leading one: selects the power of two
 *
 * At a 20 us round trip that is 0.16 us resolution, at 1 ms 8 us.  Recording
 * is a few shifts and one increment: cheap enough for every round trip.
 */
#ifndef P1_HISTOGRAM_H
#define P1_HISTOGRAM_H

#include <stdint.h>

enum {
    HISTOGRAM_SUB_BITS = 7,
    HISTOGRAM_SUB = 1 << HISTOGRAM_SUB_BITS,
    HISTOGRAM_MAX_EXP = 40, /* values up to 2^41 ns (about 36 minutes) */
    HISTOGRAM_BUCKETS = HISTOGRAM_SUB * (HISTOGRAM_MAX_EXP - HISTOGRAM_SUB_BITS + 2),
};

typedef struct histogram {
    uint64_t count, min, max, sum;
    uint64_t buckets[HISTOGRAM_BUCKETS];
} histogram;

void histogram_init(histogram *h);
void histogram_record(histogram *h, uint64_t nanos);
/* The value at percentile p (0 < p <= 100): the highest value in the bucket
 * holding that rank, capped at the largest value recorded.  0 if empty. */
uint64_t histogram_percentile(const histogram *h, double p);

#endif
