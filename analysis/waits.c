/*
 * waits.c - kernel wait sites and wakers of a syscall's calls (see
 * waits.h).
 */
#include "analysis/waits.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <inttypes.h>
#include <stdio.h>

#include "base/grow.h"

static uint64_t stack_hash(const uint64_t *ips, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ ips[i]) * 0x100000001b3ull;
	return h;
}

static struct wait_site *site_get(struct waits *w, const uint64_t *ips, uint32_t n)
{
	uint64_t h = stack_hash(ips, n);
	for (size_t i = 0; i < w->nsites; i++) {
		struct wait_site *s = &w->sites[i];
		if (s->hash == h && s->nkips == n && !memcmp(s->kips, ips, n * sizeof(*ips)))
			return s;
	}
	if (GROW(w->sites, w->nsites + 1, w->sites_cap))
		return NULL;
	uint64_t *copy = malloc((n ? n : 1) * sizeof(*copy));
	if (!copy)
		return NULL;
	if (n)
		memcpy(copy, ips, n * sizeof(*ips));
	struct wait_site *s = &w->sites[w->nsites++];
	memset(s, 0, sizeof(*s));
	s->hash = h;
	s->nkips = n;
	s->kips = copy;
	hist_init(&s->blocked);
	return s;
}

static struct waker *waker_get(struct waits *w, bool irq, int32_t pid, int32_t tid,
			       const char *comm)
{
	for (size_t i = 0; i < w->nwakers; i++) {
		struct waker *k = &w->wakers[i];
		if (k->irq == irq && k->pid == pid && k->tid == tid && !strcmp(k->comm, comm))
			return k;
	}
	if (GROW(w->wakers, w->nwakers + 1, w->wakers_cap))
		return NULL;
	struct waker *k = &w->wakers[w->nwakers++];
	memset(k, 0, sizeof(*k));
	k->irq = irq;
	k->pid = pid;
	k->tid = tid;
	strncpy(k->comm, comm, sizeof(k->comm) - 1);
	return k;
}

int waits_add(struct waits *w, const struct scf_offcpu *o)
{
	if (!o->blocked && !o->nkips)
		return 0;
	/* zeros are never frames (an address kallsyms hid reads as 0) */
	uint64_t ips[SCF_MAX_KIPS];
	uint32_t n = 0;
	for (uint32_t i = 0; i < o->nkips && i < SCF_MAX_KIPS; i++)
		if (o->kips[i])
			ips[n++] = o->kips[i];
	struct wait_site *s = site_get(w, ips, n);
	if (!s)
		return -ENOMEM;
	if (hist_add(&s->blocked, o->blocked))
		return -ENOMEM;
	s->calls++;
	s->blocked_ns += o->blocked;
	bool irq = o->flags & SCF_OFFCPU_WAKER_IRQ;
	if (irq || (o->flags & SCF_OFFCPU_WAKER)) {
		struct waker *k = irq ? waker_get(w, true, -1, -1, "")
				      : waker_get(w, false, o->waker_pid, o->waker_tid,
						  o->waker_comm);
		if (!k)
			return -ENOMEM;
		k->calls++;
		k->blocked_ns += o->blocked;
	}
	return 0;
}

int waits_merge(struct waits *dst, const struct waits *src)
{
	for (size_t i = 0; i < src->nsites; i++) {
		const struct wait_site *s = &src->sites[i];
		struct wait_site *d = site_get(dst, s->kips, s->nkips);
		if (!d || hist_merge(&d->blocked, &s->blocked))
			return -ENOMEM;
		d->calls += s->calls;
		d->blocked_ns += s->blocked_ns;
	}
	for (size_t i = 0; i < src->nwakers; i++) {
		const struct waker *s = &src->wakers[i];
		struct waker *d = waker_get(dst, s->irq, s->pid, s->tid, s->comm);
		if (!d)
			return -ENOMEM;
		d->calls += s->calls;
		d->blocked_ns += s->blocked_ns;
	}
	return 0;
}

static int cmp_site(const void *pa, const void *pb)
{
	const struct wait_site *a = pa, *b = pb;
	if (a->blocked_ns != b->blocked_ns)
		return a->blocked_ns > b->blocked_ns ? -1 : 1;
	if (a->calls != b->calls)
		return a->calls > b->calls ? -1 : 1;
	return (a->hash > b->hash) - (a->hash < b->hash);
}

static int cmp_waker(const void *pa, const void *pb)
{
	const struct waker *a = pa, *b = pb;
	if (a->blocked_ns != b->blocked_ns)
		return a->blocked_ns > b->blocked_ns ? -1 : 1;
	if (a->calls != b->calls)
		return a->calls > b->calls ? -1 : 1;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

void waits_finish(struct waits *w)
{
	qsort(w->sites, w->nsites, sizeof(*w->sites), cmp_site);
	qsort(w->wakers, w->nwakers, sizeof(*w->wakers), cmp_waker);
}

void waits_free(struct waits *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nsites; i++) {
		free(w->sites[i].kips);
		hist_release(&w->sites[i].blocked);
	}
	free(w->sites);
	free(w->wakers);
	free(w);
}

const char *waits_frame_name(const struct scf_reader *r, uint64_t ip, char *buf, size_t len)
{
	const struct scf_ksym *k = r ? scf_reader_ksym(r, ip) : NULL;
	if (!k)
		snprintf(buf, len, "0x%" PRIx64, ip);
	else if (k->module && k->module[0])
		snprintf(buf, len, "%s [%s]", k->name, k->module);
	else
		snprintf(buf, len, "%s", k->name);
	return buf;
}
