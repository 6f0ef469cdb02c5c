/* histogram.c - log-linear latency buckets (see histogram.h). */
#include "histogram.h"

#include <math.h>
#include <string.h>

void histogram_init(histogram *h) { memset(h, 0, sizeof *h); }

static unsigned bucket_of(uint64_t v)
{
    if (v < HISTOGRAM_SUB)
        return (unsigned)v;
    unsigned e = 63u - (unsigned)__builtin_clzll(v); /* position of the leading one */
    if (e > HISTOGRAM_MAX_EXP)
        return HISTOGRAM_BUCKETS - 1;
    unsigned sub = (unsigned)(v >> (e - HISTOGRAM_SUB_BITS)) & (HISTOGRAM_SUB - 1);
    return (e - HISTOGRAM_SUB_BITS + 1) * HISTOGRAM_SUB + sub;
}

/* The largest value that lands in bucket i (the inverse of bucket_of). */
static uint64_t bucket_top(unsigned i)
{
    if (i < HISTOGRAM_SUB)
        return i;
    unsigned e = i / HISTOGRAM_SUB + HISTOGRAM_SUB_BITS - 1;
    uint64_t sub = i % HISTOGRAM_SUB;
    uint64_t width = (uint64_t)1 << (e - HISTOGRAM_SUB_BITS);
    return ((uint64_t)1 << e) + (sub + 1) * width - 1;
}

void histogram_record(histogram *h, uint64_t nanos)
{
    if (h->count == 0 || nanos < h->min)
        h->min = nanos;
    if (nanos > h->max)
        h->max = nanos;
    h->count++;
    h->sum += nanos;
    h->buckets[bucket_of(nanos)]++;
}

uint64_t histogram_percentile(const histogram *h, double p)
{
    if (h->count == 0)
        return 0;
    uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (unsigned i = 0; i < HISTOGRAM_BUCKETS; i++) {
        seen += h->buckets[i];
        if (seen >= rank) {
            uint64_t top = bucket_top(i);
            return top < h->max ? top : h->max;
        }
    }
    return h->max;
}
