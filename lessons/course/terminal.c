/*
 * terminal.c - key-at-a-time input for `course watch`, always undone.
 *
 * Canonical mode (the terminal's default) hands over input a line at a
 * time, after Enter; watch wants `h` to act at once, so it clears ICANON
 * and ECHO.  It keeps ISIG, so Ctrl-C still sends SIGINT - to us and to a
 * build in progress alike.  Whatever way the program ends, the terminal
 * must come back as it was, or the learner's shell is left without echo:
 * atexit covers a normal exit, a handler covers the signals (tcsetattr is
 * async-signal-safe), then re-raises so the exit status still says which
 * signal it was.
 */
#include "terminal.h"

#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static volatile sig_atomic_t saved_valid;

void terminal_restore(void)
{
    if (saved_valid)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}

static void restore_and_reraise(int sig)
{
    terminal_restore();
    signal(sig, SIG_DFL);
    raise(sig); /* delivered once this handler returns: ends the program */
}

void terminal_keys_mode(void)
{
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
        return;
    saved_valid = 1;
    atexit(terminal_restore);
    struct sigaction sa = {.sa_handler = restore_and_reraise};
    sigemptyset(&sa.sa_mask);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &sa, NULL);
    struct termios keys = saved;
    keys.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    keys.c_cc[VMIN] = 1;
    keys.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &keys);
}
