# profiler/: the recorder, `scprof record`.
PROFILER_OBJS := $(B)/profiler/record.o $(B)/profiler/carry.o $(B)/profiler/drain.o $(B)/profiler/perfevents.o $(B)/profiler/ring.o $(B)/profiler/merge.o \
	$(B)/profiler/decode.o $(B)/profiler/synth.o $(B)/profiler/launch.o \
	$(B)/profiler/pairing.o $(B)/profiler/tracefs.o $(B)/profiler/procfs.o \
	$(B)/profiler/bpf_recorder.o $(B)/profiler/bpf_records.o \
	$(B)/profiler/counters.o $(B)/profiler/cntstate.o $(B)/profiler/ksyms.o \
	$(B)/profiler/mapids.o
SCPROF_OBJS += $(PROFILER_OBJS)

# which file (device, inode) each mapped path was, for the symbol store
$(eval $(call unit-test,check_mapids,$(B)/profiler/mapids.o,))

$(eval $(call unit-test,check_pairing,$(B)/profiler/merge.o $(B)/profiler/pairing.o $(B)/profiler/cntstate.o,))

# the kernel functions of --off-cpu's wait stacks
$(eval $(call unit-test,check_ksyms,$(B)/profiler/ksyms.o $(B)/libscf.a,))

$(eval $(call unit-test,check_bpf_records,$(B)/profiler/bpf_records.o $(B)/profiler/merge.o $(B)/libscf.a,))

$(eval $(call unit-test,check_decode,$(B)/profiler/decode.o $(B)/profiler/merge.o $(B)/profiler/synth.o $(B)/profiler/procfs.o $(B)/profiler/mapids.o,))

# symstore: symbol tables of the mapped binaries, stored at the end of a
# recording with stacks
SCPROF_OBJS += $(B)/profiler/symstore.o

$(eval $(call unit-test,check_symstore,$(B)/profiler/symstore.o $(B)/profiler/mapids.o $(B)/profiler/procfs.o $(SYMBOLS_OBJS) $(B)/libscf.a,))

# the program the counters end-to-end tests record (tests/e2e/t_counters*.sh)
EXAMPLES += $(B)/tests/e2e/counters_target
$(B)/tests/e2e/counters_target: $(B)/tests/e2e/counters_target.o
	$(call link,)
all: $(B)/tests/e2e/counters_target

# The BPF recorder's kernel side (profiler/bpf/scprof.bpf.c): compiled by
# clang for BPF against the types of the kernel this builds on (vmlinux.h,
# dumped from its BTF; CO-RE relocates them at load time on another
# kernel), stripped of DWARF and embedded in scprof as a libbpf skeleton.
# VMLINUX_BTF names another BTF file (a vmlinux) on a machine without
# /sys/kernel/btf/vmlinux.
BPF_CLANG ?= clang
BPF_STRIP ?= llvm-strip
BPFTOOL ?= bpftool
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -I$(B)/profiler/bpf -I.

$(B)/profiler/bpf/vmlinux.h:
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(B)/profiler/bpf/scprof.bpf.o: profiler/bpf/scprof.bpf.c profiler/bpf/scprof_bpf.h \
		$(B)/profiler/bpf/vmlinux.h
	@$(if $(Q),echo "  BPF     $@")
	$(Q)$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp && $(BPF_STRIP) -g $@.tmp -o $@ && rm -f $@.tmp

$(B)/profiler/bpf/scprof.skel.h: $(B)/profiler/bpf/scprof.bpf.o
	@$(if $(Q),echo "  GEN     $@")
	$(Q)$(BPFTOOL) gen skeleton $< name scprof_bpf >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(B)/profiler/bpf_recorder.o: $(B)/profiler/bpf/scprof.skel.h

# what a --switch-output file starts with
$(eval $(call unit-test,check_carry,$(B)/profiler/carry.o,))
