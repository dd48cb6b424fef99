// SPDX-License-Identifier: GPL-2.0
/*
 * pvscsi.c - ScsiPort miniport for the VMware paravirtual SCSI adapter.
 *
 * Overview
 * --------
 * The adapter takes SCSI requests from a request ring in guest memory and
 * posts their outcome to a completion ring; a register write ("kick") tells
 * it that new requests are waiting, and an interrupt tells us that
 * completions are.  This miniport keeps, per adapter:
 *
 *   - one uncached (DMA-coherent) block holding the rings state page, the
 *     request ring, the completion ring and the message ring, each aligned
 *     to the adapter's 4 KiB page;
 *   - a table of request slots.  A slot's index + 1 is the "context" the
 *     adapter echoes back in a completion, which is how a completion finds
 *     its SRB again.  A slot stays allocated until the adapter has returned
 *     its context, so the number of requests inside the adapter can never
 *     exceed the completion ring and a late completion can never be taken
 *     for a newer request (see "orphaned" slots below);
 *   - per SRB, nothing but the scatter/gather table, which lives in the
 *     SrbExtension (DMA-coherent memory handed out by the port driver).
 *
 * Interrupts are handled in one of two ways, chosen when the adapter is
 * found (PvscsiUseCallbackPair):
 *
 *   callback pair (default): HwInterrupt only acknowledges the interrupt,
 *     masks the adapter's interrupts and asks the port driver for
 *     CallEnableInterrupts.  PvscsiEnableInterruptsCallback then drains the
 *     rings with the port lock released and system interrupts enabled, and
 *     asks for CallDisableInterrupts; PvscsiDisableInterruptsCallback runs
 *     synchronized again, picks up completions that raced with the drain
 *     and unmasks the adapter.
 *
 *   plain: HwInterrupt acknowledges and drains the rings itself.
 *
 * Either way the interrupt status is acknowledged before the rings are
 * read for the last time, so a completion posted during the drain raises a
 * new interrupt instead of being lost, and a level-triggered line is quiet
 * when HwInterrupt returns.  When the port driver reports a Latched
 * (message-signalled) interrupt, HwInterrupt touches no register in plain
 * mode and only the mask in callback mode: the adapter sends a message per
 * completion, and nobody shares it.
 *
 * The adapter can also be found the old way (PvscsiLegacyScan): no PCI IDs
 * in HW_INITIALIZATION_DATA, and HwFindAdapter walks the PCI slots of the
 * bus it is given with ScsiPortGetBusData.
 */
#include "miniport.h"
#include "srb.h"
#include "scsi.h"

#include "pvscsi_hw.h"

/* ------------------------------------------------------------------ */
/* Settings ("registry parameters", exposed as module parameters)      */
/* ------------------------------------------------------------------ */

/* Non-zero: complete requests from the interrupt callback pair. */
extern ULONG PvscsiUseCallbackPair;
ULONG PvscsiUseCallbackPair = 1;

/* Non-zero: find adapters by scanning PCI configuration space. */
extern ULONG PvscsiLegacyScan;
ULONG PvscsiLegacyScan;

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);

/* ------------------------------------------------------------------ */
/* Driver limits                                                       */
/* ------------------------------------------------------------------ */

/* Ring sizes in 4 KiB pages (powers of two). */
#define PVSCSI_REQ_RING_PAGES		8	/* 256 requests */
#define PVSCSI_CMP_RING_PAGES		2	/* 256 completions */
#define PVSCSI_MSG_RING_PAGES		1	/* 32 messages */

/*
 * Requests inside the adapter at any time.  Never more than the completion
 * ring holds: the adapter does not check for completion ring overflow.
 */
#define PVSCSI_MAX_REQUESTS		256

#define PVSCSI_MAX_TARGETS		64
#define PVSCSI_MAX_LUNS			8
#define PVSCSI_MAX_SG_ENTRIES		PVSCSI_MAX_SG_ENTRIES_PER_SEGMENT
#define PVSCSI_MAX_TRANSFER		(512 * 1024)

/* Layout of the uncached extension, in adapter pages. */
#define PVSCSI_RINGS_STATE_PAGE		0
#define PVSCSI_REQ_RING_FIRST_PAGE	1
#define PVSCSI_CMP_RING_FIRST_PAGE	(PVSCSI_REQ_RING_FIRST_PAGE + PVSCSI_REQ_RING_PAGES)
#define PVSCSI_MSG_RING_FIRST_PAGE	(PVSCSI_CMP_RING_FIRST_PAGE + PVSCSI_CMP_RING_PAGES)
#define PVSCSI_SHARED_PAGES		(PVSCSI_MSG_RING_FIRST_PAGE + PVSCSI_MSG_RING_PAGES)
/* One page of slack so the block can be aligned to a page boundary. */
#define PVSCSI_UNCACHED_SIZE		((PVSCSI_SHARED_PAGES + 1) * PVSCSI_PAGE_SIZE)

/* How long error recovery polls for the adapter to return requests. */
#define PVSCSI_RECOVERY_POLL_US		10000
#define PVSCSI_POLL_STEP_US		50

/* SCSI queue tag message for requests that carry none of their own. */
#define PVSCSI_DEFAULT_TAG		SRB_SIMPLE_TAG_REQUEST

/* Full memory barrier between accesses to memory shared with the adapter. */
#define PvscsiMemoryBarrier()		__sync_synchronize()

/* "Any target / any LUN" for the slot matching helpers. */
#define PVSCSI_ANY			0xFFFFFFFF
#define PVSCSI_NO_SLOT			0xFFFF

/* ------------------------------------------------------------------ */
/* Per-adapter state: the device extension                             */
/* ------------------------------------------------------------------ */

typedef enum _PVSCSI_SLOT_STATE {
	PvscsiSlotFree = 0,
	PvscsiSlotActive,	/* the adapter has it and we own its SRB */
	PvscsiSlotOrphaned	/* the adapter has it; its SRB was completed */
} PVSCSI_SLOT_STATE;

typedef struct _PVSCSI_REQUEST_SLOT {
	PSCSI_REQUEST_BLOCK Srb;
	UCHAR State;
	UCHAR PathId;
	UCHAR TargetId;
	UCHAR Lun;
	USHORT NextFree;
} PVSCSI_REQUEST_SLOT, *PPVSCSI_REQUEST_SLOT;

typedef struct _PVSCSI_ADAPTER {
	/* Mapped register window (memory BAR). */
	PUCHAR Registers;

	/* The shared memory, carved from the uncached extension. */
	volatile PVSCSI_RINGS_STATE *RingsState;
	PPVSCSI_RING_REQ_DESC ReqRing;
	volatile PVSCSI_RING_CMP_DESC *CmpRing;
	volatile PVSCSI_RING_MSG_DESC *MsgRing;
	ULONGLONG SharedPPN[PVSCSI_SHARED_PAGES];
	ULONG ReqEntries;
	ULONG CmpEntries;
	ULONG MsgEntries;

	/* Interrupts. */
	ULONG InterruptMask;		/* INTR_MASK value when enabled */
	BOOLEAN MsgRingEnabled;
	BOOLEAN MessageSignaled;	/* Latched: MSI, never shared */
	BOOLEAN UseCallbackPair;
	BOOLEAN CallbackActive;		/* masked by HwInterrupt, pair pending */
	BOOLEAN Stopped;

	/* Request slots; context = index + 1. */
	ULONG FreeCount;
	USHORT FreeHead;
	PVSCSI_REQUEST_SLOT Slots[PVSCSI_MAX_REQUESTS];
} PVSCSI_ADAPTER, *PPVSCSI_ADAPTER;

