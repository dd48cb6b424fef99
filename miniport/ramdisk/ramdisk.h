/*
 * ramdisk.h - private definitions of the ScsiPort RAM disk miniport.
 *
 * ramdisk.c holds the miniport entry points, the queue of SRBs waiting for
 * their completion time, error recovery and fault injection; ramdisk_scsi.c
 * the SCSI command set that the disks implement.
 */
#ifndef RAMDISK_H
#define RAMDISK_H

#include "miniport.h"
#include "srb.h"
#include "scsi.h"

#include "ramdisk_ioctl.h"

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

#define RAMDISK_MAX_DISKS		16
#define RAMDISK_BLOCK_SIZE		512
#define RAMDISK_BLOCK_SHIFT		9
#define RAMDISK_BLOCKS_PER_MB		(1024 * 1024 / RAMDISK_BLOCK_SIZE)
/* All disks together; the port driver caps the device extension at 1 GiB. */
#define RAMDISK_MAX_STORE_MB		1023
#define RAMDISK_MAX_TRANSFER		(256 * 1024)
#define RAMDISK_MAX_TRANSFER_BLOCKS	(RAMDISK_MAX_TRANSFER / RAMDISK_BLOCK_SIZE)
/* UNMAP zeroes under the port lock: keep each command short. */
#define RAMDISK_MAX_UNMAP_BLOCKS	2048
#define RAMDISK_MAX_UNMAP_DESCRIPTORS	16
/* Longest completion delay honoured (delay_us is clamped to it). */
#define RAMDISK_MAX_DELAY_US		10000000
/* Commands whose fault is remembered until a retry shows up. */
#define RAMDISK_RETRY_SLOTS		64

/* ------------------------------------------------------------------ */
/* Settings ("registry parameters", module parameters on Linux)        */
/* ------------------------------------------------------------------ */

extern ULONG RamdiskDisks;
extern ULONG RamdiskSizeMb;
extern ULONG RamdiskDelayUs;
extern ULONG RamdiskUsePair;
extern ULONG RamdiskDropEvery;
extern ULONG RamdiskAbortFails;
extern ULONG RamdiskBusyEvery;
extern ULONG RamdiskCheckEvery;
extern ULONG RamdiskCheckKey;
extern ULONG RamdiskCheckAsc;
extern ULONG RamdiskCheckAscq;
extern ULONG RamdiskShortEvery;
extern ULONG RamdiskResetEvery;
extern ULONG RamdiskDoubleEvery;
extern ULONG RamdiskBogusEvery;
extern ULONG RamdiskSkipNextEvery;
extern ULONG RamdiskForgetDisableEvery;

/*
 * The settings can change at any time (they are writable while the module
 * is loaded): read each one once, through a volatile access, per use.
 */
#define RamdiskSetting(Variable)	(*(volatile ULONG *)&(Variable))

/* ------------------------------------------------------------------ */
/* Per-SRB state: the SrbExtension                                     */
/* ------------------------------------------------------------------ */

/* A doubly linked list link; a list head is a link that points to itself. */
typedef struct _RAMDISK_LINK {
	struct _RAMDISK_LINK *Next;
	struct _RAMDISK_LINK *Prev;
} RAMDISK_LINK, *PRAMDISK_LINK;

/* Where an SRB the miniport holds is kept. */
#define RAMDISK_HELD_NOWHERE		0
#define RAMDISK_HELD_DUE		1	/* waits for its completion time */
#define RAMDISK_HELD_DROPPED		2	/* never completed on its own */

/* Fault applied when the SRB is finally completed. */
#define RAMDISK_LATE_NONE		0
#define RAMDISK_LATE_DOUBLE		1
#define RAMDISK_LATE_BOGUS		2

/* RAMDISK_SRB_EXTENSION.Refused bits: recovery steps refused for it. */
#define RAMDISK_REFUSED_ABORT		0x01
#define RAMDISK_REFUSED_RESET		0x02

/* The SrbStatus value no port driver knows (bogus_every). */
#define RAMDISK_BOGUS_SRB_STATUS	0x3F

typedef struct _RAMDISK_SRB_EXTENSION {
	RAMDISK_LINK Link;		/* first: a link is its extension */
	PSCSI_REQUEST_BLOCK Srb;
	LONGLONG DueTime;		/* ScsiPortQuerySystemTime units */
	UCHAR Held;			/* RAMDISK_HELD_* */
	UCHAR Late;			/* RAMDISK_LATE_* */
	UCHAR Refused;			/* RAMDISK_REFUSED_* */
	UCHAR Reserved;
} RAMDISK_SRB_EXTENSION, *PRAMDISK_SRB_EXTENSION;

