/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvscsi_hw.h - the hardware interface of the VMware paravirtual SCSI
 * adapter (PVSCSI, PCI 15AD:07C0) as seen by the ScsiPort miniport.
 *
 * The adapter is driven through three rings in guest memory (requests,
 * completions and, optionally, asynchronous messages) plus a shared "rings
 * state" page holding the producer/consumer indexes.  A handful of
 * registers in the memory BAR issue adapter commands, kick the request ring
 * and report and mask interrupts.  All memory the adapter reads or writes is
 * counted in 4 KiB pages, whatever the host page size.
 *
 * Only the numbers here (offsets, codes, layouts, flag values) come from
 * the published interface; names and text are this driver's own.
 */
#ifndef PVSCSI_HW_H
#define PVSCSI_HW_H

#include "miniport.h"

/* ------------------------------------------------------------------ */
/* PCI identity and BAR                                                */
/* ------------------------------------------------------------------ */

#define PVSCSI_VENDOR_ID		0x15AD
#define PVSCSI_DEVICE_ID		0x07C0
#define PVSCSI_VENDOR_ID_STRING		"15AD"
#define PVSCSI_DEVICE_ID_STRING		"07C0"

/* The adapter's own page: ring sizes and PPNs are in these units. */
#define PVSCSI_PAGE_SHIFT		12
#define PVSCSI_PAGE_SIZE		0x1000
#define PVSCSI_PAGE_MASK		(PVSCSI_PAGE_SIZE - 1)

/*
 * The register window: command page, interrupt status page, two misc
 * pages, two kick pages and two MSI-X pages, eight pages in all.
 */
#define PVSCSI_MEM_SPACE_PAGES		8
#define PVSCSI_MEM_SPACE_SIZE		(PVSCSI_MEM_SPACE_PAGES * PVSCSI_PAGE_SIZE)

/* ------------------------------------------------------------------ */
/* Registers (byte offsets in the memory BAR, all 32 bits wide)        */
/* ------------------------------------------------------------------ */

#define PVSCSI_REG_OFFSET_COMMAND		0x0000
#define PVSCSI_REG_OFFSET_COMMAND_DATA		0x0004
#define PVSCSI_REG_OFFSET_COMMAND_STATUS	0x0008
#define PVSCSI_REG_OFFSET_LAST_STS_0		0x0100
#define PVSCSI_REG_OFFSET_LAST_STS_1		0x0104
#define PVSCSI_REG_OFFSET_LAST_STS_2		0x0108
#define PVSCSI_REG_OFFSET_LAST_STS_3		0x010C
#define PVSCSI_REG_OFFSET_INTR_STATUS		0x100C
#define PVSCSI_REG_OFFSET_INTR_MASK		0x2010
#define PVSCSI_REG_OFFSET_KICK_NON_RW_IO	0x3014
#define PVSCSI_REG_OFFSET_DEBUG			0x3018
#define PVSCSI_REG_OFFSET_KICK_RW_IO		0x4018

/* INTR_STATUS / INTR_MASK bits.  Writing a status bit back clears it. */
#define PVSCSI_INTR_CMPL_0		0x00000001
#define PVSCSI_INTR_CMPL_1		0x00000002
#define PVSCSI_INTR_CMPL_MASK		0x00000003
#define PVSCSI_INTR_MSG_0		0x00000004
#define PVSCSI_INTR_MSG_1		0x00000008
#define PVSCSI_INTR_MSG_MASK		0x0000000C
#define PVSCSI_INTR_ALL_SUPPORTED	0x0000000F

/* ------------------------------------------------------------------ */
/* Adapter commands                                                    */
/* ------------------------------------------------------------------ */

/*
 * A command is issued by writing its code to COMMAND and then its
 * descriptor, one ULONG at a time, to COMMAND_DATA.  The adapter acts once
 * the whole descriptor has arrived; COMMAND_STATUS then reads 0 for
 * success.
 */
#define PVSCSI_CMD_FIRST			0
#define PVSCSI_CMD_ADAPTER_RESET		1
#define PVSCSI_CMD_ISSUE_SCSI			2
#define PVSCSI_CMD_SETUP_RINGS			3
#define PVSCSI_CMD_RESET_BUS			4
#define PVSCSI_CMD_RESET_DEVICE			5
#define PVSCSI_CMD_ABORT_CMD			6
#define PVSCSI_CMD_CONFIG			7
#define PVSCSI_CMD_SETUP_MSG_RING		8
#define PVSCSI_CMD_DEVICE_UNPLUG		9
#define PVSCSI_CMD_SETUP_REQCALLTHRESHOLD	10
#define PVSCSI_CMD_LAST				11

/* COMMAND_STATUS right after writing a command code it does not know. */
#define PVSCSI_CMD_STATUS_UNSUPPORTED		0xFFFFFFFF

#pragma pack(push, 1)

/* PVSCSI_CMD_SETUP_RINGS: page counts are powers of two, 1..32. */
#define PVSCSI_SETUP_RINGS_MAX_NUM_PAGES	32

