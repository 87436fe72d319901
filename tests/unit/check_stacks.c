/*
 * check_stacks.c - call stacks: address spaces (maps), symbols, DWARF
 * unwinding of this process's own stack, aggregation into lists and
 * trees (stacks), and the folded and SVG printers (flame).
 */
#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/callstacks.h"
#include "output/flame.h"
#include "analysis/maps.h"
#include "output/stackprint.h"
#include "analysis/stacks.h"
#include "analysis/symbols.h"
#include "analysis/unwind.h"

/* ---- helpers ---- */

static struct scf_event mmap_ev(int32_t pid, uint64_t addr, uint64_t len, uint64_t pgoff,
				const char *file)
{
	struct scf_event ev = { .type = SCF_EV_MMAP };
	ev.mmap.pid = ev.mmap.tid = pid;
	ev.mmap.addr = addr;
	ev.mmap.len = len;
	ev.mmap.pgoff = pgoff;
	ev.mmap.prot = 5;
	ev.mmap.filename = file;
	return ev;
}

static struct scf_event fork_ev(int32_t pid, int32_t ppid, int32_t tid)
{
	struct scf_event ev = { .type = SCF_EV_FORK };
	ev.task = (struct scf_task){ pid, ppid, tid, ppid };
	return ev;
}

static struct scf_event exec_ev(int32_t pid)
{
	struct scf_event ev = { .type = SCF_EV_COMM };
	ev.comm.pid = ev.comm.tid = pid;
	ev.comm.exec = true;
	strcpy(ev.comm.comm, "x");
	return ev;
}

static const char *path_at(struct maps *m, uint64_t key, uint64_t addr)
{
	const struct maps_map *mp = maps_find(m, key, addr);
	return mp ? mp->module->path : NULL;
}

/* ---- maps ---- */

START_TEST(test_maps_basic)
{
	struct maps *m;
	ck_assert_int_eq(maps_new(&m), 0);
	struct scf_event ev = mmap_ev(10, 0x1000, 0x2000, 0x3000, "/bin/a");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ev = mmap_ev(10, 0x8000, 0x1000, 0, "/lib/libc.so.6");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	uint64_t k = maps_key(m, 10);
	ck_assert_uint_ne(k, 0);
	const struct maps_map *mp = maps_find(m, k, 0x1800);
	ck_assert_ptr_nonnull(mp);
	ck_assert_str_eq(mp->module->path, "/bin/a");
	ck_assert_str_eq(mp->module->name, "a");
	ck_assert_uint_eq(0x1800 - mp->start + mp->pgoff, 0x3800);
	ck_assert_str_eq(path_at(m, k, 0x8fff), "/lib/libc.so.6");
	ck_assert_ptr_null(maps_find(m, k, 0x3000)); /* end is exclusive */
	ck_assert_ptr_null(maps_find(m, k, 0xfff));
	ck_assert_int_eq(maps_key_pid(m, k), 10);
	/* an unknown process gets an empty space */
	uint64_t k2 = maps_key(m, 99);
	ck_assert_uint_ne(k2, k);
	ck_assert_ptr_null(maps_find(m, k2, 0x1800));
	ck_assert_uint_eq(maps_nmodules(m), 2);
	maps_free(m);
}
END_TEST

START_TEST(test_maps_versions)
{
	struct maps *m;
	ck_assert_int_eq(maps_new(&m), 0);
	struct scf_event ev = mmap_ev(1, 0x10000, 0x10000, 0, "/lib/old.so");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	uint64_t before = maps_key(m, 1);
	/* a new library over the middle of the old one */
	ev = mmap_ev(1, 0x14000, 0x4000, 0, "/lib/new.so");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	uint64_t after = maps_key(m, 1);
	ck_assert_uint_ne(before, after);
	ck_assert_str_eq(path_at(m, before, 0x15000), "/lib/old.so");
	ck_assert_str_eq(path_at(m, after, 0x15000), "/lib/new.so");
	/* the parts left of the old one keep their offsets */
	const struct maps_map *mp = maps_find(m, after, 0x19000);
	ck_assert_str_eq(mp->module->path, "/lib/old.so");
	ck_assert_uint_eq(0x19000 - mp->start + mp->pgoff, 0x9000);
	ck_assert_str_eq(path_at(m, after, 0x11000), "/lib/old.so");
	const struct maps_map *v;
	ck_assert_uint_eq(maps_list(m, after, &v), 3);
	ck_assert_uint_eq(v[0].start, 0x10000);
	ck_assert_uint_eq(v[1].start, 0x14000);
	ck_assert_uint_eq(v[2].start, 0x18000);
	ck_assert_uint_eq(maps_list(m, before, &v), 1);
	/* an exact repeat (synthesized at attach) is no change */
	ev = mmap_ev(1, 0x14000, 0x4000, 0, "/lib/new.so");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ck_assert_uint_eq(maps_key(m, 1), after);
	maps_free(m);
}
END_TEST

START_TEST(test_maps_fork_exec)
{
	struct maps *m;
	ck_assert_int_eq(maps_new(&m), 0);
	struct scf_event ev = mmap_ev(1, 0x1000, 0x1000, 0, "/bin/parent");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	/* a thread shares the space, a process copies it */
	ev = fork_ev(1, 1, 2);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ev = fork_ev(5, 1, 5);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	uint64_t parent = maps_key(m, 1), child = maps_key(m, 5);
	ck_assert_uint_ne(parent, child);
	ck_assert_str_eq(path_at(m, child, 0x1000), "/bin/parent");
	/* the child execs: a fresh space; the old one still resolves */
	ev = exec_ev(5);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ev = mmap_ev(5, 0x1000, 0x1000, 0, "/bin/child");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	uint64_t execd = maps_key(m, 5);
	ck_assert_str_eq(path_at(m, execd, 0x1000), "/bin/child");
	ck_assert_str_eq(path_at(m, child, 0x1000), "/bin/parent");
	ck_assert_str_eq(path_at(m, maps_key(m, 1), 0x1000), "/bin/parent");
	/* the same file and build-id is one module */
	ev = mmap_ev(7, 0x5000, 0x1000, 0, "/bin/parent");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ck_assert_ptr_eq(maps_find(m, maps_key(m, 7), 0x5000)->module,
			 maps_find(m, parent, 0x1000)->module);
	ev = mmap_ev(8, 0x5000, 0x1000, 0, "/bin/parent");
	ev.mmap.build_id_size = 2;
	ev.mmap.build_id[0] = 0xab;
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ck_assert_ptr_ne(maps_find(m, maps_key(m, 8), 0x5000)->module,
			 maps_find(m, parent, 0x1000)->module);
	ck_assert_uint_eq(maps_nmodules(m), 3);
	maps_free(m);
}
END_TEST

