/*
 * bpf_records.c - the BPF recorder's records into raw events (see
 * bpf_records.h).
 */
#include "profiler/bpf_records.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "formats/scf.h"
#include "profiler/bpf/scprof_bpf.h"

_Static_assert(SCPROF_CALL_NO_ENTER == SCF_CALL_NO_ENTER &&
		       SCPROF_CALL_NO_RETURN == SCF_CALL_NO_RETURN &&
		       SCPROF_CALL_UNFINISHED == SCF_CALL_UNFINISHED,
	       "scprof_bpf.h disagrees with scf.h on call flags");
_Static_assert(SCPROF_OFFCPU_WAKER == SCF_OFFCPU_WAKER &&
		       SCPROF_OFFCPU_BLOCKED_AT_END == SCF_OFFCPU_BLOCKED_AT_END &&
		       SCPROF_OFFCPU_SWITCH_LOST == SCF_OFFCPU_SWITCH_LOST &&
		       SCPROF_OFFCPU_WAKER_IRQ == SCF_OFFCPU_WAKER_IRQ &&
		       SCPROF_BPF_KFRAMES <= SCF_MAX_KIPS,
	       "scprof_bpf.h disagrees with scf.h on off-CPU flags");
_Static_assert(SCPROF_CAP_PATH == SCF_CAP_PATH && SCPROF_CAP_SOCKADDR == SCF_CAP_SOCKADDR &&
		       SCPROF_CAP_DATA == SCF_CAP_DATA && SCPROF_CAP_IOV == SCF_CAP_IOV &&
		       SCPROF_IOV_FAULT == SCF_IOV_FAULT && SCPROF_CAP_MSGHDR == SCF_CAP_MSGHDR && SCPROF_CAP_MMSGHDR == SCF_CAP_MMSGHDR &&
		       SCPROF_MSG_NAME_FAULT == SCF_MSG_NAME_FAULT && SCPROF_MSG_IOV_FAULT == SCF_MSG_IOV_FAULT &&
		       sizeof(struct scprof_bpf_msghdr) == SCF_MSGHDR_SIZE && sizeof(struct scprof_bpf_iov) == SCF_IOV_ENTRY_SIZE &&
		       SCPROF_CAP_TRUNCATED == SCF_CAP_TRUNCATED &&
		       SCPROF_CAP_FAULT == SCF_CAP_FAULT && SCPROF_CAP_AT_EXIT == SCF_CAP_AT_EXIT,
	       "scprof_bpf.h disagrees with scf.h on captures");

/* Insertion sort of a call's captures by argument (entry ones come
 * before exit ones); a second capture of one argument is dropped. */
static uint32_t sort_captures(struct scf_capture *caps, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && caps[j - 1].arg > caps[j].arg; j--) {
			struct scf_capture t = caps[j];
			caps[j] = caps[j - 1];
			caps[j - 1] = t;
		}
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!k || caps[k - 1].arg != caps[i].arg)
			caps[k++] = caps[i];
	return k;
}

