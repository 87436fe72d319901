/*
 * check_elfsym.c - the one lookup rule naming an address by function
 * symbols (symbols/elfsym.h), on tables built here, and the function
 * symbols of this test's own binary.
 */
#include <check.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbols/elfsym.h"

struct table {
	const struct elfsym *syms;
	size_t n;
};

static bool table_get(const void *ctx, size_t i, struct elfsym *sym)
{
	const struct table *t = ctx;
	*sym = t->syms[i];
	return true;
}

/* The name the rule gives addr in syms[0..n), or NULL. */
static const char *name_at(const struct elfsym *syms, size_t n, uint64_t addr)
{
	static char buf[256];
	struct table t = { syms, n };
	struct elfsym_source src = { n, table_get, &t };
	uint64_t start;
	ck_assert_int_eq(elfsym_starts(&src, &addr, 1, &start), 0);
	if (start == UINT64_MAX)
		return NULL;
	const char *name;
	size_t len;
	ck_assert_int_eq(elfsym_names(&src, &start, 1, &name, &len), 0);
	if (!name)
		return NULL;
	ck_assert_uint_lt(len, sizeof(buf));
	memcpy(buf, name, len);
	buf[len] = 0;
	return buf;
}

#define G STB_GLOBAL
#define W STB_WEAK
#define L STB_LOCAL
#define END 0x2000 /* the end of the section */

START_TEST(test_sized_and_sizeless)
{
	static const struct elfsym syms[] = {
		{ 0x1040, 0, END, G, "_start" },
		{ 0x1139, 0x10, END, G, "short_alias" },
		{ 0x1139, 0x2a, END, G, "alias_of_main" },
		{ 0x1139, 0x2a, END, G, "main" },
		{ 0x1200, 0, END, G, "tail" },
	};
	size_t n = sizeof(syms) / sizeof(syms[0]);
	ck_assert_ptr_null(name_at(syms, n, 0x103f));           /* before every symbol */
	ck_assert_str_eq(name_at(syms, n, 0x1040), "_start");   /* size-less: to the next */
	ck_assert_str_eq(name_at(syms, n, 0x1138), "_start");
	/* aliases: the best ranked name, here the shortest */
	ck_assert_str_eq(name_at(syms, n, 0x1139), "main");
	ck_assert_str_eq(name_at(syms, n, 0x1162), "main");
	/* past a sized symbol: not the size-less one before it */
	ck_assert_ptr_null(name_at(syms, n, 0x1163));
	ck_assert_str_eq(name_at(syms, n, 0x1fff), "tail");    /* to the section's end */
	ck_assert_ptr_null(name_at(syms, n, END));
}
END_TEST

START_TEST(test_nested_and_ranks)
{
	static const struct elfsym syms[] = {
		{ 0x100, 0x100, END, L, "outer_local" },
		{ 0x100, 0x100, END, W, "outer" },
		{ 0x140, 0x10, END, G, "inner" },
		{ 0x180, 0, END, G, "label" },
		{ 0x300, 8, END, G, "__x@@VER_1" },
		{ 0x300, 8, END, G, "___y" },
	};
	size_t n = sizeof(syms) / sizeof(syms[0]);
	ck_assert_str_eq(name_at(syms, n, 0x100), "outer");     /* weak before local */
	ck_assert_str_eq(name_at(syms, n, 0x145), "inner");     /* the innermost */
	ck_assert_str_eq(name_at(syms, n, 0x150), "outer");     /* inner ended */
	ck_assert_str_eq(name_at(syms, n, 0x190), "label");     /* a later size-less start */
	/* fewer underscores first; the version is not part of the name */
	ck_assert_str_eq(name_at(syms, n, 0x304), "__x");
}
END_TEST

/* This binary's own .symtab names this function. */
START_TEST(test_own_binary)
{
	elf_version(EV_CURRENT);
	FILE *f = fopen("/proc/self/exe", "rb");
	ck_assert_ptr_nonnull(f);
	Elf *e = elf_begin(fileno(f), ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(e);
	Elf_Scn *scn = elfsym_table(e, true);
	ck_assert_ptr_nonnull(scn);
	struct elfsym_reader rd;
	ck_assert_int_eq(elfsym_reader_open(&rd, e, scn), 1);
	bool found = false;
	for (size_t i = 0; i < rd.n; i++) {
		struct elfsym sym;
		if (elfsym_reader_get(&rd, i, &sym) && !strcmp(sym.name, "name_at")) {
			found = true;
			ck_assert_uint_gt(sym.size, 0);
			ck_assert_uint_gt(sym.limit, sym.start);
		}
		/* no data symbols */
		if (elfsym_reader_get(&rd, i, &sym))
			ck_assert_str_ne(sym.name, "test_own_binary_data");
	}
	ck_assert(found);
	elfsym_reader_release(&rd);
	elf_end(e);
	fclose(f);
}
END_TEST

int test_own_binary_data;
int test_own_binary_data = 1;

START_TEST(test_vdso)
{
	const void *image;
	size_t size;
	if (!elfsym_vdso_image(&image, &size))
		return; /* a kernel without a vdso */
	ck_assert_uint_gt(size, 0);
	Elf *e = elfsym_vdso_elf();
	ck_assert_ptr_nonnull(e);
	uint64_t vaddr, off;
	ck_assert(elfsym_exec_segment(e, &vaddr, &off));
	ck_assert_ptr_nonnull(elfsym_table(e, true));
	elf_end(e);
}
END_TEST

static Suite *elfsym_suite(void)
{
	Suite *s = suite_create("elfsym");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sized_and_sizeless);
	tcase_add_test(tc, test_nested_and_ranks);
	tcase_add_test(tc, test_own_binary);
	tcase_add_test(tc, test_vdso);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(elfsym_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
