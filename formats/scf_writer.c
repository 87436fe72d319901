/*
 * scf_writer.c - writes a recording (formats/FORMAT.md).
 *
 * The caller's thread encodes events into a raw chunk buffer; a full (or
 * cut) buffer goes on a bounded queue to one background thread that
 * compresses it, frames it as a chunk and writes it.  SCF_WRITER_BUFS raw
 * buffers exist in all: one being filled, the rest queued or being
 * written; when none is free, the caller waits, so memory stays bounded
 * whatever the disk does.  The first write error is sticky: the thread
 * drops every later buffer and each call returns the error.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"

/* Level 1: on a dd-like stream (10 raw bytes a call, jittered times) it
 * gives 3.6 bytes a call against level 3's 3.8, and its thread keeps up
 * with about 19M calls/s against 15M on a 2-core machine. */
#ifndef SCF_ZSTD_LEVEL
#define SCF_ZSTD_LEVEL 1
#endif
/* Raw buffers: one filling, up to SCF_WRITER_BUFS - 1 queued or writing. */
#define SCF_WRITER_BUFS 5
/* A raw buffer's usual size: a chunk target plus room for the record that
 * crosses it. */
#define SCF_BUF_CAP (SCF_CHUNK_TARGET + (64u << 10))
/* No single record may be larger (a huge command line, a silly stack). */
#define SCF_RECORD_MAX (16u << 20)

struct scf_buf {
	uint8_t *data;
	size_t len, cap;
	uint8_t type;          /* SCF_CHUNK_* */
	uint32_t count;        /* records or fields */
	uint64_t first_time, last_time;
};

struct kstack_slot {
	uint64_t hash;
	uint32_t id;           /* 1.., 0: empty */
	uint32_t n;            /* frames */
	size_t off;            /* in kframes */
};

struct scf_writer {
	int fd;

	/* Encoder state, used only by the caller's thread. */
	struct scf_buf *cur;   /* chunk being filled, or NULL */
	uint64_t prev_time;    /* delta state, reset per chunk */
	int32_t prev_pid, prev_tid;
	uint64_t last_time;    /* time of the last event in the file */
	bool finished;
	bool captures;         /* SCF_FEAT_CAPTURES: calls may carry captures */
	uint32_t ncounters;    /* SCF_FEAT_COUNTERS: the values a call may carry */
	bool offcpu;           /* SCF_FEAT_OFFCPU: calls may carry off-CPU times */
	/* The chunk's kernel stack table (reset with the chunk): the frames
	 * of each stack defined so far, found by an open-addressing hash. */
	uint64_t *kframes;
	size_t nkframes, kframes_cap;
	struct kstack_slot *kslots;   /* kslots_cap entries, a power of two */
	uint32_t kslots_cap, nkstacks;

	/* Shared with the thread, under lock. */
	pthread_mutex_t lock;
	pthread_cond_t work;   /* a buffer was queued, or stop */
	pthread_cond_t done;   /* a buffer was written (or dropped) */
	struct scf_buf *queue[SCF_WRITER_BUFS];
	unsigned qhead, qlen;
	struct scf_buf *spare[SCF_WRITER_BUFS];
	unsigned nspare;
	bool busy;             /* the thread holds a buffer */
	bool stop;
	int error;             /* sticky -errno; read without lock too */
	uint64_t bytes;        /* atomic */
	pthread_t thread;
	bool thread_started;

	/* The thread's (before it starts: scf_writer_new's). */
	ZSTD_CCtx *cctx;
	uint8_t *out;
	size_t out_cap;

	struct scf_buf bufs[SCF_WRITER_BUFS];

	uint64_t prev_args[SCF_DELTA_NRS][SCF_MAX_ARGS];
	uint64_t prev_ret[SCF_DELTA_NRS];
	/* by syscall number and register number (bit in regs_mask); cleared
	 * for a new chunk only when the last one used it */
	uint64_t prev_regs[SCF_DELTA_NRS][64];
	bool regs_dirty;
};