/* HwContext of the legacy PCI scan: where to look next. */
typedef struct _PVSCSI_SCAN_CONTEXT {
	ULONG BusNumber;
	ULONG NextSlot;		/* DeviceNumber * PCI_MAX_FUNCTION + FunctionNumber */
} PVSCSI_SCAN_CONTEXT, *PPVSCSI_SCAN_CONTEXT;

static PVSCSI_SCAN_CONTEXT PvscsiScanContext;

/* The SrbExtension: the request's scatter/gather table, nothing else. */
typedef struct _PVSCSI_SRB_EXTENSION {
	PVSCSI_SG_ELEMENT SgList[PVSCSI_MAX_SG_ENTRIES];
} PVSCSI_SRB_EXTENSION, *PPVSCSI_SRB_EXTENSION;

/*
 * A table of 2 KiB at a 2 KiB-aligned offset of a page-aligned pool never
 * crosses a page, which the adapter requires of an SG segment.  The check
 * in PvscsiBuildDataDescriptor catches a port driver that lays the pool out
 * differently.
 */
C_ASSERT(sizeof(PVSCSI_SRB_EXTENSION) == 2048);
C_ASSERT(PVSCSI_MAX_REQUESTS <= PVSCSI_CMP_RING_PAGES * PVSCSI_CMP_ENTRIES_PER_PAGE);
C_ASSERT(PVSCSI_MAX_REQUESTS <= PVSCSI_REQ_RING_PAGES * PVSCSI_REQ_ENTRIES_PER_PAGE);
C_ASSERT(PVSCSI_MAX_REQUESTS < PVSCSI_NO_SLOT);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static VOID PvscsiZeroMemory(PVOID Buffer, ULONG Length)
{
	PUCHAR p = Buffer;

	while (Length--)
		*p++ = 0;
}

static ULONG PvscsiReadRegister(PPVSCSI_ADAPTER Adapter, ULONG Offset)
{
	return ScsiPortReadRegisterUlong((PULONG)(Adapter->Registers + Offset));
}

static VOID PvscsiWriteRegister(PPVSCSI_ADAPTER Adapter, ULONG Offset,
				ULONG Value)
{
	ScsiPortWriteRegisterUlong((PULONG)(Adapter->Registers + Offset), Value);
}

/*
 * Issue an adapter command: the code, then the descriptor one ULONG at a
 * time.  Returns COMMAND_STATUS (0 means success).
 */
static ULONG PvscsiIssueCommand(PPVSCSI_ADAPTER Adapter, ULONG Command,
				PVOID Descriptor, ULONG Length)
{
	PULONG data = Descriptor;
	ULONG i;

	PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_COMMAND, Command);
	for (i = 0; i < Length / sizeof(ULONG); i++)
		PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_COMMAND_DATA,
				    data[i]);
	return PvscsiReadRegister(Adapter, PVSCSI_REG_OFFSET_COMMAND_STATUS);
}

static VOID PvscsiMaskInterrupts(PPVSCSI_ADAPTER Adapter)
{
	PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_INTR_MASK, 0);
}

static VOID PvscsiUnmaskInterrupts(PPVSCSI_ADAPTER Adapter)
{
	PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_INTR_MASK,
			    Adapter->InterruptMask);
}

/* Acknowledge whatever the adapter reports; returns what it reported. */
static ULONG PvscsiAckInterrupts(PPVSCSI_ADAPTER Adapter)
{
	ULONG status;

	status = PvscsiReadRegister(Adapter, PVSCSI_REG_OFFSET_INTR_STATUS);
	status &= PVSCSI_INTR_ALL_SUPPORTED;
	if (status)
		PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_INTR_STATUS,
				    status);
	return status;
}

/* Is this a READ or WRITE of the medium (the adapter's fast kick path)? */
static BOOLEAN PvscsiIsReadWrite(UCHAR OperationCode)
{
	switch (OperationCode) {
	case SCSIOP_READ6:
	case SCSIOP_READ:
	case SCSIOP_READ12:
	case SCSIOP_READ16:
	case SCSIOP_WRITE6:
	case SCSIOP_WRITE:
	case SCSIOP_WRITE12:
	case SCSIOP_WRITE16:
		return TRUE;
	default:
		return FALSE;
	}
}

/* ------------------------------------------------------------------ */
/* Request slots                                                       */
/* ------------------------------------------------------------------ */

/* Forget every request: only after an adapter reset. */
static VOID PvscsiInitializeSlots(PPVSCSI_ADAPTER Adapter)
{
	ULONG i;

	for (i = 0; i < PVSCSI_MAX_REQUESTS; i++) {
		Adapter->Slots[i].Srb = NULL;
		Adapter->Slots[i].State = PvscsiSlotFree;
		Adapter->Slots[i].NextFree = (USHORT)(i + 1 < PVSCSI_MAX_REQUESTS ?
						      i + 1 : PVSCSI_NO_SLOT);
	}
	Adapter->FreeHead = 0;
	Adapter->FreeCount = PVSCSI_MAX_REQUESTS;
}

static ULONG PvscsiAllocateSlot(PPVSCSI_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	PPVSCSI_REQUEST_SLOT slot;
	ULONG index;

	if (Adapter->FreeHead == PVSCSI_NO_SLOT)
		return PVSCSI_NO_SLOT;
	index = Adapter->FreeHead;
	slot = &Adapter->Slots[index];
	Adapter->FreeHead = slot->NextFree;
	Adapter->FreeCount--;
	slot->Srb = Srb;
	slot->State = PvscsiSlotActive;
	slot->PathId = Srb->PathId;
	slot->TargetId = Srb->TargetId;
	slot->Lun = Srb->Lun;
	return index;
}

static VOID PvscsiFreeSlot(PPVSCSI_ADAPTER Adapter, ULONG Index)
{
	PPVSCSI_REQUEST_SLOT slot = &Adapter->Slots[Index];

	slot->Srb = NULL;
	slot->State = PvscsiSlotFree;
	slot->NextFree = Adapter->FreeHead;
	Adapter->FreeHead = (USHORT)Index;
	Adapter->FreeCount++;
}

static BOOLEAN PvscsiSlotMatches(PPVSCSI_REQUEST_SLOT Slot, ULONG TargetId,
				 ULONG Lun)
{
	if (Slot->State == PvscsiSlotFree)
		return FALSE;
	if (TargetId != PVSCSI_ANY && Slot->TargetId != TargetId)
		return FALSE;
	if (Lun != PVSCSI_ANY && Slot->Lun != Lun)
		return FALSE;
	return TRUE;
}

/* Requests of a target/LUN the adapter still holds (active or orphaned). */
static ULONG PvscsiCountInAdapter(PPVSCSI_ADAPTER Adapter, ULONG TargetId,
				  ULONG Lun)
{
	ULONG i, n = 0;

	for (i = 0; i < PVSCSI_MAX_REQUESTS; i++)
		if (PvscsiSlotMatches(&Adapter->Slots[i], TargetId, Lun))
			n++;
	return n;
}

/*
 * Complete the SRBs of a target/LUN that the adapter has not returned yet,
 * with SrbStatus.  Their slots become orphans: they stay allocated until
 * the adapter returns the context, which is then dropped.
 */
