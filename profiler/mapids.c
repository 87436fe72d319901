/*
 * mapids.c - the device and inode of each mapped path (see mapids.h).
 *
 * One array, appended to: a recording maps the same few files many times
 * (every exec maps libc again), so whenever the array doubles it is
 * sorted and its repeats dropped, and it is sorted before a lookup.
 */
#include "profiler/mapids.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

struct mapid {
	uint64_t ino;
	dev_t dev;
	char *path;
};

struct mapids {
	struct mapid *v;
	size_t n, cap;
	size_t sorted;  /* v[0..sorted) is sorted and without repeats */
};

struct mapids *mapids_new(void)
{
	return calloc(1, sizeof(struct mapids));
}

void mapids_free(struct mapids *ids)
{
	if (!ids)
		return;
	for (size_t i = 0; i < ids->n; i++)
		free(ids->v[i].path);
	free(ids->v);
	free(ids);
}

static int cmp_id(const void *pa, const void *pb)
{
	const struct mapid *a = pa, *b = pb;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void compact(struct mapids *ids)
{
	if (ids->sorted == ids->n)
		return;
	qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	size_t k = 0;
	for (size_t i = 0; i < ids->n; i++) {
		if (k && !cmp_id(&ids->v[k - 1], &ids->v[i]))
			free(ids->v[i].path);
		else
			ids->v[k++] = ids->v[i];
	}
	ids->n = ids->sorted = k;
}

int mapids_add(struct mapids *ids, const char *path, dev_t dev, uint64_t ino)
{
	if (!ino)
		return 0;
	if (ids->n >= 64 && ids->n >= 2 * ids->sorted)
		compact(ids);
	if (GROW(ids->v, ids->n + 1, ids->cap))
		return -ENOMEM;
	char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	ids->v[ids->n++] = (struct mapid){ ino, dev, copy };
	return 0;
}

bool mapids_match(struct mapids *ids, const char *path, const struct stat *sb)
{
	if (!ids || !ids->n)
		return false;
	compact(ids);
	struct mapid key = { (uint64_t)sb->st_ino, sb->st_dev, (char *)path };
	return bsearch(&key, ids->v, ids->n, sizeof(*ids->v), cmp_id) != NULL;
}

size_t mapids_count(struct mapids *ids)
{
	if (!ids)
		return 0;
	compact(ids);
	return ids->n;
}
