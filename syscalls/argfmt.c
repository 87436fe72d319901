/*
 * argfmt.c - strace-like argument and return text from raw syscall values.
 *
 * The generated tables: build/syscalls/xlat_tables.h (named values, from
 * syscalls/xlat.in) and build/syscalls/signatures.h (argument types by
 * syscall name, from syscalls/signatures.in).  The few arguments whose
 * printing depends on another argument (open's mode, fcntl's and ioctl's
 * third argument, mknod's device, futex) are decided here.
 */
#include "syscalls/argfmt.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/strfmt.h"
#include "syscalls/syscalls.h"

struct xlat_entry {
	uint64_t val;
	const char *name;
};

enum xlat_kind {
	XLAT_FLAGS,
	XLAT_ENUM,
};

struct xlat {
	enum xlat_kind kind;
	const char *unknown; /* "O_???": the comment after an unknown value */
	size_t n;
	const struct xlat_entry *entries;
};

#include "syscalls/xlat_tables.h"

enum arg_type {
	ARG_FD,
	ARG_INT,
	ARG_UINT,
	ARG_LONG,
	ARG_SIZE,
	ARG_HEX,
	ARG_PTR,
	ARG_STR,
	ARG_PATH,
	ARG_DIRFD,
	ARG_OCT,
	ARG_CMODE,
	ARG_OFLAGS,
	ARG_MMAPFLAGS,
	ARG_SOCKTYPE,
	ARG_SOCKPROTO,
	ARG_SIGNO,
	ARG_FUTEXOP,
	ARG_FCNTLARG,
	ARG_NEWADDR,
	ARG_CLONEFLAGS,
	ARG_IOCTLARG,
	ARG_FMODE,
	ARG_DEV,
	ARG_HEX32,
	ARG_HIDDEN,
	ARG_STATXFLAGS,
	ARG_SHMGETFLAGS,
	ARG_SEMGETFLAGS,
	ARG_IBUF,
	ARG_OBUF,
	ARG_SOCKADDR,
	ARG_OSOCKADDR,
	ARG_FDPAIR,
	ARG_IOV,
	ARG_OIOV,
	ARG_MSGHDR,
	ARG_OMSGHDR,
	ARG_MMSGHDR,
	ARG_OMMSGHDR,
	ARG_XLAT,
	ARG_TYPE_COUNT
};

enum ret_type {
	RET_DEC,
	RET_HEX,
	RET_OCT,
	RET_TIMEOUT,
};

struct arg_sig {
	enum arg_type type;
	const struct xlat *xlat; /* ARG_XLAT */
	unsigned bits;           /* ARG_XLAT: 32 (int) or 64 (unsigned long) */
};

struct signature {
	const char *name;
	int nargs;
	enum ret_type ret;
	struct arg_sig args[6];
};

#include "syscalls/signatures.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * How the kernel reads an argument of each type on x86_64: its width in
 * bits and whether it is signed.  The register holds 64 bits; the kernel
 * ignores those above the width (a mode is a umode_t, a descriptor an
 * int), so they are dropped before printing, as strace drops them.
 */
static const struct arg_width {
	unsigned char bits;
	bool is_signed;
} arg_widths[ARG_TYPE_COUNT] = {
	[ARG_FD] = {32, true},        [ARG_INT] = {32, true},        [ARG_UINT] = {32, false},
	[ARG_LONG] = {64, true},      [ARG_SIZE] = {64, false},      [ARG_HEX] = {64, false},
	[ARG_PTR] = {64, false},      [ARG_STR] = {64, false},       [ARG_PATH] = {64, false},
	[ARG_DIRFD] = {32, true},     [ARG_OCT] = {16, false},       [ARG_CMODE] = {16, false},
	[ARG_OFLAGS] = {32, false},   [ARG_MMAPFLAGS] = {64, false}, [ARG_SOCKTYPE] = {32, false},
	[ARG_SOCKPROTO] = {32, true}, [ARG_SIGNO] = {32, true},      [ARG_FUTEXOP] = {32, false},
	[ARG_FCNTLARG] = {64, false}, [ARG_NEWADDR] = {64, false},   [ARG_CLONEFLAGS] = {64, false},
	[ARG_IOCTLARG] = {64, false}, [ARG_FMODE] = {16, false},     [ARG_DEV] = {32, false},
	[ARG_HEX32] = {32, false},    [ARG_HIDDEN] = {64, false},    [ARG_STATXFLAGS] = {32, false},
	[ARG_SHMGETFLAGS] = {32, false}, [ARG_SEMGETFLAGS] = {32, false},
	[ARG_IBUF] = {64, false},     [ARG_OBUF] = {64, false},      [ARG_SOCKADDR] = {64, false},
	[ARG_OSOCKADDR] = {64, false}, [ARG_FDPAIR] = {64, false}, [ARG_IOV] = {64, false},
	[ARG_OIOV] = {64, false},     [ARG_MSGHDR] = {64, false},    [ARG_OMSGHDR] = {64, false},
	[ARG_MMSGHDR] = {64, false},  [ARG_OMMSGHDR] = {64, false},  [ARG_XLAT] = {32, false},
};

