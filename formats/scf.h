/*
 * scf.h - the scprof recording file (libscf): writer and reader.
 *
 * A recording is a header, a metadata chunk, event chunks, symbol table
 * chunks and a trailer chunk, laid out as formats/FORMAT.md says.  Every chunk is one zstd frame
 * with its own header and checksum, so a file cut short (recorder killed,
 * disk full) stays readable up to its last complete chunk.
 *
 * formats/ is libscf, the recording file's library and nothing else: it
 * uses zstd and base/ only, and everything else in scprof may use it.
 *
 * Guarantees: the library never prints and never exits.  Functions that
 * return int return 0 (or a count, where documented) on success and a
 * negative errno on failure: -EBADMSG for a corrupt file, -ENOTSUP for a
 * file that needs a newer reader, -ENODATA for a file that is not a
 * recording.  scf_strerror() turns them into words.  _free(NULL) is a no-op.
 */
#ifndef SCF_H
#define SCF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCF_VERSION 2          /* format version this library writes */
#define SCF_MAX_ARGS 6
#define SCF_COMM_LEN 16
#define SCF_BUILD_ID_MAX 20
#define SCF_STACK_MAX 65528    /* bytes of user stack a call may carry (perf's limit) */
#define SCF_MAX_IPS 65535      /* frames of a call's callchain (perf's u16 limit) */
#define SCF_CAPTURE_MAX 65536  /* bytes of one capture */
#define SCF_MAX_COUNTERS 32    /* counters a recording may hold */
#define SCF_MAX_KIPS 127       /* frames of a call's kernel wait stack */

enum scf_event_type {
	SCF_EV_CALL = 1,  /* one system call, entry and exit paired */
	SCF_EV_COMM,      /* a task's name changed (exec or prctl) */
	SCF_EV_FORK,      /* a process or thread was created */
	SCF_EV_EXIT,      /* a process or thread ended */
	SCF_EV_MMAP,      /* an executable file was mapped */
	SCF_EV_LOST,      /* the kernel dropped events on one CPU */
	SCF_EV_CMDLINE,   /* a process's argument vector */
	/* A descriptor a process had open when recording started (an FDS
	 * chunk, not a record kind of EVENTS chunks: hence outside 1-15). */
	SCF_EV_FD = 16,
};

/* struct scf_call.flags */
enum {
	/* The exit was seen without its entry (the call began before
	 * recording, or the entry was lost): start is the exit time and
	 * duration is 0.  Counted as a call; no latency. */
	SCF_CALL_NO_ENTER = 1u << 0,
	/* The task ended inside the call (exit, exit_group, a killed
	 * thread): duration runs to the task's exit.  Counted; no latency. */
	SCF_CALL_NO_RETURN = 1u << 1,
	/* Still inside the call when recording stopped: duration is the time
	 * blocked so far.  Not a completed call. */
	SCF_CALL_UNFINISHED = 1u << 2,
	/* Already inside the call when recording attached: start is the
	 * attach time, so duration is a lower bound. */
	SCF_CALL_ENTERED_BEFORE = 1u << 3,
};

/* What a call touched, read from user memory by the BPF recorder while
 * the call ran (struct scf_call.captures).  Only a recording whose
 * scf_meta.features has SCF_FEAT_CAPTURES holds them. */
enum scf_capture_kind {
	SCF_CAP_PATH = 1,   /* a NUL-terminated string argument (path, name); data without the NUL */
	SCF_CAP_SOCKADDR,   /* a struct sockaddr argument, as many bytes as its length says */
	SCF_CAP_DATA,       /* the bytes of a read/write buffer (record -s SIZE) */
	/* a struct iovec array (readv, writev, record -s SIZE): per element
	 * captured, a struct scf_iov_entry then its data_len bytes */
	SCF_CAP_IOV,
	/* a struct msghdr (sendmsg, recvmsg, record -s SIZE): struct
	 * scf_msghdr, its address's name_len bytes, then its iovec array's
	 * elements as in SCF_CAP_IOV */
	SCF_CAP_MSGHDR,
	/* the first struct mmsghdr of an array (sendmmsg, recvmmsg, record
	 * -s SIZE): its msg_len (4 bytes, little-endian), 4 zero bytes, then
	 * the message as an SCF_CAP_MSGHDR capture's bytes */
	SCF_CAP_MMSGHDR,
};

