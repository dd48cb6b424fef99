// SPDX-License-Identifier: GPL-2.0
/*
 * ramdisk.c - ScsiPort miniport for RAM-backed disks, with fault injection.
 *
 * Overview
 * --------
 * A software host adapter (AdapterInterfaceType Internal, no interrupt)
 * with RamdiskDisks disks of RamdiskSizeMb MiB each: targets 0 .. disks-1,
 * logical unit 0 only.  The disks' contents live in the device extension,
 * which DriverEntry sizes from the settings (the port driver allocates it).
 * ramdisk_scsi.c implements the SCSI command set; this file the entry
 * points, the completion paths and fault injection.
 *
 * Completion paths, chosen per request from the current settings:
 *
 *   RamdiskDelayUs == 0, RamdiskUsePair == 0: HwStartIo executes the command
 *     and completes it before returning.
 *   RamdiskDelayUs > 0: HwStartIo executes the command, stamps the SRB with
 *     a due time and puts it on the due queue, which is kept in due-time
 *     order.  One RequestTimerCall timer is armed for the head of the queue
 *     (a new request replaces the pending one, so it is simply re-armed
 *     whenever the head changes); HwTimer completes what is due and arms
 *     the timer for the new head.
 *   RamdiskUsePair != 0: completions go through the interrupt callback
 *     pair.  HwStartIo (no delay) or HwTimer (with a delay) asks for
 *     CallEnableInterrupts; RamdiskEnableInterruptsCallback, which runs
 *     without the port lock but with no other miniport routine running,
 *     completes the due SRBs, re-arms the timer and asks for
 *     CallDisableInterrupts.
 *
 * Tagged requests get NextLuRequest as soon as HwStartIo has taken them,
 * untagged ones NextRequest (their logical unit stays busy until they
 * complete), so many requests per disk are outstanding at once.
 *
 * Fault injection
 * ---------------
 * The *Every settings count READ and WRITE commands (6, 10, 12 and 16
 * byte forms) only, so the bus scan and the disk driver's setup commands
 * are never disturbed: a value of N injects the fault into every Nth
 * READ/WRITE, counting from when the value was set (or from the last
 * RAMDISK_IOCTL_RESET_STATS).  When several are due at once, one fault is
 * injected per command, in the order reset, drop, busy, check, bogus,
 * short, double, skip_next; the others stay due for the next command.
 * RamdiskForgetDisableEvery counts interrupt callback pairs instead.
 *
 *   drop       the SRB is kept and never completed; the port driver's
 *              abort (SRB_FUNCTION_ABORT_COMMAND) or a reset gets it back.
 *   abort_fails  1: an abort of an SRB the miniport holds is answered
 *              SRB_STATUS_ABORT_FAILED and the SRB kept; 2: device resets
 *              fail too (SRB_STATUS_ERROR), leaving HwResetBus.
 *   busy       SRB_STATUS_BUSY.
 *   check      CHECK CONDITION with RamdiskCheckKey/Asc/Ascq (autosense).
 *   short      a READ of two or more blocks transfers half of them and
 *              completes SRB_STATUS_DATA_OVERRUN with DataTransferLength
 *              lowered (an underrun); the fault waits for such a READ.
 *   reset      ResetDetected, then everything the miniport holds,
 *              this SRB included, is completed with SRB_STATUS_BUS_RESET
 *              through ScsiPortCompleteRequest.
 *   double     the SRB is completed twice in a row.
 *   bogus      the SRB is completed with an SrbStatus no one defines.
 *   skip_next  the command completes normally, but HwStartIo sends
 *              neither NextRequest nor NextLuRequest: the port driver gets
 *              no more requests to us until it resets the bus.
 *   forget_disable  the enable callback returns without asking for
 *              CallDisableInterrupts (only with RamdiskUsePair).
 *
 * Every injection is also reported with ScsiPortLogError (error code
 * RAMDISK_LOG_FAULT_BASE + the fault kind), so it shows in the system log.
 * Counters (ramdisk_ioctl.h) are read and reset with IOCTL_SCSI_MINIPORT.
 */
#include "ramdisk.h"
#include "ntddscsi.h"

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);

/* ------------------------------------------------------------------ */
/* Settings ("registry parameters", exposed as module parameters)      */
/* ------------------------------------------------------------------ */

/* Geometry, read once by DriverEntry. */
ULONG RamdiskDisks = 2;			/* 1 - RAMDISK_MAX_DISKS */
ULONG RamdiskSizeMb = 64;		/* per disk */

/* Completion path, read per request. */
ULONG RamdiskDelayUs;			/* 0: complete inside HwStartIo */
ULONG RamdiskUsePair;			/* complete from the callback pair */

/* Fault injection, read per request; 0 is off. */
ULONG RamdiskDropEvery;
ULONG RamdiskAbortFails;
ULONG RamdiskBusyEvery;
ULONG RamdiskCheckEvery;
ULONG RamdiskCheckKey = SCSI_SENSE_ABORTED_COMMAND;
ULONG RamdiskCheckAsc;
ULONG RamdiskCheckAscq;
ULONG RamdiskShortEvery;
ULONG RamdiskResetEvery;
ULONG RamdiskDoubleEvery;
ULONG RamdiskBogusEvery;
ULONG RamdiskSkipNextEvery;
ULONG RamdiskForgetDisableEvery;

/* What DriverEntry sized the device extension for; the HwContext. */
static RAMDISK_CONFIG RamdiskConfig;

