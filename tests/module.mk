# tests/: unit tests (Check) and end-to-end tests against the real kernel.

include tests/fault/module.mk

unit: $(UNIT_TESTS)
	@rc=0; for t in $(UNIT_TESTS); do echo "  UNIT    $$t"; CK_FORK=yes $$t || rc=1; done; exit $$rc

# Twice: with the default (BPF) recorder, then every test again with the
# tracepoint recorder (record --no-bpf), which stays the fallback.
e2e: scprof $(EXAMPLES)
	@bash tests/e2e/run.sh; rc=$$?; \
	echo "  E2E     again with the tracepoint recorder (SCPROF_E2E_NO_BPF=1)"; \
	SCPROF_E2E_NO_BPF=1 bash tests/e2e/run.sh || rc=1; exit $$rc

# strace: counts to compare with; chromium and python3: the flame graph
# is rendered and its screenshot read, JSON and XML checked; libcap2-bin:
# setcap for t_priv_nobody; util-linux: setpriv and unshare; golang-go:
# `go tool pprof` reads report --format pprof (t_pprof); tmux: a real
# terminal for scprof top and record's status line (t_top_tty, t_record_status).
TEST_PACKAGES += strace chromium python3 libcap2-bin util-linux golang-go tmux

check: test-deps
	$(MAKE) --no-print-directory all
	@bash tests/mutation/run.sh --check
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory valgrind

demo: deps
	$(MAKE) --no-print-directory all
	./scprof record -o $(B)/demo.scprof -- $(B)/examples/config_reread
	./scprof report -i $(B)/demo.scprof

.PHONY: unit e2e

# The mutation run (tests/mutation/run.sh): each mutant of
# tests/mutation/mutants.txt built and tested in a scratch copy.
mutation: test-deps
	@bash tests/mutation/run.sh

# The unit test binaries, for tests/mutation/run.sh.
print-unit-tests:
	@echo $(UNIT_TESTS)

.PHONY: mutation print-unit-tests

# what the BPF recorder's capture tests record (tests/e2e/t_bpf_*.sh)
EXAMPLES += $(B)/tests/e2e/capture_target
$(B)/tests/e2e/capture_target: $(B)/tests/e2e/capture_target.o
	$(call link,)
all: $(B)/tests/e2e/capture_target


# what t_fd_attach attaches to: descriptors opened before recording
EXAMPLES += $(B)/tests/e2e/fdattach_target
$(B)/tests/e2e/fdattach_target: $(B)/tests/e2e/fdattach_target.o
	$(call link,)
all: $(B)/tests/e2e/fdattach_target