/* ---- symbols ---- */

__attribute__((noinline)) int stacks_test_marker(int x)
{
	__asm__ volatile("" ::: "memory");
	return x * 3 + 1;
}

/* The r-xp mapping of this test binary holding addr: start, pgoff. */
static bool own_mapping(uint64_t addr, uint64_t *start, uint64_t *end, uint64_t *pgoff,
			char *path, size_t len)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096];
	bool found = false;
	while (f && fgets(line, sizeof(line), f)) {
		uint64_t s, e, off;
		char perms[8], file[4096] = "";
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095s", &s, &e,
			   perms, &off, file) < 4)
			continue;
		if (addr >= s && addr < e) {
			*start = s;
			*end = e;
			*pgoff = off;
			snprintf(path, len, "%s", file);
			found = true;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static struct maps_module *own_module(struct maps *m, uint64_t *off, const char *as_path,
				      const uint8_t *bid, uint8_t nbid)
{
	uint64_t s, e, pgoff;
	char path[4096];
	uint64_t addr = (uint64_t)(uintptr_t)stacks_test_marker;
	ck_assert(own_mapping(addr, &s, &e, &pgoff, path, sizeof(path)));
	struct scf_event ev = mmap_ev(getpid(), s, e - s, pgoff, as_path ? as_path : path);
	ev.mmap.build_id_size = nbid;
	if (nbid)
		memcpy(ev.mmap.build_id, bid, nbid);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	const struct maps_map *mp = maps_find(m, maps_key(m, getpid()), addr + 2);
	ck_assert_ptr_nonnull(mp);
	*off = addr + 2 - mp->start + mp->pgoff;
	return mp->module;
}

START_TEST(test_symbols_own_binary)
{
	struct maps *m;
	struct symbols *s;
	struct symbols_opts o = { .lines = true };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	uint64_t off;
	struct maps_module *mod = own_module(m, &off, NULL, NULL, 0);
	struct symbols_frame f;
	ck_assert_int_eq(symbols_lookup(s, mod, off, &f), 0);
	ck_assert_ptr_nonnull(f.func);
	ck_assert_str_eq(f.func, "stacks_test_marker");
	ck_assert_uint_eq(f.func_off, 2);
	ck_assert_ptr_nonnull(f.file);
	ck_assert_ptr_nonnull(strstr(f.file, "check_stacks.c"));
	ck_assert_int_gt(f.line, 0);
	ck_assert_int_eq(symbols_source(s, mod), SYMBOLS_FILE);
	symbols_free(s);
	maps_free(m);
}
END_TEST

struct snapshot;
__attribute__((noinline)) void stacks_test_level1(struct snapshot *s);
__attribute__((noinline)) void stacks_test_level2(struct snapshot *s);

START_TEST(test_symbols_batch)
{
	struct maps *m;
	struct symbols *s;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	uint64_t off;
	struct maps_module *mod = own_module(m, &off, NULL, NULL, 0);
	/* offsets of three functions, out of order, one twice */
	uint64_t base = off - 2 - (uint64_t)(uintptr_t)stacks_test_marker;
	uint64_t offs[] = { base + (uint64_t)(uintptr_t)stacks_test_level2 + 1, off,
			    base + (uint64_t)(uintptr_t)stacks_test_level1, off };
	struct symbols_frame f[4];
	ck_assert_int_eq(symbols_resolve(s, mod, offs, 4, f), 0);
	ck_assert_str_eq(f[0].func, "stacks_test_level2");
	ck_assert_uint_eq(f[0].func_off, 1);
	ck_assert_str_eq(f[1].func, "stacks_test_marker");
	ck_assert_str_eq(f[2].func, "stacks_test_level1");
	ck_assert_uint_eq(f[2].func_off, 0);
	ck_assert_str_eq(f[3].func, "stacks_test_marker");
	size_t mods, lookups;
	symbols_stats(s, &mods, &lookups);
	ck_assert_uint_eq(mods, 1);
	ck_assert_uint_eq(lookups, 4);
	symbols_free(s);
	maps_free(m);
}
END_TEST

START_TEST(test_symbols_build_id_mismatch)
{
	struct maps *m;
	struct symbols *s;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	/* the recording says another build-id: the file on disk is not it */
	uint8_t other[20] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	uint64_t off;
	struct maps_module *mod = own_module(m, &off, NULL, other, 20);
	struct symbols_frame f;
	ck_assert_int_eq(symbols_lookup(s, mod, off, &f), 0);
	ck_assert_ptr_null(f.func);
	ck_assert_int_eq(symbols_source(s, mod), SYMBOLS_NONE);
	symbols_free(s);
	maps_free(m);
}
END_TEST

START_TEST(test_symbols_stored)
{
	struct maps *m;
	struct symbols *s;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	uint8_t bid[3] = { 0xaa, 0xbb, 0xcc };
	struct scf_symbol syms[] = {
		{ 0x1000, 0x100, "alpha" },
		{ 0x1100, 0, "beta" },   /* size-less: up to gamma */
		{ 0x1200, 0x10, "gamma" },
		{ 0x1000, 0x100, "__alpha_alias" },
	};
	ck_assert_int_eq(symbols_add_table(s, "/gone/prog", bid, 3, syms, 4, NULL, 0), 0);
	struct scf_event ev = mmap_ev(3, 0x400000, 0x10000, 0, "/gone/prog");
	ev.mmap.build_id_size = 3;
	memcpy(ev.mmap.build_id, bid, 3);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	struct maps_module *mod = maps_find(m, maps_key(m, 3), 0x401000)->module;
	struct symbols_frame f;
	ck_assert_int_eq(symbols_lookup(s, mod, 0x1050, &f), 0);
	ck_assert_str_eq(f.func, "alpha");
	ck_assert_int_eq(symbols_lookup(s, mod, 0x11ff, &f), 0);
	ck_assert_str_eq(f.func, "beta");
	ck_assert_int_eq(symbols_lookup(s, mod, 0x120f, &f), 0);
	ck_assert_str_eq(f.func, "gamma");
	/* past gamma's end and before alpha: nobody's */
	ck_assert_int_eq(symbols_lookup(s, mod, 0x1210, &f), 0);
	ck_assert_ptr_null(f.func);
	ck_assert_int_eq(symbols_lookup(s, mod, 0xfff, &f), 0);
	ck_assert_ptr_null(f.func);
	ck_assert_int_eq(symbols_source(s, mod), SYMBOLS_STORED);
	/* another build-id at the same path gets nothing */
	ev.mmap.build_id[0] = 0x11;
	ck_assert_int_eq(maps_event(m, &ev), 0);
	mod = maps_find(m, maps_key(m, 3), 0x401000)->module;
	ck_assert_int_eq(symbols_lookup(s, mod, 0x1050, &f), 0);
	ck_assert_ptr_null(f.func);
	symbols_free(s);
	maps_free(m);
}
END_TEST

START_TEST(test_symbols_stored_segments)
{
	struct symbols *s;
	struct maps *m;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	/* addresses of an ELF whose code at file offset 0x1000 is at 0x401000 */
	struct scf_symbol syms[] = { { 0x401100, 0x20, "main" } };
	uint64_t segs[] = { 0x1000, 0x401000, 0x2000 };
	uint8_t bid[2] = { 1, 2 };
	ck_assert_int_eq(symbols_add_table(s, "/x", bid, 2, syms, 1, segs, 1), 0);
	struct scf_event ev = mmap_ev(3, 0x401000, 0x2000, 0x1000, "/x");
	ev.mmap.build_id_size = 2;
	memcpy(ev.mmap.build_id, bid, 2);
	ck_assert_int_eq(maps_event(m, &ev), 0);
	struct maps_module *mod = maps_find(m, maps_key(m, 3), 0x401000)->module;
	struct symbols_frame f;
	ck_assert_int_eq(symbols_lookup(s, mod, 0x1110, &f), 0);
	ck_assert_str_eq(f.func, "main");
	ck_assert_uint_eq(f.func_off, 0x10);
	ck_assert_int_eq(symbols_lookup(s, mod, 0x500, &f), 0); /* in no segment */
	ck_assert_ptr_null(f.func);
	symbols_free(s);
	maps_free(m);
}
END_TEST

START_TEST(test_symbols_missing_file)
{
	struct maps *m;
	struct symbols *s;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	struct scf_event ev = mmap_ev(3, 0x400000, 0x1000, 0, "/nonexistent/scprof/bin");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	ev = mmap_ev(3, 0x500000, 0x1000, 0, "//anon");
	ck_assert_int_eq(maps_event(m, &ev), 0);
	struct symbols_frame f;
	for (uint64_t a = 0x400000; a <= 0x500000; a += 0x100000) {
		struct maps_module *mod = maps_find(m, maps_key(m, 3), a)->module;
		ck_assert_int_eq(symbols_lookup(s, mod, 0x10, &f), 0);
		ck_assert_ptr_null(f.func);
	}
	symbols_free(s);
	maps_free(m);
}
END_TEST

/* ---- DWARF unwinding of our own stack ---- */

struct snapshot {
	uint64_t regs[20]; /* perf order for mask 0xff0fff */
	uint8_t stack[4096];
	uint32_t size;
};

/* Copy raw stack memory as the kernel does: byte by byte and outside
 * AddressSanitizer's view, since the copy crosses the redzones it puts
 * around this frame's variables (make asan). */
__attribute__((noinline, no_sanitize_address)) static void copy_raw_stack(uint8_t *to,
									   uint64_t from,
									   uint32_t n)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)from;
	for (uint32_t i = 0; i < n; i++)
		to[i] = p[i];
}