/* ScsiPortQuerySystemTime counts 100 ns units. */
#define RAMDISK_TICKS_PER_US		10
/* An SRB due this close to now is completed with the ones already due. */
#define RAMDISK_DUE_SLACK_TICKS		(20 * RAMDISK_TICKS_PER_US)

/* ScsiPortLogError code of an injected fault: base + RAMDISK_FAULT_*. */
#define RAMDISK_LOG_FAULT_BASE		0x100
#define RAMDISK_LOG_UNIQUE_ID		0x52440000	/* "RD" */

/* No fault for this command. */
#define RAMDISK_FAULT_NONE		RAMDISK_FAULT_KINDS

static VOID RamdiskHwTimer(PVOID DeviceExtension);
static BOOLEAN RamdiskEnableInterruptsCallback(PVOID DeviceExtension);

/* ------------------------------------------------------------------ */
/* Lists and time                                                      */
/* ------------------------------------------------------------------ */

static VOID RamdiskListInit(PRAMDISK_LINK Head)
{
	Head->Next = Head;
	Head->Prev = Head;
}

static BOOLEAN RamdiskListEmpty(PRAMDISK_LINK Head)
{
	return Head->Next == Head;
}

static VOID RamdiskListRemove(PRAMDISK_LINK Link)
{
	Link->Prev->Next = Link->Next;
	Link->Next->Prev = Link->Prev;
	RamdiskListInit(Link);
}

/* Insert Link in front of Position. */
static VOID RamdiskListInsertBefore(PRAMDISK_LINK Position, PRAMDISK_LINK Link)
{
	Link->Next = Position;
	Link->Prev = Position->Prev;
	Position->Prev->Next = Link;
	Position->Prev = Link;
}

#define RamdiskExtensionOf(ListLink) \
	CONTAINING_RECORD(ListLink, RAMDISK_SRB_EXTENSION, Link)

static LONGLONG RamdiskNow(VOID)
{
	LARGE_INTEGER now;

	ScsiPortQuerySystemTime(&now);
	return now.QuadPart;
}

static ULONG RamdiskDelaySetting(VOID)
{
	ULONG delay = RamdiskSetting(RamdiskDelayUs);

	return delay > RAMDISK_MAX_DELAY_US ? RAMDISK_MAX_DELAY_US : delay;
}

/* ------------------------------------------------------------------ */
/* SRBs the miniport holds                                             */
/* ------------------------------------------------------------------ */

static VOID RamdiskHold(PRAMDISK_ADAPTER Adapter, PRAMDISK_SRB_EXTENSION Ext,
			UCHAR Where)
{
	Ext->Held = Where;
	if (++Adapter->Outstanding > Adapter->Stats.MaxOutstanding)
		Adapter->Stats.MaxOutstanding = Adapter->Outstanding;
}

static VOID RamdiskRelease(PRAMDISK_ADAPTER Adapter, PRAMDISK_SRB_EXTENSION Ext)
{
	RamdiskListRemove(&Ext->Link);
	Ext->Held = RAMDISK_HELD_NOWHERE;
	Adapter->Outstanding--;
}

/*
 * Release an SRB that error recovery takes back, counting what that
 * recovers: a dropped SRB, a refused abort, a refused device reset.
 */
static VOID RamdiskTakeBack(PRAMDISK_ADAPTER Adapter, PRAMDISK_SRB_EXTENSION Ext)
{
	if (Ext->Held == RAMDISK_HELD_DROPPED)
		Adapter->Stats.Faults[RAMDISK_FAULT_DROP].Recovered++;
	if (Ext->Refused & RAMDISK_REFUSED_ABORT)
		Adapter->Stats.Faults[RAMDISK_FAULT_ABORT_FAIL].Recovered++;
	if (Ext->Refused & RAMDISK_REFUSED_RESET)
		Adapter->Stats.Faults[RAMDISK_FAULT_RESET_FAIL].Recovered++;
	RamdiskRelease(Adapter, Ext);
	Ext->Late = RAMDISK_LATE_NONE;
}

/* Release everything held, for a reset that completes it all at once. */
static VOID RamdiskTakeBackAll(PRAMDISK_ADAPTER Adapter)
{
	while (!RamdiskListEmpty(&Adapter->DueQueue))
		RamdiskTakeBack(Adapter, RamdiskExtensionOf(Adapter->DueQueue.Next));
	while (!RamdiskListEmpty(&Adapter->Dropped))
		RamdiskTakeBack(Adapter, RamdiskExtensionOf(Adapter->Dropped.Next));
}

/* The extension of an SRB we hold, found by comparing pointers only. */
static PRAMDISK_SRB_EXTENSION RamdiskFindHeld(PRAMDISK_ADAPTER Adapter,
					      PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_LINK heads[2] = { &Adapter->DueQueue, &Adapter->Dropped };
	PRAMDISK_LINK link;
	ULONG i;

	if (!Srb)
		return NULL;
	for (i = 0; i < 2; i++)
		for (link = heads[i]->Next; link != heads[i]; link = link->Next)
			if (RamdiskExtensionOf(link)->Srb == Srb)
				return RamdiskExtensionOf(link);
	return NULL;
}

