/*
 * check_scf_fds.c - libscf's FDS chunks (descriptors open when recording
 * started): written among the events and read back in time order, what
 * the writer refuses, and FDS chunks damaged by hand: refused as corrupt,
 * or read where a newer writer's additions must be skipped.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"
#include "tests/unit/scf_test.h"

static struct scf_event fd_event(uint64_t time, int32_t pid, int32_t fd, uint32_t flags,
				 const char *name)
{
	struct scf_event ev = { .type = SCF_EV_FD, .time = time };
	ev.fd = (struct scf_fd){ .pid = pid, .fd = fd, .flags = flags,
				 .len = (uint32_t)strlen(name), .name = name };
	return ev;
}

static struct scf_event comm_event(uint64_t time, int32_t pid)
{
	struct scf_event ev = { .type = SCF_EV_COMM, .time = time };
	ev.comm.pid = ev.comm.tid = pid;
	snprintf(ev.comm.comm, sizeof(ev.comm.comm), "prog");
	return ev;
}

/* A complete recording of evs[0..n) (each must be accepted) at path. */
static void write_recording(const char *path, const struct scf_event *evs, size_t n)
{
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(scf_writer_add(w, &evs[i]), 0);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
}

/* Descriptors written between events come back between them, in their
 * order, in an FDS chunk of their own: the working directory, a
 * close-on-exec one, a socket, a hostile name and one of 4096 bytes. */
START_TEST(test_fds_roundtrip)
{
	static char longest[SCF_FD_NAME_MAX + 1];
	memset(longest, 'a', SCF_FD_NAME_MAX);
	longest[0] = '/';
	const char *hostile = "/tmp/a\nb\033[31m\\\"x (deleted)";
	struct scf_event evs[] = {
		comm_event(100, 7),
		fd_event(100, 7, SCF_FD_CWD, 0, "/home/user"),
		fd_event(100, 7, 0, 0, "/dev/pts/0"),
		fd_event(100, 7, 3, SCF_FD_CLOEXEC, "socket:[12345]"),
		fd_event(150, 8, 4, 0, hostile),
		fd_event(150, 8, 1 << 20, 0, longest),
		comm_event(200, 8),
	};
	size_t n = sizeof(evs) / sizeof(evs[0]);
	const char *path = tmp_path("fds.scf");
	write_recording(path, evs, n);

	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_header_info h;
	scf_reader_header(r, &h);
	ck_assert_uint_eq(h.incompat, 0); /* old readers skip the chunk */
	uint8_t types[8];
	for (size_t i = 0; i < n; i++) {
		struct scf_event got;
		ck_assert_int_eq(scf_reader_next(r, &got), 1);
		struct scf_chunk_info ci;
		scf_reader_chunk(r, &ci);
		types[i] = ci.type;
		ck_assert_int_eq(got.type, evs[i].type);
		ck_assert_uint_eq(got.time, evs[i].time);
		if (got.type != SCF_EV_FD)
			continue;
		ck_assert_int_eq(got.fd.pid, evs[i].fd.pid);
		ck_assert_int_eq(got.fd.fd, evs[i].fd.fd);
		ck_assert_uint_eq(got.fd.flags, evs[i].fd.flags);
		ck_assert_uint_eq(got.fd.len, evs[i].fd.len);
		ck_assert_str_eq(got.fd.name, evs[i].fd.name);
		if (i == 5) {
			ck_assert_uint_eq(ci.count, 5);
			ck_assert_uint_eq(ci.first_time, 100);
			ck_assert_uint_eq(ci.last_time, 150);
		}
	}
	ck_assert_uint_eq(types[0], SCF_CHUNK_EVENTS);
	for (size_t i = 1; i < 6; i++)
		ck_assert_uint_eq(types[i], SCF_CHUNK_FDS);
	ck_assert_uint_eq(types[6], SCF_CHUNK_EVENTS);
	struct scf_event end;
	ck_assert_int_eq(scf_reader_next(r, &end), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);

	/* skipping the events skips them too */
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	ck_assert_int_eq(scf_reader_skip_events(r), 0);
	ck_assert_ptr_nonnull(scf_reader_trailer(r));
	scf_reader_close(r);
}
END_TEST

