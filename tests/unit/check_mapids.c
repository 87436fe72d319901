/*
 * check_mapids.c - the device and inode noted for each mapped path: a
 * file matches only with its path, device and inode all noted together.
 */
#include <check.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "profiler/mapids.h"

static struct stat file_at(dev_t dev, ino_t ino)
{
	struct stat sb = { .st_dev = dev, .st_ino = ino, .st_mode = S_IFREG | 0755 };
	return sb;
}

START_TEST(test_match)
{
	struct mapids *ids = mapids_new();
	ck_assert_ptr_nonnull(ids);
	ck_assert_int_eq(mapids_add(ids, "/usr/bin/x", makedev(8, 1), 1234), 0);
	struct stat same = file_at(makedev(8, 1), 1234);
	struct stat other_ino = file_at(makedev(8, 1), 1235);
	struct stat other_dev = file_at(makedev(8, 2), 1234);
	struct stat other_major = file_at(makedev(9, 1), 1234);
	ck_assert(mapids_match(ids, "/usr/bin/x", &same));
	/* replaced at the path: a new inode, or a file from another device */
	ck_assert(!mapids_match(ids, "/usr/bin/x", &other_ino));
	ck_assert(!mapids_match(ids, "/usr/bin/x", &other_dev));
	ck_assert(!mapids_match(ids, "/usr/bin/x", &other_major));
	/* the same file under another path was not what that path mapped */
	ck_assert(!mapids_match(ids, "/usr/bin/y", &same));
	/* a path mapped from two files (rebuilt during the recording): both */
	ck_assert_int_eq(mapids_add(ids, "/usr/bin/x", makedev(8, 1), 1235), 0);
	ck_assert(mapids_match(ids, "/usr/bin/x", &same));
	ck_assert(mapids_match(ids, "/usr/bin/x", &other_ino));
	/* inode 0 is no file: not noted, never matched */
	ck_assert_int_eq(mapids_add(ids, "/z", makedev(0, 5), 0), 0);
	struct stat none = file_at(makedev(0, 5), 0);
	ck_assert(!mapids_match(ids, "/z", &none));
	ck_assert_uint_eq(mapids_count(ids), 2);
	mapids_free(ids);
	mapids_free(NULL);
	ck_assert(!mapids_match(NULL, "/usr/bin/x", &same));
}
END_TEST

/* Every exec maps the same files again: repeats are kept once, and what
 * was noted before the array was compacted still matches after. */
START_TEST(test_repeats)
{
	struct mapids *ids = mapids_new();
	for (int round = 0; round < 1000; round++)
		for (unsigned i = 0; i < 10; i++) {
			char path[32];
			snprintf(path, sizeof(path), "/lib/l%u.so", i);
			ck_assert_int_eq(mapids_add(ids, path, makedev(8, 1), 100 + i), 0);
		}
	ck_assert_uint_eq(mapids_count(ids), 10);
	for (unsigned i = 0; i < 10; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/lib/l%u.so", i);
		struct stat sb = file_at(makedev(8, 1), 100 + i);
		ck_assert(mapids_match(ids, path, &sb));
		sb.st_ino++;
		ck_assert(!mapids_match(ids, path, &sb));
	}
	/* noted after a lookup sorted the array */
	ck_assert_int_eq(mapids_add(ids, "/lib/new.so", makedev(8, 1), 7), 0);
	struct stat sb = file_at(makedev(8, 1), 7);
	ck_assert(mapids_match(ids, "/lib/new.so", &sb));
	mapids_free(ids);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mapids");
	TCase *tc = tcase_create("mapids");
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_repeats);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