/* Put an SRB on the due queue; TRUE when it became the head. */
static BOOLEAN RamdiskQueueDue(PRAMDISK_ADAPTER Adapter,
			       PRAMDISK_SRB_EXTENSION Ext, LONGLONG DueTime)
{
	PRAMDISK_LINK position = Adapter->DueQueue.Prev;

	Ext->DueTime = DueTime;
	while (position != &Adapter->DueQueue &&
	       RamdiskExtensionOf(position)->DueTime > DueTime)
		position = position->Prev;
	RamdiskListInsertBefore(position->Next, &Ext->Link);
	RamdiskHold(Adapter, Ext, RAMDISK_HELD_DUE);
	return Adapter->DueQueue.Next == &Ext->Link;
}

/* Arm the one timer for the head of the due queue (replacing any other). */
static VOID RamdiskArmTimer(PRAMDISK_ADAPTER Adapter)
{
	LONGLONG wait;
	ULONG usecs;

	if (RamdiskListEmpty(&Adapter->DueQueue))
		return;
	wait = RamdiskExtensionOf(Adapter->DueQueue.Next)->DueTime - RamdiskNow();
	if (wait > (LONGLONG)RAMDISK_MAX_DELAY_US * RAMDISK_TICKS_PER_US)
		wait = (LONGLONG)RAMDISK_MAX_DELAY_US * RAMDISK_TICKS_PER_US;
	usecs = wait > 0 ? (ULONG)wait / RAMDISK_TICKS_PER_US : 0;
	if (!usecs)
		usecs = 1;	/* 0 would cancel the timer */
	ScsiPortNotification(RequestTimerCall, Adapter, RamdiskHwTimer, usecs);
}

/* ------------------------------------------------------------------ */
/* Fault bookkeeping                                                   */
/* ------------------------------------------------------------------ */

/*
 * Count one event towards fault Kind firing every Every events.  A change
 * of the setting restarts the count.  Returns TRUE while the fault is due;
 * it stays due until RamdiskFaultTaken.
 */
static BOOLEAN RamdiskFaultDue(PRAMDISK_ADAPTER Adapter, ULONG Kind,
			       ULONG Every)
{
	if (Every != Adapter->FaultEvery[Kind]) {
		Adapter->FaultEvery[Kind] = Every;
		Adapter->FaultCount[Kind] = 0;
	}
	if (!Every)
		return FALSE;
	if (Adapter->FaultCount[Kind] < Every)
		Adapter->FaultCount[Kind]++;
	return Adapter->FaultCount[Kind] >= Every;
}

static VOID RamdiskFaultTaken(PRAMDISK_ADAPTER Adapter, ULONG Kind,
			      PSCSI_REQUEST_BLOCK Srb)
{
	Adapter->FaultCount[Kind] = 0;
	Adapter->Stats.Faults[Kind].Injected++;
	ScsiPortLogError(Adapter, Srb, Srb ? Srb->PathId : 0,
			 Srb ? Srb->TargetId : 0, Srb ? Srb->Lun : 0,
			 RAMDISK_LOG_FAULT_BASE + Kind,
			 RAMDISK_LOG_UNIQUE_ID | Kind);
}

/* The fault for this READ/WRITE, or RAMDISK_FAULT_NONE. */
static ULONG RamdiskPickFault(PRAMDISK_ADAPTER Adapter, BOOLEAN ShortEligible)
{
	static const UCHAR order[] = {
		RAMDISK_FAULT_RESET, RAMDISK_FAULT_DROP, RAMDISK_FAULT_BUSY,
		RAMDISK_FAULT_CHECK, RAMDISK_FAULT_BOGUS, RAMDISK_FAULT_SHORT,
		RAMDISK_FAULT_DOUBLE, RAMDISK_FAULT_SKIP_NEXT,
	};
	BOOLEAN due[RAMDISK_FAULT_KINDS] = { FALSE };
	ULONG i;

	due[RAMDISK_FAULT_RESET] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_RESET,
		RamdiskSetting(RamdiskResetEvery));
	due[RAMDISK_FAULT_DROP] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_DROP,
		RamdiskSetting(RamdiskDropEvery));
	due[RAMDISK_FAULT_BUSY] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_BUSY,
		RamdiskSetting(RamdiskBusyEvery));
	due[RAMDISK_FAULT_CHECK] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_CHECK,
		RamdiskSetting(RamdiskCheckEvery));
	due[RAMDISK_FAULT_BOGUS] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_BOGUS,
		RamdiskSetting(RamdiskBogusEvery));
	due[RAMDISK_FAULT_SHORT] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_SHORT,
		RamdiskSetting(RamdiskShortEvery)) && ShortEligible;
	due[RAMDISK_FAULT_DOUBLE] = RamdiskFaultDue(Adapter, RAMDISK_FAULT_DOUBLE,
		RamdiskSetting(RamdiskDoubleEvery));
	due[RAMDISK_FAULT_SKIP_NEXT] = RamdiskFaultDue(Adapter,
		RAMDISK_FAULT_SKIP_NEXT, RamdiskSetting(RamdiskSkipNextEvery));

	for (i = 0; i < sizeof(order); i++)
		if (due[order[i]])
			return order[i];
	return RAMDISK_FAULT_NONE;
}

