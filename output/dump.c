/*
 * dump.c - `scprof dump`: print a recording as it is stored, one record a
 * line: the header, the metadata, each chunk's framing and every event,
 * the symbol tables, then the trailer (or that the file was cut short).
 * Times are raw, ns on the recording clock printed as seconds.  A call is
 * named from the recording's own syscall table, and its arguments and
 * return value are printed the strace way (syscalls/argfmt.h) by that
 * name; stacks print as addresses, unsymbolized.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "formats/scf.h"
#include "output/dump.h"
#include "syscalls/argfmt.h"

/* 'text' with C escapes for quotes, backslashes and unprintable bytes. */
static void print_quoted(const char *s, size_t n)
{
	putchar('\'');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\'' || c == '\\')
			printf("\\%c", c);
		else if (isprint(c))
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('\'');
}

static void print_string(const char *s)
{
	if (s)
		print_quoted(s, strlen(s));
	else
		fputs("(none)", stdout);
}

/* NUL-ended arguments as 'a' 'b' 'c'. */
static void print_argv(const char *argv, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t n = strnlen(argv + i, len - i);
		if (i)
			putchar(' ');
		print_quoted(argv + i, n);
		i += n + 1;
	}
}

static void print_build_id(const uint8_t *id, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		printf("%02x", id[i]);
	if (!size)
		fputs("(none)", stdout);
}

static void print_time(uint64_t ns)
{
	printf("%" PRIu64 ".%09" PRIu64, ns / 1000000000, ns % 1000000000);
}

static void print_meta(const struct scf_meta *m)
{
	printf("meta:\n  recorder       ");
	print_string(m->recorder);
	printf("\n  hostname       ");
	print_string(m->hostname);
	printf("\n  kernel_release ");
	print_string(m->kernel_release);
	printf("\n  arch           ");
	print_string(m->arch);
	printf("\n  ncpus          %" PRIu32 "\n", m->ncpus);
	printf("  clockid        %" PRIu32 "%s\n", m->clockid,
	       m->clockid == 1 ? " (CLOCK_MONOTONIC)" : "");
	printf("  start_time     ");
	print_time(m->start_time);
	printf("\n  start_realtime ");
	print_time(m->start_realtime);
	const char *target = scf_target_name(m->target);
	printf("\n  target         %d (%s)\n", (int)m->target, target ? target : "unknown");
	printf("  argv          ");
	for (uint32_t i = 0; i < m->argc; i++) {
		putchar(' ');
		print_string(m->argv[i]);
	}
	if (!m->argc)
		printf(" (none)");
	printf("\n  pids          ");
	for (uint32_t i = 0; i < m->npids; i++)
		printf(" %" PRId32, m->pids[i]);
	if (!m->npids)
		printf(" (none)");
	printf("\n  options        ");
	print_string(m->options);
	printf("\n  filter         ");
	if (m->filter)
		print_string(m->filter);
	else
		fputs("(all)", stdout);
	printf("\n  features       0x%" PRIx64 "%s%s%s\n", m->features,
	       m->features & SCF_FEAT_CALLCHAIN ? " callchain" : "",
	       m->features & SCF_FEAT_NO_ARGS ? " no-args" : "",
	       m->features & SCF_FEAT_CAPTURES ? " captures" : "");
	const char *kind = scf_recorder_kind_name(m->recorder_kind);
	printf("  recorder_kind  %" PRIu32 " (%s)\n", m->recorder_kind, kind ? kind : "unknown");
	if (m->stack_every > 1)
		printf("  stack_every    %" PRIu32 "\n", m->stack_every);
	printf("  syscalls       %" PRIu32 " names", m->nsyscalls);
	if (m->nsyscalls)
		printf(", %" PRId32 " %s .. %" PRId32 " %s", m->syscalls[0].nr,
		       m->syscalls[0].name, m->syscalls[m->nsyscalls - 1].nr,
		       m->syscalls[m->nsyscalls - 1].name);
	putchar('\n');
}

static const char *chunk_type_name(uint8_t type)
{
	switch (type) {
	case 1:
		return "META";
	case 2:
		return "EVENTS";
	case 3:
		return "TRAILER";
	case 4:
		return "SYMBOLS";
	}
	return "UNKNOWN";
}

static void print_chunk(const struct scf_chunk_info *ci)
{
	printf("chunk %" PRIu64 " %s at offset %" PRIu64 ": csize %" PRIu32 " rsize %" PRIu32
	       " %s %" PRIu32,
	       ci->index, chunk_type_name(ci->type), ci->offset, ci->csize, ci->rsize,
	       ci->type == 2 ? "records" : "fields", ci->count);
	if (ci->type == 2) {
		printf(" time ");
		print_time(ci->first_time);
		printf(" .. ");
		print_time(ci->last_time);
	}
	putchar('\n');
}