static unsigned arg_bits(const struct arg_sig *a)
{
	return a->type == ARG_XLAT && a->bits ? a->bits : arg_widths[a->type].bits;
}

/* The argument as the kernel reads it: cut to its width, sign-extended
 * if signed (so that (int64_t) of it is the value). */
static uint64_t arg_value(const struct arg_sig *a, uint64_t raw)
{
	unsigned bits = arg_bits(a);

	if (bits >= 64)
		return raw;
	uint64_t mask = (1ull << bits) - 1;

	raw &= mask;
	if (arg_widths[a->type].is_signed && (raw >> (bits - 1)) & 1)
		raw |= ~mask;
	return raw;
}

/* x86_64 kernel ABI values used by the decoders below */
#define AT_FDCWD_VALUE (-100)
#define O_ACCMODE_BITS 03u
#define O_CREAT_BIT 0100u
#define O_TMPFILE_BIT 020000000u
#define MAP_TYPE_BITS 0xfu
#define MAP_HUGE_SHIFT_BITS 26
#define MAP_HUGE_MASK_BITS 0x3fu
#define SOCK_TYPE_BITS 0xfu
#define AF_INET_VALUE 2
#define AF_INET6_VALUE 10
#define SIGRTMIN_KERNEL 32
#define SIGRTMAX_KERNEL 64
#define MREMAP_FIXED_BIT 2u
#define CSIGNAL_BITS 0xffu
#define S_IFMT_BITS 0170000u
#define S_IFCHR_VALUE 0020000u
#define S_IFBLK_VALUE 0060000u
#define S_ISUGV_BITS 07000u
#define MAX_ERRNO 4095

static const struct signature *find_signature(const char *name)
{
	size_t lo = 0, hi = ARRAY_SIZE(signature_table);

	if (!name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, signature_table[mid].name);

		if (c == 0)
			return &signature_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *xlat_name(const struct xlat *x, uint64_t val)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->entries[i].val == val)
			return x->entries[i].name;
	return NULL;
}

static void add_unknown(struct strfmt_text *t, const struct xlat *x, uint64_t val)
{
	if (val == 0 || !*x->unknown)
		strfmt_add(t, "%#llx", (unsigned long long)val);
	else
		strfmt_add(t, "%#llx /* %s */", (unsigned long long)val, x->unknown);
}

static void add_enum(struct strfmt_text *t, const struct xlat *x, uint64_t val)
{
	const char *name = xlat_name(x, val);

	if (name)
		strfmt_add(t, "%s", name);
	else
		add_unknown(t, x, val);
}

/*
 * Names of the bits of val joined by '|', strace's printflags: the first
 * entry that matches takes its bits.  Leftover bits print as |0x..; if no
 * name matched at all, the value prints as 0x.. with the table's comment
 * (or plain when this is a continuation, after '|').
 */
static void add_flags(struct strfmt_text *t, const struct xlat *x, uint64_t val, bool continuation)
{
	bool any = false;

	if (val == 0) {
		const char *zero = xlat_name(x, 0);

		strfmt_add(t, "%s", zero ? zero : "0");
		return;
	}
	for (size_t i = 0; i < x->n && val; i++) {
		uint64_t bits = x->entries[i].val;

		if (bits && (val & bits) == bits) {
			strfmt_add(t, "%s%s", any ? "|" : "", x->entries[i].name);
			val &= ~bits;
			any = true;
		}
	}
	if (!val)
		return;
	if (any || continuation)
		strfmt_add(t, "%s%#llx", any ? "|" : "", (unsigned long long)val);
	else
		add_unknown(t, x, val);
}

static void add_xlat(struct strfmt_text *t, const struct xlat *x, uint64_t val)
{
	if (x->kind == XLAT_FLAGS)
		add_flags(t, x, val, false);
	else
		add_enum(t, x, val);
}

static void add_ptr(struct strfmt_text *t, uint64_t val)
{
	if (val)
		strfmt_add(t, "%#llx", (unsigned long long)val);
	else
		strfmt_add(t, "NULL");
}

static void add_open_flags(struct strfmt_text *t, uint32_t flags)
{
	add_enum(t, &xlat_open_access, flags & O_ACCMODE_BITS);
	flags &= ~O_ACCMODE_BITS;
	if (flags) {
		strfmt_add(t, "|");
		add_flags(t, &xlat_open_flags, flags, true);
	}
}

static void add_mmap_flags(struct strfmt_text *t, uint64_t flags)
{
	uint64_t huge = flags & ((uint64_t)MAP_HUGE_MASK_BITS << MAP_HUGE_SHIFT_BITS);
	uint64_t rest = flags & ~(uint64_t)MAP_TYPE_BITS & ~huge;

	add_enum(t, &xlat_mmap_type, flags & MAP_TYPE_BITS);
	if (rest) {
		strfmt_add(t, "|");
		add_flags(t, &xlat_mmap_flags, rest, true);
	}
	if (huge)
		strfmt_add(t, "|%u<<MAP_HUGE_SHIFT", (unsigned)(huge >> MAP_HUGE_SHIFT_BITS));
}