/* Remember a faulted READ/WRITE so that its retry can be recognised. */
static VOID RamdiskRememberFault(PRAMDISK_ADAPTER Adapter, ULONG Kind,
				 PSCSI_REQUEST_BLOCK Srb, ULONGLONG Lba,
				 ULONG Blocks, BOOLEAN Write)
{
	PRAMDISK_RETRY_SLOT slot = &Adapter->Retry[Adapter->RetryNext];

	Adapter->RetryNext = (Adapter->RetryNext + 1) % RAMDISK_RETRY_SLOTS;
	if (!slot->InUse)
		Adapter->RetryUsed++;
	slot->InUse = TRUE;
	slot->Kind = (UCHAR)Kind;
	slot->TargetId = Srb->TargetId;
	slot->Write = Write;
	slot->Lba = Lba;
	slot->Blocks = Blocks;
}

/* A READ/WRITE completed successfully: the retry of a faulted one? */
static VOID RamdiskNoteSuccess(PRAMDISK_ADAPTER Adapter,
			       PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_RETRY_SLOT slot;
	ULONGLONG lba;
	ULONG blocks, i;
	BOOLEAN write;

	if (!Adapter->RetryUsed ||
	    !RamdiskDecodeReadWrite(Srb, &lba, &blocks, &write))
		return;
	for (i = 0; i < RAMDISK_RETRY_SLOTS; i++) {
		slot = &Adapter->Retry[i];
		if (slot->InUse && slot->TargetId == Srb->TargetId &&
		    slot->Write == write && slot->Lba == lba &&
		    slot->Blocks == blocks) {
			Adapter->Stats.Faults[slot->Kind].Recovered++;
			slot->InUse = FALSE;
			Adapter->RetryUsed--;
			return;
		}
	}
}

/* A routine runs after a pair that ended without CallDisableInterrupts. */
static VOID RamdiskNoteResumed(PRAMDISK_ADAPTER Adapter)
{
	if (Adapter->ForgotDisable) {
		Adapter->ForgotDisable = FALSE;
		Adapter->Stats.Faults[RAMDISK_FAULT_FORGET_DISABLE].Recovered++;
	}
}

/* ------------------------------------------------------------------ */
/* Completion                                                          */
/* ------------------------------------------------------------------ */

/* Hand an SRB (no longer held) back to the port driver. */
static VOID RamdiskDeliver(PRAMDISK_ADAPTER Adapter, PRAMDISK_SRB_EXTENSION Ext)
{
	PSCSI_REQUEST_BLOCK srb = Ext->Srb;

	if (srb->SrbStatus == SRB_STATUS_SUCCESS && Ext->Late == RAMDISK_LATE_NONE)
		RamdiskNoteSuccess(Adapter, srb);
	if (Ext->Late == RAMDISK_LATE_BOGUS)
		srb->SrbStatus = RAMDISK_BOGUS_SRB_STATUS;
	ScsiPortNotification(RequestComplete, Adapter, srb);
	/* The port driver must refuse this one: the SRB is no longer ours. */
	if (Ext->Late == RAMDISK_LATE_DOUBLE)
		ScsiPortNotification(RequestComplete, Adapter, srb);
}

/* Complete the due SRBs; ForceHead: the head is due whatever the clock says. */
static VOID RamdiskCompleteDue(PRAMDISK_ADAPTER Adapter, BOOLEAN ForceHead)
{
	LONGLONG limit = RamdiskNow() + RAMDISK_DUE_SLACK_TICKS;
	PRAMDISK_SRB_EXTENSION ext;

	while (!RamdiskListEmpty(&Adapter->DueQueue)) {
		ext = RamdiskExtensionOf(Adapter->DueQueue.Next);
		if (!ForceHead && ext->DueTime > limit)
			break;
		ForceHead = FALSE;
		RamdiskRelease(Adapter, ext);
		RamdiskDeliver(Adapter, ext);
	}
}

static VOID RamdiskRequestPair(PRAMDISK_ADAPTER Adapter)
{
	if (Adapter->PairRequested)
		return;
	Adapter->PairRequested = TRUE;
	ScsiPortNotification(CallEnableInterrupts, Adapter,
			     RamdiskEnableInterruptsCallback);
}

/* A command has its final status: complete it now or when it is due. */
static VOID RamdiskFinish(PRAMDISK_ADAPTER Adapter, PRAMDISK_SRB_EXTENSION Ext)
{
	ULONG delay = RamdiskDelaySetting();
	BOOLEAN pair = RamdiskSetting(RamdiskUsePair) != 0;
	BOOLEAN head;

	if (!delay && !pair) {
		RamdiskDeliver(Adapter, Ext);
		return;
	}
	head = RamdiskQueueDue(Adapter, Ext, RamdiskNow() +
			       (LONGLONG)delay * RAMDISK_TICKS_PER_US);
	if (pair && !delay)
		RamdiskRequestPair(Adapter);
	else if (head)
		RamdiskArmTimer(Adapter);
}

/* Let the port driver send the next request (after this one was taken). */
static VOID RamdiskNext(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI &&
	    (Srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE))
		ScsiPortNotification(NextLuRequest, Adapter, Srb->PathId,
				     Srb->TargetId, Srb->Lun);
	else
		ScsiPortNotification(NextRequest, Adapter);
}

/* Complete a request that the miniport never holds (errors, control). */
static VOID RamdiskCompleteNow(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	ScsiPortNotification(RequestComplete, Adapter, Srb);
	ScsiPortNotification(NextRequest, Adapter);
}

/* ------------------------------------------------------------------ */
/* Error recovery                                                      */
/* ------------------------------------------------------------------ */

