/*
 * humantime.c - durations and clock times for people (see humantime.h).
 */
#include "analysis/humantime.h"

#include <stdio.h>
#include <time.h>

int humantime_ns(char *buf, size_t len, uint64_t ns)
{
	static const char *const units[] = {"us", "ms", "s"};
	if (ns < 1000)
		return snprintf(buf, len, "%uns", (unsigned)ns);
	double v = (double)ns;
	for (int u = 0; u < 3; u++) {
		v /= 1000.0;
		/* the unit where the rounded number stays below 1000 */
		if (u < 2 && v >= 999.5)
			continue;
		if (v < 9.995)
			return snprintf(buf, len, "%.2f%s", v, units[u]);
		if (v < 99.95)
			return snprintf(buf, len, "%.1f%s", v, units[u]);
		return snprintf(buf, len, "%.0f%s", v, units[u]);
	}
	return 0; /* not reached */
}

int humantime_clock(char *buf, size_t len, uint64_t realtime_ns)
{
	time_t t = (time_t)(realtime_ns / 1000000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return snprintf(buf, len, "??:??:??.%06u", (unsigned)(realtime_ns % 1000000000u / 1000));
	return snprintf(buf, len, "%02d:%02d:%02d.%06u", tm.tm_hour, tm.tm_min, tm.tm_sec,
			(unsigned)(realtime_ns % 1000000000u / 1000));
}
