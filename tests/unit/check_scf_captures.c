/*
 * check_scf_captures.c - libscf's captures (format 2): what a call
 * touched, written and read back, absent, refused by the writer,
 * malformed, and the incompat bit.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"
#include "tests/unit/scf_test.h"

/* ---- captures (format 2) ---- */

/* Random events with captures, in one chunk and in many, read back; the
 * header says a version-1 reader cannot read them. */
START_TEST(test_captures_roundtrip)
{
	meta_extra_features = SCF_FEAT_CAPTURES;
	meta_recorder_kind = SCF_RECORDER_BPF;
	gen_captures = true;
	const char *path = tmp_path("caps.scf");
	struct test_event *evs = gen_events(3000, 777);
	size_t ncaps = 0, nfault = 0;
	for (size_t i = 0; i < 3000; i++) {
		ncaps += evs[i].ev.call.ncaptures;
		for (uint32_t k = 0; k < evs[i].ev.call.ncaptures; k++)
			nfault += !!(evs[i].ev.call.captures[k].flags & SCF_CAP_FAULT);
	}
	ck_assert_uint_gt(ncaps, 1000);
	ck_assert_uint_gt(nfault, 50);
	struct scf_trailer t = test_trailer();
	for (size_t group = 0; group <= 7; group += 7) {
		write_events(path, evs, 3000, group, NULL, &t);
		size_t nread;
		struct scf_reader *r;
		ck_assert_int_eq(read_compare(path, evs, 3000, &nread, &r), 0);
		ck_assert_uint_eq(nread, 3000);
		struct scf_header_info hi;
		scf_reader_header(r, &hi);
		ck_assert_uint_eq(hi.version, 2);
		ck_assert_uint_eq(hi.min_version, 1);
		ck_assert_uint_eq(hi.incompat, SCF_INCOMPAT_CAPTURES);
		const struct scf_meta *m = scf_reader_meta(r);
		ck_assert_uint_eq(m->features & SCF_FEAT_CAPTURES, SCF_FEAT_CAPTURES);
		ck_assert_uint_eq(m->recorder_kind, SCF_RECORDER_BPF);
		ck_assert_str_eq(scf_recorder_kind_name(m->recorder_kind), "bpf");
		scf_reader_close(r);
	}
	/* and with scf_reader_skip_args: the captures stay */
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	scf_reader_skip_args(r);
	struct scf_event ev;
	size_t i = 0, got = 0;
	int rc;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		if (ev.type == SCF_EV_CALL)
			got += ev.call.ncaptures;
		i++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(i, 3000);
	ck_assert_uint_eq(got, ncaps);
	scf_reader_close(r);
	free(evs);
}
END_TEST

/* A file without captures stays readable by a version-1 reader; one
 * without recorder_kind (every file before format 2) reads as made by
 * the tracepoint recorder. */
START_TEST(test_captures_absent)
{
	const char *path = tmp_path("nocaps.scf");
	struct test_event *evs = gen_events(200, 99);
	write_events(path, evs, 200, 0, NULL, NULL);
	struct scf_reader *r;
	size_t nread;
	ck_assert_int_eq(read_compare(path, evs, 200, &nread, &r), 0);
	struct scf_header_info hi;
	scf_reader_header(r, &hi);
	ck_assert_uint_eq(hi.min_version, 1);
	ck_assert_uint_eq(hi.incompat, 0);
	ck_assert_uint_eq(scf_reader_meta(r)->recorder_kind, SCF_RECORDER_TRACEPOINT);
	ck_assert_str_eq(scf_recorder_kind_name(SCF_RECORDER_TRACEPOINT), "tracepoint");
	ck_assert_ptr_null(scf_recorder_kind_name(0));
	ck_assert_ptr_null(scf_recorder_kind_name(3));
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_PATH), "path");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_SOCKADDR), "sockaddr");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_DATA), "data");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_IOV), "iov");
	ck_assert_ptr_null(scf_capture_kind_name(0));
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_MSGHDR), "msghdr");
	ck_assert_str_eq(scf_capture_kind_name(SCF_CAP_MMSGHDR), "mmsghdr");
	ck_assert_ptr_null(scf_capture_kind_name(7));
	scf_reader_close(r);
	free(evs);
}
END_TEST