/* One element of an SCF_CAP_IOV capture, little-endian, unaligned in the
 * capture's bytes; data_len bytes of its data follow it. */
struct scf_iov_entry {
	uint64_t base;      /* iov_base */
	uint64_t len;       /* iov_len */
	uint32_t data_len;  /* bytes of its data that follow */
	uint32_t flags;     /* SCF_IOV_FAULT */
};
#define SCF_IOV_ENTRY_SIZE 24
#define SCF_IOV_FAULT 1u    /* its data could not be read: data_len is 0 */

/* The head of an SCF_CAP_MSGHDR capture: the x86-64 struct msghdr as the
 * process held it (little-endian, 56 bytes with its padding), then
 * name_len and flags; SCF_MSGHDR_SIZE bytes in all. */
struct scf_msghdr {
	uint64_t name;        /* msg_name */
	uint32_t namelen;     /* msg_namelen */
	uint64_t iov;         /* msg_iov */
	uint64_t iovlen;      /* msg_iovlen */
	uint64_t control;     /* msg_control */
	uint64_t controllen;  /* msg_controllen */
	uint32_t msg_flags;   /* msg_flags */
	uint32_t name_len;    /* bytes of the address (msg_name) that follow */
	uint32_t flags;       /* SCF_MSG_* */
};
#define SCF_MSGHDR_SIZE 64
#define SCF_MSG_NAME_FAULT 1u  /* msg_name could not be read: name_len is 0 */
#define SCF_MSG_IOV_FAULT 2u   /* msg_iov could not be read: no elements follow */

/* struct scf_capture.flags */
enum {
	SCF_CAP_TRUNCATED = 1u << 0,  /* cut at the capture limit: more followed */
	SCF_CAP_FAULT = 1u << 1,      /* the pointer could not be read: len is 0 */
	/* read at exit: an output (accept's address, read's data), or a
	 * path that was unreadable at entry (a page not yet faulted in) */
	SCF_CAP_AT_EXIT = 1u << 2,
};

struct scf_capture {
	uint8_t arg;        /* argument index, 0..SCF_MAX_ARGS-1 */
	uint8_t kind;       /* enum scf_capture_kind */
	uint16_t flags;     /* SCF_CAP_* */
	uint32_t len;       /* bytes in data, at most SCF_CAPTURE_MAX */
	const uint8_t *data;
};

/* struct scf_offcpu.flags */
enum {
	/* waker_pid, waker_tid and waker_comm name the task that woke the
	 * call from its longest block */
	SCF_OFFCPU_WAKER = 1u << 0,
	/* The call was still blocked when recording stopped (it is
	 * UNFINISHED): kips is where, from its last switch-out. */
	SCF_OFFCPU_BLOCKED_AT_END = 1u << 1,
	/* A switch back onto the CPU was not seen (the kernel skips
	 * sched_switch now and then): that interval ran to the exit. */
	SCF_OFFCPU_SWITCH_LOST = 1u << 2,
	/* The longest block was ended from interrupt context (a timer,
	 * a softirq): no task woke it (WAKER is not set). */
	SCF_OFFCPU_WAKER_IRQ = 1u << 3,
};

/*
 * Where a call spent its time (record --off-cpu, the BPF recorder):
 * blocked (asleep, from the switch-out to the wake-up) and runnable
 * (preempted, or woken and waiting for a CPU); the rest of its duration
 * it was on a CPU, so blocked + runnable <= duration.  A recording with
 * SCF_FEAT_OFFCPU whose call has offcpu NULL never left the CPU.
 */
