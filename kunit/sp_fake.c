// SPDX-License-Identifier: GPL-2.0
/*
 * The fake miniport of the KUnit suites (see sp_fake.h).  Its entry points
 * are written against the ScsiPort API exactly as a miniport's would be; the
 * Linux side (irq_sim line, passthrough requests, observations) is test
 * scaffolding around it.
 */
#include <kunit/test.h>
#include <linux/blk-mq.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_proto.h>

#include "sp_fake.h"
#include "scsi.h"

struct fk_state *fk;
static struct sp_driver_object fk_obj;
static atomic_t fk_order;

/* Whether this context holds the port lock (lockdep tracks it on our kernel). */
static bool fk_lock_held(void)
{
	return lockdep_is_held(&fk->sp->lock);
}

static void fk_record(u8 ev)
{
	unsigned long flags;

	spin_lock_irqsave(&fk->ev_lock, flags);
	if (fk->nevents < FK_MAX_EVENTS)
		fk->events[fk->nevents++] = ev;
	spin_unlock_irqrestore(&fk->ev_lock, flags);
	wake_up_all(&fk->wq);
}

unsigned int fk_nevents(struct fk_state *st)
{
	return READ_ONCE(st->nevents);
}

u8 fk_event(struct fk_state *st, unsigned int i)
{
	return i < st->nevents ? st->events[i] : 0;
}

