/*
 * check_scf_golden.c - the golden files of tests/data/ (made by
 * tests/data/make-golden.sh) read exactly as tests/data/README.md says,
 * and every byte the reader hands out from them can be read.  README.md's
 * table is the expectation: each row names a file and its outcome, in the
 * words of outcome() below.  Run from the repository root, or with
 * SCF_TEST_DATA set to the data directory.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/scf.h"
#include "tests/unit/walk.h"

static const char *data_dir(void)
{
	const char *d = getenv("SCF_TEST_DATA");
	return d ? d : "tests/data";
}

/* "complete: 152 events, 1 symbol table", "truncated: 120 events",
 * "open: corrupt recording", "error after 60 events: corrupt recording
 * (chunk at offset 4346)" */
static void outcome(const char *path, char *buf, size_t len)
{
	struct walk_result w;
	walk_recording(path, &w);
	if (w.open_rc) {
		snprintf(buf, len, "open: %s", scf_strerror(w.open_rc));
	} else if (w.rc < 0) {
		snprintf(buf, len, "error after %llu events: %s (chunk at offset %llu)",
			 (unsigned long long)w.events, scf_strerror(w.rc),
			 (unsigned long long)w.offset);
	} else {
		int n = snprintf(buf, len, "%s: %llu events", w.truncated ? "truncated" : "complete",
				 (unsigned long long)w.events);
		if (w.nsymtabs)
			snprintf(buf + n, len - n, ", %llu symbol table%s",
				 (unsigned long long)w.nsymtabs, w.nsymtabs == 1 ? "" : "s");
	}
}

struct row {
	char file[128];
	char want[256];
};

/* The rows of README.md's table: "| `file` | how | outcome |". */
static size_t read_rows(struct row *rows, size_t max)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/README.md", data_dir());
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char line[1024];
	size_t n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "| `", 3))
			continue;
		char *name = line + 3, *tick = strchr(name, '`');
		char *end = strrchr(line, '|'), *last;
		ck_assert_msg(tick && end && end > tick, "bad row: %s", line);
		*end = '\0';
		last = strrchr(line, '|');
		ck_assert_msg(last > tick, "bad row: %s", line);
		*tick = '\0';
		last++;
		while (*last == ' ')
			last++;
		size_t k = strlen(last);
		while (k && last[k - 1] == ' ')
			last[--k] = '\0';
		ck_assert_uint_lt(n, max);
		snprintf(rows[n].file, sizeof(rows[n].file), "%.127s", name);
		snprintf(rows[n].want, sizeof(rows[n].want), "%.255s", last);
		n++;
	}
	fclose(f);
	return n;
}

START_TEST(test_golden_outcomes)
{
	struct row rows[128];
	size_t n = read_rows(rows, 128);
	ck_assert_uint_ge(n, 20);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char path[1024], got[512];
		snprintf(path, sizeof(path), "%.800s/%.127s", data_dir(), rows[i].file);
		outcome(path, got, sizeof(got));
		if (strcmp(got, rows[i].want)) {
			fprintf(stderr, "%s: expected '%s', got '%s'\n", rows[i].file, rows[i].want,
				got);
			bad++;
		}
	}
	ck_assert_msg(!bad, "%d golden files read otherwise than README.md says", bad);
}
END_TEST

/* Every file in tests/data is in the table (or is the script's). */
START_TEST(test_golden_listed)
{
	struct row rows[128];
	size_t n = read_rows(rows, 128);
	DIR *d = opendir(data_dir());
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		if (name[0] == '.' || !strcmp(name, "README.md") || !strcmp(name, "make-golden.sh") ||
		    !strcmp(name, "golden.c"))
			continue;
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= !strcmp(rows[i].file, name);
		ck_assert_msg(found, "%s/%s is not in README.md", data_dir(), name);
		files++;
	}
	closedir(d);
	ck_assert_int_eq(files, (int)n);
}
END_TEST

/* The outcome words themselves, on files made here. */
START_TEST(test_outcome_words)
{
	char got[256];
	outcome("/nonexistent/x.scf", got, sizeof(got));
	ck_assert_str_eq(got, "open: No such file or directory");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scf_golden");
	TCase *tc = tcase_create("golden");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_golden_outcomes);
	tcase_add_test(tc, test_golden_listed);
	tcase_add_test(tc, test_outcome_words);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
