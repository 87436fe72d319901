/*
 * openmsg.c - why a recording could not be opened (see openmsg.h).
 */
#include "cli/openmsg.h"

#include <errno.h>
#include <string.h>

#include "cli/diag.h"
#include "formats/scf.h"

int openmsg_error(const char *path, int err, bool name_output)
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