static VOID PvscsiOrphanRequests(PPVSCSI_ADAPTER Adapter, ULONG TargetId,
				 ULONG Lun, UCHAR SrbStatus, BOOLEAN Complete)
{
	PPVSCSI_REQUEST_SLOT slot;
	PSCSI_REQUEST_BLOCK srb;
	ULONG i;

	for (i = 0; i < PVSCSI_MAX_REQUESTS; i++) {
		slot = &Adapter->Slots[i];
		if (slot->State != PvscsiSlotActive ||
		    !PvscsiSlotMatches(slot, TargetId, Lun))
			continue;
		srb = slot->Srb;
		slot->Srb = NULL;
		slot->State = PvscsiSlotOrphaned;
		if (Complete) {
			srb->SrbStatus = SrbStatus;
			ScsiPortNotification(RequestComplete, Adapter, srb);
		}
	}
}

/* Complete every SRB still held and forget all slots (adapter was reset). */
static VOID PvscsiFlushAllRequests(PPVSCSI_ADAPTER Adapter, UCHAR SrbStatus)
{
	PvscsiOrphanRequests(Adapter, PVSCSI_ANY, PVSCSI_ANY, SrbStatus, TRUE);
	PvscsiInitializeSlots(Adapter);
}

/* ------------------------------------------------------------------ */
/* Completion                                                          */
/* ------------------------------------------------------------------ */

/* Translate the adapter's view of a finished request into SRB terms. */
static VOID PvscsiSetSrbStatus(PSCSI_REQUEST_BLOCK Srb, USHORT HostStatus,
			       USHORT ScsiStatus, ULONGLONG DataLen,
			       ULONG SenseLen)
{
	UCHAR status;

	Srb->ScsiStatus = (UCHAR)ScsiStatus;

	switch (HostStatus) {
	case BTSTAT_SUCCESS:
	case BTSTAT_LINKED_COMMAND_COMPLETED:
	case BTSTAT_LINKED_COMMAND_COMPLETED_WITH_FLAG:
	case BTSTAT_DATA_UNDERRUN:
	case BTSTAT_DATARUN:
		if (ScsiStatus != SCSISTAT_GOOD) {
			/* The target answered with a status of its own. */
			status = SRB_STATUS_ERROR;
			if (ScsiStatus == SCSISTAT_CHECK_CONDITION &&
			    SenseLen != 0 && Srb->SenseInfoBuffer != NULL &&
			    Srb->SenseInfoBufferLength != 0 &&
			    !(Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE)) {
				if (SenseLen < Srb->SenseInfoBufferLength)
					Srb->SenseInfoBufferLength = (UCHAR)SenseLen;
				status |= SRB_STATUS_AUTOSENSE_VALID;
			}
			break;
		}
		status = SRB_STATUS_SUCCESS;
		if (HostStatus != BTSTAT_DATARUN &&
		    HostStatus != BTSTAT_DATA_UNDERRUN)
			break;
		/*
		 * A short or long transfer.  DataLen is what moved.  An
		 * implementation that leaves it zero (QEMU's does) does not
		 * say how much: a short INQUIRY or MODE SENSE answer is normal
		 * and its data describes its own length, but a READ or WRITE
		 * that moved an unknown part of its data has failed, and must
		 * be retried rather than taken as done.
		 */
		if (DataLen != 0 && DataLen < Srb->DataTransferLength) {
			Srb->DataTransferLength = (ULONG)DataLen;
			status = SRB_STATUS_DATA_OVERRUN;
		} else if (DataLen > Srb->DataTransferLength) {
			status = SRB_STATUS_DATA_OVERRUN;
		} else if (DataLen == 0 && PvscsiIsReadWrite(Srb->Cdb[0])) {
			status = SRB_STATUS_ERROR;
		}
		break;
	case BTSTAT_SELTIMEO:
		status = SRB_STATUS_SELECTION_TIMEOUT;
		break;
	case BTSTAT_SENTRST:
	case BTSTAT_RECVRST:
	case BTSTAT_BUSRESET:
		status = SRB_STATUS_BUS_RESET;
		break;
	case BTSTAT_ABORTQUEUE:
		status = SRB_STATUS_ABORTED;
		break;
	case BTSTAT_HATIMEOUT:
		status = SRB_STATUS_TIMEOUT;
		break;
	case BTSTAT_SCSIPARITY:
		status = SRB_STATUS_PARITY_ERROR;
		break;
	case BTSTAT_BUSFREE:
		status = SRB_STATUS_UNEXPECTED_BUS_FREE;
		break;
	case BTSTAT_INVPHASE:
		status = SRB_STATUS_PHASE_SEQUENCE_FAILURE;
		break;
	case BTSTAT_TAGREJECT:
		status = SRB_STATUS_MESSAGE_REJECTED;
		break;
	case BTSTAT_SENSFAILED:
		status = SRB_STATUS_REQUEST_SENSE_FAILED;
		break;
	default:
		/* Adapter hardware/software errors, bad parameters, ... */
		DebugPrint((1, "pvscsi: host status 0x%x, scsi status 0x%x, cdb 0x%x\n",
			    HostStatus, ScsiStatus, Srb->Cdb[0]));
		status = SRB_STATUS_ERROR;
		break;
	}
	if (SRB_STATUS(status) != SRB_STATUS_SUCCESS &&
	    SRB_STATUS(status) != SRB_STATUS_DATA_OVERRUN &&
	    SRB_STATUS(status) != SRB_STATUS_ERROR)
		Srb->ScsiStatus = SCSISTAT_GOOD;
	Srb->SrbStatus = status;
}

/* One completion descriptor: find the slot, finish its SRB. */
static VOID PvscsiCompleteContext(PPVSCSI_ADAPTER Adapter, ULONGLONG Context,
				  USHORT HostStatus, USHORT ScsiStatus,
				  ULONGLONG DataLen, ULONG SenseLen)
{
	PPVSCSI_REQUEST_SLOT slot;
	PSCSI_REQUEST_BLOCK srb;
	ULONG index;

	if (Context == 0 || Context > PVSCSI_MAX_REQUESTS) {
		DebugPrint((1, "pvscsi: completion with bad context 0x%I64x\n",
			    Context));
		return;
	}
	index = (ULONG)Context - 1;
	slot = &Adapter->Slots[index];
	switch (slot->State) {
	case PvscsiSlotOrphaned:
		/* Its SRB was completed by error recovery; drop it. */
		PvscsiFreeSlot(Adapter, index);
		return;
	case PvscsiSlotActive:
		break;
	default:
		DebugPrint((1, "pvscsi: completion for free context %lu\n",
			    index + 1));
		return;
	}
	srb = slot->Srb;
	PvscsiFreeSlot(Adapter, index);
	PvscsiSetSrbStatus(srb, HostStatus, ScsiStatus, DataLen, SenseLen);
	ScsiPortNotification(RequestComplete, Adapter, srb);
}

/* Drain the completion ring.  Returns the number of entries consumed. */
static ULONG PvscsiProcessCompletions(PPVSCSI_ADAPTER Adapter)
{
	volatile PVSCSI_RINGS_STATE *state = Adapter->RingsState;
	volatile PVSCSI_RING_CMP_DESC *desc;
	ULONG cons, prod, count = 0;
	ULONGLONG context, dataLen;
	USHORT hostStatus, scsiStatus;
	ULONG senseLen;

	if (Adapter->Stopped)
		return 0;
	cons = state->CmpConsIdx;
	for (;;) {
		prod = state->CmpProdIdx;
		if (prod == cons)
			break;
		/* Read the descriptors only after seeing the index. */
		PvscsiMemoryBarrier();
		while (cons != prod) {
			desc = &Adapter->CmpRing[cons & (Adapter->CmpEntries - 1)];
			context = desc->Context;
			dataLen = desc->DataLen;
			senseLen = desc->SenseLen;
			hostStatus = desc->HostStatus;
			scsiStatus = desc->ScsiStatus;
			cons++;
			count++;
			PvscsiCompleteContext(Adapter, context, hostStatus,
					      scsiStatus, dataLen, senseLen);
		}
		/* Descriptors are read before the entries are given back. */
		PvscsiMemoryBarrier();
		state->CmpConsIdx = cons;
	}
	return count;
}