static void add_socket_type(struct strfmt_text *t, uint32_t type)
{
	const char *name = xlat_name(&xlat_socket_type, type & SOCK_TYPE_BITS);
	uint32_t flags = type & ~SOCK_TYPE_BITS;

	if (name)
		strfmt_add(t, "%s", name);
	else if ((type & SOCK_TYPE_BITS) || !flags)
		strfmt_add(t, "%#x", type & SOCK_TYPE_BITS);
	if (flags) {
		if (name || (type & SOCK_TYPE_BITS))
			strfmt_add(t, "|");
		add_flags(t, &xlat_sock_flags, flags, true);
	}
}

static void add_signal(struct strfmt_text *t, int sig)
{
	const char *name = sig > 0 ? xlat_name(&xlat_signal, (uint64_t)sig) : NULL;

	if (name)
		strfmt_add(t, "%s", name);
	else if (sig >= SIGRTMIN_KERNEL && sig <= SIGRTMAX_KERNEL)
		strfmt_add(t, "SIGRT_%d", sig - SIGRTMIN_KERNEL);
	else
		strfmt_add(t, "%d", sig);
}

static void add_futex_op(struct strfmt_text *t, uint32_t op)
{
	const uint32_t private_flag = 128, clock_realtime = 256;
	const char *name = xlat_name(&xlat_futex_cmd, op & 127);
	uint32_t rest = op & ~(127u | private_flag | clock_realtime);

	if (!name) {
		add_unknown(t, &xlat_futex_cmd, op);
		return;
	}
	strfmt_add(t, "%s%s", name, (op & private_flag) ? "_PRIVATE" : "");
	if (op & clock_realtime)
		strfmt_add(t, "|FUTEX_CLOCK_REALTIME");
	if (rest)
		strfmt_add(t, "|%#x", rest);
}

/* fcntl commands whose third argument is not read */
static bool fcntl_takes_no_arg(int cmd)
{
	/* F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS */
	static const int cmds[] = {1, 3, 9, 11, 1025, 1032, 1034};

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (cmds[i] == cmd)
			return true;
	return false;
}

static void add_fcntl_arg(struct strfmt_text *t, int cmd, uint64_t arg)
{
	switch (cmd) {
	case 2: /* F_SETFD */
		add_flags(t, &xlat_fd_flags, (uint32_t)arg, false);
		break;
	case 4: /* F_SETFL */
		add_open_flags(t, (uint32_t)arg);
		break;
	case 0:    /* F_DUPFD */
	case 1030: /* F_DUPFD_CLOEXEC */
	case 8:    /* F_SETOWN */
	case 1031: /* F_SETPIPE_SZ */
		strfmt_add(t, "%d", (int)arg);
		break;
	case 10: /* F_SETSIG */
		add_signal(t, (int)arg);
		break;
	case 5:  /* F_GETLK */
	case 6:  /* F_SETLK */
	case 7:  /* F_SETLKW */
	case 15: /* F_SETOWN_EX */
	case 16: /* F_GETOWN_EX */
	case 17: /* F_GETOWNER_UIDS */
	case 36: /* F_OFD_GETLK */
	case 37: /* F_OFD_SETLK */
	case 38: /* F_OFD_SETLKW */
		add_ptr(t, arg);
		break;
	default:
		strfmt_add(t, "%#llx", (unsigned long long)arg);
	}
}

/*
 * clone's flags as strace prints them: the CLONE_* names, then the exit
 * signal in the low byte after a '|' (nothing for 0); flags without a
 * CLONE_* bit print as the signal alone (0 for no signal either).
 */
static void add_clone_flags(struct strfmt_text *t, uint64_t flags)
{
	uint64_t rest = flags & ~(uint64_t)CSIGNAL_BITS;
	int sig = (int)(flags & CSIGNAL_BITS);

	if (!rest) {
		add_signal(t, sig);
		return;
	}
	add_flags(t, &xlat_clone_flags, rest, false);
	if (sig) {
		strfmt_add(t, "|");
		add_signal(t, sig);
	}
}

/* x86_64 ioctl requests whose third argument argfmt decodes or omits */
enum {
	IOCTL_TCSBRK = 0x5409,
	IOCTL_TCXONC = 0x540a,
	IOCTL_TCFLSH = 0x540b,
	IOCTL_TIOCEXCL = 0x540c,
	IOCTL_TIOCNXCL = 0x540d,
	IOCTL_TIOCSCTTY = 0x540e,
	IOCTL_TIOCCONS = 0x541d,
	IOCTL_TIOCNOTTY = 0x5422,
	IOCTL_TCSBRKP = 0x5425,
	IOCTL_TIOCSBRK = 0x5427,
	IOCTL_TIOCCBRK = 0x5428,
	IOCTL_TIOCVHANGUP = 0x5437,
	IOCTL_FIONCLEX = 0x5450,
	IOCTL_FIOCLEX = 0x5451,
	IOCTL_FICLONE = 0x40049409,
};

