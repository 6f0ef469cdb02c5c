/*
 * msg.h - one outgoing line, shared by every recipient by reference count.
 *
 *   broker: m = chat_msg_printf(":bob PRIVMSG #c :hi\r\n")    refs 1
 *           for each member: outbox_push(member, chat_msg_ref(m))  refs 1+N
 *           chat_msg_unref(m)                                  refs N
 *   each session, once written to its socket: chat_msg_unref   ... 0: freed
 *
 * The body is never copied per recipient; fan-out to N clients costs N
 * pointer pushes.  The count is atomic so that sessions on other worker
 * threads (the multi-threaded runtime) can let go of their reference.
 */
#ifndef P2_MSG_H
#define P2_MSG_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct chat_msg {
    _Atomic unsigned refs;
    size_t len;
    char data[]; /* len bytes, then a NUL (for parsing and logging) */
} chat_msg;

/* A new message holding a copy of data[0..len), refs 1; NULL out of memory. */
chat_msg *chat_msg_new(const char *data, size_t len);
/* printf into a new message, refs 1; NULL out of memory. */
chat_msg *chat_msg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline chat_msg *chat_msg_ref(chat_msg *m)
{
    atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
    return m;
}

/* Drop one reference; the last frees the message.  NULL is ignored. */
void chat_msg_unref(chat_msg *m);

#endif
