# tests/sanitize.mk: `make asan` and `make valgrind`, both part of
# `make check`.
#
# make asan: build scprof and the unit tests with AddressSanitizer and
#   UndefinedBehaviorSanitizer into build-asan/ (the normal build in build/
#   is not touched; its generated headers are used, as ALL_CFLAGS has
#   -Ibuild), run the unit tests, then every e2e test against
#   build-asan/scprof (SCPROF=...).  The example and helper programs stay
#   the normal ones from build/.  Any sanitizer report aborts the program
#   (-fno-sanitize-recover=all) and so fails the test.
# make valgrind: run the reader side (scprof report in its views, scprof
#   dump, tests/fault/scfcheck) under valgrind on every file of tests/data/
#   and on recordings made on the fly (tests/fault/valgrind.sh).

ASAN_B := build-asan
ASAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The e2e tests' programs may leak at exit on purpose (faultprog ticker is
# killed); leaks in scprof itself are reported.  Abort on the first error.
ASAN_ENV := ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

TEST_PACKAGES += valgrind

# The sanitized binary: only built by the recursive make of `asan`, where
# B is build-asan.
$(B)/scprof: $(SCPROF_OBJS) $(B)/libscf.a
	$(call link,$(DEP_LIBS))

asan-build: all $(EXAMPLES)
	$(Q)$(MAKE) --no-print-directory B=$(ASAN_B) CFLAGS="$(ASAN_CFLAGS)" \
		$(ASAN_B)/scprof $(subst $(B)/,$(ASAN_B)/,$(UNIT_TESTS))

# The e2e tests run even when a unit test failed; either fails the target.
asan: asan-build
	@echo "  ASAN    unit tests ($(ASAN_B)/)"; rc=0; \
	$(ASAN_ENV) $(MAKE) --no-print-directory B=$(ASAN_B) CFLAGS="$(ASAN_CFLAGS)" unit || rc=1; \
	echo "  ASAN    e2e tests against $(ASAN_B)/scprof"; \
	$(ASAN_ENV) SCPROF=$(CURDIR)/$(ASAN_B)/scprof bash tests/e2e/run.sh || rc=1; \
	exit $$rc

valgrind: all $(EXAMPLES)
	@command -v valgrind >/dev/null || { echo "make valgrind: valgrind is not installed (apt-get install valgrind, or make deps)" >&2; exit 1; }
	$(Q)bash tests/fault/valgrind.sh

clean: clean-asan
clean-asan:
	rm -rf $(ASAN_B)

.PHONY: asan asan-build valgrind clean-asan