/* Registers and stack of this very function, as the kernel would copy
 * them at a syscall. */
__attribute__((noinline)) void stacks_test_capture(struct snapshot *s)
{
	uint64_t rsp, rbp, rip, rbx, r12, r13, r14, r15;
	__asm__ volatile("mov %%rsp, %0\n\tmov %%rbp, %1\n\tlea 0(%%rip), %2\n\t"
			 "mov %%rbx, %3\n\tmov %%r12, %4\n\tmov %%r13, %5\n\t"
			 "mov %%r14, %6\n\tmov %%r15, %7"
			 : "=m"(rsp), "=m"(rbp), "=r"(rip), "=m"(rbx), "=m"(r12), "=m"(r13),
			   "=m"(r14), "=m"(r15));
	memset(s->regs, 0, sizeof(s->regs));
	/* AX BX CX DX SI DI BP SP IP FLAGS CS SS R8..R15 */
	s->regs[1] = rbx;
	s->regs[6] = rbp;
	s->regs[7] = rsp;
	s->regs[8] = rip;
	/* R8..R15 follow SS (bits 16..23); r8..r11 are scratch */
	s->regs[12 + 4] = r12;
	s->regs[12 + 5] = r13;
	s->regs[12 + 6] = r14;
	s->regs[12 + 7] = r15;
	/* as much of the stack as is mapped above rsp, up to 4 KiB */
	uint64_t st, en, pg;
	char path[256];
	uint32_t size = sizeof(s->stack);
	if (own_mapping(rsp, &st, &en, &pg, path, sizeof(path)) && en - rsp < size)
		size = (uint32_t)(en - rsp);
	copy_raw_stack(s->stack, rsp, size);
	s->size = size;
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void stacks_test_level2(struct snapshot *s)
{
	stacks_test_capture(s);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void stacks_test_level1(struct snapshot *s)
{
	stacks_test_level2(s);
	__asm__ volatile("" ::: "memory");
}

/* MMAP events for every executable file mapping of this process. */
static void feed_own_maps(struct maps *m)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096];
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		uint64_t s, e, off;
		char perms[8], file[4096] = "";
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %4095s", &s, &e,
			   perms, &off, file) < 5 || perms[2] != 'x' || file[0] != '/')
			continue;
		struct scf_event ev = mmap_ev(getpid(), s, e - s, off, file);
		ck_assert_int_eq(maps_event(m, &ev), 0);
	}
	fclose(f);
}

