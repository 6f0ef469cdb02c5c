/* terminal.h - single-key input for `course watch`, and putting it back. */
#ifndef COURSE_TERMINAL_H
#define COURSE_TERMINAL_H

/* Switch the terminal on stdin to key-at-a-time input without echo (if
 * stdin is a terminal), and arrange for it to be restored on exit and
 * when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the program. */
void terminal_keys_mode(void);
/* Put the terminal back as it was; safe to call more than once. */
void terminal_restore(void);

#endif