int fk_find_event(struct fk_state *st, u8 ev, unsigned int from)
{
	unsigned int i;

	for (i = from; i < READ_ONCE(st->nevents); i++)
		if (st->events[i] == ev)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* The miniport                                                        */
/* ------------------------------------------------------------------ */

static void FkComplete(PVOID Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR Status)
{
	Srb->SrbStatus = Status;
	fk_record(FK_EV_COMPLETE);
	ScsiPortNotification(RequestComplete, Ext, Srb);
}

/* Take @Srb off the held list; false if it was not held. */
static bool FkUnhold(PSCSI_REQUEST_BLOCK Srb)
{
	unsigned int i;

	for (i = 0; i < fk->nheld; i++) {
		if (fk->held[i] != Srb)
			continue;
		memmove(&fk->held[i], &fk->held[i + 1],
			(fk->nheld - i - 1) * sizeof(fk->held[0]));
		fk->nheld--;
		return true;
	}
	return false;
}

/* SRB_FUNCTION_ABORT_COMMAND and SRB_FUNCTION_RESET_DEVICE, as scripted. */
static void FkTaskManagement(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	unsigned int i;

	Srb->SrbStatus = SRB_STATUS_SUCCESS;
	if (Srb->Function == SRB_FUNCTION_ABORT_COMMAND) {
		atomic_inc(&fk->aborts_seen);
		if (fk->abort_mode == FK_ABORT_COMPLETE && Srb->NextSrb &&
		    FkUnhold(Srb->NextSrb))
			FkComplete(Ext, Srb->NextSrb, SRB_STATUS_ABORTED);
		return;
	}
	atomic_inc(&fk->device_resets_seen);
	if (fk->reset_mode == FK_RESET_FAIL) {
		Srb->SrbStatus = SRB_STATUS_ERROR;
		return;
	}
	if (fk->reset_mode != FK_RESET_COMPLETE)
		return;
	for (i = 0; i < fk->nheld;) {
		PSCSI_REQUEST_BLOCK Held = fk->held[i];

		if (Held->Lun != Srb->Lun) {
			i++;
			continue;
		}
		FkUnhold(Held);
		FkComplete(Ext, Held, SRB_STATUS_BUS_RESET);
	}
}

static void FkNext(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	if (fk->next == FK_NEXT_ADAPTER)
		ScsiPortNotification(NextRequest, Ext);
	else if (fk->next == FK_NEXT_LU)
		ScsiPortNotification(NextLuRequest, Ext, Srb->PathId,
				     Srb->TargetId, Srb->Lun);
}

static VOID FkTimer(PVOID Ext)
{
	fk->timer_lock_held = fk_lock_held();
	fk->timer_at = ktime_get();
	fk_record(FK_EV_TIMER);
	atomic_inc(&fk->timers);
	if (fk->timer_rearm) {
		fk->timer_rearm--;
		ScsiPortNotification(RequestTimerCall, Ext, FkTimer, 1000);
	}
}

static void FkInquiry(PSCSI_REQUEST_BLOCK Srb)
{
	PINQUIRYDATA inq = Srb->DataBuffer;
	ULONG len = min_t(ULONG, Srb->DataTransferLength, sizeof(*inq));

	if (Srb->Cdb[1] & 1) {		/* no VPD pages */
		Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
		Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
		return;
	}
	memset(Srb->DataBuffer, 0, Srb->DataTransferLength);
	if (len >= 8) {
		inq->DeviceType = PROCESSOR_DEVICE;	/* no sd: tests own the LU */
		inq->Versions = 5;
		inq->ResponseDataFormat = 2;
		inq->AdditionalLength = len - 5;
		inq->CommandQueue = fk->tagged;
	}
	if (len >= 36) {
		memcpy(inq->VendorId, "SPFAKE  ", 8);
		memcpy(inq->ProductId, "KUnit fake LU   ", 16);
		memcpy(inq->ProductRevisionLevel, "0001", 4);
	}
	Srb->DataTransferLength = len;
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

static void FkReadWrite(PSCSI_REQUEST_BLOCK Srb)
{
	PCDB Cdb = (PCDB)Srb->Cdb;
	ULONG Lba = (ULONG)Cdb->CDB10.LogicalBlockByte0 << 24 |
		    (ULONG)Cdb->CDB10.LogicalBlockByte1 << 16 |
		    (ULONG)Cdb->CDB10.LogicalBlockByte2 << 8 |
		    Cdb->CDB10.LogicalBlockByte3;
	ULONG Bytes = Srb->DataTransferLength;
	u8 *Disk = fk->lu_data[Srb->Lun];

	if ((u64)Lba * 512 + Bytes > sizeof(fk->lu_data[0])) {
		Srb->SrbStatus = SRB_STATUS_ERROR;
		Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
		return;
	}
	if (Srb->Cdb[0] == SCSIOP_WRITE)
		memcpy(Disk + Lba * 512, Srb->DataBuffer, Bytes);
	else
		memcpy(Srb->DataBuffer, Disk + Lba * 512, Bytes);
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

/* Where a miniport that moves its buffer pointers points them: junk. */
static u8 FkElsewhere[2 * SCSI_SENSE_BUFFERSIZE];

static void FkMoveBuffer(PVOID *Field)
{
	memset(FkElsewhere, 0xee, sizeof(FkElsewhere));
	*Field = FkElsewhere;
}

static void FkRequestSense(PSCSI_REQUEST_BLOCK Srb)
{
	PSENSE_DATA Sense = Srb->DataBuffer;

	fk->last_reqsense = Srb;
	atomic_inc(&fk->reqsense);
	fk_record(FK_EV_REQSENSE);
	memset(Srb->DataBuffer, 0, Srb->DataTransferLength);
	Sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
	Sense->SenseKey = SCSI_SENSE_ILLEGAL_REQUEST;
	Sense->AdditionalSenseLength = 10;
	Sense->AdditionalSenseCode = SCSI_ADSENSE_INVALID_CDB;
	Srb->DataTransferLength = sizeof(*Sense);
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
	if (fk->move_buffers)
		FkMoveBuffer(&Srb->DataBuffer);
}

static void FkCheckCondition(PSCSI_REQUEST_BLOCK Srb)
{
	PSENSE_DATA Sense = Srb->SenseInfoBuffer;

	Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
	Srb->SrbStatus = SRB_STATUS_ERROR;
	if (fk->autosense && Sense &&
	    !(Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) &&
	    Srb->SenseInfoBufferLength >= sizeof(*Sense)) {
		memset(Sense, 0, sizeof(*Sense));
		Sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
		Sense->SenseKey = SCSI_SENSE_MEDIUM_ERROR;
		Sense->AdditionalSenseLength = 10;
		Sense->AdditionalSenseCode = 0x11;	/* unrecovered read error */
		Srb->SenseInfoBufferLength = sizeof(*Sense);
		Srb->SrbStatus |= SRB_STATUS_AUTOSENSE_VALID;
		if (fk->move_buffers)
			FkMoveBuffer(&Srb->SenseInfoBuffer);
	}
}

static void FkPhysChecks(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	struct sp_cmd *c = fk->sp->slots[(uintptr_t)Srb->OriginalRequest & 0xffff];
	SCSI_PHYSICAL_ADDRESS pa;
	ULONG len = 0;
	ULONG off = Srb->DataTransferLength / 2 + 3;
	int local;

	pa = ScsiPortGetPhysicalAddress(Ext, Srb, (PUCHAR)Srb->DataBuffer + off,
					&len);
	fk->phys_data = pa.QuadPart;
	fk->phys_data_len = len;
	if (c->flags & SP_CMDF_BOUNCE_MAPPED) {
		fk->phys_expect = c->bounce_dma + off;
		fk->phys_expect_len = c->xfer_len - off;
	} else {
		fk->phys_expect = sg_dma_address(c->sgl) + off;
		fk->phys_expect_len = sg_dma_len(c->sgl) - off;
	}

	pa = ScsiPortGetPhysicalAddress(Ext, NULL, (PUCHAR)fk->sp->uncached + 100,
					&len);
	fk->phys_unc = pa.QuadPart;
	fk->phys_unc_len = len;
	fk->virt_back = ScsiPortGetVirtualAddress(Ext, pa);

	pa = ScsiPortGetPhysicalAddress(Ext, NULL, Srb->SrbExtension, &len);
	fk->phys_srbext = pa.QuadPart;
	fk->phys_srbext_len = len;

	pa = ScsiPortGetPhysicalAddress(Ext, NULL, &local, &len);
	fk->phys_bad = pa.QuadPart;
	fk->phys_bad_len = len;
}

static BOOLEAN FkEnableCallback(PVOID Ext);

/* Vendor CDB actions, run in HwStartIo.  Returns FALSE if the SRB is kept. */
static BOOLEAN FkAction(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	static SCSI_REQUEST_BLOCK Foreign;
	SCSI_PHYSICAL_ADDRESS Pa;
	struct fk_lu_ext *LuExt;
	ULONG i;

	Srb->SrbStatus = SRB_STATUS_SUCCESS;
	switch (Srb->Cdb[1]) {
	case FK_ACT_TIMER:
		fk->timer_rearm = Srb->Cdb[3];
		ScsiPortNotification(RequestTimerCall, Ext, FkTimer,
				     (ULONG)Srb->Cdb[2] * 1000);
		break;
	case FK_ACT_STALL:
		/*
		 * HwStartIo holds the port lock: keep it, as a slow kick
		 * would, until a request has been handed over (2 s at most).
		 * The next submission is started from here and the stall
		 * ends on its own, so no step waits for a thread the
		 * scheduler may have put behind this CPU (the test thread)
		 * or that spins on this lock (the IRQ thread).
		 */
		if (fk->stall_then)
			queue_work_on(fk->stall_then_cpu, system_highpri_wq,
				      fk->stall_then);
		for (i = 0; i < 20000 && llist_empty(&fk->sp->handoff); i++)
			ScsiPortStallExecution(100);
		break;
	case FK_ACT_WHO:
		fk->who_irq_thread = (current->flags & PF_KTHREAD) &&
				     !strncmp(current->comm, "irq/", 4);
		break;
	case FK_ACT_TIMER_CANCEL:
		ScsiPortNotification(RequestTimerCall, Ext, FkTimer, 0);
		break;
	case FK_ACT_PAIR:
		fk->held[fk->nheld++] = Srb;
		ScsiPortNotification(CallEnableInterrupts, Ext,
				     FkEnableCallback);
		return FALSE;
	case FK_ACT_DOUBLE:
		FkComplete(Ext, Srb, SRB_STATUS_SUCCESS);
		FkComplete(Ext, Srb, SRB_STATUS_SUCCESS);
		return FALSE;
	case FK_ACT_FOREIGN:
		Foreign.Length = sizeof(Foreign);
		FkComplete(Ext, &Foreign, SRB_STATUS_SUCCESS);
		break;
	case FK_ACT_GETSRB:
		fk->getsrb_self = Srb;
		fk->getsrb_hit = ScsiPortGetSrb(Ext, Srb->PathId, Srb->TargetId,
						Srb->Lun, Srb->QueueTag);
		fk->getsrb_wrong_lun = ScsiPortGetSrb(Ext, Srb->PathId,
						      Srb->TargetId, Srb->Lun + 1,
						      Srb->QueueTag);
		fk->getsrb_wrong_tag = ScsiPortGetSrb(Ext, Srb->PathId,
						      Srb->TargetId, Srb->Lun,
						      Srb->QueueTag == SP_UNTAGGED ?
						      7 : SP_UNTAGGED);
		break;
	case FK_ACT_LUEXT:
		LuExt = ScsiPortGetLogicalUnit(Ext, Srb->PathId, Srb->TargetId,
					       Srb->Lun);
		fk->luext_own = LuExt;
		fk->luext_missing = ScsiPortGetLogicalUnit(Ext, 0, 0, 5);
		if (LuExt) {
			if (LuExt->magic != 0x4c554558)
				LuExt->magic = 0x4c554558;
			fk->luext_uses = ++LuExt->uses;
		}
		break;
	case FK_ACT_PHYS:
		FkPhysChecks(Ext, Srb);
		break;
	case FK_ACT_PHYS_MOVED:
		/* DataBuffer moved elsewhere: that memory is not the data */
		FkMoveBuffer(&Srb->DataBuffer);
		Pa = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->DataBuffer,
						&fk->phys_moved_len);
		fk->phys_moved = Pa.QuadPart;
		break;
	case FK_ACT_DRAIN:
		/* what an interrupt would complete, from HwStartIo */
		for (i = 0; i < fk->nheld; i++)
			FkComplete(Ext, fk->held[i], SRB_STATUS_SUCCESS);
		fk->nheld = 0;
		break;
	case FK_ACT_BOGUS_STATUS:
		Srb->SrbStatus = 0x3f;
		break;
	case FK_ACT_HOLD:
		if (fk->capacity && fk->nheld >= fk->capacity) {
			/* full: as a miniport whose hardware queue is */
			atomic_inc(&fk->busy_sent);
			Srb->SrbStatus = SRB_STATUS_BUSY;
			break;
		}
		fk->held[fk->nheld++] = Srb;
		return FALSE;
	case FK_ACT_BUSY:
		if (atomic_add_unless(&fk->busy_answers, -1, 0)) {
			atomic_inc(&fk->busy_sent);
			Srb->SrbStatus = SRB_STATUS_BUSY;
		}
		break;
	case FK_ACT_CHECK:
		FkCheckCondition(Srb);
		break;
	case FK_ACT_UNDERRUN:
		Srb->DataTransferLength /= 2;
		Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
		break;
	default:
		break;
	}
	return TRUE;
}

static BOOLEAN FkStartIo(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	BOOLEAN Done = TRUE;

	if (Srb->QueueTag != SP_UNTAGGED) {
		set_bit(Srb->QueueTag, fk->tags_seen);
		atomic_inc(&fk->tagged_starts);
	}
	atomic_inc(&fk->starts);
	fk_record(FK_EV_START);
	/* what a miniport declared it never gets */
	if (Srb->Lun >= 4)
		atomic_inc(&fk->lun_over);
	if (Srb->DataTransferLength > fk->max_xfer_seen)
		fk->max_xfer_seen = Srb->DataTransferLength;
	if (Srb->Function == SRB_FUNCTION_IO_CONTROL && fk->hold_ioctl) {
		fk->held[fk->nheld++] = Srb;
		Done = FALSE;
		goto complete;
	}
	if (Srb->Function == SRB_FUNCTION_ABORT_COMMAND ||
	    Srb->Function == SRB_FUNCTION_RESET_DEVICE) {
		FkTaskManagement(Ext, Srb);
		goto complete;
	}
	if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
		if (Srb->Function == SRB_FUNCTION_FLUSH)
			fk_record(FK_EV_FLUSH);
		else if (Srb->Function == SRB_FUNCTION_SHUTDOWN)
			fk_record(FK_EV_SHUTDOWN);
		Srb->SrbStatus = SRB_STATUS_SUCCESS;
		goto complete;
	}
	if (Srb->TargetId != 0 || Srb->PathId != 0) {
		Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
		goto complete;
	}
	if (Srb->Lun >= FK_LUNS) {
		Srb->SrbStatus = SRB_STATUS_INVALID_LUN;
		goto complete;
	}
	switch (Srb->Cdb[0]) {
	case SCSIOP_INQUIRY:
		FkInquiry(Srb);
		break;
	case SCSIOP_TEST_UNIT_READY:
		Srb->SrbStatus = SRB_STATUS_SUCCESS;
		break;
	case SCSIOP_REQUEST_SENSE:
		FkRequestSense(Srb);
		if (fk->hold_reqsense) {
			/* answered by the next interrupt, if ever */
			fk->held[fk->nheld++] = Srb;
			Done = FALSE;
		}
		break;
	case SCSIOP_READ:
	case SCSIOP_WRITE:
		FkReadWrite(Srb);
		if (fk->hold_reads && Srb->Cdb[0] == SCSIOP_READ &&
		    Srb->SrbStatus == SRB_STATUS_SUCCESS) {
			/* the data is there; the interrupt completes it */
			fk->held[fk->nheld++] = Srb;
			Done = FALSE;
		}
		break;
	case FK_OP:
		Done = FkAction(Ext, Srb);
		break;
	default:
		Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
		break;
	}
complete:
	if (Done)
		FkComplete(Ext, Srb, Srb->SrbStatus);
	else
		wake_up_all(&fk->wq);	/* a test may wait for @nheld */
	FkNext(Ext, Srb);
	return TRUE;
}

/* Complete everything held, in the order it arrived; then NextRequest. */
static void FkDrain(PVOID Ext)
{
	unsigned int i;

	if (fk->nextlu_pending) {
		fk->nextlu_pending = false;
		ScsiPortNotification(NextLuRequest, Ext, 0, 0, fk->nextlu_lun);
		return;
	}
	if (fk->drain_one && fk->nheld) {
		PSCSI_REQUEST_BLOCK Oldest = fk->held[0];

		FkUnhold(Oldest);
		FkComplete(Ext, Oldest, SRB_STATUS_SUCCESS);
		wake_up_all(&fk->wq);
		ScsiPortNotification(NextRequest, Ext);
		return;
	}
	for (i = 0; i < fk->nheld; i++)
		FkComplete(Ext, fk->held[i], SRB_STATUS_SUCCESS);
	fk->nheld = 0;
	wake_up_all(&fk->wq);
	ScsiPortNotification(NextRequest, Ext);
}

static BOOLEAN FkDisableCallback(PVOID Ext)
{
	fk->dis_irqs_disabled = irqs_disabled();
	fk->dis_lock_held = fk_lock_held();
	fk_record(FK_EV_DISABLE_CB);
	atomic_inc(&fk->disable_cbs);
	return TRUE;
}

static BOOLEAN FkEnableCallback(PVOID Ext)
{
	unsigned int isrs = atomic_read(&fk->isrs);

	fk->cb_irqs_disabled = irqs_disabled();
	fk->cb_in_interrupt = in_interrupt();
	fk->cb_lock_held = fk_lock_held();
	fk_record(FK_EV_ENABLE_CB);
	atomic_inc(&fk->enable_cbs);
	if (fk->gate_cb) {
		complete(&fk->cb_entered);
		wait_for_completion_timeout(&fk->cb_gate, 10 * HZ);
	}
	FkDrain(Ext);
	fk->cb_isr_ran = atomic_read(&fk->isrs) != isrs;
	if (!fk->skip_disable)
		ScsiPortNotification(CallDisableInterrupts, Ext,
				     FkDisableCallback);
	return TRUE;
}

static BOOLEAN FkInterrupt(PVOID Ext)
{
	atomic_inc(&fk->isrs);
	fk_record(FK_EV_ISR);
	if (fk->use_pair) {
		ScsiPortNotification(CallEnableInterrupts, Ext, FkEnableCallback);
		return TRUE;
	}
	FkDrain(Ext);
	return TRUE;
}

static BOOLEAN FkInitialize(PVOID Ext)
{
	atomic_inc(&fk->inits);
	return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
FkAdapterControl(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE ControlType,
		 PVOID Parameters)
{
	PSCSI_SUPPORTED_CONTROL_TYPE_LIST List = Parameters;
	int i;

	switch (ControlType) {
	case ScsiQuerySupportedControlTypes:
		if (List->MaxControlType > ScsiRestartAdapter) {
			List->SupportedTypeList[ScsiStopAdapter] = TRUE;
			List->SupportedTypeList[ScsiRestartAdapter] = TRUE;
			List->SupportedTypeList[ScsiSetRunningConfig] =
				fk->running_config;
		}
		return ScsiAdapterControlSuccess;
	case ScsiStopAdapter:
		fk_record(FK_EV_STOP);
		/* as nvme2k: a timer armed while stopping, due before the end */
		if (fk->stop_timer_us)
			ScsiPortNotification(RequestTimerCall, Ext, FkTimer,
					     fk->stop_timer_us);
		if (fk->stop_stall_us)
			ScsiPortStallExecution(fk->stop_stall_us);
		return ScsiAdapterControlSuccess;
	case ScsiSetRunningConfig:
		/* an interrupt now must not reach HwInterrupt meanwhile */
		atomic_inc(&fk->config_calls);
		i = atomic_read(&fk->isrs);
		if (fk->use_irq)
			fk_irq(fk);
		ScsiPortStallExecution(20000);
		fk->isr_in_config = atomic_read(&fk->isrs) != i;
		return ScsiAdapterControlSuccess;
	case ScsiRestartAdapter:
		fk_record(FK_EV_RESTART);
		ScsiPortNotification(NextRequest, Ext);
		return ScsiAdapterControlSuccess;
	default:
		return ScsiAdapterControlUnsuccessful;
	}
}

static BOOLEAN FkResetBus(PVOID Ext, ULONG PathId)
{
	ScsiPortCompleteRequest(Ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
				SRB_STATUS_BUS_RESET);
	fk->nheld = 0;
	return TRUE;
}

static ULONG FkFindAdapter(PVOID Ext, PVOID HwContext, PVOID BusInformation,
			   PCHAR ArgumentString,
			   PPORT_CONFIGURATION_INFORMATION ConfigInfo,
			   PBOOLEAN Again)
{
	fk->ext = Ext;
	fk->sp = sp_from_ext(Ext);
	atomic_inc(&fk->finds);
	if (fk->find_override)
		return fk->find_ret;
	ConfigInfo->NumberOfBuses = 1;
	ConfigInfo->MaximumNumberOfTargets = 2;
	ConfigInfo->MaximumNumberOfLogicalUnits = 4;
	ConfigInfo->InitiatorBusId[0] = 1;
	ConfigInfo->ScatterGather = TRUE;
	ConfigInfo->NumberOfPhysicalBreaks = 16;
	ConfigInfo->MaximumTransferLength = fk->max_transfer ?: 64 * 1024;
	ConfigInfo->Master = TRUE;
	ConfigInfo->CachesData = fk->caches_data;
	ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
	if (fk->use_irq) {
		ConfigInfo->BusInterruptVector = fk->virq;
		ConfigInfo->BusInterruptLevel = fk->virq;
		ConfigInfo->InterruptMode = fk->shared_irq ? LevelSensitive :
							     Latched;
	}
	if (fk->uncached_len) {
		fk->uncached = ScsiPortGetUncachedExtension(Ext, ConfigInfo,
							    fk->uncached_len);
		if (!fk->uncached)
			return SP_RETURN_ERROR;
	}
	*Again = FALSE;
	return SP_RETURN_FOUND;
}

/* ------------------------------------------------------------------ */
/* Test scaffolding                                                    */
/* ------------------------------------------------------------------ */

/* Another device's handler on a shared line: never ours, like e1000's. */
static irqreturn_t fk_sharer_isr(int irq, void *data)
{
	struct fk_state *st = data;

	atomic_inc(&st->sharer_irqs);
	return IRQ_NONE;
}

ULONG fk_start(struct kunit *test, struct fk_state *st)
{
	HW_INITIALIZATION_DATA hw;
	ULONG status;

	fk = st;
	spin_lock_init(&st->ev_lock);
	init_waitqueue_head(&st->wq);
	init_completion(&st->cb_entered);
	init_completion(&st->cb_gate);
	if (st->use_irq) {
		st->domain = irq_domain_create_sim(NULL, 1);
		if (IS_ERR(st->domain))
			return STATUS_INSUFFICIENT_RESOURCES;
		st->virq = irq_create_mapping(st->domain, 0);
		if (st->irq_sharer &&
		    request_irq(st->virq, fk_sharer_isr, IRQF_SHARED,
				"sp_fake_sharer", st)) {
			st->irq_sharer = false;
			return STATUS_INSUFFICIENT_RESOURCES;
		}
	}

	memset(&hw, 0, sizeof(hw));
	hw.HwInitializationDataSize = sizeof(hw);
	hw.AdapterInterfaceType = Internal;
	hw.HwInitialize = FkInitialize;
	hw.HwStartIo = FkStartIo;
	hw.HwInterrupt = FkInterrupt;
	hw.HwFindAdapter = FkFindAdapter;
	hw.HwResetBus = FkResetBus;
	if (st->adapter_control)
		hw.HwAdapterControl = FkAdapterControl;
	hw.DeviceExtensionSize = 64;
	hw.SpecificLuExtensionSize = sizeof(struct fk_lu_ext);
	hw.SrbExtensionSize = 40;
	hw.MapBuffers = TRUE;
	hw.NeedPhysicalAddresses = TRUE;
	hw.TaggedQueuing = st->tagged;
	hw.MultipleRequestPerLu = st->tagged;
	hw.AutoRequestSense = st->autosense;

	fk_obj.owner = THIS_MODULE;
	fk_obj.name = "sp_fake";
	sp_driver_object_register(&fk_obj);
	if (st->max_queue) {
		/* the shim reads it while the host is created */
		swap(sp_param_max_queue, st->max_queue);
		status = ScsiPortInitialize(&fk_obj, NULL, &hw, NULL);
		swap(sp_param_max_queue, st->max_queue);
	} else {
		status = ScsiPortInitialize(&fk_obj, NULL, &hw, NULL);
	}
	if (sp_driver_object_finish(&fk_obj, status))
		fk->sp = NULL;
	return status;
}

struct fk_state *fk_test_new(struct kunit *test)
{
	struct fk_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->next = FK_NEXT_ADAPTER;
	test->priv = st;
	return st;
}

void fk_test_up(struct kunit *test, struct fk_state *st)
{
	KUNIT_ASSERT_EQ(test, fk_start(test, st), (ULONG)STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, st->sp);
}

void fk_test_exit(struct kunit *test)
{
	struct fk_state *st = test->priv;

	if (st)
		fk_stop(st);
}

void fk_stop(struct fk_state *st)
{
	if (st->sp)
		sp_driver_object_unregister(&fk_obj);
	st->sp = NULL;
	if (st->domain) {
		if (st->irq_sharer)
			free_irq(st->virq, st);
		st->irq_sharer = false;
		irq_dispose_mapping(st->virq);
		irq_domain_remove_sim(st->domain);
		st->domain = NULL;
	}
	fk = NULL;
}

void fk_irq(struct fk_state *st)
{
	irq_set_irqchip_state(st->virq, IRQCHIP_STATE_PENDING, true);
}

struct scsi_device *fk_sdev(struct fk_state *st, unsigned int lun)
{
	if (!st->sp)
		return NULL;
	return scsi_device_lookup(st->sp->shost, 0, 0, lun);
}

static enum rq_end_io_ret fk_end_io(struct request *rq, blk_status_t err)
{
	struct scsi_cmnd *scmd = blk_mq_rq_to_pdu(rq);
	struct fk_cmd *cmd = rq->end_io_data;

	cmd->result = scmd->result;
	cmd->resid = scmd->resid_len;
	memcpy(cmd->sense, scmd->sense_buffer, SCSI_SENSE_BUFFERSIZE);
	cmd->order = atomic_inc_return(&fk_order);
	cmd->lock_held = fk && fk->sp && fk_lock_held();
	complete(&cmd->done);
	return RQ_END_IO_FREE;
}

/*
 * A buffer whose pages are physically contiguous but mapped in reverse
 * order: no two neighbours can merge, so the request has one segment per
 * page.
 */
static void *fk_backwards_buf(struct fk_cmd *cmd, u32 len)
{
	unsigned int n = DIV_ROUND_UP(len, PAGE_SIZE), i;
	struct page **map;
	void *va;

	cmd->pg_order = get_order(len);
	cmd->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, cmd->pg_order);
	if (!cmd->pages)
		return NULL;
	map = kcalloc(n, sizeof(*map), GFP_KERNEL);
	if (!map)
		goto free;
	for (i = 0; i < n; i++)
		map[i] = cmd->pages + n - 1 - i;
	va = vmap(map, n, VM_MAP, PAGE_KERNEL);
	kfree(map);
	if (va)
		return va;
free:
	__free_pages(cmd->pages, cmd->pg_order);
	cmd->pages = NULL;
	return NULL;
}

static void fk_buf_free(struct fk_cmd *cmd)
{
	if (cmd->pages) {
		vunmap(cmd->buf);
		__free_pages(cmd->pages, cmd->pg_order);
		cmd->pages = NULL;
	} else {
		kfree(cmd->buf);
	}
	cmd->buf = NULL;
}

int fk_submit(struct fk_state *st, struct scsi_device *sdev, const u8 *cdb,
	      unsigned int cdb_len, bool write, u32 len, const void *data,
	      struct fk_cmd *cmd)
{
	struct request *rq;
	struct scsi_cmnd *scmd;
	int ret;

	init_completion(&cmd->done);
	cmd->len = len;
	cmd->pages = NULL;
	if (st->vmalloc_data && len)
		cmd->buf = fk_backwards_buf(cmd, len);
	else
		cmd->buf = len ? kzalloc(len, GFP_KERNEL) : NULL;
	if (len && !cmd->buf)
		return -ENOMEM;
	if (data)
		memcpy(cmd->buf, data, len);
	rq = scsi_alloc_request(sdev->request_queue,
				write ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq)) {
		fk_buf_free(cmd);
		return PTR_ERR(rq);
	}
	scmd = blk_mq_rq_to_pdu(rq);
	memcpy(scmd->cmnd, cdb, cdb_len);
	scmd->cmd_len = cdb_len;
	scmd->allowed = 0;
	rq->timeout = st->rq_timeout_ms ? msecs_to_jiffies(st->rq_timeout_ms) :
					  30 * HZ;
	if (len) {
		ret = blk_rq_map_kern(sdev->request_queue, rq, cmd->buf, len,
				      GFP_KERNEL);
		if (ret) {
			blk_mq_free_request(rq);
			fk_buf_free(cmd);
			return ret;
		}
	}
	rq->end_io = fk_end_io;
	rq->end_io_data = cmd;
	blk_execute_rq_nowait(rq, false);
	return 0;
}

