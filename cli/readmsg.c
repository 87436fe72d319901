/*
 * readmsg.c - what went wrong reading a recording (see readmsg.h).
 */
#include "cli/readmsg.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "analysis/scan.h"
#include "cli/diag.h"
#include "formats/scf.h"

int readmsg_open_error(const char *path, int err, bool name_output)
{
	switch (-err) {
	case ENOENT:
		if (name_output)
			diag_error("cannot open '%s': %s; record one with 'scprof record -o %s -- "
				   "COMMAND'",
				   path, strerror(ENOENT), path);
		else
			diag_error("cannot open '%s': %s; record one with 'scprof record -- "
				   "COMMAND'",
				   path, strerror(ENOENT));
		break;
	case EBADMSG:
		diag_error("cannot read '%s': corrupt recording (bad header or metadata)", path);
		break;
	case ENODATA:
		diag_error("cannot read '%s': not a scprof recording", path);
		break;
	case ENOTSUP:
		diag_error("cannot read '%s': recorded by a newer scprof; upgrade scprof to read it",
			   path);
		break;
	default:
		diag_error("cannot open '%s': %s", path, scf_strerror(err));
		break;
	}
	return 1;
}

int readmsg_read_error(const char *path, int err, const struct scf_reader *r)
{
	if (err == -EBADMSG)
		diag_error("cannot read '%s': %s (chunk at offset %" PRIu64 ")", path,
			   scf_strerror(err), scf_reader_offset(r));
	else if (err == -ENOMEM)
		diag_error("cannot read '%s': out of memory", path);
	else
		diag_error("cannot read '%s': %s", path, scf_strerror(err));
	return 1;
}

void readmsg_incomplete(const char *path, const struct scan_summary *s)
{
	char name[4200] = "";
	if (path)
		snprintf(name, sizeof(name), "'%s': ", path);
	if (s->lost)
		diag_error("warning: %sthe kernel dropped %" PRIu64 " events, so counts are low "
			   "(record with larger buffers: try -m)",
			   name, s->lost);
	if (s->truncated)
		diag_error("warning: %srecording truncated: the recorder stopped before finishing; "
			   "showing %" PRIu64 " complete chunk%s",
			   name, s->chunks, s->chunks == 1 ? "" : "s");
}