START_TEST(test_captures_writer_rejects)
{
	static const uint8_t big[SCF_CAPTURE_MAX + 1];
	struct scf_capture caps[SCF_MAX_ARGS + 1];
	struct scf_event ev = { .type = SCF_EV_CALL, .time = 100 };
	ev.call.start = 100;
	ev.call.captures = caps;
	for (int with = 0; with <= 1; with++) {
		meta_extra_features = with ? SCF_FEAT_CAPTURES : 0;
		const char *path = tmp_path("caprej.scf");
		struct scf_meta m = test_meta();
		int fd = open_out(path);
		struct scf_writer *w;
		ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
		memset(caps, 0, sizeof(caps));
		caps[0] = (struct scf_capture){ .arg = 1, .kind = SCF_CAP_PATH, .len = 4,
						.data = (const uint8_t *)"/tmp" };
		ev.call.ncaptures = 1;
		/* only a file that says it holds captures may */
		ck_assert_int_eq(scf_writer_add(w, &ev), with ? 0 : -EINVAL);
		if (!with) {
			scf_writer_free(w);
			close(fd);
			continue;
		}
		ev.call.captures = NULL;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		ev.call.captures = caps;
		ev.call.ncaptures = SCF_MAX_ARGS + 1;
		for (int i = 0; i <= SCF_MAX_ARGS; i++)
			caps[i] = (struct scf_capture){ .arg = i, .kind = SCF_CAP_PATH };
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		ev.call.ncaptures = SCF_MAX_ARGS; /* one per argument: right */
		ck_assert_int_eq(scf_writer_add(w, &ev), 0);
		ev.call.ncaptures = 2;
		caps[1].arg = 0; /* not increasing */
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].arg = 6; /* no such argument */
		ev.call.ncaptures = 1;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].arg = 0;
		caps[0].kind = 0;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].kind = 7;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		/* a first message with its reserved bytes not 0 */
		caps[0].kind = SCF_CAP_MMSGHDR;
		caps[0].len = 8;
		caps[0].data = (const uint8_t *)"\2\0\0\0\1\0\0\0";
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		/* a message capture shorter than its head */
		caps[0].kind = SCF_CAP_MSGHDR;
		caps[0].len = SCF_MSGHDR_SIZE - 1;
		caps[0].data = big;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		/* an iovec array capture of part of an element */
		caps[0].kind = SCF_CAP_IOV;
		caps[0].len = SCF_IOV_ENTRY_SIZE - 1;
		caps[0].data = big;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].len = 0;
		caps[0].data = NULL;
		caps[0].kind = SCF_CAP_DATA;
		caps[0].flags = 1u << 3;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].flags = SCF_CAP_FAULT; /* a fault with data */
		caps[0].len = 1;
		caps[0].data = big;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].flags = SCF_CAP_TRUNCATED;
		caps[0].len = SCF_CAPTURE_MAX + 1;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		caps[0].len = SCF_CAPTURE_MAX; /* the largest */
		ck_assert_int_eq(scf_writer_add(w, &ev), 0);
		caps[0].data = NULL;
		ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
		struct scf_trailer t = { 0 };
		ck_assert_int_eq(scf_writer_finish(w, &t), 0);
		scf_writer_free(w);
		close(fd);

		struct scf_reader *r;
		struct scf_event got;
		ck_assert_int_eq(scf_reader_open(path, &r), 0);
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.ncaptures, 1);
		ck_assert_uint_eq(got.call.captures[0].arg, 1);
		ck_assert_uint_eq(got.call.captures[0].len, 4);
		ck_assert(!memcmp(got.call.captures[0].data, "/tmp", 4));
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.ncaptures, SCF_MAX_ARGS);
		for (int i = 0; i < SCF_MAX_ARGS; i++) {
			ck_assert_uint_eq(got.call.captures[i].arg, i);
			ck_assert_uint_eq(got.call.captures[i].len, 0);
			ck_assert_ptr_null(got.call.captures[i].data);
		}
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		ck_assert_uint_eq(got.call.captures[0].len, SCF_CAPTURE_MAX);
		ck_assert_uint_eq(got.call.captures[0].flags, SCF_CAP_TRUNCATED);
		ck_assert_int_eq(scf_reader_next(r, &got), 0);
		scf_reader_close(r);
	}
}
END_TEST

/* The one record of an EVENTS chunk raw[0..len) appended to file, read
 * with the reader left open, as its captures point into the reader's
 * memory: 1, or the reader's error.  The caller closes *r. */
static int read_one_open(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len,
			 struct scf_reader **r, struct scf_event *ev)
{
	const char *path = tmp_path("raw.scf");
	spit_appended(path, file, flen, raw, len, 1, 1, 1);
	ck_assert_int_eq(scf_reader_open(path, r), 0);
	return scf_reader_next(*r, ev);
}

