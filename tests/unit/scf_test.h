/*
 * scf_test.h - what the tests of libscf share (check_scf*.c): a temp dir
 * per test (setup, teardown as a Check fixture; tmp_path names a file in
 * it), reading and writing files, the metadata and trailer every test
 * recording has, random events of every kind, and headers and chunks
 * made by hand to damage a recording precisely.
 */
#ifndef SCPROF_SCF_TEST_H
#define SCPROF_SCF_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/scf.h"

/* ck_assert costs a write to Check's log each time: in loops over
 * thousands of events, check quietly and only report a failure. */
#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ck_abort_msg("%s:%d: expected %s", __FILE__, __LINE__, #cond);             \
	} while (0)

/* Events with their own storage for stacks and strings. */
struct test_event {
	struct scf_event ev;
	uint64_t ips[8];
	char str[48];
	uint64_t regs[24];
	uint8_t stack[40];
	struct scf_capture caps[SCF_MAX_ARGS];
	uint8_t capdata[SCF_MAX_ARGS][24];
};

extern const char *const test_argv[4];
extern const int32_t test_pids[3];
extern const struct scf_syscall_name test_syscalls[5];
extern const uint64_t test_lost[3];
/* What test_meta() adds, for the tests of captures (each test runs in a
 * process of its own). */
extern uint64_t meta_extra_features;
extern uint32_t meta_recorder_kind;
/* gen_event gives calls captures */
extern bool gen_captures;
/* the state of rng(), a xorshift: set it for a reproducible sequence */
extern uint64_t rng_state;

/* A small recording of several chunks (small_recording). */
#define SMALL_N 60
#define SMALL_GROUP 12

/* the temp dir of the running test */
extern char tmpdir[64];

uint8_t *slurp(const char *path, size_t *len);
/* Every event type and field, with the extremes, into evs; how many. */
size_t edge_events(struct test_event *evs);
uint64_t rng(void);
void setup(void);
void teardown(void);
const char *tmp_path(const char *name);
void spit(const char *path, const void *p, size_t len);
struct scf_meta test_meta(void);
struct scf_trailer test_trailer(void);
void gen_event(struct test_event *te, uint64_t *t);
void assert_event(const struct scf_event *want, const struct scf_event *got);
int open_out(const char *path);
void write_events(const char *path, const struct test_event *evs, size_t n, size_t group,
		  uint64_t *ends, const struct scf_trailer *t);
int read_compare(const char *path, const struct test_event *evs, size_t n, size_t *nread,
		 struct scf_reader **rout);
struct test_event *gen_events(size_t n, uint64_t seed);
void make_header(uint8_t *h, uint16_t version, uint16_t min_version, uint32_t size,
		 uint64_t incompat);
size_t make_chunk(uint8_t *out, uint8_t type, const void *raw, size_t rlen, uint32_t count,
		  uint64_t first, uint64_t last);
void spit_replaced(const char *path, uint8_t *out, const uint8_t *file, size_t len,
		   const struct scf_chunk_info *ci, const void *raw, size_t rlen, uint32_t count);
struct test_event *small_recording(const char *path, uint64_t *ends, uint8_t **file, size_t *len);
int read_events(const char *path, bool skip_args, struct scf_event *evs, int max);
void spit_appended(const char *path, const uint8_t *file, size_t flen, const uint8_t *raw,
		   size_t len, uint32_t count, uint64_t first, uint64_t last);
int read_raw_chunk(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len, uint32_t count,
		   uint64_t first, uint64_t last, struct scf_event *evs, int max);
int read_raw_both(const uint8_t *file, size_t flen, const uint8_t *raw, size_t len, uint32_t count,
		  uint64_t first, uint64_t last);

#endif
