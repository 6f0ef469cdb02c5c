/* log.h - timestamped log lines on stderr: "2026-11-22T03:58:01.123Z msg". */
#ifndef P1_LOG_H
#define P1_LOG_H

void echo_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
