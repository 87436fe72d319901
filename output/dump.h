/*
 * dump.h - a recording as it is stored, one record a line (`scprof
 * dump`): the header, the metadata, each chunk's framing and every event,
 * the symbol tables, then the trailer (or that the file was cut short).
 */
#ifndef SCPROF_OUTPUT_DUMP_H
#define SCPROF_OUTPUT_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "formats/scf.h"

/* Print every record of r, opened from path, to f (with
 * all_symbols, every symbol of the stored symbol tables too).  0, or the
 * reader's negative errno (-EBADMSG: a corrupt chunk at
 * scf_reader_offset(r)) once what came before it is printed. */
int dump_print(FILE *f, struct scf_reader *r, const char *path, bool all_symbols);

#endif
