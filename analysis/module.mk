# analysis/: what is computed from a recording, pure and unit-tested:
# per-syscall statistics (agg, hist), task names (tasks), the report's
# filters (rfilter) and view (rview), call stacks (maps, symbols, unwind,
# stacks, callstacks), and the comparison of runs (diff, ranktest, gate,
# diffstacks); humantime words durations for them and the printers.
# Uses formats/ and syscalls/ only: no printing, no cli/, no output/.
ANALYSIS_OBJS := $(B)/analysis/hist.o $(B)/analysis/agg.o $(B)/analysis/tasks.o \
	$(B)/analysis/sysnames.o $(B)/analysis/rfilter.o $(B)/analysis/rview.o \
	$(B)/analysis/humantime.o
# ANALYSIS_OBJS: these, then every object of the folder (at the end)

UNIT_TESTS += $(B)/tests/unit/check_hist $(B)/tests/unit/check_agg

$(B)/tests/unit/check_hist: $(B)/tests/unit/check_hist.o $(B)/analysis/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

$(B)/tests/unit/check_agg: $(B)/tests/unit/check_agg.o $(B)/analysis/agg.o $(B)/analysis/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

UNIT_TESTS += $(B)/tests/unit/check_report_tasks $(B)/tests/unit/check_report_humantime

$(B)/tests/unit/check_report_tasks: $(B)/tests/unit/check_report_tasks.o $(B)/analysis/tasks.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

$(B)/tests/unit/check_report_humantime: $(B)/tests/unit/check_report_humantime.o $(B)/analysis/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

UNIT_TESTS += $(B)/tests/unit/check_report_rfilter

$(B)/tests/unit/check_report_rfilter: $(B)/tests/unit/check_report_rfilter.o $(B)/analysis/rfilter.o \
		$(B)/analysis/sysnames.o $(B)/cli/diag.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

# scprof diff: diff (pooled sides and their comparison), ranktest
# (Mann-Whitney U on histograms) and gate (--fail-if rules)
DIFF_OBJS := $(B)/analysis/diff.o $(B)/analysis/ranktest.o $(B)/analysis/gate.o
# erfc and sqrt of the rank test
DEP_LIBS += -lm

UNIT_TESTS += $(B)/tests/unit/check_diff $(B)/tests/unit/check_gate

$(B)/tests/unit/check_diff: $(B)/tests/unit/check_diff.o $(DIFF_OBJS) $(B)/analysis/agg.o \
		$(B)/analysis/hist.o $(B)/analysis/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

$(B)/tests/unit/check_gate: $(B)/tests/unit/check_gate.o $(DIFF_OBJS) $(B)/analysis/agg.o \
		$(B)/analysis/hist.o $(B)/analysis/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

# call stacks of a recording (--stacks, --format folded|svg)
STACKS_OBJS := $(B)/analysis/maps.o $(B)/analysis/symbols.o $(B)/analysis/unwind.o \
	$(B)/analysis/stacks.o $(B)/analysis/callstacks.o

# diff --stacks: per call stack comparison
DIFFSTACKS_OBJS := $(B)/analysis/diffstacks.o
UNIT_TESTS += $(B)/tests/unit/check_diff_stacks
$(B)/tests/unit/check_diff_stacks: $(B)/tests/unit/check_diff_stacks.o $(DIFFSTACKS_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

ANALYSIS_OBJS += $(DIFF_OBJS) $(STACKS_OBJS) $(DIFFSTACKS_OBJS)
SCPROF_OBJS += $(ANALYSIS_OBJS)