typedef struct _PVSCSI_CMD_DESC_SETUP_RINGS {
	ULONG ReqRingNumPages;
	ULONG CmpRingNumPages;
	ULONGLONG RingsStatePPN;
	ULONGLONG ReqRingPPNs[PVSCSI_SETUP_RINGS_MAX_NUM_PAGES];
	ULONGLONG CmpRingPPNs[PVSCSI_SETUP_RINGS_MAX_NUM_PAGES];
} PVSCSI_CMD_DESC_SETUP_RINGS, *PPVSCSI_CMD_DESC_SETUP_RINGS;

/*
 * PVSCSI_CMD_SETUP_MSG_RING: only after SETUP_RINGS.  An adapter without
 * the message ring answers the bare command code with
 * PVSCSI_CMD_STATUS_UNSUPPORTED.
 */
#define PVSCSI_SETUP_MSG_RING_MAX_NUM_PAGES	16

typedef struct _PVSCSI_CMD_DESC_SETUP_MSG_RING {
	ULONG NumPages;
	ULONG Reserved;
	ULONGLONG RingPPNs[PVSCSI_SETUP_MSG_RING_MAX_NUM_PAGES];
} PVSCSI_CMD_DESC_SETUP_MSG_RING, *PPVSCSI_CMD_DESC_SETUP_MSG_RING;

/* PVSCSI_CMD_RESET_DEVICE */
typedef struct _PVSCSI_CMD_DESC_RESET_DEVICE {
	ULONG Target;
	UCHAR Lun[8];
} PVSCSI_CMD_DESC_RESET_DEVICE, *PPVSCSI_CMD_DESC_RESET_DEVICE;

/* PVSCSI_CMD_ABORT_CMD: the request is named by its context. */
typedef struct _PVSCSI_CMD_DESC_ABORT_CMD {
	ULONGLONG Context;
	ULONG Target;
	ULONG Reserved;
} PVSCSI_CMD_DESC_ABORT_CMD, *PPVSCSI_CMD_DESC_ABORT_CMD;

/* ------------------------------------------------------------------ */
/* Shared memory                                                       */
/* ------------------------------------------------------------------ */

/*
 * The rings state page.  Indexes run freely (they are not wrapped); an
 * entry's slot is the index modulo the ring size.  The driver produces
 * requests and consumes completions and messages; the adapter does the
 * opposite.
 */
typedef struct _PVSCSI_RINGS_STATE {
	ULONG ReqProdIdx;
	ULONG ReqConsIdx;
	ULONG ReqNumEntriesLog2;
	ULONG CmpProdIdx;
	ULONG CmpConsIdx;
	ULONG CmpNumEntriesLog2;
	ULONG ReqCallThreshold;
	UCHAR Reserved[100];
	ULONG MsgProdIdx;
	ULONG MsgConsIdx;
	ULONG MsgNumEntriesLog2;
} PVSCSI_RINGS_STATE, *PPVSCSI_RINGS_STATE;

/* PVSCSI_RING_REQ_DESC.Flags */
#define PVSCSI_FLAG_CMD_WITH_SG_LIST	0x00000001
#define PVSCSI_FLAG_CMD_OUT_OF_BAND_CDB	0x00000002
#define PVSCSI_FLAG_CMD_DIR_NONE	0x00000004
#define PVSCSI_FLAG_CMD_DIR_TOHOST	0x00000008
#define PVSCSI_FLAG_CMD_DIR_TODEVICE	0x00000010

/*
 * A request, 128 bytes.  Context is the driver's name for the request,
 * echoed in its completion; it must be non-zero and fit in 32 bits.
 * DataAddr is the buffer itself, or with PVSCSI_FLAG_CMD_WITH_SG_LIST the
 * bus address of a scatter/gather table that does not cross a page.  Lun
 * is an 8-byte SAM LUN (single level: byte 1).  Tag is the SCSI queue tag
 * message (0x20 simple, 0x21 head of queue, 0x22 ordered).
 */
typedef struct _PVSCSI_RING_REQ_DESC {
	ULONGLONG Context;
	ULONGLONG DataAddr;
	ULONGLONG DataLen;
	ULONGLONG SenseAddr;
	ULONG SenseLen;
	ULONG Flags;
	UCHAR Cdb[16];
	UCHAR CdbLen;
	UCHAR Lun[8];
	UCHAR Tag;
	UCHAR Bus;
	UCHAR Target;
	USHORT VcpuHint;
	UCHAR Unused[58];
} PVSCSI_RING_REQ_DESC, *PPVSCSI_RING_REQ_DESC;

/* One scatter/gather element, 16 bytes. */
typedef struct _PVSCSI_SG_ELEMENT {
	ULONGLONG Addr;
	ULONG Length;
	ULONG Flags;
} PVSCSI_SG_ELEMENT, *PPVSCSI_SG_ELEMENT;

/* Elements in one SG table segment (one table fills 2 KiB). */
#define PVSCSI_MAX_SG_ENTRIES_PER_SEGMENT	128