struct scf_offcpu {
	uint64_t blocked;        /* ns */
	uint64_t runnable;       /* ns */
	uint64_t longest;        /* ns of the longest single block, <= blocked */
	uint32_t switches;       /* times the call left the CPU */
	uint32_t flags;          /* SCF_OFFCPU_* */
	/* The kernel stack of the longest block (with BLOCKED_AT_END: of
	 * the block it was in at the end), innermost first, at most
	 * SCF_MAX_KIPS frames; nkips == 0 if none.  Points into the
	 * reader's buffer: valid until the next call.  The writer stores
	 * each distinct stack once a chunk. */
	uint32_t nkips;
	const uint64_t *kips;
	int32_t waker_pid, waker_tid;       /* with SCF_OFFCPU_WAKER */
	char waker_comm[SCF_COMM_LEN];      /* NUL-terminated */
};

struct scf_call {
	uint64_t start;     /* entry time, ns on the recording clock */
	uint64_t duration;  /* ns from entry to exit */
	int32_t pid, tid;
	uint32_t cpu;       /* CPU of the entry (of the exit if no entry) */
	uint32_t flags;     /* SCF_CALL_* */
	int32_t nr;         /* syscall number on the recording machine */
	int64_t ret;        /* return value; -4095..-1 is -errno */
	uint64_t args[SCF_MAX_ARGS];
	/* User call stack at entry, innermost first; nips == 0 if none, at
	 * most SCF_MAX_IPS.  Points into the reader's buffer: valid until the
	 * next call. */
	uint32_t nips;
	const uint64_t *ips;
	/* For DWARF unwinding (--call-graph dwarf): the user registers at
	 * entry, those whose bits are set in regs_mask in bit order (perf's
	 * PERF_SAMPLE_REGS_USER layout; nregs must be popcount(regs_mask)),
	 * and a copy of stack_size bytes (at most SCF_STACK_MAX) of the user
	 * stack from the stack pointer up.  nregs == 0 and stack_size == 0 if
	 * none; either may be 0 alone (a kernel that gave registers but no
	 * stack).  Both point into the reader's buffers: valid until the next
	 * call.  The writer copies them. */
	uint64_t regs_mask;
	uint32_t nregs;
	const uint64_t *regs;
	uint32_t stack_size;
	const uint8_t *stack;
	/* What the call touched, in argument order, at most one capture per
	 * argument; ncaptures == 0 if none.  Point into the reader's buffers:
	 * valid until the next call.  The writer copies them, and refuses
	 * them unless the metadata has SCF_FEAT_CAPTURES. */
	uint32_t ncaptures;
	const struct scf_capture *captures;
	/* What the recording's counters (scf_meta.counters) counted during
	 * the call, in their order: ncounters is 0 (not counted: no entry
	 * seen, unfinished) or scf_meta.ncounters.  counters_scaled: bit i
	 * set when counter i did not run the whole call (the kernel
	 * multiplexed it) and its value is scaled up from the time it ran.
	 * Points into the reader's buffer: valid until the next call.  The
	 * writer refuses them unless the metadata has SCF_FEAT_COUNTERS. */
	uint32_t ncounters;
	const uint64_t *counters;
	uint32_t counters_scaled;
	/* Its time on and off the CPU, or NULL (not recorded, or it never
	 * left the CPU: see struct scf_offcpu).  Points into the reader's
	 * buffer: valid until the next call.  The writer refuses it unless
	 * the metadata has SCF_FEAT_OFFCPU. */
	const struct scf_offcpu *offcpu;
};

struct scf_comm {
	int32_t pid, tid;
	bool exec;          /* the name changed because of execve */
	char comm[SCF_COMM_LEN];  /* NUL-terminated */
};

struct scf_task {           /* FORK and EXIT */
	int32_t pid, ppid, tid, ptid;
};

struct scf_mmap {
	int32_t pid, tid;
	uint64_t addr, len, pgoff;
	uint32_t prot, flags;
	uint8_t build_id_size;      /* 0: none known */
	uint8_t build_id[SCF_BUILD_ID_MAX];
	const char *filename;       /* valid until the next call */
};

struct scf_lost {
	uint32_t cpu;
	uint64_t count;
};

struct scf_cmdline {
	int32_t pid;
	uint32_t len;               /* bytes in argv, including the last NUL */
	const char *argv;           /* NUL-separated arguments */
};

