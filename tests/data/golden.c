/*
 * golden.c - the helper of tests/data/make-golden.sh: rewrites and damages
 * recordings byte by byte, deterministically.  Built by the script against
 * build/libscf.a; not part of scprof.
 *
 *   golden rechunk IN OUT N [ELF...]   IN's events in chunks of N, then a
 *                                      SYMBOLS chunk for each ELF, then IN's
 *                                      trailer
 *   golden chunks FILE                 "offset type csize rsize count" a line
 *   golden flip FILE OFFSET MASK       xor the byte at OFFSET with MASK
 *   golden set-header FILE VERSION MIN_VERSION   and fix the checksum
 *   golden insert-chunk FILE OFFSET TYPE TEXT    a chunk of TYPE holding
 *                                      TEXT, compressed and summed, at OFFSET
 *   golden random N SEED               N pseudo-random bytes on stdout
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"

static void die(const char *what, int err)
{
	fprintf(stderr, "golden: %s: %s\n", what, scf_strerror(err));
	exit(1);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st))
		die(path, -errno);
	uint8_t *p = malloc((size_t)st.st_size + 1);
	if (!p || read(fd, p, (size_t)st.st_size) != st.st_size)
		die(path, -EIO);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

static void spit(const char *path, const uint8_t *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, p, len) != (ssize_t)len || close(fd))
		die(path, -errno);
}

/* The symbol table of an ELF file, as scf.h says a recorder fills it. */
static int elf_symtab(const char *path, struct scf_symtab *t, Elf **ep, int *fdp)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	if (!e || !gelf_getehdr(e, &eh))
		return -ENOEXEC;
	memset(t, 0, sizeof(*t));
	t->path = path;
	t->e_type = eh.e_type;
	size_t nph = 0;
	elf_getphdrnum(e, &nph);
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
			t->load_vaddr = ph.p_vaddr;
			t->load_offset = ph.p_offset;
			break;
		}
	}
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(e, scn))) {
		gelf_getshdr(scn, &sh);
		if (sh.sh_type == SHT_SYMTAB)
			symtab = scn;
		else if (sh.sh_type == SHT_DYNSYM)
			dynsym = scn;
		else if (sh.sh_type == SHT_NOTE) {
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t off = 0, name_off, desc_off;
			GElf_Nhdr nh;
			while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0)
				if (nh.n_type == NT_GNU_BUILD_ID && nh.n_descsz <= SCF_BUILD_ID_MAX) {
					t->build_id_size = (uint8_t)nh.n_descsz;
					memcpy(t->build_id, (char *)d->d_buf + desc_off, nh.n_descsz);
				}
		}
	}
	scn = symtab ? symtab : dynsym;
	if (scn) {
		gelf_getshdr(scn, &sh);
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		struct scf_symbol *syms = calloc(n ? n : 1, sizeof(*syms));
		for (size_t i = 0; i < n; i++) {
			GElf_Sym s;
			gelf_getsym(d, (int)i, &s);
			int type = GELF_ST_TYPE(s.st_info);
			if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF ||
			    !s.st_value)
				continue;
			syms[t->nsyms++] = (struct scf_symbol){ s.st_value, s.st_size,
								elf_strptr(e, sh.sh_link, s.st_name) };
		}
		t->syms = syms;
	}
	*ep = e;
	*fdp = fd;
	return 0;
}

static int rechunk(const char *in, const char *out, long n, char **elfs, int nelfs)
{
	struct scf_reader *r;
	int err = scf_reader_open(in, &r);
	if (err)
		die(in, err);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(out, -errno);
	struct scf_writer *w;
	err = scf_writer_new(fd, scf_reader_meta(r), &w);
	if (err)
		die(out, err);
	struct scf_event ev;
	long i = 0;
	while ((err = scf_reader_next(r, &ev)) > 0) {
		err = scf_writer_add(w, &ev);
		if (!err && ++i % n == 0)
			err = scf_writer_flush(w);
		if (err)
			die(out, err);
	}
	if (err)
		die(in, err);
	for (int k = 0; k < nelfs; k++) {
		struct scf_symtab t;
		Elf *e;
		int efd;
		err = elf_symtab(elfs[k], &t, &e, &efd);
		if (!err)
			err = scf_writer_add_symtab(w, &t);
		if (err)
			die(elfs[k], err);
		free((void *)t.syms);
		elf_end(e);
		close(efd);
	}
	const struct scf_trailer *t = scf_reader_trailer(r);
	struct scf_trailer none = { 0 };
	err = scf_writer_finish(w, t ? t : &none);
	if (err)
		die(out, err);
	scf_writer_free(w);
	scf_reader_close(r);
	return close(fd);
}

