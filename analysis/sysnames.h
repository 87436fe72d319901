/*
 * sysnames.h - syscall names of one recording, by number.
 *
 * Names come from the recording's own table (scf_meta_syscall_name), so a
 * recording from another machine reads right; a number the table lacks is
 * named "syscall_NNN".  Each name is looked up once; the strings live as
 * long as the struct sysnames (and its metadata).
 */
#ifndef SCPROF_SYSNAMES_H
#define SCPROF_SYSNAMES_H

#include <stdint.h>

#include "formats/scf.h"

struct sysnames;

int sysnames_new(const struct scf_meta *meta, struct sysnames **out);
void sysnames_free(struct sysnames *sn);
/* The name of nr; never NULL (a static "?" if out of memory). */
const char *sysnames_get(struct sysnames *sn, int32_t nr);
/* The same with the signature of agg_name_fn (ctx is a struct sysnames). */
const char *sysnames_fn(void *ctx, int32_t nr);

#endif
