/*
 * jsonprint.h - the pieces every JSON document of the report is printed
 * with (the table's, json.h; the stacks', stackprint.h; diff's,
 * diffout.h): strings, string members and arrays; and the recording's
 * facts, which the table's and the stacks' documents start with.
 * Formatting only; needs no other report module.
 */
#ifndef SCPROF_JSONPRINT_H
#define SCPROF_JSONPRINT_H

#include <stdint.h>
#include <stdio.h>

#include "analysis/rview.h"

/* s as a JSON string with its quotes (NULL: null). */
void json_print_string(FILE *f, const char *s);
/* ', "key": ' and s as json_print_string prints it: a string member
 * after the first of an object. */
void json_print_member(FILE *f, const char *key, const char *s);
/* ss[0..n) as a JSON array of strings, "[...]". */
void json_print_strings(FILE *f, const char *const *ss, uint32_t n);
/* The document's first member, '  "recording": {...},' and a newline:
 * v's path and metadata (json.h's schema). */
void json_print_recording(FILE *f, const struct rview *v);

#endif