/* Drain the message ring: devices came or went, have the bus rescanned. */
static VOID PvscsiProcessMessages(PPVSCSI_ADAPTER Adapter)
{
	volatile PVSCSI_RINGS_STATE *state = Adapter->RingsState;
	volatile PVSCSI_RING_MSG_DESC *desc;
	BOOLEAN changed = FALSE;
	ULONG cons, prod, type;

	if (!Adapter->MsgRingEnabled || Adapter->Stopped)
		return;
	cons = state->MsgConsIdx;
	prod = state->MsgProdIdx;
	if (cons == prod)
		return;
	PvscsiMemoryBarrier();
	while (cons != prod) {
		desc = &Adapter->MsgRing[cons & (Adapter->MsgEntries - 1)];
		type = desc->Type;
		if (type == PVSCSI_MSG_DEV_ADDED || type == PVSCSI_MSG_DEV_REMOVED) {
			DebugPrint((1, "pvscsi: target %lu %s\n", desc->Args[1],
				    type == PVSCSI_MSG_DEV_ADDED ? "added" : "removed"));
			changed = TRUE;
		}
		cons++;
	}
	PvscsiMemoryBarrier();
	state->MsgConsIdx = cons;
	if (changed)
		ScsiPortNotification(BusChangeDetected, Adapter, 0);
}

/*
 * Error recovery: poll the completion ring until the adapter has returned
 * every request of a target/LUN, or the time is up.  Returns TRUE when none
 * is left.  Runs synchronized, so it keeps the polling short.
 */
static BOOLEAN PvscsiWaitForRequests(PPVSCSI_ADAPTER Adapter, ULONG TargetId,
				     ULONG Lun)
{
	ULONG waited;

	for (waited = 0;; waited += PVSCSI_POLL_STEP_US) {
		PvscsiProcessCompletions(Adapter);
		if (PvscsiCountInAdapter(Adapter, TargetId, Lun) == 0)
			return TRUE;
		if (waited >= PVSCSI_RECOVERY_POLL_US)
			return FALSE;
		ScsiPortStallExecution(PVSCSI_POLL_STEP_US);
	}
}

/* ------------------------------------------------------------------ */
/* Adapter setup                                                       */
/* ------------------------------------------------------------------ */

/* Reset the adapter: it forgets its rings and every request. */
static VOID PvscsiResetAdapter(PPVSCSI_ADAPTER Adapter)
{
	PvscsiMaskInterrupts(Adapter);
	PvscsiIssueCommand(Adapter, PVSCSI_CMD_ADAPTER_RESET, NULL, 0);
	PvscsiAckInterrupts(Adapter);
}

/*
 * Hand the rings to the adapter (after a reset).  The message ring is
 * optional: an adapter that does not know the command just goes without.
 */
static BOOLEAN PvscsiSetupRings(PPVSCSI_ADAPTER Adapter)
{
	PVSCSI_CMD_DESC_SETUP_RINGS rings;
	PVSCSI_CMD_DESC_SETUP_MSG_RING msg;
	ULONG i, status;

	PvscsiZeroMemory((PVOID)Adapter->RingsState, PVSCSI_PAGE_SIZE);
	PvscsiZeroMemory((PVOID)Adapter->CmpRing,
			 PVSCSI_CMP_RING_PAGES * PVSCSI_PAGE_SIZE);
	PvscsiZeroMemory((PVOID)Adapter->MsgRing,
			 PVSCSI_MSG_RING_PAGES * PVSCSI_PAGE_SIZE);

	PvscsiZeroMemory(&rings, sizeof(rings));
	rings.ReqRingNumPages = PVSCSI_REQ_RING_PAGES;
	rings.CmpRingNumPages = PVSCSI_CMP_RING_PAGES;
	rings.RingsStatePPN = Adapter->SharedPPN[PVSCSI_RINGS_STATE_PAGE];
	for (i = 0; i < PVSCSI_REQ_RING_PAGES; i++)
		rings.ReqRingPPNs[i] =
			Adapter->SharedPPN[PVSCSI_REQ_RING_FIRST_PAGE + i];
	for (i = 0; i < PVSCSI_CMP_RING_PAGES; i++)
		rings.CmpRingPPNs[i] =
			Adapter->SharedPPN[PVSCSI_CMP_RING_FIRST_PAGE + i];
	PvscsiMemoryBarrier();
	status = PvscsiIssueCommand(Adapter, PVSCSI_CMD_SETUP_RINGS, &rings,
				    sizeof(rings));
	if (status != 0) {
		DebugPrint((0, "pvscsi: SETUP_RINGS failed, status 0x%lx\n",
			    status));
		return FALSE;
	}

	/* Probe for the message ring: the bare command code tells. */
	Adapter->MsgRingEnabled = FALSE;
	PvscsiWriteRegister(Adapter, PVSCSI_REG_OFFSET_COMMAND,
			    PVSCSI_CMD_SETUP_MSG_RING);
	status = PvscsiReadRegister(Adapter, PVSCSI_REG_OFFSET_COMMAND_STATUS);
	if (status != PVSCSI_CMD_STATUS_UNSUPPORTED) {
		PvscsiZeroMemory(&msg, sizeof(msg));
		msg.NumPages = PVSCSI_MSG_RING_PAGES;
		for (i = 0; i < PVSCSI_MSG_RING_PAGES; i++)
			msg.RingPPNs[i] =
				Adapter->SharedPPN[PVSCSI_MSG_RING_FIRST_PAGE + i];
		for (i = 0; i < sizeof(msg) / sizeof(ULONG); i++)
			PvscsiWriteRegister(Adapter,
					    PVSCSI_REG_OFFSET_COMMAND_DATA,
					    ((PULONG)&msg)[i]);
		status = PvscsiReadRegister(Adapter,
					    PVSCSI_REG_OFFSET_COMMAND_STATUS);
		/* Success is reported as the descriptor size in ULONGs. */
		Adapter->MsgRingEnabled =
			status == sizeof(msg) / sizeof(ULONG) || status == 0;
	}

	Adapter->InterruptMask = PVSCSI_INTR_CMPL_MASK;
	if (Adapter->MsgRingEnabled)
		Adapter->InterruptMask |= PVSCSI_INTR_MSG_MASK;
	return TRUE;
}

