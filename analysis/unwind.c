/*
 * unwind.c - DWARF unwinding of recorded stack copies (see unwind.h).
 *
 * As perf's unwind-libdw.c does, but with one Dwfl per address-space
 * version instead of one per sample: the Dwfl reports each mapped file at
 * its load bias (start - pgoff), and dwfl_attach_state hands libdw a
 * "process" whose only thread is the call being unwound; its registers and
 * stack come from the struct unwind, set before each dwfl_getthread_frames.
 */
#include "analysis/unwind.h"

#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "symbols/elfsym.h"

#define MAX_DWFLS 64 /* address-space versions kept set up */

/* perf's x86-64 register numbers (bits of sample_regs_user) */
enum {
	PERF_AX = 0, PERF_BX, PERF_CX, PERF_DX, PERF_SI, PERF_DI, PERF_BP, PERF_SP,
	PERF_IP, PERF_FLAGS, PERF_CS, PERF_SS, PERF_DS, PERF_ES, PERF_FS, PERF_GS,
	PERF_R8, PERF_R9, PERF_R10, PERF_R11, PERF_R12, PERF_R13, PERF_R14, PERF_R15,
};

/* DWARF register order on x86-64: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip */
static const int dwarf_to_perf[17] = {
	PERF_AX, PERF_DX, PERF_CX, PERF_BX, PERF_SI, PERF_DI, PERF_BP, PERF_SP,
	PERF_R8, PERF_R9, PERF_R10, PERF_R11, PERF_R12, PERF_R13, PERF_R14, PERF_R15, PERF_IP,
};

struct space_dwfl {
	uint64_t key;
	Dwfl *dwfl;   /* NULL: could not be set up */
	uint64_t used; /* for eviction */
};

struct unwind {
	struct maps *maps;
	char *debuginfo_path;
	Dwfl_Callbacks callbacks;
	struct space_dwfl cache[MAX_DWFLS];
	size_t ncache;
	uint64_t tick;
	uint8_t *file_ok; /* by module id: 0 unchecked, 1 usable, 2 not */
	size_t nfile_ok;
	bool local_vdso;
	int vdso_fd;      /* a copy of our vdso image for libdw; -1: none yet */
	bool vdso_tried;
	/* the call being unwound */
	const struct scf_call *c;
	uint64_t regs[17]; /* DWARF order */
	uint64_t sp;
	uint64_t *ips;
	uint32_t n, max;
	/* stats */
	size_t spaces;
	uint64_t calls, frames;
};

int unwind_new(struct maps *maps, bool local_vdso, struct unwind **out)
{
	struct unwind *u = calloc(1, sizeof(*u));
	if (!u || !(u->debuginfo_path = strdup(":.debug:/usr/lib/debug"))) {
		free(u);
		return -ENOMEM;
	}
	u->maps = maps;
	u->local_vdso = local_vdso;
	u->vdso_fd = -1;
	u->callbacks.find_elf = dwfl_build_id_find_elf;
	u->callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
	u->callbacks.debuginfo_path = &u->debuginfo_path;
	elf_version(EV_CURRENT);
	*out = u;
	return 0;
}

void unwind_free(struct unwind *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->ncache; i++)
		if (u->cache[i].dwfl)
			dwfl_end(u->cache[i].dwfl);
	free(u->file_ok);
	free(u->debuginfo_path);
	if (u->vdso_fd >= 0)
		close(u->vdso_fd);
	free(u);
}

/* ---- the one-thread process libdw sees ---- */

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	(void)dwfl;
	struct unwind *u = arg;
	if (*thread_argp)
		return 0;
	*thread_argp = u;
	return u->c->tid > 0 ? u->c->tid : 1;
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	(void)dwfl;
	(void)tid;
	*thread_argp = arg;
	return true;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	(void)dwfl;
	struct unwind *u = arg;
	uint64_t size = u->c->stack_size;
	if (addr < u->sp || addr - u->sp > size || size - (addr - u->sp) < sizeof(*result))
		return false;
	memcpy(result, u->c->stack + (addr - u->sp), sizeof(*result));
	return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct unwind *u = arg;
	Dwarf_Word regs[17];
	for (int i = 0; i < 17; i++)
		regs[i] = u->regs[i];
	return dwfl_thread_state_registers(thread, 0, 17, regs);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* ---- setting up an address space ---- */

/* Whether the file of mod is the one recorded (checked once per module). */
static bool file_usable(struct unwind *u, const struct maps_module *mod)
{
	if (mod->id >= u->nfile_ok) {
		size_t n = mod->id + 64;
		uint8_t *v = realloc(u->file_ok, n);
		if (!v)
			return false;
		memset(v + u->nfile_ok, 0, n - u->nfile_ok);
		u->file_ok = v;
		u->nfile_ok = n;
	}
	if (u->file_ok[mod->id])
		return u->file_ok[mod->id] == 1;
	bool ok = false;
	const char *p = mod->path;
	int fd = p[0] == '/' && p[1] != '/' ? open(p, O_RDONLY | O_CLOEXEC) : -1;
	Elf *e = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (e && elf_kind(e) == ELF_K_ELF) {
		const void *bid;
		ssize_t n = dwelf_elf_gnu_build_id(e, &bid);
		ok = !mod->build_id_size ||
		     (n == mod->build_id_size && !memcmp(bid, mod->build_id, (size_t)n));
	}
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	u->file_ok[mod->id] = ok ? 1 : 2;
	return ok;
}

