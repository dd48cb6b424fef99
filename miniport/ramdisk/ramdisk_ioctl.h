/*
 * ramdisk_ioctl.h - management interface of the ScsiPort RAM disk miniport
 * (sp_ramdisk).  Shared by the miniport and by user-space tools.
 *
 * A tool sends IOCTL_SCSI_MINIPORT (ntddscsi.h) to one of the RAM disks -
 * on Linux, ioctl() on its /dev/sdX node - with a buffer that starts with an
 * SRB_IO_CONTROL header:
 *
 *   HeaderLength  sizeof(SRB_IO_CONTROL)
 *   Signature     RAMDISK_IOCTL_SIGNATURE (8 bytes, no terminating NUL)
 *   ControlCode   RAMDISK_IOCTL_GET_STATS or RAMDISK_IOCTL_RESET_STATS
 *   Length        bytes that follow the header (for GET_STATS at least
 *                 sizeof(RAMDISK_STATS); 0 is fine for RESET_STATS)
 *
 * The miniport answers in ReturnCode (RAMDISK_RC_*) and, for GET_STATS,
 * fills a RAMDISK_STATS right after the header, at byte HeaderLength (28).
 * That offset is not a multiple of 8: a C structure holding the header and
 * a RAMDISK_STATS would have padding in between, so build the buffer byte
 * by byte (or copy the statistics out with memcpy).  A request that is not
 * ours (other signature) or is malformed fails (on Linux the ioctl returns
 * -EIO and the header comes back with ReturnCode set when it was readable).
 *
 * Counters cover the whole adapter (every disk).  They are 32 or 64 bits
 * wide on every build: ULONG is 32 bits and ULONGLONG 64 bits in sptypes.h,
 * in the kernel and in user space alike, and every member is naturally
 * aligned, so the layout is the same for both.
 *
 * User space: compile with -I shim/include and include this file after the
 * C library headers.
 */
#ifndef RAMDISK_IOCTL_H
#define RAMDISK_IOCTL_H

/* Windows code has ULONG and the rest from its DDK headers already */
#ifndef _WIN32
#include "sptypes.h"
#endif

#define RAMDISK_IOCTL_SIGNATURE		"SPRAMDSK"

/* SRB_IO_CONTROL.ControlCode */
#define RAMDISK_IOCTL_GET_STATS		1
#define RAMDISK_IOCTL_RESET_STATS	2	/* also restarts the "every N" counts */

/* SRB_IO_CONTROL.ReturnCode */
#define RAMDISK_RC_SUCCESS		0
#define RAMDISK_RC_BAD_LENGTH		1	/* HeaderLength or Length does not fit */
#define RAMDISK_RC_BAD_CODE		2	/* unknown ControlCode */

/*
 * Fault kinds: index into RAMDISK_STATS.Faults.  Each is driven by the
 * module parameter named in the comment (see the miniport's overview).
 */
#define RAMDISK_FAULT_DROP		0	/* drop_every */
#define RAMDISK_FAULT_ABORT_FAIL	1	/* abort_fails >= 1 */
#define RAMDISK_FAULT_RESET_FAIL	2	/* abort_fails >= 2 */
#define RAMDISK_FAULT_BUSY		3	/* busy_every */
#define RAMDISK_FAULT_CHECK		4	/* check_every */
#define RAMDISK_FAULT_SHORT		5	/* short_every */
#define RAMDISK_FAULT_RESET		6	/* reset_every */
#define RAMDISK_FAULT_DOUBLE		7	/* double_every */
#define RAMDISK_FAULT_BOGUS		8	/* bogus_every */
#define RAMDISK_FAULT_SKIP_NEXT		9	/* skip_next_every */
#define RAMDISK_FAULT_FORGET_DISABLE	10	/* forget_disable_every */
#define RAMDISK_FAULT_KINDS		11

/* Printable names, in index order (for tools). */
#define RAMDISK_FAULT_NAMES {						\
	"drop", "abort_fail", "reset_device_fail", "busy", "check",	\
	"short", "reset", "double", "bogus", "skip_next",		\
	"forget_disable" }

/* Recovered value of a fault whose recovery the miniport cannot see. */
#define RAMDISK_NOT_OBSERVABLE		0xFFFFFFFF

/*
 * Injected: how often the fault was injected.
 * Recovered: how often the miniport saw the system get over it:
 *   drop            the dropped SRB was later aborted or reset
 *   abort_fail      the SRB whose abort was refused was later reset
 *   reset_device_fail  an SRB whose device reset was refused was later
 *                   taken by a bus reset
 *   busy, check, short, reset, bogus
 *                   the same command (same disk, direction, LBA and block
 *                   count; for short, the part not transferred) came back
 *                   and completed successfully - a retry, as far as the
 *                   miniport can tell
 *   skip_next       HwResetBus ran afterwards (the only way a stalled
 *                   miniport gets requests again)
 *   forget_disable  another miniport routine ran afterwards (the port
 *                   driver ended the callback pair on its own)
 *   double          RAMDISK_NOT_OBSERVABLE: the port driver refuses the
 *                   second completion without telling the miniport
 */
typedef struct _RAMDISK_FAULT_COUNT {
	ULONG Injected;
	ULONG Recovered;
} RAMDISK_FAULT_COUNT, *PRAMDISK_FAULT_COUNT;

#define RAMDISK_STATS_VERSION		1

typedef struct _RAMDISK_STATS {
	ULONG Version;			/* RAMDISK_STATS_VERSION */
	ULONG Size;			/* sizeof(RAMDISK_STATS) */
	ULONG Disks;
	ULONG BlockSize;
	ULONGLONG BlocksPerDisk;
	ULONGLONG Commands;		/* SCSI commands received */
	ULONGLONG ReadWriteCommands;	/* of which READ/WRITE (6/10/12/16) */
	ULONGLONG BytesRead;
	ULONGLONG BytesWritten;
	ULONGLONG BlocksUnmapped;
	ULONG CheckConditions;		/* CHECK CONDITION answers, injected or not */
	ULONG Aborts;			/* SRB_FUNCTION_ABORT_COMMAND received */
	ULONG AbortsFound;		/* ... that named an SRB the miniport held */
	ULONG DeviceResets;		/* SRB_FUNCTION_RESET_DEVICE received */
	ULONG BusResets;		/* HwResetBus calls */
	ULONG TimerCalls;		/* HwTimer calls */
	ULONG Callbacks;		/* HwScsiEnableInterruptsCallback calls */
	ULONG Outstanding;		/* SRBs held right now (besides this one) */
	ULONG MaxOutstanding;
	ULONG FaultKinds;		/* RAMDISK_FAULT_KINDS */
	RAMDISK_FAULT_COUNT Faults[RAMDISK_FAULT_KINDS];
} RAMDISK_STATS, *PRAMDISK_STATS;

C_ASSERT(sizeof(RAMDISK_STATS) == 104 + 8 * RAMDISK_FAULT_KINDS);

#endif /* RAMDISK_IOCTL_H */