int fk_wait(struct fk_cmd *cmd, unsigned int ms)
{
	return wait_for_completion_timeout(&cmd->done, msecs_to_jiffies(ms)) ?
	       0 : -ETIMEDOUT;
}

int fk_exec(struct fk_state *st, struct scsi_device *sdev, const u8 *cdb,
	    unsigned int cdb_len, bool write, u32 len, struct fk_cmd *cmd)
{
	int ret = fk_submit(st, sdev, cdb, cdb_len, write, len, NULL, cmd);

	return ret ?: fk_wait(cmd, 20000);
}

void fk_cmd_free(struct fk_cmd *cmd)
{
	fk_buf_free(cmd);
}

struct fk_cmd *fk_cmdv(struct kunit *test, unsigned int n)
{
	struct fk_cmd *v = kunit_kcalloc(test, n, sizeof(*v), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	return v;
}

int fk_act(struct fk_state *st, unsigned int lun, u8 act, u8 a2, u8 a3,
	   u32 len, struct fk_cmd *cmd)
{
	u8 cdb[6] = { FK_OP, act, a2, a3 };
	struct scsi_device *sdev = fk_sdev(st, lun);
	int ret;

	if (!sdev)
		return -ENODEV;
	ret = fk_submit(st, sdev, cdb, sizeof(cdb), len != 0, len, NULL, cmd);
	scsi_device_put(sdev);
	return ret;
}

int fk_rw(struct fk_state *st, unsigned int lun, bool write, u32 lba,
	  u32 blocks, struct fk_cmd *cmd, const void *data)
{
	u8 cdb[10] = { write ? WRITE_10 : READ_10, 0, lba >> 24, lba >> 16,
		       lba >> 8, lba, 0, blocks >> 8, blocks };
	struct scsi_device *sdev = fk_sdev(st, lun);
	int ret;

	if (!sdev)
		return -ENODEV;
	ret = fk_submit(st, sdev, cdb, sizeof(cdb), write, blocks * 512, data,
			cmd);
	scsi_device_put(sdev);
	return ret ?: fk_wait(cmd, 10000);
}