/* ioctl requests that do not read their third argument (strace omits it) */
static bool ioctl_takes_no_arg(uint32_t req)
{
	switch (req) {
	case IOCTL_TIOCEXCL:
	case IOCTL_TIOCNXCL:
	case IOCTL_TIOCCONS:
	case IOCTL_TIOCNOTTY:
	case IOCTL_TIOCSBRK:
	case IOCTL_TIOCCBRK:
	case IOCTL_TIOCVHANGUP:
	case IOCTL_FIONCLEX:
	case IOCTL_FIOCLEX:
		return true;
	default:
		return false;
	}
}

/*
 * ioctl's third argument: a value for the few requests that take one, a
 * pointer (NULL or 0x..) for the other known requests, hex for unknown
 * requests (whose argument may be anything).
 */
static void add_ioctl_arg(struct strfmt_text *t, uint32_t req, uint64_t arg)
{
	switch (req) {
	case IOCTL_TCSBRK:
	case IOCTL_TCSBRKP:
	case IOCTL_TIOCSCTTY:
	case IOCTL_FICLONE: /* the source fd */
		strfmt_add(t, "%d", (int)arg);
		break;
	case IOCTL_TCXONC:
		add_enum(t, &xlat_tcxonc_action, arg);
		break;
	case IOCTL_TCFLSH:
		add_enum(t, &xlat_tcflsh_queue, arg);
		break;
	default:
		if (xlat_name(&xlat_ioctl_request, req))
			add_ptr(t, arg);
		else
			strfmt_add(t, "%#llx", (unsigned long long)arg);
	}
}

/*
 * A mode with its file type, strace's print_symbolic_mode_t: S_IFCHR|0600,
 * S_IFREG|S_ISUID|0755, 0644 without a type; all octal if the type has no
 * name.  The kernel reads 16 bits (umode_t).
 */
static void add_file_mode(struct strfmt_text *t, uint16_t mode)
{
	uint32_t type = mode & S_IFMT_BITS;
	uint32_t special = mode & S_ISUGV_BITS;
	const char *name = type ? xlat_name(&xlat_mode_type, type) : NULL;

	if (type && !name) {
		strfmt_add(t, "%#03o", mode);
		return;
	}
	if (name)
		strfmt_add(t, "%s|", name);
	if (special) {
		add_flags(t, &xlat_mode_special, special, true);
		strfmt_add(t, "|");
	}
	strfmt_add(t, "%#03o", mode & ~(S_IFMT_BITS | S_ISUGV_BITS));
}

/* mknod's device (the kernel's 32-bit dev_t) as makedev(major, minor) */
static void add_dev(struct strfmt_text *t, uint32_t dev)
{
	unsigned major = (dev >> 8) & 0xfff;
	unsigned minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	strfmt_add(t, "makedev(%#x, %#x)", major, minor);
}

/* The value of sig's first argument of that type (open's flags, mknod's mode). */
static uint64_t arg_of_type(const struct signature *sig, const uint64_t args[6], enum arg_type type)
{
	for (int i = 0; i < sig->nargs; i++)
		if (sig->args[i].type == type)
			return arg_value(&sig->args[i], args[i]);
	return 0;
}

static bool arg_shown(const struct signature *sig, const uint64_t args[6], int i)
{
	switch (sig->args[i].type) {
	case ARG_CMODE:
		return arg_of_type(sig, args, ARG_OFLAGS) & (O_CREAT_BIT | O_TMPFILE_BIT);
	case ARG_FCNTLARG:
		return !fcntl_takes_no_arg((int)args[1]);
	case ARG_NEWADDR:
		return i >= 4 && (args[3] & MREMAP_FIXED_BIT);
	case ARG_IOCTLARG:
		return !ioctl_takes_no_arg((uint32_t)args[1]);
	case ARG_DEV: {
		uint32_t type = arg_of_type(sig, args, ARG_FMODE) & S_IFMT_BITS;

		return type == S_IFCHR_VALUE || type == S_IFBLK_VALUE;
	}
	case ARG_HIDDEN:
		return false;
	default:
		return true;
	}
}

/* The capture of argument i, or NULL. */
static const struct scf_capture *capture_of(const struct argfmt_call *call, int i)
{
	for (uint32_t k = 0; call && k < call->ncaptures; k++)
		if (call->captures[k].arg == i)
			return &call->captures[k];
	return NULL;
}

static bool call_failed(const struct argfmt_call *call)
{
	return !call->returned || (call->ret < 0 && call->ret >= -MAX_ERRNO);
}

const char *argfmt_family_name(unsigned family)
{
	return xlat_name(&xlat_address_family, family);
}

/*
 * A pointer argument with what the recording captured behind it, as
 * strace prints it; the address when nothing was captured, the capture
 * failed, or (for what the call fills in) the call failed.
 */
