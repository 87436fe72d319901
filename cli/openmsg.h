/*
 * openmsg.h - why a recording could not be opened, in the user's words.
 *
 * report, dump and diff open recordings with scf_reader_open and turn its
 * errors into the same one-line messages, here: a missing file gets the
 * record command that makes one; a corrupt, foreign or too new file says
 * so; anything else is scf_strerror's text.
 */
#ifndef SCPROF_OPENMSG_H
#define SCPROF_OPENMSG_H

#include <stdbool.h>

/* Print why PATH could not be opened; err is scf_reader_open's negative
 * errno.  With name_output the hint for a missing file records to PATH
 * ('scprof record -o PATH -- COMMAND'), for commands whose default input
 * is not record's default output.  Returns 1, the exit status. */
int openmsg_error(const char *path, int err, bool name_output);

#endif
