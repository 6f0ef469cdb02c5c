/*
 * text.h - the written rules for what text may pass through the server.
 *
 *   chat_sanitize    what another client's terminal may receive: valid
 *                    UTF-8 is kept; C0 controls are dropped except the IRC
 *                    formatting codes (0x02 bold, 0x03 colour, 0x0F reset,
 *                    0x16 reverse, 0x1D italic, 0x1E strike, 0x1F
 *                    underline); TAB becomes a space; ESC, DEL and C1
 *                    (U+0080..U+009F) are dropped; every byte of invalid
 *                    UTF-8 becomes '?'.
 *   chat_nick_valid  1..CHAT_NICKLEN characters: a letter or one of
 *                    [ ] \ ` _ ^ { | } first, then also digits and '-'.
 *   chat_chan_valid  '#' then 1..CHAT_CHANLEN-1 bytes, none of space,
 *                    comma, BEL, ':' or a control character.
 *   chat_fold        rfc1459 casemapping: A-Z -> a-z and [ ] \ ~ -> { } | ^.
 */
#ifndef P2_TEXT_H
#define P2_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum { CHAT_NICKLEN = 16, CHAT_CHANLEN = 32, CHAT_TOPICLEN = 300 };

/* Clean s[0..len) in place by the rule above; returns the new length. */
size_t chat_sanitize(char *s, size_t len);
bool chat_nick_valid(const char *nick);
bool chat_chan_valid(const char *name);
/* Fold src into dst (size >= strlen(src) + 1) by rfc1459 casemapping. */
void chat_fold(char *dst, const char *src, size_t size);
/* Case-insensitive equality under rfc1459 casemapping. */
bool chat_same_name(const char *a, const char *b);

#endif
