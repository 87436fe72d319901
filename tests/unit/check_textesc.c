/*
 * check_textesc.c - strace's escapes for traced-side strings in text
 * output (output/textesc.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/textesc.h"

static char *esc(const char *s, size_t n, char quote)
{
	size_t len = textesc_len(s, n, quote);
	char *out = malloc(len + 1);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(textesc(out, s, n, quote), len);
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

#define ck_esc(in, quote, want)                                                                    \
	do {                                                                                       \
		char *got_ = esc(in, sizeof(in) - 1, quote);                                       \
		ck_assert_str_eq(got_, want);                                                      \
		free(got_);                                                                        \
	} while (0)

START_TEST(test_strace_escapes)
{
	ck_esc("plain text 123", 0, "plain text 123");
	ck_esc("\t\n\r\v\f", 0, "\\t\\n\\r\\v\\f");
	/* octal, shortest unless an octal digit follows (as strace) */
	ck_esc("x\033[31mR", 0, "x\\33[31mR");
	ck_esc("\0331", 0, "\\0331");
	ck_esc("\0338", 0, "\\338");
	ck_esc("\a", 0, "\\7");
	ck_esc("\a7", 0, "\\0077");
	ck_esc("\177", 0, "\\177");
	ck_esc("caf\xc3\xa9", 0, "caf\\303\\251");
	ck_esc("a\0b", 0, "a\\0b");
	/* quotes and backslashes only inside quoted strings */
	ck_esc("it's a \\ \"x\"", 0, "it's a \\ \"x\"");
	ck_esc("it's a \\ \"x\"", '\'', "it\\'s a \\\\ \"x\"");
	ck_esc("it's a \\ \"x\"", '"', "it's a \\\\ \\\"x\\\"");
}
END_TEST

/* Whatever the input, the output is printable ASCII. */
START_TEST(test_every_byte_printable)
{
	char in[512];
	for (int i = 0; i < 256; i++) {
		in[2 * i] = (char)i;
		in[2 * i + 1] = (char)(255 - i);
	}
	char *out = esc(in, sizeof(in), '"');
	for (const char *p = out; *p; p++)
		ck_assert_msg(*p >= 0x20 && *p < 0x7f, "byte 0x%02x in the output",
			      (unsigned char)*p);
	free(out);
}
END_TEST

START_TEST(test_fputs_and_buf)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	textesc_fputs(f, "\033]0;title\a", 0);
	fclose(f);
	ck_assert_str_eq(text, "\\33]0;title\\7");
	free(text);

	char buf[8];
	/* cut short, never inside an escape */
	ck_assert_str_eq(textesc_buf(buf, sizeof(buf), "ab\033cdefgh", 0), "ab\\33cd");
	ck_assert_str_eq(textesc_buf(buf, 6, "abcd\033", 0), "abcd");
	ck_assert_str_eq(textesc_buf(buf, sizeof(buf), "ok", 0), "ok");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("textesc");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_strace_escapes);
	tcase_add_test(t, test_every_byte_printable);
	tcase_add_test(t, test_fputs_and_buf);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
