/*
 * symstore.c - symbol tables of the mapped binaries into the recording
 * (see symstore.h).
 *
 * The recorder's hot path knows nothing of this: the MMAP events and the
 * calls are read back from the file once recording is over, which costs a
 * decompression pass but keeps record.c's drain loop untouched.
 */
#include "profiler/symstore.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/hash.h"
#include "profiler/procfs.h"
#include "symbols/elfsym.h"

struct file {
	char *path;
	uint8_t bid[SCF_BUILD_ID_MAX];
	uint8_t nbid;
	bool wanted; /* mapped by a process that made calls with stacks */
	/* the last mapping of it by such a process, for /proc/PID/map_files */
	int32_t pid;
	uint64_t start, end;
};

/* (pid, file) pairs and the pids with stacks; linear arrays with a hash
 * each, all freed at the end. */
struct scan {
	struct file *files;
	size_t nfiles, files_cap;
	uint32_t *file_slots; /* index + 1 */
	size_t file_nslots;
	struct { int32_t pid; uint32_t file; uint64_t start, end; } *maps;
	size_t nmaps, maps_cap;
	int32_t *pids;        /* open addressing, 0 = empty (pid 0 has no stacks) */
	size_t npids, pid_slots;
};

static size_t file_hash(const char *path, const uint8_t *bid, size_t nbid)
{
	/* the seed this table always had, not FNV1A_INIT: its order stays */
	uint64_t h = fnv1a(1469598103934665603ull, path, strlen(path));
	return (size_t)fnv1a(h, bid, nbid);
}

static int grow_files(struct scan *s)
{
	size_t n = s->file_nslots ? s->file_nslots * 2 : 256;
	uint32_t *v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file *f = &s->files[i];
		size_t j = file_hash(f->path, f->bid, f->nbid) & (n - 1);
		while (v[j])
			j = (j + 1) & (n - 1);
		v[j] = (uint32_t)i + 1;
	}
	free(s->file_slots);
	s->file_slots = v;
	s->file_nslots = n;
	return 0;
}

/* Index of the file (path, build-id), added if new; -1 if out of memory. */
static long intern_file(struct scan *s, const char *path, const uint8_t *bid, uint8_t nbid)
{
	if ((s->nfiles + 1) * 2 > s->file_nslots && grow_files(s))
		return -1;
	size_t j = file_hash(path, bid, nbid) & (s->file_nslots - 1);
	while (s->file_slots[j]) {
		const struct file *f = &s->files[s->file_slots[j] - 1];
		if (f->nbid == nbid && !memcmp(f->bid, bid, nbid) && !strcmp(f->path, path))
			return (long)s->file_slots[j] - 1;
		j = (j + 1) & (s->file_nslots - 1);
	}
	if (GROW(s->files, s->nfiles + 1, s->files_cap))
		return -1;
	struct file *f = &s->files[s->nfiles];
	*f = (struct file){ .path = strdup(path), .nbid = nbid };
	if (!f->path)
		return -1;
	memcpy(f->bid, bid, nbid);
	s->file_slots[j] = (uint32_t)++s->nfiles;
	return (long)s->nfiles - 1;
}

static size_t pid_hash(int32_t pid)
{
	return (size_t)(((uint64_t)(uint32_t)pid * 0x9e3779b97f4a7c15ull) >> 32);
}

static bool has_pid(const struct scan *s, int32_t pid)
{
	if (!s->pid_slots || !pid)
		return false;
	size_t j = pid_hash(pid) & (s->pid_slots - 1);
	for (; s->pids[j]; j = (j + 1) & (s->pid_slots - 1))
		if (s->pids[j] == pid)
			return true;
	return false;
}

