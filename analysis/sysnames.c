/*
 * sysnames.c - cached syscall names of a recording (see sysnames.h).
 */
#include "analysis/sysnames.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

#define SYSNAMES_INDEX_MAX 4096

struct sysname_other {
	int32_t nr;
	const char *name;
};

struct sysnames {
	const struct scf_meta *meta;
	const char *by_nr[SYSNAMES_INDEX_MAX]; /* NULL: not looked up yet */
	struct sysname_other *others;          /* numbers outside the index */
	size_t nothers, others_cap;
	char **owned; /* "syscall_NNN" strings */
	size_t nowned, owned_cap;
};

int sysnames_new(const struct scf_meta *meta, struct sysnames **out)
{
	struct sysnames *sn = calloc(1, sizeof(*sn));
	if (!sn)
		return -ENOMEM;
	sn->meta = meta;
	*out = sn;
	return 0;
}

void sysnames_free(struct sysnames *sn)
{
	if (!sn)
		return;
	for (size_t i = 0; i < sn->nowned; i++)
		free(sn->owned[i]);
	free(sn->owned);
	free(sn->others);
	free(sn);
}

static const char *lookup(struct sysnames *sn, int32_t nr)
{
	const char *name = sn->meta ? scf_meta_syscall_name(sn->meta, nr) : NULL;
	if (name)
		return name;
	char buf[32];
	snprintf(buf, sizeof(buf), "syscall_%d", (int)nr);
	if (GROW(sn->owned, sn->nowned + 1, sn->owned_cap) ||
	    !(sn->owned[sn->nowned] = strdup(buf)))
		return "?";
	return sn->owned[sn->nowned++];
}

const char *sysnames_get(struct sysnames *sn, int32_t nr)
{
	if (nr >= 0 && nr < SYSNAMES_INDEX_MAX) {
		if (!sn->by_nr[nr])
			sn->by_nr[nr] = lookup(sn, nr);
		return sn->by_nr[nr];
	}
	for (size_t i = 0; i < sn->nothers; i++)
		if (sn->others[i].nr == nr)
			return sn->others[i].name;
	const char *name = lookup(sn, nr);
	if (GROW(sn->others, sn->nothers + 1, sn->others_cap))
		return name;
	sn->others[sn->nothers++] = (struct sysname_other){nr, name};
	return name;
}

const char *sysnames_fn(void *ctx, int32_t nr)
{
	return sysnames_get(ctx, nr);
}