static void print_call_flags(uint32_t flags)
{
	static const char *const names[] = { "NO_ENTER", "NO_RETURN", "UNFINISHED",
					      "ENTERED_BEFORE" };
	if (!flags)
		return;
	printf(" flags ");
	const char *sep = "";
	for (unsigned i = 0; i < 4; i++) {
		if (flags & (1u << i)) {
			printf("%s%s", sep, names[i]);
			sep = "|";
		}
	}
	if (flags >> 4)
		printf("%s0x%" PRIx32, sep, flags & ~0xfu);
}

/* " capture 1 path 'x' at-exit", " capture 1 sockaddr 02000050...",
 * " capture 1 data 'hello\n' truncated", " capture 0 path fault" */
static void print_captures(const struct scf_call *c)
{
	static const char *const flag_names[] = { "truncated", "fault", "at-exit" };
	for (uint32_t i = 0; i < c->ncaptures; i++) {
		const struct scf_capture *cap = &c->captures[i];
		const char *kind = scf_capture_kind_name(cap->kind);
		printf(" capture %u %s", cap->arg, kind ? kind : "?");
		if (cap->kind == SCF_CAP_SOCKADDR) {
			putchar(' ');
			for (uint32_t k = 0; k < cap->len; k++)
				printf("%02x", cap->data[k]);
		} else if (!(cap->flags & SCF_CAP_FAULT)) {
			putchar(' ');
			print_quoted((const char *)cap->data, cap->len);
		}
		for (unsigned b = 0; b < 3; b++)
			if (cap->flags & (1u << b))
				printf(" %s", flag_names[b]);
	}
}

/* " read(3, 0x7ffd..., 4096) = 4096 dur 1234 flags ... callchain ... ustack ..." */
static void print_call(const struct scf_meta *m, const struct scf_call *c)
{
	const char *name = scf_meta_syscall_name(m, c->nr);
	bool named = name && *name;
	char text[512];
	printf(" CALL pid %" PRId32 " tid %" PRId32 " cpu %" PRIu32 " nr %" PRId32 " %s(", c->pid,
	       c->tid, c->cpu, c->nr, named ? name : "?");
	if (m->features & SCF_FEAT_NO_ARGS) {
		fputs("...", stdout);
	} else {
		/* an unnamed number gets its six arguments in hex */
		argfmt_args(named ? name : "", c->args, text, sizeof(text));
		fputs(text, stdout);
	}
	if (c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED)) {
		printf(") = ?");
	} else {
		argfmt_ret(named ? name : "", c->ret, text, sizeof(text));
		printf(") = %s", text);
	}
	printf(" dur %" PRIu64, c->duration);
	print_call_flags(c->flags);
	if (c->nips) {
		printf(" callchain");
		for (uint32_t i = 0; i < c->nips; i++)
			printf(" 0x%" PRIx64, c->ips[i]);
	}
	if (c->nregs || c->stack_size)
		printf(" ustack regs %" PRIu32 " (mask 0x%" PRIx64 ") stack %" PRIu32 " bytes",
		       c->nregs, c->regs_mask, c->stack_size);
	print_captures(c);
}

static void print_event(const struct scf_meta *m, const struct scf_event *ev)
{
	printf("  ");
	print_time(ev->time);
	switch (ev->type) {
	case SCF_EV_CALL:
		print_call(m, &ev->call);
		break;
	case SCF_EV_COMM:
		printf(" COMM pid %" PRId32 " tid %" PRId32 " comm ", ev->comm.pid, ev->comm.tid);
		print_string(ev->comm.comm);
		if (ev->comm.exec)
			printf(" exec");
		break;
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		printf(" %s pid %" PRId32 " ppid %" PRId32 " tid %" PRId32 " ptid %" PRId32,
		       ev->type == SCF_EV_FORK ? "FORK" : "EXIT", ev->task.pid, ev->task.ppid,
		       ev->task.tid, ev->task.ptid);
		break;
	case SCF_EV_MMAP: {
		const struct scf_mmap *mm = &ev->mmap;
		printf(" MMAP pid %" PRId32 " tid %" PRId32 " addr 0x%" PRIx64 " len 0x%" PRIx64
		       " pgoff 0x%" PRIx64 " prot 0x%" PRIx32 " flags 0x%" PRIx32,
		       mm->pid, mm->tid, mm->addr, mm->len, mm->pgoff, mm->prot, mm->flags);
		if (mm->build_id_size) {
			printf(" build_id ");
			print_build_id(mm->build_id, mm->build_id_size);
		}
		printf(" file ");
		print_string(mm->filename);
		break;
	}
	case SCF_EV_LOST:
		printf(" LOST cpu %" PRIu32 " count %" PRIu64, ev->lost.cpu, ev->lost.count);
		break;
	case SCF_EV_CMDLINE:
		printf(" CMDLINE pid %" PRId32 " argv ", ev->cmdline.pid);
		print_argv(ev->cmdline.argv, ev->cmdline.len);
		break;
	}
	putchar('\n');
}