/* struct scf_fd.fd of the working directory (AT_FDCWD's value) */
#define SCF_FD_CWD (-100)
/* struct scf_fd.flags */
enum {
	SCF_FD_CLOEXEC = 1u << 0,  /* close-on-exec was set */
};
/* Longest scf_fd.name (PATH_MAX, what readlink of /proc/PID/fd gives at most) */
#define SCF_FD_NAME_MAX 4096

/* A descriptor open when recording started, from /proc/PID/fd (or the
 * working directory, /proc/PID/cwd, as fd SCF_FD_CWD). */
struct scf_fd {
	int32_t pid;
	int32_t fd;                 /* >= 0, or SCF_FD_CWD */
	uint32_t flags;             /* SCF_FD_* */
	uint32_t len;               /* bytes in name, 1..SCF_FD_NAME_MAX */
	/* what the link says: a path ("/tmp/x", "/tmp/x (deleted)"),
	 * "socket:[12345]", "pipe:[678]", "anon_inode:[eventfd]"...;
	 * NUL-terminated, valid until the next call */
	const char *name;
};

struct scf_event {
	enum scf_event_type type;
	/* Position in the stream, ns on the recording clock.  Events come in
	 * this order; a call's time is its exit (or the moment it was found
	 * unfinished), so calls are ordered by when they ended. */
	uint64_t time;
	union {
		struct scf_call call;
		struct scf_comm comm;
		struct scf_task task;
		struct scf_mmap mmap;
		struct scf_lost lost;
		struct scf_cmdline cmdline;
		struct scf_fd fd;
	};
};

enum scf_target {
	SCF_TARGET_COMMAND = 1,  /* a command launched by the recorder */
	SCF_TARGET_PIDS,         /* running processes attached to */
	SCF_TARGET_SYSTEM,       /* every process */
};

/* scf_meta.recorder_kind: how the calls were recorded */
enum scf_recorder_kind {
	SCF_RECORDER_TRACEPOINT = 1,  /* perf syscall tracepoints, paired in user space */
	SCF_RECORDER_BPF,             /* a BPF program on them, paired in the kernel */
};

/* A counter of the recording (record --counters): its name as given and
 * the perf_event_attr fields that select it, as libpfm4 encoded it. */
struct scf_counter {
	const char *name;
	uint32_t type;
	uint64_t config, config1, config2;
};

struct scf_syscall_name {
	int32_t nr;
	const char *name;
};

/* Strings and arrays are owned by the caller for the writer and by the
 * reader for the reader (valid until scf_reader_close). */
struct scf_meta {
	const char *recorder;        /* "scprof 0.1" */
	const char *hostname;
	const char *kernel_release;  /* uname -r */
	const char *arch;            /* uname -m */
	uint32_t ncpus;
	uint32_t clockid;            /* CLOCK_MONOTONIC */
	uint64_t start_time;         /* recording clock at start */
	uint64_t start_realtime;     /* CLOCK_REALTIME ns at start_time */
	enum scf_target target;
	uint32_t argc;               /* the command, for SCF_TARGET_COMMAND */
	const char *const *argv;
	uint32_t npids;              /* the PIDs, for SCF_TARGET_PIDS */
	const int32_t *pids;
	const char *options;         /* recorder options, as given */
	const char *filter;          /* syscalls recorded ("trace=..."), NULL: all */
	uint32_t nsyscalls;          /* the recording machine's syscall table */
	const struct scf_syscall_name *syscalls;
	uint64_t features;           /* SCF_FEAT_* */
	/* With SCF_FEAT_CALLCHAIN: the recorder took the stack of one call
	 * in stack_every (counted per thread and CPU, or per CPU for the
	 * whole system) and the other calls
	 * carry none.  0 or 1: every call has its stack. */
	uint32_t stack_every;
	/* SCF_RECORDER_*; a reader gives SCF_RECORDER_TRACEPOINT for a file
	 * without it (written before there was a choice).  The writer leaves
	 * out 0. */
	uint32_t recorder_kind;
	/* With SCF_FEAT_COUNTERS: the counters each call may carry, at most
	 * SCF_MAX_COUNTERS, names not empty and distinct. */
	uint32_t ncounters;
	const struct scf_counter *counters;
	/* With SCF_FEAT_OFFCPU: SCF_KALLSYMS_*, whether the recorder could
	 * read kernel addresses in /proc/kallsyms; 0: not said. */
	uint32_t kallsyms;
};