static int write_all(struct scf_writer *w, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (k == 0)
			return -EIO;
		__atomic_add_fetch(&w->bytes, (uint64_t)k, __ATOMIC_RELAXED);
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Compress b into one chunk and write it.  Runs on the thread, or on the
 * caller's thread before the thread exists. */
static int write_chunk(struct scf_writer *w, const struct scf_buf *b)
{
	size_t need = SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(b->len);
	if (need > w->out_cap) {
		uint8_t *p = realloc(w->out, need);
		if (!p)
			return -ENOMEM;
		w->out = p;
		w->out_cap = need;
	}
	uint8_t *payload = w->out + SCF_CHUNK_HEADER_SIZE;
	size_t csize = ZSTD_compress2(w->cctx, payload, w->out_cap - SCF_CHUNK_HEADER_SIZE,
				      b->data, b->len);
	if (ZSTD_isError(csize))
		return -ENOMEM;
	if (csize > UINT32_MAX || b->len > SCF_MAX_RSIZE)
		return -EFBIG;

	/* The checksum covers header bytes 0..39 then the payload: build
	 * those 40 bytes right before the payload, hash them in one piece,
	 * then move them to the front and put the sum between. */
	uint8_t *h = payload - SCF_CHUNK_SUMMED;
	memcpy(h, SCF_CHUNK_MAGIC, 4);
	h[4] = b->type;
	h[5] = 0;
	scf_put_le16(h + 6, 0);
	scf_put_le32(h + 8, (uint32_t)csize);
	scf_put_le32(h + 12, (uint32_t)b->len);
	scf_put_le32(h + 16, b->count);
	scf_put_le32(h + 20, 0);
	scf_put_le64(h + 24, b->first_time);
	scf_put_le64(h + 32, b->last_time);
	uint64_t sum = ZSTD_XXH64(h, SCF_CHUNK_SUMMED + csize, 0);
	memmove(w->out, h, SCF_CHUNK_SUMMED);
	scf_put_le64(w->out + SCF_CHUNK_SUMMED, sum);
	return write_all(w, w->out, SCF_CHUNK_HEADER_SIZE + csize);
}

static void *writer_thread(void *arg)
{
	struct scf_writer *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->qlen && !w->stop)
			pthread_cond_wait(&w->work, &w->lock);
		if (!w->qlen)
			break;
		struct scf_buf *b = w->queue[w->qhead];
		w->qhead = (w->qhead + 1) % SCF_WRITER_BUFS;
		w->qlen--;
		w->busy = true;
		int failed = w->error;
		pthread_mutex_unlock(&w->lock);

		int err = failed ? 0 : write_chunk(w, b);

		pthread_mutex_lock(&w->lock);
		if (err && !w->error)
			__atomic_store_n(&w->error, err, __ATOMIC_RELAXED);
		b->len = 0;
		w->spare[w->nspare++] = b;
		w->busy = false;
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Queue the chunk being filled, if any.  Never waits: a buffer that
 * exists always has a place in the queue. */
static void close_chunk(struct scf_writer *w)
{
	struct scf_buf *b = w->cur;
	if (!b)
		return;
	w->cur = NULL;
	pthread_mutex_lock(&w->lock);
	w->queue[(w->qhead + w->qlen) % SCF_WRITER_BUFS] = b;
	w->qlen++;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
}

/* Take a free buffer with room for need bytes for a new chunk of type,
 * waiting for the thread if every buffer is in use. */
static int open_chunk(struct scf_writer *w, uint8_t type, size_t need)
{
	pthread_mutex_lock(&w->lock);
	while (!w->nspare && !w->error)
		pthread_cond_wait(&w->done, &w->lock);
	int err = w->error;
	struct scf_buf *b = err ? NULL : w->spare[--w->nspare];
	pthread_mutex_unlock(&w->lock);
	if (err)
		return err;

	size_t cap = need > SCF_BUF_CAP ? need : SCF_BUF_CAP;
	if (b->cap < cap || (b->cap > SCF_BUF_CAP && cap == SCF_BUF_CAP)) {
		/* grow for a huge record; shrink back after one */
		uint8_t *p = realloc(b->data, cap);
		if (!p) {
			pthread_mutex_lock(&w->lock);
			w->spare[w->nspare++] = b;
			pthread_mutex_unlock(&w->lock);
			return -ENOMEM;
		}
		b->data = p;
		b->cap = cap;
	}
	b->len = 0;
	b->type = type;
	b->count = 0;
	b->first_time = b->last_time = 0;
	w->cur = b;

	w->prev_time = 0;
	w->prev_pid = w->prev_tid = 0;
	memset(w->prev_args, 0, sizeof(w->prev_args));
	memset(w->prev_ret, 0, sizeof(w->prev_ret));
	if (w->regs_dirty)
		memset(w->prev_regs, 0, sizeof(w->prev_regs));
	w->regs_dirty = false;
	if (w->nkstacks)
		memset(w->kslots, 0, w->kslots_cap * sizeof(*w->kslots));
	w->nkstacks = 0;
	w->nkframes = 0;
	return 0;
}

static uint64_t kstack_hash(const uint64_t *ips, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ ips[i]) * 0x100000001b3ull;
	return h ? h : 1;
}

/*
 * The id of kernel stack ips[0..n) in the chunk's table: *fresh false
 * when the chunk defined it before; else it is added (*fresh true) and
 * the record defines it.  0 when out of memory.
 */
static uint32_t kstack_id(struct scf_writer *w, const uint64_t *ips, uint32_t n, bool *fresh)
{
	if (2 * (w->nkstacks + 1) > w->kslots_cap) {
		uint32_t cap = w->kslots_cap ? 2 * w->kslots_cap : 256;
		struct kstack_slot *t = calloc(cap, sizeof(*t));
		if (!t)
			return 0;
		for (uint32_t i = 0; i < w->kslots_cap; i++) {
			if (!w->kslots[i].id)
				continue;
			uint32_t j = (uint32_t)w->kslots[i].hash & (cap - 1);
			while (t[j].id)
				j = (j + 1) & (cap - 1);
			t[j] = w->kslots[i];
		}
		free(w->kslots);
		w->kslots = t;
		w->kslots_cap = cap;
	}
	uint64_t h = kstack_hash(ips, n);
	uint32_t j = (uint32_t)h & (w->kslots_cap - 1);
	for (; w->kslots[j].id; j = (j + 1) & (w->kslots_cap - 1)) {
		const struct kstack_slot *k = &w->kslots[j];
		if (k->hash == h && k->n == n && !memcmp(w->kframes + k->off, ips, n * 8)) {
			*fresh = false;
			return k->id;
		}
	}
	if (w->nkframes + n > w->kframes_cap) {
		size_t cap = w->kframes_cap ? 2 * w->kframes_cap : 4096;
		while (cap < w->nkframes + n)
			cap *= 2;
		uint64_t *p = realloc(w->kframes, cap * sizeof(*p));
		if (!p)
			return 0;
		w->kframes = p;
		w->kframes_cap = cap;
	}
	memcpy(w->kframes + w->nkframes, ips, n * 8);
	w->kslots[j] = (struct kstack_slot){ h, ++w->nkstacks, n, w->nkframes };
	w->nkframes += n;
	*fresh = true;
	return w->nkstacks;
}