/*
 * A completion, 32 bytes.  DataLen is the byte count transferred (not
 * every implementation fills it in), SenseLen the sense bytes written to
 * the request's SenseAddr, HostStatus a BTSTAT_* value, ScsiStatus the
 * target's status byte.
 */
typedef struct _PVSCSI_RING_CMP_DESC {
	ULONGLONG Context;
	ULONGLONG DataLen;
	ULONG SenseLen;
	USHORT HostStatus;
	USHORT ScsiStatus;
	ULONG Reserved[2];
} PVSCSI_RING_CMP_DESC, *PPVSCSI_RING_CMP_DESC;

/* Message types of the message ring. */
#define PVSCSI_MSG_DEV_ADDED	0
#define PVSCSI_MSG_DEV_REMOVED	1
#define PVSCSI_MSG_LAST		2

/* A message, 128 bytes; Args depend on Type. */
typedef struct _PVSCSI_RING_MSG_DESC {
	ULONG Type;
	ULONG Args[31];
} PVSCSI_RING_MSG_DESC, *PPVSCSI_RING_MSG_DESC;

/* The view of a PVSCSI_MSG_DEV_ADDED / _REMOVED message. */
typedef struct _PVSCSI_MSG_DESC_DEV_STATUS_CHANGED {
	ULONG Type;
	ULONG Bus;
	ULONG Target;
	UCHAR Lun[8];
	ULONG Reserved[27];
} PVSCSI_MSG_DESC_DEV_STATUS_CHANGED, *PPVSCSI_MSG_DESC_DEV_STATUS_CHANGED;

#pragma pack(pop)

C_ASSERT(sizeof(PVSCSI_CMD_DESC_SETUP_RINGS) == 528);
C_ASSERT(sizeof(PVSCSI_CMD_DESC_SETUP_MSG_RING) == 136);
C_ASSERT(sizeof(PVSCSI_CMD_DESC_RESET_DEVICE) == 12);
C_ASSERT(sizeof(PVSCSI_CMD_DESC_ABORT_CMD) == 16);
C_ASSERT(FIELD_OFFSET(PVSCSI_RINGS_STATE, MsgProdIdx) == 128);
C_ASSERT(sizeof(PVSCSI_RING_REQ_DESC) == 128);
C_ASSERT(sizeof(PVSCSI_SG_ELEMENT) == 16);
C_ASSERT(sizeof(PVSCSI_RING_CMP_DESC) == 32);
C_ASSERT(sizeof(PVSCSI_RING_MSG_DESC) == 128);
C_ASSERT(sizeof(PVSCSI_MSG_DESC_DEV_STATUS_CHANGED) == 128);

/* Ring entries per 4 KiB page. */
#define PVSCSI_REQ_ENTRIES_PER_PAGE \
	((ULONG)(PVSCSI_PAGE_SIZE / sizeof(PVSCSI_RING_REQ_DESC)))
#define PVSCSI_CMP_ENTRIES_PER_PAGE \
	((ULONG)(PVSCSI_PAGE_SIZE / sizeof(PVSCSI_RING_CMP_DESC)))
#define PVSCSI_MSG_ENTRIES_PER_PAGE \
	((ULONG)(PVSCSI_PAGE_SIZE / sizeof(PVSCSI_RING_MSG_DESC)))

/* ------------------------------------------------------------------ */
/* Completion status                                                   */
/* ------------------------------------------------------------------ */

/* PVSCSI_RING_CMP_DESC.HostStatus: what the adapter thinks happened. */
#define BTSTAT_SUCCESS				0x00
#define BTSTAT_LINKED_COMMAND_COMPLETED		0x0A
#define BTSTAT_LINKED_COMMAND_COMPLETED_WITH_FLAG 0x0B
#define BTSTAT_DATA_UNDERRUN			0x0C
#define BTSTAT_SELTIMEO				0x11	/* no such target */
#define BTSTAT_DATARUN				0x12	/* over- or underrun */
#define BTSTAT_BUSFREE				0x13
#define BTSTAT_INVPHASE				0x14
#define BTSTAT_LUNMISMATCH			0x17
#define BTSTAT_INVPARAM				0x1A
#define BTSTAT_SENSFAILED			0x1B
#define BTSTAT_TAGREJECT			0x1C
#define BTSTAT_BADMSG				0x1D
#define BTSTAT_HAHARDWARE			0x20
#define BTSTAT_NORESPONSE			0x21
#define BTSTAT_SENTRST				0x22
#define BTSTAT_RECVRST				0x23
#define BTSTAT_DISCONNECT			0x24
#define BTSTAT_BUSRESET				0x25
#define BTSTAT_ABORTQUEUE			0x26
#define BTSTAT_HASOFTWARE			0x27
#define BTSTAT_HATIMEOUT			0x30
#define BTSTAT_SCSIPARITY			0x34

/* PVSCSI_RING_CMP_DESC.ScsiStatus values the driver looks at. */
#define SDSTAT_GOOD				0x00
#define SDSTAT_CHECK				0x02

#endif /* PVSCSI_HW_H */
