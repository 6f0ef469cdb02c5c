/*
 * demo_selfref.c - a self-referential future, copied after its first poll.
 *
 * Both copies stay alive on this function's stack the whole time, so the
 * stale pointer we make only ever touches live memory: we can look at
 * what it does instead of crashing.  In real code the original is usually
 * gone (realloc freed it, the function returned) and the same write lands
 * in freed memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "demos.h"
#include "lesson.h"

/* Say where a cursor points, comparing plain numbers: C only lets us
 * compare pointers into the same object, and the question here is
 * precisely "which object?". */
static void where(const char *cursor, const speller *own, const speller *other)
{
    uintptr_t c = (uintptr_t)cursor;
    uintptr_t mine = (uintptr_t)own->buf, theirs = other ? (uintptr_t)other->buf : 0;
    if (cursor == NULL)
        printf("(none yet)\n");
    else if (c >= mine && c <= mine + SPELLER_MAX)
        printf("its own buf + %u\n", (unsigned)(c - mine));
    else if (other != NULL && c >= theirs && c <= theirs + SPELLER_MAX)
        printf("the ORIGINAL's buf + %u   <-- not its own!\n", (unsigned)(c - theirs));
    else
        printf("somewhere else\n");
}

static void show(const char *label, const speller *s, const speller *other)
{
    printf("  %-9s struct @ %p  buf @ %p  buf \"%s\"\n", label, (const void *)s, (const void *)s->buf,
           s->buf);
    printf("  %-9s cursor = %p = ", "", (const void *)s->cursor);
    where(s->cursor, s, other);
}

static ac_poll poll_once(const char *label, speller *s, ac_context *cx)
{
    ac_poll r = ac_future_poll(&s->base, cx);
    printf("  poll %-8s -> %-7s buf \"%s\"\n", label, r == AC_READY ? "Ready" : "Pending", s->buf);
    return r;
}

int demo_selfref(int argc, char **argv)
{
    const char *word = argc >= 2 ? argv[1] : "async";
    if (strlen(word) < 3 || strlen(word) >= SPELLER_MAX) {
        fprintf(stderr, "%s: WORD must have 3 to %d letters, got \"%s\"\n", argv[0], SPELLER_MAX - 1, word);
        return 2;
    }
    ac_waker waker = loud_waker("speller");
    ac_context cx = {.waker = &waker};

    printf("speller(\"%s\") copies one letter per poll into its own buffer.\n", word);
    speller original = speller_new(word);
    speller early = original; /* a copy before any poll: harmless */
    printf("A copy made BEFORE the first poll has no inner pointer to go stale:\n");
    show("early", &early, NULL);

    printf("\nPoll the original twice where it stands:\n");
    poll_once("original", &original, &cx);
    poll_once("original", &original, &cx);
    show("original", &original, NULL);

    printf("\n1. Move it the plain way (memcpy - what a return by value, a struct\n"
           "   assignment or realloc does):\n");
    speller copy;
    memcpy(&copy, &original, sizeof copy);
    show("copy", &copy, &original);
    printf("  Poll the copy once:\n");
    poll_once("copy", &copy, &cx);
    printf("  copy.buf     \"%s\"   (the letter never arrived)\n", copy.buf);
    printf("  original.buf \"%s\"   (it was written here, into the struct we moved away from)\n",
           original.buf);
    printf("  Every further poll of the copy writes into the original: the copy would\n"
           "  never finish.  Had the original been freed, each write would corrupt\n"
           "  freed memory.  (This demo kept it alive so that we could look.)\n");

    printf("\n2. Move it with speller_move (exercise 1), which re-points the cursor:\n");
    speller fresh = speller_new(word); /* start over: the original is spoiled */
    poll_once("fresh", &fresh, &cx);
    poll_once("fresh", &fresh, &cx);
    speller moved;
    speller_move(&moved, &fresh);
    memset(&fresh, 0xAA, sizeof fresh); /* wipe the source: moved must not need it */
    show("moved", &moved, &fresh);
    unsigned polls = 0;
    while (poll_once("moved", &moved, &cx) == AC_PENDING && ++polls < SPELLER_MAX)
        ;
    printf("  moved.buf \"%s\" - complete, with the old struct wiped.\n", moved.buf);

    printf("\nTakeaway: a pointer into your own struct is only right at one address.\n"
           "Either never move after the first poll (pin), or fix the pointer on every\n"
           "move (store an offset, or re-point it), like speller_move does.\n");
    return 0;
}