static void add_captured(struct strfmt_text *t, const struct signature *sig, const uint64_t args[6], int i,
			 const struct argfmt_call *call)
{
	const struct scf_capture *cap = capture_of(call, i);
	enum arg_type type = sig->args[i].type;
	bool output = type == ARG_OBUF || type == ARG_OSOCKADDR;
	size_t n;

	if (!cap || (cap->flags & SCF_CAP_FAULT) || (output && call_failed(call))) {
		add_ptr(t, args[i]);
		return;
	}
	n = cap->len;
	bool cut = cap->flags & SCF_CAP_TRUNCATED;
	if (cap->kind == SCF_CAP_DATA && i + 1 < sig->nargs) {
		/* strace -s: a read shows the ret bytes it read, a write the
		 * count it was given; "..." if the capture holds fewer */
		uint64_t total = output ? (uint64_t)call->ret : arg_value(&sig->args[i + 1], args[i + 1]);

		if (total < n)
			n = (size_t)total;
		cut = cut || total > n;
	}
	if (cap->kind == SCF_CAP_SOCKADDR)
		strfmt_sockaddr(t, cap->data, n, argfmt_family_name);
	else
		strfmt_quoted(t, cap->data, n, cut);
}

/* A descriptor, with what is behind it for -y: 3</etc/hosts> */
static void add_fd(struct strfmt_text *t, int fd, const struct argfmt_call *call)
{
	const char *name = call && call->fd_name && fd >= 0 ? call->fd_name(call->fd_ctx, fd) : NULL;

	strfmt_add(t, "%d", fd);
	if (name) {
		strfmt_add(t, "<");
		strfmt_fdname(t, name);
		strfmt_add(t, ">");
	}
}

/*
 * The int[2] that pipe, pipe2 and socketpair fill in, as strace prints
 * it: [3, 4].  The address when the call failed or nothing was captured.
 */
static void add_fdpair(struct strfmt_text *t, uint64_t ptr, int i, const struct argfmt_call *call)
{
	const struct scf_capture *cap = capture_of(call, i);
	int32_t fds[2];

	if (!cap || cap->kind != SCF_CAP_DATA || (cap->flags & SCF_CAP_FAULT) || cap->len != sizeof(fds) ||
	    call_failed(call)) {
		add_ptr(t, ptr);
		return;
	}
	memcpy(fds, cap->data, sizeof(fds));
	strfmt_add(t, "[");
	add_fd(t, fds[0], call);
	strfmt_add(t, ", ");
	add_fd(t, fds[1], call);
	strfmt_add(t, "]");
}

/*
 * The elements of an iovec array from *pos of cap (SCF_CAP_IOV, or the
 * tail of SCF_CAP_MSGHDR) as strace -s prints them:
 *   [{iov_base="hello", iov_len=5}, {iov_base=" world\n", iov_len=7}]
 * An element's data is cut at what was captured, with "..." after the
 * quote when there was more; ", ..." after the last element captured
 * when the array had more (the recorder takes the first 8, at most
 * SIZE).  An array the call filled (readv) shows in each element the
 * bytes the call put there: left (its return value) shared out in order.
 */
static void add_iov_elems(struct strfmt_text *t, const struct scf_capture *cap, size_t pos, uint64_t left)
{
	struct scf_iov_entry e;
	const uint8_t *data;
	bool first = true;

	strfmt_add(t, "[");
	while (scf_iov_next(cap, &pos, &e, &data) > 0) {
		uint64_t shown = e.len < left ? e.len : left;

		left -= shown;
		strfmt_add(t, "%s{iov_base=", first ? "" : ", ");
		if (e.flags & SCF_IOV_FAULT)
			add_ptr(t, e.base);
		else
			strfmt_quoted(t, data, e.data_len < shown ? e.data_len : (size_t)shown, e.data_len < shown);
		strfmt_add(t, ", iov_len=%llu}", (unsigned long long)e.len);
		first = false;
	}
	if (cap->flags & SCF_CAP_TRUNCATED)
		strfmt_add(t, "%s...", first ? "" : ", ");
	strfmt_add(t, "]");
}

/*
 * A struct iovec array (readv, writev) with what the recording captured
 * of it (record -s), as strace -s prints it (add_iov_elems); an array the
 * call fills prints only when the call succeeded.  The address when
 * nothing was captured, the array could not be read or the capture is
 * malformed.
 */
static void add_iov(struct strfmt_text *t, uint64_t ptr, int i, bool output, const struct argfmt_call *call)
{
	const struct scf_capture *cap = capture_of(call, i);

	if (!cap || cap->kind != SCF_CAP_IOV || (cap->flags & SCF_CAP_FAULT) || (output && call_failed(call)) ||
	    scf_capture_check(cap) < 0) {
		add_ptr(t, ptr);
		return;
	}
	add_iov_elems(t, cap, 0, output ? (uint64_t)call->ret : UINT64_MAX);
}

static void add_msghdr_body(struct strfmt_text *t, const struct scf_capture *cap, const struct scf_msghdr *m,
			    const uint8_t *name, size_t pos, uint64_t left);

/*
 * A struct msghdr (sendmsg, recvmsg) with what the recording captured of
 * it (record -s), as strace -s prints it:
 *   {msg_name={sa_family=AF_INET, ...}, msg_namelen=16, msg_iov=[{iov_base="x",
 *    iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}
 * A message the call fills (recvmsg) is read when the call returned and
 * prints only when it succeeded.  The control data is not captured:
 * msg_control prints as its address (strace decodes it) when
 * msg_controllen is not 0.  The address when nothing was captured or the
 * capture is malformed.
 */