/* Carve the rings out of the uncached extension and note their pages. */
static BOOLEAN PvscsiAllocateRings(PPVSCSI_ADAPTER Adapter,
				   PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
	SCSI_PHYSICAL_ADDRESS pa;
	PUCHAR base, page;
	ULONG i, length;

	base = ScsiPortGetUncachedExtension(Adapter, ConfigInfo,
					    PVSCSI_UNCACHED_SIZE);
	if (base == NULL) {
		DebugPrint((0, "pvscsi: no uncached extension\n"));
		return FALSE;
	}

	/* Move up to the first adapter page boundary (bus address). */
	pa = ScsiPortGetPhysicalAddress(Adapter, NULL, base, &length);
	if (length < PVSCSI_UNCACHED_SIZE)
		return FALSE;
	if (pa.LowPart & PVSCSI_PAGE_MASK)
		base += PVSCSI_PAGE_SIZE - (pa.LowPart & PVSCSI_PAGE_MASK);

	for (i = 0; i < PVSCSI_SHARED_PAGES; i++) {
		page = base + i * PVSCSI_PAGE_SIZE;
		pa = ScsiPortGetPhysicalAddress(Adapter, NULL, page, &length);
		if (pa.QuadPart == 0 || length < PVSCSI_PAGE_SIZE ||
		    (pa.LowPart & PVSCSI_PAGE_MASK))
			return FALSE;
		Adapter->SharedPPN[i] = (ULONGLONG)pa.QuadPart >> PVSCSI_PAGE_SHIFT;
	}

	Adapter->RingsState = (PPVSCSI_RINGS_STATE)
		(base + PVSCSI_RINGS_STATE_PAGE * PVSCSI_PAGE_SIZE);
	Adapter->ReqRing = (PPVSCSI_RING_REQ_DESC)
		(base + PVSCSI_REQ_RING_FIRST_PAGE * PVSCSI_PAGE_SIZE);
	Adapter->CmpRing = (PPVSCSI_RING_CMP_DESC)
		(base + PVSCSI_CMP_RING_FIRST_PAGE * PVSCSI_PAGE_SIZE);
	Adapter->MsgRing = (PPVSCSI_RING_MSG_DESC)
		(base + PVSCSI_MSG_RING_FIRST_PAGE * PVSCSI_PAGE_SIZE);
	Adapter->ReqEntries = PVSCSI_REQ_RING_PAGES * PVSCSI_REQ_ENTRIES_PER_PAGE;
	Adapter->CmpEntries = PVSCSI_CMP_RING_PAGES * PVSCSI_CMP_ENTRIES_PER_PAGE;
	Adapter->MsgEntries = PVSCSI_MSG_RING_PAGES * PVSCSI_MSG_ENTRIES_PER_PAGE;
	return TRUE;
}

/* Reset the adapter and give it fresh rings; interrupts stay masked. */
static BOOLEAN PvscsiStartAdapter(PPVSCSI_ADAPTER Adapter)
{
	PvscsiResetAdapter(Adapter);
	PvscsiInitializeSlots(Adapter);
	Adapter->CallbackActive = FALSE;
	if (!PvscsiSetupRings(Adapter))
		return FALSE;
	Adapter->Stopped = FALSE;
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* HwFindAdapter                                                       */
/* ------------------------------------------------------------------ */

/* The memory range that holds the register window, from AccessRanges. */
static PVOID PvscsiMapRegisters(PPVSCSI_ADAPTER Adapter,
				PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
	PACCESS_RANGE range;
	ULONG i;

	for (i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
		range = &(*ConfigInfo->AccessRanges)[i];
		if (!range->RangeInMemory ||
		    range->RangeLength < PVSCSI_MEM_SPACE_SIZE ||
		    range->RangeStart.QuadPart == 0)
			continue;
		return ScsiPortGetDeviceBase(Adapter,
					     ConfigInfo->AdapterInterfaceType,
					     ConfigInfo->SystemIoBusNumber,
					     range->RangeStart,
					     PVSCSI_MEM_SPACE_SIZE, FALSE);
	}
	return NULL;
}

/* Bus address of the first memory BAR in a configuration header. */
static BOOLEAN PvscsiMemoryBar(PPCI_COMMON_CONFIG Pci,
			       PSCSI_PHYSICAL_ADDRESS Address)
{
	ULONG i, bar;

	for (i = 0; i < PCI_TYPE0_ADDRESSES; i++) {
		bar = Pci->u.type0.BaseAddresses[i];
		if (bar & PCI_ADDRESS_IO_SPACE)
			continue;
		Address->QuadPart = bar & PCI_ADDRESS_MEMORY_ADDRESS_MASK;
		if ((bar & PCI_ADDRESS_MEMORY_TYPE_MASK) == PCI_TYPE_64BIT) {
			if (i + 1 >= PCI_TYPE0_ADDRESSES)
				return FALSE;
			Address->HighPart = (LONG)Pci->u.type0.BaseAddresses[++i];
		}
		if (Address->QuadPart != 0)
			return TRUE;
	}
	return FALSE;
}

/*
 * The legacy way: walk the slots of ConfigInfo->SystemIoBusNumber from
 * where the previous call stopped, and map the first PVSCSI adapter that
 * is free.  Returns its register window, or NULL when the bus has no more.
 */
static PVOID PvscsiScanBus(PPVSCSI_ADAPTER Adapter,
			   PPVSCSI_SCAN_CONTEXT Scan,
			   PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
	PCI_COMMON_CONFIG pci;
	PCI_SLOT_NUMBER slot;
	SCSI_PHYSICAL_ADDRESS bar;
	PACCESS_RANGE range;
	PVOID registers;
	ULONG bus = ConfigInfo->SystemIoBusNumber;
	ULONG index, length;

	if (Scan->BusNumber != bus) {
		Scan->BusNumber = bus;
		Scan->NextSlot = 0;
	}
	while (Scan->NextSlot < PCI_MAX_DEVICES * PCI_MAX_FUNCTION) {
		index = Scan->NextSlot++;
		slot.u.AsULONG = 0;
		slot.u.bits.DeviceNumber = index / PCI_MAX_FUNCTION;
		slot.u.bits.FunctionNumber = index % PCI_MAX_FUNCTION;

		length = ScsiPortGetBusData(Adapter, PCIConfiguration, bus,
					    slot.u.AsULONG, &pci,
					    PCI_COMMON_HDR_LENGTH);
		if (length == 0) {
			/* No such bus. */
			Scan->NextSlot = PCI_MAX_DEVICES * PCI_MAX_FUNCTION;
			break;
		}
		if (length < (ULONG)PCI_COMMON_HDR_LENGTH ||
		    pci.VendorID != PVSCSI_VENDOR_ID ||
		    pci.DeviceID != PVSCSI_DEVICE_ID ||
		    PCI_CONFIGURATION_TYPE(&pci) != PCI_DEVICE_TYPE)
			continue;
		if (!PvscsiMemoryBar(&pci, &bar))
			continue;

		registers = ScsiPortGetDeviceBase(Adapter, PCIBus, bus, bar,
						  PVSCSI_MEM_SPACE_SIZE, FALSE);
		if (registers == NULL) {
			/* Taken by another driver: look further. */
			DebugPrint((1, "pvscsi: adapter at %lu/%lu is not available\n",
				    bus, index));
			continue;
		}
		ConfigInfo->SlotNumber = slot.u.AsULONG;
		ConfigInfo->BusInterruptLevel = pci.u.type0.InterruptLine;
		ConfigInfo->BusInterruptVector = pci.u.type0.InterruptLine;
		ConfigInfo->InterruptMode = LevelSensitive;
		if (ConfigInfo->NumberOfAccessRanges > 0) {
			range = &(*ConfigInfo->AccessRanges)[0];
			range->RangeStart = bar;
			range->RangeLength = PVSCSI_MEM_SPACE_SIZE;
			range->RangeInMemory = TRUE;
		}
		return registers;
	}
	return NULL;
}

static ULONG PvscsiHwFindAdapter(PVOID DeviceExtension, PVOID HwContext,
				 PVOID BusInformation, PCHAR ArgumentString,
				 PPORT_CONFIGURATION_INFORMATION ConfigInfo,
				 PBOOLEAN Again)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;

	UNREFERENCED_PARAMETER(BusInformation);
	UNREFERENCED_PARAMETER(ArgumentString);

	*Again = FALSE;
	if (HwContext != NULL) {
		/* Legacy scan: the HwContext says where to continue. */
		adapter->Registers = PvscsiScanBus(adapter, HwContext, ConfigInfo);
		if (adapter->Registers == NULL)
			return SP_RETURN_NOT_FOUND;
		*Again = TRUE;
	} else {
		adapter->Registers = PvscsiMapRegisters(adapter, ConfigInfo);
		if (adapter->Registers == NULL) {
			DebugPrint((0, "pvscsi: no usable register window\n"));
			return SP_RETURN_BAD_CONFIG;
		}
	}

	/* What the adapter can do; set before asking for DMA memory. */
	ConfigInfo->Master = TRUE;
	ConfigInfo->ScatterGather = TRUE;
	ConfigInfo->NeedPhysicalAddresses = TRUE;
	ConfigInfo->Dma32BitAddresses = TRUE;
	ConfigInfo->Dma64BitAddresses |= SCSI_DMA64_MINIPORT_SUPPORTED;
	ConfigInfo->NumberOfPhysicalBreaks = PVSCSI_MAX_SG_ENTRIES - 1;
	ConfigInfo->MaximumTransferLength = PVSCSI_MAX_TRANSFER;
	ConfigInfo->AlignmentMask = 0;
	ConfigInfo->CachesData = FALSE;
	ConfigInfo->TaggedQueuing = TRUE;
	ConfigInfo->MultipleRequestPerLu = TRUE;
	ConfigInfo->AutoRequestSense = TRUE;
	ConfigInfo->NumberOfBuses = 1;
	ConfigInfo->MaximumNumberOfTargets = PVSCSI_MAX_TARGETS;
	ConfigInfo->MaximumNumberOfLogicalUnits = PVSCSI_MAX_LUNS;
	/*
	 * The adapter is not a device on its own bus; every target ID from 0
	 * up may be a disk.  An ID just past the last target keeps the port
	 * driver from skipping any of them.
	 */
	ConfigInfo->InitiatorBusId[0] = PVSCSI_MAX_TARGETS;
	ConfigInfo->ResetTargetSupported = TRUE;

	if (!PvscsiAllocateRings(adapter, ConfigInfo))
		return SP_RETURN_ERROR;

	adapter->UseCallbackPair = PvscsiUseCallbackPair != 0;
	/*
	 * A latched interrupt on PCI is message-signalled: it is always ours
	 * and the adapter sends one per completion whatever the status
	 * register holds, so HwInterrupt neither reads nor acknowledges it.
	 */
	adapter->MessageSignaled = ConfigInfo->InterruptMode == Latched;
	if (!PvscsiStartAdapter(adapter))
		return SP_RETURN_ERROR;

	DebugPrint((1, "pvscsi: adapter ready, %s interrupt path, %s, message ring %s\n",
		    adapter->UseCallbackPair ? "callback pair" : "plain",
		    adapter->MessageSignaled ? "message-signalled" : "line-based",
		    adapter->MsgRingEnabled ? "on" : "off"));
	return SP_RETURN_FOUND;
}