static VOID RamdiskCancelTimer(PRAMDISK_ADAPTER Adapter)
{
	ScsiPortNotification(RequestTimerCall, Adapter, RamdiskHwTimer, 0);
	Adapter->ForceHead = FALSE;
}

/* SRB_FUNCTION_ABORT_COMMAND: Srb->NextSrb names the SRB to abort. */
static VOID RamdiskAbortCommand(PRAMDISK_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_SRB_EXTENSION victim = RamdiskFindHeld(Adapter, Srb->NextSrb);

	Adapter->Stats.Aborts++;
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
	if (!victim) {
		/* Completed already, or never ours: nothing left to abort. */
		return;
	}
	Adapter->Stats.AbortsFound++;
	if (RamdiskSetting(RamdiskAbortFails) >= 1) {
		victim->Refused |= RAMDISK_REFUSED_ABORT;
		RamdiskFaultTaken(Adapter, RAMDISK_FAULT_ABORT_FAIL, victim->Srb);
		Srb->SrbStatus = SRB_STATUS_ABORT_FAILED;
		return;
	}
	RamdiskTakeBack(Adapter, victim);
	victim->Srb->SrbStatus = SRB_STATUS_ABORTED;
	victim->Srb->ScsiStatus = SCSISTAT_GOOD;
	ScsiPortNotification(RequestComplete, Adapter, victim->Srb);
	RamdiskArmTimer(Adapter);
}

