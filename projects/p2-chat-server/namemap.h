/*
 * namemap.h - nick -> user and channel -> channel, keyed by the name
 * folded under rfc1459 casemapping (text.h), so "Bob" and "bOB" are one
 * key.  Owned by the broker task alone: no lock, by design.  Chained hash
 * table that doubles when it is as full as it is wide.
 */
#ifndef P2_NAMEMAP_H
#define P2_NAMEMAP_H

#include <stddef.h>

typedef struct namemap_entry {
    struct namemap_entry *next;
    void *value;
    char key[]; /* folded */
} namemap_entry;

typedef struct namemap {
    namemap_entry **buckets;
    size_t width, len;
} namemap;

void namemap_init(namemap *m);
void namemap_free(namemap *m); /* the entries, not the values */
void *namemap_get(const namemap *m, const char *name);
/* 0, -EEXIST (the name is taken) or -ENOMEM. */
int namemap_put(namemap *m, const char *name, void *value);
void namemap_del(namemap *m, const char *name);
/* Call fn on every value (the map must not change meanwhile). */
void namemap_each(const namemap *m, void (*fn)(void *value, void *arg), void *arg);

#endif
