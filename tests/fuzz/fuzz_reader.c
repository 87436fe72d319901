/*
 * fuzz_reader.c - libFuzzer harness for recordings: every input is written
 * to a memfd and read by every view in views.c (libscf's reader call by
 * call, then `scprof dump`...).  Built and run by `make fuzz` (fuzz.mk)
 * with clang -fsanitize=fuzzer,address,undefined.
 *
 * Recordings are checksummed and compressed chunk by chunk, so byte-level
 * mutations mostly stop at a checksum.  The custom mutator below knows the
 * framing: most of the time it decompresses one chunk, mutates its raw
 * payload (or header fields), then compresses and checksums it again, so
 * the decoders behind the checksums get fuzzed; the rest of the time it
 * mutates the file's bytes as they are (the framing itself), or drops,
 * repeats or cuts whole chunks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zstd.h>

#include "formats/scf_internal.h"
#include "tests/fuzz/views.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static int memfd = -1;
static char mempath[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("scf-fuzz", MFD_CLOEXEC);
	if (memfd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(mempath, sizeof(mempath), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) < 0)
		abort();
	for (size_t done = 0; done < size;) {
		ssize_t k = pwrite(memfd, data + done, size - done, (off_t)done);
		if (k <= 0)
			abort();
		done += (size_t)k;
	}
	for (size_t i = 0; i < fuzz_nviews; i++)
		fuzz_views[i].run(mempath);
	return 0;
}

/* ---- the mutator ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct span {
	size_t off, len;  /* of the whole chunk, header included */
};

/* The complete chunks of a recording, at most max. */
static size_t find_chunks(const uint8_t *d, size_t n, struct span *sp, size_t max)
{
	if (n < SCF_HEADER_SIZE || memcmp(d, SCF_MAGIC, SCF_MAGIC_LEN))
		return 0;
	size_t off = scf_get_le32(d + 12), k = 0;
	if (off < SCF_HEADER_SIZE || off > n)
		off = SCF_HEADER_SIZE;
	while (k < max && n - off >= SCF_CHUNK_HEADER_SIZE && !memcmp(d + off, SCF_CHUNK_MAGIC, 4)) {
		size_t csize = scf_get_le32(d + off + 8);
		if (csize > n - off - SCF_CHUNK_HEADER_SIZE)
			break;
		sp[k].off = off;
		sp[k].len = SCF_CHUNK_HEADER_SIZE + csize;
		off += sp[k++].len;
	}
	return k;
}

/* Compress raw into a chunk at out (room for cap bytes) with the header
 * fields of h (a 48-byte chunk header); 0 if it does not fit. */
static size_t make_chunk(uint8_t *out, size_t cap, const uint8_t *h, const uint8_t *raw,
			 size_t rlen)
{
	static ZSTD_CCtx *cctx;
	if (!cctx) {
		cctx = ZSTD_createCCtx();
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
	}
	if (cap < SCF_CHUNK_HEADER_SIZE)
		return 0;
	size_t csize = ZSTD_compress2(cctx, out + SCF_CHUNK_HEADER_SIZE, cap - SCF_CHUNK_HEADER_SIZE,
				      raw, rlen);
	if (ZSTD_isError(csize))
		return 0;
	uint8_t *sum_buf = malloc(SCF_CHUNK_SUMMED + csize);
	if (!sum_buf)
		return 0;
	memcpy(out, h, SCF_CHUNK_SUMMED);
	scf_put_le32(out + 8, (uint32_t)csize);
	scf_put_le32(out + 12, (uint32_t)rlen);
	memcpy(sum_buf, out, SCF_CHUNK_SUMMED);
	memcpy(sum_buf + SCF_CHUNK_SUMMED, out + SCF_CHUNK_HEADER_SIZE, csize);
	scf_put_le64(out + SCF_CHUNK_SUMMED, ZSTD_XXH64(sum_buf, SCF_CHUNK_SUMMED + csize, 0));
	free(sum_buf);
	return SCF_CHUNK_HEADER_SIZE + csize;
}

/* Put the checksum right on a chunk whose header was changed. */
static void resum_chunk(uint8_t *c, size_t len)
{
	uint8_t *tmp = malloc(len);
	if (!tmp)
		return;
	memcpy(tmp, c, SCF_CHUNK_SUMMED);
	memcpy(tmp + SCF_CHUNK_SUMMED, c + SCF_CHUNK_HEADER_SIZE, len - SCF_CHUNK_HEADER_SIZE);
	scf_put_le64(c + SCF_CHUNK_SUMMED, ZSTD_XXH64(tmp, len - SCF_CHUNK_HEADER_SIZE + SCF_CHUNK_SUMMED, 0));
	free(tmp);
}

/* Replace data[off, off + old) with rep[0, n): the new size, or 0 if over max. */
static size_t splice(uint8_t *data, size_t size, size_t max, size_t off, size_t old,
		     const uint8_t *rep, size_t n)
{
	if (size - old + n > max)
		return 0;
	memmove(data + off + n, data + off + old, size - off - old);
	if (n)
		memcpy(data + off, rep, n);
	return size - old + n;
}

