/*
 * scf_internal.h - pieces shared by libscf's writer and reader: the
 * constants of formats/FORMAT.md, little-endian and varint coding, and
 * the checksum.  Not for use outside formats/.
 *
 * Encoders write into memory the caller has sized (SCF_VARINT_MAX bytes a
 * varint); decoders work on a cursor that never reads past its end and
 * records the first problem in cur->bad instead of returning early, so a
 * record decodes with straight-line code and is checked once at its end.
 */
#ifndef SCF_INTERNAL_H
#define SCF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/scf.h"

/* libzstd.a exports its xxHash under this name (see GNUmakefile). */
unsigned long long ZSTD_XXH64(const void *input, size_t length, unsigned long long seed);

#define SCF_MAGIC "SCPROF\r\n"
#define SCF_MAGIC_LEN 8
#define SCF_HEADER_SIZE 32
#define SCF_CHUNK_MAGIC "SCFC"
#define SCF_CHUNK_HEADER_SIZE 48
/* Chunk header bytes covered by the checksum (those before it). */
#define SCF_CHUNK_SUMMED 40
#define SCF_MAX_RSIZE (64u << 20)
/* The writer closes an EVENTS chunk once its raw records reach this. */
#define SCF_CHUNK_TARGET (1u << 20)
/* What a reader lets the symbols of all SYMBOLS chunks take. */
#define SCF_SYMTABS_MEM_MAX ((size_t)512 << 20)
/* Syscall numbers with delta state: 0..SCF_DELTA_NRS-1. */
#define SCF_DELTA_NRS 1024
#define SCF_VARINT_MAX 10
/* incompat bits this library reads */
#define SCF_INCOMPAT_KNOWN (SCF_INCOMPAT_CAPTURES | SCF_INCOMPAT_COUNTERS | SCF_INCOMPAT_OFFCPU)
/* CALL flags bit 4, only in a file with SCF_INCOMPAT_COUNTERS: the
 * call carries counter values (not a struct scf_call flag) */
#define SCF_CALL_HAS_COUNTERS (1u << 4)
/* CALL flags bit 5, only in a file with SCF_INCOMPAT_OFFCPU: the call
 * carries its off-CPU part, after the counters */
#define SCF_CALL_HAS_OFFCPU (1u << 5)
/* struct scf_offcpu.flags a file may hold */
#define SCF_OFFCPU_KNOWN \
	(SCF_OFFCPU_WAKER | SCF_OFFCPU_BLOCKED_AT_END | SCF_OFFCPU_SWITCH_LOST | SCF_OFFCPU_WAKER_IRQ)
/* Kernel stacks a chunk may define (its stack table) */
#define SCF_KSTACKS_MAX 65536

/* CALL kind bits 4-7 */
#define SCF_KIND_SAME_TASK 0x10
#define SCF_KIND_HAS_STACK 0x20
#define SCF_KIND_HAS_USTACK 0x40
/* only in a file with SCF_INCOMPAT_CAPTURES */
#define SCF_KIND_HAS_CAPTURES 0x80
/* COMM kind bit 4 */
#define SCF_KIND_EXEC 0x10

enum scf_meta_tag {
	SCF_META_RECORDER = 1,
	SCF_META_HOSTNAME,
	SCF_META_KERNEL_RELEASE,
	SCF_META_ARCH,
	SCF_META_NCPUS,
	SCF_META_CLOCKID,
	SCF_META_START_TIME,
	SCF_META_START_REALTIME,
	SCF_META_TARGET,
	SCF_META_ARGV,
	SCF_META_PIDS,
	SCF_META_OPTIONS,
	SCF_META_FILTER,
	SCF_META_SYSCALLS,
	SCF_META_FEATURES,
	SCF_META_STACK_EVERY,
	SCF_META_RECORDER_KIND,
	SCF_META_COUNTERS,
	SCF_META_KALLSYMS,
};

enum scf_ksyms_tag {
	SCF_KSYMS_SYMS = 1,
};

enum scf_trailer_tag {
	SCF_TRAILER_END_TIME = 1,
	SCF_TRAILER_SAMPLES,
	SCF_TRAILER_CALLS,
	SCF_TRAILER_LOST,
	SCF_TRAILER_LOST_PER_CPU,
};

