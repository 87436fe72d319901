/*
 * demangle.h - C++ and Rust (legacy and v0) symbol names made readable,
 * through libiberty's demangler (the one c++filt uses), so a name reads
 * as c++filt prints it: "_ZN3app5Cache6reloadEi.isra.0" is
 * "app::Cache::reload(int) [clone .isra.0]", a Rust legacy name loses its
 * "::h0123456789abcdef" hash.  Names that are not mangled (C functions)
 * are left alone.
 */
#ifndef SCPROF_DEMANGLE_H
#define SCPROF_DEMANGLE_H

/* The demangled form of name (malloc'ed: free it), or NULL if name is not
 * a C++ or Rust mangled name (or memory ran out). */
char *demangle(const char *name);

#endif
