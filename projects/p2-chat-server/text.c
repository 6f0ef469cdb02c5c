/* text.c - sanitizing, nick and channel rules, rfc1459 casemapping: see text.h. */
#include "text.h"

#include <string.h>

static bool is_formatting(unsigned char c)
{
    return c == 0x02 || c == 0x03 || c == 0x0F || c == 0x16 || c == 0x1D || c == 0x1E || c == 0x1F;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    /* overlong forms, surrogates and beyond U+10FFFF are invalid */
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

size_t chat_sanitize(char *text, size_t len)
{
    unsigned char *s = (unsigned char *)text;
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            if (c == '\t')
                s[out++] = ' ';
            else if ((c >= 0x20 && c != 0x7F) || is_formatting(c))
                s[out++] = c;
            continue; /* other C0 controls, ESC and DEL are dropped */
        }
        size_t n = utf8_sequence(s + i, len - i);
        if (n == 0) {
            s[out++] = '?';
            i++;
            continue;
        }
        if (n == 2 && c == 0xC2 && s[i + 1] <= 0x9F) { /* C1 control */
            i += n;
            continue;
        }
        memmove(s + out, s + i, n);
        out += n;
        i += n;
    }
    return out;
}

static bool nick_special(char c) { return c != '\0' && strchr("[]\\`_^{|}", c) != NULL; }
static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool chat_nick_valid(const char *nick)
{
    size_t n = strlen(nick);
    if (n == 0 || n > CHAT_NICKLEN || !(is_letter(nick[0]) || nick_special(nick[0])))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_letter(nick[i]) || is_digit(nick[i]) || nick_special(nick[i]) || nick[i] == '-'))
            return false;
    return true;
}

bool chat_chan_valid(const char *name)
{
    size_t n = strlen(name);
    if (n < 2 || n > CHAT_CHANLEN || name[0] != '#')
        return false;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= 0x20 || c == ',' || c == ':' || c == 0x7F)
            return false;
    }
    return true;
}

static char fold_char(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    switch (c) {
    case '[':
        return '{';
    case ']':
        return '}';
    case '\\':
        return '|';
    case '~':
        return '^';
    default:
        return c;
    }
}

void chat_fold(char *dst, const char *src, size_t size)
{
    size_t i = 0;
    for (; src[i] != '\0' && i + 1 < size; i++)
        dst[i] = fold_char(src[i]);
    dst[i] = '\0';
}

bool chat_same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if (fold_char(*a) != fold_char(*b))
            return false;
    return *a == *b;
}