START_TEST(test_unwind_own_stack)
{
	static struct snapshot snap;
	stacks_test_level1(&snap);
	struct maps *m;
	struct unwind *u;
	struct symbols *s;
	struct symbols_opts o = { 0 };
	ck_assert_int_eq(maps_new(&m), 0);
	feed_own_maps(m);
	ck_assert_int_eq(unwind_new(m, false, &u), 0);
	ck_assert_int_eq(symbols_new(&o, &s), 0);
	struct scf_call c = { .pid = getpid(), .tid = getpid(), .nr = 39 };
	c.regs_mask = 0xff0fff;
	c.nregs = 20;
	c.regs = snap.regs;
	c.stack_size = snap.size;
	c.stack = snap.stack;
	uint64_t key = maps_key(m, getpid()), ips[64];
	uint32_t n = unwind_call(u, key, &c, ips, 64);
	ck_assert_uint_ge(n, 4);
	const char *want[] = { "stacks_test_capture", "stacks_test_level2", "stacks_test_level1",
			       "test_unwind_own_stack_fn" /* Check's name for the test */ };
	for (uint32_t i = 0; i < 4; i++) {
		uint64_t pc = i ? ips[i] - 1 : ips[i];
		const struct maps_map *mp = maps_find(m, key, pc);
		ck_assert_ptr_nonnull(mp);
		struct symbols_frame f;
		ck_assert_int_eq(symbols_lookup(s, mp->module, pc - mp->start + mp->pgoff, &f), 0);
		ck_assert_ptr_nonnull(f.func);
		ck_assert_str_eq(f.func, want[i]);
	}
	/* without registers: nothing */
	c.nregs = 0;
	ck_assert_uint_eq(unwind_call(u, key, &c, ips, 64), 0);
	size_t spaces;
	uint64_t calls, frames;
	unwind_stats(u, &spaces, &calls, &frames);
	ck_assert_uint_eq(spaces, 1);
	ck_assert_uint_eq(calls, 1);
	ck_assert_uint_eq(frames, n);
	symbols_free(s);
	unwind_free(u);
	maps_free(m);
}
END_TEST

START_TEST(test_unwind_truncated_stack)
{
	/* a stack copy of 16 bytes: the unwinder stops, never reads beyond */
	static struct snapshot snap;
	stacks_test_level1(&snap);
	struct maps *m;
	struct unwind *u;
	ck_assert_int_eq(maps_new(&m), 0);
	feed_own_maps(m);
	ck_assert_int_eq(unwind_new(m, false, &u), 0);
	struct scf_call c = { .pid = getpid(), .tid = getpid(), .nr = 39 };
	c.regs_mask = 0xff0fff;
	c.nregs = 20;
	c.regs = snap.regs;
	c.stack_size = 16;
	c.stack = snap.stack;
	uint64_t ips[64];
	uint32_t n = unwind_call(u, maps_key(m, getpid()), &c, ips, 64);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_le(n, 3);
	ck_assert_uint_eq(ips[0], snap.regs[8]);
	unwind_free(u);
	maps_free(m);
}
END_TEST

/* ---- aggregation ---- */

static struct scf_call call(int32_t nr, uint64_t dur, int64_t ret, uint32_t flags)
{
	struct scf_call c = { .nr = nr, .duration = dur, .ret = ret, .flags = flags, .pid = 1,
			      .tid = 1 };
	return c;
}

static const char *test_sys_name(void *ctx, int32_t nr)
{
	(void)ctx;
	switch (nr) {
	case 0:
		return "read";
	case 39:
		return "getpid";
	case 257:
		return "openat";
	default:
		return "other";
	}
}

/* Name raw stack r: frame names outermost first, space-separated. */
static void name(struct stacks *s, struct stacks_raw *r, const char *frames)
{
	uint32_t ids[16], n = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", frames);
	for (char *save, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		ids[n++] = stacks_frame_id(s, t);
	ck_assert_int_eq(stacks_set_frames(s, r, ids, n), 0);
}

/* A small set of stacks: openat from main>load (2 addresses naming the
 * same frames), main>other; getpid from main>spin. */
static struct stacks *sample(void)
{
	struct stacks *s;
	ck_assert_int_eq(stacks_new(&s), 0);
	const char *comm = "prog";
	/* stack ids: a and b will name the same frames */
	uint64_t a = 1, b = 2, c = 3, d = 4;
	struct scf_call k;
	for (int i = 0; i < 3; i++) {
		k = call(257, 1000, -2, 0);
		ck_assert_int_eq(stacks_add(s, 0, comm, a, &k), 0);
	}
	k = call(257, 3000, 3, 0);
	ck_assert_int_eq(stacks_add(s, 0, comm, b, &k), 0);
	k = call(257, 500, 3, 0);
	ck_assert_int_eq(stacks_add(s, 0, comm, c, &k), 0);
	/* NO_RETURN and UNFINISHED calls are no calls: counted apart */
	k = call(257, 99999, 0, SCF_CALL_NO_RETURN);
	ck_assert_int_eq(stacks_add(s, 0, comm, c, &k), 0);
	k = call(257, 99999, 0, SCF_CALL_UNFINISHED);
	ck_assert_int_eq(stacks_add(s, 0, comm, c, &k), 0);
	for (int i = 0; i < 10; i++) {
		k = call(39, 100, 1, 0);
		ck_assert_int_eq(stacks_add(s, 0, comm, d, &k), 0);
	}
	ck_assert_uint_eq(stacks_nraw(s), 4);
	name(s, stacks_raw_at(s, 0), "main load");
	name(s, stacks_raw_at(s, 1), "main load");
	name(s, stacks_raw_at(s, 2), "main other");
	name(s, stacks_raw_at(s, 3), "main spin");
	return s;
}

START_TEST(test_stacks_lists)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	ck_assert_uint_eq(stacks_nsys(s), 2);
	const struct stacks_sys *o = stacks_sys_at(s, 0);
	ck_assert_int_eq(o->nr, 257);
	ck_assert_uint_eq(o->total.calls, 5);
	ck_assert_uint_eq(o->total.no_return, 1);
	ck_assert_uint_eq(o->total.errors, 3);
	ck_assert_uint_eq(o->total.unfinished, 1);
	ck_assert_uint_eq(o->total.time, 6500);
	ck_assert_uint_eq(o->npaths, 2);
	/* the two raw stacks naming main>load merged: 4 calls, 6000 ns */
	ck_assert_uint_eq(o->paths[0].nframes, 2);
	ck_assert_str_eq(stacks_frame_name(s, o->paths[0].frames[0]), "main");
	ck_assert_str_eq(stacks_frame_name(s, o->paths[0].frames[1]), "load");
	ck_assert_uint_eq(o->paths[0].st.calls, 4);
	ck_assert_uint_eq(o->paths[0].st.time, 6000);
	ck_assert_uint_eq(o->paths[0].st.errors, 3);
	ck_assert_uint_eq(o->paths[1].st.calls, 1);
	ck_assert_uint_eq(o->paths[1].st.time, 500);
	ck_assert_uint_eq(o->paths[1].st.lat.count, 1);
	const struct stacks_sys *g = stacks_sys_at(s, 1);
	ck_assert_int_eq(g->nr, 39);
	ck_assert_uint_eq(g->total.calls, 10);
	ck_assert_uint_eq(g->total.time, 1000);
	stacks_free(s);
}
END_TEST

