# report/: `scprof report` (analysis and output) and `scprof dump`.
# Pure modules (hist, agg, tasks, rfilter, rview, evline) compute; table,
# json (with jsonprint's pieces) and csv only format; openmsg words a
# recording that cannot be opened (report, dump, diff); report.c parses
# options and streams.
REPORT_OBJS := $(B)/report/hist.o $(B)/report/agg.o $(B)/report/tasks.o \
	$(B)/report/sysnames.o $(B)/report/rfilter.o $(B)/report/rview.o \
	$(B)/report/humantime.o $(B)/report/evline.o $(B)/report/table.o \
	$(B)/report/json.o $(B)/report/jsonprint.o $(B)/report/csv.o $(B)/report/openmsg.o \
	$(B)/report/fdtable.o
SCPROF_OBJS += $(B)/report/report.o $(REPORT_OBJS) $(B)/report/dump.o
# openmsg is shared with dump (whose test is linked in formats/module.mk)
$(B)/tests/unit/check_scf_dump: $(B)/report/openmsg.o

UNIT_TESTS += $(B)/tests/unit/check_hist $(B)/tests/unit/check_agg

$(B)/tests/unit/check_hist: $(B)/tests/unit/check_hist.o $(B)/report/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

$(B)/tests/unit/check_agg: $(B)/tests/unit/check_agg.o $(B)/report/agg.o $(B)/report/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

UNIT_TESTS += $(B)/tests/unit/check_report_tasks $(B)/tests/unit/check_report_humantime

$(B)/tests/unit/check_report_tasks: $(B)/tests/unit/check_report_tasks.o $(B)/report/tasks.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

$(B)/tests/unit/check_report_humantime: $(B)/tests/unit/check_report_humantime.o $(B)/report/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)

UNIT_TESTS += $(B)/tests/unit/check_report_rfilter $(B)/tests/unit/check_report_cmd

$(B)/tests/unit/check_report_rfilter: $(B)/tests/unit/check_report_rfilter.o $(B)/report/rfilter.o \
		$(B)/report/sysnames.o $(B)/cli/diag.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

$(B)/tests/unit/check_report_cmd: $(B)/tests/unit/check_report_cmd.o $(B)/tests/unit/capture.o \
		$(B)/report/report.o \
		$(REPORT_OBJS) $(B)/cli/diag.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

# scprof diff: diff (pooled sides and their comparison), ranktest
# (Mann-Whitney U on histograms) and gate (--fail-if rules) compute;
# diffout formats; diffcmd reads recordings and runs the command.
DIFF_OBJS := $(B)/report/diff.o $(B)/report/ranktest.o $(B)/report/gate.o
SCPROF_OBJS += $(DIFF_OBJS) $(B)/report/diffout.o $(B)/report/diffcmd.o
# erfc and sqrt of the rank test
DEP_LIBS += -lm

UNIT_TESTS += $(B)/tests/unit/check_diff $(B)/tests/unit/check_gate $(B)/tests/unit/check_diff_cmd

$(B)/tests/unit/check_diff: $(B)/tests/unit/check_diff.o $(DIFF_OBJS) $(B)/report/agg.o \
		$(B)/report/hist.o $(B)/report/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

$(B)/tests/unit/check_gate: $(B)/tests/unit/check_gate.o $(DIFF_OBJS) $(B)/report/agg.o \
		$(B)/report/hist.o $(B)/report/humantime.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

# the whole command on synthetic recordings
$(B)/tests/unit/check_diff_cmd: $(B)/tests/unit/check_diff_cmd.o $(B)/tests/unit/capture.o \
		$(B)/report/diffcmd.o \
		$(B)/report/diffout.o $(DIFF_OBJS) $(REPORT_OBJS) $(B)/cli/diag.o $(SYSCALLS_OBJS) \
		$(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

# the program the diff end-to-end tests record (tests/e2e/t_diff*.sh)
EXAMPLES += $(B)/tests/e2e/diff_target
$(B)/tests/e2e/diff_target: $(B)/tests/e2e/diff_target.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<
all: $(B)/tests/e2e/diff_target

# stacks: call stacks of a recording (--stacks, --format folded|svg)
STACKS_OBJS := $(B)/report/maps.o $(B)/report/symbols.o $(B)/report/unwind.o \
	$(B)/report/stacks.o $(B)/report/callstacks.o $(B)/report/stackprint.o \
	$(B)/report/flame.o $(B)/report/xmltext.o
SCPROF_OBJS += $(STACKS_OBJS)
$(B)/tests/unit/check_report_cmd: $(STACKS_OBJS)

UNIT_TESTS += $(B)/tests/unit/check_stacks
$(B)/tests/unit/check_stacks: $(B)/tests/unit/check_stacks.o $(STACKS_OBJS) $(B)/report/hist.o \
		$(B)/report/humantime.o $(B)/report/jsonprint.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS) -lm

# diff --stacks: per call stack comparison (pure), its table, folded and
# differential SVG output
DIFFSTACKS_OBJS := $(B)/report/diffstacks.o
SCPROF_OBJS += $(DIFFSTACKS_OBJS) $(B)/report/diffflame.o
$(B)/tests/unit/check_diff_cmd: $(DIFFSTACKS_OBJS) $(B)/report/diffflame.o $(STACKS_OBJS)
UNIT_TESTS += $(B)/tests/unit/check_diff_stacks
$(B)/tests/unit/check_diff_stacks: $(B)/tests/unit/check_diff_stacks.o $(DIFFSTACKS_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

# the program t_diff_stacks.sh records: known call paths, counts from argv
EXAMPLES += $(B)/tests/e2e/diffstacks_target
$(B)/tests/e2e/diffstacks_target: tests/e2e/diffstacks_target.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -I. -fno-omit-frame-pointer -o $@ $<
all: $(B)/tests/e2e/diffstacks_target

UNIT_TESTS += $(B)/tests/unit/check_report_fdtable

$(B)/tests/unit/check_report_fdtable: $(B)/tests/unit/check_report_fdtable.o $(B)/report/fdtable.o \
		$(SYSCALLS_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)