static void add_msghdr(struct strfmt_text *t, uint64_t ptr, int i, bool output, const struct argfmt_call *call)
{
	const struct scf_capture *cap = capture_of(call, i);
	struct scf_msghdr m;
	const uint8_t *name;
	size_t pos;

	if (!cap || cap->kind != SCF_CAP_MSGHDR || (cap->flags & SCF_CAP_FAULT) || (output && call_failed(call)) ||
	    scf_capture_check(cap) < 0 || scf_msghdr_parse(cap, &m, &name, &pos) < 0) {
		add_ptr(t, ptr);
		return;
	}
	add_msghdr_body(t, cap, &m, name, pos, output ? (uint64_t)call->ret : UINT64_MAX);
}

/* The braces of a parsed message (add_msghdr), its data up to left. */
static void add_msghdr_body(struct strfmt_text *t, const struct scf_capture *cap, const struct scf_msghdr *mp,
			    const uint8_t *name, size_t pos, uint64_t left)
{
	struct scf_msghdr m = *mp;

	strfmt_add(t, "{msg_name=");
	if (name)
		strfmt_sockaddr(t, name, m.name_len, argfmt_family_name);
	else
		add_ptr(t, m.name);
	strfmt_add(t, ", msg_namelen=%d, msg_iov=", (int)m.namelen);
	if (m.flags & SCF_MSG_IOV_FAULT)
		add_ptr(t, m.iov);
	else
		add_iov_elems(t, cap, pos, left);
	strfmt_add(t, ", msg_iovlen=%llu, ", (unsigned long long)m.iovlen);
	if (m.controllen) {
		strfmt_add(t, "msg_control=");
		add_ptr(t, m.control);
		strfmt_add(t, ", ");
	}
	strfmt_add(t, "msg_controllen=%llu, msg_flags=", (unsigned long long)m.controllen);
	add_flags(t, &xlat_msg_flags, m.msg_flags, false);
	strfmt_add(t, "}");
}

/*
 * The struct mmsghdr array of sendmmsg and recvmmsg with its first
 * message as the recording captured it (record -s), as strace -s prints
 * it: [{msg_hdr={...}, msg_len=5}] (its data up to msg_len), then ", ..." when the call handled
 * more messages (the recorder takes the first only).  Only when the call
 * succeeded (strace prints the messages it handled); the address
 * otherwise, or when nothing was captured or the capture is malformed.
 */
static void add_mmsghdr(struct strfmt_text *t, uint64_t ptr, int i, const struct argfmt_call *call)
{
	const struct scf_capture *cap = capture_of(call, i);
	struct scf_capture msg;
	struct scf_msghdr m;
	const uint8_t *name;
	uint32_t msg_len;
	size_t pos;

	if (!cap || cap->kind != SCF_CAP_MMSGHDR || (cap->flags & SCF_CAP_FAULT) || call_failed(call) ||
	    scf_capture_check(cap) < 0 || scf_mmsghdr_split(cap, &msg_len, &msg) < 0 ||
	    scf_msghdr_parse(&msg, &m, &name, &pos) < 0) {
		add_ptr(t, ptr);
		return;
	}
	if (call->ret == 0) {
		strfmt_add(t, "[]");
		return;
	}
	strfmt_add(t, "[{msg_hdr=");
	/* strace shows the data up to msg_len, what the call moved, for
	 * both calls */
	add_msghdr_body(t, &msg, &m, name, pos, msg_len);
	strfmt_add(t, ", msg_len=%u}%s]", msg_len, call->ret > 1 ? ", ..." : "");
}

/* statx's flags: the sync type first, then the AT_* flags */
static void add_statx_flags(struct strfmt_text *t, uint32_t flags)
{
	const uint32_t sync_type = 0x6000;

	add_flags(t, &xlat_statx_sync, flags & sync_type, false);
	if (flags & ~sync_type) {
		strfmt_add(t, "|");
		add_flags(t, &xlat_at_flags, flags & ~sync_type, true);
	}
}

/* shmget's and semget's flags: IPC_CREAT|IPC_EXCL|0600 */
static void add_ipc_flags(struct strfmt_text *t, const struct xlat *x, uint32_t flags)
{
	if (flags & ~0777u) {
		add_flags(t, x, flags & ~0777u, true);
		strfmt_add(t, "|");
	}
	strfmt_add(t, "%#03o", flags & 0777u);
}