static int add_pid(struct scan *s, int32_t pid)
{
	if (!pid || has_pid(s, pid))
		return 0;
	if ((s->npids + 1) * 2 > s->pid_slots) {
		size_t n = s->pid_slots ? s->pid_slots * 2 : 64;
		int32_t *v = calloc(n, sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (size_t i = 0; i < s->pid_slots; i++) {
			if (!s->pids[i])
				continue;
			size_t j = pid_hash(s->pids[i]) & (n - 1);
			while (v[j])
				j = (j + 1) & (n - 1);
			v[j] = s->pids[i];
		}
		free(s->pids);
		s->pids = v;
		s->pid_slots = n;
	}
	size_t j = pid_hash(pid) & (s->pid_slots - 1);
	while (s->pids[j])
		j = (j + 1) & (s->pid_slots - 1);
	s->pids[j] = pid;
	s->npids++;
	return 0;
}

static int add_map(struct scan *s, const struct scf_mmap *m)
{
	if (!m->filename || (m->filename[0] != '/' && strcmp(m->filename, "[vdso]")) ||
	    !strncmp(m->filename, "//", 2) || !strncmp(m->filename, "/memfd:", 7))
		return 0;
	uint8_t nbid = m->build_id_size > SCF_BUILD_ID_MAX ? SCF_BUILD_ID_MAX : m->build_id_size;
	long f = intern_file(s, m->filename, m->build_id, nbid);
	if (f < 0)
		return -ENOMEM;
	if (s->nmaps == s->maps_cap) {
		size_t cap = s->maps_cap ? s->maps_cap * 2 : 256;
		void *v = realloc(s->maps, cap * sizeof(*s->maps));
		if (!v)
			return -ENOMEM;
		s->maps = v;
		s->maps_cap = cap;
	}
	s->maps[s->nmaps].pid = m->pid;
	s->maps[s->nmaps].file = (uint32_t)f;
	s->maps[s->nmaps].start = m->addr;
	s->maps[s->nmaps].end = m->addr + m->len;
	s->nmaps++;
	return 0;
}

static void scan_release(struct scan *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i].path);
	free(s->files);
	free(s->file_slots);
	free(s->maps);
	free(s->pids);
}

/* ---- reading symbols ---- */

/*
 * The table of ELF e (at path, with build-id bid): e_type, the executable
 * segment, and the function symbols of its .symtab, else of its separate
 * debug file, else of its .dynsym and MiniDebugInfo (elfsym_file_open), in
 * *syms (names point into *ef, to release after writing).  0, -ENOENT if
 * e has no usable table, -ENOMEM.
 */
static int elf_table(Elf *e, const char *path, const uint8_t *bid, size_t nbid,
		     struct scf_symtab *t, struct scf_symbol **syms, struct elfsym_file *ef)
{
	GElf_Ehdr eh;
	*syms = NULL;
	if (!gelf_getehdr(e, &eh))
		return -ENOENT;
	t->e_type = eh.e_type;
	if (!elfsym_exec_segment(e, &t->load_vaddr, &t->load_offset))
		return -ENOENT;
	int rc = elfsym_file_open(ef, e, path, bid, nbid, NULL);
	if (rc <= 0)
		return rc ? rc : -ENOENT;
	struct elfsym_source src = elfsym_file_source(ef);
	size_t k = 0;
	struct scf_symbol *v = calloc(src.n ? src.n : 1, sizeof(*v));
	for (size_t i = 0; v && i < src.n; i++) {
		struct elfsym sym;
		if (src.get(src.ctx, i, &sym))
			v[k++] = (struct scf_symbol){ sym.start, sym.size, sym.name };
	}
	if (!v)
		return -ENOMEM;
	if (!k) {
		free(v);
		return -ENOENT;
	}
	t->syms = v;
	t->nsyms = k;
	*syms = v;
	return 0;
}

/* Whether ELF e has the build-id f was mapped with (f has one). */
static bool same_build_id(Elf *e, const struct file *f)
{
	const void *bid;
	ssize_t nbid = dwelf_elf_gnu_build_id(e, &bid);
	return nbid == f->nbid && !memcmp(bid, f->bid, f->nbid);
}

/*
 * The ELF of the file f mapped, and its descriptor in *fd; NULL if it
 * cannot be read.  While a process that mapped it lives, its
 * /proc/PID/map_files entry is the mapped file itself, whatever is at the
 * path now (it takes CAP_SYS_ADMIN); else the path.  Whatever a traced
 * user left at the path since: never follow a symlink, never wait on a
 * FIFO or a device, read only a regular file.  Either way the file must
 * be the one mapped (the pid may be another process's by now): the
 * recorded build-id if there is one, else a device and inode noted for
 * the path (mapids.h).
 */
