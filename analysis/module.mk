# analysis/: what is computed from a recording, pure and unit-tested:
# per-syscall statistics (agg, hist), task names (tasks), the report's
# filters (rfilter) and view (rview), descriptor tables (fdtable), call
# stacks (maps, symbols, unwind, stacks, callstacks), and the comparison of runs (diff, ranktest, gate,
# diffstacks); humantime words durations for them and the printers; live
# counts the intervals of scprof top.
# Uses formats/ and syscalls/ only: no printing, no cli/, no output/.
ANALYSIS_OBJS := $(B)/analysis/hist.o $(B)/analysis/agg.o $(B)/analysis/tasks.o \
	$(B)/analysis/sysnames.o $(B)/analysis/rfilter.o $(B)/analysis/rview.o \
	$(B)/analysis/humantime.o $(B)/analysis/scan.o $(B)/analysis/fdtable.o \
	$(B)/analysis/waits.o $(B)/analysis/live.o
# ANALYSIS_OBJS: these, then every object of the folder (at the end)

$(eval $(call unit-test,check_hist,$(B)/analysis/hist.o,-lm))

$(eval $(call unit-test,check_agg,$(B)/analysis/agg.o $(B)/analysis/waits.o $(B)/analysis/hist.o $(B)/libscf.a,))

$(eval $(call unit-test,check_report_tasks,$(B)/analysis/tasks.o,))

$(eval $(call unit-test,check_report_humantime,$(B)/analysis/humantime.o,))

$(eval $(call unit-test,check_report_rfilter,$(B)/analysis/rfilter.o $(B)/analysis/sysnames.o $(SYSCALLS_OBJS) $(B)/libscf.a,))

# descriptor tables followed through the calls (report -y, --by file)
$(eval $(call unit-test,check_report_fdtable,$(B)/analysis/fdtable.o $(SYSCALLS_OBJS) $(B)/libscf.a,))

# scprof diff: diff (pooled sides and their comparison), ranktest
# (Mann-Whitney U on histograms) and gate (--fail-if rules)
DIFF_OBJS := $(B)/analysis/diff.o $(B)/analysis/ranktest.o $(B)/analysis/gate.o
# erfc and sqrt of the rank test
DEP_LIBS += -lm

$(eval $(call unit-test,check_diff,$(DIFF_OBJS) $(B)/analysis/agg.o $(B)/analysis/waits.o $(B)/analysis/hist.o $(B)/libscf.a $(B)/analysis/humantime.o,-lm))

$(eval $(call unit-test,check_gate,$(DIFF_OBJS) $(B)/analysis/agg.o $(B)/analysis/waits.o $(B)/analysis/hist.o $(B)/libscf.a $(B)/analysis/humantime.o,-lm))

# call stacks of a recording (--stacks, --format folded|svg)
STACKS_OBJS := $(B)/analysis/maps.o $(B)/analysis/symbols.o $(B)/analysis/unwind.o \
	$(B)/analysis/stacks.o $(B)/analysis/callstacks.o

# diff --stacks: per call stack comparison
DIFFSTACKS_OBJS := $(B)/analysis/diffstacks.o
$(eval $(call unit-test,check_diff_stacks,$(DIFFSTACKS_OBJS),-lm))

ANALYSIS_OBJS += $(DIFF_OBJS) $(STACKS_OBJS) $(DIFFSTACKS_OBJS)
SCPROF_OBJS += $(ANALYSIS_OBJS)

# scprof top's intervals
$(eval $(call unit-test,check_live,$(B)/analysis/live.o $(B)/analysis/agg.o $(B)/analysis/waits.o $(B)/analysis/hist.o $(B)/libscf.a,))
