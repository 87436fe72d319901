/*
 * rfilter.c - the report's call filters and their argument parsing
 * (see rfilter.h).
 */
#include "analysis/rfilter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/agg.h"
#include "analysis/sysnames.h"
#include "syscalls/syscall_set.h"

#define RFILTER_NR_MAX 4096

void rfilter_init(struct rfilter *f)
{
	memset(f, 0, sizeof(*f));
}

void rfilter_release(struct rfilter *f)
{
	syscall_set_free(f->set);
	free(f->pids);
	free(f->tids);
	free(f->nr_ok);
	rfilter_init(f);
}

int rfilter_bind(struct rfilter *f, uint64_t origin, struct sysnames *names)
{
	f->origin = origin;
	f->names = names;
	if (f->set && !f->nr_ok) {
		f->nr_ok = malloc(RFILTER_NR_MAX);
		if (!f->nr_ok)
			return -ENOMEM;
	}
	/* Verdicts by number belong to one recording's table: start afresh
	 * for each recording bound. */
	if (f->nr_ok)
		memset(f->nr_ok, -1, RFILTER_NR_MAX);
	return 0;
}

bool rfilter_active(const struct rfilter *f)
{
	return f->set || f->npids || f->ntids || f->comm || f->failed || f->successful ||
	       f->min_duration || f->has_start || f->has_end;
}

static bool has_id(const int32_t *v, size_t n, int32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static bool in_set(struct rfilter *f, int32_t nr)
{
	if (nr >= 0 && nr < RFILTER_NR_MAX && f->nr_ok) {
		if (f->nr_ok[nr] < 0)
			f->nr_ok[nr] = syscall_set_has(f->set, sysnames_get(f->names, nr));
		return f->nr_ok[nr];
	}
	return syscall_set_has(f->set, sysnames_get(f->names, nr));
}

static bool in_time(const struct rfilter *f, uint64_t t)
{
	uint64_t rel = t > f->origin ? t - f->origin : 0;
	if (f->has_start && rel < f->start)
		return false;
	if (f->has_end && rel >= f->end)
		return false;
	return true;
}

bool rfilter_task(const struct rfilter *f, int32_t pid, int32_t tid, uint64_t time,
		  const char *comm)
{
	if (f->npids && !has_id(f->pids, f->npids, pid))
		return false;
	if (f->ntids && !has_id(f->tids, f->ntids, tid))
		return false;
	if (f->comm && (!comm || strcmp(comm, f->comm)))
		return false;
	return in_time(f, time);
}

bool rfilter_call(struct rfilter *f, const struct scf_call *c, const char *comm)
{
	if (f->failed || f->successful) {
		if (c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED))
			return false;
		if (agg_is_error(c->ret) ? !f->failed : !f->successful)
			return false;
	}
	if (c->duration < f->min_duration)
		return false;
	if (!rfilter_task(f, c->pid, c->tid, c->start, comm))
		return false;
	return !f->set || in_set(f, c->nr);
}

int rfilter_parse_duration(const char *s, uint64_t default_unit, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		uint64_t ns;
	} units[] = {
		{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000},
		{"sec", 1000000000}, {"m", 60000000000ull}, {"min", 60000000000ull},
	};
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	/* digits and at most one dot: no hex, no exponents, no inf/nan */
	size_t n = strspn(s, "0123456789.");
	if (n == 0 || strspn(s, ".") == n || memchr(s, '.', n) != strrchr(s, '.'))
		return -EINVAL;
	if (strchr(s + n, '.'))
		return -EINVAL;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end != s + n)
		return -EINVAL;
	uint64_t unit = 0;
	if (!*end) {
		unit = default_unit;
		if (!unit && v == 0)
			unit = 1;
	} else {
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(end, units[i].suffix))
				unit = units[i].ns;
	}
	if (!unit)
		return -EINVAL;
	double r = v * (double)unit + 0.5;
	if (!(r >= 0) || r >= 18446744073709551616.0)
		return -EINVAL;
	*ns = (uint64_t)r;
	return 0;
}

int rfilter_parse_time(const char *s, struct rfilter *f)
{
	const char *comma = strchr(s, ',');
	size_t len = comma ? (size_t)(comma - s) : strlen(s);
	char start[64];
	if (len >= sizeof(start))
		return -EINVAL;
	memcpy(start, s, len);
	start[len] = '\0';
	uint64_t a = 0, b = 0;
	bool has_a = len > 0, has_b = comma && comma[1];
	if (!has_a && !has_b)
		return -EINVAL;
	if (has_a && rfilter_parse_duration(start, 1000000000, &a))
		return -EINVAL;
	if (has_b && rfilter_parse_duration(comma + 1, 1000000000, &b))
		return -EINVAL;
	if (has_a && has_b && b < a)
		return -EINVAL;
	f->has_start = has_a;
	f->start = a;
	f->has_end = has_b;
	f->end = b;
	return 0;
}

int rfilter_parse_ids(const char *s, int32_t **ids, size_t *n)
{
	const char *p = s;
	if (!*p)
		return -EINVAL;
	for (;;) {
		char *end;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		errno = 0;
		long v = strtol(p, &end, 10);
		/* 0 is the idle task, which makes no calls */
		if (errno || v <= 0 || v > INT32_MAX || (*end && *end != ','))
			return -EINVAL;
		int32_t *grown = realloc(*ids, (*n + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		*ids = grown;
		grown[(*n)++] = (int32_t)v;
		if (!*end)
			return 0;
		p = end + 1;
	}
}
