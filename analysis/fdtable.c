/*
 * fdtable.c - descriptor tables followed through a recording (see
 * fdtable.h).
 */
#include "analysis/fdtable.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/argfmt.h"
#include "syscalls/strfmt.h"

/* x86_64 kernel ABI values */
#define AT_FDCWD_VALUE (-100)
#define O_CLOEXEC_BIT 02000000u /* also SOCK_, EFD_, TFD_, SFD_, IN_, EPOLL_CLOEXEC */
#define MFD_CLOEXEC_BIT 1u
#define PERF_FLAG_FD_CLOEXEC_BIT 8u
#define FD_CLOEXEC_BIT 1u
#define F_DUPFD_CMD 0
#define F_SETFD_CMD 2
#define F_DUPFD_CLOEXEC_CMD 1030
#define FIONCLEX_REQ 0x5450u
#define FIOCLEX_REQ 0x5451u
#define CLOSE_RANGE_CLOEXEC_BIT 4u
#define EBADF_VALUE 9
#define EINPROGRESS_VALUE 115
#define AF_UNIX_VALUE 1
#define MAX_ERRNO 4095

/* What a call does to a descriptor table. */
enum fd_op {
	OP_NONE,
	OP_OPEN,    /* path at path_arg, under the dirfd before it if any */
	OP_MEMFD,   /* memfd_create(name, flags) */
	OP_ANON,    /* a descriptor of a kind of its own: eventfd... */
	OP_SOCKET,
	OP_SOCKETPAIR,
	OP_CONNECT,
	OP_BIND,
	OP_ACCEPT,
	OP_PIPE,
	OP_DUP,     /* dup(old) */
	OP_DUP2,    /* dup2(old, new), dup3(old, new, flags) */
	OP_FCNTL,
	OP_IOCTL,
	OP_CLOSE,
	OP_CLOSE_RANGE,
	OP_EXEC,
	OP_SIGNALFD, /* signalfd(fd, ...): a new one for fd -1 */
	OP_CHDIR,    /* chdir(path) */
	OP_FCHDIR,   /* fchdir(fd) */
};

#define CLOEXEC_ALWAYS UINT32_MAX

/* sorted by name */
static const struct fd_call {
	const char *name;
	enum fd_op op;
	int path_arg;      /* OP_OPEN: the path */
	int flags_arg;     /* where the close-on-exec bit is, -1 if none */
	uint32_t cloexec;  /* that bit; CLOEXEC_ALWAYS: always close-on-exec */
	const char *label; /* OP_ANON, OP_SIGNALFD */
} fd_calls[] = {
	{"accept", OP_ACCEPT, 0, -1, 0, NULL},
	{"accept4", OP_ACCEPT, 0, 3, O_CLOEXEC_BIT, NULL},
	{"bind", OP_BIND, 0, -1, 0, NULL},
	{"chdir", OP_CHDIR, 0, -1, 0, NULL},
	{"close", OP_CLOSE, 0, -1, 0, NULL},
	{"close_range", OP_CLOSE_RANGE, 0, -1, 0, NULL},
	{"connect", OP_CONNECT, 0, -1, 0, NULL},
	{"creat", OP_OPEN, 0, -1, 0, NULL},
	{"dup", OP_DUP, 0, -1, 0, NULL},
	{"dup2", OP_DUP2, 0, -1, 0, NULL},
	{"dup3", OP_DUP2, 0, 2, O_CLOEXEC_BIT, NULL},
	{"epoll_create", OP_ANON, 0, -1, 0, "anon_inode:[eventpoll]"},
	{"epoll_create1", OP_ANON, 0, 0, O_CLOEXEC_BIT, "anon_inode:[eventpoll]"},
	{"eventfd", OP_ANON, 0, -1, 0, "anon_inode:[eventfd]"},
	{"eventfd2", OP_ANON, 0, 1, O_CLOEXEC_BIT, "anon_inode:[eventfd]"},
	{"execve", OP_EXEC, 0, -1, 0, NULL},
	{"execveat", OP_EXEC, 0, -1, 0, NULL},
	{"fanotify_init", OP_ANON, 0, 0, O_CLOEXEC_BIT, "anon_inode:[fanotify]"},
	{"fchdir", OP_FCHDIR, 0, -1, 0, NULL},
	{"fcntl", OP_FCNTL, 0, -1, 0, NULL},
	{"inotify_init", OP_ANON, 0, -1, 0, "anon_inode:inotify"},
	{"inotify_init1", OP_ANON, 0, 0, O_CLOEXEC_BIT, "anon_inode:inotify"},
	{"io_uring_setup", OP_ANON, 0, -1, CLOEXEC_ALWAYS, "anon_inode:[io_uring]"},
	{"ioctl", OP_IOCTL, 0, -1, 0, NULL},
	{"memfd_create", OP_MEMFD, 0, 1, MFD_CLOEXEC_BIT, NULL},
	{"open", OP_OPEN, 0, 1, O_CLOEXEC_BIT, NULL},
	{"openat", OP_OPEN, 1, 2, O_CLOEXEC_BIT, NULL},
	{"openat2", OP_OPEN, 1, -1, 0, NULL},
	{"perf_event_open", OP_ANON, 0, 4, PERF_FLAG_FD_CLOEXEC_BIT, "anon_inode:[perf_event]"},
	{"pidfd_open", OP_ANON, 0, -1, CLOEXEC_ALWAYS, "anon_inode:[pidfd]"},
	{"pipe", OP_PIPE, 0, -1, 0, NULL},
	{"pipe2", OP_PIPE, 0, 1, O_CLOEXEC_BIT, NULL},
	{"signalfd", OP_SIGNALFD, 0, -1, 0, "anon_inode:[signalfd]"},
	{"signalfd4", OP_SIGNALFD, 0, 3, O_CLOEXEC_BIT, "anon_inode:[signalfd]"},
	{"socket", OP_SOCKET, 0, 1, O_CLOEXEC_BIT, NULL},
	{"socketpair", OP_SOCKETPAIR, 0, 1, O_CLOEXEC_BIT, NULL},
	{"timerfd_create", OP_ANON, 0, 1, O_CLOEXEC_BIT, "anon_inode:[timerfd]"},
	{"userfaultfd", OP_ANON, 0, 0, O_CLOEXEC_BIT, "anon_inode:[userfaultfd]"},
};

