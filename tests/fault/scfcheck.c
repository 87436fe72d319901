/*
 * scfcheck - read a recording with libscf alone and print what the fault
 * tests check, independently of `scprof report`: whether it is complete,
 * what was lost, and how many calls of each syscall it holds.
 *
 * Usage: scfcheck FILE
 * Prints "key value" lines, in this order:
 *   truncated 0|1        the file ended before its trailer
 *   trailer_lost N       lost events the trailer counts (0 if truncated)
 *   trailer_calls N      call events the trailer counts (0 if truncated)
 *   trailer_samples N    kernel samples the trailer counts (0 if truncated)
 *   duration_ns N        the trailer's end_time - the metadata's start_time
 *                        (0 if truncated)
 *   lost_records N       sum of the LOST records' counts
 *   events N             events read
 *   calls N              CALL events, not counting unfinished calls
 *   unfinished N         calls still in progress when recording stopped
 *   args_nonzero N       calls with at least one non-zero argument
 *   cmdlines N           CMDLINE events
 *   meta_argc N          command-line words in the metadata
 *   feature_no_args 0|1  the metadata's SCF_FEAT_NO_ARGS bit
 *   forks N, exits N     FORK and EXIT records
 * then one "syscall NAME CALLS" line per syscall that has calls (unfinished
 * left out), sorted by name.
 * Exit status: 0 when the file was read to its end (complete or cut
 * short), 1 with a one-line message on stderr when it cannot be opened or
 * a chunk is corrupt, 2 for a usage error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/scf.h"

struct name_count {
	char name[64];
	uint64_t calls;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct name_count *)a)->name, ((const struct name_count *)b)->name);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: scfcheck FILE\n");
		return 2;
	}
	struct scf_reader *r;
	int rc = scf_reader_open(argv[1], &r);
	if (rc) {
		fprintf(stderr, "scfcheck: cannot open '%s': %s\n", argv[1], scf_strerror(rc));
		return 1;
	}
	const struct scf_meta *m = scf_reader_meta(r);
	enum { MAX_NR = 4096 };
	static uint64_t per_nr[MAX_NR];
	uint64_t other_nr = 0;
	uint64_t events = 0, calls = 0, unfinished = 0, args_nonzero = 0, cmdlines = 0;
	uint64_t forks = 0, exits = 0, lost = 0;
	struct scf_event ev;
	while ((rc = scf_reader_next(r, &ev)) > 0) {
		events++;
		switch (ev.type) {
		case SCF_EV_CALL:
			for (int i = 0; i < SCF_MAX_ARGS; i++)
				if (ev.call.args[i]) {
					args_nonzero++;
					break;
				}
			if (ev.call.flags & SCF_CALL_UNFINISHED) {
				unfinished++;
				break;
			}
			calls++;
			if (ev.call.nr >= 0 && ev.call.nr < MAX_NR)
				per_nr[ev.call.nr]++;
			else
				other_nr++;
			break;
		case SCF_EV_CMDLINE:
			cmdlines++;
			break;
		case SCF_EV_FORK:
			forks++;
			break;
		case SCF_EV_EXIT:
			exits++;
			break;
		case SCF_EV_LOST:
			lost += ev.lost.count;
			break;
		default:
			break;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "scfcheck: '%s' is corrupt at offset %" PRIu64 ": %s\n", argv[1],
			scf_reader_offset(r), scf_strerror(rc));
		scf_reader_close(r);
		return 1;
	}
	const struct scf_trailer *t = scf_reader_trailer(r);
	printf("truncated %d\n", scf_reader_truncated(r) ? 1 : 0);
	printf("trailer_lost %" PRIu64 "\n", t ? t->lost : 0);
	printf("trailer_calls %" PRIu64 "\n", t ? t->calls : 0);
	printf("trailer_samples %" PRIu64 "\n", t ? t->samples : 0);
	printf("duration_ns %" PRIu64 "\n", t ? t->end_time - m->start_time : 0);
	printf("lost_records %" PRIu64 "\n", lost);
	printf("events %" PRIu64 "\n", events);
	printf("calls %" PRIu64 "\n", calls);
	printf("unfinished %" PRIu64 "\n", unfinished);
	printf("args_nonzero %" PRIu64 "\n", args_nonzero);
	printf("cmdlines %" PRIu64 "\n", cmdlines);
	printf("meta_argc %" PRIu32 "\n", m->argc);
	printf("feature_no_args %d\n", (m->features & SCF_FEAT_NO_ARGS) ? 1 : 0);
	printf("forks %" PRIu64 "\n", forks);
	printf("exits %" PRIu64 "\n", exits);

	struct name_count *names = calloc(MAX_NR + 1, sizeof(*names));
	size_t n = 0;
	if (!names) {
		fprintf(stderr, "scfcheck: out of memory\n");
		scf_reader_close(r);
		return 1;
	}
	for (int nr = 0; nr < MAX_NR; nr++) {
		if (!per_nr[nr])
			continue;
		const char *name = scf_meta_syscall_name(m, nr);
		if (name)
			snprintf(names[n].name, sizeof(names[n].name), "%s", name);
		else
			snprintf(names[n].name, sizeof(names[n].name), "syscall_%d", nr);
		names[n++].calls = per_nr[nr];
	}
	if (other_nr) {
		snprintf(names[n].name, sizeof(names[n].name), "syscall_out_of_range");
		names[n++].calls = other_nr;
	}
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++)
		printf("syscall %s %" PRIu64 "\n", names[i].name, names[i].calls);
	free(names);
	scf_reader_close(r);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "scfcheck: cannot write the output\n");
		return 1;
	}
	return 0;
}