/* SRB_FUNCTION_RESET_DEVICE: everything of that logical unit ends. */
static VOID RamdiskResetDevice(PRAMDISK_ADAPTER Adapter,
			       PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_LINK heads[2] = { &Adapter->DueQueue, &Adapter->Dropped };
	PRAMDISK_SRB_EXTENSION ext;
	PRAMDISK_LINK link, next;
	PSCSI_REQUEST_BLOCK victim;
	BOOLEAN refuse = RamdiskSetting(RamdiskAbortFails) >= 2;
	ULONG i;

	Adapter->Stats.DeviceResets++;
	for (i = 0; i < 2; i++) {
		for (link = heads[i]->Next; link != heads[i]; link = next) {
			next = link->Next;
			ext = RamdiskExtensionOf(link);
			victim = ext->Srb;
			if (victim->PathId != Srb->PathId ||
			    victim->TargetId != Srb->TargetId ||
			    victim->Lun != Srb->Lun)
				continue;
			if (refuse) {
				ext->Refused |= RAMDISK_REFUSED_RESET;
				continue;
			}
			RamdiskTakeBack(Adapter, ext);
			victim->SrbStatus = SRB_STATUS_BUS_RESET;
			victim->ScsiStatus = SCSISTAT_GOOD;
			ScsiPortNotification(RequestComplete, Adapter, victim);
		}
	}
	if (refuse) {
		RamdiskFaultTaken(Adapter, RAMDISK_FAULT_RESET_FAIL, Srb);
		Srb->SrbStatus = SRB_STATUS_ERROR;
		return;
	}
	Adapter->Disk[Srb->TargetId].PendingSense.Valid = FALSE;
	RamdiskArmTimer(Adapter);
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

/*
 * Everything on the bus ends with SRB_STATUS_BUS_RESET: HwResetBus, the
 * reset fault and ScsiStopAdapter.  Detected: tell the port driver that the
 * reset happened on its own (ResetDetected).
 */
static VOID RamdiskResetAll(PRAMDISK_ADAPTER Adapter, UCHAR PathId,
			    BOOLEAN Detected)
{
	ULONG i;

	RamdiskTakeBackAll(Adapter);
	RamdiskCancelTimer(Adapter);
	Adapter->PairRequested = FALSE;
	for (i = 0; i < Adapter->Disks; i++)
		Adapter->Disk[i].PendingSense.Valid = FALSE;
	if (Detected)
		ScsiPortNotification(ResetDetected, Adapter);
	ScsiPortCompleteRequest(Adapter, PathId, SP_UNTAGGED, SP_UNTAGGED,
				SRB_STATUS_BUS_RESET);
}

/* ------------------------------------------------------------------ */
/* IOCTL_SCSI_MINIPORT                                                 */
/* ------------------------------------------------------------------ */

static BOOLEAN RamdiskSignatureMatches(const UCHAR *Signature)
{
	static const CHAR expected[] = RAMDISK_IOCTL_SIGNATURE;
	ULONG i;

	for (i = 0; i < sizeof(expected) - 1; i++)
		if (Signature[i] != (UCHAR)expected[i])
			return FALSE;
	return TRUE;
}

static VOID RamdiskResetStats(PRAMDISK_ADAPTER Adapter)
{
	ULONG i;

	RamdiskZeroMemory(&Adapter->Stats, sizeof(Adapter->Stats));
	for (i = 0; i < RAMDISK_FAULT_KINDS; i++)
		Adapter->FaultCount[i] = 0;
	for (i = 0; i < RAMDISK_RETRY_SLOTS; i++)
		Adapter->Retry[i].InUse = FALSE;
	Adapter->RetryUsed = 0;
	Adapter->RetryNext = 0;
	Adapter->Stats.MaxOutstanding = Adapter->Outstanding;
}

/*
 * SRB_FUNCTION_IO_CONTROL.  Every length in the header is checked against
 * DataTransferLength before anything is read or written beyond it.
 */
static VOID RamdiskIoControl(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	PSRB_IO_CONTROL header = Srb->DataBuffer;
	PRAMDISK_STATS stats;
	ULONG room;

	Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
	if (!header || Srb->DataTransferLength < sizeof(SRB_IO_CONTROL))
		return;
	if (!RamdiskSignatureMatches(header->Signature))
		return;		/* not ours: leave it alone */
	if (header->HeaderLength < sizeof(SRB_IO_CONTROL) ||
	    header->HeaderLength > Srb->DataTransferLength) {
		header->ReturnCode = RAMDISK_RC_BAD_LENGTH;
		return;
	}
	room = Srb->DataTransferLength - header->HeaderLength;
	if (header->Length > room) {
		header->ReturnCode = RAMDISK_RC_BAD_LENGTH;
		return;
	}

	switch (header->ControlCode) {
	case RAMDISK_IOCTL_GET_STATS:
		if (header->Length < sizeof(RAMDISK_STATS)) {
			header->ReturnCode = RAMDISK_RC_BAD_LENGTH;
			return;
		}
		Adapter->Stats.Version = RAMDISK_STATS_VERSION;
		Adapter->Stats.Size = sizeof(RAMDISK_STATS);
		Adapter->Stats.Disks = Adapter->Disks;
		Adapter->Stats.BlockSize = RAMDISK_BLOCK_SIZE;
		Adapter->Stats.BlocksPerDisk = Adapter->BlocksPerDisk;
		Adapter->Stats.Outstanding = Adapter->Outstanding;
		Adapter->Stats.FaultKinds = RAMDISK_FAULT_KINDS;
		Adapter->Stats.Faults[RAMDISK_FAULT_DOUBLE].Recovered =
			RAMDISK_NOT_OBSERVABLE;
		stats = (PRAMDISK_STATS)((PUCHAR)header + header->HeaderLength);
		ScsiPortMoveMemory(stats, &Adapter->Stats, sizeof(*stats));
		break;
	case RAMDISK_IOCTL_RESET_STATS:
		RamdiskResetStats(Adapter);
		break;
	default:
		header->ReturnCode = RAMDISK_RC_BAD_CODE;
		return;
	}
	header->ReturnCode = RAMDISK_RC_SUCCESS;
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* HwStartIo                                                           */
/* ------------------------------------------------------------------ */

static VOID RamdiskStartScsi(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_SRB_EXTENSION ext = Srb->SrbExtension;
	ULONG fault = RAMDISK_FAULT_NONE;
	BOOLEAN readWrite, write = FALSE, next = TRUE;
	ULONGLONG lba = 0;
	ULONG blocks = 0, half;

	Adapter->Stats.Commands++;
	if (Srb->PathId != 0 || Srb->TargetId >= Adapter->Disks) {
		Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
		RamdiskCompleteNow(Adapter, Srb);
		return;
	}
	if (Srb->Lun != 0) {
		Srb->SrbStatus = SRB_STATUS_INVALID_LUN;
		RamdiskCompleteNow(Adapter, Srb);
		return;
	}

	RamdiskListInit(&ext->Link);
	ext->Srb = Srb;
	ext->Held = RAMDISK_HELD_NOWHERE;
	ext->Late = RAMDISK_LATE_NONE;
	ext->Refused = 0;

	readWrite = RamdiskDecodeReadWrite(Srb, &lba, &blocks, &write);
	if (readWrite) {
		Adapter->Stats.ReadWriteCommands++;
		fault = RamdiskPickFault(Adapter, !write && blocks >= 2);
		if (fault != RAMDISK_FAULT_NONE)
			RamdiskFaultTaken(Adapter, fault, Srb);
	}

	switch (fault) {
	case RAMDISK_FAULT_RESET:
		RamdiskRememberFault(Adapter, fault, Srb, lba, blocks, write);
		RamdiskResetAll(Adapter, Srb->PathId, TRUE);
		ScsiPortNotification(NextRequest, Adapter);
		return;
	case RAMDISK_FAULT_DROP:
		RamdiskListInsertBefore(&Adapter->Dropped, &ext->Link);
		RamdiskHold(Adapter, ext, RAMDISK_HELD_DROPPED);
		RamdiskNext(Adapter, Srb);
		return;
	case RAMDISK_FAULT_BUSY:
		Srb->SrbStatus = SRB_STATUS_BUSY;
		RamdiskRememberFault(Adapter, fault, Srb, lba, blocks, write);
		break;
	case RAMDISK_FAULT_CHECK:
		RamdiskSetCheckCondition(Adapter, Srb,
			(UCHAR)RamdiskSetting(RamdiskCheckKey),
			(UCHAR)RamdiskSetting(RamdiskCheckAsc),
			(UCHAR)RamdiskSetting(RamdiskCheckAscq));
		RamdiskRememberFault(Adapter, fault, Srb, lba, blocks, write);
		break;
	case RAMDISK_FAULT_BOGUS:
		Srb->SrbStatus = SRB_STATUS_SUCCESS;	/* replaced at completion */
		ext->Late = RAMDISK_LATE_BOGUS;
		RamdiskRememberFault(Adapter, fault, Srb, lba, blocks, write);
		break;
	case RAMDISK_FAULT_SHORT:
		RamdiskExecuteScsi(Adapter, Srb, TRUE);
		half = blocks / 2;
		if (SRB_STATUS(Srb->SrbStatus) == SRB_STATUS_DATA_OVERRUN)
			RamdiskRememberFault(Adapter, fault, Srb, lba + half,
					     blocks - half, write);
		break;
	case RAMDISK_FAULT_DOUBLE:
		RamdiskExecuteScsi(Adapter, Srb, FALSE);
		ext->Late = RAMDISK_LATE_DOUBLE;
		break;
	case RAMDISK_FAULT_SKIP_NEXT:
		RamdiskExecuteScsi(Adapter, Srb, FALSE);
		Adapter->SkipPending = TRUE;
		next = FALSE;
		break;
	default:
		RamdiskExecuteScsi(Adapter, Srb, FALSE);
		break;
	}
	RamdiskFinish(Adapter, ext);
	if (next)
		RamdiskNext(Adapter, Srb);
}

static BOOLEAN RamdiskHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;

	RamdiskNoteResumed(adapter);
	if (adapter->Stopped) {
		Srb->SrbStatus = SRB_STATUS_NO_HBA;
		RamdiskCompleteNow(adapter, Srb);
		return TRUE;
	}

	switch (Srb->Function) {
	case SRB_FUNCTION_EXECUTE_SCSI:
		RamdiskStartScsi(adapter, Srb);
		return TRUE;
	case SRB_FUNCTION_ABORT_COMMAND:
		RamdiskAbortCommand(adapter, Srb);
		break;
	case SRB_FUNCTION_RESET_DEVICE:
	case SRB_FUNCTION_RESET_LOGICAL_UNIT:
		if (Srb->PathId != 0 || Srb->TargetId >= adapter->Disks) {
			Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
			break;
		}
		RamdiskResetDevice(adapter, Srb);
		break;
	case SRB_FUNCTION_RESET_BUS:
		adapter->Stats.BusResets++;
		RamdiskResetAll(adapter, Srb->PathId, FALSE);
		/* That completed every SRB we held, this one included. */
		ScsiPortNotification(NextRequest, adapter);
		return TRUE;
	case SRB_FUNCTION_IO_CONTROL:
		RamdiskIoControl(adapter, Srb);
		break;
	case SRB_FUNCTION_SHUTDOWN:
	case SRB_FUNCTION_FLUSH:
		Srb->SrbStatus = SRB_STATUS_SUCCESS;
		break;
	default:
		Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
		break;
	}
	RamdiskCompleteNow(adapter, Srb);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* Timer and interrupt callback pair                                   */
/* ------------------------------------------------------------------ */

static VOID RamdiskHwTimer(PVOID DeviceExtension)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;

	adapter->Stats.TimerCalls++;
	RamdiskNoteResumed(adapter);
	if (RamdiskListEmpty(&adapter->DueQueue))
		return;
	if (RamdiskSetting(RamdiskUsePair)) {
		adapter->ForceHead = TRUE;
		RamdiskRequestPair(adapter);
		return;
	}
	RamdiskCompleteDue(adapter, TRUE);
	RamdiskArmTimer(adapter);
}

/* Runs under the port lock after the enable callback asked for it. */
static BOOLEAN RamdiskDisableInterruptsCallback(PVOID DeviceExtension)
{
	/* A software adapter has no interrupt to enable again. */
	UNREFERENCED_PARAMETER(DeviceExtension);
	return TRUE;
}

/*
 * Runs without the port lock; the port driver runs no other routine of
 * ours meanwhile, so the adapter state is ours alone.
 */
static BOOLEAN RamdiskEnableInterruptsCallback(PVOID DeviceExtension)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;

	adapter->Stats.Callbacks++;
	RamdiskNoteResumed(adapter);
	RamdiskCompleteDue(adapter, adapter->ForceHead);
	adapter->ForceHead = FALSE;
	RamdiskArmTimer(adapter);
	adapter->PairRequested = FALSE;

	if (RamdiskFaultDue(adapter, RAMDISK_FAULT_FORGET_DISABLE,
			    RamdiskSetting(RamdiskForgetDisableEvery))) {
		RamdiskFaultTaken(adapter, RAMDISK_FAULT_FORGET_DISABLE, NULL);
		adapter->ForgotDisable = TRUE;
		return TRUE;
	}
	ScsiPortNotification(CallDisableInterrupts, adapter,
			     RamdiskDisableInterruptsCallback);
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* HwResetBus, HwAdapterControl, HwInitialize, HwFindAdapter           */
/* ------------------------------------------------------------------ */

static BOOLEAN RamdiskHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;

	adapter->Stats.BusResets++;
	RamdiskNoteResumed(adapter);
	if (adapter->SkipPending) {
		adapter->SkipPending = FALSE;
		adapter->Stats.Faults[RAMDISK_FAULT_SKIP_NEXT].Recovered++;
	}
	RamdiskResetAll(adapter, (UCHAR)PathId, FALSE);
	ScsiPortNotification(NextRequest, adapter);
	return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS RamdiskHwAdapterControl(
	PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
	PVOID Parameters)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;
	PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
	ULONG i;

	RamdiskNoteResumed(adapter);
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
		/* Nothing is held normally; whatever is, ends here. */
		if (adapter->Outstanding)
			RamdiskResetAll(adapter, 0, FALSE);
		else
			RamdiskCancelTimer(adapter);
		adapter->Stopped = TRUE;
		return ScsiAdapterControlSuccess;

	case ScsiRestartAdapter:
		adapter->Stopped = FALSE;
		adapter->SkipPending = FALSE;
		return ScsiAdapterControlSuccess;

	default:
		return ScsiAdapterControlUnsuccessful;
	}
}

