/*
 * scf_reader.c - reads a recording (formats/FORMAT.md) one event at a time.
 *
 * One chunk is in memory at a time: its compressed payload (checksummed
 * before anything else looks at it) and its decompressed records, so
 * memory is bounded by the largest chunk (64 MiB raw at most).  Every
 * decoder reads through a bounds-checked cursor, except the fast path for
 * the common record (decode_call_fast), which may read up to RBUF_PAD
 * bytes from a record's start into zero padding after the payload and
 * checks its end once: bad input yields -EBADMSG, never a read out of
 * bounds.  A file that ends before its trailer, wherever the cut is,
 * reads as its complete chunks and then a clean end marked truncated.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* for ZSTD_d_forceIgnoreChecksum: safe, libzstd is linked statically */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "base/grow.h"
#include "formats/scf.h"
#include "formats/scf_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * The longest CALL record without stacks, every varint at its longest:
 * kind, dt, duration, pid, tid, cpu, flags, nr, argmask, args, ret.  The
 * decompressed payload is followed by RBUF_PAD zero bytes, so that
 * decode_call_fast can read a record without a bounds check per byte and
 * check once, at its end, that it did not pass the payload's end.
 */
#define CALL_FAST_MAX (1 + 7 * SCF_VARINT_MAX + 1 + (SCF_MAX_ARGS + 1) * SCF_VARINT_MAX)
#define RBUF_PAD CALL_FAST_MAX
/* skip_varints looks at 32 bytes from the arguments' start */
_Static_assert(1 + 7 * SCF_VARINT_MAX + 1 + 32 <= RBUF_PAD, "skip_varints reads past the padding");

struct scf_reader {
	int fd;
	uint64_t pos;           /* file offset of the next unread byte */
	uint64_t file_size;     /* as last seen; UINT64_MAX: not a regular file */
	struct scf_header_info header;
	struct scf_chunk_info chunk;  /* the chunk last loaded */
	uint64_t nchunks;

	uint8_t *cbuf;          /* SCF_CHUNK_SUMMED bytes, then the payload */
	size_t ccap;
	uint8_t *rbuf;          /* decompressed payload */
	size_t rcap;
	ZSTD_DCtx *dctx;

	/* the EVENTS chunk being read */
	struct scf_cursor cur;
	uint32_t left;          /* records not yet returned */
	uint64_t prev_time;
	int32_t prev_pid, prev_tid;
	uint64_t prev_args[SCF_DELTA_NRS][SCF_MAX_ARGS];
	uint64_t prev_ret[SCF_DELTA_NRS];
	uint64_t (*prev_regs)[64];  /* [SCF_DELTA_NRS], at the first user stack */
	uint64_t used[SCF_DELTA_NRS / 64];  /* numbers whose state is not 0 */
	uint64_t last_time;     /* of the last event returned, whole file */

	int error;              /* sticky */
	bool done, truncated, have_trailer;
	bool skip_args;         /* scf_reader_skip_args: CALL args not decoded */
	bool skipping;          /* scf_reader_skip_events: EVENTS not decoded */

	/* event data handed out, valid until the next scf_reader_next */
	uint64_t *ips;
	size_t ips_cap;
	uint64_t regs[64];
	struct scf_capture caps[SCF_MAX_ARGS];
	uint64_t counters[SCF_MAX_COUNTERS];  /* the current call's */
	struct scf_offcpu offcpu;             /* the current call's */
	/* the chunk's kernel stack table: stack id i+1 is kst[i] frames at
	 * kframes[kst_off[i]] */
	uint64_t *kframes;
	size_t nkframes, kframes_cap;
	size_t *kst_off;
	uint32_t *kst_n;
	uint32_t nkst, kst_cap;
	struct scf_ksym *ksyms;   /* KSYMS chunks read, sorted by start */
	size_t nksyms;
	char *str;
	size_t str_cap;

	struct scf_meta meta;
	struct scf_trailer trailer;
	struct scf_symtab *symtabs;   /* SYMBOLS chunks read */
	struct scf_chunk_info *symtab_chunks;
	size_t nsymtabs, symtabs_cap;
	size_t symtabs_mem;     /* bytes their symbols take, <= SCF_SYMTABS_MEM_MAX */
	void **allocs;          /* meta and trailer storage */
	size_t nallocs, allocs_cap;
};

/* Read up to n bytes; fewer only at the end of the file. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, (char *)buf + got, n - got);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int grow(void **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t cap2 = *cap ? *cap : 4096;
	while (cap2 < need)
		cap2 *= 2;
	void *p = realloc(*buf, cap2);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = cap2;
	return 0;
}

/* Storage that lives until scf_reader_close. */
static void *keep(struct scf_reader *r, size_t n)
{
	if (GROW(r->allocs, r->nallocs + 1, r->allocs_cap))
		return NULL;
	void *p = malloc(n ? n : 1);
	if (p)
		r->allocs[r->nallocs++] = p;
	return p;
}