/* What the writer refuses, without writing anything or failing later adds. */
START_TEST(test_fds_refused)
{
	static char too_long[SCF_FD_NAME_MAX + 2];
	memset(too_long, 'a', SCF_FD_NAME_MAX + 1);
	const char *path = tmp_path("refused.scf");
	struct scf_meta m = test_meta();
	int fd = open_out(path);
	struct scf_writer *w;
	ck_assert_int_eq(scf_writer_new(fd, &m, &w), 0);
	struct scf_event ev = fd_event(10, 1, -1, 0, "/x");
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, -99, 0, "/x");
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, 3, 0, "");
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, 3, 0, too_long);
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, 3, 2, "/x");
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, 3, 0, "/x");
	ev.fd.len = 3; /* the NUL inside */
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev.fd.len = 2;
	ev.fd.name = NULL;
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	ev = fd_event(10, 1, 3, 0, "/x");
	ck_assert_int_eq(scf_writer_add(w, &ev), 0);
	ev.time = 9; /* time order holds across chunk kinds */
	ck_assert_int_eq(scf_writer_add(w, &ev), -EINVAL);
	struct scf_event c = comm_event(9, 1);
	ck_assert_int_eq(scf_writer_add(w, &c), -EINVAL);
	struct scf_trailer t = test_trailer();
	ck_assert_int_eq(scf_writer_finish(w, &t), 0);
	scf_writer_free(w);
	close(fd);
	ck_assert_int_eq(read_events(path, false, NULL, 2), 1);
}
END_TEST

/* One FDS record as FORMAT.md has it: len (or len_override if not 0),
 * then the fields and extra bytes. */
static size_t put_record(uint8_t *out, int64_t dt, int32_t pid, int32_t fd, uint64_t flags,
			 const char *name, size_t name_len, size_t extra, uint64_t len_override)
{
	uint8_t body[8192], *p = body;
	p = scf_put_svarint(p, dt);
	p = scf_put_svarint(p, pid);
	p = scf_put_svarint(p, fd);
	p = scf_put_varint(p, flags);
	p = scf_put_varint(p, name_len);
	memcpy(p, name, name_len);
	p += name_len;
	memset(p, 0x7f, extra);
	p += extra;
	size_t n = (size_t)(p - body);
	uint8_t *q = scf_put_varint(out, len_override ? len_override : n);
	memcpy(q, body, n);
	return (size_t)(q - out) + n;
}

/* The file of a recording with one FDS record at time 50 (path), and
 * where its FDS chunk starts and ends. */
static uint8_t *fds_file(const char *path, size_t *len, size_t *start, size_t *end)
{
	struct scf_event ev = fd_event(50, 1, 3, 0, "/x");
	write_recording(path, &ev, 1);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event got;
	ck_assert_int_eq(scf_reader_next(r, &got), 1);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	ck_assert_uint_eq(ci.type, SCF_CHUNK_FDS);
	*start = ci.offset;
	*end = ci.offset + SCF_CHUNK_HEADER_SIZE + ci.csize;
	scf_reader_close(r);
	return slurp(path, len);
}

/* The recording with its FDS chunk replaced by one holding raw (count
 * records, first and last times): what reading it all returns, and the
 * first FD event into *got. */
static int read_replaced(const uint8_t *raw, size_t rlen, uint32_t count, uint64_t first,
			 uint64_t last, struct scf_event *got)
{
	size_t len, start, end;
	const char *path = tmp_path("damaged.scf");
	uint8_t *file = fds_file(path, &len, &start, &end);
	uint8_t *out = malloc(len + rlen + 4096);
	memcpy(out, file, start);
	size_t n = make_chunk(out + start, SCF_CHUNK_FDS, raw, rlen, count, first, last);
	memcpy(out + start + n, file + end, len - end);
	spit(path, out, start + n + len - end);
	free(out);
	free(file);
	struct scf_reader *r;
	ck_assert_int_eq(scf_reader_open(path, &r), 0);
	struct scf_event ev;
	int rc, fds = 0;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		if (ev.type == SCF_EV_FD && !fds++) {
			*got = ev;
			got->fd.name = strdup(ev.fd.name);
		}
	}
	scf_reader_close(r);
	if (rc < 0 && fds) { /* the callers look at a record only when all read */
		free((char *)got->fd.name);
		got->fd.name = NULL;
	}
	return rc;
}

