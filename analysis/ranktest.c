/*
 * ranktest.c - Mann-Whitney U test on histograms (see ranktest.h).
 *
 * With n1 BASE and n2 NEW values, N = n1 + n2, and t_k values (of both
 * sides) in bucket k:
 *   U     = sum over buckets of new_k * (BASE values in lower buckets
 *           + base_k / 2);  theta = U / (n1 n2)
 *   var_U = n1 n2 / 12 * ((N + 1) - sum(t_k^3 - t_k) / (N (N - 1)))
 *   z     = (U - n1 n2 / 2 -+ 1/2) / sqrt(var_U)   (the 1/2 toward 0)
 *   p     = erfc(|z| / sqrt 2)
 * U is summed directly rather than from rank sums, which keeps its
 * rounding small when N is in the billions.
 *
 * Several runs: each BASE value x has the placement P(x) = (NEW values
 * above x + half those tied with it) / n2, each NEW value y the placement
 * Q(y) = (BASE values below y + half the tied) / n1; both average to
 * theta.  With S_r the sum of placements of run r and n_r its values, a
 * side of K >= 2 runs adds K / (K - 1) * sum_r (S_r - n_r theta)^2 / n^2
 * to the variance of theta, a side of one run the variance of its
 * placements over n (DeLong's form), or, if larger, K times the other
 * side's share when that side has K >= 2 runs (one run is assumed to vary
 * as much as each of the other side's runs).  The test uses the larger of
 * that sum and var_U / (n1 n2)^2.  With the run-to-run variance, z is
 * referred to Student's t with Welch-Satterthwaite degrees of freedom
 * (each share has runs - 1), since a variance estimated from a few runs
 * is itself uncertain; with the per-call one, to the normal distribution.
 */
#include "analysis/ranktest.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "base/grow.h"

double ranktest_normal_p(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/* Continued fraction of the incomplete beta function (modified Lentz),
 * as in Numerical Recipes' betacf. */
static double beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 500; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		double step = d * c;
		h *= step;
		if (fabs(step - 1) < 1e-15)
			break;
	}
	return h;
}

