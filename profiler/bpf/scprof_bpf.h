/*
 * scprof_bpf.h - what the BPF recorder's kernel side (scprof.bpf.c) and
 * its user side (profiler/bpf_recorder.c) share: the record it writes to
 * the ring buffer for each call, and the per-syscall capture table.
 *
 * Both sides include it: only fixed-width types, no kernel or libc headers
 * (the BPF side gets __u64 and friends from vmlinux.h, the user side from
 * linux/types.h).
 */
#ifndef SCPROF_BPF_H
#define SCPROF_BPF_H

/* At most this many captures a call (mount has three strings). */
#define SCPROF_BPF_MAX_CAPS 4
/* Bytes of one capture: a path up to PATH_MAX with its NUL, -s data. */
#define SCPROF_BPF_CAP_ONE 4096
/* A capture starts only below this offset of the call's data area, so
 * that one more of CAP_ONE bytes always fits: the area is twice that. */
#define SCPROF_BPF_CAP_AREA 4096
#define SCPROF_BPF_DATA (SCPROF_BPF_CAP_AREA + SCPROF_BPF_CAP_ONE)
/* A struct sockaddr is at most this long (sockaddr_storage). */
#define SCPROF_BPF_SOCKADDR_MAX 128
/* -g fp's top of the user stack copied with each stack, at most (bytes) */
#define SCPROF_BPF_MAX_USTACK 1024
/* Frames of a user stack (perf's sysctl kernel.perf_event_max_stack). */
#define SCPROF_BPF_MAX_FRAMES 127
/* Frames of a kernel wait stack (--off-cpu), at most. */
#define SCPROF_BPF_KFRAMES 32
/* Elements of a struct iovec array captured (readv, writev), at most:
 * the verifier wants a bound, and the data area holds little more. */
#define SCPROF_BPF_IOV_MAX 8
/* Syscall numbers the tables cover. */
#define SCPROF_BPF_NRS 1024

/* The values of formats/scf.h the kernel side writes (it cannot include
 * it); bpf_recorder.c checks that they agree. */
#define SCPROF_CALL_NO_ENTER 1u    /* SCF_CALL_NO_ENTER */
#define SCPROF_CALL_NO_RETURN 2u   /* SCF_CALL_NO_RETURN */
#define SCPROF_CALL_UNFINISHED 4u  /* SCF_CALL_UNFINISHED */
/* kernel and user side only: a struct scprof_bpf_offcpu follows the data */
#define SCPROF_CALL_HAS_OFFCPU 0x100u
#define SCPROF_OFFCPU_WAKER 1u     /* SCF_OFFCPU_WAKER */
#define SCPROF_OFFCPU_BLOCKED_AT_END 2u  /* SCF_OFFCPU_BLOCKED_AT_END */
#define SCPROF_OFFCPU_SWITCH_LOST 4u     /* SCF_OFFCPU_SWITCH_LOST */
#define SCPROF_OFFCPU_WAKER_IRQ 8u       /* SCF_OFFCPU_WAKER_IRQ */
#define SCPROF_CAP_PATH 1          /* SCF_CAP_PATH */
#define SCPROF_CAP_SOCKADDR 2      /* SCF_CAP_SOCKADDR */
#define SCPROF_CAP_DATA 3          /* SCF_CAP_DATA */
#define SCPROF_CAP_IOV 4           /* SCF_CAP_IOV */
#define SCPROF_IOV_FAULT 1u        /* SCF_IOV_FAULT */
#define SCPROF_CAP_MSGHDR 5        /* SCF_CAP_MSGHDR */
#define SCPROF_MSG_NAME_FAULT 1u   /* SCF_MSG_NAME_FAULT */
#define SCPROF_MSG_IOV_FAULT 2u    /* SCF_MSG_IOV_FAULT */
#define SCPROF_CAP_MMSGHDR 6       /* SCF_CAP_MMSGHDR */
#define SCPROF_CAP_TRUNCATED 1u    /* SCF_CAP_TRUNCATED */
#define SCPROF_CAP_FAULT 2u        /* SCF_CAP_FAULT */
#define SCPROF_CAP_AT_EXIT 4u      /* SCF_CAP_AT_EXIT */

/* How an argument is captured (scprof_bpf_spec.kind[i]); derived from
 * the argument types of syscalls/signatures.in (gen.sh captures). */
enum scprof_bpf_arg {
	SCPROF_ARG_NONE = 0,
	SCPROF_ARG_STR,           /* a NUL-terminated string, at entry */
	SCPROF_ARG_SOCKADDR_IN,   /* a sockaddr at entry, length: the next argument */
	SCPROF_ARG_SOCKADDR_OUT,  /* a sockaddr at exit, length: *(int *)next argument */
	SCPROF_ARG_DATA_IN,       /* -s data at entry, length: the next argument */
	SCPROF_ARG_DATA_OUT,      /* -s data at exit, length: the return value */
	SCPROF_ARG_FDPAIR_OUT,    /* int[2] at exit (pipe, socketpair), as data */
	SCPROF_ARG_IOV_IN,        /* -s: an iovec array and its data at entry, count: the next argument */
	SCPROF_ARG_IOV_OUT,       /* -s: the same at exit, data up to the return value */
	SCPROF_ARG_MSG_IN,        /* -s: a struct msghdr, its address and iovec array at entry */
	SCPROF_ARG_MSG_OUT,       /* -s: the same at exit, data up to the return value */
	SCPROF_ARG_MMSG_IN,       /* -s: the first struct mmsghdr (sendmmsg) at entry, msg_len at exit */
	SCPROF_ARG_MMSG_OUT,      /* -s: the same at exit (recvmmsg), data up to its msg_len */
};