struct fd_entry {
	char *name; /* NULL: not open, or unknown */
	int family; /* a socket's address family, 0 if none */
	bool cloexec;
};

struct fd_process {
	int32_t pid;
	char *cwd; /* the working directory, absolute; NULL: unknown */
	struct fd_entry *fds;
	int nfds; /* entries allocated */
};

struct fdtable {
	struct fd_process *procs;
	size_t nprocs, cap;
	/* the fd_call of each syscall number seen, +1 (0: not looked up) */
	int32_t *op_by_nr;
	int32_t nop_by_nr;
};

int fdtable_new(struct fdtable **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void process_release(struct fd_process *p)
{
	for (int i = 0; i < p->nfds; i++)
		free(p->fds[i].name);
	free(p->fds);
	free(p->cwd);
}

void fdtable_free(struct fdtable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nprocs; i++)
		process_release(&t->procs[i]);
	free(t->procs);
	free(t->op_by_nr);
	free(t);
}

static const struct fd_call *find_call(struct fdtable *t, int32_t nr, const char *name)
{
	if (nr >= 0 && nr < 4096) {
		if (nr >= t->nop_by_nr) {
			int32_t n = nr + 64;
			int32_t *v = realloc(t->op_by_nr, (size_t)n * sizeof(*v));

			if (!v)
				goto search;
			memset(v + t->nop_by_nr, 0, (size_t)(n - t->nop_by_nr) * sizeof(*v));
			t->op_by_nr = v;
			t->nop_by_nr = n;
		}
		if (t->op_by_nr[nr])
			return t->op_by_nr[nr] > 0 ? &fd_calls[t->op_by_nr[nr] - 1] : NULL;
	}
search:;
	const struct fd_call *found = NULL;
	size_t lo = 0, hi = sizeof(fd_calls) / sizeof(fd_calls[0]);

	while (name && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, fd_calls[mid].name);

		if (!c) {
			found = &fd_calls[mid];
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (nr >= 0 && nr < t->nop_by_nr)
		t->op_by_nr[nr] = found ? (int32_t)(found - fd_calls) + 1 : -1;
	return found;
}

static struct fd_process *find_process(struct fdtable *t, int32_t pid)
{
	for (size_t i = t->nprocs; i-- > 0;)
		if (t->procs[i].pid == pid)
			return &t->procs[i];
	return NULL;
}

static struct fd_process *get_process(struct fdtable *t, int32_t pid)
{
	struct fd_process *p = find_process(t, pid);

	if (p)
		return p;
	if (t->nprocs == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct fd_process *v = realloc(t->procs, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->procs = v;
		t->cap = cap;
	}
	p = &t->procs[t->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

static struct fd_entry *entry(struct fd_process *p, int fd)
{
	return p && fd >= 0 && fd < p->nfds ? &p->fds[fd] : NULL;
}

const char *fdtable_name(struct fdtable *t, int32_t pid, int fd)
{
	struct fd_process *p = find_process(t, pid);
	struct fd_entry *e = entry(p, fd);

	if (fd == AT_FDCWD_VALUE)
		return p ? p->cwd : NULL;
	return e ? e->name : NULL;
}

static bool failed(const struct scf_call *c)
{
	return (c->flags & (SCF_CALL_UNFINISHED | SCF_CALL_NO_RETURN)) ||
	       (c->ret < 0 && c->ret >= -MAX_ERRNO);
}

static const struct scf_capture *capture_of(const struct scf_call *c, int arg, int kind)
{
	for (uint32_t i = 0; i < c->ncaptures; i++)
		if (c->captures[i].arg == arg && c->captures[i].kind == kind &&
		    !(c->captures[i].flags & SCF_CAP_FAULT))
			return &c->captures[i];
	return NULL;
}

/* The two descriptors pipe/socketpair wrote to their int[2], if captured. */
static bool pair_of(const struct scf_call *c, int arg, int fds[2])
{
	const struct scf_capture *cap = capture_of(c, arg, SCF_CAP_DATA);

	if (!cap || cap->len < 2 * sizeof(int))
		return false;
	memcpy(fds, cap->data, 2 * sizeof(int));
	return fds[0] >= 0 && fds[1] >= 0;
}

static int arg_fd(const struct scf_call *c, int i)
{
	return (int)(uint32_t)c->args[i];
}

/*
 * dir, then "/" and rel[0..n), into buf, with "." and ".." taken out and
 * "//" folded as the kernel would resolve them (lexically: a symbolic
 * link followed by ".." is not looked at).  dir is absolute.  A result
 * longer than buf ends at the last component that fit.
 */
static const char *join_path(char *buf, size_t len, const char *dir, const char *rel, size_t n)
{
	size_t o = 0, dn = strlen(dir);
	bool full = false; /* cut at the last component that fit */

	for (int part = 0; part < 2 && !full; part++) {
		const char *s = part ? rel : dir;
		size_t end = part ? n : dn;

		for (size_t i = 0; i < end && !full;) {
			size_t k = i;

			while (k < end && s[k] != '/')
				k++;
			size_t cl = k - i;

			if (cl == 2 && s[i] == '.' && s[i + 1] == '.') {
				while (o > 0 && buf[--o] != '/')
					;
			} else if (cl && !(cl == 1 && s[i] == '.')) {
				full = o + 1 + cl >= len;
				if (!full) {
					buf[o++] = '/';
					memcpy(buf + o, s + i, cl);
					o += cl;
				}
			}
			i = k + 1;
		}
	}
	if (!o && len > 1)
		buf[o++] = '/';
	buf[o < len ? o : len - 1] = '\0';
	return buf;
}

/* Whether path argument arg of call name is resolved as a path (not a
 * symbolic link's contents, which symlink and symlinkat take first). */
static bool resolved_path(const char *name, int arg)
{
	return !(arg == 0 && name && (!strcmp(name, "symlink") || !strcmp(name, "symlinkat")));
}

/*
 * A path argument as a name: relative ones joined to the name of the
 * directory they are under, when that is known and absolute - the
 * directory descriptor before the path argument, or the working
 * directory (AT_FDCWD, or a call without a directory descriptor).  NULL
 * if the path was not captured.
 */
static const char *path_name(struct fdtable *t, const struct scf_call *c, const char *name, int arg,
			     char *buf, size_t len)
{
	const struct scf_capture *cap = capture_of(c, arg, SCF_CAP_PATH);

	if (!cap)
		return NULL;
	const char *dir = NULL;

	if (cap->len && cap->data[0] != '/' && resolved_path(name, arg)) {
		if (arg > 0 && argfmt_arg_role(name, arg - 1) == ARGFMT_DIRFD)
			dir = fdtable_name(t, c->pid, arg_fd(c, arg - 1));
		else
			dir = fdtable_name(t, c->pid, AT_FDCWD_VALUE);
	}
	if (dir && dir[0] == '/')
		return join_path(buf, len, dir, (const char *)cap->data, cap->len);
	snprintf(buf, len, "%.*s", (int)cap->len, (const char *)cap->data);
	return buf;
}

static const char *socket_name(int family, char *buf, size_t len)
{
	const char *f = argfmt_family_name((unsigned)family);

	if (f)
		snprintf(buf, len, "socket:[%s]", f);
	else
		snprintf(buf, len, "socket:[%d]", family);
	return buf;
}

/* socket:[->127.0.0.1:80] (arrow) or socket:[0.0.0.0:8080]; NULL if the
 * address was not captured or has no short form. */
static const char *address_name(const struct scf_call *c, int arg, const char *arrow, char *buf,
				size_t len)
{
	const struct scf_capture *cap = capture_of(c, arg, SCF_CAP_SOCKADDR);
	char addr[160];

	if (!cap || strfmt_sockaddr_short(addr, sizeof(addr), cap->data, cap->len) <= 0)
		return NULL;
	snprintf(buf, len, "socket:[%s%s]", arrow, addr);
	return buf;
}

const char *fdtable_ret_name(struct fdtable *t, const struct scf_call *c, const char *name,
			     char *buf, size_t len)
{
	const struct fd_call *fc = find_call(t, c->nr, name);

	if (!fc || failed(c))
		return NULL;
	switch (fc->op) {
	case OP_OPEN:
		return path_name(t, c, name, fc->path_arg, buf, len);
	case OP_MEMFD: {
		const struct scf_capture *cap = capture_of(c, 0, SCF_CAP_PATH);

		if (!cap)
			return NULL;
		snprintf(buf, len, "/memfd:%.*s (deleted)", (int)cap->len, (const char *)cap->data);
		return buf;
	}
	case OP_ANON:
		return fc->label;
	case OP_SIGNALFD:
		return arg_fd(c, 0) == -1 ? fc->label : NULL;
	case OP_SOCKET:
		return socket_name((int)(uint32_t)c->args[0], buf, len);
	case OP_ACCEPT: {
		const char *peer = address_name(c, 1, "->", buf, len);
		struct fd_entry *e = entry(find_process(t, c->pid), arg_fd(c, 0));

		if (peer)
			return peer;
		return e && e->family ? socket_name(e->family, buf, len) : NULL;
	}
	case OP_DUP:
	case OP_DUP2:
		return fdtable_name(t, c->pid, arg_fd(c, 0));
	case OP_FCNTL: {
		int cmd = (int)(uint32_t)c->args[1];

		if (cmd == F_DUPFD_CMD || cmd == F_DUPFD_CLOEXEC_CMD)
			return fdtable_name(t, c->pid, arg_fd(c, 0));
		return NULL;
	}
	default:
		return NULL;
	}
}

const char *fdtable_call_file(struct fdtable *t, const struct scf_call *c, const char *name,
			      char *buf, size_t len)
{
	int nargs = argfmt_nargs(name);
	int fd_arg = -1;

	for (int i = 0; i < nargs; i++) {
		enum argfmt_role role = argfmt_arg_role(name, i);

		if (role == ARGFMT_PATH) {
			/* a path under a descriptor (fstatat(fd, "", AT_EMPTY_PATH)) is the descriptor's */
			const struct scf_capture *cap = capture_of(c, i, SCF_CAP_PATH);

			if (cap && cap->len == 0 && fd_arg >= 0)
				break;
			if (path_name(t, c, name, i, buf, len))
				return buf;
			snprintf(buf, len, "(path not recorded)");
			return buf;
		}
		if (fd_arg < 0 && (role == ARGFMT_FD || role == ARGFMT_DIRFD) && arg_fd(c, i) >= 0)
			fd_arg = i;
	}
	if (fd_arg >= 0) {
		int fd = arg_fd(c, fd_arg);
		const char *fname = fdtable_name(t, c->pid, fd);

		if (fname)
			snprintf(buf, len, "%s", fname);
		else
			snprintf(buf, len, "fd %d (unknown)", fd);
		return buf;
	}
	/* socket, pipe, eventfd...: the descriptor the call made */
	const struct fd_call *fc = find_call(t, c->nr, name);

	if (fc && fc->op == OP_PIPE) {
		int fds[2];

		if (failed(c) || !pair_of(c, 0, fds))
			return NULL;
		snprintf(buf, len, "pipe:[%d:%d,%d]", c->pid, fds[0], fds[1]);
		return buf;
	}
	if (fc && fc->op == OP_SOCKETPAIR)
		return failed(c) ? NULL : socket_name((int)(uint32_t)c->args[0], buf, len);
	const char *made = fdtable_ret_name(t, c, name, buf, len);

	if (made && made != buf)
		snprintf(buf, len, "%s", made);
	return made ? buf : NULL;
}

/* Set fd in process p to name (copied; NULL: unknown but open). */
static int set_fd(struct fd_process *p, int fd, const char *name, int family, bool cloexec)
{
	if (fd < 0 || fd > (1 << 24))
		return 0;
	if (fd >= p->nfds) {
		int n = fd < 64 ? 64 : fd * 2;
		struct fd_entry *v = realloc(p->fds, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		memset(v + p->nfds, 0, (size_t)(n - p->nfds) * sizeof(*v));
		p->fds = v;
		p->nfds = n;
	}
	char *copy = NULL;

	if (name && !(copy = strdup(name)))
		return -ENOMEM;
	free(p->fds[fd].name);
	p->fds[fd] = (struct fd_entry){copy, family, cloexec};
	return 0;
}

static void close_fd(struct fd_process *p, int fd)
{
	struct fd_entry *e = entry(p, fd);

	if (e) {
		free(e->name);
		*e = (struct fd_entry){0};
	}
}

/* newfd becomes what old is (set_fd may move the entries: copy first) */
static int dup_fd(struct fd_process *p, int old, int newfd, bool cloexec)
{
	struct fd_entry *e = entry(p, old);
	char *copy = e && e->name ? strdup(e->name) : NULL;
	int err;

	if (e && e->name && !copy)
		return -ENOMEM;
	err = set_fd(p, newfd, copy, e ? e->family : 0, cloexec);
	free(copy);
	return err;
}

static bool cloexec_of(const struct fd_call *fc, const struct scf_call *c)
{
	if (fc->cloexec == CLOEXEC_ALWAYS)
		return true;
	return fc->flags_arg >= 0 && ((uint32_t)c->args[fc->flags_arg] & fc->cloexec);
}

int fdtable_call(struct fdtable *t, const struct scf_call *c, const char *name)
{
	const struct fd_call *fc = find_call(t, c->nr, name);
	char buf[4096];

	if (!fc)
		return 0;
	if (fc->op == OP_CLOSE) {
		/* close releases the descriptor even when it fails, except EBADF */
		if (c->ret != -EBADF_VALUE && !(c->flags & SCF_CALL_UNFINISHED))
			close_fd(find_process(t, c->pid), arg_fd(c, 0));
		return 0;
	}
	if (failed(c))
		return 0;
	struct fd_process *p = get_process(t, c->pid);
	struct fd_entry *e;
	int ret = (int)c->ret, fds[2];

	if (!p)
		return -ENOMEM;
	switch (fc->op) {
	case OP_OPEN:
	case OP_MEMFD:
	case OP_ANON:
	case OP_ACCEPT:
		return set_fd(p, ret, fdtable_ret_name(t, c, name, buf, sizeof(buf)),
			      fc->op == OP_ACCEPT && (e = entry(p, arg_fd(c, 0))) ? e->family : 0,
			      cloexec_of(fc, c));
	case OP_SIGNALFD:
		return arg_fd(c, 0) == -1 ? set_fd(p, ret, fc->label, 0, cloexec_of(fc, c)) : 0;
	case OP_SOCKET: {
		int family = (int)(uint32_t)c->args[0];

		return set_fd(p, ret, socket_name(family, buf, sizeof(buf)), family, cloexec_of(fc, c));
	}
	case OP_SOCKETPAIR:
	case OP_PIPE: {
		int arg = fc->op == OP_PIPE ? 0 : 3;
		int family = fc->op == OP_PIPE ? 0 : (int)(uint32_t)c->args[0];
		int err;

		if (!pair_of(c, arg, fds))
			return 0; /* not captured: they stay unknown */
		if (fc->op == OP_PIPE)
			snprintf(buf, sizeof(buf), "pipe:[%d:%d,%d]", c->pid, fds[0], fds[1]);
		else
			socket_name(family, buf, sizeof(buf));
		if ((err = set_fd(p, fds[0], buf, family, cloexec_of(fc, c))))
			return err;
		return set_fd(p, fds[1], buf, family, cloexec_of(fc, c));
	}
	case OP_CONNECT:
	case OP_BIND:
		break;
	case OP_DUP:
	case OP_DUP2:
		if (fc->op == OP_DUP2 && arg_fd(c, 0) == arg_fd(c, 1))
			return 0;
		return dup_fd(p, arg_fd(c, 0), ret, cloexec_of(fc, c));
	case OP_FCNTL: {
		int cmd = (int)(uint32_t)c->args[1];

		if (cmd == F_SETFD_CMD && (e = entry(p, arg_fd(c, 0))))
			e->cloexec = (uint32_t)c->args[2] & FD_CLOEXEC_BIT;
		if (cmd != F_DUPFD_CMD && cmd != F_DUPFD_CLOEXEC_CMD)
			return 0;
		return dup_fd(p, arg_fd(c, 0), ret, cmd == F_DUPFD_CLOEXEC_CMD);
	}
	case OP_IOCTL: {
		uint32_t req = (uint32_t)c->args[1];

		if ((req == FIOCLEX_REQ || req == FIONCLEX_REQ) && (e = entry(p, arg_fd(c, 0))))
			e->cloexec = req == FIOCLEX_REQ;
		return 0;
	}
	case OP_CLOSE_RANGE: {
		uint32_t first = (uint32_t)c->args[0], last = (uint32_t)c->args[1];

		for (uint32_t fd = first; fd <= last && fd < (uint32_t)p->nfds; fd++) {
			if ((uint32_t)c->args[2] & CLOSE_RANGE_CLOEXEC_BIT)
				p->fds[fd].cloexec = true;
			else
				close_fd(p, (int)fd);
		}
		return 0;
	}
	case OP_EXEC:
		for (int fd = 0; fd < p->nfds; fd++)
			if (p->fds[fd].cloexec)
				close_fd(p, fd);
		return 0;
	case OP_CHDIR:
	case OP_FCHDIR: {
		/* the new directory, if its name is known and absolute; else
		 * the working directory is unknown from now on */
		const char *dir = fc->op == OP_CHDIR ? path_name(t, c, name, 0, buf, sizeof(buf))
						     : fdtable_name(t, c->pid, arg_fd(c, 0));
		char *copy = NULL;

		if (dir && dir[0] == '/' && !(copy = strdup(dir)))
			return -ENOMEM;
		free(p->cwd);
		p->cwd = copy;
		return 0;
	}
	default:
		return 0;
	}
	/* connect and bind name the socket by its address */
	const char *addr = address_name(c, 1, fc->op == OP_CONNECT ? "->" : "", buf, sizeof(buf));

	if (!addr || !(e = entry(p, arg_fd(c, 0))))
		return 0;
	char *copy = strdup(addr);

	if (!copy)
		return -ENOMEM;
	free(e->name);
	e->name = copy;
	return 0;
}

int fdtable_event(struct fdtable *t, const struct scf_event *ev)
{
	if (ev->type == SCF_EV_FD) {
		struct fd_process *p = get_process(t, ev->fd.pid);

		if (!p)
			return -ENOMEM;
		if (ev->fd.fd != AT_FDCWD_VALUE)
			return set_fd(p, ev->fd.fd, ev->fd.name, 0, ev->fd.flags & SCF_FD_CLOEXEC);
		char *copy = ev->fd.name[0] == '/' ? strdup(ev->fd.name) : NULL;

		if (ev->fd.name[0] == '/' && !copy)
			return -ENOMEM;
		free(p->cwd);
		p->cwd = copy;
		return 0;
	}
	if (ev->type == SCF_EV_EXIT && ev->task.pid == ev->task.tid) {
		struct fd_process *p = find_process(t, ev->task.pid);

		if (p) {
			process_release(p);
			*p = t->procs[--t->nprocs];
		}
		return 0;
	}
	if (ev->type != SCF_EV_FORK || ev->task.pid != ev->task.tid || ev->task.pid == ev->task.ppid)
		return 0;
	struct fd_process *parent = find_process(t, ev->task.ppid);

	if (!parent)
		return 0;
	int32_t ppid = ev->task.ppid;
	struct fd_process *child = get_process(t, ev->task.pid);

	if (!child)
		return -ENOMEM;
	/* a reused pid starts afresh */
	process_release(child);
	child->fds = NULL;
	child->nfds = 0;
	child->cwd = NULL;
	parent = find_process(t, ppid); /* get_process may have moved it */
	if (parent->cwd && !(child->cwd = strdup(parent->cwd)))
		return -ENOMEM;
	for (int fd = 0; fd < parent->nfds; fd++) {
		const struct fd_entry *e = &parent->fds[fd];
		int err;

		if (e->name && (err = set_fd(child, fd, e->name, e->family, e->cloexec)))
			return err;
	}
	return 0;
}