START_TEST(test_stacks_weight_calls)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_CALLS, true), 0);
	/* getpid: 10 calls outweighs openat's 5 */
	ck_assert_int_eq(stacks_sys_at(s, 0)->nr, 39);
	ck_assert_int_eq(stacks_sys_at(s, 1)->nr, 257);
	stacks_free(s);
}
END_TEST

START_TEST(test_stacks_tree)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	ck_assert_uint_eq(stacks_ntrees(s), 1);
	const struct stacks_node *root = stacks_tree_at(s, 0)->root;
	ck_assert_uint_eq(root->st.calls, 15);
	ck_assert_uint_eq(root->st.time, 7500);
	ck_assert_uint_eq(root->nkids, 1);
	const struct stacks_node *comm = root->kids[0];
	ck_assert_int_eq(comm->kind, STACKS_COMM);
	ck_assert_str_eq(stacks_frame_name(s, comm->id), "prog");
	const struct stacks_node *main_ = comm->kids[0];
	ck_assert_str_eq(stacks_frame_name(s, main_->id), "main");
	ck_assert_uint_eq(main_->st.time, 7500);
	ck_assert_uint_eq(main_->self_time, 0);
	ck_assert_uint_eq(main_->nkids, 3);
	/* heaviest first: load 6000, spin 1000, other 500 */
	ck_assert_str_eq(stacks_frame_name(s, main_->kids[0]->id), "load");
	ck_assert_str_eq(stacks_frame_name(s, main_->kids[1]->id), "spin");
	ck_assert_str_eq(stacks_frame_name(s, main_->kids[2]->id), "other");
	const struct stacks_node *load = main_->kids[0];
	ck_assert_uint_eq(load->self_time, 6000);
	ck_assert_uint_eq(load->self_calls, 4);
	ck_assert_uint_eq(load->nkids, 1);
	ck_assert_int_eq(load->kids[0]->kind, STACKS_SYSCALL);
	ck_assert_uint_eq(load->kids[0]->id, 257);
	ck_assert_uint_eq(hist_percentile(&load->st.lat, 50), 1000);
	ck_assert_uint_eq(hist_percentile(&load->st.lat, 99), 3000);
	stacks_free(s);
}
END_TEST

START_TEST(test_stacks_tree_no_latency)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, false), 0);
	const struct stacks_node *root = stacks_tree_at(s, 0)->root;
	ck_assert_uint_eq(root->st.time, 7500);
	ck_assert_uint_eq(root->st.calls, 15);
	ck_assert_uint_eq(root->st.lat.count, 0);
	/* the lists keep theirs */
	ck_assert_uint_eq(stacks_sys_at(s, 0)->paths[0].st.lat.count, 4);
	stacks_free(s);
}
END_TEST

START_TEST(test_stacks_groups)
{
	struct stacks *s;
	ck_assert_int_eq(stacks_new(&s), 0);
	struct scf_call k = call(0, 100, 1, 0);
	ck_assert_int_eq(stacks_add(s, 42, "a", 1, &k), 0);
	ck_assert_int_eq(stacks_add(s, 7, "b", 1, &k), 0);
	ck_assert_int_eq(stacks_add(s, 42, "a", 1, &k), 0);
	ck_assert_int_eq(stacks_add(s, 7, "b", 2, &k), 0); /* 2: no frames */
	ck_assert_uint_eq(stacks_nraw(s), 3);
	name(s, stacks_raw_at(s, 0), "f");
	name(s, stacks_raw_at(s, 1), "f");
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	/* groups in order of first sight */
	ck_assert_uint_eq(stacks_nsys(s), 2);
	ck_assert_uint_eq(stacks_sys_at(s, 0)->group, 42);
	ck_assert_uint_eq(stacks_sys_at(s, 0)->total.calls, 2);
	ck_assert_uint_eq(stacks_sys_at(s, 1)->group, 7);
	ck_assert_uint_eq(stacks_sys_at(s, 1)->npaths, 2);
	ck_assert_uint_eq(stacks_ntrees(s), 2);
	ck_assert_uint_eq(stacks_tree_at(s, 1)->group, 7);
	ck_assert_uint_eq(stacks_tree_at(s, 1)->root->st.calls, 2);
	/* the call without a stack: self of the comm */
	const struct stacks_node *b = stacks_tree_at(s, 1)->root->kids[0];
	ck_assert_uint_eq(b->self_calls, 1);
	stacks_free(s);
}
END_TEST

/* ---- printers ---- */

static char *print_to_string(void (*fn)(FILE *, const struct stacks *, const struct stacks_show *),
			     const struct stacks *s, const struct stacks_show *show)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	fn(f, s, show);
	fclose(f);
	return buf;
}

START_TEST(test_flame_folded)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	struct stacks_show show = { .weight = STACKS_BY_TIME, .sys_name = test_sys_name };
	char *out = print_to_string(flame_folded, s, &show);
	/* microseconds, rounded: 6000 ns -> 6, 1000 -> 1, 500 -> 1 */
	ck_assert_str_eq(out, "prog;main;load;openat 6\n"
			      "prog;main;spin;getpid 1\n"
			      "prog;main;other;openat 1\n");
	free(out);
	stacks_free(s);
	s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_CALLS, true), 0);
	show.weight = STACKS_BY_CALLS;
	out = print_to_string(flame_folded, s, &show);
	ck_assert_str_eq(out, "prog;main;spin;getpid 10\n"
			      "prog;main;load;openat 4\n"
			      "prog;main;other;openat 1\n");
	free(out);
	stacks_free(s);
}
END_TEST