/* Wait until the queue is empty and the thread idle. */
static int wait_idle(struct scf_writer *w)
{
	pthread_mutex_lock(&w->lock);
	while ((w->qlen || w->busy) && w->thread_started)
		pthread_cond_wait(&w->done, &w->lock);
	int err = w->error;
	pthread_mutex_unlock(&w->lock);
	return err;
}

/* ---- a growable buffer for the META and TRAILER fields ---- */

struct fields {
	uint8_t *p;
	size_t len, cap;
	uint32_t count;
	bool nomem;
};

static uint8_t *fields_room(struct fields *f, size_t n)
{
	if (f->nomem)
		return NULL;
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 256;
		while (cap < f->len + n)
			cap *= 2;
		uint8_t *p = realloc(f->p, cap);
		if (!p) {
			f->nomem = true;
			return NULL;
		}
		f->p = p;
		f->cap = cap;
	}
	return f->p + f->len;
}

static void fields_varint(struct fields *f, uint64_t v)
{
	uint8_t *p = fields_room(f, SCF_VARINT_MAX);
	if (p)
		f->len = (size_t)(scf_put_varint(p, v) - f->p);
}

static void fields_bytes(struct fields *f, const void *s, size_t n)
{
	uint8_t *p = fields_room(f, n);
	if (p && n) {
		memcpy(p, s, n);
		f->len += n;
	}
}

static void field_head(struct fields *f, unsigned tag, size_t len)
{
	fields_varint(f, tag);
	fields_varint(f, len);
	f->count++;
}

static void field_varint(struct fields *f, unsigned tag, uint64_t v)
{
	field_head(f, tag, scf_varint_size(v));
	fields_varint(f, v);
}

static void field_string(struct fields *f, unsigned tag, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	field_head(f, tag, n);
	fields_bytes(f, s, n);
}

static void encode_meta(struct fields *f, const struct scf_meta *m)
{
	field_string(f, SCF_META_RECORDER, m->recorder);
	field_string(f, SCF_META_HOSTNAME, m->hostname);
	field_string(f, SCF_META_KERNEL_RELEASE, m->kernel_release);
	field_string(f, SCF_META_ARCH, m->arch);
	field_varint(f, SCF_META_NCPUS, m->ncpus);
	field_varint(f, SCF_META_CLOCKID, m->clockid);
	field_varint(f, SCF_META_START_TIME, m->start_time);
	field_varint(f, SCF_META_START_REALTIME, m->start_realtime);
	field_varint(f, SCF_META_TARGET, (uint64_t)m->target);
	if (m->argc && m->argv) {
		size_t n = 0;
		for (uint32_t i = 0; i < m->argc; i++)
			n += strlen(m->argv[i] ? m->argv[i] : "") + 1;
		field_head(f, SCF_META_ARGV, n);
		for (uint32_t i = 0; i < m->argc; i++) {
			const char *a = m->argv[i] ? m->argv[i] : "";
			fields_bytes(f, a, strlen(a) + 1);
		}
	}
	if (m->npids && m->pids) {
		size_t n = 0;
		for (uint32_t i = 0; i < m->npids; i++)
			n += scf_varint_size(scf_zigzag(m->pids[i]));
		field_head(f, SCF_META_PIDS, n);
		for (uint32_t i = 0; i < m->npids; i++)
			fields_varint(f, scf_zigzag(m->pids[i]));
	}
	field_string(f, SCF_META_OPTIONS, m->options);
	field_string(f, SCF_META_FILTER, m->filter);
	if (m->nsyscalls && m->syscalls) {
		size_t n = 0;
		for (uint32_t i = 0; i < m->nsyscalls; i++) {
			const char *s = m->syscalls[i].name ? m->syscalls[i].name : "";
			n += scf_varint_size(scf_zigzag(m->syscalls[i].nr));
			n += scf_varint_size(strlen(s)) + strlen(s);
		}
		field_head(f, SCF_META_SYSCALLS, n);
		for (uint32_t i = 0; i < m->nsyscalls; i++) {
			const char *s = m->syscalls[i].name ? m->syscalls[i].name : "";
			fields_varint(f, scf_zigzag(m->syscalls[i].nr));
			fields_varint(f, strlen(s));
			fields_bytes(f, s, strlen(s));
		}
	}
	field_varint(f, SCF_META_FEATURES, m->features);
	if (m->stack_every > 1)
		field_varint(f, SCF_META_STACK_EVERY, m->stack_every);
	if (m->recorder_kind)
		field_varint(f, SCF_META_RECORDER_KIND, m->recorder_kind);
	if ((m->features & SCF_FEAT_OFFCPU) && m->kallsyms)
		field_varint(f, SCF_META_KALLSYMS, m->kallsyms);
	if ((m->features & SCF_FEAT_COUNTERS) && m->ncounters) {
		size_t n = 0;
		for (uint32_t i = 0; i < m->ncounters; i++) {
			const struct scf_counter *c = &m->counters[i];
			n += scf_varint_size(strlen(c->name)) + strlen(c->name) +
			     scf_varint_size(c->type) + scf_varint_size(c->config) +
			     scf_varint_size(c->config1) + scf_varint_size(c->config2);
		}
		field_head(f, SCF_META_COUNTERS, n);
		for (uint32_t i = 0; i < m->ncounters; i++) {
			const struct scf_counter *c = &m->counters[i];
			fields_varint(f, strlen(c->name));
			fields_bytes(f, c->name, strlen(c->name));
			fields_varint(f, c->type);
			fields_varint(f, c->config);
			fields_varint(f, c->config1);
			fields_varint(f, c->config2);
		}
	}
}

