/*
 * gate.c - parsing and evaluating --fail-if rules (see gate.h).
 */
#include "analysis/gate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METRICS_HELP "calls, errors, total, avg, p50, p90, p99 or max"

static int fail(struct gate_error *err, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct gate_error *err, size_t column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->column = column;
	return -EINVAL;
}

static size_t skip_spaces(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

static size_t word_end(const char *s, size_t i)
{
	while (isalnum((unsigned char)s[i]) || s[i] == '_')
		i++;
	return i;
}

/* A metric or a counter's name: counters may hold '-', ':' and '.'
 * (page-faults, perf::PAGE-FAULTS). */
static size_t metric_end(const char *s, size_t i)
{
	while (isalnum((unsigned char)s[i]) || (s[i] && strchr("_-:.", s[i])))
		i++;
	return i;
}

static const struct {
	const char *text;
	enum gate_op op;
} ops[] = {
	/* two-character operators first */
	{">=", GATE_GE}, {"<=", GATE_LE}, {"==", GATE_EQ}, {"!=", GATE_NE},
	{">", GATE_GT},  {"<", GATE_LT},  {"=", GATE_EQ},
};

const char *gate_op_text(enum gate_op op)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

/* A duration unit at s[i..j): ns per unit, or 0 if unknown. */
static double unit_ns(const char *s, size_t i, size_t j)
{
	static const struct {
		const char *name;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (strlen(units[k].name) == j - i && !memcmp(units[k].name, s + i, j - i))
			return units[k].ns;
	return 0;
}

/* THRESHOLD at text[i...]: sets kind and threshold; returns the index
 * after it, or (size_t)-1 on error. */
static size_t parse_threshold(const char *t, size_t i, struct gate_rule *r,
			      struct gate_error *err)
{
	bool sign = false, negative = false;
	if (t[i] == '+' || t[i] == '-') {
		sign = true;
		negative = t[i] == '-';
		i++;
	}
	size_t num = i;
	double v = 0;
	bool digits = false;
	while (isdigit((unsigned char)t[i])) {
		v = v * 10 + (t[i++] - '0');
		digits = true;
	}
	if (t[i] == '.') {
		double scale = 0.1;
		for (i++; isdigit((unsigned char)t[i]); i++, scale /= 10) {
			v += (t[i] - '0') * scale;
			digits = true;
		}
	}
	if (!digits) {
		fail(err, num, "expected a number%s", sign ? "" : " (a value, +change or +percent%)");
		return (size_t)-1;
	}
	size_t unit = i, unit_end = word_end(t, i);
	if (unit_end > unit) {
		double ns = unit_ns(t, unit, unit_end);
		if (!ns) {
			fail(err, unit, "unknown unit '%.*s'; use ns, us, ms or s", (int)(unit_end - unit),
			     t + unit);
			return (size_t)-1;
		}
		if (r->counter || !diff_metric_is_time(r->metric)) {
			fail(err, unit, "%s is a count: it takes no unit",
			     r->counter ? r->counter : diff_metric_name(r->metric));
			return (size_t)-1;
		}
		v *= ns;
		i = unit_end;
	}
	if (t[i] == '%') {
		if (unit_end > unit) {
			fail(err, i, "a percentage takes no unit");
			return (size_t)-1;
		}
		r->kind = GATE_PERCENT;
		i++;
	} else {
		r->kind = sign ? GATE_CHANGE : GATE_VALUE;
	}
	r->threshold = negative ? -v : v;
	return i;
}

int gate_parse(const char *expr, struct gate_rule *r, struct gate_error *err)
{
	memset(r, 0, sizeof(*r));
	const char *t = expr;
	size_t i = skip_spaces(t, 0), j = metric_end(t, i);
	if (j == i)
		return fail(err, i, "expected a metric: " METRICS_HELP ", or a counter");
	int m = diff_metric_parse(t + i, j - i);
	r->counter_index = -1;
	int sp = m < 0 ? diff_split_parse(t + i, j - i) : -1;
	if (sp >= 0) {
		/* a share of the total time: a duration like it */
		r->split = 1 + sp;
		m = DIFF_TOTAL;
	} else if (m < 0) {
		/* a counter's name, looked up in the recordings (gate_bind) */
		if (!(r->counter = strndup(t + i, j - i)))
			return -ENOMEM;
		m = DIFF_CALLS;
	}
	r->metric = (enum diff_metric)m;
	i = skip_spaces(t, j);
	size_t name = 0, name_end = 0;
	int rc = -EINVAL;
	if (t[i] == '(') {
		i = skip_spaces(t, i + 1);
		name = i;
		name_end = word_end(t, i);
		if (name_end == name) {
			fail(err, i, "expected a syscall name");
			goto bad;
		}
		i = skip_spaces(t, name_end);
		if (t[i] != ')') {
			fail(err, i, "expected ')'");
			goto bad;
		}
		i = skip_spaces(t, i + 1);
	}
	size_t k;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strncmp(t + i, ops[k].text, strlen(ops[k].text)))
			break;
	if (k == sizeof(ops) / sizeof(ops[0])) {
		fail(err, i, "expected a comparison: >, >=, <, <=, == or !=");
		goto bad;
	}
	r->op = ops[k].op;
	i = skip_spaces(t, i + strlen(ops[k].text));
	if ((i = parse_threshold(t, i, r, err)) == (size_t)-1)
		goto bad;
	i = skip_spaces(t, i);
	if (t[i]) {
		fail(err, i, "unexpected '%c' after the threshold", t[i]);
		goto bad;
	}
	rc = -ENOMEM;
	if (!(r->text = strdup(expr)))
		goto bad;
	if (name_end > name) {
		if (!(r->syscall = strndup(t + name, name_end - name))) {
			gate_rule_release(r);
			return -ENOMEM;
		}
		r->syscall_col = name;
	}
	return 0;
bad:
	gate_rule_release(r);
	return rc;
}

void gate_rule_release(struct gate_rule *r)
{
	free(r->text);
	free(r->counter);
	free(r->syscall);
	memset(r, 0, sizeof(*r));
}

static bool compare(double a, enum gate_op op, double b)
{
	switch (op) {
	case GATE_GT:
		return a > b;
	case GATE_GE:
		return a >= b;
	case GATE_LT:
		return a < b;
	case GATE_LE:
		return a <= b;
	case GATE_EQ:
		return a == b;
	case GATE_NE:
		return a != b;
	}
	return false;
}

int gate_bind(struct gate_rule *r, const struct diff *d)
{
	if (!r->counter)
		return 0;
	r->counter_index = diff_counter_index(d, r->counter);
	return r->counter_index < 0 ? -ENOENT : 0;
}

void gate_eval(const struct gate_rule *r, const struct diff_row *row, struct gate_verdict *out)
{
	memset(out, 0, sizeof(*out));
	if (row && r->counter) {
		if (r->counter_index >= 0)
			out->v = row->cnt[r->counter_index];
	} else if (row && r->split) {
		out->v = row->split[r->split - 1];
	} else if (row) {
		out->v = row->v[r->metric];
		out->tested = row->tested && diff_metric_is_latency(r->metric);
		out->p = row->rank.p;
	}
	switch (r->kind) {
	case GATE_VALUE:
		out->measured = out->v.new;
		break;
	case GATE_CHANGE:
		out->measured = diff_val_change(&out->v);
		break;
	case GATE_PERCENT:
		if (!diff_val_pct(&out->v, &out->measured))
			out->measured = out->v.new > 0 ? INFINITY : 0;
		break;
	}
	out->tripped = compare(out->measured, r->op, r->threshold);
	if (out->tripped && r->kind != GATE_VALUE && out->tested && !row->significant) {
		out->tripped = false;
		out->noise = true;
	}
}

int gate_describe(char *buf, size_t len, const struct gate_rule *r, const struct gate_verdict *v)
{
	char base[32], new[32], change[32], pct[32], p[32] = "";
	enum diff_metric m = r->metric;
	diff_value_text(base, sizeof(base), m, v->v.base);
	diff_value_text(new, sizeof(new), m, v->v.new);
	diff_change_text(change, sizeof(change), m, diff_val_change(&v->v));
	diff_pct_text(pct, sizeof(pct), &v->v);
	if (v->tested && v->p < 0.0001)
		snprintf(p, sizeof(p), ", p<0.0001");
	else if (v->tested)
		snprintf(p, sizeof(p), ", p=%.2g", v->p);
	bool show_change = r->kind == GATE_CHANGE || !diff_val_pct(&v->v, &(double){0});
	static const char *const split_text[] = { "on-CPU time", "blocked time", "runnable time" };
	return snprintf(buf, len, "%s %s %s -> %s (%s%s%s%s)", r->syscall ? r->syscall : "all syscalls",
			r->counter ? r->counter
			: r->split ? split_text[(r->split - 1) % 3]
			: m == DIFF_TOTAL ? "total time" : diff_metric_name(m),
			base, new,
			show_change ? change : "", show_change ? ", " : "", pct, p);
}
