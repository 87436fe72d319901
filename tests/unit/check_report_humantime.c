/*
 * check_report_humantime.c - durations and clock times for people.
 */
#include <check.h>
#include <stdlib.h>

#include "analysis/humantime.h"

static const char *ns(uint64_t v)
{
	static char buf[32];
	humantime_ns(buf, sizeof(buf), v);
	return buf;
}

START_TEST(test_durations)
{
	ck_assert_str_eq(ns(0), "0ns");
	ck_assert_str_eq(ns(999), "999ns");
	ck_assert_str_eq(ns(1000), "1.00us");
	ck_assert_str_eq(ns(1234), "1.23us");
	ck_assert_str_eq(ns(12345), "12.3us");
	ck_assert_str_eq(ns(123456), "123us");
	ck_assert_str_eq(ns(999499), "999us");
	/* rounds up into the next unit, never "1000us" */
	ck_assert_str_eq(ns(999500), "1.00ms");
	ck_assert_str_eq(ns(99960), "100us");
	ck_assert_str_eq(ns(1500000), "1.50ms");
	ck_assert_str_eq(ns(12300000000ull), "12.3s");
	ck_assert_str_eq(ns(3600000000000ull), "3600s");
}
END_TEST

START_TEST(test_clock)
{
	char buf[32];
	setenv("TZ", "UTC", 1);
	humantime_clock(buf, sizeof(buf), 1714566896123456789ull);
	ck_assert_str_eq(buf, "12:34:56.123456");
	humantime_clock(buf, sizeof(buf), 0);
	ck_assert_str_eq(buf, "00:00:00.000000");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report_humantime");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_clock);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