static void encode_trailer(struct fields *f, const struct scf_trailer *t)
{
	field_varint(f, SCF_TRAILER_END_TIME, t->end_time);
	field_varint(f, SCF_TRAILER_SAMPLES, t->samples);
	field_varint(f, SCF_TRAILER_CALLS, t->calls);
	field_varint(f, SCF_TRAILER_LOST, t->lost);
	if (t->ncpus && t->lost_per_cpu) {
		size_t n = 0;
		for (uint32_t i = 0; i < t->ncpus; i++)
			n += scf_varint_size(t->lost_per_cpu[i]);
		field_head(f, SCF_TRAILER_LOST_PER_CPU, n);
		for (uint32_t i = 0; i < t->ncpus; i++)
			fields_varint(f, t->lost_per_cpu[i]);
	}
}

static int cmp_symbol(const void *a, const void *b)
{
	const struct scf_symbol *x = *(const struct scf_symbol *const *)a;
	const struct scf_symbol *y = *(const struct scf_symbol *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* The SYMBOLS fields of t, its symbols sorted by (start, size, name). */
static int encode_symtab(struct fields *f, const struct scf_symtab *t)
{
	if (t->build_id_size) {
		field_head(f, SCF_SYMBOLS_BUILD_ID, t->build_id_size);
		fields_bytes(f, t->build_id, t->build_id_size);
	}
	field_string(f, SCF_SYMBOLS_PATH, t->path);
	field_varint(f, SCF_SYMBOLS_E_TYPE, t->e_type);
	field_varint(f, SCF_SYMBOLS_LOAD_VADDR, t->load_vaddr);
	field_varint(f, SCF_SYMBOLS_LOAD_OFFSET, t->load_offset);
	if (!t->nsyms)
		return 0;
	const struct scf_symbol **v = malloc(t->nsyms * sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = scf_varint_size(t->nsyms);
	for (uint64_t i = 0; i < t->nsyms; i++) {
		v[i] = &t->syms[i];
		size_t len = v[i]->name ? strlen(v[i]->name) : 0;
		n += scf_varint_size(v[i]->size) + scf_varint_size(len) + len;
	}
	qsort(v, t->nsyms, sizeof(*v), cmp_symbol);
	uint64_t prev = 0;
	for (uint64_t i = 0; i < t->nsyms; i++) {
		n += scf_varint_size(v[i]->start - prev);
		prev = v[i]->start;
	}
	if (n > SCF_MAX_RSIZE) {
		free(v);
		return -EFBIG;
	}
	field_head(f, SCF_SYMBOLS_SYMS, n);
	fields_varint(f, t->nsyms);
	prev = 0;
	for (uint64_t i = 0; i < t->nsyms; i++) {
		const char *name = v[i]->name ? v[i]->name : "";
		size_t len = strlen(name);
		fields_varint(f, v[i]->start - prev);
		fields_varint(f, v[i]->size);
		fields_varint(f, len);
		fields_bytes(f, name, len);
		prev = v[i]->start;
	}
	free(v);
	return 0;
}

/* ---- the API ---- */

int scf_writer_new(int fd, const struct scf_meta *meta, struct scf_writer **out)
{
	*out = NULL;
	if (fd < 0 || !meta)
		return -EINVAL;
	struct scf_writer *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->fd = fd;
	w->captures = meta->features & SCF_FEAT_CAPTURES;
	if (meta->features & SCF_FEAT_COUNTERS) {
		bool ok = meta->ncounters && meta->ncounters <= SCF_MAX_COUNTERS && meta->counters;
		for (uint32_t i = 0; ok && i < meta->ncounters; i++)
			ok = meta->counters[i].name && meta->counters[i].name[0];
		if (!ok) {
			free(w);
			return -EINVAL;
		}
		w->ncounters = meta->ncounters;
	}
	w->offcpu = meta->features & SCF_FEAT_OFFCPU;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->done, NULL);
	for (unsigned i = 0; i < SCF_WRITER_BUFS; i++)
		w->spare[w->nspare++] = &w->bufs[i];

	int err = -ENOMEM;
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx)
		goto fail;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel,
						SCF_ZSTD_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1)))
		goto fail;

	uint8_t h[SCF_HEADER_SIZE] = { 0 };
	memcpy(h, SCF_MAGIC, SCF_MAGIC_LEN);
	scf_put_le16(h + 8, SCF_VERSION);
	/* a version-1 reader reads everything but captures, and refuses
	 * a file with them for the incompat bit */
	scf_put_le16(h + 10, 1);
	scf_put_le32(h + 12, SCF_HEADER_SIZE);
	scf_put_le64(h + 16, (w->captures ? SCF_INCOMPAT_CAPTURES : 0) |
				     (w->ncounters ? SCF_INCOMPAT_COUNTERS : 0) |
				     (w->offcpu ? SCF_INCOMPAT_OFFCPU : 0));
	scf_put_le32(h + 24, 0);
	scf_put_le32(h + 28, scf_header_sum(h));
	err = write_all(w, h, sizeof(h));
	if (err)
		goto fail;

	struct fields f = { 0 };
	encode_meta(&f, meta);
	if (f.nomem) {
		free(f.p);
		err = -ENOMEM;
		goto fail;
	}
	struct scf_buf mb = { .data = f.p, .len = f.len, .type = SCF_CHUNK_META,
			      .count = f.count };
	err = write_chunk(w, &mb);
	free(f.p);
	if (err)
		goto fail;

	/* The thread takes no signals: the recorder's handlers run on its own
	 * threads, and SIGPIPE or SIGXFSZ from a write becomes a sticky EPIPE
	 * or EFBIG instead of killing the process. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&w->thread, NULL, writer_thread, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		goto fail;
	w->thread_started = true;
	*out = w;
	return 0;
fail:
	scf_writer_free(w);
	return err;
}

/* Worst-case encoded size of a call's captures, or 0 if they cannot be
 * written (FORMAT.md: CALL captures). */
