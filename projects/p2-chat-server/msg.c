/* msg.c - reference-counted outgoing lines: see msg.h. */
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

chat_msg *chat_msg_new(const char *data, size_t len)
{
    chat_msg *m = malloc(sizeof *m + len + 1);
    if (m == NULL)
        return NULL;
    atomic_init(&m->refs, 1);
    m->len = len;
    memcpy(m->data, data, len);
    m->data[len] = '\0';
    return m;
}

chat_msg *chat_msg_printf(const char *fmt, ...)
{
    char line[2048]; /* every line we build fits: inputs are capped well below */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n >= sizeof line) { /* cannot happen with our inputs; cut, keep the line ending */
        n = sizeof line - 1;
        line[n - 1] = '\n';
    }
    return chat_msg_new(line, (size_t)n);
}

void chat_msg_unref(chat_msg *m)
{
    if (m != NULL && atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) == 1)
        free(m);
}