/* ------------------------------------------------------------------ */
/* HwInitialize                                                        */
/* ------------------------------------------------------------------ */

static BOOLEAN PvscsiHwInitialize(PVOID DeviceExtension)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;

	PvscsiAckInterrupts(adapter);
	PvscsiUnmaskInterrupts(adapter);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* HwStartIo                                                           */
/* ------------------------------------------------------------------ */

/*
 * Describe the data buffer to the adapter: its bus address when it is one
 * contiguous run, else an SG table in the SrbExtension.  Returns
 * SRB_STATUS_PENDING on success.
 */
static UCHAR PvscsiBuildDataDescriptor(PPVSCSI_ADAPTER Adapter,
				       PSCSI_REQUEST_BLOCK Srb,
				       PPVSCSI_RING_REQ_DESC Desc)
{
	PPVSCSI_SRB_EXTENSION ext = Srb->SrbExtension;
	SCSI_PHYSICAL_ADDRESS pa, tablePa;
	PUCHAR va = Srb->DataBuffer;
	ULONG remaining = Srb->DataTransferLength;
	ULONG length, count = 0, tableLength;

	while (remaining != 0) {
		pa = ScsiPortGetPhysicalAddress(Adapter, Srb, va, &length);
		if (length == 0)
			return SRB_STATUS_INVALID_REQUEST;
		if (length > remaining)
			length = remaining;
		if (count == 0 && length == remaining) {
			/* One contiguous run: no table needed. */
			Desc->DataAddr = (ULONGLONG)pa.QuadPart;
			return SRB_STATUS_PENDING;
		}
		if (count == PVSCSI_MAX_SG_ENTRIES) {
			DebugPrint((0, "pvscsi: transfer needs more than %lu SG entries\n",
				    (ULONG)PVSCSI_MAX_SG_ENTRIES));
			return SRB_STATUS_INVALID_REQUEST;
		}
		ext->SgList[count].Addr = (ULONGLONG)pa.QuadPart;
		ext->SgList[count].Length = length;
		ext->SgList[count].Flags = 0;
		count++;
		va += length;
		remaining -= length;
	}

	tablePa = ScsiPortGetPhysicalAddress(Adapter, NULL, ext->SgList,
					     &tableLength);
	if (tablePa.QuadPart == 0 ||
	    (tablePa.LowPart & PVSCSI_PAGE_MASK) + count * sizeof(PVSCSI_SG_ELEMENT) >
	    PVSCSI_PAGE_SIZE) {
		/* The adapter cannot follow a table across a page. */
		ScsiPortLogError(Adapter, Srb, Srb->PathId, Srb->TargetId,
				 Srb->Lun, SP_INTERNAL_ADAPTER_ERROR, 0x5001);
		return SRB_STATUS_ERROR;
	}
	Desc->DataAddr = (ULONGLONG)tablePa.QuadPart;
	Desc->Flags |= PVSCSI_FLAG_CMD_WITH_SG_LIST;
	return SRB_STATUS_PENDING;
}