static size_t captures_max_size(const struct scf_writer *w, const struct scf_call *c)
{
	if (!w->captures || c->ncaptures > SCF_MAX_ARGS || !c->captures)
		return 0;
	size_t n = 1;
	int prev_arg = -1;
	for (uint32_t i = 0; i < c->ncaptures; i++) {
		const struct scf_capture *cap = &c->captures[i];
		if ((int)cap->arg <= prev_arg || cap->arg >= SCF_MAX_ARGS ||
		    !scf_capture_kind_name(cap->kind) ||
		    cap->flags & ~(SCF_CAP_TRUNCATED | SCF_CAP_FAULT | SCF_CAP_AT_EXIT) ||
		    (cap->flags & SCF_CAP_FAULT && cap->len) || cap->len > SCF_CAPTURE_MAX ||
		    (cap->len && !cap->data) || scf_capture_check(cap) < 0)
			return 0;
		prev_arg = cap->arg;
		n += 2 + 2 * SCF_VARINT_MAX + cap->len;
	}
	return n;
}

/* Worst-case encoded size of ev, or 0 if it cannot be written. */
static size_t record_max_size(const struct scf_writer *w, const struct scf_event *ev)
{
	/* kind, dt and up to eight varints cover every fixed part */
	size_t n = 1 + 9 * SCF_VARINT_MAX;
	switch (ev->type) {
	case SCF_EV_CALL: {
		const struct scf_call *c = &ev->call;
		if (c->nips && !c->ips)
			return 0;
		if (c->nips > SCF_MAX_IPS)
			return 0;
		/* Only DWARF stacks set regs_mask: the others skip the
		 * popcount, a libgcc call that took 4% of the recorder. */
		if ((c->regs_mask && c->nregs != (uint32_t)__builtin_popcountll(c->regs_mask)) ||
		    (!c->regs_mask && c->nregs) ||
		    (c->nregs && !c->regs) || c->stack_size > SCF_STACK_MAX ||
		    (c->stack_size && !c->stack))
			return 0;
		n += 1 + SCF_MAX_ARGS * SCF_VARINT_MAX + (size_t)(c->nips + 1) * SCF_VARINT_MAX;
		if (c->nregs || c->stack_size)
			n += (size_t)(c->nregs + 2) * SCF_VARINT_MAX + c->stack_size;
		if (c->ncaptures) {
			size_t k = captures_max_size(w, c);
			if (!k)
				return 0;
			n += k;
		}
		if (c->ncounters) {
			if (c->ncounters != w->ncounters || !c->counters ||
			    (c->ncounters < 32 && c->counters_scaled >> c->ncounters))
				return 0;
			n += (size_t)(c->ncounters + 1) * SCF_VARINT_MAX;
		}
		if (c->offcpu) {
			const struct scf_offcpu *o = c->offcpu;
			if (!w->offcpu || (o->flags & ~SCF_OFFCPU_KNOWN) ||
			    o->nkips > SCF_MAX_KIPS || (o->nkips && !o->kips) ||
			    o->blocked > c->duration || o->runnable > c->duration - o->blocked ||
			    o->longest > o->blocked)
				return 0;
			n += (8 + (size_t)o->nkips) * SCF_VARINT_MAX + SCF_COMM_LEN;
		}
		if (c->flags & (SCF_CALL_HAS_COUNTERS | SCF_CALL_HAS_OFFCPU))
			return 0;
		return n;
	}
	case SCF_EV_COMM:
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
	case SCF_EV_LOST:
		return n + SCF_COMM_LEN;
	case SCF_EV_MMAP: {
		if (ev->mmap.build_id_size > SCF_BUILD_ID_MAX)
			return 0;
		size_t len = ev->mmap.filename ? strlen(ev->mmap.filename) : 0;
		if (len > SCF_RECORD_MAX)
			return 0;
		return n + 1 + SCF_BUILD_ID_MAX + len;
	}
	case SCF_EV_CMDLINE:
		if (ev->cmdline.len && !ev->cmdline.argv)
			return 0;
		if (ev->cmdline.len > SCF_RECORD_MAX)
			return 0;
		return n + (size_t)ev->cmdline.len + 1;
	case SCF_EV_FD: {
		const struct scf_fd *d = &ev->fd;
		if ((d->fd < 0 && d->fd != SCF_FD_CWD) || d->flags & ~(uint32_t)SCF_FD_CLOEXEC ||
		    !d->len || d->len > SCF_FD_NAME_MAX || !d->name || memchr(d->name, 0, d->len))
			return 0;
		return n + d->len;
	}
	}
	return 0;
}

