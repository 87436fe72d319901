/*
 * demangle.c - symbol names demangled (see demangle.h).
 */
#include "symbols/demangle.h"

#include <stddef.h>
#include <string.h>

#include <libiberty/demangle.h>

char *demangle(const char *name)
{
	/* Itanium C++ and Rust legacy names start with _Z (or __Z on some
	 * targets), Rust v0 names with _R: anything else is left alone
	 * without asking the demangler. */
	if (!name || name[0] != '_' ||
	    !(name[1] == 'Z' || name[1] == 'R' || (name[1] == '_' && name[2] == 'Z')))
		return NULL;
	return cplus_demangle(name, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
}
