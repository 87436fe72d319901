/*
 * syscall_set.c - strace's -e trace= syntax, parsed into a list of items
 * (names, classes, regexes, all) that decide membership by name.
 *
 * Membership of this machine's names is computed once at parse time into
 * a table indexed by number, so syscall_set_has() is a name lookup; other
 * names (from a recording made elsewhere) are matched against the items.
 */
#include "syscalls/syscall_set.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "syscalls/syscalls.h"

enum item_kind {
	ITEM_NAME,
	ITEM_CLASS,
	ITEM_REGEX,
};

struct set_item {
	enum item_kind kind;
	char *name;       /* ITEM_NAME */
	unsigned classes; /* ITEM_CLASS */
	regex_t regex;    /* ITEM_REGEX */
};

struct syscall_set {
	bool negate;
	bool all;
	size_t nitems, items_cap;
	struct set_item *items;
	int count;     /* syscall_count() at parse time */
	bool *members; /* [count]: membership of this machine's names */
};

/* Classes strace also takes without the '%'. */
static const char *const legacy_classes[] = {
	"desc", "file", "memory", "process", "signal", "ipc", "network",
};

static bool is_legacy_class(const char *word)
{
	for (size_t i = 0; i < sizeof(legacy_classes) / sizeof(legacy_classes[0]); i++)
		if (strcmp(word, legacy_classes[i]) == 0)
			return true;
	return false;
}

static bool items_match(const struct syscall_set *s, const char *name)
{
	if (s->all)
		return true;
	for (size_t i = 0; i < s->nitems; i++) {
		const struct set_item *it = &s->items[i];

		switch (it->kind) {
		case ITEM_NAME:
			if (strcmp(it->name, name) == 0)
				return true;
			break;
		case ITEM_CLASS:
			if (syscall_classes(name) & it->classes)
				return true;
			break;
		case ITEM_REGEX:
			if (regexec(&it->regex, name, 0, NULL, 0) == 0)
				return true;
			break;
		}
	}
	return false;
}

static struct set_item *add_item(struct syscall_set *s, enum item_kind kind)
{
	if (GROW(s->items, s->nitems + 1, s->items_cap))
		return NULL;
	memset(&s->items[s->nitems], 0, sizeof(s->items[0]));
	s->items[s->nitems].kind = kind;
	return &s->items[s->nitems++];
}

/* A decimal syscall number of this machine: its name, else NULL. */
static const char *number_name(const char *word)
{
	char *end;
	long nr;

	if (*word < '0' || *word > '9')
		return NULL;
	errno = 0;
	nr = strtol(word, &end, 10);
	if (*end || errno || nr > syscall_count())
		return NULL;
	return syscall_name((int)nr);
}

/* Add one comma-separated item; 0, -EINVAL (reason in err) or -ENOMEM. */
static int parse_item(struct syscall_set *s, const char *item, char *err, size_t errlen)
{
	bool optional = false;
	const char *word = item;
	struct set_item *it;

	if (*word == '?') {
		optional = true;
		word++;
	}
	if (*word == '\0')
		return 0;
	if (strcmp(word, "all") == 0) {
		s->all = true;
		return 0;
	}
	if (strcmp(word, "none") == 0)
		return 0;
	if (*word == '/') {
		int rc;

		it = add_item(s, ITEM_REGEX);
		if (!it)
			return -ENOMEM;
		rc = regcomp(&it->regex, word + 1, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char why[128];

			regerror(rc, &it->regex, why, sizeof(why));
			s->nitems--; /* nothing to regfree */
			snprintf(err, errlen, "invalid regular expression '%s': %s", word, why);
			return -EINVAL;
		}
		return 0;
	}
	if (*word == '%' || is_legacy_class(word)) {
		unsigned bit = syscall_class_parse(word);

		if (!bit) {
			if (optional)
				return 0;
			snprintf(err, errlen, "unknown syscall class '%s'", word);
			return -EINVAL;
		}
		it = add_item(s, ITEM_CLASS);
		if (!it)
			return -ENOMEM;
		it->classes = bit;
		return 0;
	}

	const char *name = number_name(word);

	if (!name) {
		if (syscall_number(word) >= 0)
			name = word;
		else if (!optional) {
			snprintf(err, errlen, "unknown syscall '%s'", word);
			return -EINVAL;
		} else {
			name = word; /* may name a call of another machine's recording */
		}
	}
	it = add_item(s, ITEM_NAME);
	if (!it)
		return -ENOMEM;
	it->name = strdup(name);
	return it->name ? 0 : -ENOMEM;
}

static int parse_list(struct syscall_set *s, char *list, char *err, size_t errlen)
{
	bool any = false;
	char *item = list;

	for (;;) {
		char *comma = strchr(item, ',');
		int rc;

		if (comma)
			*comma = '\0';
		if (*item)
			any = true;
		rc = parse_item(s, item, err, errlen);
		if (rc < 0)
			return rc;
		if (!comma)
			break;
		item = comma + 1;
	}
	if (!any) {
		snprintf(err, errlen, "empty syscall list");
		return -EINVAL;
	}
	return 0;
}

int syscall_set_parse(const char *spec, struct syscall_set **out, char *err, size_t errlen)
{
	struct syscall_set *s;
	char *copy = NULL;
	char *list;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	else
		errlen = 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		goto nomem;
	if (!spec)
		spec = "";
	if (strncmp(spec, "trace=", 6) == 0)
		spec += 6;
	if (*spec == '!') {
		s->negate = true;
		spec++;
	}
	copy = strdup(spec);
	if (!copy)
		goto nomem;
	list = copy;
	rc = parse_list(s, list, err, errlen);
	free(copy);
	copy = NULL;
	if (rc == -ENOMEM)
		goto nomem;
	if (rc < 0) {
		syscall_set_free(s);
		return rc;
	}

	s->count = syscall_count();
	s->members = calloc((size_t)s->count, sizeof(*s->members));
	if (!s->members)
		goto nomem;
	for (int nr = 0; nr < s->count; nr++) {
		const char *name = syscall_name(nr);

		if (name)
			s->members[nr] = items_match(s, name) != s->negate;
	}
	*out = s;
	return 0;

nomem:
	free(copy);
	syscall_set_free(s);
	if (errlen)
		snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

bool syscall_set_has(const struct syscall_set *s, const char *name)
{
	int nr;

	if (!s || !name)
		return false;
	nr = syscall_number(name);
	if (nr >= 0 && nr < s->count)
		return s->members[nr];
	return items_match(s, name) != s->negate;
}

size_t syscall_set_numbers(const struct syscall_set *s, int *nrs, size_t max)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (int nr = 0; nr < s->count; nr++) {
		if (!s->members[nr])
			continue;
		if (n < max)
			nrs[n] = nr;
		n++;
	}
	return n;
}

bool syscall_set_has_unnamed(const struct syscall_set *s)
{
	return s && s->all != s->negate;
}

void syscall_set_free(struct syscall_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nitems; i++) {
		if (s->items[i].kind == ITEM_REGEX)
			regfree(&s->items[i].regex);
		free(s->items[i].name);
	}
	free(s->items);
	free(s->members);
	free(s);
}
