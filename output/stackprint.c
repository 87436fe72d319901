/*
 * stackprint.c - stacks as text (see stackprint.h).
 */
#include "output/stackprint.h"

#include <inttypes.h>
#include <string.h>

#include "analysis/humantime.h"
#include "output/jsonprint.h"
#include "output/textesc.h"

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void put_ns(FILE *f, int width, uint64_t ns)
{
	char buf[32];
	humantime_ns(buf, sizeof(buf), ns);
	fprintf(f, " %*s", width, buf);
}

static void group_title(FILE *f, const struct stacks_show *show, uint64_t group, bool *first)
{
	if (!show->group_name)
		return;
	char buf[256];
	const char *t = show->group_name(show->ctx, group, buf, sizeof(buf));
	fputs(*first ? "== " : "\n== ", f);
	textesc_fputs(f, t ? t : "?", 0);
	fputs(" ==\n", f);
	*first = false;
}

static void print_path(FILE *f, const struct stacks *s, const struct stacks_sys *sy,
		       const struct stacks_path *p)
{
	const struct stacks_stat *st = &p->st;
	put_ns(f, 10, st->time);
	fprintf(f, " %5.1f%% %9" PRIu64 " %5.1f%%", share(st->time, sy->total.time),
		st->calls, share(st->calls, sy->total.calls));
	if (st->lat.count) {
		put_ns(f, 9, hist_percentile(&st->lat, 50));
		put_ns(f, 9, hist_percentile(&st->lat, 99));
	} else {
		fprintf(f, " %9s %9s", "-", "-");
	}
	fprintf(f, " %8" PRIu64 "\n", st->errors);
	if (!p->nframes)
		fputs("            [no stack]\n", f);
	for (uint32_t i = p->nframes; i-- > 0;) {
		fputs("            ", f);
		textesc_fputs(f, stacks_frame_name(s, p->frames[i]), 0);
		fputc('\n', f);
	}
}

/* Syscall i of the list starts a group. */
static bool new_group(const struct stacks *s, size_t i)
{
	return !i || stacks_sys_at(s, i)->group != stacks_sys_at(s, i - 1)->group;
}

/* --top: whether syscall i of the list is among the top of its group;
 * *rank counts the syscalls of the group so far. */
static bool sys_shown(const struct stacks *s, const struct stacks_show *show, size_t i,
		      size_t *rank)
{
	if (new_group(s, i))
		*rank = 0;
	return !show->top || (*rank)++ < show->top;
}

/* --top: how many of sy's stacks are shown. */
static size_t paths_shown(const struct stacks_show *show, const struct stacks_sys *sy)
{
	return show->top && show->top < sy->npaths ? show->top : sy->npaths;
}

void stackprint_list(FILE *f, const struct stacks *s, const struct stacks_show *show)
{
	size_t n = stacks_nsys(s);
	bool first = true;
	if (!n) {
		fputs("No calls with stacks to show.\n", f);
		return;
	}
	for (size_t i = 0, rank = 0; i < n; i++) {
		const struct stacks_sys *sy = stacks_sys_at(s, i);
		if (new_group(s, i))
			group_title(f, show, sy->group, &first);
		if (!sys_shown(s, show, i, &rank))
			continue;
		char total[32];
		humantime_ns(total, sizeof(total), sy->total.time);
		fprintf(f, "%s%s: %" PRIu64 " calls", first ? "" : "\n",
			show->sys_name(show->ctx, sy->nr), sy->total.calls);
		first = false;
		if (sy->total.errors)
			fprintf(f, ", %" PRIu64 " errors", sy->total.errors);
		fprintf(f, ", %s, %zu stack%s\n", total, sy->npaths, sy->npaths == 1 ? "" : "s");
		fputs("       time  %time     calls %calls       p50       p99   errors  stack, "
		      "innermost first\n",
		      f);
		size_t limit = paths_shown(show, sy);
		for (size_t j = 0; j < limit; j++)
			print_path(f, s, sy, &sy->paths[j]);
		if (limit < sy->npaths) {
			struct stacks_stat rest = { 0 };
			for (size_t j = limit; j < sy->npaths; j++) {
				rest.calls += sy->paths[j].st.calls;
				rest.time += sy->paths[j].st.time;
			}
			fprintf(f, "  ... %zu more stacks: %.1f%% of time, %.1f%% of calls\n",
				sy->npaths - limit, share(rest.time, sy->total.time),
				share(rest.calls, sy->total.calls));
		}
	}
}

