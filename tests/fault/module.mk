# tests/fault/: helper programs of the fault and privilege tests
# (tests/e2e/t_fault_*.sh, t_priv_*.sh), built into build/tests/fault/
# before `make e2e`.  faultprog makes known numbers of getppid calls in
# known ways (forks, threads, exec, death by a signal); scfcheck reads a
# recording with libscf alone and prints what the tests check; scfgen
# writes recordings of chosen events (known latencies) for t_known_*.sh.

FAULT_BINS := $(B)/tests/fault/faultprog $(B)/tests/fault/scfcheck $(B)/tests/fault/scfgen
EXAMPLES += $(FAULT_BINS)

$(B)/tests/fault/faultprog: $(B)/tests/fault/faultprog.o
	$(call link,-lpthread)

$(B)/tests/fault/scfcheck: $(B)/tests/fault/scfcheck.o $(B)/libscf.a
	$(call link,$(DEP_LIBS))

# scfgen: writes the recordings of known latencies of t_known_*.sh.
$(B)/tests/fault/scfgen: $(B)/tests/fault/scfgen.o $(B)/libscf.a
	$(call link,$(DEP_LIBS))

.SECONDARY: $(FAULT_BINS:=.o)
all: $(FAULT_BINS)

# nopidfd.so: LD_PRELOAD shim, pidfd_open fails with ENOSYS.
FAULT_SHIMS := $(B)/tests/fault/nopidfd.so
EXAMPLES += $(FAULT_SHIMS)
all: $(FAULT_SHIMS)

$(B)/tests/fault/nopidfd.so: tests/fault/nopidfd.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) -shared -fPIC -o $@ $< -ldl
