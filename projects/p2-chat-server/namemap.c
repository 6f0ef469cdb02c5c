/* namemap.c - the broker's case-insensitive name tables: see namemap.h. */
#include "namemap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

enum { KEY_MAX = 64 };

static size_t hash(const char *folded)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *folded; folded++)
        h = (h ^ (unsigned char)*folded) * 1099511628211u;
    return h;
}

void namemap_init(namemap *m) { *m = (namemap){0}; }

void namemap_free(namemap *m)
{
    for (size_t i = 0; i < m->width; i++)
        for (namemap_entry *e = m->buckets[i], *next; e != NULL; e = next) {
            next = e->next;
            free(e);
        }
    free(m->buckets);
    *m = (namemap){0};
}

static namemap_entry **slot_of(const namemap *m, const char *folded)
{
    namemap_entry **p = &m->buckets[hash(folded) & (m->width - 1)];
    while (*p != NULL && strcmp((*p)->key, folded) != 0)
        p = &(*p)->next;
    return p;
}

void *namemap_get(const namemap *m, const char *name)
{
    if (m->width == 0)
        return NULL;
    char folded[KEY_MAX];
    chat_fold(folded, name, sizeof folded);
    namemap_entry *e = *slot_of(m, folded);
    return e ? e->value : NULL;
}

static int grow(namemap *m)
{
    size_t width = m->width ? m->width * 2 : 64;
    namemap_entry **b = calloc(width, sizeof *b);
    if (b == NULL)
        return -ENOMEM;
    for (size_t i = 0; i < m->width; i++)
        for (namemap_entry *e = m->buckets[i], *next; e != NULL; e = next) {
            next = e->next;
            namemap_entry **head = &b[hash(e->key) & (width - 1)];
            e->next = *head;
            *head = e;
        }
    free(m->buckets);
    m->buckets = b;
    m->width = width;
    return 0;
}

int namemap_put(namemap *m, const char *name, void *value)
{
    if (m->len >= m->width && grow(m) != 0)
        return -ENOMEM;
    char folded[KEY_MAX];
    chat_fold(folded, name, sizeof folded);
    namemap_entry **p = slot_of(m, folded);
    if (*p != NULL)
        return -EEXIST;
    size_t n = strlen(folded) + 1;
    namemap_entry *e = malloc(sizeof *e + n);
    if (e == NULL)
        return -ENOMEM;
    e->next = NULL;
    e->value = value;
    memcpy(e->key, folded, n);
    *p = e;
    m->len++;
    return 0;
}

void namemap_del(namemap *m, const char *name)
{
    if (m->width == 0)
        return;
    char folded[KEY_MAX];
    chat_fold(folded, name, sizeof folded);
    namemap_entry **p = slot_of(m, folded);
    if (*p == NULL)
        return;
    namemap_entry *e = *p;
    *p = e->next;
    free(e);
    m->len--;
}

void namemap_each(const namemap *m, void (*fn)(void *value, void *arg), void *arg)
{
    for (size_t i = 0; i < m->width; i++)
        for (namemap_entry *e = m->buckets[i]; e != NULL; e = e->next)
            fn(e->value, arg);
}