static BOOLEAN RamdiskHwInitialize(PVOID DeviceExtension)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;

	adapter->Stopped = FALSE;
	return TRUE;
}

static ULONG RamdiskHwFindAdapter(PVOID DeviceExtension, PVOID HwContext,
				  PVOID BusInformation, PCHAR ArgumentString,
				  PPORT_CONFIGURATION_INFORMATION ConfigInfo,
				  PBOOLEAN Again)
{
	PRAMDISK_ADAPTER adapter = DeviceExtension;
	PRAMDISK_CONFIG config = HwContext;
	ULONG i;

	UNREFERENCED_PARAMETER(BusInformation);
	UNREFERENCED_PARAMETER(ArgumentString);
	*Again = FALSE;
	if (!config || !config->Disks || config->Disks > RAMDISK_MAX_DISKS)
		return SP_RETURN_BAD_CONFIG;

	adapter->Disks = config->Disks;
	adapter->BlocksPerDisk = config->BlocksPerDisk;
	for (i = 0; i < adapter->Disks; i++) {
		adapter->Disk[i].Blocks = config->BlocksPerDisk;
		adapter->Disk[i].Data = adapter->Store +
			((ULONG_PTR)i * (ULONG_PTR)config->BlocksPerDisk <<
			 RAMDISK_BLOCK_SHIFT);
	}
	RamdiskListInit(&adapter->DueQueue);
	RamdiskListInit(&adapter->Dropped);

	/* A software adapter: no interrupt, no DMA, no access ranges. */
	ConfigInfo->NumberOfBuses = 1;
	ConfigInfo->MaximumNumberOfTargets = RAMDISK_MAX_DISKS;
	ConfigInfo->MaximumNumberOfLogicalUnits = SCSI_MAXIMUM_LOGICAL_UNITS;
	ConfigInfo->MaximumTransferLength = RAMDISK_MAX_TRANSFER;
	ConfigInfo->NumberOfPhysicalBreaks = RAMDISK_MAX_TRANSFER / 4096;
	ConfigInfo->ScatterGather = TRUE;
	ConfigInfo->Master = FALSE;
	ConfigInfo->CachesData = FALSE;
	ConfigInfo->AlignmentMask = 0;
	ConfigInfo->TaggedQueuing = TRUE;
	ConfigInfo->MultipleRequestPerLu = TRUE;
	ConfigInfo->AutoRequestSense = TRUE;
	ConfigInfo->MapBuffers = TRUE;
	return SP_RETURN_FOUND;
}

