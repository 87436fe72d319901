/*
 * ksyms.c - kernel addresses of the wait stacks and their kallsyms
 * entries (see ksyms.h).
 */
#include "profiler/ksyms.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "formats/scf.h"

static size_t slot_of(uint64_t a, size_t cap)
{
	return (size_t)((a * 0x9e3779b97f4a7c15ull) >> 17) & (cap - 1);
}

static int kaddrs_grow(struct kaddrs *k)
{
	size_t cap = k->cap ? 2 * k->cap : 1024;
	uint64_t *t = calloc(cap, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < k->cap; i++) {
		uint64_t a = k->slots[i];
		if (!a)
			continue;
		size_t j = slot_of(a, cap);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = a;
	}
	free(k->slots);
	k->slots = t;
	k->cap = cap;
	return 0;
}

int kaddrs_add(struct kaddrs *k, const uint64_t *ips, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = ips[i];
		if (!a)
			continue;
		if (2 * (k->n + 1) > k->cap) {
			int err = kaddrs_grow(k);
			if (err)
				return err;
		}
		size_t j = slot_of(a, k->cap);
		while (k->slots[j] && k->slots[j] != a)
			j = (j + 1) & (k->cap - 1);
		if (!k->slots[j]) {
			k->slots[j] = a;
			k->n++;
		}
	}
	return 0;
}

void kaddrs_release(struct kaddrs *k)
{
	free(k->slots);
	*k = (struct kaddrs){ 0 };
}

/* One kallsyms line: "ffffffff81000000 T name\t[module]". */
static bool parse_line(char *line, uint64_t *addr, char **name, char **module)
{
	char *end;
	*addr = strtoull(line, &end, 16);
	if (end == line || *end != ' ' || !end[1] || end[2] != ' ')
		return false;
	char *p = end + 3;
	*name = p;
	p += strcspn(p, "\t \n");
	*module = NULL;
	if (*p == '\t' || *p == ' ') {
		*p++ = '\0';
		p += strspn(p, "\t ");
		if (*p == '[') {
			*module = p + 1;
			p[1 + strcspn(p + 1, "]\n")] = '\0';
		}
	} else {
		*p = '\0';
	}
	return **name != '\0';
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A function every wait stack taken at sched_switch passes on top. */
static bool top_frame(const char *name)
{
	return starts(name, "bpf_prog_") || starts(name, "bpf_trace_run") ||
	       starts(name, "__bpf_trace_") || starts(name, "__traceiter_") ||
	       starts(name, "__bpf_prog_") || !strcmp(name, "__schedule") ||
	       !strcmp(name, "schedule");
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ksym_entry *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

int ksym_table_load(struct ksym_table *t, FILE *f)
{
	*t = (struct ksym_table){ 0 };
	size_t cap = 0;
	char line[512];
	bool any = false;
	while (fgets(line, sizeof(line), f)) {
		uint64_t a;
		char *name, *mod;
		if (!parse_line(line, &a, &name, &mod))
			continue;
		any |= a != 0;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 65536;
			struct ksym_entry *v = realloc(t->v, cap * sizeof(*v));
			if (!v) {
				ksym_table_release(t);
				return -ENOMEM;
			}
			t->v = v;
		}
		size_t ln = strlen(name), lm = mod ? strlen(mod) : 0;
		char *s = malloc(ln + lm + 2);
		if (!s) {
			ksym_table_release(t);
			return -ENOMEM;
		}
		memcpy(s, name, ln + 1);
		memcpy(s + ln + 1, mod ? mod : "", lm + 1);
		t->v[t->n++] = (struct ksym_entry){ .start = a, .name = s, .top = top_frame(name) };
	}
	if (!any) {
		ksym_table_release(t);
		return -ENODATA;
	}
	qsort(t->v, t->n, sizeof(*t->v), cmp_entry);
	for (size_t i = 0; i < t->n; i++) {
		/* aliases share a start: the size runs to the next higher one */
		size_t nx = i + 1;
		while (nx < t->n && t->v[nx].start == t->v[i].start)
			nx++;
		t->v[i].size = nx < t->n ? t->v[nx].start - t->v[i].start : 0;
	}
	return 0;
}

void ksym_table_release(struct ksym_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	*t = (struct ksym_table){ 0 };
}

const struct ksym_entry *ksym_table_find(const struct ksym_table *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const struct ksym_entry *e = &t->v[lo - 1];
	return !e->size || addr - e->start < e->size ? e : NULL;
}

uint32_t ksym_table_top_frames(const struct ksym_table *t, const uint64_t *ips, uint32_t n)
{
	uint32_t k = 0;
	while (k < n) {
		const struct ksym_entry *e = ksym_table_find(t, ips[k]);
		if (!e || !e->top)
			break;
		k++;
	}
	/* a stack of nothing else is kept whole */
	return k < n ? k : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int ksym_table_select(const struct ksym_table *t, const struct kaddrs *k, struct scf_ksym **out,
		      size_t *nout)
{
	*out = NULL;
	*nout = 0;
	uint64_t *addrs = malloc((k->n ? k->n : 1) * sizeof(*addrs));
	struct scf_ksym *v = malloc((k->n ? k->n : 1) * sizeof(*v));
	if (!addrs || !v) {
		free(addrs);
		free(v);
		return -ENOMEM;
	}
	size_t na = 0, m = 0;
	for (size_t i = 0; i < k->cap; i++)
		if (k->slots[i])
			addrs[na++] = k->slots[i];
	qsort(addrs, na, sizeof(*addrs), cmp_u64);
	const struct ksym_entry *last = NULL;
	for (size_t i = 0; i < na; i++) {
		const struct ksym_entry *e = ksym_table_find(t, addrs[i]);
		if (!e || e == last)
			continue;
		last = e;
		v[m++] = (struct scf_ksym){ .start = e->start, .size = e->size, .name = e->name,
					    .module = e->name + strlen(e->name) + 1 };
	}
	free(addrs);
	*out = v;
	*nout = m;
	return 0;
}

const struct ksym_entry *ksym_table_named(const struct ksym_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	return NULL;
}

uint32_t ksym_table_proc_stack(const struct ksym_table *t, FILE *f, uint64_t *ips, uint32_t max)
{
	char line[512];
	uint32_t n = 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ']');
		if (!p)
			continue;
		p += strspn(p + 1, " ") + 1;
		char *plus = strchr(p, '+');
		if (!plus)
			continue;
		*plus = '\0';
		char *end;
		uint64_t off = strtoull(plus + 1, &end, 16);
		if (end == plus + 1)
			continue;
		const struct ksym_entry *e = ksym_table_named(t, p);
		if (e)
			ips[n++] = e->start + off;
	}
	return n;
}