static uint8_t *put_string(uint8_t *p, const void *s, size_t n)
{
	p = scf_put_varint(p, n);
	if (n)
		memcpy(p, s, n);
	return p + n;
}

int scf_writer_add(struct scf_writer *w, const struct scf_event *ev)
{
	int err = __atomic_load_n(&w->error, __ATOMIC_RELAXED);
	if (err)
		return err;
	if (w->finished || ev->time < w->last_time)
		return -EINVAL;
	if (ev->type == SCF_EV_CALL &&
	    (ev->call.duration > ev->time || ev->call.start != ev->time - ev->call.duration))
		return -EINVAL;
	size_t need = record_max_size(w, ev);
	if (!need)
		return -EINVAL;
	/* descriptors at attach go into FDS chunks, the rest into EVENTS */
	uint8_t type = ev->type == SCF_EV_FD ? SCF_CHUNK_FDS : SCF_CHUNK_EVENTS;
	if (w->cur && (w->cur->len + need > w->cur->cap || w->cur->type != type ||
		       (ev->type == SCF_EV_CALL && ev->call.offcpu && ev->call.offcpu->nkips &&
			w->nkstacks >= SCF_KSTACKS_MAX)))
		close_chunk(w);
	if (!w->cur) {
		err = open_chunk(w, type, need);
		if (err)
			return err;
	}

	/* the call's kernel stack: defined by this record, or an earlier
	 * one of the chunk */
	uint32_t kid = 0;
	bool kfresh = false;
	if (ev->type == SCF_EV_CALL && ev->call.offcpu && ev->call.offcpu->nkips) {
		kid = kstack_id(w, ev->call.offcpu->kips, ev->call.offcpu->nkips, &kfresh);
		if (!kid)
			return -ENOMEM;
	}
	struct scf_buf *b = w->cur;
	uint8_t *p = b->data + b->len;
	int64_t dt = (int64_t)(ev->time - w->prev_time);

	switch (ev->type) {
	case SCF_EV_CALL: {
		const struct scf_call *c = &ev->call;
		bool same = c->pid == w->prev_pid && c->tid == w->prev_tid;
		bool ustack = c->nregs || c->stack_size;
		*p++ = SCF_EV_CALL | (same ? SCF_KIND_SAME_TASK : 0) |
		       (c->nips ? SCF_KIND_HAS_STACK : 0) | (ustack ? SCF_KIND_HAS_USTACK : 0) |
		       (c->ncaptures ? SCF_KIND_HAS_CAPTURES : 0);
		p = scf_put_svarint(p, dt);
		p = scf_put_varint(p, c->duration);
		if (!same) {
			p = scf_put_svarint(p, c->pid);
			p = scf_put_svarint(p, c->tid);
			w->prev_pid = c->pid;
			w->prev_tid = c->tid;
		}
		p = scf_put_varint(p, c->cpu);
		p = scf_put_varint(p, c->flags | (c->ncounters ? SCF_CALL_HAS_COUNTERS : 0) |
					      (c->offcpu ? SCF_CALL_HAS_OFFCPU : 0));
		p = scf_put_svarint(p, c->nr);
		static const uint64_t zero[SCF_MAX_ARGS + 1];
		bool tracked = c->nr >= 0 && c->nr < SCF_DELTA_NRS;
		uint64_t *prev = tracked ? w->prev_args[c->nr] : (uint64_t *)zero;
		uint8_t *mask = p++;
		*mask = 0;
		for (int i = 0; i < SCF_MAX_ARGS; i++) {
			if (c->args[i] == prev[i])
				continue;
			*mask |= 1u << i;
			p = scf_put_svarint(p, (int64_t)(c->args[i] - prev[i]));
		}
		uint64_t prev_ret = tracked ? w->prev_ret[c->nr] : 0;
		p = scf_put_svarint(p, (int64_t)((uint64_t)c->ret - prev_ret));
		if (tracked) {
			memcpy(prev, c->args, sizeof(c->args));
			w->prev_ret[c->nr] = (uint64_t)c->ret;
		}
		if (c->nips) {
			p = scf_put_varint(p, c->nips);
			uint64_t ip = 0;
			for (uint32_t i = 0; i < c->nips; i++) {
				p = scf_put_svarint(p, (int64_t)(c->ips[i] - ip));
				ip = c->ips[i];
			}
		}
		if (ustack) {
			/* registers as deltas against the same register of the
			 * chunk's previous call of the same number: the same
			 * call site gives (nearly) the same registers */
			p = scf_put_varint(p, c->regs_mask);
			static const uint64_t zero_regs[64];
			uint64_t *prev_regs = tracked ? w->prev_regs[c->nr] : (uint64_t *)zero_regs;
			uint64_t rest = c->regs_mask;
			for (uint32_t i = 0; rest; i++, rest &= rest - 1) {
				unsigned reg = (unsigned)__builtin_ctzll(rest);
				p = scf_put_svarint(p, (int64_t)(c->regs[i] - prev_regs[reg]));
				if (tracked)
					prev_regs[reg] = c->regs[i];
			}
			w->regs_dirty |= tracked && c->nregs;
			p = scf_put_varint(p, c->stack_size);
			if (c->stack_size)
				memcpy(p, c->stack, c->stack_size);
			p += c->stack_size;
		}
		if (c->ncaptures) {
			p = scf_put_varint(p, c->ncaptures);
			for (uint32_t i = 0; i < c->ncaptures; i++) {
				const struct scf_capture *cap = &c->captures[i];
				*p++ = cap->arg;
				*p++ = cap->kind;
				p = scf_put_varint(p, cap->flags);
				p = put_string(p, cap->data, cap->len);
			}
		}
		if (c->ncounters) {
			for (uint32_t i = 0; i < c->ncounters; i++)
				p = scf_put_varint(p, c->counters[i]);
			p = scf_put_varint(p, c->counters_scaled);
		}
		if (c->offcpu) {
			const struct scf_offcpu *o = c->offcpu;
			p = scf_put_varint(p, o->flags);
			p = scf_put_varint(p, o->switches);
			p = scf_put_varint(p, o->blocked);
			p = scf_put_varint(p, o->runnable);
			p = scf_put_varint(p, o->longest);
			p = scf_put_varint(p, kid);
			if (kfresh) {
				p = scf_put_varint(p, o->nkips);
				uint64_t ip = 0;
				for (uint32_t i = 0; i < o->nkips; i++) {
					p = scf_put_svarint(p, (int64_t)(o->kips[i] - ip));
					ip = o->kips[i];
				}
			}
			if (o->flags & SCF_OFFCPU_WAKER) {
				p = scf_put_svarint(p, o->waker_pid);
				p = scf_put_svarint(p, o->waker_tid);
				p = put_string(p, o->waker_comm,
					       strnlen(o->waker_comm, SCF_COMM_LEN - 1));
			}
		}
		break;
	}
	case SCF_EV_COMM: {
		*p++ = SCF_EV_COMM | (ev->comm.exec ? SCF_KIND_EXEC : 0);
		p = scf_put_svarint(p, dt);
		p = scf_put_svarint(p, ev->comm.pid);
		p = scf_put_svarint(p, ev->comm.tid);
		p = put_string(p, ev->comm.comm, strnlen(ev->comm.comm, SCF_COMM_LEN - 1));
		break;
	}
	case SCF_EV_FORK:
	case SCF_EV_EXIT:
		*p++ = (uint8_t)ev->type;
		p = scf_put_svarint(p, dt);
		p = scf_put_svarint(p, ev->task.pid);
		p = scf_put_svarint(p, ev->task.ppid);
		p = scf_put_svarint(p, ev->task.tid);
		p = scf_put_svarint(p, ev->task.ptid);
		break;
	case SCF_EV_MMAP: {
		const struct scf_mmap *m = &ev->mmap;
		*p++ = SCF_EV_MMAP;
		p = scf_put_svarint(p, dt);
		p = scf_put_svarint(p, m->pid);
		p = scf_put_svarint(p, m->tid);
		p = scf_put_varint(p, m->addr);
		p = scf_put_varint(p, m->len);
		p = scf_put_varint(p, m->pgoff);
		p = scf_put_varint(p, m->prot);
		p = scf_put_varint(p, m->flags);
		*p++ = m->build_id_size;
		memcpy(p, m->build_id, m->build_id_size);
		p += m->build_id_size;
		const char *fn = m->filename ? m->filename : "";
		p = put_string(p, fn, strlen(fn));
		break;
	}
	case SCF_EV_LOST:
		*p++ = SCF_EV_LOST;
		p = scf_put_svarint(p, dt);
		p = scf_put_varint(p, ev->lost.cpu);
		p = scf_put_varint(p, ev->lost.count);
		break;
	case SCF_EV_CMDLINE: {
		const struct scf_cmdline *c = &ev->cmdline;
		/* the arguments are each ended by NUL: add a missing last one */
		bool add_nul = c->len && c->argv[c->len - 1] != '\0';
		*p++ = SCF_EV_CMDLINE;
		p = scf_put_svarint(p, dt);
		p = scf_put_svarint(p, c->pid);
		p = scf_put_varint(p, (uint64_t)c->len + add_nul);
		if (c->len)
			memcpy(p, c->argv, c->len);
		p += c->len;
		if (add_nul)
			*p++ = '\0';
		break;
	}
	case SCF_EV_FD: {
		/* an FDS entry: its length, then its fields */
		const struct scf_fd *d = &ev->fd;
		uint64_t zdt = scf_zigzag(dt), zpid = scf_zigzag(d->pid), zfd = scf_zigzag(d->fd);
		size_t len = scf_varint_size(zdt) + scf_varint_size(zpid) + scf_varint_size(zfd) +
			     scf_varint_size(d->flags) + scf_varint_size(d->len) + d->len;
		p = scf_put_varint(p, len);
		p = scf_put_varint(p, zdt);
		p = scf_put_varint(p, zpid);
		p = scf_put_varint(p, zfd);
		p = scf_put_varint(p, d->flags);
		p = put_string(p, d->name, d->len);
		break;
	}
	}

	b->len = (size_t)(p - b->data);
	if (!b->count++)
		b->first_time = ev->time;
	b->last_time = ev->time;
	w->prev_time = ev->time;
	w->last_time = ev->time;
	if (b->len >= SCF_CHUNK_TARGET)
		close_chunk(w);
	return 0;
}