/* scf_meta.kallsyms */
enum {
	SCF_KALLSYMS_READ = 1,    /* read: the KSYMS chunks name the stacks' functions */
	SCF_KALLSYMS_HIDDEN,      /* addresses read as 0 (kptr_restrict, no CAP_SYSLOG) */
};

/* A kernel function (KSYMS chunk, from /proc/kallsyms): those the
 * recording's kernel stacks run through. */
struct scf_ksym {
	uint64_t start;
	uint64_t size;           /* to the next kallsyms entry; 0 if unknown */
	const char *name;
	const char *module;      /* "" for the kernel itself */
};

/* scf_meta.features: what the recording holds */
#define SCF_FEAT_CALLCHAIN (1ull << 0)  /* calls carry user stacks */
#define SCF_FEAT_NO_ARGS   (1ull << 1)  /* arguments and command lines left out */
/* Calls may carry captures (struct scf_call.captures).  The file then
 * needs a reader of format 2: the writer sets the header's incompat bit
 * SCF_INCOMPAT_CAPTURES, so that older readers refuse it as needing a
 * newer scprof instead of taking it for corrupt. */
#define SCF_FEAT_CAPTURES  (1ull << 2)
/* Calls may carry counter values (struct scf_call.counters, the
 * counters named in scf_meta.counters); the writer sets the header's
 * incompat bit SCF_INCOMPAT_COUNTERS. */
#define SCF_FEAT_COUNTERS  (1ull << 3)
/* Calls may carry their time off the CPU (struct scf_call.offcpu); the
 * writer sets the header's incompat bit SCF_INCOMPAT_OFFCPU. */
#define SCF_FEAT_OFFCPU    (1ull << 4)

/* scf_header_info.incompat: what a reader must understand */
#define SCF_INCOMPAT_CAPTURES (1ull << 0)  /* CALL records may carry captures */
#define SCF_INCOMPAT_COUNTERS (1ull << 1)  /* CALL records may carry counter values */
#define SCF_INCOMPAT_OFFCPU (1ull << 2)    /* CALL records may carry off-CPU times */

struct scf_trailer {
	uint64_t end_time;           /* recording clock at stop */
	uint64_t samples;            /* kernel samples read */
	uint64_t calls;              /* call events written */
	uint64_t lost;               /* events the kernel dropped, all CPUs */
	uint32_t ncpus;
	const uint64_t *lost_per_cpu;  /* ncpus entries */
};

/*
 * A binary's symbol table, stored in the recording (a SYMBOLS chunk) so
 * that it can be symbolized after the binary changed, or elsewhere.  Keyed
 * by build-id (and path, for binaries without one), like struct scf_mmap.
 *
 * Addresses are the ELF file's own, as in the symbol table's st_value.  A
 * run-time address ip inside a mapping m of the file is at file offset
 * ip - m->addr + m->pgoff, which the executable segment loads at
 * file offset - load_offset + load_vaddr: scf_symtab_addr() does that.
 */
struct scf_symbol {
	uint64_t start;             /* st_value */
	uint64_t size;              /* st_size; 0 if unknown */
	const char *name;           /* as in the table (C++ names mangled) */
};

struct scf_symtab {
	uint8_t build_id_size;      /* 0: none known */
	uint8_t build_id[SCF_BUILD_ID_MAX];
	const char *path;           /* the file as mapped (MMAP filename), or NULL */
	uint16_t e_type;            /* ELF e_type: ET_EXEC (2) or ET_DYN (3) */
	uint64_t load_vaddr;        /* p_vaddr of the executable PT_LOAD segment */
	uint64_t load_offset;       /* p_offset of that segment */
	uint64_t nsyms;
	/* Writer: any order, duplicates allowed, name NULL reads back as "".
	 * Reader: sorted by start (then size, then name). */
	const struct scf_symbol *syms;
};