static void add_arg(struct strfmt_text *t, const struct signature *sig, const uint64_t args[6], int i,
		    const struct argfmt_call *call)
{
	uint64_t v = arg_value(&sig->args[i], args[i]);

	switch (sig->args[i].type) {
	case ARG_FD:
		add_fd(t, (int)v, call);
		break;
	case ARG_INT:
		strfmt_add(t, "%d", (int)v);
		break;
	case ARG_UINT:
		strfmt_add(t, "%u", (unsigned)v);
		break;
	case ARG_LONG:
		strfmt_add(t, "%lld", (long long)v);
		break;
	case ARG_SIZE:
		strfmt_add(t, "%llu", (unsigned long long)v);
		break;
	case ARG_HEX:
	case ARG_HEX32:
	case ARG_HIDDEN:
		strfmt_add(t, "%#llx", (unsigned long long)v);
		break;
	case ARG_PTR:
	case ARG_NEWADDR:
		add_ptr(t, v);
		break;
	case ARG_FDPAIR:
		add_fdpair(t, v, i, call);
		break;
	case ARG_IOV:
	case ARG_OIOV:
		add_iov(t, v, i, sig->args[i].type == ARG_OIOV, call);
		break;
	case ARG_MSGHDR:
	case ARG_OMSGHDR:
		add_msghdr(t, v, i, sig->args[i].type == ARG_OMSGHDR, call);
		break;
	case ARG_MMSGHDR:
	case ARG_OMMSGHDR:
		add_mmsghdr(t, v, i, call);
		break;
	case ARG_STR:
	case ARG_PATH:
	case ARG_IBUF:
	case ARG_OBUF:
	case ARG_SOCKADDR:
	case ARG_OSOCKADDR:
		add_captured(t, sig, args, i, call);
		break;
	case ARG_DIRFD:
		if ((int)v == AT_FDCWD_VALUE) {
			/* -y: the working directory, as strace -y prints it */
			const char *cwd = call && call->fd_name ? call->fd_name(call->fd_ctx, AT_FDCWD_VALUE)
							      : NULL;

			strfmt_add(t, "AT_FDCWD");
			if (cwd) {
				strfmt_add(t, "<");
				strfmt_fdname(t, cwd);
				strfmt_add(t, ">");
			}
		} else
			add_fd(t, (int)v, call);
		break;
	case ARG_OCT:
	case ARG_CMODE:
		strfmt_add(t, "%#03o", (unsigned)v);
		break;
	case ARG_OFLAGS:
		add_open_flags(t, (uint32_t)v);
		break;
	case ARG_MMAPFLAGS:
		add_mmap_flags(t, v);
		break;
	case ARG_SOCKTYPE:
		add_socket_type(t, (uint32_t)v);
		break;
	case ARG_SOCKPROTO: {
		int family = (int)args[0];
		const char *name = NULL;

		if (family == AF_INET_VALUE || family == AF_INET6_VALUE)
			name = xlat_name(&xlat_inet_protocol, (uint32_t)v);
		if (name)
			strfmt_add(t, "%s", name);
		else
			strfmt_add(t, "%d", (int)v);
		break;
	}
	case ARG_SIGNO:
		add_signal(t, (int)v);
		break;
	case ARG_FUTEXOP:
		add_futex_op(t, (uint32_t)v);
		break;
	case ARG_FCNTLARG:
		add_fcntl_arg(t, (int)args[1], v);
		break;
	case ARG_CLONEFLAGS:
		add_clone_flags(t, v);
		break;
	case ARG_IOCTLARG:
		add_ioctl_arg(t, (uint32_t)args[1], v);
		break;
	case ARG_FMODE:
		add_file_mode(t, (uint16_t)v);
		break;
	case ARG_DEV:
		add_dev(t, (uint32_t)v);
		break;
	case ARG_STATXFLAGS:
		add_statx_flags(t, (uint32_t)v);
		break;
	case ARG_SHMGETFLAGS:
		add_ipc_flags(t, &xlat_shm_resource_flags, (uint32_t)v);
		break;
	case ARG_SEMGETFLAGS:
		add_ipc_flags(t, &xlat_sem_resource_flags, (uint32_t)v);
		break;
	case ARG_XLAT:
		add_xlat(t, sig->args[i].xlat, v);
		break;
	case ARG_TYPE_COUNT:
		break;
	}
}

