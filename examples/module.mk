# examples/: small programs with known syscall behaviour, built into
# build/examples/NAME by `make`.  Each program's head comment lists the
# syscalls it makes and how many; tests/e2e/ asserts those counts.

EXAMPLE_NAMES := config_reread slow_peer sleeper deadlock syscall_mix file_calls pipe_waker \
	cpu_contend getppid_loop
EXAMPLE_BINS := $(addprefix $(B)/examples/,$(EXAMPLE_NAMES))
EXAMPLES += $(EXAMPLE_BINS)

$(EXAMPLE_BINS): $(B)/examples/%: $(B)/examples/%.o
	$(call link,-lpthread)

.SECONDARY: $(EXAMPLE_BINS:=.o)

examples: $(EXAMPLE_BINS)
all: examples

.PHONY: examples

# stacks: one program with known call paths, built four ways for the call
# stack tests (tests/e2e/t_stacks_*.sh); not through the generic rule, which
# has one set of flags.
STACKS_EX := $(B)/examples/stacks_calls $(B)/examples/stacks_nofp \
	$(B)/examples/stacks_nopie $(B)/examples/stacks_strip
EXAMPLES += $(STACKS_EX)
STACKS_EX_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -I.
examples: $(STACKS_EX)

$(B)/examples/stacks_calls: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@ $<

$(B)/examples/stacks_nofp: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fomit-frame-pointer -o $@ $<

$(B)/examples/stacks_nopie: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -fno-pie -no-pie -o $@ $<

# symbols only in stacks_strip.debug, next to it, named by .gnu_debuglink
$(B)/examples/stacks_strip: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@.full $<
	$(Q)objcopy --only-keep-debug $@.full $@.debug
	$(Q)objcopy --strip-all --add-gnu-debuglink=$@.debug $@.full $@
	$(Q)rm -f $@.full

# libc's syscall() behind a plain and an inlined function (stacks_inline),
# and C++ methods (stacks_cpp), for the leaf repair, inline frame and
# demangling tests (tests/e2e/t_stacks_inline.sh); with frame pointers and
# debug info.
STACKS_INLINE_EX := $(B)/examples/stacks_inline $(B)/examples/stacks_cpp
EXAMPLES += $(STACKS_INLINE_EX)
examples: $(STACKS_INLINE_EX)

$(B)/examples/stacks_inline: examples/stacks_inline.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@ $<

CXX ?= g++
$(B)/examples/stacks_cpp: examples/stacks_cpp.cc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CXX     $@")
	$(Q)$(CXX) -O2 -g -Wall -Wextra -fno-omit-frame-pointer -o $@ $<

# stacks_calls stripped to .dynsym plus MiniDebugInfo, as Fedora ships
# binaries: the .symtab of the functions .dynsym lacks, xz-compressed in
# .gnu_debugdata (tests/e2e/t_stacks_stripped.sh)
$(B)/examples/stacks_mini: examples/stacks_calls.c examples/inline_syscall.h
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STACKS_EX_CFLAGS) -fno-omit-frame-pointer -o $@.full $<
	$(Q)nm -D --format=posix --defined-only $@.full | awk '{ print $$1 }' | sort >$@.dynsyms
	$(Q)nm --format=posix --defined-only $@.full | awk '$$2 ~ /^[Tt]$$/ { print $$1 }' | sort >$@.funcs
	$(Q)comm -13 $@.dynsyms $@.funcs >$@.keep
	$(Q)objcopy --only-keep-debug $@.full $@.dbg
	$(Q)objcopy -S --remove-section .gdb_index --remove-section .comment \
		--keep-symbols=$@.keep $@.dbg $@.minidebug
	$(Q)rm -f $@.minidebug.xz && xz -q $@.minidebug
	$(Q)objcopy --strip-all --remove-section .comment --add-section .gnu_debugdata=$@.minidebug.xz $@.full $@
	$(Q)rm -f $@.full $@.dynsyms $@.funcs $@.keep $@.dbg $@.minidebug.xz
STACKS_EX += $(B)/examples/stacks_mini
EXAMPLES += $(B)/examples/stacks_mini
examples: $(B)/examples/stacks_mini
