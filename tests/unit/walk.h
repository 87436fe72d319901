/*
 * walk.h - read a recording through every libscf reader call and touch
 * every byte the reader hands out, so that a sanitizer sees any bad
 * pointer or length.  Shared by the fuzzer (tests/fuzz/fuzz_reader.c) and
 * the unit test that replays its findings (tests/unit/check_scf_golden.c).
 */
#ifndef SCPROF_WALK_H
#define SCPROF_WALK_H

#include <stdint.h>

struct walk_result {
	int open_rc;         /* scf_reader_open's */
	int rc;              /* the last scf_reader_next's: 0 or -errno */
	uint64_t events;     /* events read */
	int truncated;       /* after rc 0: no trailer */
	uint64_t offset;     /* scf_reader_offset at the end */
	uint64_t nsymtabs;
	uint64_t sum;        /* of every byte touched, so none is optimized away */
};

/* Returns walk_result.open_rc; fills *res (which may be NULL). */
int walk_recording(const char *path, struct walk_result *res);

#endif
