# report/: `scprof report` (analysis and output) and `scprof dump`.
# Pure modules (hist, agg, tasks, rfilter, rview, evline) compute; table,
# json and csv only format; report.c parses options and streams.
REPORT_OBJS := $(B)/report/hist.o $(B)/report/agg.o $(B)/report/tasks.o \
	$(B)/report/sysnames.o $(B)/report/rfilter.o $(B)/report/rview.o \
	$(B)/report/humantime.o $(B)/report/evline.o $(B)/report/table.o \
	$(B)/report/json.o $(B)/report/csv.o
SCPROF_OBJS += $(B)/report/report.o $(REPORT_OBJS) $(B)/report/dump.o

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
		$(B)/report/sysnames.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

$(B)/tests/unit/check_report_cmd: $(B)/tests/unit/check_report_cmd.o $(B)/report/report.o \
		$(REPORT_OBJS) $(B)/cli/diag.o $(SYSCALLS_OBJS) $(B)/libscf.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS)

# stacks: call stacks of a recording (--stacks, --format folded|svg)
STACKS_OBJS := $(B)/report/maps.o $(B)/report/symbols.o $(B)/report/unwind.o \
	$(B)/report/stacks.o $(B)/report/callstacks.o $(B)/report/stackprint.o \
	$(B)/report/flame.o
SCPROF_OBJS += $(STACKS_OBJS)
$(B)/tests/unit/check_report_cmd: $(STACKS_OBJS)

UNIT_TESTS += $(B)/tests/unit/check_stacks
$(B)/tests/unit/check_stacks: $(B)/tests/unit/check_stacks.o $(STACKS_OBJS) $(B)/report/hist.o \
		$(B)/report/humantime.o $(SYSCALLS_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(DEP_LIBS) -lm