START_TEST(test_flame_svg)
{
	struct stacks *s;
	ck_assert_int_eq(stacks_new(&s), 0);
	struct scf_call k = call(257, 2000, 3, 0);
	ck_assert_int_eq(stacks_add(s, 0, "a<b>&\"c'", 1, &k), 0);
	name(s, stacks_raw_at(s, 0), "main operator<int>");
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	struct stacks_show show = { .weight = STACKS_BY_TIME, .sys_name = test_sys_name,
				    .title = "T&T" };
	char *out = print_to_string(flame_svg, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "<?xml"));
	ck_assert_ptr_nonnull(strstr(out, "</svg>\n"));
	ck_assert_ptr_nonnull(strstr(out, ">T&amp;T</text>"));
	ck_assert_ptr_nonnull(strstr(out, "data-n=\"a&lt;b&gt;&amp;&quot;c&apos;\""));
	ck_assert_ptr_nonnull(strstr(out, "data-n=\"operator&lt;int&gt;\""));
	ck_assert_ptr_null(strstr(out, "operator<int>"));
	/* root, comm, main, operator<int>, openat: five frames */
	size_t frames = 0;
	for (const char *p = out; (p = strstr(p, "<g class=\"f\"")); p++)
		frames++;
	ck_assert_uint_eq(frames, 5);
	ck_assert_ptr_nonnull(strstr(out, "<title>openat\n1 calls (100.00%), 2.00us (100.00%)\n"
					  "p50 2.00us, p99 2.00us\nclass file</title>"));
	/* openat is %file: the leaf is file-orange */
	ck_assert_ptr_nonnull(strstr(out, "fill=\"rgb(232,142,52)\""));
	free(out);
	stacks_free(s);
}
END_TEST

START_TEST(test_flame_odd_names)
{
	/* a comm may hold ';', control characters and bytes that are not UTF-8 */
	struct stacks *s;
	ck_assert_int_eq(stacks_new(&s), 0);
	struct scf_call k = call(257, 2000, 3, 0);
	ck_assert_int_eq(stacks_add(s, 0, "a;b\tc\xff\xc3\xa9", 1, &k), 0);
	name(s, stacks_raw_at(s, 0), "main");
	ck_assert_int_eq(stacks_build(s, STACKS_BY_CALLS, true), 0);
	struct stacks_show show = { .weight = STACKS_BY_CALLS, .sys_name = test_sys_name };
	char *out = print_to_string(flame_folded, s, &show);
	/* folded: strace's escapes (textesc.h), ';' made ':' */
	ck_assert_str_eq(out, "a:b\\tc\\377\\303\\251;main;openat 1\n");
	free(out);
	out = print_to_string(flame_svg, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "data-n=\"a;b?c?\xc3\xa9\""));
	ck_assert_ptr_null(strstr(out, "\xff"));
	free(out);
	stacks_free(s);
}
END_TEST

START_TEST(test_stackprint_list)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	struct stacks_show show = { .weight = STACKS_BY_TIME, .sys_name = test_sys_name, .top = 1 };
	char *out = print_to_string(stackprint_list, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "openat: 5 calls, 3 errors, 6.50us, 2 stacks\n"));
	ck_assert_ptr_nonnull(strstr(out, "            load\n            main\n"));
	ck_assert_ptr_nonnull(strstr(out, "... 1 more stacks: 7.7% of time, 20.0% of calls\n"));
	ck_assert_ptr_null(strstr(out, "getpid")); /* --top 1 */
	free(out);
	stacks_free(s);
}
END_TEST

START_TEST(test_stackprint_tree)
{
	struct stacks *s = sample();
	ck_assert_int_eq(stacks_build(s, STACKS_BY_TIME, true), 0);
	struct stacks_show show = { .weight = STACKS_BY_TIME, .sys_name = test_sys_name,
				    .min_share = 0.10 };
	char *out = print_to_string(stackprint_tree, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "  100.0%    0.0%    7.50us        15  prog\n"));
	ck_assert_ptr_nonnull(strstr(out, "   80.0%   80.0%    6.00us         4      load\n"));
	ck_assert_ptr_nonnull(
	    strstr(out, "   80.0%   80.0%    6.00us         4        -> openat\n"));
	/* spin 13.3% shows, other 6.7% hides below 10% */
	ck_assert_ptr_nonnull(strstr(out, "   13.3%   13.3%"));
	ck_assert_ptr_nonnull(strstr(out, "(1 more below 10.0%)"));
	ck_assert_ptr_null(strstr(out, "other"));
	free(out);
	stacks_free(s);
}
END_TEST

/* ---- the whole: events in, named stacks out ---- */

START_TEST(test_callstacks_unknown_frames)
{
	struct scf_meta meta = { 0 };
	struct callstacks_opts o = { .weight = STACKS_BY_CALLS };
	struct callstacks *cs;
	ck_assert_int_eq(callstacks_new(&o, &meta, &cs), 0);
	struct scf_event ev = mmap_ev(9, 0x400000, 0x10000, 0x1000, "/nonexistent/scprof/prog");
	ck_assert_int_eq(callstacks_event(cs, &ev), 0);
	/* innermost first: the pc, a return address, one outside any map, a 0 */
	uint64_t ips[] = { 0x400100, 0x400201, 0x7000, 0 };
	struct scf_call c = call(39, 10, 1, 0);
	c.pid = c.tid = 9;
	c.ips = ips;
	c.nips = 4;
	ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	ck_assert_int_eq(callstacks_finish(cs), 0);
	const struct stacks *s = callstacks_stacks(cs);
	const struct stacks_sys *sy = stacks_sys_at(s, 0);
	ck_assert_uint_eq(sy->npaths, 1);
	ck_assert_uint_eq(sy->paths[0].nframes, 3);
	ck_assert_str_eq(stacks_frame_name(s, sy->paths[0].frames[0]), "[unknown]");
	/* the return address is looked up one byte back */
	ck_assert_str_eq(stacks_frame_name(s, sy->paths[0].frames[1]), "[unknown] prog+0x1200");
	ck_assert_str_eq(stacks_frame_name(s, sy->paths[0].frames[2]), "[unknown] prog+0x1100");
	struct callstacks_stats st;
	callstacks_get_stats(cs, &st);
	ck_assert_uint_eq(st.calls, 1);
	ck_assert_uint_eq(st.raw_stacks, 1);
	ck_assert_uint_eq(st.stacks, 1);
	ck_assert_uint_eq(st.frames, 2); /* the unmapped address needs no name */
	/* the exporters' view: locations, innermost first, 0 the unknown one */
	ck_assert_uint_eq(callstacks_nlocations(cs), 3);
	ck_assert_ptr_null(callstacks_location_at(cs, 0)->module);
	ck_assert_ptr_null(callstacks_location_at(cs, 3));
	const uint32_t *locs;
	ck_assert_uint_eq(callstacks_raw_locations(cs, stacks_raw_at(callstacks_stacks(cs), 0), &locs),
			  3);
	const struct callstacks_location *l0 = callstacks_location_at(cs, locs[0]),
					 *l1 = callstacks_location_at(cs, locs[1]);
	ck_assert_str_eq(l0->module->path, "/nonexistent/scprof/prog");
	ck_assert_uint_eq(l0->offset, 0x1100);
	ck_assert_uint_eq(l0->key, ((uint64_t)l0->module->id + 1) << 40 | 0x1100);
	ck_assert_ptr_null(l0->sym.func);
	ck_assert_uint_eq(l1->offset, 0x1200);
	ck_assert_uint_eq(locs[2], 0);
	callstacks_free(cs);
}
END_TEST