/* The head of an SCPROF_CAP_MSGHDR capture as struct scf_msghdr: the
 * user's struct msghdr (x86-64), then the address bytes that follow. */
struct scprof_bpf_msghdr {
	__u64 name;
	__u32 namelen;
	__u32 pad1;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
	__u32 pad2;
	__u32 name_len;           /* bytes of the address that follow */
	__u32 cap_flags;          /* SCPROF_MSG_* */
};

/* An element of an SCPROF_CAP_IOV capture as struct scf_iov_entry
 * (little-endian), then data_len bytes. */
struct scprof_bpf_iov {
	__u64 base;
	__u64 len;
	__u32 data_len;
	__u32 flags;              /* SCPROF_IOV_FAULT */
};

struct scprof_bpf_spec {
	__u8 kind[6];             /* enum scprof_bpf_arg by argument */
	__u8 at_entry;            /* some argument is read at entry */
	__u8 at_exit;             /* some argument is read at exit */
};

/* One capture: kind and flags as struct scf_capture's; its bytes are at
 * data[off .. off + len) of the record. */
struct scprof_bpf_cap {
	__u8 arg;
	__u8 kind;                /* SCF_CAP_* */
	__u8 flags;               /* SCF_CAP_* flags */
	__u8 spec;                /* enum scprof_bpf_arg (kernel side) */
	__u16 off;
	__u16 len;
};

/*
 * Records are written per CPU into a staging buffer of this many bytes,
 * each at a multiple of 8, and the buffer goes into the ring buffer as one
 * ring record when the next would not fit, or when user space flushes it
 * (each drain pass runs the flush program on every CPU): one ring record
 * holds one or more call records, each found by its size.  A record larger
 * than the buffer goes into the ring alone, after the staged ones.
 */
#define SCPROF_BPF_STAGE 4096

/*
 * The record of one call, followed by data_len bytes: its user stack
 * first (nips return addresses, innermost first, with -g fp; then, if
 * ustack, the user registers bp, sp and ip at entry and ustack bytes of
 * the stack from sp up, for the report's repair of the chain), then the
 * captured data.  A record without data or captures ends before caps[]
 * (SCPROF_BPF_CALL_SHORT bytes): most calls have none, and every byte is
 * copied twice.
 * Written when the call ends (or when its task ends inside it, or when
 * recording stops with it in progress), so records come in time order per
 * exit_cpu.  A record with SCF_CALL_NO_ENTER is an exit whose entry was
 * not seen: the user side pairs it like the tracepoint recorder's exits.
 */
struct scprof_bpf_call {
	__u64 start;              /* entry, ns on CLOCK_MONOTONIC */
	__u64 end;                /* exit (the record's time) */
	__u64 args[6];
	__s64 ret;
	__s32 pid, tid;
	__s32 nr;
	__u32 cpu;                /* of the entry (of the exit without one) */
	__u32 exit_cpu;           /* where the record was written */
	__u16 flags;              /* SCF_CALL_* */
	__u8 ncaps;
	__u8 state;               /* kernel side only */
	__u32 data_len;
	__u16 nips;               /* user stack frames at the start of the data */
	__u16 ustack;             /* stack bytes after them and 3 registers; 0: none */
	__u32 calls_seen;         /* kernel side only: for stack_every */
	__u32 size;               /* of the record, from start to its end */
	struct scprof_bpf_cap caps[SCPROF_BPF_MAX_CAPS];
};

#define SCPROF_BPF_CALL_SHORT __builtin_offsetof(struct scprof_bpf_call, caps)

/*
 * --off-cpu: where a call that left the CPU spent its time, after the
 * record's data (when flags has SCPROF_CALL_HAS_OFFCPU, which makes the
 * record a full one), followed by nkips kernel frames (innermost first,
 * as bpf_get_stack took them: the BPF and scheduler frames on top).
 * Calls that never left the CPU carry none.
 */
struct scprof_bpf_offcpu {
	__u64 blocked;            /* ns from switch-out to wake-up, summed */
	__u64 runnable;           /* ns preempted or woken and waiting, summed */
	__u64 longest;            /* ns of the longest block */
	__u32 switches;           /* times it left the CPU */
	__u16 flags;              /* SCPROF_OFFCPU_* */
	__u16 nkips;              /* frames that follow, <= SCPROF_BPF_KFRAMES */
	__s32 waker_pid, waker_tid;  /* of the longest block, with SCPROF_OFFCPU_WAKER */
	char waker_comm[16];
};

#endif