int bpf_record_queue(struct merge *m, const unsigned *cpu_source, int ncpus, const void *data,
		     size_t size, uint32_t *dropped)
{
	const struct scprof_bpf_call *c = data;
	*dropped = 0;
	if (size < SCPROF_BPF_CALL_SHORT)
		return -EBADMSG;
	/* a record without data, captures or off-CPU part ends before caps[] */
	bool has_off = c->flags & SCPROF_CALL_HAS_OFFCPU;
	bool full = c->data_len || c->ncaps || has_off;
	size_t off_bytes = 0;
	/* the off-CPU part follows the data, at any offset: copied out */
	struct scprof_bpf_offcpu bo_buf;
	const struct scprof_bpf_offcpu *bo = NULL;
	const uint8_t *bo_kips = NULL;
	if (has_off) {
		if (size < sizeof(*c) || c->data_len > size - sizeof(*c) ||
		    size - sizeof(*c) - c->data_len < sizeof(*bo) || c->start > c->end)
			return -EBADMSG;
		const uint8_t *at = (const uint8_t *)(c + 1) + c->data_len;
		memcpy(&bo_buf, at, sizeof(bo_buf));
		bo = &bo_buf;
		bo_kips = at + sizeof(bo_buf);
		off_bytes = sizeof(*bo) + (size_t)bo->nkips * 8;
		if (bo->nkips > SCPROF_BPF_KFRAMES ||
		    size - sizeof(*c) - c->data_len < off_bytes ||
		    bo->blocked > c->end - c->start ||
		    bo->runnable > c->end - c->start - bo->blocked || bo->longest > bo->blocked)
			return -EBADMSG;
	}
	if (ncpus <= 0 || c->exit_cpu >= (uint32_t)ncpus ||
	    (full ? size < sizeof(*c) || c->data_len > size - sizeof(*c) - off_bytes ||
			    c->ncaps > SCPROF_BPF_MAX_CAPS ||
			    (uint32_t)c->nips * 8 + (c->ustack ? 24u + c->ustack : 0) > c->data_len ||
			    (c->ustack && !c->nips)
		  : c->nips || c->ustack))
		return -EBADMSG;
	unsigned src = cpu_source[c->exit_cpu];
	struct raw_event *e = merge_slot(m, src);
	if (!e)
		return -ENOMEM;
	memset(e, 0, sizeof(*e));
	e->time = c->end;
	e->cpu = c->cpu;
	e->pid = c->pid;
	e->tid = c->tid;
	if (c->flags & SCPROF_CALL_NO_ENTER) {
		e->kind = RAW_EXIT;
		e->sc.nr = c->nr;
		e->sc.ret = c->ret;
		merge_push(m, src);
		return 0;
	}

	const uint8_t *bytes = (const uint8_t *)(c + 1);
	/* the event, its captures, then the data (the stack first: its
	 * offset in the block is a multiple of 8, as scf_event's size and
	 * scf_capture's are) */
	size_t need = sizeof(struct scf_event) + c->ncaps * sizeof(struct scf_capture) + c->data_len;
	/* then the off-CPU part and its frames (8-aligned: data_len may not be) */
	size_t off_at = (need + 7) & ~(size_t)7;
	if (bo)
		need = off_at + sizeof(struct scf_offcpu) + (size_t)bo->nkips * 8;
	struct scf_event *ev = merge_rec_alloc(m, need);
	if (!ev)
		return -ENOMEM;
	memset(ev, 0, sizeof(*ev));
	struct scf_capture *caps = (struct scf_capture *)(ev + 1);
	uint8_t *copy = (uint8_t *)(caps + c->ncaps);
	memcpy(copy, bytes, c->data_len);
	if (c->nips) {
		ev->call.nips = c->nips;
		ev->call.ips = (const uint64_t *)(void *)copy;
	}
	/* -g fp's repair data: bp, sp, ip (perf's register bits 6-8, in bit
	 * order) and the stack top */
	if (c->ustack) {
		ev->call.regs_mask = BPF_RECORDS_USTACK_REGS;
		ev->call.nregs = 3;
		ev->call.regs = (const uint64_t *)(void *)(copy + c->nips * 8);
		ev->call.stack_size = c->ustack;
		ev->call.stack = copy + c->nips * 8 + 24;
	}
	uint32_t ncaps = 0;
	for (uint32_t i = 0; i < c->ncaps; i++) {
		const struct scprof_bpf_cap *k = &c->caps[i];
		if ((uint32_t)k->off + k->len > c->data_len || k->arg >= SCF_MAX_ARGS ||
		    !scf_capture_kind_name(k->kind)) {
			(*dropped)++;
			continue;
		}
		uint16_t flags = k->flags & (SCF_CAP_TRUNCATED | SCF_CAP_FAULT | SCF_CAP_AT_EXIT);
		caps[ncaps++] = (struct scf_capture){ .arg = k->arg, .kind = k->kind,
						      .flags = flags,
						      .len = flags & SCF_CAP_FAULT ? 0 : k->len,
						      .data = copy + k->off };
		if (flags & SCF_CAP_FAULT || !k->len)
			caps[ncaps - 1].data = NULL, caps[ncaps - 1].len = 0;
	}
	ncaps = sort_captures(caps, ncaps);

	ev->type = SCF_EV_CALL;
	ev->time = c->end;
	struct scf_call *call = &ev->call;
	call->start = c->start <= c->end ? c->start : c->end;
	call->duration = c->end - call->start;
	call->pid = c->pid;
	call->tid = c->tid;
	call->cpu = c->cpu;
	call->flags = c->flags & (SCF_CALL_NO_RETURN | SCF_CALL_UNFINISHED);
	call->nr = c->nr;
	call->ret = c->ret;
	memcpy(call->args, c->args, sizeof(call->args));
	call->ncaptures = ncaps;
	call->captures = ncaps ? caps : NULL;
	if (bo) {
		struct scf_offcpu *o = (struct scf_offcpu *)(void *)((uint8_t *)ev + off_at);
		uint64_t *kips = (uint64_t *)(o + 1);
		memset(o, 0, sizeof(*o));
		o->blocked = bo->blocked;
		o->runnable = bo->runnable;
		o->longest = bo->longest;
		o->switches = bo->switches;
		o->flags = bo->flags & (SCF_OFFCPU_WAKER | SCF_OFFCPU_BLOCKED_AT_END |
					SCF_OFFCPU_SWITCH_LOST | SCF_OFFCPU_WAKER_IRQ);
		memcpy(kips, bo_kips, (size_t)bo->nkips * 8);
		o->nkips = bo->nkips;
		o->kips = o->nkips ? kips : NULL;
		if (o->flags & SCF_OFFCPU_WAKER) {
			o->waker_pid = bo->waker_pid;
			o->waker_tid = bo->waker_tid;
			memcpy(o->waker_comm, bo->waker_comm, SCF_COMM_LEN - 1);
			o->waker_comm[SCF_COMM_LEN - 1] = '\0';
		}
		call->offcpu = o;
	}
	e->kind = RAW_RECORD;
	e->rec = ev;
	merge_push(m, src);
	return 0;
}

int bpf_batch_queue(struct merge *m, const unsigned *cpu_source, int ncpus, const void *data,
		    size_t size, struct bpf_batch *out)
{
	const uint8_t *p = data;
	size_t left = size;
	while (left) {
		struct scprof_bpf_call c;
		if (left < SCPROF_BPF_CALL_SHORT) {
			out->malformed++;
			break;
		}
		memcpy(&c, p, SCPROF_BPF_CALL_SHORT);
		if (c.size < SCPROF_BPF_CALL_SHORT || c.size > left) {
			out->malformed++;
			break;
		}
		uint32_t dropped = 0;
		int rc = bpf_record_queue(m, cpu_source, ncpus, p, c.size, &dropped);
		if (rc == -ENOMEM)
			return rc;
		out->malformed += dropped + (rc != 0);
		out->queued += rc == 0;
		size_t step = ((size_t)c.size + 7) & ~(size_t)7;
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return 0;
}
