/*
 * check_scf_counters.c - libscf's counters (record --counters): their list
 * in the metadata and each call's values written and read back, calls
 * with and without them, and what the writer refuses.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"
#include "tests/unit/scf_test.h"

/* Counters: their list in the metadata, each call's values and scaled
 * mask, calls without them beside calls with them; the header's incompat
 * bit 1 set. */
START_TEST(test_counters_roundtrip)
{
	const char *path = tmp_path("counters.scf");
	static const struct scf_counter counters[] = {
		{ "page-faults", 1, 2, 0, 0 },
		{ "perf::cycles", 0, 0, 0x11, UINT64_MAX },
	};
	static const uint64_t v1[] = { 6400, 0 }, v2[] = { UINT64_MAX, 5 };
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_COUNTERS;
	m.ncounters = 2;
	m.counters = counters;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 1000 };
	ev.call = (struct scf_call){ .start = 900, .duration = 100, .pid = 1, .tid = 1, .nr = 0,
				     .ncounters = 2, .counters = v1 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 2000;
	ev.call = (struct scf_call){ .start = 2000, .pid = 1, .tid = 1, .nr = 0,
				     .flags = SCF_CALL_NO_ENTER };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 3000;
	ev.call = (struct scf_call){ .start = 2500, .duration = 500, .pid = 1, .tid = 2, .nr = 5000,
				     .ncounters = 2, .counters = v2, .counters_scaled = 2 };
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	/* one counter short, or a scaled bit past them: refused */
	ev.time = 3001;
	ev.call.start = 3001;
	ev.call.duration = 0;
	ev.call.ncounters = 1;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.call.ncounters = 2;
	ev.call.counters_scaled = 4;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_header_info h;
	scf_reader_header(r, &h);
	ck_assert_uint_eq(h.incompat, SCF_INCOMPAT_COUNTERS);
	const struct scf_meta *rm = scf_reader_meta(r);
	ck_assert(rm->features & SCF_FEAT_COUNTERS);
	ck_assert_uint_eq(rm->ncounters, 2);
	ck_assert_str_eq(rm->counters[1].name, "perf::cycles");
	ck_assert_uint_eq(rm->counters[0].type, 1);
	ck_assert_uint_eq(rm->counters[0].config, 2);
	ck_assert_uint_eq(rm->counters[1].config1, 0x11);
	ck_assert_uint_eq(rm->counters[1].config2, UINT64_MAX);
	struct scf_event got;
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_uint_eq(got.call.ncounters, 2);
	ck_assert_uint_eq(got.call.counters[0], 6400);
	ck_assert_uint_eq(got.call.counters[1], 0);
	ck_assert_uint_eq(got.call.counters_scaled, 0);
	ck_assert_uint_eq(got.call.flags, 0);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_uint_eq(got.call.ncounters, 0);
	ck_assert_uint_eq(got.call.flags, SCF_CALL_NO_ENTER);
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	ck_assert_int_eq(got.call.nr, 5000);
	ck_assert_uint_eq(got.call.counters[0], UINT64_MAX);
	ck_assert_uint_eq(got.call.counters[1], 5);
	ck_assert_uint_eq(got.call.counters_scaled, 2);
	ck_assert_int_eq(scf_reader_next(r, &got), 0);
	ck_assert(!scf_reader_truncated(r));
	scf_reader_close(r);
}
END_TEST

/* Values without the feature, or the feature without counters: refused. */
START_TEST(test_counters_writer_rejects)
{
	const char *path = tmp_path("nocounters.scf");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	struct scf_meta m = test_meta();
	m.features = SCF_FEAT_COUNTERS;
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), -EINVAL);
	m.features = 0;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	static const uint64_t v[] = { 1 };
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 10 };
	ev.call = (struct scf_call){ .start = 10, .ncounters = 1, .counters = v };
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	scf_writer_free(w);
	close(fd);
}
END_TEST

static Suite *scf_counters_suite(void)
{
	Suite *s = suite_create("scf_counters");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_counters_roundtrip);
	tcase_add_test(tc, test_counters_writer_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_counters_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
