/*
 * humantime.h - durations and clock times as people read them.
 */
#ifndef SCPROF_HUMANTIME_H
#define SCPROF_HUMANTIME_H

#include <stddef.h>
#include <stdint.h>

/* "0ns", "850ns", "12.3us", "1.23ms", "4.56s": three significant digits
 * (whole ns below 1 us), the unit chosen so the number is below 1000.
 * Returns the length written, like snprintf. */
int humantime_ns(char *buf, size_t len, uint64_t ns);
/* "12:34:56.123456": local wall-clock time of CLOCK_REALTIME ns. */
int humantime_clock(char *buf, size_t len, uint64_t realtime_ns);

#endif
