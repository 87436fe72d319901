/*
 * grow.h - growing a heap array, the one way (after git's ALLOC_GROW).
 *
 * base/ holds the few helpers every folder may use; it uses nothing.
 *
 *   struct item *v = NULL;
 *   size_t n = 0, cap = 0;
 *   if (GROW(v, n + 1, cap))
 *           return -ENOMEM;
 *   v[n++] = item;
 *
 * GROW(v, need, cap) makes room for need elements in v, whose room is cap
 * elements: when need > cap, v is reallocated to at least twice cap (16
 * at first), or to need if that is more.  0, or -ENOMEM with v and cap
 * unchanged.  v and cap are evaluated more than once.
 */
#ifndef SCPROF_GROW_H
#define SCPROF_GROW_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/* The capacity to grow cap to for need elements of size bytes, or 0 if
 * that many bytes cannot be addressed. */
static inline size_t grow_capacity(size_t need, size_t cap, size_t size)
{
	size_t c = cap < 8 ? 16 : cap * 2;
	if (c < cap || c < need)
		c = need;
	return c > SIZE_MAX / size ? 0 : c;
}

#define GROW(v, need, cap)                                                                         \
	__extension__({                                                                            \
		int grow_err_ = 0;                                                                 \
		size_t grow_need_ = (need);                                                        \
		if (grow_need_ > (size_t)(cap)) {                                                  \
			size_t grow_c_ = grow_capacity(grow_need_, (size_t)(cap), sizeof(*(v)));   \
			void *grow_p_ = grow_c_ ? realloc((v), grow_c_ * sizeof(*(v))) : NULL;     \
			if (grow_p_) {                                                             \
				(v) = grow_p_;                                                     \
				(cap) = grow_c_;                                                   \
			} else {                                                                   \
				grow_err_ = -ENOMEM;                                               \
			}                                                                          \
		}                                                                                  \
		grow_err_;                                                                         \
	})

#endif
