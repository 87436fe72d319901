/*
 * outfile.h - an output file that replaces only a regular file, and only
 * once it is complete: written to a temporary file next to it (O_EXCL,
 * mode 0600) and renamed into place.  Anything else at the path (a
 * directory, a device, a FIFO, a socket, a symbolic link) is refused and
 * left alone.  `scprof record -o` and `scprof report -o` both write
 * through it.
 *
 *   struct outfile of;
 *   int fd = outfile_open(&of, path, NULL, &bad, &what);  fd, or -errno
 *   ... write to fd ...
 *   if (ok) err = outfile_commit(&of, path, &bad, &what); 0 or -errno
 *   else outfile_abort(&of);
 *
 * -EEXIST from either: *bad is the path that is not a regular file (the
 * output or its old name) and *what says what it is ("a directory").
 * Nothing here prints; the caller words the error.
 */
#ifndef SCPROF_OUTFILE_H
#define SCPROF_OUTFILE_H

#include <sys/types.h>

struct outfile {
	char tmp[4200]; /* the temporary file; "" once renamed or removed */
	char old[4200]; /* where a file at the path goes; "" without old_suffix */
};

/* What a file of this mode is, for messages: "a directory", "a FIFO"... */
const char *outfile_kind(mode_t mode);
/* 0 if path is absent or a regular file; -EEXIST (*what says what it is)
 * if it is something else; another -errno if it cannot be looked at. */
int outfile_check(const char *path, const char **what);
/*
 * Check path, and path with old_suffix (NULL: a file at path is simply
 * replaced), then create the temporary file next to path, mode 0600
 * (record's: a recording may hold private data) or, with shared, 0666
 * less the umask.  Its descriptor (close-on-exec), or -errno.
 */
int outfile_open(struct outfile *o, const char *path, const char *old_suffix, int shared,
		 const char **bad, const char **what);
/* Check path again, move a regular file there to its old name (with an
 * old_suffix) and rename the temporary file into place.  0 or -errno. */
int outfile_commit(struct outfile *o, const char *path, const char **bad, const char **what);
/* Remove the temporary file, if any (a failed or unfinished output). */
void outfile_abort(struct outfile *o);

#endif