/* A file holding this process's vdso image, for dwfl_report_elf; -1 if
 * there is none. */
static int vdso_file(struct unwind *u)
{
	if (u->vdso_tried)
		return u->vdso_fd;
	u->vdso_tried = true;
	const void *image;
	size_t size;
	if (!elfsym_vdso_image(&image, &size))
		return -1;
	int fd = memfd_create("scprof-vdso", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, image, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	u->vdso_fd = fd;
	return fd;
}

static Dwfl *setup_space(struct unwind *u, uint64_t key)
{
	const struct maps_map *v;
	size_t n = maps_list(u->maps, key, &v);
	if (!n)
		return NULL;
	/* copy: file_usable does not touch maps, but be safe across calls */
	struct maps_map *maps = malloc(n * sizeof(*maps));
	if (!maps)
		return NULL;
	memcpy(maps, v, n * sizeof(*maps));
	Dwfl *dwfl = dwfl_begin(&u->callbacks);
	if (!dwfl) {
		free(maps);
		return NULL;
	}
	dwfl_report_begin(dwfl);
	size_t reported = 0;
	for (size_t i = 0; i < n; i++) {
		struct maps_module *mod = maps[i].module;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = maps[j].module == mod;
		if (seen)
			continue;
		if (!strcmp(mod->path, "[vdso]") && u->local_vdso && vdso_file(u) >= 0) {
			/* libdw takes the descriptor: give it its own */
			int fd = dup(u->vdso_fd);
			if (fd >= 0 && dwfl_report_elf(dwfl, "[vdso]", "[vdso]", fd,
						       maps[i].start - maps[i].pgoff, false))
				reported++;
			else if (fd >= 0)
				close(fd);
			continue;
		}
		if (!file_usable(u, mod))
			continue;
		if (dwfl_report_elf(dwfl, mod->path, mod->path, -1, maps[i].start - maps[i].pgoff,
				    false))
			reported++;
	}
	free(maps);
	dwfl_report_end(dwfl, NULL, NULL);
	int32_t pid = maps_key_pid(u->maps, key);
	if (!reported || !dwfl_attach_state(dwfl, NULL, pid > 0 ? pid : 1, &thread_callbacks, u)) {
		dwfl_end(dwfl);
		return NULL;
	}
	u->spaces++;
	return dwfl;
}

static Dwfl *space_dwfl(struct unwind *u, uint64_t key)
{
	u->tick++;
	for (size_t i = 0; i < u->ncache; i++)
		if (u->cache[i].key == key) {
			u->cache[i].used = u->tick;
			return u->cache[i].dwfl;
		}
	size_t slot = u->ncache;
	if (slot == MAX_DWFLS) {
		slot = 0;
		for (size_t i = 1; i < u->ncache; i++)
			if (u->cache[i].used < u->cache[slot].used)
				slot = i;
		if (u->cache[slot].dwfl)
			dwfl_end(u->cache[slot].dwfl);
	} else {
		u->ncache++;
	}
	u->cache[slot] = (struct space_dwfl){ key, setup_space(u, key), u->tick };
	return u->cache[slot].dwfl;
}

/* ---- unwinding ---- */

static int frame_cb(Dwfl_Frame *state, void *arg)
{
	struct unwind *u = arg;
	Dwarf_Addr pc;
	bool activation;
	if (u->n >= u->max || !dwfl_frame_pc(state, &pc, &activation) || !pc)
		return DWARF_CB_ABORT;
	u->ips[u->n++] = pc;
	return DWARF_CB_OK;
}

uint32_t unwind_call(struct unwind *u, uint64_t key, const struct scf_call *c, uint64_t *ips,
		     uint32_t max)
{
	if (!c->nregs || !max || c->nregs != (uint32_t)__builtin_popcountll(c->regs_mask))
		return 0;
	/* registers come in mask bit order */
	uint64_t by_perf[64] = { 0 };
	bool have[64] = { false };
	for (uint32_t bit = 0, i = 0; bit < 64; bit++)
		if (c->regs_mask & (1ull << bit)) {
			by_perf[bit] = c->regs[i++];
			have[bit] = true;
		}
	if (!have[PERF_IP] || !have[PERF_SP])
		return 0;
	for (int i = 0; i < 17; i++)
		u->regs[i] = by_perf[dwarf_to_perf[i]];
	u->calls++;
	Dwfl *dwfl = space_dwfl(u, key);
	if (!dwfl) {
		ips[0] = by_perf[PERF_IP];
		u->frames++;
		return 1;
	}
	u->c = c;
	u->sp = by_perf[PERF_SP];
	u->ips = ips;
	u->n = 0;
	u->max = max;
	dwfl_getthread_frames(dwfl, c->tid > 0 ? c->tid : 1, frame_cb, u);
	if (!u->n) {
		ips[0] = by_perf[PERF_IP];
		u->n = 1;
	}
	u->c = NULL;
	u->frames += u->n;
	return u->n;
}

void unwind_stats(const struct unwind *u, size_t *spaces, uint64_t *calls, uint64_t *frames)
{
	*spaces = u->spaces;
	*calls = u->calls;
	*frames = u->frames;
}