/* ------------------------------------------------------------------ */
/* Per-adapter state: the device extension                            */
/* ------------------------------------------------------------------ */

/* Sense data kept for REQUEST SENSE when it could not go out as autosense. */
typedef struct _RAMDISK_SENSE {
	BOOLEAN Valid;
	UCHAR SenseKey;
	UCHAR AdditionalSenseCode;
	UCHAR AdditionalSenseCodeQualifier;
} RAMDISK_SENSE, *PRAMDISK_SENSE;

typedef struct _RAMDISK_DISK {
	PUCHAR Data;
	ULONGLONG Blocks;
	RAMDISK_SENSE PendingSense;
} RAMDISK_DISK, *PRAMDISK_DISK;

/* A faulted READ/WRITE, remembered to recognise its retry. */
typedef struct _RAMDISK_RETRY_SLOT {
	ULONGLONG Lba;
	ULONG Blocks;
	UCHAR Kind;			/* RAMDISK_FAULT_* */
	UCHAR TargetId;
	UCHAR Write;
	BOOLEAN InUse;
} RAMDISK_RETRY_SLOT, *PRAMDISK_RETRY_SLOT;

/* What DriverEntry sized the device extension for (the HwContext). */
typedef struct _RAMDISK_CONFIG {
	ULONG Disks;
	ULONGLONG BlocksPerDisk;
} RAMDISK_CONFIG, *PRAMDISK_CONFIG;

typedef struct _RAMDISK_ADAPTER {
	ULONG Disks;
	ULONGLONG BlocksPerDisk;
	RAMDISK_DISK Disk[RAMDISK_MAX_DISKS];

	/* SRBs waiting for their completion time, earliest first. */
	RAMDISK_LINK DueQueue;
	/* SRBs dropped by drop_every, until an abort or reset takes them. */
	RAMDISK_LINK Dropped;
	ULONG Outstanding;

	BOOLEAN Stopped;		/* ScsiStopAdapter */
	BOOLEAN PairRequested;		/* CallEnableInterrupts pending */
	BOOLEAN ForceHead;		/* the timer fired: the head is due */
	BOOLEAN SkipPending;		/* NextRequest withheld (skip_next) */
	BOOLEAN ForgotDisable;		/* pair ended without CallDisableInterrupts */

	/* "every N" progress per fault kind, and the N it counts towards. */
	ULONG FaultCount[RAMDISK_FAULT_KINDS];
	ULONG FaultEvery[RAMDISK_FAULT_KINDS];

	RAMDISK_RETRY_SLOT Retry[RAMDISK_RETRY_SLOTS];
	ULONG RetryNext;
	ULONG RetryUsed;

	RAMDISK_STATS Stats;

	/* The disks' contents, Disks * BlocksPerDisk blocks; sized by DriverEntry. */
	UCHAR Store[];
} RAMDISK_ADAPTER, *PRAMDISK_ADAPTER;

/* ------------------------------------------------------------------ */
/* Shared between the two source files                                 */
/* ------------------------------------------------------------------ */

/* ramdisk_scsi.c */

/*
 * Decode a READ or WRITE CDB (6, 10, 12 or 16 bytes).  Returns FALSE for
 * any other command.
 */
BOOLEAN RamdiskDecodeReadWrite(PSCSI_REQUEST_BLOCK Srb, PULONGLONG Lba,
			       PULONG Blocks, PBOOLEAN Write);

/*
 * Execute the SCSI command of Srb on its disk, synchronously: move the
 * data, set SrbStatus, ScsiStatus, DataTransferLength and the sense data.
 * ShortRead: a READ transfers only half of its blocks (short_every).
 */
VOID RamdiskExecuteScsi(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb,
			BOOLEAN ShortRead);

/* Answer CHECK CONDITION with the given sense (autosense when possible). */
VOID RamdiskSetCheckCondition(PRAMDISK_ADAPTER Adapter,
			      PSCSI_REQUEST_BLOCK Srb, UCHAR SenseKey,
			      UCHAR Asc, UCHAR Ascq);

VOID RamdiskZeroMemory(PVOID Buffer, ULONG Length);

#endif /* RAMDISK_H */