/* Put an EXECUTE_SCSI request on the ring.  SRB_STATUS_PENDING = queued. */
static UCHAR PvscsiQueueScsi(PPVSCSI_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	volatile PVSCSI_RINGS_STATE *state = Adapter->RingsState;
	PPVSCSI_RING_REQ_DESC desc;
	SCSI_PHYSICAL_ADDRESS pa;
	ULONG prod, index, length, i;
	UCHAR status;

	if (Adapter->Stopped)
		return SRB_STATUS_NO_HBA;
	if (Srb->PathId != 0)
		return SRB_STATUS_INVALID_PATH_ID;
	if (Srb->TargetId >= PVSCSI_MAX_TARGETS)
		return SRB_STATUS_INVALID_TARGET_ID;
	if (Srb->Lun >= PVSCSI_MAX_LUNS)
		return SRB_STATUS_INVALID_LUN;
	if (Srb->CdbLength == 0 || Srb->CdbLength > sizeof(desc->Cdb))
		return SRB_STATUS_INVALID_REQUEST;

	prod = state->ReqProdIdx;
	if (prod - state->ReqConsIdx >= Adapter->ReqEntries ||
	    Adapter->FreeHead == PVSCSI_NO_SLOT)
		return SRB_STATUS_BUSY;

	desc = &Adapter->ReqRing[prod & (Adapter->ReqEntries - 1)];
	PvscsiZeroMemory(desc, sizeof(*desc));

	desc->Bus = Srb->PathId;
	desc->Target = Srb->TargetId;
	desc->Lun[1] = Srb->Lun;
	desc->CdbLen = Srb->CdbLength;
	for (i = 0; i < Srb->CdbLength; i++)
		desc->Cdb[i] = Srb->Cdb[i];
	desc->Tag = (Srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE) ?
		    Srb->QueueAction : PVSCSI_DEFAULT_TAG;
	desc->VcpuHint = 0;

	if (Srb->SenseInfoBuffer != NULL && Srb->SenseInfoBufferLength != 0 &&
	    !(Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE)) {
		pa = ScsiPortGetPhysicalAddress(Adapter, Srb,
						Srb->SenseInfoBuffer, &length);
		if (pa.QuadPart != 0 && length >= Srb->SenseInfoBufferLength) {
			desc->SenseAddr = (ULONGLONG)pa.QuadPart;
			desc->SenseLen = Srb->SenseInfoBufferLength;
		}
	}

	desc->DataLen = Srb->DataTransferLength;
	if (Srb->DataTransferLength == 0) {
		desc->Flags = PVSCSI_FLAG_CMD_DIR_NONE;
	} else {
		switch (Srb->SrbFlags & SRB_FLAGS_UNSPECIFIED_DIRECTION) {
		case SRB_FLAGS_DATA_IN:
			desc->Flags = PVSCSI_FLAG_CMD_DIR_TOHOST;
			break;
		case SRB_FLAGS_DATA_OUT:
			desc->Flags = PVSCSI_FLAG_CMD_DIR_TODEVICE;
			break;
		case SRB_FLAGS_NO_DATA_TRANSFER:
			desc->Flags = PVSCSI_FLAG_CMD_DIR_NONE;
			desc->DataLen = 0;
			break;
		default:
			/* Unspecified: let the adapter go by the CDB. */
			break;
		}
		if (desc->DataLen != 0) {
			status = PvscsiBuildDataDescriptor(Adapter, Srb, desc);
			if (status != SRB_STATUS_PENDING)
				return status;
		}
	}

	index = PvscsiAllocateSlot(Adapter, Srb);
	desc->Context = index + 1;

	/* The descriptor must be complete before the adapter can see it. */
	PvscsiMemoryBarrier();
	state->ReqProdIdx = prod + 1;
	PvscsiMemoryBarrier();

	PvscsiWriteRegister(Adapter, PvscsiIsReadWrite(Srb->Cdb[0]) ?
			    PVSCSI_REG_OFFSET_KICK_RW_IO :
			    PVSCSI_REG_OFFSET_KICK_NON_RW_IO, 0);
	return SRB_STATUS_PENDING;
}

/* SRB_FUNCTION_ABORT_COMMAND: ask the adapter to drop Srb->NextSrb. */
static UCHAR PvscsiAbortCommand(PPVSCSI_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	PVSCSI_CMD_DESC_ABORT_CMD cmd;
	PPVSCSI_REQUEST_SLOT slot = NULL;
	ULONG i, waited;

	for (i = 0; i < PVSCSI_MAX_REQUESTS; i++) {
		slot = &Adapter->Slots[i];
		if (slot->State == PvscsiSlotActive && slot->Srb == Srb->NextSrb)
			break;
	}
	if (i == PVSCSI_MAX_REQUESTS)
		return SRB_STATUS_ABORT_FAILED;	/* not ours (any more) */

	PvscsiZeroMemory(&cmd, sizeof(cmd));
	cmd.Context = i + 1;
	cmd.Target = slot->TargetId;
	PvscsiIssueCommand(Adapter, PVSCSI_CMD_ABORT_CMD, &cmd, sizeof(cmd));

	/*
	 * The adapter returns the request through the completion ring (as
	 * aborted, or done if it was too late); give it a moment so the
	 * request is finished by the time the abort is.
	 */
	for (waited = 0;; waited += PVSCSI_POLL_STEP_US) {
		PvscsiProcessCompletions(Adapter);
		if (slot->State != PvscsiSlotActive || slot->Srb != Srb->NextSrb)
			break;
		if (waited >= PVSCSI_RECOVERY_POLL_US) {
			DebugPrint((1, "pvscsi: abort of context %lu (target %lu): not returned after %lu us\n",
				    i + 1, cmd.Target, waited));
			return SRB_STATUS_ABORT_FAILED;
		}
		ScsiPortStallExecution(PVSCSI_POLL_STEP_US);
	}
	DebugPrint((1, "pvscsi: abort of context %lu (target %lu): returned after %lu us\n",
		    i + 1, cmd.Target, waited));
	return SRB_STATUS_SUCCESS;
}

/* SRB_FUNCTION_RESET_DEVICE / RESET_LOGICAL_UNIT. */
static UCHAR PvscsiResetDevice(PPVSCSI_ADAPTER Adapter,
			       PSCSI_REQUEST_BLOCK Srb, BOOLEAN WholeTarget)
{
	PVSCSI_CMD_DESC_RESET_DEVICE cmd;
	ULONG status, lun;

	PvscsiZeroMemory(&cmd, sizeof(cmd));
	cmd.Target = Srb->TargetId;
	cmd.Lun[1] = Srb->Lun;
	status = PvscsiIssueCommand(Adapter, PVSCSI_CMD_RESET_DEVICE, &cmd,
				    sizeof(cmd));

	/* Requests the reset cancelled come back; wait for them a little. */
	lun = WholeTarget ? PVSCSI_ANY : Srb->Lun;
	if (!PvscsiWaitForRequests(Adapter, Srb->TargetId, lun))
		PvscsiOrphanRequests(Adapter, Srb->TargetId, lun,
				     SRB_STATUS_BUS_RESET, TRUE);
	return status == 0 ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
}

static BOOLEAN PvscsiHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;
	UCHAR status;

	switch (Srb->Function) {
	case SRB_FUNCTION_EXECUTE_SCSI:
		status = PvscsiQueueScsi(adapter, Srb);
		if (status == SRB_STATUS_PENDING) {
			/*
			 * A tagged request leaves the LU open for more; an
			 * untagged one keeps it to itself until it completes.
			 */
			if ((Srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE) &&
			    Srb->QueueTag != SP_UNTAGGED)
				ScsiPortNotification(NextLuRequest, adapter,
						     Srb->PathId, Srb->TargetId,
						     Srb->Lun);
			else
				ScsiPortNotification(NextRequest, adapter);
			return TRUE;
		}
		break;
	case SRB_FUNCTION_ABORT_COMMAND:
		status = PvscsiAbortCommand(adapter, Srb);
		break;
	case SRB_FUNCTION_RESET_DEVICE:
		status = PvscsiResetDevice(adapter, Srb, TRUE);
		break;
	case SRB_FUNCTION_RESET_LOGICAL_UNIT:
		status = PvscsiResetDevice(adapter, Srb, FALSE);
		break;
	case SRB_FUNCTION_SHUTDOWN:
	case SRB_FUNCTION_FLUSH:
		/* The adapter caches nothing of its own. */
		status = SRB_STATUS_SUCCESS;
		break;
	default:
		status = SRB_STATUS_INVALID_REQUEST;
		break;
	}

	Srb->SrbStatus = status;
	ScsiPortNotification(RequestComplete, adapter, Srb);
	ScsiPortNotification(NextRequest, adapter);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Interrupts                                                          */
/* ------------------------------------------------------------------ */

/* Anything on the completion or message ring? (Shared memory, no register.) */
static BOOLEAN PvscsiWorkPending(PPVSCSI_ADAPTER Adapter)
{
	volatile PVSCSI_RINGS_STATE *state = Adapter->RingsState;

	if (state->CmpProdIdx != state->CmpConsIdx)
		return TRUE;
	return Adapter->MsgRingEnabled &&
	       state->MsgProdIdx != state->MsgConsIdx;
}

