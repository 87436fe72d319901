#include "profiler/ring.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int ring_map(struct ring *r, int fd, size_t data_pages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	memset(r, 0, offsetof(struct ring, scratch));
	r->map_size = (1 + data_pages) * page;
	void *p = mmap(NULL, r->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	struct perf_event_mmap_page *pg = p;
	r->base = p;
	/* data_offset/data_size are 0 on kernels older than 4.1. */
	r->data = (unsigned char *)p + (pg->data_offset ? pg->data_offset : page);
	r->mask = (pg->data_size ? pg->data_size : data_pages * page) - 1;
	r->tail = pg->data_tail;
	r->head = r->tail;
	return 0;
}

void ring_unmap(struct ring *r)
{
	if (r->base)
		munmap(r->base, r->map_size);
	r->base = NULL;
}

uint64_t ring_read_begin(struct ring *r)
{
	struct perf_event_mmap_page *pg = r->base;
	r->head = __atomic_load_n(&pg->data_head, __ATOMIC_ACQUIRE);
	return r->head - r->tail;
}

const struct perf_event_header *ring_read_event(struct ring *r)
{
	if (r->tail >= r->head)
		return NULL;
	uint64_t off = r->tail & r->mask;
	const struct perf_event_header *h = (const void *)(r->data + off);
	size_t size = h->size;
	if (size < sizeof(*h) || size > r->head - r->tail) {
		/* Cannot happen with a sane kernel; drop the rest rather
		 * than loop. */
		r->tail = r->head;
		return NULL;
	}
	r->tail += size;
	if (off + size <= r->mask + 1)
		return h;
	size_t first = r->mask + 1 - off;
	memcpy(r->scratch, r->data + off, first);
	memcpy(r->scratch + first, r->data, size - first);
	return (const void *)r->scratch;
}

void ring_read_end(struct ring *r)
{
	struct perf_event_mmap_page *pg = r->base;
	__atomic_store_n(&pg->data_tail, r->tail, __ATOMIC_RELEASE);
}