/* A frame-pointer walk that leaves the known code is cut there: the frames
 * before it, then one [unknown], whatever junk followed. */
START_TEST(test_callstacks_cut_chain)
{
	struct scf_meta meta = { 0 };
	struct callstacks_opts o = { .weight = STACKS_BY_CALLS };
	struct callstacks *cs;
	ck_assert_int_eq(callstacks_new(&o, &meta, &cs), 0);
	struct scf_event ev = mmap_ev(9, 0x400000, 0x10000, 0x1000, "/nonexistent/scprof/prog");
	ck_assert_int_eq(callstacks_event(cs, &ev), 0);
	uint64_t ips[] = { 0x400100, 0x400201, 0x7000, 0x400301, 0x9000, 0x400401, 0xdead0000 };
	struct scf_call c = call(39, 10, 1, 0);
	c.pid = c.tid = 9;
	c.ips = ips;
	c.nips = 7;
	ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	/* an unmapped leaf (JIT code) is unknown, not cut */
	uint64_t jit[] = { 0x9100, 0x400201 };
	c.ips = jit;
	c.nips = 2;
	ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	ck_assert_int_eq(callstacks_finish(cs), 0);
	const struct stacks *s = callstacks_stacks(cs);
	const struct stacks_sys *sy = stacks_sys_at(s, 0);
	ck_assert_uint_eq(sy->npaths, 2);
	const struct stacks_path *p = &sy->paths[0];
	ck_assert_uint_eq(p->st.calls, 2);
	ck_assert_uint_eq(p->nframes, 3);
	ck_assert_str_eq(stacks_frame_name(s, p->frames[0]), "[unknown]");
	ck_assert_str_eq(stacks_frame_name(s, p->frames[1]), "[unknown] prog+0x1200");
	ck_assert_str_eq(stacks_frame_name(s, p->frames[2]), "[unknown] prog+0x1100");
	ck_assert_uint_eq(sy->paths[1].nframes, 2);
	ck_assert_str_eq(stacks_frame_name(s, sy->paths[1].frames[1]), "[unknown]");
	struct callstacks_stats st;
	callstacks_get_stats(cs, &st);
	ck_assert_uint_eq(st.calls, 3);
	ck_assert_uint_eq(st.cut, 2);
	callstacks_free(cs);
}
END_TEST

/* Inlined frames: ids of their own, marked in the text views and JSON,
 * plain in folded. */
START_TEST(test_stacks_inlined_frames)
{
	struct stacks *s;
	ck_assert_int_eq(stacks_new(&s), 0);
	uint32_t plain = stacks_frame_id(s, "fetch");
	uint32_t inl = stacks_frame_id_inlined(s, "fetch");
	ck_assert_uint_ne(plain, inl);
	ck_assert_uint_eq(stacks_frame_id_inlined(s, "fetch"), inl);
	ck_assert_uint_eq(stacks_frame_id(s, "fetch"), plain);
	ck_assert(!stacks_frame_inlined(s, plain));
	ck_assert(stacks_frame_inlined(s, inl));
	ck_assert_str_eq(stacks_frame_name(s, inl), "fetch");
	struct scf_call c = call(110, 10, 1, 0);
	ck_assert_int_eq(stacks_add(s, 0, "prog", 1, &c), 0);
	uint32_t ids[] = { stacks_frame_id(s, "main"), stacks_frame_id(s, "refresh"), inl,
			   stacks_frame_id(s, "syscall") };
	ck_assert_int_eq(stacks_set_frames(s, stacks_raw_at(s, 0), ids, 4), 0);
	ck_assert_int_eq(stacks_build(s, STACKS_BY_CALLS, false), 0);
	struct stacks_show show = { .weight = STACKS_BY_CALLS, .sys_name = test_sys_name };
	char *out = print_to_string(stackprint_list, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "            syscall\n            fetch (inlined)\n"
					  "            refresh\n"));
	free(out);
	out = print_to_string(stackprint_tree, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "fetch (inlined)\n"));
	free(out);
	out = print_to_string(flame_folded, s, &show);
	ck_assert_ptr_nonnull(strstr(out, "prog;main;refresh;fetch;syscall;"));
	ck_assert_ptr_null(strstr(out, "inlined"));
	free(out);
	stacks_free(s);
}
END_TEST