static Elf *open_mapped(const struct file *f, struct mapids *ids, int *fd)
{
	char link[96];
	const char *at[2];
	int n = 0;
	if (f->pid > 0) {
		procfs_map_file(link, sizeof(link), f->pid, f->start, f->end);
		at[n++] = link;
	}
	at[n++] = f->path;
	for (int i = 0; i < n; i++) {
		struct stat sb;
		bool proc = at[i] == link;
		/* a map_files entry is a link to follow: see what it reaches
		 * before opening it */
		if (proc && (stat(at[i], &sb) < 0 || !S_ISREG(sb.st_mode)))
			continue;
		*fd = open(at[i],
			   O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (proc ? 0 : O_NOFOLLOW));
		if (*fd < 0)
			continue;
		Elf *e = NULL;
		if (fstat(*fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (f->nbid || mapids_match(ids, f->path, &sb)))
			e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
		if (e && elf_kind(e) == ELF_K_ELF && (!f->nbid || same_build_id(e, f)))
			return e;
		if (e)
			elf_end(e);
		close(*fd);
		*fd = -1;
	}
	return NULL;
}

/* Store the table of one file; 1 stored, 0 skipped, <0 a write error. */
static int store_file(struct scf_writer *w, const struct file *f, struct mapids *ids,
		      struct symstore_stats *st)
{
	struct scf_symtab t = { 0 };
	struct scf_symbol *syms = NULL;
	struct elfsym_file ef = { .debug_fd = -1 };
	bool vdso = !strcmp(f->path, "[vdso]");
	int fd = -1, rc = 0;
	Elf *e = vdso ? elfsym_vdso_elf() : open_mapped(f, ids, &fd);
	if (!e && !vdso && !f->nbid) {
		/* No build-id says which file the mapped one was: an empty
		 * table for the path, so that the report does not name its
		 * frames from whatever is at the path then either. */
		t.path = f->path;
		rc = scf_writer_add_symtab(w, &t);
		if (rc == -EINVAL || rc == -EFBIG)
			rc = 0;
		if (rc)
			goto out;
	}
	if (!e || elf_kind(e) != ELF_K_ELF)
		goto skip;
	const void *bid;
	ssize_t nbid = dwelf_elf_gnu_build_id(e, &bid);
	if (nbid < 0 || nbid > SCF_BUILD_ID_MAX)
		nbid = 0;
	t.build_id_size = (uint8_t)nbid;
	memcpy(t.build_id, bid, (size_t)nbid);
	t.path = f->path;
	rc = elf_table(e, vdso ? NULL : f->path, t.build_id, t.build_id_size, &t, &syms, &ef);
	if (rc == -ENOENT) {
		rc = 0;
		goto skip;
	}
	if (rc)
		goto out;
	rc = scf_writer_add_symtab(w, &t);
	if (rc == -EINVAL || rc == -EFBIG) {
		rc = 0;
		goto skip;
	}
	if (!rc) {
		st->tables++;
		st->symbols += t.nsyms;
		rc = 1;
	}
	goto out;
skip:
	st->skipped++;
out:
	free(syms);
	elfsym_file_release(&ef);
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	return rc;
}

int symstore_write(struct scf_writer *w, const char *path, struct mapids *ids,
		   bool (*stop)(void *ctx), void *ctx, struct symstore_stats *stats)
{
	struct symstore_stats st = { 0 };
	struct scan s = { 0 };
	struct scf_reader *r = NULL;
	int rc = scf_writer_flush(w);
	if (rc)
		return rc;
	elf_version(EV_CURRENT);
	if (scf_reader_open(path, &r))
		goto out; /* nothing to read back: no tables, not an error */
	struct scf_event ev;
	int n;
	size_t seen = 0;
	while ((n = scf_reader_next(r, &ev)) > 0) {
		if (stop && !(++seen & 0xffff) && stop(ctx)) {
			st.stopped = true;
			goto out;
		}
		if (ev.type == SCF_EV_MMAP)
			rc = add_map(&s, &ev.mmap);
		else if (ev.type == SCF_EV_CALL && (ev.call.nips || ev.call.nregs))
			rc = add_pid(&s, ev.call.pid);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < s.nmaps; i++) {
		if (!has_pid(&s, s.maps[i].pid))
			continue;
		struct file *f = &s.files[s.maps[i].file];
		f->wanted = true;
		f->pid = s.maps[i].pid;
		f->start = s.maps[i].start;
		f->end = s.maps[i].end;
	}
	for (size_t i = 0; i < s.nfiles; i++) {
		if (!s.files[i].wanted)
			continue;
		if (stop && (st.stopped || stop(ctx))) {
			st.stopped = true;
			st.left++;
			continue;
		}
		int k = store_file(w, &s.files[i], ids, &st);
		if (k < 0) {
			rc = k;
			break;
		}
	}
out:
	/* out of memory reading back only costs the tables */
	if (rc == -ENOMEM)
		rc = 0;
	scf_reader_close(r);
	scan_release(&s);
	if (stats)
		*stats = st;
	return rc;
}
