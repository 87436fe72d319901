#include "profiler/synth.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "profiler/procfs.h"

void synth_cmdline(struct merge *m, unsigned src, pid_t pid, uint64_t time, const char *argv,
		   size_t len)
{
	char *copy = malloc(len ? len : 1);
	struct raw_event *e = copy ? merge_record_slot(m, src, time, SCF_EV_CMDLINE) : NULL;
	if (!e) {
		free(copy);
		return;
	}
	memcpy(copy, argv, len);
	e->rec->cmdline.pid = pid;
	e->rec->cmdline.len = (uint32_t)len;
	e->rec->cmdline.argv = copy;
	merge_push(m, src);
}

struct map_ctx {
	struct merge *m;
	unsigned src;
	pid_t pid;
	uint64_t time;
	struct mapids *ids;
};

/*
 * Note which file m is (mapids.h).  Through /proc/PID/map_files, stat
 * reaches the mapped file itself and gives its device as a later fstat
 * will (on btrfs or overlayfs that need not be the superblock's device
 * /proc/PID/maps shows); that needs CAP_SYS_ADMIN: without it, the maps
 * line's.
 */
static void note_map(const struct map_ctx *mc, const struct procfs_map *m)
{
	char link[96];
	struct stat sb;
	procfs_map_file(link, sizeof(link), mc->pid, m->start, m->end);
	if (stat(link, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)mapids_add(mc->ids, m->path, sb.st_dev, (uint64_t)sb.st_ino);
	else
		(void)mapids_add(mc->ids, m->path, makedev(m->maj, m->min), m->ino);
}

static int synth_map(void *ctx, const struct procfs_map *m)
{
	struct map_ctx *mc = ctx;
	char *name = strdup(m->path);
	struct raw_event *e = name ? merge_record_slot(mc->m, mc->src, mc->time, SCF_EV_MMAP) : NULL;
	if (!e) {
		free(name);
		return 0;
	}
	struct scf_mmap *mm = &e->rec->mmap;
	mm->pid = mm->tid = mc->pid;
	mm->addr = m->start;
	mm->len = m->end - m->start;
	mm->pgoff = m->pgoff;
	mm->prot = m->prot;
	mm->flags = m->flags;
	mm->filename = name;
	merge_push(mc->m, mc->src);
	if (mc->ids)
		note_map(mc, m);
	return 0;
}

void synth_process(struct merge *m, unsigned src, pid_t pid, uint64_t time, struct mapids *ids)
{
	pid_t *tids = NULL;
	int n = procfs_tids(pid, &tids);
	if (n <= 0)
		return;
	char *argv = NULL;
	int len = procfs_cmdline(pid, &argv);
	for (int i = 0; i < n; i++) {
		pid_t tid = tids[i];
		char comm[SCF_COMM_LEN];
		struct raw_event *e = procfs_comm(pid, tid, comm, sizeof(comm)) == 0
					      ? merge_record_slot(m, src, time, SCF_EV_COMM)
					      : NULL;
		if (e) {
			e->rec->comm.pid = pid;
			e->rec->comm.tid = tid;
			memcpy(e->rec->comm.comm, comm, sizeof(comm));
			merge_push(m, src);
		}
		if (i == 0 && len > 0)
			synth_cmdline(m, src, pid, time, argv, (size_t)len);
	}
	free(argv);
	struct map_ctx mc = { m, src, pid, time, ids };
	procfs_exec_maps(pid, synth_map, &mc);
	for (int i = 0; i < n; i++) {
		int nr;
		uint64_t args[6];
		if (procfs_blocked_syscall(pid, tids[i], &nr, args) != 1)
			continue;
		struct raw_event *e = merge_slot(m, src);
		if (!e)
			break;
		memset(e, 0, sizeof(*e));
		e->time = time;
		e->kind = RAW_BLOCKED;
		e->cpu = 0;
		e->pid = pid;
		e->tid = tids[i];
		e->sc.nr = nr;
		memcpy(e->sc.args, args, sizeof(args));
		merge_push(m, src);
	}
	free(tids);
}

void synth_cmdline_after_exec(struct merge *m, unsigned src, pid_t pid, uint64_t time,
			      const char *comm)
{
	char now[SCF_COMM_LEN];
	char *argv = NULL;
	if (procfs_comm(pid, pid, now, sizeof(now)) || strcmp(now, comm))
		return; /* gone, or exec'd again: do not guess */
	int len = procfs_cmdline(pid, &argv);
	struct raw_event *e = len > 0 ? merge_record_slot(m, src, time, SCF_EV_CMDLINE) : NULL;
	if (!e) {
		free(argv);
		return;
	}
	e->rec->cmdline.pid = pid;
	e->rec->cmdline.len = (uint32_t)len;
	e->rec->cmdline.argv = argv;
	merge_push(m, src);
}

struct fds_ctx {
	struct merge *m;
	unsigned src;
	pid_t pid;
	uint64_t time;
	enum synth_fds_mode mode;
	int queued;
};

static int synth_fd(void *ctx, const struct procfs_fd *d)
{
	struct fds_ctx *fc = ctx;
	if (d->len > SCF_FD_NAME_MAX || (fc->mode == SYNTH_FDS_EXEC && d->cloexec))
		return 0;
	char *name = strdup(d->name);
	struct raw_event *e = name ? merge_record_slot(fc->m, fc->src, fc->time, SCF_EV_FD) : NULL;
	if (!e) {
		free(name);
		return -ENOMEM;
	}
	e->rec->fd = (struct scf_fd){ .pid = fc->pid, .fd = d->fd, .len = (uint32_t)d->len,
				      .flags = fc->mode == SYNTH_FDS_ALL && d->cloexec ? SCF_FD_CLOEXEC : 0,
				      .name = name };
	merge_push(fc->m, fc->src);
	fc->queued += d->fd >= 0;
	return 0;
}

int synth_fds(struct merge *m, unsigned src, pid_t pid, uint64_t time, enum synth_fds_mode mode,
	      int max)
{
	struct fds_ctx fc = { m, src, pid, time, mode, 0 };
	/* the bit matters to the launched command's exec, and to a process
	 * attached to that execs later */
	procfs_fds(pid, true, max, synth_fd, &fc);
	return fc.queued;
}