START_TEST(test_fds_damaged)
{
	uint8_t raw[16384];
	struct scf_event got;
	size_t n;

	/* a newer writer's field after the name, and a flag bit this reader
	 * does not know: read, the rest skipped and the flag dropped */
	n = put_record(raw, 50, 1, 3, SCF_FD_CLOEXEC | 4, "/x", 2, 5, 0);
	n += put_record(raw + n, 10, 1, 4, 0, "/y", 2, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 2, 50, 60, &got), 0);
	ck_assert_int_eq(got.fd.fd, 3);
	ck_assert_uint_eq(got.fd.flags, SCF_FD_CLOEXEC);
	ck_assert_str_eq(got.fd.name, "/x");
	free((char *)got.fd.name);
	/* the working directory */
	n = put_record(raw, 50, 1, SCF_FD_CWD, 0, "/", 1, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), 0);
	ck_assert_int_eq(got.fd.fd, SCF_FD_CWD);
	free((char *)got.fd.name);

	/* corrupt: a negative fd but the working directory's */
	n = put_record(raw, 50, 1, -1, 0, "/x", 2, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	/* an empty name, one of 4097 bytes, one with a NUL */
	n = put_record(raw, 50, 1, 3, 0, "", 0, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	static char big[SCF_FD_NAME_MAX + 1];
	memset(big, 'a', sizeof(big));
	n = put_record(raw, 50, 1, 3, 0, big, sizeof(big), 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	n = put_record(raw, 50, 1, 3, 0, "/x\0y", 4, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	/* fields past the record's len; a len past the payload */
	n = put_record(raw, 50, 1, 3, 0, "/x", 2, 0, 4);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	n = put_record(raw, 50, 1, 3, 0, "/x", 2, 0, 200);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 50, &got), -EBADMSG);
	/* a pid or fd past 32 bits */
	uint8_t *p = raw + 1;
	p = scf_put_svarint(p, 50);
	p = scf_put_svarint(p, (int64_t)1 << 40);
	p = scf_put_svarint(p, 3);
	p = scf_put_varint(p, 0);
	p = scf_put_varint(p, 2);
	memcpy(p, "/x", 2);
	p += 2;
	raw[0] = (uint8_t)(p - raw - 1);
	ck_assert_int_eq(read_replaced(raw, (size_t)(p - raw), 1, 50, 50, &got), -EBADMSG);
	/* a count, first or last time that disagrees with the records */
	n = put_record(raw, 50, 1, 3, 0, "/x", 2, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 2, 50, 50, &got), -EBADMSG);
	ck_assert_int_eq(read_replaced(raw, n, 1, 49, 50, &got), -EBADMSG);
	ck_assert_int_eq(read_replaced(raw, n, 1, 50, 51, &got), -EBADMSG);
	/* time going backwards within the chunk */
	n = put_record(raw, 50, 1, 3, 0, "/x", 2, 0, 0);
	n += put_record(raw + n, -1, 1, 4, 0, "/y", 2, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 2, 50, 49, &got), -EBADMSG);
	/* an empty chunk is nothing; a count of 0 with records is corrupt */
	ck_assert_int_eq(read_replaced(raw, 0, 0, 0, 0, &got), 0);
	n = put_record(raw, 50, 1, 3, 0, "/x", 2, 0, 0);
	ck_assert_int_eq(read_replaced(raw, n, 0, 0, 0, &got), -EBADMSG);
}
END_TEST

static Suite *fds_suite(void)
{
	Suite *s = suite_create("scf_fds");
	TCase *tc = tcase_create("fds");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fds_roundtrip);
	tcase_add_test(tc, test_fds_refused);
	tcase_add_test(tc, test_fds_damaged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fds_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
