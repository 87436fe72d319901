/*
 * readmsg.h - what went wrong reading a recording, in the user's words,
 * the same in report, diff and dump.
 *
 * A missing file gets the record command that makes one; a corrupt,
 * foreign or too new file says so; a corrupt chunk names its offset
 * (what came before it was read); a recording that lost events or was
 * cut short gets a warning; anything else is scf_strerror's text.
 */
#ifndef SCPROF_READMSG_H
#define SCPROF_READMSG_H

#include <stdbool.h>

struct scf_reader;
struct scan_summary;

/* Print why PATH could not be opened; err is scf_reader_open's negative
 * errno.  With name_output the hint for a missing file records to PATH
 * ('scprof record -o PATH -- COMMAND'), for commands whose default input
 * is not record's default output.  Returns 1, the exit status. */
int readmsg_open_error(const char *path, int err, bool name_output);
/* Print why reading PATH (with reader r) stopped: err is the reader's
 * negative errno (-EBADMSG: the chunk at scf_reader_offset(r) is
 * corrupt), -ENOMEM, or another.  Returns 1, the exit status. */
int readmsg_read_error(const char *path, int err, const struct scf_reader *r);
/* Warn that the recording lost events or was cut short, if it did.  path
 * names it where several are read (diff), NULL where one is (report). */
void readmsg_incomplete(const char *path, const struct scan_summary *s);

#endif