/* The regularized incomplete beta function I_x(a, b). */
static double beta_regularized(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double ranktest_t_p(double t, double df)
{
	if (!(df < 1e7))
		return ranktest_normal_p(t);
	return beta_regularized(df / 2, 0.5, df / (df + t * t));
}

/* Values of one run in one bucket; key orders buckets by value. */
struct rank_entry {
	uint32_t key;
	uint32_t run;
	uint64_t count;
};

/* The bucket of v, numbered in increasing order of value: the
 * histogram's log-linear buckets (hist.h), whatever it stores. */
static uint32_t bucket_key(uint64_t v)
{
	if (v < HIST_SUB)
		return (uint32_t)v;
	unsigned k = 63 - (unsigned)__builtin_clzll(v);
	unsigned g = k - HIST_SUB_BITS + 1;
	unsigned sub = (unsigned)(v >> (k - HIST_SUB_BITS)) - HIST_SUB;
	return (uint32_t)(g << HIST_SUB_BITS | sub);
}

struct rank_side {
	const struct hist *const *h;
	size_t nruns;
	uint64_t n;            /* values */
	size_t k;              /* runs with values */
	long double *place;    /* per run: sum of placements */
	long double sum, sum2; /* of the placements of every value */
	struct rank_entry *e;  /* every run's buckets, by key */
	size_t ne, cap, next;  /* next: the first entry not swept yet */
};

static int side_push(struct rank_side *s, uint32_t key, uint32_t run, uint64_t count)
{
	if (GROW(s->e, s->ne + 1, s->cap))
		return -ENOMEM;
	s->e[s->ne++] = (struct rank_entry){key, run, count};
	return 0;
}

/* The buckets of run r: its values while the histogram keeps them, else
 * its counters. */
static int side_entries(struct rank_side *s, uint32_t r)
{
	const struct hist *h = s->h[r];
	if (!h->count)
		return 0;
	if (h->exact_cap) {
		for (uint64_t i = 0; i < h->count; i++)
			if (side_push(s, bucket_key(h->exact[i]), r, 1))
				return -ENOMEM;
		return 0;
	}
	for (unsigned i = 0; i < h->ngroups; i++) {
		uint32_t g = h->lo + i;
		for (unsigned b = 0; b < HIST_BLOCKS; b++) {
			const uint64_t *block = h->groups[i].blocks[b];
			if (!block)
				continue;
			for (unsigned j = 0; j < HIST_BLOCK; j++)
				if (block[j] && side_push(s, g << HIST_SUB_BITS | b << HIST_BLOCK_BITS | j,
							  r, block[j]))
					return -ENOMEM;
		}
	}
	return 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct rank_entry *a = pa, *b = pb;
	return (a->key > b->key) - (a->key < b->key);
}

static void side_free(struct rank_side *s)
{
	if (!s)
		return;
	free(s->place);
	free(s->e);
	free(s);
}

static struct rank_side *side_new(const struct hist *const *h, size_t nruns)
{
	struct rank_side *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->h = h;
	s->nruns = nruns;
	if (!(s->place = calloc(nruns ? nruns : 1, sizeof(*s->place))))
		goto nomem;
	for (size_t r = 0; r < nruns; r++) {
		s->n += h[r]->count;
		s->k += h[r]->count > 0;
		if (side_entries(s, (uint32_t)r))
			goto nomem;
	}
	if (s->ne)
		qsort(s->e, s->ne, sizeof(*s->e), cmp_entry);
	return s;
nomem:
	side_free(s);
	return NULL;
}

/* Values of the side in bucket key (the next one not swept). */
static uint64_t side_count(const struct rank_side *s, uint32_t key)
{
	uint64_t c = 0;
	for (size_t i = s->next; i < s->ne && s->e[i].key == key; i++)
		c += s->e[i].count;
	return c;
}

/* Every value of bucket key has placement pl; move past the bucket. */
static void side_place(struct rank_side *s, uint32_t key, uint64_t count, long double pl)
{
	for (; s->next < s->ne && s->e[s->next].key == key; s->next++)
		s->place[s->e[s->next].run] += (long double)s->e[s->next].count * pl;
	s->sum += (long double)count * pl;
	s->sum2 += (long double)count * pl * pl;
}

/* The lowest bucket neither side has swept, or UINT32_MAX at the end. */
static uint32_t next_key(const struct rank_side *b, const struct rank_side *n)
{
	uint32_t kb = b->next < b->ne ? b->e[b->next].key : UINT32_MAX;
	uint32_t kn = n->next < n->ne ? n->e[n->next].key : UINT32_MAX;
	return kb < kn ? kb : kn;
}

/* The side's share of the variance of theta. */
static long double side_var(const struct rank_side *s, long double theta)
{
	long double n = (long double)s->n;
	if (s->k >= 2) {
		long double ss = 0;
		for (size_t r = 0; r < s->nruns; r++) {
			long double d = s->place[r] - (long double)s->h[r]->count * theta;
			ss += d * d;
		}
		return (long double)s->k / (long double)(s->k - 1) * ss / (n * n);
	}
	if (s->n < 2)
		return 0;
	long double ss = s->sum2 - 2 * theta * s->sum + n * theta * theta;
	return (ss > 0 ? ss : 0) / (n - 1) / n;
}

int ranktest_runs(const struct hist *const *base, size_t nbase, const struct hist *const *new,
		  size_t nnew, struct ranktest *out)
{
	struct rank_side *b = side_new(base, nbase), *n = side_new(new, nnew);
	int err = -ENOMEM;
	if (!b || !n)
		goto out;
	err = -EINVAL;
	if (!b->n || !n->n)
		goto out;
	long double n1 = (long double)b->n, n2 = (long double)n->n, nn = n1 + n2;
	long double u = 0, ties = 0;
	uint64_t base_below = 0, new_below = 0;
	for (uint32_t key; (key = next_key(b, n)) != UINT32_MAX;) {
		uint64_t cb = side_count(b, key), cn = side_count(n, key);
		long double half_b = (long double)cb / 2, half_n = (long double)cn / 2;
		side_place(b, key, cb, (n2 - (long double)new_below - half_n) / n2);
		side_place(n, key, cn, ((long double)base_below + half_b) / n1);
		u += (long double)cn * ((long double)base_below + half_b);
		long double t = (long double)cb + (long double)cn;
		ties += t * t * t - t;
		base_below += cb;
		new_below += cn;
	}

	long double pairs = n1 * n2, theta = u / pairs;
	long double var_u = pairs / 12 * ((nn + 1) - (nn > 1 ? ties / (nn * (nn - 1)) : 0));
	long double var = var_u / (pairs * pairs);
	out->run_noise = false;
	out->df = INFINITY;
	if (b->k >= 2 || n->k >= 2) {
		long double vb = side_var(b, theta), vn = side_var(n, theta);
		/* degrees of freedom of each share: runs - 1, or (for one run's
		 * per-call variance) calls - 1 */
		long double dfb = b->k >= 2 ? (long double)(b->k - 1) : (long double)(b->n - 1);
		long double dfn = n->k >= 2 ? (long double)(n->k - 1) : (long double)(n->n - 1);
		/* a single run differs from the other side's runs by as much
		 * as they differ from each other: K runs' share is a run's / K */
		if (b->k == 1 && vn * (long double)n->k > vb) {
			vb = vn * (long double)n->k;
			dfb = dfn;
		}
		if (n->k == 1 && vb * (long double)b->k > vn) {
			vn = vb * (long double)b->k;
			dfn = dfb;
		}
		long double runs = vb + vn;
		if (runs > var) {
			var = runs;
			out->run_noise = true;
			/* Welch-Satterthwaite */
			long double den = (dfb > 0 ? vb * vb / dfb : 0) + (dfn > 0 ? vn * vn / dfn : 0);
			out->df = den > 0 ? (double)(runs * runs / den) : INFINITY;
		}
	}
	out->n_base = b->n;
	out->n_new = n->n;
	out->runs_base = b->k;
	out->runs_new = n->k;
	out->u = (double)u;
	out->prob_slower = (double)theta;
	if (!(var_u > 0)) {
		/* every value in one bucket: no evidence of any shift */
		out->df = INFINITY;
		out->z = 0;
		out->p = 1;
		err = 0;
		goto out;
	}
	long double d = theta - 0.5L, cc = 0.5L / pairs;
	d = d > cc ? d - cc : d < -cc ? d + cc : 0;
	out->z = (double)(d / sqrtl(var));
	out->p = ranktest_t_p(out->z, out->df);
	err = 0;
out:
	side_free(b);
	side_free(n);
	return err;
}

int ranktest_hist(const struct hist *base, const struct hist *new, struct ranktest *out)
{
	return ranktest_runs(&base, 1, &new, 1, out);
}