START_TEST(test_callstacks_processes_share)
{
	/* two processes run one binary at different addresses (ASLR): one
	 * stack of module offsets, named once */
	struct scf_meta meta = { 0 };
	struct callstacks_opts o = { .weight = STACKS_BY_CALLS };
	struct callstacks *cs;
	ck_assert_int_eq(callstacks_new(&o, &meta, &cs), 0);
	struct scf_event ev = mmap_ev(9, 0x400000, 0x10000, 0, "/nonexistent/scprof/prog");
	ck_assert_int_eq(callstacks_event(cs, &ev), 0);
	ev = mmap_ev(10, 0x700000, 0x10000, 0, "/nonexistent/scprof/prog");
	ck_assert_int_eq(callstacks_event(cs, &ev), 0);
	uint64_t ips9[] = { 0x400100, 0x400201 }, ips10[] = { 0x700100, 0x700201 };
	struct scf_call c = call(39, 10, 1, 0);
	for (int i = 0; i < 3; i++) {
		c.pid = c.tid = 9;
		c.ips = ips9;
		c.nips = 2;
		ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
		c.pid = c.tid = 10;
		c.ips = ips10;
		ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	}
	ck_assert_int_eq(callstacks_finish(cs), 0);
	struct callstacks_stats st;
	callstacks_get_stats(cs, &st);
	ck_assert_uint_eq(st.calls, 6);
	ck_assert_uint_eq(st.raw_stacks, 2);
	ck_assert_uint_eq(st.stacks, 1);
	ck_assert_uint_eq(st.frames, 2);
	const struct stacks *s = callstacks_stacks(cs);
	ck_assert_uint_eq(stacks_nsys(s), 1);
	ck_assert_uint_eq(stacks_sys_at(s, 0)->npaths, 1);
	ck_assert_uint_eq(stacks_sys_at(s, 0)->paths[0].st.calls, 6);
	ck_assert_str_eq(stacks_frame_name(s, stacks_sys_at(s, 0)->paths[0].frames[1]),
			 "[unknown] prog+0x100");
	callstacks_free(cs);
}
END_TEST

START_TEST(test_callstacks_stored_symtab)
{
	/* a binary gone since recording, named from the recording's table */
	struct scf_meta meta = { 0 };
	struct callstacks_opts o = { .weight = STACKS_BY_CALLS };
	struct callstacks *cs;
	ck_assert_int_eq(callstacks_new(&o, &meta, &cs), 0);
	struct scf_symbol syms[] = {{0x401100, 0x40, "load_config"}, {0x401200, 0x80, "main"}};
	struct scf_symtab t = { .build_id_size = 2, .build_id = { 0xbe, 0xef },
				.path = "/nonexistent/scprof/prog", .e_type = 2,
				.load_vaddr = 0x401000, .load_offset = 0x1000, .nsyms = 2,
				.syms = syms };
	ck_assert_int_eq(callstacks_add_symtab(cs, &t), 0);
	struct scf_event ev = mmap_ev(9, 0x401000, 0x1000, 0x1000, "/nonexistent/scprof/prog");
	ev.mmap.build_id_size = 2;
	ev.mmap.build_id[0] = 0xbe;
	ev.mmap.build_id[1] = 0xef;
	ck_assert_int_eq(callstacks_event(cs, &ev), 0);
	uint64_t ips[] = { 0x401110, 0x401250, 0x401300 };
	struct scf_call c = call(257, 10, -2, 0);
	c.pid = c.tid = 9;
	c.ips = ips;
	c.nips = 3;
	ck_assert_int_eq(callstacks_call(cs, &c, 0, "prog"), 0);
	ck_assert_int_eq(callstacks_finish(cs), 0);
	const struct stacks *s = callstacks_stacks(cs);
	const struct stacks_path *p = &stacks_sys_at(s, 0)->paths[0];
	ck_assert_uint_eq(p->nframes, 3);
	/* 0x401300 - 1 is past main's 0x80 bytes: no name, never main's */
	ck_assert_str_eq(stacks_frame_name(s, p->frames[0]), "[unknown] prog+0x12ff");
	ck_assert_str_eq(stacks_frame_name(s, p->frames[1]), "main");
	ck_assert_str_eq(stacks_frame_name(s, p->frames[2]), "load_config");
	/* the same as locations, with the module's build-id */
	const uint32_t *locs;
	ck_assert_uint_eq(callstacks_raw_locations(cs, stacks_raw_at(callstacks_stacks(cs), 0), &locs),
			  3);
	const struct callstacks_location *l = callstacks_location_at(cs, locs[0]);
	ck_assert_str_eq(l->sym.func, "load_config");
	ck_assert_uint_eq(l->offset, 0x1110);
	ck_assert_uint_eq(l->module->build_id_size, 2);
	ck_assert_uint_eq(l->module->build_id[0], 0xbe);
	ck_assert_str_eq(callstacks_location_at(cs, locs[1])->sym.func, "main");
	ck_assert_uint_eq(callstacks_location_at(cs, locs[1])->offset, 0x124f);
	ck_assert_ptr_null(callstacks_location_at(cs, locs[2])->sym.func);
	ck_assert_ptr_nonnull(callstacks_location_at(cs, locs[2])->module);
	callstacks_free(cs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("stacks");
	TCase *t = tcase_create("maps");
	tcase_add_test(t, test_maps_basic);
	tcase_add_test(t, test_maps_versions);
	tcase_add_test(t, test_maps_fork_exec);
	suite_add_tcase(s, t);
	t = tcase_create("symbols");
	tcase_add_test(t, test_symbols_own_binary);
	tcase_add_test(t, test_symbols_batch);
	tcase_add_test(t, test_symbols_build_id_mismatch);
	tcase_add_test(t, test_symbols_stored);
	tcase_add_test(t, test_symbols_stored_segments);
	tcase_add_test(t, test_symbols_missing_file);
	suite_add_tcase(s, t);
	t = tcase_create("unwind");
	tcase_add_test(t, test_unwind_own_stack);
	tcase_add_test(t, test_unwind_truncated_stack);
	suite_add_tcase(s, t);
	t = tcase_create("aggregate");
	tcase_add_test(t, test_stacks_lists);
	tcase_add_test(t, test_stacks_weight_calls);
	tcase_add_test(t, test_stacks_tree);
	tcase_add_test(t, test_stacks_tree_no_latency);
	tcase_add_test(t, test_stacks_groups);
	suite_add_tcase(s, t);
	t = tcase_create("print");
	tcase_add_test(t, test_flame_folded);
	tcase_add_test(t, test_flame_svg);
	tcase_add_test(t, test_flame_odd_names);
	tcase_add_test(t, test_stackprint_list);
	tcase_add_test(t, test_stackprint_tree);
	tcase_add_test(t, test_callstacks_unknown_frames);
	tcase_add_test(t, test_callstacks_cut_chain);
	tcase_add_test(t, test_stacks_inlined_frames);
	tcase_add_test(t, test_callstacks_processes_share);
	tcase_add_test(t, test_callstacks_stored_symtab);
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
