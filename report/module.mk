# report/: `scprof report` (analysis and output) and `scprof dump`.
REPORT_OBJS := $(B)/report/report.o $(B)/report/hist.o $(B)/report/agg.o
SCPROF_OBJS += $(REPORT_OBJS) $(B)/report/dump.o

UNIT_TESTS += $(B)/tests/unit/check_hist $(B)/tests/unit/check_agg

$(B)/tests/unit/check_hist: $(B)/tests/unit/check_hist.o $(B)/report/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) -lm

$(B)/tests/unit/check_agg: $(B)/tests/unit/check_agg.o $(B)/report/agg.o $(B)/report/hist.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS)