/* ---- writer ---- */

struct scf_writer;

/*
 * Start a recording on fd (opened for writing by the caller, which keeps
 * ownership of it).  Writes the header and the metadata chunk.  Chunks are
 * compressed and written on a background thread, so scf_writer_add only
 * encodes into memory; a write error (ENOSPC, EIO) is sticky and returned
 * by the next add, cut, flush or finish.  Partial writes are retried.
 * One thread at a time may call the writer (the recorder's drain thread).
 */
int scf_writer_new(int fd, const struct scf_meta *meta, struct scf_writer **out);
/* Append one event; events must come in time order.  SCF_EV_FD events go
 * into FDS chunks (the chunk being filled is closed when the kind of
 * chunk changes: keep them together).  -EINVAL (nothing
 * written, not sticky) for an event earlier than the previous one, a call
 * whose start + duration is not its time, or a malformed event (unknown
 * type, build_id_size > SCF_BUILD_ID_MAX, nips > SCF_MAX_IPS,
 * nregs != popcount(regs_mask), stack_size > SCF_STACK_MAX, a count
 * without its array, a record over 16 MiB; captures without
 * SCF_FEAT_CAPTURES, more than SCF_MAX_ARGS of them, arguments not
 * increasing or >= SCF_MAX_ARGS, an unknown kind or flag, a FAULT with
 * data, len > SCF_CAPTURE_MAX; an SCF_EV_FD with fd below 0 but
 * SCF_FD_CWD, an unknown flag, or a name empty, longer than
 * SCF_FD_NAME_MAX or holding a NUL within len).  May wait for the background thread when every chunk buffer is
 * queued. */
int scf_writer_add(struct scf_writer *w, const struct scf_event *ev);
/* Close the current chunk and queue it for compression; does not wait.
 * The recorder calls it at least once a second so that a killed recorder
 * loses at most a second. */
int scf_writer_cut(struct scf_writer *w);
/* Close the current chunk and wait until every chunk so far is on disk. */
int scf_writer_flush(struct scf_writer *w);
/*
 * Store one binary's symbol table: a SYMBOLS chunk after the events added
 * so far (the chunk being filled is closed first).  Call it once per
 * binary, after the last event and before scf_writer_finish, for the
 * binaries the MMAP events name; it may also come earlier, and events may
 * follow it.  The writer copies and sorts what it needs; t stays the
 * caller's.  -EINVAL (not sticky) for build_id_size > SCF_BUILD_ID_MAX or
 * nsyms without syms, -EFBIG (not sticky, nothing written) when the table
 * encodes to more than 64 MiB (keep only the functions then), else the
 * sticky write error.
 *
 * Which files: each distinct one (by build-id, else by path) that MMAP
 * events mapped, skipping names that are not files ("[vdso]", "//anon").
 * A file replaced since it was mapped has another build-id: when the MMAP
 * event had one and the file's differs, leave the file out (its symbols
 * would be wrong).
 *
 * Filling t with libelf, for a file that an MMAP event mapped:
 *   - build_id: the NT_GNU_BUILD_ID note (or the MMAP event's build_id);
 *     path: the MMAP filename.
 *   - e_type: gelf_getehdr()->e_type.
 *   - load_vaddr, load_offset: p_vaddr and p_offset of the first PT_LOAD
 *     program header with PF_X (gelf_getphdr over elf_getphdrnum()).
 *   - syms: the SHT_SYMTAB section's symbols, or SHT_DYNSYM's when the
 *     file was stripped; those with GELF_ST_TYPE STT_FUNC or
 *     STT_GNU_IFUNC, st_shndx != SHN_UNDEF and st_value != 0: start =
 *     st_value, size = st_size, name = elf_strptr(elf, shdr.sh_link,
 *     st_name).  The names may point into libelf's data: the writer has
 *     copied them when this returns.
 */