int scf_writer_cut(struct scf_writer *w)
{
	if (w->finished)
		return -EINVAL;
	close_chunk(w);
	return __atomic_load_n(&w->error, __ATOMIC_RELAXED);
}

int scf_writer_flush(struct scf_writer *w)
{
	if (w->finished)
		return -EINVAL;
	close_chunk(w);
	return wait_idle(w);
}

/* Fields f (unless err) after the events so far, as a chunk of its own
 * of the given type; f freed.  err, or the first error of writing it. */
static int write_fields_chunk(struct scf_writer *w, uint8_t type, struct fields *f, int err)
{
	if (!err && f->len > SCF_MAX_RSIZE)
		err = -EFBIG;
	if (!err) {
		close_chunk(w);
		err = open_chunk(w, type, f->len);
	}
	if (!err) {
		memcpy(w->cur->data, f->p, f->len);
		w->cur->len = f->len;
		w->cur->count = f->count;
		close_chunk(w);
	}
	free(f->p);
	return err;
}

int scf_writer_add_symtab(struct scf_writer *w, const struct scf_symtab *t)
{
	int err = __atomic_load_n(&w->error, __ATOMIC_RELAXED);
	if (err)
		return err;
	if (w->finished || !t || t->build_id_size > SCF_BUILD_ID_MAX || (t->nsyms && !t->syms))
		return -EINVAL;
	if (t->nsyms > SCF_MAX_RSIZE / 3) /* each takes 3 bytes at least */
		return -EFBIG;
	struct fields f = { 0 };
	err = encode_symtab(&f, t);
	if (!err && f.nomem)
		err = -ENOMEM;
	return write_fields_chunk(w, SCF_CHUNK_SYMBOLS, &f, err);
}