static int chunks(const char *path)
{
	size_t len;
	uint8_t *f = slurp(path, &len);
	size_t off = len >= SCF_HEADER_SIZE ? scf_get_le32(f + 12) : len;
	while (off + SCF_CHUNK_HEADER_SIZE <= len) {
		uint32_t csize = scf_get_le32(f + off + 8);
		printf("%zu %u %u %u %u\n", off, f[off + 4], csize, scf_get_le32(f + off + 12),
		       scf_get_le32(f + off + 16));
		off += SCF_CHUNK_HEADER_SIZE + csize;
	}
	free(f);
	return 0;
}

static int flip(const char *path, long off, long mask)
{
	size_t len;
	uint8_t *f = slurp(path, &len);
	if (off < 0 || (size_t)off >= len)
		die(path, -EINVAL);
	f[off] ^= (uint8_t)mask;
	spit(path, f, len);
	free(f);
	return 0;
}

static int set_header(const char *path, long version, long min_version)
{
	size_t len;
	uint8_t *f = slurp(path, &len);
	if (len < SCF_HEADER_SIZE)
		die(path, -EINVAL);
	scf_put_le16(f + 8, (uint16_t)version);
	scf_put_le16(f + 10, (uint16_t)min_version);
	scf_put_le32(f + 28, scf_header_sum(f));
	spit(path, f, len);
	free(f);
	return 0;
}

static int insert_chunk(const char *path, long off, long type, const char *text)
{
	size_t len, rlen = strlen(text);
	uint8_t *f = slurp(path, &len);
	if (off < 0 || (size_t)off > len)
		die(path, -EINVAL);
	size_t cap = SCF_CHUNK_HEADER_SIZE + ZSTD_compressBound(rlen);
	uint8_t *c = calloc(1, cap);
	size_t csize = ZSTD_compress(c + SCF_CHUNK_HEADER_SIZE, cap - SCF_CHUNK_HEADER_SIZE, text,
				     rlen, 1);
	if (ZSTD_isError(csize))
		die("zstd", -EINVAL);
	memcpy(c, SCF_CHUNK_MAGIC, 4);
	c[4] = (uint8_t)type;
	scf_put_le32(c + 8, (uint32_t)csize);
	scf_put_le32(c + 12, (uint32_t)rlen);
	uint8_t *sum = malloc(SCF_CHUNK_SUMMED + csize);
	memcpy(sum, c, SCF_CHUNK_SUMMED);
	memcpy(sum + SCF_CHUNK_SUMMED, c + SCF_CHUNK_HEADER_SIZE, csize);
	scf_put_le64(c + SCF_CHUNK_SUMMED, ZSTD_XXH64(sum, SCF_CHUNK_SUMMED + csize, 0));
	size_t clen = SCF_CHUNK_HEADER_SIZE + csize;
	uint8_t *o = malloc(len + clen);
	memcpy(o, f, (size_t)off);
	memcpy(o + off, c, clen);
	memcpy(o + off + clen, f + off, len - (size_t)off);
	spit(path, o, len + clen);
	free(o);
	free(sum);
	free(c);
	free(f);
	return 0;
}

static int random_bytes(long n, long seed)
{
	uint64_t x = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		putchar((int)(x >> 24) & 0xff);
	}
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (!strcmp(cmd, "rechunk") && argc >= 5)
		return rechunk(argv[2], argv[3], atol(argv[4]), argv + 5, argc - 5);
	if (!strcmp(cmd, "chunks") && argc == 3)
		return chunks(argv[2]);
	if (!strcmp(cmd, "flip") && argc == 5)
		return flip(argv[2], strtol(argv[3], NULL, 0), strtol(argv[4], NULL, 0));
	if (!strcmp(cmd, "set-header") && argc == 5)
		return set_header(argv[2], atol(argv[3]), atol(argv[4]));
	if (!strcmp(cmd, "insert-chunk") && argc == 6)
		return insert_chunk(argv[2], atol(argv[3]), atol(argv[4]), argv[5]);
	if (!strcmp(cmd, "random") && argc == 4)
		return random_bytes(atol(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: see the head of tests/data/golden.c\n");
	return 2;
}