/* Decompress chunk c, mutate its payload, compress it again. */
static size_t mutate_payload(uint8_t *data, size_t size, size_t max, const struct span *c)
{
	const uint8_t *h = data + c->off;
	size_t rsize = scf_get_le32(h + 12);
	if (rsize > (4u << 20))
		return 0;
	size_t cap = rsize + 64 + rsize / 8;
	uint8_t *raw = malloc(cap);
	uint8_t *out = malloc(max + SCF_CHUNK_HEADER_SIZE);
	uint8_t hdr[SCF_CHUNK_HEADER_SIZE];
	size_t n = 0;
	if (!raw || !out)
		goto done;
	size_t got = ZSTD_decompress(raw, rsize, h + SCF_CHUNK_HEADER_SIZE, c->len - SCF_CHUNK_HEADER_SIZE);
	if (ZSTD_isError(got) || got != rsize)
		goto done;
	size_t rlen = LLVMFuzzerMutate(raw, rsize, cap);
	memcpy(hdr, h, SCF_CHUNK_HEADER_SIZE);
	switch (rng() % 8) {
	case 0: /* another count */
		scf_put_le32(hdr + 16, scf_get_le32(hdr + 16) + (uint32_t)(rng() % 5) - 2);
		break;
	case 1: /* a trailing part cut off, count kept */
		rlen = rng() % (rlen + 1);
		break;
	}
	size_t clen = make_chunk(out, max + SCF_CHUNK_HEADER_SIZE, hdr, raw, rlen);
	if (clen)
		n = splice(data, size, max, c->off, c->len, out, clen);
done:
	free(raw);
	free(out);
	return n;
}

/* A chunk header field changed, its checksum made right. */
static size_t mutate_chunk_header(uint8_t *data, size_t size, const struct span *c)
{
	uint8_t *h = data + c->off;
	switch (rng() % 6) {
	case 0:
		h[4] = (uint8_t)(rng() % 6); /* type */
		break;
	case 1:
		scf_put_le32(h + 16, (uint32_t)rng() % 4 ? scf_get_le32(h + 16) + 1 : (uint32_t)rng());
		break;
	case 2:
		scf_put_le64(h + 24, scf_get_le64(h + 24) + rng() % 3 - 1);
		break;
	case 3:
		scf_put_le64(h + 32, scf_get_le64(h + 32) + rng() % 3 - 1);
		break;
	case 4:
		scf_put_le32(h + 12, (uint32_t)rng() % 2 ? scf_get_le32(h + 12) + 1 : (uint32_t)rng());
		break;
	default:
		h[5 + rng() % 3] ^= (uint8_t)(1u << rng() % 8); /* flags, reserved */
		break;
	}
	resum_chunk(h, c->len);
	return size;
}

/* A file header field changed, its checksum made right. */
static size_t mutate_file_header(uint8_t *data, size_t size)
{
	switch (rng() % 4) {
	case 0:
		scf_put_le16(data + 8, (uint16_t)(rng() % 4));
		break;
	case 1:
		scf_put_le16(data + 10, (uint16_t)(rng() % 4));
		break;
	case 2:
		scf_put_le32(data + 12, (uint32_t)(rng() % 2 ? 32 + rng() % 16 : rng()));
		break;
	default:
		scf_put_le64(data + 16, rng() % 2 ? 1ull << rng() % 64 : 0);
		break;
	}
	scf_put_le32(data + 28, scf_header_sum(data));
	return size;
}

#define MAX_SPANS 256

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
	struct span sp[MAX_SPANS];
	size_t k = find_chunks(data, size, sp, MAX_SPANS);
	unsigned op = (unsigned)(rng() % 16);
	size_t n = 0;
	if (k && op < 9) {
		n = mutate_payload(data, size, max_size, &sp[rng() % k]);
	} else if (k && op == 9) {
		n = mutate_chunk_header(data, size, &sp[rng() % k]);
	} else if (k && op == 10) {
		n = mutate_file_header(data, size);
	} else if (k && op == 11) { /* drop a chunk */
		const struct span *c = &sp[rng() % k];
		n = splice(data, size, max_size, c->off, c->len, NULL, 0);
	} else if (k && op == 12) { /* repeat a chunk */
		const struct span *c = &sp[rng() % k];
		uint8_t *copy = malloc(c->len);
		if (copy) {
			memcpy(copy, data + c->off, c->len);
			n = splice(data, size, max_size, c->off, 0, copy, c->len);
			free(copy);
		}
	} else if (k && op == 13) { /* cut, at a chunk boundary or inside one */
		const struct span *c = &sp[rng() % k];
		n = c->off + (rng() % 2 ? 0 : rng() % c->len);
	}
	if (!n)
		n = LLVMFuzzerMutate(data, size, max_size);
	return n;
}