static int cmp_ksym(const void *a, const void *b)
{
	const struct scf_ksym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

int scf_writer_add_ksyms(struct scf_writer *w, const struct scf_ksym *syms, size_t n)
{
	int err = __atomic_load_n(&w->error, __ATOMIC_RELAXED);
	if (err)
		return err;
	if (w->finished || (n && !syms))
		return -EINVAL;
	if (n > SCF_MAX_RSIZE / 4) /* each takes 4 bytes at least */
		return -EFBIG;
	struct scf_ksym *v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v, syms, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_ksym);
	size_t len = scf_varint_size(n);
	for (size_t i = 0; i < n; i++) {
		size_t a = strlen(v[i].name ? v[i].name : ""), b = strlen(v[i].module ? v[i].module : "");
		len += scf_varint_size(v[i].start - (i ? v[i - 1].start : 0)) +
		       scf_varint_size(v[i].size) + scf_varint_size(a) + a + scf_varint_size(b) + b;
	}
	struct fields f = { 0 };
	field_head(&f, SCF_KSYMS_SYMS, len);
	fields_varint(&f, n);
	for (size_t i = 0; i < n; i++) {
		const char *name = v[i].name ? v[i].name : "", *mod = v[i].module ? v[i].module : "";
		fields_varint(&f, v[i].start - (i ? v[i - 1].start : 0));
		fields_varint(&f, v[i].size);
		fields_varint(&f, strlen(name));
		fields_bytes(&f, name, strlen(name));
		fields_varint(&f, strlen(mod));
		fields_bytes(&f, mod, strlen(mod));
	}
	free(v);
	if (f.nomem)
		err = -ENOMEM;
	return write_fields_chunk(w, SCF_CHUNK_KSYMS, &f, err);
}

int scf_writer_finish(struct scf_writer *w, const struct scf_trailer *t)
{
	if (w->finished || !t)
		return -EINVAL;
	close_chunk(w);
	struct fields f = { 0 };
	encode_trailer(&f, t);
	if (f.nomem) {
		free(f.p);
		return -ENOMEM;
	}
	int err = open_chunk(w, SCF_CHUNK_TRAILER, f.len);
	if (!err) {
		memcpy(w->cur->data, f.p, f.len);
		w->cur->len = f.len;
		w->cur->count = f.count;
		close_chunk(w);
		w->finished = true;
		err = wait_idle(w);
	}
	free(f.p);
	return err;
}

uint64_t scf_writer_bytes(const struct scf_writer *w)
{
	return __atomic_load_n(&w->bytes, __ATOMIC_RELAXED);
}

void scf_writer_free(struct scf_writer *w)
{
	if (!w)
		return;
	if (w->thread_started) {
		/* what was recorded is written, not dropped */
		close_chunk(w);
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_cond_signal(&w->work);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	for (unsigned i = 0; i < SCF_WRITER_BUFS; i++)
		free(w->bufs[i].data);
	free(w->kframes);
	free(w->kslots);
	free(w->out);
	ZSTD_freeCCtx(w->cctx);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
