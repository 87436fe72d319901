/*
 * outfile.c - an output file that replaces only a regular file (see
 * outfile.h).
 */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char *outfile_kind(mode_t mode)
{
	return S_ISLNK(mode) ? "a symbolic link" : S_ISDIR(mode) ? "a directory"
	       : S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device"
	       : S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

int outfile_check(const char *path, const char **what)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISREG(st.st_mode))
		return 0;
	*what = outfile_kind(st.st_mode);
	return -EEXIST;
}

/* The output and its old name: 0, or the first one's -errno (*bad). */
static int check_both(const struct outfile *o, const char *path, const char **bad,
		      const char **what)
{
	int rc = outfile_check(path, what);
	*bad = path;
	if (!rc && o->old[0]) {
		rc = outfile_check(o->old, what);
		*bad = o->old;
	}
	return rc;
}

int outfile_open(struct outfile *o, const char *path, const char *old_suffix, int shared,
		 const char **bad, const char **what)
{
	o->tmp[0] = o->old[0] = 0;
	if ((old_suffix && (size_t)snprintf(o->old, sizeof(o->old), "%s%s", path, old_suffix) >=
				   sizeof(o->old)) ||
	    (size_t)snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-XXXXXX", path) >= sizeof(o->tmp)) {
		o->tmp[0] = o->old[0] = 0;
		return -ENAMETOOLONG;
	}
	int rc = check_both(o, path, bad, what);
	int fd = rc ? rc : mkostemp(o->tmp, O_CLOEXEC); /* O_EXCL, mode 0600 */
	if (fd < 0) {
		rc = rc ? rc : -errno;
		o->tmp[0] = 0;
		return rc;
	}
	if (shared) {
		/* what creat() would have made: 0666 less the umask */
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) < 0) {
			rc = -errno;
			close(fd);
			outfile_abort(o);
			return rc;
		}
	}
	return fd;
}

int outfile_commit(struct outfile *o, const char *path, const char **bad, const char **what)
{
	int rc = check_both(o, path, bad, what);
	if (rc)
		return rc;
	if (o->old[0] && rename(path, o->old) < 0 && errno != ENOENT)
		return -errno;
	if (rename(o->tmp, path) < 0)
		return -errno;
	o->tmp[0] = 0;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
}
