/*
 * xmltext.h - text inside an SVG (XML) document.
 *
 * Names in flame graphs come from the recording: a comm may hold any
 * byte.  xmltext_put writes markup characters escaped and control
 * characters or bytes that are not valid UTF-8 as '?', and never cuts a
 * UTF-8 sequence in two, so the document stays well-formed.
 */
#ifndef SCPROF_XMLTEXT_H
#define SCPROF_XMLTEXT_H

#include <stddef.h>
#include <stdio.h>

/* At most max bytes of s (SIZE_MAX: all of it), escaped. */
void xmltext_put(FILE *f, const char *s, size_t max);

#endif
