/*
 * ring.h - reading a perf_event mmap ring buffer.
 *
 * One ring per CPU, written by the kernel and read here.  The protocol
 * (from the perf_event_mmap_page comments in <linux/perf_event.h>):
 * data_head only grows and is loaded with acquire semantics; records
 * between our tail and head are complete; after consuming them we store
 * data_tail with release semantics, which gives the space back to the
 * kernel.  Records are 8-byte aligned, so a header never straddles the end
 * of the data area but a body can: such a record is copied into a scratch
 * buffer so the caller always sees it contiguous.
 */
#ifndef SCPROF_RING_H
#define SCPROF_RING_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>

struct ring {
	void *base;                  /* the mmap: control page + data */
	size_t map_size;
	unsigned char *data;
	uint64_t mask;               /* data_size - 1 */
	uint64_t head, tail;         /* this read's window */
	unsigned char scratch[65536 + 8]; /* records are at most 64 KiB */
};

/* Map 1 + data_pages pages of fd (data_pages a power of two). */
int ring_map(struct ring *r, int fd, size_t data_pages);
void ring_unmap(struct ring *r);
/* Start a read: snapshot the kernel's head. Returns bytes available. */
uint64_t ring_read_begin(struct ring *r);
/* The next record of this read, or NULL when the snapshot is consumed.
 * Valid until the next call. */
const struct perf_event_header *ring_read_event(struct ring *r);
/* Give everything read so far back to the kernel. */
void ring_read_end(struct ring *r);

#endif