static BOOLEAN PvscsiDisableInterruptsCallback(PVOID DeviceExtension)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;

	/*
	 * Synchronized again.  Acknowledge everything (the status register
	 * is write-one-to-clear, so no read is needed), then look at the
	 * rings once more for completions that arrived during the drain:
	 * anything posted after the acknowledgement sets the status again
	 * and interrupts as soon as the mask is lifted.
	 */
	PvscsiWriteRegister(adapter, PVSCSI_REG_OFFSET_INTR_STATUS,
			    PVSCSI_INTR_ALL_SUPPORTED);
	PvscsiProcessCompletions(adapter);
	PvscsiProcessMessages(adapter);
	adapter->CallbackActive = FALSE;
	if (!adapter->Stopped)
		PvscsiUnmaskInterrupts(adapter);
	return TRUE;
}

static BOOLEAN PvscsiEnableInterruptsCallback(PVOID DeviceExtension)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;

	/*
	 * Port lock released, system interrupts on, the adapter masked: the
	 * bulk of the completions is done here.  The disable callback
	 * acknowledges and catches what arrives meanwhile.
	 */
	PvscsiProcessCompletions(adapter);
	PvscsiProcessMessages(adapter);
	ScsiPortNotification(CallDisableInterrupts, adapter,
			     PvscsiDisableInterruptsCallback);
	return TRUE;
}

static BOOLEAN PvscsiHwInterrupt(PVOID DeviceExtension)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;
	ULONG status = 0;

	if (adapter->Stopped)
		return FALSE;

	if (adapter->MessageSignaled) {
		/*
		 * Ours, but perhaps late: a message sent just before the
		 * previous interrupt masked the adapter arrives after the
		 * rings were drained.  Nothing to do then, and no reason to
		 * run the callback pair for it.
		 */
		if (!PvscsiWorkPending(adapter))
			return TRUE;
	} else {
		/* A line may be shared: ask the adapter whether it interrupted. */
		status = PvscsiReadRegister(adapter,
					    PVSCSI_REG_OFFSET_INTR_STATUS);
		status &= PVSCSI_INTR_ALL_SUPPORTED;
		if (status == 0)
			return FALSE;
	}

	if (adapter->UseCallbackPair) {
		/*
		 * Only mask here: that drops a level-triggered line and holds
		 * back the messages of completions posted from now on until
		 * the disable callback unmasks.  One register write (and the
		 * status read of a line-based interrupt).
		 */
		PvscsiMaskInterrupts(adapter);
		if (!adapter->CallbackActive) {
			adapter->CallbackActive = TRUE;
			ScsiPortNotification(CallEnableInterrupts, adapter,
					     PvscsiEnableInterruptsCallback);
		}
		return TRUE;
	}

	/*
	 * Plain: acknowledge a line-based interrupt, then drain.  A
	 * completion posted during the drain interrupts anew.
	 */
	if (status != 0)
		PvscsiWriteRegister(adapter, PVSCSI_REG_OFFSET_INTR_STATUS,
				    status);
	PvscsiProcessCompletions(adapter);
	PvscsiProcessMessages(adapter);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* HwResetBus                                                          */
/* ------------------------------------------------------------------ */

static BOOLEAN PvscsiHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;

	if (adapter->Stopped)
		return FALSE;

	/* Finish what is already done, then reset the bus. */
	PvscsiProcessCompletions(adapter);
	PvscsiIssueCommand(adapter, PVSCSI_CMD_RESET_BUS, NULL, 0);

	/*
	 * The adapter returns the requests the reset cancelled; whatever it
	 * still holds after a short wait is completed here and its slot
	 * kept until the adapter lets go of it.
	 */
	PvscsiWaitForRequests(adapter, PVSCSI_ANY, PVSCSI_ANY);
	PvscsiOrphanRequests(adapter, PVSCSI_ANY, PVSCSI_ANY,
			     SRB_STATUS_BUS_RESET, FALSE);
	ScsiPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED,
				SP_UNTAGGED, SRB_STATUS_BUS_RESET);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* HwAdapterControl                                                    */
/* ------------------------------------------------------------------ */

static SCSI_ADAPTER_CONTROL_STATUS PvscsiHwAdapterControl(
	PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
	PVOID Parameters)
{
	PPVSCSI_ADAPTER adapter = DeviceExtension;
	PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
	ULONG i;

	switch (ControlType) {
	case ScsiQuerySupportedControlTypes:
		list = Parameters;
		for (i = 0; i < list->MaxControlType; i++)
			list->SupportedTypeList[i] =
				i == ScsiQuerySupportedControlTypes ||
				i == ScsiStopAdapter ||
				i == ScsiRestartAdapter;
		return ScsiAdapterControlSuccess;

	case ScsiStopAdapter:
		/* Quiet the adapter; it forgets every request. */
		PvscsiResetAdapter(adapter);
		adapter->Stopped = TRUE;
		adapter->CallbackActive = FALSE;
		PvscsiFlushAllRequests(adapter, SRB_STATUS_BUS_RESET);
		return ScsiAdapterControlSuccess;

	case ScsiRestartAdapter:
		PvscsiFlushAllRequests(adapter, SRB_STATUS_BUS_RESET);
		if (!PvscsiStartAdapter(adapter))
			return ScsiAdapterControlUnsuccessful;
		PvscsiHwInitialize(adapter);
		return ScsiAdapterControlSuccess;

	default:
		return ScsiAdapterControlUnsuccessful;
	}
}

/* ------------------------------------------------------------------ */
/* DriverEntry                                                         */
/* ------------------------------------------------------------------ */

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2)
{
	static CHAR vendorId[] = PVSCSI_VENDOR_ID_STRING;
	static CHAR deviceId[] = PVSCSI_DEVICE_ID_STRING;
	HW_INITIALIZATION_DATA hwInitData;
	PVOID context = NULL;

	PvscsiZeroMemory(&hwInitData, sizeof(hwInitData));
	hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
	hwInitData.AdapterInterfaceType = PCIBus;

	hwInitData.HwInitialize = PvscsiHwInitialize;
	hwInitData.HwStartIo = PvscsiHwStartIo;
	hwInitData.HwInterrupt = PvscsiHwInterrupt;
	hwInitData.HwFindAdapter = PvscsiHwFindAdapter;
	hwInitData.HwResetBus = PvscsiHwResetBus;
	hwInitData.HwAdapterControl = PvscsiHwAdapterControl;

	hwInitData.DeviceExtensionSize = sizeof(PVSCSI_ADAPTER);
	hwInitData.SpecificLuExtensionSize = 0;
	hwInitData.SrbExtensionSize = sizeof(PVSCSI_SRB_EXTENSION);
	hwInitData.NumberOfAccessRanges = 2;

	hwInitData.MapBuffers = FALSE;
	hwInitData.NeedPhysicalAddresses = TRUE;
	hwInitData.TaggedQueuing = TRUE;
	hwInitData.AutoRequestSense = TRUE;
	hwInitData.MultipleRequestPerLu = TRUE;

	if (PvscsiLegacyScan) {
		/* No IDs: HwFindAdapter looks for the adapters itself. */
		PvscsiScanContext.BusNumber = 0;
		PvscsiScanContext.NextSlot = 0;
		context = &PvscsiScanContext;
	} else {
		hwInitData.VendorId = vendorId;
		hwInitData.VendorIdLength = sizeof(vendorId) - 1;
		hwInitData.DeviceId = deviceId;
		hwInitData.DeviceIdLength = sizeof(deviceId) - 1;
	}

	return ScsiPortInitialize(DriverObject, Argument2, &hwInitData, context);
}