static void print_node(FILE *f, const struct stacks *s, const struct stacks_show *show,
		       const struct stacks_node *n, uint64_t whole, int depth)
{
	uint64_t w = stacks_weight_of(&n->st, show->weight);
	if (n->kind != STACKS_ROOT) {
		uint64_t self = show->weight == STACKS_BY_CALLS ? n->self_calls : n->self_time;
		fprintf(f, " %6.1f%% %6.1f%%", share(w, whole), share(self, whole));
		put_ns(f, 9, n->st.time);
		fprintf(f, " %9" PRIu64 "  %*s", n->st.calls, 2 * (depth - 1), "");
		if (n->kind == STACKS_SYSCALL)
			fprintf(f, "-> %s\n", show->sys_name(show->ctx, (int32_t)n->id));
		else {
			textesc_fputs(f, stacks_frame_name(s, n->id), 0);
			fputc('\n', f);
		}
	}
	size_t hidden = 0;
	uint64_t hidden_w = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct stacks_node *k = n->kids[i];
		uint64_t kw = stacks_weight_of(&k->st, show->weight);
		if (whole && (double)kw / (double)whole < show->min_share) {
			hidden++;
			hidden_w += kw;
			continue;
		}
		print_node(f, s, show, k, whole, depth + 1);
	}
	if (hidden)
		fprintf(f, " %6.1f%% %7s %9s %9s  %*s(%zu more below %.1f%%)\n",
			share(hidden_w, whole), "", "", "", 2 * depth, "", hidden,
			100 * show->min_share);
}

void stackprint_tree(FILE *f, const struct stacks *s, const struct stacks_show *show)
{
	size_t n = stacks_ntrees(s);
	bool first = true;
	if (!n) {
		fputs("No calls with stacks to show.\n", f);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct stacks_tree *t = stacks_tree_at(s, i);
		group_title(f, show, t->group, &first);
		first = false;
		fprintf(f, "%s %7s %7s %9s %9s  %s\n", "", "children", "self", "time", "calls",
			"caller -> callee");
		uint64_t whole = stacks_weight_of(&t->root->st, show->weight);
		print_node(f, s, show, t->root, whole, 0);
	}
}

static void json_stat(FILE *f, const struct stacks_stat *st)
{
	fprintf(f, "\"calls\": %" PRIu64 ", \"errors\": %" PRIu64 ", \"total_ns\": %" PRIu64,
		st->calls, st->errors, st->time);
}

static void json_path(FILE *f, const struct stacks *s, const struct stacks_path *p)
{
	const struct stacks_stat *st = &p->st;
	fputs("{", f);
	json_stat(f, st);
	fprintf(f, ", \"p50_ns\": %" PRIu64 ", \"p99_ns\": %" PRIu64 ", \"frames\": [",
		st->lat.count ? hist_percentile(&st->lat, 50) : 0,
		st->lat.count ? hist_percentile(&st->lat, 99) : 0);
	for (uint32_t i = p->nframes; i-- > 0;) {
		json_print_string(f, stacks_frame_name(s, p->frames[i]));
		if (i)
			fputs(", ", f);
	}
	fputs("]}", f);
}

void stackprint_json(FILE *f, const struct stacks *s, const struct stacks_show *show,
		     const struct rview *v)
{
	uint32_t every = v->meta->stack_every > 1 ? v->meta->stack_every : 1;
	fputs("{\n", f);
	json_print_recording(f, v);
	fprintf(f,
		"  \"duration_ns\": %" PRIu64 ", \"events\": %" PRIu64 ", \"lost_events\": %" PRIu64
		", \"truncated\": %s, \"filtered\": %s, \"stack_every\": %" PRIu32
		", \"weight\": \"%s\",\n  \"syscalls\": [",
		v->duration_ns, v->events, v->lost, v->truncated ? "true" : "false",
		v->filtered ? "true" : "false", every,
		show->weight == STACKS_BY_CALLS ? "calls" : "time");
	size_t n = stacks_nsys(s);
	bool first = true;
	for (size_t i = 0, rank = 0; i < n; i++) {
		const struct stacks_sys *sy = stacks_sys_at(s, i);
		if (!sys_shown(s, show, i, &rank))
			continue;
		fputs(first ? "\n    {\"group\": " : ",\n    {\"group\": ", f);
		first = false;
		char buf[256];
		json_print_string(f, show->group_name
					     ? show->group_name(show->ctx, sy->group, buf, sizeof(buf))
					     : NULL);
		json_print_member(f, "name", show->sys_name(show->ctx, sy->nr));
		fprintf(f, ", \"nr\": %" PRId32 ", ", sy->nr);
		json_stat(f, &sy->total);
		fputs(", \"stacks\": [", f);
		size_t limit = paths_shown(show, sy);
		for (size_t j = 0; j < limit; j++) {
			fputs(j ? ",\n      " : "\n      ", f);
			json_path(f, s, &sy->paths[j]);
		}
		fprintf(f, "], \"more_stacks\": %zu}", sy->npaths - limit);
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
}