enum scf_symbols_tag {
	SCF_SYMBOLS_BUILD_ID = 1,
	SCF_SYMBOLS_PATH,
	SCF_SYMBOLS_E_TYPE,
	SCF_SYMBOLS_LOAD_VADDR,
	SCF_SYMBOLS_LOAD_OFFSET,
	SCF_SYMBOLS_SYMS,
};

/* ---- little-endian fixed-size fields ---- */

static inline void scf_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void scf_put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static inline void scf_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static inline uint16_t scf_get_le16(const uint8_t *p)
{
	return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t scf_get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t scf_get_le64(const uint8_t *p)
{
	return scf_get_le32(p) | (uint64_t)scf_get_le32(p + 4) << 32;
}

/* ---- varint encoding: p has room for SCF_VARINT_MAX bytes ---- */

static inline uint8_t *scf_put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)v | 0x80;
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline uint64_t scf_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t scf_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static inline uint8_t *scf_put_svarint(uint8_t *p, int64_t v)
{
	return scf_put_varint(p, scf_zigzag(v));
}

/* Bytes scf_put_varint would write. */
static inline size_t scf_varint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* ---- bounds-checked decoding ---- */

struct scf_cursor {
	const uint8_t *p, *end;
	bool bad;  /* read past the end or a malformed value */
};

static inline size_t scf_cursor_left(const struct scf_cursor *c)
{
	return (size_t)(c->end - c->p);
}

static inline uint8_t scf_get_u8(struct scf_cursor *c)
{
	if (c->p >= c->end) {
		c->bad = true;
		return 0;
	}
	return *c->p++;
}

static inline uint64_t scf_get_varint(struct scf_cursor *c)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (c->p >= c->end) {
			c->bad = true;
			return 0;
		}
		uint8_t b = *c->p++;
		/* the tenth byte holds bit 63 only */
		if (shift == 63 && b > 1) {
			c->bad = true;
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

static inline int64_t scf_get_svarint(struct scf_cursor *c)
{
	return scf_unzigzag(scf_get_varint(c));
}

/* A varint that must fit 32 bits unsigned. */
static inline uint32_t scf_get_varint32(struct scf_cursor *c)
{
	uint64_t v = scf_get_varint(c);
	if (v > UINT32_MAX)
		c->bad = true;
	return (uint32_t)v;
}

/* An svarint that must fit 32 bits signed. */
static inline int32_t scf_get_svarint32(struct scf_cursor *c)
{
	int64_t v = scf_get_svarint(c);
	if (v < INT32_MIN || v > INT32_MAX)
		c->bad = true;
	return (int32_t)v;
}

/*
 * Unchecked decoding, for the reader's fast path over a buffer known to
 * hold at least SCF_VARINT_MAX readable bytes at *pp (the reader pads its
 * buffer so): reads one varint of at most SCF_VARINT_MAX bytes, advances
 * *pp past it and sets *bad, as scf_get_varint would, for a value that
 * does not fit 64 bits.  The caller checks afterwards that *pp did not
 * pass the real end.
 */
static inline uint64_t scf_read_varint(const uint8_t **pp, bool *bad)
{
	const uint8_t *p = *pp;
	uint64_t b = *p++;
	if (b < 0x80) {
		*pp = p;
		return b;
	}
	uint64_t v = b & 0x7f;
	/* unrolled: constant shifts, no loop counter */
#pragma GCC unroll 8
	for (unsigned shift = 7; shift < 63; shift += 7) {
		b = *p++;
		v |= (b & 0x7f) << shift;
		if (b < 0x80) {
			*pp = p;
			return v;
		}
	}
	/* the tenth byte holds bit 63 only */
	b = *p++;
	*bad |= b > 1;
	*pp = p;
	return v | b << 63;
}

/* n bytes in place, or NULL (and bad) if fewer are left. */
static inline const uint8_t *scf_get_bytes(struct scf_cursor *c, size_t n)
{
	if (scf_cursor_left(c) < n) {
		c->bad = true;
		c->p = c->end;
		return NULL;
	}
	const uint8_t *p = c->p;
	c->p += n;
	return p;
}

/* Low 32 bits of the header checksum over bytes 0..27. */
static inline uint32_t scf_header_sum(const uint8_t *h)
{
	return (uint32_t)ZSTD_XXH64(h, 28, 0);
}

#endif
