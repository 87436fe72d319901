/*
 * dump.c - `scprof dump`: print a recording as it is stored, one record a
 * line (output/dump.h).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/diag.h"
#include "cli/readmsg.h"
#include "formats/scf.h"
#include "output/dump.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: scprof dump [-s] [-i FILE]\n\n"
		   "Print every record of a recording, one a line.\n\n"
		   "  -i, --input FILE  the recording (default: " SCPROF_DEFAULT_INPUT ")\n"
		   "  -s, --symbols     list every symbol of the stored symbol tables\n"
		   "  -h, --help        show this help\n");
}

static int dump(const char *path, bool all_symbols)
{
	struct scf_reader *r;
	int err = scf_reader_open(path, &r);
	if (err)
		return readmsg_open_error(path, err, false);
	err = dump_print(stdout, r, path, all_symbols);
	if (err < 0) {
		/* what came before stays printed */
		fflush(stdout);
		readmsg_read_error(path, err, r);
	}
	scf_reader_close(r);
	return err < 0 ? 1 : 0;
}

int cmd_dump(int argc, char **argv)
{
	static const struct option options[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "symbols", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *path = SCPROF_DEFAULT_INPUT;
	bool all_symbols = false;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:i:sh", options, NULL)) != -1) {
		switch (c) {
		case 'i':
			path = optarg;
			break;
		case 's':
			all_symbols = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			return diag_usage("dump", "option '%s' needs a value", argv[optind - 1]);
		default:
			return diag_usage("dump", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return diag_usage("dump", "unexpected argument '%s'", argv[optind]);
	return dump(path, all_symbols);
}