int scf_writer_add_symtab(struct scf_writer *w, const struct scf_symtab *t);
/*
 * Store the kernel functions the recorded kernel stacks run through (a
 * KSYMS chunk), usually once after the last event.  Any order; the writer
 * sorts a copy.  -EINVAL (not sticky) for n without syms, -EFBIG (not
 * sticky) past 64 MiB encoded, else the sticky write error.
 */
int scf_writer_add_ksyms(struct scf_writer *w, const struct scf_ksym *syms, size_t n);
/* Flush, write the trailer and wait for it.  The file is then complete. */
int scf_writer_finish(struct scf_writer *w, const struct scf_trailer *t);
/* Bytes written to fd so far (any thread may ask). */
uint64_t scf_writer_bytes(const struct scf_writer *w);
/* Writes what was added and not yet written (without a trailer, unless
 * scf_writer_finish ran), stops the thread and frees. */
void scf_writer_free(struct scf_writer *w);

/* ---- reader ---- */

struct scf_reader;

/* Open a recording and read its header and metadata.  -ENODATA if it does
 * not start with the magic (an empty file too), -ENOTSUP if it needs a
 * newer reader, -EBADMSG if the header or metadata is damaged or cut. */
int scf_reader_open(const char *path, struct scf_reader **out);
const struct scf_meta *scf_reader_meta(const struct scf_reader *r);
/*
 * The next event: 1 and *ev filled, 0 at the end, or a negative errno.
 * After 0, scf_reader_trailer() says whether the file was complete.  A file
 * cut short ends with 0 at its last complete chunk; a corrupt chunk in the
 * middle returns -EBADMSG (what came before it stays valid).
 */
int scf_reader_next(struct scf_reader *r, struct scf_event *ev);
/*
 * From now on, calls come with args all 0: their bytes are checked and
 * stepped over, not decoded.  For readers that never look at arguments
 * (counts and times): it takes about a quarter off decoding the calls of
 * a varied recording.  Every other field, and what is an error, stay as
 * they are.
 */
void scf_reader_skip_args(struct scf_reader *r);
/* The trailer, or NULL if the file ended without one (truncated). */
const struct scf_trailer *scf_reader_trailer(const struct scf_reader *r);
/* Byte offset of the chunk being read, for error messages. */
uint64_t scf_reader_offset(const struct scf_reader *r);
/* After scf_reader_next returned 0: true when the file ended before its
 * trailer (the same as scf_reader_trailer() == NULL). */
bool scf_reader_truncated(const struct scf_reader *r);

/*
 * The symbol tables (SYMBOLS chunks) read so far, in file order.  They come
 * after the events, so all of them are there once scf_reader_next returned
 * 0; in a truncated file, those of the complete chunks.  Owned by the
 * reader, valid until scf_reader_close.  scf_reader_symtab returns NULL
 * for i >= scf_reader_nsymtabs.  Their symbols may take 512 MiB in all
 * (24 bytes a symbol and its name); past that scf_reader_next returns
 * -ENOMEM.
 */
size_t scf_reader_nsymtabs(const struct scf_reader *r);
const struct scf_symtab *scf_reader_symtab(const struct scf_reader *r, size_t i);
/* The kernel functions of the KSYMS chunks read so far, sorted by start
 * (like the symbol tables, complete once scf_reader_next returned 0). */
size_t scf_reader_nksyms(const struct scf_reader *r);
const struct scf_ksym *scf_reader_ksyms(const struct scf_reader *r);
/* The kernel function holding addr, or NULL. */
const struct scf_ksym *scf_reader_ksym(const struct scf_reader *r, uint64_t addr);
/* Read the rest of the file without decoding its events, to get at the
 * symbol tables and the trailer at once: afterwards all is as after
 * scf_reader_next returned 0 (which it then returns).  Checksums are
 * checked, records are not, so a file this reads to the end may still
 * hold a corrupt record.  0, or -errno as scf_reader_next.  A report that
 * symbolizes while it reads events opens the file twice: once for this. */
int scf_reader_skip_events(struct scf_reader *r);
/* (Which symbol names an address is symbols/elfsym.h's rule, the same
 * for stored tables and ELF files.) */