/* ------------------------------------------------------------------ */
/* DriverEntry                                                         */
/* ------------------------------------------------------------------ */

static VOID RamdiskFillHwInitData(PHW_INITIALIZATION_DATA HwInitData,
				  ULONG ExtensionSize)
{
	RamdiskZeroMemory(HwInitData, sizeof(*HwInitData));
	HwInitData->HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
	HwInitData->AdapterInterfaceType = Internal;

	HwInitData->HwInitialize = RamdiskHwInitialize;
	HwInitData->HwStartIo = RamdiskHwStartIo;
	HwInitData->HwInterrupt = NULL;		/* no interrupt line */
	HwInitData->HwFindAdapter = RamdiskHwFindAdapter;
	HwInitData->HwResetBus = RamdiskHwResetBus;
	HwInitData->HwAdapterControl = RamdiskHwAdapterControl;

	HwInitData->DeviceExtensionSize = ExtensionSize;
	HwInitData->SpecificLuExtensionSize = 0;
	HwInitData->SrbExtensionSize = sizeof(RAMDISK_SRB_EXTENSION);
	HwInitData->NumberOfAccessRanges = 0;

	HwInitData->MapBuffers = TRUE;
	HwInitData->NeedPhysicalAddresses = FALSE;
	HwInitData->TaggedQueuing = TRUE;
	HwInitData->AutoRequestSense = TRUE;
	HwInitData->MultipleRequestPerLu = TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2)
{
	HW_INITIALIZATION_DATA hwInitData;
	ULONG disks = RamdiskSetting(RamdiskDisks);
	ULONG sizeMb = RamdiskSetting(RamdiskSizeMb);
	ULONG storeMb;

	if (disks < 1 || disks > RAMDISK_MAX_DISKS) {
		ScsiDebugPrint(0, "ramdisk: disks=%lu is out of range 1-%lu\n",
			       disks, (ULONG)RAMDISK_MAX_DISKS);
		return STATUS_INVALID_PARAMETER;
	}
	if (sizeMb < 1 || sizeMb > RAMDISK_MAX_STORE_MB / disks) {
		ScsiDebugPrint(0, "ramdisk: size_mb=%lu is out of range 1-%lu for %lu disks (%lu MiB at most in all)\n",
			       sizeMb, (ULONG)(RAMDISK_MAX_STORE_MB / disks),
			       disks, (ULONG)RAMDISK_MAX_STORE_MB);
		return STATUS_INVALID_PARAMETER;
	}
	storeMb = disks * sizeMb;

	RamdiskConfig.Disks = disks;
	RamdiskConfig.BlocksPerDisk = (ULONGLONG)sizeMb * RAMDISK_BLOCKS_PER_MB;
	RamdiskFillHwInitData(&hwInitData,
			      sizeof(RAMDISK_ADAPTER) + storeMb * 1024 * 1024);
	return ScsiPortInitialize(DriverObject, Argument2, &hwInitData,
				  &RamdiskConfig);
}