static const char *e_type_name(uint16_t t)
{
	switch (t) {
	case 1:
		return "REL";
	case 2:
		return "EXEC";
	case 3:
		return "DYN";
	case 4:
		return "CORE";
	}
	return "?";
}

/* Symbol tables from..to-1 of the reader, each with its chunk. */
static void print_symtabs(const struct scf_reader *r, size_t from, size_t to, bool all)
{
	for (size_t i = from; i < to; i++) {
		const struct scf_symtab *t = scf_reader_symtab(r, i);
		struct scf_chunk_info ci;
		scf_reader_symtab_chunk(r, i, &ci);
		print_chunk(&ci);
		printf("symbols: ");
		print_string(t->path);
		printf(" build_id ");
		print_build_id(t->build_id, t->build_id_size);
		printf(" e_type %u (%s) load_vaddr 0x%" PRIx64 " load_offset 0x%" PRIx64
		       " %" PRIu64 " symbols\n",
		       t->e_type, e_type_name(t->e_type), t->load_vaddr, t->load_offset, t->nsyms);
		for (uint64_t k = 0; all && k < t->nsyms; k++) {
			printf("  0x%" PRIx64 " size 0x%" PRIx64 " ", t->syms[k].start,
			       t->syms[k].size);
			print_string(t->syms[k].name);
			putchar('\n');
		}
	}
}

static void print_trailer(const struct scf_trailer *t)
{
	printf("trailer:\n  end_time       ");
	print_time(t->end_time);
	printf("\n  samples        %" PRIu64 "\n", t->samples);
	printf("  calls          %" PRIu64 "\n", t->calls);
	printf("  lost           %" PRIu64 "\n", t->lost);
	printf("  lost_per_cpu  ");
	for (uint32_t i = 0; i < t->ncpus; i++)
		printf(" %" PRIu64, t->lost_per_cpu[i]);
	if (!t->ncpus)
		printf(" (none)");
	putchar('\n');
}

/* Print every record of the recording r (opened from path) on stdout.
 * 0, or the reader's error (-EBADMSG: a corrupt chunk at
 * scf_reader_offset(r)) after what came before it was printed. */
int dump_print(struct scf_reader *r, const char *path, bool all_symbols)
{
	struct scf_header_info h;
	int err;
	scf_reader_header(r, &h);
	printf("file: ");
	print_string(path);
	printf("\nheader: version %u min_version %u header_size %" PRIu32 " incompat 0x%" PRIx64
	       "\n",
	       h.version, h.min_version, h.header_size, h.incompat);
	const struct scf_meta *m = scf_reader_meta(r);
	struct scf_chunk_info ci;
	scf_reader_chunk(r, &ci);
	print_chunk(&ci);
	print_meta(m);

	uint64_t index = ci.index, events = 0;
	size_t nsymtabs = 0;
	struct scf_event ev;
	while ((err = scf_reader_next(r, &ev)) > 0) {
		/* symbol tables read on the way to this event's chunk */
		print_symtabs(r, nsymtabs, scf_reader_nsymtabs(r), all_symbols);
		nsymtabs = scf_reader_nsymtabs(r);
		scf_reader_chunk(r, &ci);
		if (ci.index != index) {
			index = ci.index;
			print_chunk(&ci);
		}
		print_event(m, &ev);
		events++;
	}
	print_symtabs(r, nsymtabs, scf_reader_nsymtabs(r), all_symbols);
	if (err < 0)
		return err;
	const struct scf_trailer *t = scf_reader_trailer(r);
	if (t) {
		scf_reader_chunk(r, &ci);
		print_chunk(&ci);
		print_trailer(t);
		printf("end: %" PRIu64 " events, complete\n", events);
	} else {
		printf("end: %" PRIu64 " events, truncated at offset %" PRIu64
		       " (no trailer: the recorder was stopped before it finished)\n",
		       events, scf_reader_offset(r));
	}
	return 0;
}