/* Hand-made CALL records with captures: one good, and each corrupt in
 * one way; and HAS_CAPTURES in a file that did not announce them. */
START_TEST(test_captures_bad_records)
{
	const char *path = tmp_path("capfile.scf");
	meta_extra_features = SCF_FEAT_CAPTURES;
	write_events(path, NULL, 0, 0, NULL, NULL);
	meta_extra_features = 0;
	size_t flen;
	uint8_t *file = slurp(path, &flen);
	struct scf_event evs[4];

	/* time 1 (dt 2), duration 0, SAME_TASK, cpu 0 flags 0 nr 257 argmask
	 * 0 ret 3, then captures: 2 of them: arg 1 path "/etc" at exit,
	 * arg 3 data fault */
	static const uint8_t good[] = { 0x91, 2, 0, 0, 0, 0x82, 0x04, 0, 6,
					2, 1, 1, 4, 4, '/', 'e', 't', 'c', 3, 3, 2, 0 };
	struct scf_reader *r;
	ck_assert_int_eq(read_one_open(file, flen, good, sizeof(good), &r, &evs[0]), 1);
	const struct scf_call *c = &evs[0].call;
	ck_assert_int_eq(c->nr, 257);
	ck_assert_int_eq(c->ret, 3);
	ck_assert_uint_eq(c->ncaptures, 2);
	ck_assert_uint_eq(c->captures[0].arg, 1);
	ck_assert_uint_eq(c->captures[0].kind, SCF_CAP_PATH);
	ck_assert_uint_eq(c->captures[0].flags, SCF_CAP_AT_EXIT);
	ck_assert_uint_eq(c->captures[0].len, 4);
	ck_assert(!memcmp(c->captures[0].data, "/etc", 4));
	ck_assert_uint_eq(c->captures[1].arg, 3);
	ck_assert_uint_eq(c->captures[1].kind, SCF_CAP_DATA);
	ck_assert_uint_eq(c->captures[1].flags, SCF_CAP_FAULT);
	ck_assert_uint_eq(c->captures[1].len, 0);
	ck_assert_ptr_null(c->captures[1].data);
	scf_reader_close(r);

	/* the record up to its captures, then each wrong in one way */
	static const uint8_t head[] = { 0x91, 2, 0, 0, 0, 0x82, 0x04, 0, 6 };
	static const struct {
		const char *what;
		uint8_t caps[40];
		size_t len;
	} bad[] = {
		{ "no captures", { 0 }, 1 },
		{ "seven captures", { 7 }, 1 },
		{ "argument 6", { 1, 6, 1, 0, 0 }, 5 },
		{ "arguments not increasing", { 2, 1, 1, 0, 0, 1, 1, 0, 0 }, 9 },
		{ "kind 0", { 1, 0, 0, 0, 0 }, 5 },
		{ "kind 7", { 1, 0, 7, 0, 0 }, 5 },
		{ "mmsghdr: no message after msg_len", { 1, 1, 6, 0, 8, 2 }, 13 },
		{ "msghdr: shorter than its head", { 1, 1, 5, 0, 1, 0 }, 6 },
		{ "iov: part of an element", { 1, 1, 4, 0, 4, 0, 0, 0, 0 }, 9 },
		{ "iov: data past the capture", { 1, 1, 4, 0, 24, [13] = 1, [21] = 1 }, 29 },
		{ "iov: element flag bit 1", { 1, 1, 4, 0, 24, [25] = 2 }, 29 },
		{ "iov: fault with data", { 1, 1, 4, 0, 25, [13] = 1, [21] = 1, [25] = 1, [29] = 'x' }, 30 },
		{ "iov: more data than iov_len", { 1, 1, 4, 0, 25, [21] = 1, [29] = 'x' }, 30 },
		{ "flag bit 3", { 1, 0, 1, 8, 0 }, 5 },
		{ "flags over 64 bits", { 1, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0 }, 14 },
		{ "fault with data", { 1, 0, 1, 2, 1, 'x' }, 6 },
		{ "longer than 65536", { 1, 0, 3, 0, 0x81, 0x80, 0x04 }, 7 },
		{ "data cut short", { 1, 0, 1, 0, 5, 'a', 'b' }, 7 },
		{ "cut after the count", { 1 }, 1 },
		{ "cut after the kind", { 1, 0, 1 }, 3 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t raw[64];
		memcpy(raw, head, sizeof(head));
		memcpy(raw + sizeof(head), bad[i].caps, bad[i].len);
		int rc = read_raw_chunk(file, flen, raw, sizeof(head) + bad[i].len, 1, 1, 1, evs, 4);
		ck_assert_msg(rc == -EBADMSG, "%s: %d", bad[i].what, rc);
	}
	/* an iovec array: two elements, "ab" of 2 bytes and a fault */
	static const uint8_t iov[] = { 0x91, 2, 0, 0, 0, 0x82, 0x04, 0, 6, 1, 1, SCF_CAP_IOV, 0, 50,
				       0x10, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 'a', 'b',
				       0x20, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	ck_assert_int_eq(read_one_open(file, flen, iov, sizeof(iov), &r, &evs[0]), 1);
	ck_assert_uint_eq(evs[0].call.ncaptures, 1);
	ck_assert_uint_eq(evs[0].call.captures[0].kind, SCF_CAP_IOV);
	size_t pos = 0;
	struct scf_iov_entry e;
	const uint8_t *d;
	ck_assert_int_eq(scf_iov_next(&evs[0].call.captures[0], &pos, &e, &d), 1);
	ck_assert_uint_eq(e.base, 0x10);
	ck_assert_uint_eq(e.len, 2);
	ck_assert_uint_eq(e.data_len, 2);
	ck_assert_uint_eq(e.flags, 0);
	ck_assert(!memcmp(d, "ab", 2));
	ck_assert_int_eq(scf_iov_next(&evs[0].call.captures[0], &pos, &e, &d), 1);
	ck_assert_uint_eq(e.base, 0x20);
	ck_assert_uint_eq(e.len, 3);
	ck_assert_uint_eq(e.data_len, 0);
	ck_assert_uint_eq(e.flags, SCF_IOV_FAULT);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(scf_iov_next(&evs[0].call.captures[0], &pos, &e, &d), 0);
	scf_reader_close(r);

	/* a capture of 65536 bytes reads */
	uint8_t *raw = malloc(sizeof(head) + 8 + SCF_CAPTURE_MAX);
	memcpy(raw, head, sizeof(head));
	uint8_t *p = raw + sizeof(head);
	*p++ = 1;
	*p++ = 2;
	*p++ = SCF_CAP_DATA;
	*p++ = SCF_CAP_TRUNCATED;
	p = scf_put_varint(p, SCF_CAPTURE_MAX);
	memset(p, 'z', SCF_CAPTURE_MAX);
	p += SCF_CAPTURE_MAX;
	ck_assert_int_eq(read_one_open(file, flen, raw, (size_t)(p - raw), &r, &evs[0]), 1);
	ck_assert_uint_eq(evs[0].call.captures[0].len, SCF_CAPTURE_MAX);
	ck_assert_uint_eq(evs[0].call.captures[0].data[SCF_CAPTURE_MAX - 1], 'z');
	scf_reader_close(r);
	free(raw);
	free(file);

	/* the same good record where the header has no incompat bit */
	write_events(path, NULL, 0, 0, NULL, NULL);
	file = slurp(path, &flen);
	ck_assert_int_eq(read_raw_chunk(file, flen, good, sizeof(good), 1, 1, 1, evs, 4), -EBADMSG);
	free(file);
}
END_TEST

/* A file with captures, as a reader that knows no incompat bits sees
 * it: the header's bit 0 is set and the rest of the file is the same. */
START_TEST(test_captures_incompat)
{
	const char *path = tmp_path("caps.scf");
	meta_extra_features = SCF_FEAT_CAPTURES;
	write_events(path, NULL, 0, 0, NULL, NULL);
	size_t len;
	uint8_t *file = slurp(path, &len);
	ck_assert_uint_eq(scf_get_le16(file + 8), 2);
	ck_assert_uint_eq(scf_get_le16(file + 10), 1);
	ck_assert_uint_eq(scf_get_le64(file + 16), 1);
	/* a bit this reader does not know beside it: refused */
	make_header(file, 2, 1, 32, SCF_INCOMPAT_CAPTURES | 1ull << 62);
	spit(path, file, len);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), -ENOTSUP);
	free(file);
}
END_TEST

static Suite *scf_captures_suite(void)
{
	Suite *s = suite_create("scf_captures");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_captures_roundtrip);
	tcase_add_test(tc, test_captures_absent);
	tcase_add_test(tc, test_captures_writer_rejects);
	tcase_add_test(tc, test_captures_bad_records);
	tcase_add_test(tc, test_captures_incompat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scf_captures_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
