#include "profiler/tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int has_events(const char *dir)
{
	char path[256];
	struct stat st;
	snprintf(path, sizeof(path), "%s/events", dir);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tracefs_find(char *why, size_t whylen)
{
	static const char *const places[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	for (size_t i = 0; i < 2; i++)
		if (has_events(places[i]))
			return places[i];
	if (geteuid() == 0) {
		if (mount("nodev", places[0], "tracefs", 0, NULL) == 0 && has_events(places[0]))
			return places[0];
		snprintf(why, whylen,
			 "cannot mount tracefs on %s: %s; the kernel needs CONFIG_FTRACE "
			 "and tracefs", places[0], strerror(errno));
		return NULL;
	}
	struct stat st;
	if (stat(places[0], &st) == 0 && access(places[0], R_OK | X_OK) != 0)
		snprintf(why, whylen,
			 "cannot read tracefs at %s: %s; run as root, or give this user "
			 "read access to tracefs and CAP_PERFMON (setcap cap_perfmon+ep scprof)",
			 places[0], strerror(errno));
	else
		snprintf(why, whylen,
			 "tracefs is not mounted; as root run: mount -t tracefs nodev %s",
			 places[0]);
	return NULL;
}

int tracefs_event_id(const char *tracefs, const char *system, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", tracefs, system, name);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int id = -1;
	int n = fscanf(f, "%d", &id);
	fclose(f);
	return n == 1 && id >= 0 ? id : -EINVAL;
}