/* The file address of ip, a run-time address inside mapping m of t's file. */
uint64_t scf_symtab_addr(const struct scf_symtab *t, const struct scf_mmap *m, uint64_t ip);

/* Chunk types (FORMAT.md). */
enum scf_chunk_type {
	SCF_CHUNK_META = 1,
	SCF_CHUNK_EVENTS = 2,
	SCF_CHUNK_TRAILER = 3,
	SCF_CHUNK_SYMBOLS = 4,
	SCF_CHUNK_KSYMS = 5,    /* kernel functions of the wait stacks (record --off-cpu) */
	SCF_CHUNK_FDS = 7,      /* descriptors open at attach (SCF_EV_FD) */
};

/* The chunk last read: the metadata after scf_reader_open, then the chunk
 * the last event came from, then the trailer.  For `scprof dump`. */
struct scf_chunk_info {
	uint64_t offset;      /* of its header in the file */
	uint64_t index;       /* 0 for the metadata, then 1, 2... */
	uint8_t type;         /* enum scf_chunk_type */
	uint32_t csize;       /* payload bytes in the file */
	uint32_t rsize;       /* payload bytes decompressed */
	uint32_t count;       /* records (EVENTS) or fields */
	uint64_t first_time, last_time;  /* EVENTS only */
};
void scf_reader_chunk(const struct scf_reader *r, struct scf_chunk_info *ci);
/* The SYMBOLS chunk symbol table i came from (i < scf_reader_nsymtabs). */
void scf_reader_symtab_chunk(const struct scf_reader *r, size_t i, struct scf_chunk_info *ci);

/* The file header's fields.  For `scprof dump`. */
struct scf_header_info {
	uint16_t version;      /* of the writer */
	uint16_t min_version;  /* oldest reader that can read the file */
	uint32_t header_size;
	uint64_t incompat;
};
void scf_reader_header(const struct scf_reader *r, struct scf_header_info *h);
void scf_reader_close(struct scf_reader *r);

/* "command", "pids" or "system" (scf_meta.target), or NULL if unknown. */
/* "tracepoint" or "bpf" (scf_meta.recorder_kind), or NULL if unknown. */
const char *scf_recorder_kind_name(uint32_t kind);
/* "path", "sockaddr", "data", "iov", "msghdr" or "mmsghdr" (scf_capture.kind), or NULL if unknown. */
const char *scf_capture_kind_name(uint8_t kind);
/* The element of an SCF_CAP_IOV capture at *pos (start at 0): into *e,
 * its data in *data (NULL if none), *pos moved past it.  1 for an
 * element, 0 at the end, -EBADMSG if the bytes do not hold whole
 * elements (the reader refuses such a capture). */
int scf_iov_next(const struct scf_capture *cap, size_t *pos, struct scf_iov_entry *e,
		 const uint8_t **data);
/* The head of an SCF_CAP_MSGHDR capture into *m, its address in *name
 * (NULL if none) and in *pos where its elements start (for
 * scf_iov_next); 0, or -EBADMSG if the capture is too short for them or
 * has unknown flags.  The elements still need checking with
 * scf_iov_next. */
int scf_msghdr_parse(const struct scf_capture *cap, struct scf_msghdr *m, const uint8_t **name,
		     size_t *pos);
/* 0 if cap's bytes are well formed for its kind (whole elements of an
 * SCF_CAP_IOV or SCF_CAP_MSGHDR capture), else -EBADMSG. */
int scf_capture_check(const struct scf_capture *cap);
/* An SCF_CAP_MMSGHDR capture's msg_len into *msg_len and its message into
 * *msg (an SCF_CAP_MSGHDR capture over the same bytes); 0, or -EBADMSG
 * if it is too short or its reserved bytes are not 0. */
int scf_mmsghdr_split(const struct scf_capture *cap, uint32_t *msg_len, struct scf_capture *msg);
const char *scf_target_name(enum scf_target t);
/* Name of a syscall number from a metadata table, or NULL. */
const char *scf_meta_syscall_name(const struct scf_meta *m, int32_t nr);

const char *scf_strerror(int err);

#endif