static char *keep_string(struct scf_reader *r, const uint8_t *s, size_t n)
{
	char *p = keep(r, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* The file's size, if it is a regular file; else "unknown" (all of it). */
static void update_size(struct scf_reader *r)
{
	struct stat st;
	r->file_size = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size
									  : UINT64_MAX;
}

/*
 * Read the next chunk into r->rbuf: 1 when one was read, 0 when the file
 * ends before a complete chunk (truncated), or -errno.  Chunks of unknown
 * types are checked and skipped.
 */
static int load_chunk(struct scf_reader *r)
{
	for (;;) {
		uint8_t h[SCF_CHUNK_HEADER_SIZE];
		r->chunk.offset = r->pos;
		ssize_t got = read_full(r->fd, h, sizeof(h));
		if (got < 0)
			return (int)got;
		if ((size_t)got < sizeof(h))
			return 0;
		if (memcmp(h, SCF_CHUNK_MAGIC, 4))
			return -EBADMSG;
		uint32_t csize = scf_get_le32(h + 8);
		uint32_t rsize = scf_get_le32(h + 12);
		if (rsize > SCF_MAX_RSIZE || csize > ZSTD_compressBound(SCF_MAX_RSIZE))
			return -EBADMSG;
		/* a payload the file cannot hold is cut short: say so before
		 * allocating for it (asking again: the file may be growing) */
		uint64_t end = r->pos + sizeof(h) + csize;
		if (end > r->file_size && (update_size(r), end > r->file_size))
			return 0;
		int err = grow((void **)&r->cbuf, &r->ccap, SCF_CHUNK_SUMMED + (size_t)csize);
		if (err)
			return err;
		uint8_t *payload = r->cbuf + SCF_CHUNK_SUMMED;
		got = read_full(r->fd, payload, csize);
		if (got < 0)
			return (int)got;
		if ((size_t)got < csize)
			return 0;
		/* the sum covers header bytes 0..39, then the payload */
		memcpy(r->cbuf, h, SCF_CHUNK_SUMMED);
		if (ZSTD_XXH64(r->cbuf, SCF_CHUNK_SUMMED + (size_t)csize, 0) !=
		    scf_get_le64(h + SCF_CHUNK_SUMMED))
			return -EBADMSG;
		r->pos += sizeof(h) + csize;

		r->chunk.index = r->nchunks++;
		r->chunk.type = h[4];
		r->chunk.csize = csize;
		r->chunk.rsize = rsize;
		r->chunk.count = scf_get_le32(h + 16);
		r->chunk.first_time = scf_get_le64(h + 24);
		r->chunk.last_time = scf_get_le64(h + 32);
		if ((h[4] < SCF_CHUNK_META || h[4] > SCF_CHUNK_KSYMS) && h[4] != SCF_CHUNK_FDS)
			continue;
		if (r->skipping && (h[4] == SCF_CHUNK_EVENTS || h[4] == SCF_CHUNK_FDS))
			return 1;

		/* a frame that says it holds another size is wrong: before
		 * allocating rsize bytes for it */
		unsigned long long fcs = ZSTD_getFrameContentSize(payload, csize);
		if (fcs == ZSTD_CONTENTSIZE_ERROR || (fcs != ZSTD_CONTENTSIZE_UNKNOWN && fcs != rsize))
			return -EBADMSG;
		err = grow((void **)&r->rbuf, &r->rcap, (size_t)rsize + RBUF_PAD);
		if (err)
			return err;
		memset(r->rbuf + rsize, 0, RBUF_PAD);
		/* exactly one frame, of exactly rsize bytes */
		if (ZSTD_findFrameCompressedSize(payload, csize) != csize)
			return -EBADMSG;
		size_t n = ZSTD_decompressDCtx(r->dctx, r->rbuf, rsize, payload, csize);
		if (ZSTD_isError(n) || n != rsize)
			return -EBADMSG;
		return 1;
	}
}

/* ---- META and TRAILER fields ---- */

/* Calls fn for each field of the loaded chunk; checks the field count. */
static int read_fields(struct scf_reader *r,
		       int (*fn)(struct scf_reader *r, uint64_t tag, struct scf_cursor *f))
{
	struct scf_cursor c = { r->rbuf, r->rbuf + r->chunk.rsize, false };
	uint32_t n = 0;
	while (c.p < c.end) {
		uint64_t tag = scf_get_varint(&c);
		uint64_t len = scf_get_varint(&c);
		if (c.bad || len > scf_cursor_left(&c))
			return -EBADMSG;
		struct scf_cursor f = { c.p, c.p + len, false };
		c.p += len;
		int err = fn(r, tag, &f);
		if (err)
			return err;
		if (f.bad)
			return -EBADMSG;
		n++;
	}
	return n == r->chunk.count ? 0 : -EBADMSG;
}

/* A field holding one varint and nothing else. */
static uint64_t field_varint(struct scf_cursor *f)
{
	uint64_t v = scf_get_varint(f);
	if (f->p != f->end)
		f->bad = true;
	return v;
}

static uint32_t field_varint32(struct scf_cursor *f)
{
	uint64_t v = field_varint(f);
	if (v > UINT32_MAX)
		f->bad = true;
	return (uint32_t)v;
}

static int field_string(struct scf_reader *r, struct scf_cursor *f, const char **out)
{
	size_t n = scf_cursor_left(f);
	char *s = keep_string(r, f->p, n);
	if (!s)
		return -ENOMEM;
	f->p = f->end;
	*out = s;
	return 0;
}

static int cmp_syscall(const void *a, const void *b)
{
	const struct scf_syscall_name *x = a, *y = b;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

static int meta_field(struct scf_reader *r, uint64_t tag, struct scf_cursor *f)
{
	struct scf_meta *m = &r->meta;
	switch (tag) {
	case SCF_META_RECORDER:
		return field_string(r, f, &m->recorder);
	case SCF_META_HOSTNAME:
		return field_string(r, f, &m->hostname);
	case SCF_META_KERNEL_RELEASE:
		return field_string(r, f, &m->kernel_release);
	case SCF_META_ARCH:
		return field_string(r, f, &m->arch);
	case SCF_META_NCPUS:
		m->ncpus = field_varint32(f);
		return 0;
	case SCF_META_CLOCKID:
		m->clockid = field_varint32(f);
		return 0;
	case SCF_META_START_TIME:
		m->start_time = field_varint(f);
		return 0;
	case SCF_META_START_REALTIME:
		m->start_realtime = field_varint(f);
		return 0;
	case SCF_META_TARGET:
		m->target = (enum scf_target)field_varint32(f);
		return 0;
	case SCF_META_OPTIONS:
		return field_string(r, f, &m->options);
	case SCF_META_FILTER:
		return field_string(r, f, &m->filter);
	case SCF_META_FEATURES:
		m->features = field_varint(f);
		return 0;
	case SCF_META_STACK_EVERY:
		m->stack_every = field_varint32(f);
		if (!m->stack_every)
			f->bad = true;
		return 0;
	case SCF_META_KALLSYMS:
		m->kallsyms = field_varint32(f);
		return 0;
	case SCF_META_RECORDER_KIND:
		/* an unknown kind is a newer recorder's: kept, named by nobody */
		m->recorder_kind = field_varint32(f);
		return 0;
	case SCF_META_ARGV: {
		size_t n = scf_cursor_left(f);
		if (n && f->p[n - 1] != '\0')
			return -EBADMSG;
		uint32_t argc = 0;
		for (size_t i = 0; i < n; i++)
			argc += f->p[i] == '\0';
		char *s = keep_string(r, f->p, n);
		const char **argv = keep(r, (argc + 1) * sizeof(*argv));
		if (!s || !argv)
			return -ENOMEM;
		for (uint32_t i = 0; i < argc; i++) {
			argv[i] = s;
			s += strlen(s) + 1;
		}
		argv[argc] = NULL;
		m->argc = argc;
		m->argv = argv;
		f->p = f->end;
		return 0;
	}
	case SCF_META_PIDS: {
		/* each svarint takes at least a byte */
		int32_t *pids = keep(r, scf_cursor_left(f) * sizeof(*pids));
		if (!pids)
			return -ENOMEM;
		uint32_t n = 0;
		while (f->p < f->end && !f->bad)
			pids[n++] = scf_get_svarint32(f);
		m->npids = n;
		m->pids = pids;
		return 0;
	}
	case SCF_META_COUNTERS: {
		/* each entry takes at least six bytes */
		size_t most = scf_cursor_left(f) / 6;
		struct scf_counter *t = keep(r, (most ? most : 1) * sizeof(*t));
		if (!t)
			return -ENOMEM;
		uint32_t n = 0;
		while (f->p < f->end && !f->bad) {
			uint64_t len = scf_get_varint(f);
			const uint8_t *s = scf_get_bytes(f, len);
			t[n].type = scf_get_varint32(f);
			t[n].config = scf_get_varint(f);
			t[n].config1 = scf_get_varint(f);
			t[n].config2 = scf_get_varint(f);
			if (f->bad || !len || n == SCF_MAX_COUNTERS)
				return -EBADMSG;
			if (!(t[n].name = keep_string(r, s, len)))
				return -ENOMEM;
			n++;
		}
		m->ncounters = n;
		m->counters = t;
		return 0;
	}
	case SCF_META_SYSCALLS: {
		/* each entry takes at least two bytes */
		struct scf_syscall_name *t = keep(r, scf_cursor_left(f) / 2 * sizeof(*t));
		if (!t)
			return -ENOMEM;
		uint32_t n = 0;
		while (f->p < f->end && !f->bad) {
			int32_t nr = scf_get_svarint32(f);
			uint64_t len = scf_get_varint(f);
			const uint8_t *s = scf_get_bytes(f, len);
			if (f->bad)
				break;
			t[n].nr = nr;
			t[n].name = keep_string(r, s, len);
			if (!t[n].name)
				return -ENOMEM;
			n++;
		}
		/* sorted, so that scf_meta_syscall_name can search it */
		qsort(t, n, sizeof(*t), cmp_syscall);
		m->nsyscalls = n;
		m->syscalls = t;
		return 0;
	}
	}
	f->p = f->end; /* a newer writer's field */
	return 0;
}

static int trailer_field(struct scf_reader *r, uint64_t tag, struct scf_cursor *f)
{
	struct scf_trailer *t = &r->trailer;
	switch (tag) {
	case SCF_TRAILER_END_TIME:
		t->end_time = field_varint(f);
		return 0;
	case SCF_TRAILER_SAMPLES:
		t->samples = field_varint(f);
		return 0;
	case SCF_TRAILER_CALLS:
		t->calls = field_varint(f);
		return 0;
	case SCF_TRAILER_LOST:
		t->lost = field_varint(f);
		return 0;
	case SCF_TRAILER_LOST_PER_CPU: {
		uint64_t *v = keep(r, scf_cursor_left(f) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		uint32_t n = 0;
		while (f->p < f->end && !f->bad)
			v[n++] = scf_get_varint(f);
		t->ncpus = n;
		t->lost_per_cpu = v;
		return 0;
	}
	}
	f->p = f->end;
	return 0;
}

/* ---- SYMBOLS ---- */

static int symbols_field(struct scf_reader *r, uint64_t tag, struct scf_cursor *f)
{
	struct scf_symtab *t = &r->symtabs[r->nsymtabs];
	switch (tag) {
	case SCF_SYMBOLS_BUILD_ID: {
		size_t n = scf_cursor_left(f);
		if (n > SCF_BUILD_ID_MAX)
			return -EBADMSG;
		memcpy(t->build_id, f->p, n);
		t->build_id_size = (uint8_t)n;
		f->p = f->end;
		return 0;
	}
	case SCF_SYMBOLS_PATH:
		return field_string(r, f, &t->path);
	case SCF_SYMBOLS_E_TYPE: {
		uint64_t v = field_varint(f);
		if (v > UINT16_MAX)
			f->bad = true;
		t->e_type = (uint16_t)v;
		return 0;
	}
	case SCF_SYMBOLS_LOAD_VADDR:
		t->load_vaddr = field_varint(f);
		return 0;
	case SCF_SYMBOLS_LOAD_OFFSET:
		t->load_offset = field_varint(f);
		return 0;
	case SCF_SYMBOLS_SYMS: {
		uint64_t n = scf_get_varint(f);
		/* each symbol takes 3 bytes at least, each name one more here */
		size_t left = scf_cursor_left(f);
		if (f->bad || n > left / 3)
			return -EBADMSG;
		/* a small file can say it holds millions of empty symbols:
		 * bound what all of them take */
		size_t need = n * sizeof(struct scf_symbol) + left;
		if (need > SCF_SYMTABS_MEM_MAX - r->symtabs_mem)
			return -ENOMEM;
		struct scf_symbol *syms = keep(r, need);
		if (!syms)
			return -ENOMEM;
		r->symtabs_mem += need;
		char *names = (char *)(syms + n);
		uint64_t start = 0;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t delta = scf_get_varint(f);
			if (start + delta < start)
				return -EBADMSG;
			start += delta;
			syms[i].start = start;
			syms[i].size = scf_get_varint(f);
			uint64_t len = scf_get_varint(f);
			const uint8_t *name = scf_get_bytes(f, len);
			if (f->bad)
				return -EBADMSG;
			memcpy(names, name, len);
			names[len] = '\0';
			syms[i].name = names;
			names += len + 1;
		}
		if (f->p != f->end)
			return -EBADMSG;
		t->nsyms = n;
		t->syms = syms;
		return 0;
	}
	}
	f->p = f->end;
	return 0;
}

/* ---- KSYMS ---- */

static int cmp_ksym_start(const void *a, const void *b)
{
	const struct scf_ksym *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static int ksyms_field(struct scf_reader *r, uint64_t tag, struct scf_cursor *f)
{
	if (tag != SCF_KSYMS_SYMS) {
		f->p = f->end;
		return 0;
	}
	uint64_t n = scf_get_varint(f);
	size_t left = scf_cursor_left(f);
	/* each symbol takes 4 bytes at least */
	if (f->bad || n > left / 4)
		return -EBADMSG;
	size_t need = (r->nksyms + n) * sizeof(struct scf_ksym);
	if (need + 2 * left > SCF_SYMTABS_MEM_MAX - r->symtabs_mem)
		return -ENOMEM;
	struct scf_ksym *v = keep(r, need);
	char *names = keep(r, 2 * left + 2);
	if (!v || !names)
		return -ENOMEM;
	r->symtabs_mem += need + 2 * left;
	if (r->nksyms)
		memcpy(v, r->ksyms, r->nksyms * sizeof(*v));
	struct scf_ksym *k = v + r->nksyms;
	uint64_t start = 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t delta = scf_get_varint(f);
		if (start + delta < start)
			return -EBADMSG;
		start += delta;
		k[i].start = start;
		k[i].size = scf_get_varint(f);
		for (int s = 0; s < 2; s++) {
			uint64_t len = scf_get_varint(f);
			const uint8_t *b = scf_get_bytes(f, len);
			if (f->bad)
				return -EBADMSG;
			memcpy(names, b, len);
			names[len] = '\0';
			if (s)
				k[i].module = names;
			else
				k[i].name = names;
			names += len + 1;
		}
	}
	if (f->p != f->end)
		return -EBADMSG;
	r->nksyms += n;
	r->ksyms = v;
	qsort(r->ksyms, r->nksyms, sizeof(*v), cmp_ksym_start);
	return 0;
}

size_t scf_reader_nksyms(const struct scf_reader *r)
{
	return r->nksyms;
}

const struct scf_ksym *scf_reader_ksyms(const struct scf_reader *r)
{
	return r->ksyms;
}

const struct scf_ksym *scf_reader_ksym(const struct scf_reader *r, uint64_t addr)
{
	size_t lo = 0, hi = r->nksyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->ksyms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const struct scf_ksym *k = &r->ksyms[lo - 1];
	/* without a size, the function runs to the next one */
	if (k->size ? addr - k->start < k->size : lo < r->nksyms || addr - k->start < 1u << 20)
		return k;
	return NULL;
}

static int read_symtab(struct scf_reader *r)
{
	if (r->nsymtabs == r->symtabs_cap) {
		size_t cap = r->symtabs_cap ? 2 * r->symtabs_cap : 16;
		struct scf_symtab *t = realloc(r->symtabs, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		r->symtabs = t;
		struct scf_chunk_info *ci = realloc(r->symtab_chunks, cap * sizeof(*ci));
		if (!ci)
			return -ENOMEM;
		r->symtab_chunks = ci;
		r->symtabs_cap = cap;
	}
	memset(&r->symtabs[r->nsymtabs], 0, sizeof(r->symtabs[0]));
	int err = read_fields(r, symbols_field);
	if (err)
		return err;
	r->symtab_chunks[r->nsymtabs++] = r->chunk;
	return 0;
}

/* ---- open ---- */

static int read_header(struct scf_reader *r)
{
	uint8_t h[SCF_HEADER_SIZE];
	ssize_t got = read_full(r->fd, h, sizeof(h));
	if (got < 0)
		return (int)got;
	if (got < SCF_MAGIC_LEN || memcmp(h, SCF_MAGIC, SCF_MAGIC_LEN))
		return -ENODATA;
	if (got < SCF_HEADER_SIZE || scf_get_le32(h + 28) != scf_header_sum(h))
		return -EBADMSG;
	uint16_t version = scf_get_le16(h + 8);
	uint16_t min_version = scf_get_le16(h + 10);
	uint32_t header_size = scf_get_le32(h + 12);
	if (!version || !min_version || min_version > version || header_size < SCF_HEADER_SIZE)
		return -EBADMSG;
	uint64_t incompat = scf_get_le64(h + 16);
	if (min_version > SCF_VERSION || (incompat & ~SCF_INCOMPAT_KNOWN))
		return -ENOTSUP;
	r->header = (struct scf_header_info){ version, min_version, header_size, incompat };
	r->pos = SCF_HEADER_SIZE;
	/* a newer header's extra fields */
	while (r->pos < header_size) {
		uint8_t skip[4096];
		size_t n = header_size - r->pos < sizeof(skip) ? header_size - r->pos : sizeof(skip);
		got = read_full(r->fd, skip, n);
		if (got < 0)
			return (int)got;
		if ((size_t)got < n)
			return -EBADMSG;
		r->pos += n;
	}
	return 0;
}

int scf_reader_open(const char *path, struct scf_reader **out)
{
	*out = NULL;
	struct scf_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		int err = -errno;
		free(r);
		return err;
	}
	update_size(r);
	int err = -ENOMEM;
	r->dctx = ZSTD_createDCtx();
	if (!r->dctx)
		goto fail;
	/* The chunk checksum already covers the compressed payload, and
	 * decompression is deterministic: summing the output again (the
	 * frame's content checksum) took 2-3% of `scprof report`. */
	if (ZSTD_isError(ZSTD_DCtx_setParameter(r->dctx, ZSTD_d_forceIgnoreChecksum,
						 ZSTD_d_ignoreChecksum)))
		goto fail;
	err = read_header(r);
	if (err)
		goto fail;
	/* The metadata comes first.  A file cut inside it holds nothing. */
	err = load_chunk(r);
	if (err == 0 || (err > 0 && r->chunk.type != SCF_CHUNK_META))
		err = -EBADMSG;
	if (err < 0)
		goto fail;
	r->meta.recorder_kind = SCF_RECORDER_TRACEPOINT; /* unless it says */
	err = read_fields(r, meta_field);
	if (err)
		goto fail;
	/* counter values need the counters' list, and only they set the bit */
	if (!(r->header.incompat & SCF_INCOMPAT_COUNTERS) != !r->meta.ncounters) {
		err = -EBADMSG;
		goto fail;
	}
	/* the same for off-CPU times: feature and incompat bit together */
	if (!(r->header.incompat & SCF_INCOMPAT_OFFCPU) != !(r->meta.features & SCF_FEAT_OFFCPU)) {
		err = -EBADMSG;
		goto fail;
	}
	*out = r;
	return 0;
fail:
	scf_reader_close(r);
	return err;
}

const struct scf_meta *scf_reader_meta(const struct scf_reader *r)
{
	return &r->meta;
}

/* ---- events ---- */

static int copy_string(struct scf_reader *r, struct scf_cursor *c, uint64_t len,
		       const char **out)
{
	const uint8_t *s = scf_get_bytes(c, len);
	if (!s)
		return -EBADMSG;
	int err = grow((void **)&r->str, &r->str_cap, len + 1);
	if (err)
		return err;
	memcpy(r->str, s, len);
	r->str[len] = '\0';
	*out = r->str;
	return 0;
}

/* A CALL's captures (FORMAT.md): into r->caps, data left in place. */
static int decode_captures(struct scf_reader *r, struct scf_cursor *c, struct scf_call *call)
{
	uint64_t n = scf_get_varint(c);
	if (c->bad || n == 0 || n > SCF_MAX_ARGS)
		return -EBADMSG;
	int prev_arg = -1;
	for (uint64_t i = 0; i < n; i++) {
		struct scf_capture *cap = &r->caps[i];
		cap->arg = scf_get_u8(c);
		cap->kind = scf_get_u8(c);
		uint64_t flags = scf_get_varint(c);
		uint64_t len = scf_get_varint(c);
		if (c->bad || (int)cap->arg <= prev_arg || cap->arg >= SCF_MAX_ARGS ||
		    !scf_capture_kind_name(cap->kind) ||
		    flags & ~(uint64_t)(SCF_CAP_TRUNCATED | SCF_CAP_FAULT | SCF_CAP_AT_EXIT) ||
		    (flags & SCF_CAP_FAULT && len) || len > SCF_CAPTURE_MAX)
			return -EBADMSG;
		cap->flags = (uint16_t)flags;
		cap->len = (uint32_t)len;
		cap->data = len ? scf_get_bytes(c, len) : NULL;
		if (c->bad || scf_capture_check(cap) < 0)
			return -EBADMSG; /* whole elements, as the printers take them */
		prev_arg = cap->arg;
	}
	call->ncaptures = (uint32_t)n;
	call->captures = r->caps;
	return 0;
}

/* A call's off-CPU part (after its counters): see FORMAT.md. */
static int decode_offcpu(struct scf_reader *r, struct scf_cursor *c, struct scf_call *call)
{
	struct scf_offcpu *o = &r->offcpu;
	memset(o, 0, sizeof(*o));
	o->flags = scf_get_varint32(c);
	o->switches = scf_get_varint32(c);
	o->blocked = scf_get_varint(c);
	o->runnable = scf_get_varint(c);
	o->longest = scf_get_varint(c);
	uint64_t id = scf_get_varint(c);
	if (c->bad || (o->flags & ~SCF_OFFCPU_KNOWN) || o->blocked > call->duration ||
	    o->runnable > call->duration - o->blocked || o->longest > o->blocked ||
	    id > (uint64_t)r->nkst + 1)
		return -EBADMSG;
	if (id && id == (uint64_t)r->nkst + 1) {
		/* a stack this chunk had not defined: defined here */
		uint64_t n = scf_get_varint(c);
		if (c->bad || !n || n > SCF_MAX_KIPS || n > scf_cursor_left(c) ||
		    r->nkst >= SCF_KSTACKS_MAX)
			return -EBADMSG;
		if (r->nkst == r->kst_cap) {
			uint32_t cap = r->kst_cap ? 2 * r->kst_cap : 256;
			size_t *off = realloc(r->kst_off, cap * sizeof(*off));
			if (!off)
				return -ENOMEM;
			r->kst_off = off;
			uint32_t *k = realloc(r->kst_n, cap * sizeof(*k));
			if (!k)
				return -ENOMEM;
			r->kst_n = k;
			r->kst_cap = cap;
		}
		int err = grow((void **)&r->kframes, &r->kframes_cap,
			       (r->nkframes + n) * sizeof(uint64_t));
		if (err)
			return err;
		uint64_t ip = 0;
		for (uint64_t i = 0; i < n; i++) {
			ip += (uint64_t)scf_get_svarint(c);
			r->kframes[r->nkframes + i] = ip;
		}
		if (c->bad)
			return -EBADMSG;
		r->kst_off[r->nkst] = r->nkframes;
		r->kst_n[r->nkst] = (uint32_t)n;
		r->nkst++;
		r->nkframes += n;
	}
	if (id) {
		o->nkips = r->kst_n[id - 1];
		o->kips = r->kframes + r->kst_off[id - 1];
	}
	if (o->flags & SCF_OFFCPU_WAKER) {
		o->waker_pid = scf_get_svarint32(c);
		o->waker_tid = scf_get_svarint32(c);
		uint64_t len = scf_get_varint(c);
		const uint8_t *s = scf_get_bytes(c, len);
		if (c->bad || len > SCF_COMM_LEN - 1)
			return -EBADMSG;
		memcpy(o->waker_comm, s, len);
		o->waker_comm[len] = '\0';
	}
	call->offcpu = o;
	return 0;
}

static int decode_call(struct scf_reader *r, struct scf_cursor *c, uint8_t flags,
		       struct scf_call *call, uint64_t time)
{
	uint8_t known = SCF_KIND_SAME_TASK | SCF_KIND_HAS_STACK | SCF_KIND_HAS_USTACK;
	if (r->header.incompat & SCF_INCOMPAT_CAPTURES)
		known |= SCF_KIND_HAS_CAPTURES;
	if (flags & ~(known >> 4))
		return -EBADMSG;
	call->duration = scf_get_varint(c);
	if (call->duration > time)
		return -EBADMSG;
	call->start = time - call->duration;
	if (flags & (SCF_KIND_SAME_TASK >> 4)) {
		call->pid = r->prev_pid;
		call->tid = r->prev_tid;
	} else {
		call->pid = r->prev_pid = scf_get_svarint32(c);
		call->tid = r->prev_tid = scf_get_svarint32(c);
	}
	call->cpu = scf_get_varint32(c);
	call->flags = scf_get_varint32(c);
	call->nr = scf_get_svarint32(c);
	if (c->bad)
		return -EBADMSG;
	static const uint64_t zero[SCF_MAX_ARGS + 1];
	bool tracked = call->nr >= 0 && call->nr < SCF_DELTA_NRS;
	const uint64_t *prev = tracked ? r->prev_args[call->nr] : zero;
	uint8_t mask = scf_get_u8(c);
	if (mask >> SCF_MAX_ARGS)
		return -EBADMSG;
	for (int i = 0; i < SCF_MAX_ARGS; i++)
		call->args[i] = prev[i] + (mask & (1u << i) ? (uint64_t)scf_get_svarint(c) : 0);
	uint64_t prev_ret = tracked ? r->prev_ret[call->nr] : 0;
	call->ret = (int64_t)(prev_ret + (uint64_t)scf_get_svarint(c));
	if (c->bad)
		return -EBADMSG;
	if (tracked) {
		memcpy(r->prev_args[call->nr], call->args, sizeof(call->args));
		r->prev_ret[call->nr] = (uint64_t)call->ret;
		r->used[call->nr / 64] |= 1ull << (call->nr % 64);
	}
	/* the fast path keeps no argument state then: these are not right */
	if (r->skip_args)
		memset(call->args, 0, sizeof(call->args));
	call->nips = 0;
	call->ips = NULL;
	if (flags & (SCF_KIND_HAS_STACK >> 4)) {
		uint64_t n = scf_get_varint(c);
		/* each ip takes at least a byte */
		if (c->bad || n > SCF_MAX_IPS || n > scf_cursor_left(c))
			return -EBADMSG;
		int err = grow((void **)&r->ips, &r->ips_cap, n * sizeof(uint64_t));
		if (err)
			return err;
		uint64_t ip = 0;
		for (uint64_t i = 0; i < n; i++) {
			ip += (uint64_t)scf_get_svarint(c);
			r->ips[i] = ip;
		}
		call->nips = (uint32_t)n;
		call->ips = r->ips;
	}
	call->regs_mask = 0;
	call->nregs = 0;
	call->regs = NULL;
	call->stack_size = 0;
	call->stack = NULL;
	if (flags & (SCF_KIND_HAS_USTACK >> 4)) {
		if (!r->prev_regs) {
			r->prev_regs = calloc(SCF_DELTA_NRS, sizeof(*r->prev_regs));
			if (!r->prev_regs)
				return -ENOMEM;
		}
		uint64_t rest = scf_get_varint(c);
		call->regs_mask = rest;
		for (uint32_t i = 0; rest; i++, rest &= rest - 1) {
			unsigned reg = (unsigned)__builtin_ctzll(rest);
			uint64_t v = (tracked ? r->prev_regs[call->nr][reg] : 0) +
				     (uint64_t)scf_get_svarint(c);
			if (tracked)
				r->prev_regs[call->nr][reg] = v;
			r->regs[i] = v;
			call->nregs = i + 1;
		}
		call->regs = call->nregs ? r->regs : NULL;
		uint64_t size = scf_get_varint(c);
		if (c->bad || size > SCF_STACK_MAX)
			return -EBADMSG;
		call->stack_size = (uint32_t)size;
		call->stack = size ? scf_get_bytes(c, size) : NULL;
		if (c->bad)
			return -EBADMSG;
	}
	call->ncaptures = 0;
	call->captures = NULL;
	if (flags & (SCF_KIND_HAS_CAPTURES >> 4)) {
		int err = decode_captures(r, c, call);
		if (err)
			return err;
	}
	call->ncounters = 0;
	call->counters = NULL;
	call->counters_scaled = 0;
	if (call->flags & SCF_CALL_HAS_COUNTERS) {
		uint32_t n = r->meta.ncounters;
		if (!n)
			return -EBADMSG;
		call->flags &= ~SCF_CALL_HAS_COUNTERS;
		for (uint32_t i = 0; i < n; i++)
			r->counters[i] = scf_get_varint(c);
		call->counters_scaled = scf_get_varint32(c);
		if (c->bad || (n < 32 && call->counters_scaled >> n))
			return -EBADMSG;
		call->ncounters = n;
		call->counters = r->counters;
	}
	call->offcpu = NULL;
	if (call->flags & SCF_CALL_HAS_OFFCPU) {
		if (!(r->header.incompat & SCF_INCOMPAT_OFFCPU))
			return -EBADMSG;
		call->flags &= ~SCF_CALL_HAS_OFFCPU;
		int err = decode_offcpu(r, c, call);
		if (err)
			return err;
	}
	return 0;
}

/* The last step of decoding a record that ends at end and is stamped
 * time: the chunk header must agree with its records (first and last
 * time, the last record ending the payload).  Returns 1, or -EBADMSG. */
static int end_record(struct scf_reader *r, uint64_t time, const uint8_t *end)
{
	if (r->left == r->chunk.count && time != r->chunk.first_time)
		return -EBADMSG;
	if (--r->left == 0 && (time != r->chunk.last_time || end != r->cur.end))
		return -EBADMSG;
	r->prev_time = time;
	r->last_time = time;
	return 1;
}

static int decode_record(struct scf_reader *r, struct scf_event *ev)
{
	struct scf_cursor *c = &r->cur;
	uint8_t kind = scf_get_u8(c);
	uint8_t flags = kind >> 4;
	uint64_t time = r->prev_time + (uint64_t)scf_get_svarint(c);
	if (c->bad || time < r->last_time)
		return -EBADMSG;
	memset(ev, 0, sizeof(*ev));
	ev->type = (enum scf_event_type)(kind & 0x0f);
	ev->time = time;
	int err = 0;
	switch (ev->type) {
	case SCF_EV_CALL:
		err = decode_call(r, c, flags, &ev->call, time);
		break;
	case SCF_EV_COMM: {
		if (flags & ~(SCF_KIND_EXEC >> 4))
			return -EBADMSG;
		ev->comm.exec = flags & (SCF_KIND_EXEC >> 4);
		ev->comm.pid = scf_get_svarint32(c);
		ev->comm.tid = scf_get_svarint32(c);
		uint64_t len = scf_get_varint(c);
		if (len >= SCF_COMM_LEN)
			return -EBADMSG;
		const uint8_t *s = scf_get_bytes(c, len);
		if (s)
			memcpy(ev->comm.comm, s, len);
		break;
	}
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		if (flags)
			return -EBADMSG;
		ev->task.pid = scf_get_svarint32(c);
		ev->task.ppid = scf_get_svarint32(c);
		ev->task.tid = scf_get_svarint32(c);
		ev->task.ptid = scf_get_svarint32(c);
		break;
	case SCF_EV_MMAP: {
		struct scf_mmap *m = &ev->mmap;
		if (flags)
			return -EBADMSG;
		m->pid = scf_get_svarint32(c);
		m->tid = scf_get_svarint32(c);
		m->addr = scf_get_varint(c);
		m->len = scf_get_varint(c);
		m->pgoff = scf_get_varint(c);
		m->prot = scf_get_varint32(c);
		m->flags = scf_get_varint32(c);
		m->build_id_size = scf_get_u8(c);
		if (m->build_id_size > SCF_BUILD_ID_MAX)
			return -EBADMSG;
		const uint8_t *id = scf_get_bytes(c, m->build_id_size);
		if (id)
			memcpy(m->build_id, id, m->build_id_size);
		uint64_t len = scf_get_varint(c);
		if (c->bad)
			return -EBADMSG;
		err = copy_string(r, c, len, &m->filename);
		break;
	}
	case SCF_EV_LOST:
		if (flags)
			return -EBADMSG;
		ev->lost.cpu = scf_get_varint32(c);
		ev->lost.count = scf_get_varint(c);
		break;
	case SCF_EV_CMDLINE: {
		if (flags)
			return -EBADMSG;
		ev->cmdline.pid = scf_get_svarint32(c);
		uint64_t len = scf_get_varint(c);
		if (c->bad || len > scf_cursor_left(c) || (len && c->p[len - 1] != '\0'))
			return -EBADMSG;
		ev->cmdline.len = (uint32_t)len;
		err = copy_string(r, c, len, &ev->cmdline.argv);
		break;
	}
	default:
		return -EBADMSG;
	}
	if (err)
		return err;
	if (c->bad)
		return -EBADMSG;

	return end_record(r, time, c->p);
}

/* One entry of an FDS chunk (FORMAT.md): its length, then its fields;
 * bytes past the fields known here are a newer writer's, skipped. */
static int decode_fd(struct scf_reader *r, struct scf_event *ev)
{
	struct scf_cursor *c = &r->cur;
	uint64_t len = scf_get_varint(c);
	if (c->bad || len > scf_cursor_left(c))
		return -EBADMSG;
	struct scf_cursor e = { c->p, c->p + len, false };
	c->p += len;
	uint64_t time = r->prev_time + (uint64_t)scf_get_svarint(&e);
	memset(ev, 0, sizeof(*ev));
	ev->type = SCF_EV_FD;
	ev->time = time;
	struct scf_fd *d = &ev->fd;
	d->pid = scf_get_svarint32(&e);
	d->fd = scf_get_svarint32(&e);
	d->flags = scf_get_varint32(&e) & SCF_FD_CLOEXEC; /* others: a newer writer's */
	uint64_t n = scf_get_varint(&e);
	if (e.bad || time < r->last_time || (d->fd < 0 && d->fd != SCF_FD_CWD) || !n ||
	    n > SCF_FD_NAME_MAX || n > scf_cursor_left(&e) || memchr(e.p, 0, n))
		return -EBADMSG;
	d->len = (uint32_t)n;
	int err = copy_string(r, &e, n, &d->name);
	if (err)
		return err;
	return end_record(r, time, c->p);
}

/* The delta state of a new chunk: all 0 (only the numbers used). */
static void reset_deltas(struct scf_reader *r)
{
	for (unsigned i = 0; i < SCF_DELTA_NRS / 64; i++) {
		for (uint64_t bits = r->used[i]; bits; bits &= bits - 1) {
			unsigned nr = i * 64 + (unsigned)__builtin_ctzll(bits);
			memset(r->prev_args[nr], 0, sizeof(r->prev_args[nr]));
			r->prev_ret[nr] = 0;
			if (r->prev_regs)
				memset(r->prev_regs[nr], 0, sizeof(r->prev_regs[nr]));
		}
		r->used[i] = 0;
	}
}

/* Load chunks until one with records, the trailer or the end. */
static int next_chunk(struct scf_reader *r)
{
	for (;;) {
		int rc = load_chunk(r);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			r->truncated = true;
			r->done = true;
			return 0;
		}
		switch (r->chunk.type) {
		case SCF_CHUNK_META:
			return -EBADMSG;
		case SCF_CHUNK_TRAILER:
			rc = read_fields(r, trailer_field);
			if (rc)
				return rc;
			r->have_trailer = true;
			r->done = true;
			return 0;
		case SCF_CHUNK_SYMBOLS:
			rc = read_symtab(r);
			if (rc)
				return rc;
			continue;
		case SCF_CHUNK_KSYMS:
			rc = read_fields(r, ksyms_field);
			if (rc)
				return rc;
			continue;
		case SCF_CHUNK_EVENTS:
		case SCF_CHUNK_FDS:
			if (r->skipping)
				continue;
			if (!r->chunk.count) {
				if (r->chunk.rsize)
					return -EBADMSG;
				continue;
			}
			r->cur = (struct scf_cursor){ r->rbuf, r->rbuf + r->chunk.rsize, false };
			r->left = r->chunk.count;
			r->prev_time = 0;
			if (r->chunk.type == SCF_CHUNK_FDS)
				return 1;
			r->prev_pid = r->prev_tid = 0;
			reset_deltas(r);
			r->nkst = 0;
			r->nkframes = 0;
			return 1;
		}
	}
}

/*
 * Step over one varint per bit set in mask at p, as scf_read_varint
 * would (p as there: with RBUF_PAD readable bytes), without decoding
 * them.  With SSE2, when they all end within 32 bytes, from the bytes'
 * high bits at once: no loop over bytes, no branch on their lengths.
 */
static const uint8_t *skip_varints(const uint8_t *p, unsigned mask, bool *bad)
{
	if (!mask)
		return p;
#ifdef __SSE2__
	__m128i lo = _mm_loadu_si128((const void *)p), hi = _mm_loadu_si128((const void *)(p + 16));
	/* bit i set: p[i] continues a varint (its high bit is set) */
	uint32_t cont = (uint32_t)_mm_movemask_epi8(lo) | (uint32_t)_mm_movemask_epi8(hi) << 16;
	/* p[i] is 2..127: not the last byte of a 10-byte varint */
	__m128i one = _mm_set1_epi8(1);
	uint32_t big = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(lo, one)) |
		       (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(hi, one)) << 16;
	/* bit i: p[i..i+8] all continue, so p[i+9] must be the last byte
	 * of a 10-byte varint, and that is 0 or 1 */
	uint32_t run9 = cont & cont >> 1;
	run9 &= run9 >> 2;
	run9 &= run9 >> 4;
	run9 &= cont >> 8;
	/* a varint of 11 bytes or more, or of 10 ending in 2..127; looked
	 * for in all 32 bytes: what follows the arguments seldom looks so,
	 * and then only takes the loop below */
	uint32_t malformed = run9 & (run9 >> 1 | big >> 9);
	/* the ends of varints, less all but the last one's */
	uint32_t last = ~cont;
	for (unsigned m = mask & (mask - 1); m; m &= m - 1)
		last &= last - 1;
	if (last && !malformed)
		return p + __builtin_ctz(last) + 1;
#endif
	for (; mask; mask &= mask - 1)
		scf_read_varint(&p, bad);
	return p;
}

/*
 * decode_record for the common record, a CALL without stacks (kind 0x01,
 * SAME_TASK or not), in straight-line code: the payload's padding lets it
 * read without bounds checks, it fills only the call (no memset of the
 * whole event) and it checks the values at the end.  It takes what
 * decode_record takes and returns what it would return.
 */
static int decode_call_fast(struct scf_reader *r, struct scf_event *ev)
{
	const uint8_t *p = r->cur.p;
	bool bad = false;
	uint8_t kind = *p++;
	uint64_t time = r->prev_time + (uint64_t)scf_unzigzag(scf_read_varint(&p, &bad));
	uint64_t duration = scf_read_varint(&p, &bad);
	int64_t pid = r->prev_pid, tid = r->prev_tid;
	if (!(kind & SCF_KIND_SAME_TASK)) {
		pid = scf_unzigzag(scf_read_varint(&p, &bad));
		tid = scf_unzigzag(scf_read_varint(&p, &bad));
	}
	uint64_t cpu = scf_read_varint(&p, &bad);
	uint64_t flags = scf_read_varint(&p, &bad);
	int64_t nr = scf_unzigzag(scf_read_varint(&p, &bad));
	unsigned mask = *p++;
	/* one test for all: | rather than || */
	bad |= (time < r->last_time) | (duration > time) | (pid != (int32_t)pid) |
	       (tid != (int32_t)tid) | ((cpu | flags) > UINT32_MAX) | (nr != (int32_t)nr) |
	       (mask >> SCF_MAX_ARGS != 0);
	if (__builtin_expect(bad, 0))
		return -EBADMSG;

	/* numbers outside the delta range start from 0 and keep nothing */
	uint64_t scratch[SCF_MAX_ARGS + 1];
	uint64_t *prev = scratch, *prev_ret = &scratch[SCF_MAX_ARGS];
	if ((uint64_t)nr < SCF_DELTA_NRS) {
		prev = r->prev_args[nr];
		prev_ret = &r->prev_ret[nr];
		r->used[nr / 64] |= 1ull << (nr % 64);
	} else {
		memset(scratch, 0, sizeof(scratch));
	}
	if (r->skip_args) {
		p = skip_varints(p, mask, &bad);
	} else {
		for (; mask; mask &= mask - 1)
			prev[__builtin_ctz(mask)] +=
				(uint64_t)scf_unzigzag(scf_read_varint(&p, &bad));
	}
	*prev_ret += (uint64_t)scf_unzigzag(scf_read_varint(&p, &bad));
	if (bad || p > r->cur.end)
		return -EBADMSG;

	int rc = end_record(r, time, p);
	if (rc < 0)
		return rc;
	r->cur.p = p;
	if (!(kind & SCF_KIND_SAME_TASK)) {
		r->prev_pid = (int32_t)pid;
		r->prev_tid = (int32_t)tid;
	}

	ev->type = SCF_EV_CALL;
	ev->time = time;
	struct scf_call *c = &ev->call;
	c->start = time - duration;
	c->duration = duration;
	c->pid = (int32_t)pid;
	c->tid = (int32_t)tid;
	c->cpu = (uint32_t)cpu;
	c->flags = (uint32_t)flags;
	c->nr = (int32_t)nr;
	c->ret = (int64_t)*prev_ret;
	if (r->skip_args)
		memset(c->args, 0, sizeof(c->args));
	else
		memcpy(c->args, prev, sizeof(c->args));
	c->nips = 0;
	c->ips = NULL;
	c->regs_mask = 0;
	c->nregs = 0;
	c->regs = NULL;
	c->stack_size = 0;
	c->stack = NULL;
	c->ncaptures = 0;
	c->captures = NULL;
	c->ncounters = 0;
	c->counters = NULL;
	c->counters_scaled = 0;
	c->offcpu = NULL;
	return 1;
}

int scf_reader_next(struct scf_reader *r, struct scf_event *ev)
{
	if (r->error)
		return r->error;
	int rc;
	if (!r->left) {
		if (r->done)
			return 0;
		if ((rc = next_chunk(r)) <= 0)
			goto out;
	}
	/* a CALL without stacks, bits 5-7 clear: kind & 0xef == 0x01; the
	 * padding makes *r->cur.p readable even at the payload's end */
	if (r->chunk.type == SCF_CHUNK_FDS)
		rc = decode_fd(r, ev);
	else if ((r->cur.p[0] & (uint8_t)~SCF_KIND_SAME_TASK) == SCF_EV_CALL && !r->meta.ncounters &&
		 !(r->header.incompat & SCF_INCOMPAT_OFFCPU))
		rc = decode_call_fast(r, ev);
	else
		rc = decode_record(r, ev);
out:
	if (rc < 0)
		r->error = rc;
	return rc;
}

void scf_reader_skip_args(struct scf_reader *r)
{
	r->skip_args = true;
}

int scf_reader_skip_events(struct scf_reader *r)
{
	if (r->error)
		return r->error;
	if (r->done)
		return 0;
	r->skipping = true;
	r->left = 0;
	int rc = next_chunk(r);
	if (rc < 0)
		r->error = rc;
	return rc;
}

const struct scf_trailer *scf_reader_trailer(const struct scf_reader *r)
{
	return r->have_trailer ? &r->trailer : NULL;
}

bool scf_reader_truncated(const struct scf_reader *r)
{
	return r->truncated;
}

uint64_t scf_reader_offset(const struct scf_reader *r)
{
	return r->chunk.offset;
}

void scf_reader_chunk(const struct scf_reader *r, struct scf_chunk_info *ci)
{
	*ci = r->chunk;
}

void scf_reader_header(const struct scf_reader *r, struct scf_header_info *h)
{
	*h = r->header;
}

size_t scf_reader_nsymtabs(const struct scf_reader *r)
{
	return r->nsymtabs;
}

const struct scf_symtab *scf_reader_symtab(const struct scf_reader *r, size_t i)
{
	return i < r->nsymtabs ? &r->symtabs[i] : NULL;
}

void scf_reader_symtab_chunk(const struct scf_reader *r, size_t i, struct scf_chunk_info *ci)
{
	if (i < r->nsymtabs)
		*ci = r->symtab_chunks[i];
	else
		memset(ci, 0, sizeof(*ci));
}

void scf_reader_close(struct scf_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	ZSTD_freeDCtx(r->dctx);
	for (size_t i = 0; i < r->nallocs; i++)
		free(r->allocs[i]);
	free(r->allocs);
	free(r->symtabs);
	free(r->symtab_chunks);
	free(r->prev_regs);
	free(r->cbuf);
	free(r->rbuf);
	free(r->ips);
	free(r->str);
	free(r->kframes);
	free(r->kst_off);
	free(r->kst_n);
	free(r);
}
