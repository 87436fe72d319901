/*
 * scf_common.c - libscf functions shared by writers and readers: error
 * words and syscall names from a recording's table.
 */
#include <errno.h>
#include <string.h>

#include "formats/scf.h"
#include "formats/scf_internal.h"

const char *scf_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EBADMSG:
		return "corrupt recording";
	case ENOTSUP:
		return "recording needs a newer scprof";
	case ENODATA:
		return "not a scprof recording";
	default:
		return strerror(err);
	}
}

const char *scf_target_name(enum scf_target t)
{
	switch (t) {
	case SCF_TARGET_COMMAND:
		return "command";
	case SCF_TARGET_PIDS:
		return "pids";
	case SCF_TARGET_SYSTEM:
		return "system";
	}
	return NULL;
}

const char *scf_recorder_kind_name(uint32_t kind)
{
	switch (kind) {
	case SCF_RECORDER_TRACEPOINT:
		return "tracepoint";
	case SCF_RECORDER_BPF:
		return "bpf";
	}
	return NULL;
}

const char *scf_capture_kind_name(uint8_t kind)
{
	switch (kind) {
	case SCF_CAP_PATH:
		return "path";
	case SCF_CAP_SOCKADDR:
		return "sockaddr";
	case SCF_CAP_DATA:
		return "data";
	case SCF_CAP_IOV:
		return "iov";
	case SCF_CAP_MSGHDR:
		return "msghdr";
	case SCF_CAP_MMSGHDR:
		return "mmsghdr";
	}
	return NULL;
}

const char *scf_meta_syscall_name(const struct scf_meta *m, int32_t nr)
{
	if (!m || !m->syscalls)
		return NULL;
	const struct scf_syscall_name *t = m->syscalls;
	uint32_t n = m->nsyscalls;
	/* Tables are usually dense from 0: try the slot first. */
	if (nr >= 0 && (uint32_t)nr < n && t[nr].nr == nr)
		return t[nr].name;
	/* Then a binary search, right when the table is sorted (the
	 * reader sorts it)... */
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t[mid].nr == nr)
			return t[mid].name;
		if (t[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ...and a scan for a caller's unsorted table. */
	for (uint32_t i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].name;
	return NULL;
}

uint64_t scf_symtab_addr(const struct scf_symtab *t, const struct scf_mmap *m, uint64_t ip)
{
	return ip - m->addr + m->pgoff - t->load_offset + t->load_vaddr;
}

int scf_iov_next(const struct scf_capture *cap, size_t *pos, struct scf_iov_entry *e,
		 const uint8_t **data)
{
	size_t p = *pos, len = cap->data ? cap->len : 0;
	if (p >= len)
		return 0;
	if (len - p < SCF_IOV_ENTRY_SIZE)
		return -EBADMSG;
	const uint8_t *b = cap->data + p;
	e->base = scf_get_le64(b);
	e->len = scf_get_le64(b + 8);
	e->data_len = scf_get_le32(b + 16);
	e->flags = scf_get_le32(b + 20);
	p += SCF_IOV_ENTRY_SIZE;
	if (e->flags & ~SCF_IOV_FAULT || e->data_len > len - p || e->data_len > e->len ||
	    (e->flags & SCF_IOV_FAULT && e->data_len))
		return -EBADMSG;
	*data = e->data_len ? b + SCF_IOV_ENTRY_SIZE : NULL;
	*pos = p + e->data_len;
	return 1;
}

int scf_msghdr_parse(const struct scf_capture *cap, struct scf_msghdr *m, const uint8_t **name,
		     size_t *pos)
{
	size_t len = cap->data ? cap->len : 0;
	if (len < SCF_MSGHDR_SIZE)
		return -EBADMSG;
	const uint8_t *b = cap->data;
	m->name = scf_get_le64(b);
	m->namelen = scf_get_le32(b + 8);
	m->iov = scf_get_le64(b + 16);
	m->iovlen = scf_get_le64(b + 24);
	m->control = scf_get_le64(b + 32);
	m->controllen = scf_get_le64(b + 40);
	m->msg_flags = scf_get_le32(b + 48);
	m->name_len = scf_get_le32(b + 56);
	m->flags = scf_get_le32(b + 60);
	if (m->flags & ~(SCF_MSG_NAME_FAULT | SCF_MSG_IOV_FAULT) || m->name_len > len - SCF_MSGHDR_SIZE ||
	    (m->flags & SCF_MSG_NAME_FAULT && m->name_len) ||
	    (m->flags & SCF_MSG_IOV_FAULT && len > SCF_MSGHDR_SIZE + m->name_len))
		return -EBADMSG;
	*name = m->name_len ? b + SCF_MSGHDR_SIZE : NULL;
	*pos = SCF_MSGHDR_SIZE + m->name_len;
	return 0;
}

int scf_mmsghdr_split(const struct scf_capture *cap, uint32_t *msg_len, struct scf_capture *msg)
{
	size_t len = cap->data ? cap->len : 0;
	if (len < 8 || scf_get_le32(cap->data + 4))
		return -EBADMSG;
	*msg_len = scf_get_le32(cap->data);
	*msg = *cap;
	msg->kind = SCF_CAP_MSGHDR;
	msg->data = cap->data + 8;
	msg->len = (uint32_t)(len - 8);
	return 0;
}

int scf_capture_check(const struct scf_capture *cap)
{
	size_t pos = 0;
	struct scf_iov_entry e;
	struct scf_msghdr m;
	struct scf_capture inner;
	uint32_t msg_len;
	const uint8_t *d;
	int rc;

	if (cap->kind == SCF_CAP_MMSGHDR) {
		if (cap->flags & SCF_CAP_FAULT)
			return 0;
		if (scf_mmsghdr_split(cap, &msg_len, &inner) < 0)
			return -EBADMSG;
		return scf_capture_check(&inner);
	}
	if (cap->kind == SCF_CAP_MSGHDR) {
		if (cap->flags & SCF_CAP_FAULT)
			return 0;
		if ((rc = scf_msghdr_parse(cap, &m, &d, &pos)) < 0)
			return rc;
	} else if (cap->kind != SCF_CAP_IOV) {
		return 0;
	}
	while ((rc = scf_iov_next(cap, &pos, &e, &d)) > 0)
		;
	return rc;
}
