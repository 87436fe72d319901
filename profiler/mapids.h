/*
 * mapids.h - which file each mapped path was when it was mapped: its
 * device and inode, as the kernel's MMAP2 records (those without a
 * build-id) and /proc/PID/maps at attach give them.
 *
 * The symbol store reads a mapped binary by its path once the recording
 * ends (symstore.h); by then another file may be at that path (rebuilt,
 * or replaced by a traced user).  When the recording has the mapping's
 * build-id, the build-id decides; otherwise the file opened must be one
 * of the (device, inode) pairs noted here for its path, or it is not
 * read.  Kept in memory by the recorder only: the recording file does not
 * carry them.
 */
#ifndef SCPROF_MAPIDS_H
#define SCPROF_MAPIDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct mapids;

struct mapids *mapids_new(void);
void mapids_free(struct mapids *ids);  /* NULL: nothing */

/* Note that path was mapped from the file with device dev (as stat's
 * st_dev encodes it: makedev(major, minor)) and inode ino.  An inode 0
 * (not a file) is not noted.  0 or -ENOMEM. */
int mapids_add(struct mapids *ids, const char *path, dev_t dev, uint64_t ino);

/* Whether sb (fstat of the file now opened at path) has a device and
 * inode noted for path; false for ids NULL. */
bool mapids_match(struct mapids *ids, const char *path, const struct stat *sb);

/* The number of distinct (path, device, inode) noted. */
size_t mapids_count(struct mapids *ids);

#endif