/* futex(2) prints the arguments its command reads, like strace. */
static void add_futex_args(struct strfmt_text *t, const uint64_t args[6])
{
	enum { VAL = 1 << 2, TIMEOUT = 1 << 3, VAL2 = 1 << 4, UADDR2 = 1 << 5, VAL3 = 1 << 6,
	       BITSET = 1 << 7, VAL3_HEX = 1 << 8 };
	uint32_t op = (uint32_t)args[1];
	unsigned show;

	switch (op & 127) {
	case 0: /* FUTEX_WAIT */
		show = VAL | TIMEOUT;
		break;
	case 6:  /* FUTEX_LOCK_PI */
	case 13: /* FUTEX_LOCK_PI2 */
		show = TIMEOUT;
		break;
	case 9: /* FUTEX_WAIT_BITSET */
		show = VAL | TIMEOUT | BITSET;
		break;
	case 10: /* FUTEX_WAKE_BITSET */
		show = VAL | BITSET;
		break;
	case 3: /* FUTEX_REQUEUE */
		show = VAL | VAL2 | UADDR2;
		break;
	case 4:  /* FUTEX_CMP_REQUEUE */
	case 12: /* FUTEX_CMP_REQUEUE_PI */
		show = VAL | VAL2 | UADDR2 | VAL3;
		break;
	case 5: /* FUTEX_WAKE_OP: strace spells val3 out; here it is hex */
		show = VAL | VAL2 | UADDR2 | VAL3_HEX;
		break;
	case 11: /* FUTEX_WAIT_REQUEUE_PI */
		show = VAL | TIMEOUT | UADDR2;
		break;
	case 1: /* FUTEX_WAKE */
	case 2: /* FUTEX_FD */
		show = VAL;
		break;
	case 7: /* FUTEX_UNLOCK_PI */
	case 8: /* FUTEX_TRYLOCK_PI */
		show = 0;
		break;
	default:
		show = VAL | TIMEOUT | UADDR2 | VAL3_HEX;
	}
	add_ptr(t, args[0]);
	strfmt_add(t, ", ");
	add_futex_op(t, op);
	if (show & VAL)
		strfmt_add(t, ", %u", (unsigned)args[2]);
	if (show & TIMEOUT) {
		strfmt_add(t, ", ");
		add_ptr(t, args[3]);
	}
	if (show & VAL2)
		strfmt_add(t, ", %u", (unsigned)args[3]);
	if (show & UADDR2) {
		strfmt_add(t, ", ");
		add_ptr(t, args[4]);
	}
	if (show & VAL3)
		strfmt_add(t, ", %u", (unsigned)args[5]);
	if (show & VAL3_HEX)
		strfmt_add(t, ", %#x", (unsigned)args[5]);
	if (show & BITSET) {
		strfmt_add(t, ", ");
		add_enum(t, &xlat_futex_bitset, (uint32_t)args[5]);
	}
}

int argfmt_args(const char *name, const uint64_t args[6], char *buf, size_t len)
{
	return argfmt_call_args(name, args, NULL, buf, len);
}

int argfmt_call_args(const char *name, const uint64_t args[6], const struct argfmt_call *call,
		     char *buf, size_t len)
{
	struct strfmt_text t = {buf, len, 0};
	const struct signature *sig = find_signature(name);
	bool first = true;

	if (!sig) {
		for (int i = 0; i < 6; i++)
			strfmt_add(&t, "%s%#llx", i ? ", " : "", (unsigned long long)args[i]);
		return strfmt_end(&t);
	}
	if (sig->nargs >= 2 && sig->args[1].type == ARG_FUTEXOP) {
		add_futex_args(&t, args);
		return strfmt_end(&t);
	}
	for (int i = 0; i < sig->nargs; i++) {
		if (!arg_shown(sig, args, i))
			continue;
		if (!first)
			strfmt_add(&t, ", ");
		add_arg(&t, sig, args, i, call);
		first = false;
	}
	return strfmt_end(&t);
}

int argfmt_ret(const char *name, int64_t ret, char *buf, size_t len)
{
	struct strfmt_text t = {buf, len, 0};
	const struct signature *sig = find_signature(name);

	if (ret < 0 && ret >= -MAX_ERRNO) {
		int err = (int)-ret;
		const char *ename = errno_name(err);
		/* strace's "?": the call did not return; it is restarted or
		 * turns into EINTR once the signal is handled */
		bool restart = err == 512 || err == 513 || err == 514 || err == 516;

		if (ename)
			strfmt_add(&t, "%s %s (%s)", restart ? "?" : "-1", ename, errno_text(err));
		else
			strfmt_add(&t, "-1 %d (%s)", err, errno_text(err));
		return strfmt_end(&t);
	}
	switch (sig ? sig->ret : RET_DEC) {
	case RET_HEX:
		strfmt_add(&t, "%#llx", (unsigned long long)ret);
		break;
	case RET_OCT:
		strfmt_add(&t, "%#03llo", (unsigned long long)ret);
		break;
	case RET_DEC:
		strfmt_add(&t, "%lld", (long long)ret);
		break;
	case RET_TIMEOUT:
		strfmt_add(&t, ret ? "%lld" : "%lld (Timeout)", (long long)ret);
		break;
	}
	return strfmt_end(&t);
}

int argfmt_arg_bits(const char *name, int i)
{
	const struct signature *sig = find_signature(name);

	if (!sig)
		return -1;
	if (i < 0 || i >= sig->nargs)
		return 0;
	return (int)arg_bits(&sig->args[i]);
}

int argfmt_nargs(const char *name)
{
	const struct signature *sig = find_signature(name);

	return sig ? sig->nargs : -1;
}

enum argfmt_role argfmt_arg_role(const char *name, int i)
{
	const struct signature *sig = find_signature(name);

	if (!sig || i < 0 || i >= sig->nargs)
		return ARGFMT_VALUE;
	switch (sig->args[i].type) {
	case ARG_FD:
		return ARGFMT_FD;
	case ARG_DIRFD:
		return ARGFMT_DIRFD;
	case ARG_PATH:
		return ARGFMT_PATH;
	case ARG_SOCKADDR:
	case ARG_OSOCKADDR:
		return ARGFMT_SOCKADDR;
	default:
		return ARGFMT_VALUE;
	}
}
