// SPDX-License-Identifier: GPL-2.0
/*
 * Error handling and adapter control.
 *
 * The midlayer's escalation maps onto the miniport: abort becomes an
 * SRB_FUNCTION_ABORT_COMMAND, device reset an SRB_FUNCTION_RESET_DEVICE,
 * bus and host reset HwResetBus followed by the reset hold time.  After a
 * reset, SRBs the miniport still holds for that bus are taken back and
 * failed with DID_RESET (and reported: the miniport should have completed
 * them, typically with ScsiPortCompleteRequest(..., SRB_STATUS_BUS_RESET)).
 *
 * ResetDetected and BusChangeDetected notifications reach the midlayer from
 * a work item, since the midlayer calls need process context.
 */
#include <kunit/visibility.h>
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>

#include "sp_internal.h"

static unsigned int sp_reset_hold_ms = 500;

static int sp_set_reset_hold(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (v > 60000) {
		pr_err(SP_NAME ": reset_hold_ms=%u is out of range 0-60000\n", v);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops sp_reset_hold_ops = {
	.set = sp_set_reset_hold,
	.get = param_get_uint,
};
module_param_cb(reset_hold_ms, &sp_reset_hold_ops, &sp_reset_hold_ms, 0644);
MODULE_PARM_DESC(reset_hold_ms,
		 "Time in ms the bus is left alone after HwResetBus (ResetHoldTime), 0-60000 (default 500)");

/* Seconds an internal abort or device reset SRB may take. */
#define SP_EH_SRB_TIMEOUT	10

/**
 * sp_slot_unpark() - the miniport gave back an SRB a reset took from it
 * @sp: the adapter; miniport context
 * @srb: what the miniport completed
 *
 * Its slot, and the shim's buffer the SRB addressed, are free again; an
 * owner left without a slot gets it first.
 *
 * Return: true when @srb is a parked SRB (see sp_slot_park()).
 */
bool sp_slot_unpark(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb)
{
	uintptr_t off = (uintptr_t)srb - (uintptr_t)sp->srbs;
	struct sp_parked_buf *pb;
	u32 slot, i;

	if (!sp->srbs || off % sizeof(*srb) ||
	    off / sizeof(*srb) >= sp->nslots)
		return false;
	slot = off / sizeof(*srb);
	if (!test_bit(slot, sp->parked))
		return false;
	clear_bit(slot, sp->parked);
	pb = &sp->parked_bufs[slot];
	kfree(pb->buf);
	pb->buf = NULL;
	if (pb->reserve)
		clear_bit(pb->reserve - 1, &sp->bounce_res_busy);
	pb->reserve = 0;
	sp->stats.late_completions++;
	for (i = 0; i < sp->nowners; i++) {
		if (sp->home[i] == SP_NO_SLOT) {
			WRITE_ONCE(sp->home[i], slot);
			return true;
		}
	}
	sp->free_slots[sp->nfree++] = slot;
	return true;
}

/*
 * A reset takes back an SRB the miniport still holds.  The midlayer reuses
 * the command, and its tag, as soon as it is finished, while the miniport
 * may still complete the SRB: so the slot (SRB, SrbExtension, sense buffer
 * and the shim's buffer the SRB addresses) is parked until the miniport
 * does, the command is finished without reading the SRB again, and the
 * owner moves to a spare slot.  Port lock held.
 */
static void sp_slot_park(struct sp_host *sp, struct sp_cmd *c)
{
	struct sp_parked_buf *pb = &sp->parked_bufs[c->slot];
	u32 owner, next = SP_NO_SLOT;

	owner = c->scmd ? scsi_cmd_to_rq(c->scmd)->tag :
			  sp->shost->can_queue + (u32)(c - sp->internal);
	set_bit(c->slot, sp->parked);
	sp->stats.parked++;
	if (c->flags & SP_CMDF_BOUNCE) {
		if (c->flags & SP_CMDF_BOUNCE_RES)
			pb->reserve = c->bounce_idx + 1;
		else
			pb->buf = c->bounce;
		c->flags &= ~(SP_CMDF_BOUNCE | SP_CMDF_BOUNCE_RES);
		c->bounce = NULL;
	}
	if (c->owned_buf) {
		/* IOCTL data: the issuer leaves it to the slot (-ECANCELED) */
		pb->buf = c->owned_buf;
		c->owned_buf = NULL;
	}
	c->flags |= SP_CMDF_RECLAIMED;
	if (sp->nfree)
		next = sp->free_slots[--sp->nfree];
	else
		sp_err_rl(sp, "no spare slot after a reset: tag %u fails until an SRB comes back\n",
			  owner);
	WRITE_ONCE(sp->home[owner], next);
}

/**
 * sp_complete_matching() - complete every SRB the miniport holds that matches
 * @sp: the adapter; miniport context
 * @path: PathId or -1 for all
 * @target: TargetId or -1 for all
 * @lun: Lun or -1 for all
 * @srb_status: SrbStatus to complete them with
 */
void sp_complete_matching(struct sp_host *sp, int path, int target, int lun,
			  u8 srb_status)
{
	struct sp_cmd *c;
	u32 i;

	for (i = 0; sp->slots && i < sp->nslots; i++) {
		c = sp->slots[i];
		if (!c || (path >= 0 && c->lu->path != path) ||
		    (target >= 0 && c->lu->target != target) ||
		    (lun >= 0 && c->lu->lun != lun))
			continue;
		c->srb->SrbStatus = srb_status;
		sp_srb_completed(sp, c);
	}
	/* SRBs a reset took back: the miniport forgets them now too. */
	for (i = 0; sp->parked && i < sp->nslots; i++) {
		const SCSI_REQUEST_BLOCK *srb = &sp->srbs[i];

		if (!test_bit(i, sp->parked) ||
		    (path >= 0 && srb->PathId != path) ||
		    (target >= 0 && srb->TargetId != target) ||
		    (lun >= 0 && srb->Lun != lun))
			continue;
		sp_slot_unpark(sp, &sp->srbs[i]);
	}
}

/**
 * ScsiPortCompleteRequest() - complete all outstanding SRBs of a bus/target/LU
 * @HwDeviceExtension: the adapter's device extension
 * @PathId: bus, or SP_UNTAGGED for all buses
 * @TargetId: target, or SP_UNTAGGED for all targets
 * @Lun: logical unit, or SP_UNTAGGED for all
 * @SrbStatus: status to complete them with (typically SRB_STATUS_BUS_RESET)
 *
 * Context: from a miniport routine (usually HwResetBus).
 */
VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId,
			     UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);

	if (!sp || !sp->in_call) {
		pr_err_ratelimited(SP_NAME ": %s outside a miniport routine, ignored\n",
				   __func__);
		return;
	}
	sp_complete_matching(sp, PathId == SP_UNTAGGED ? -1 : PathId,
			     TargetId == SP_UNTAGGED ? -1 : TargetId,
			     Lun == SP_UNTAGGED ? -1 : Lun, SrbStatus);
}
EXPORT_SYMBOL_GPL(ScsiPortCompleteRequest);

/**
 * sp_finish_failed() - finish commands taken off sp->pending
 * @sp: the adapter
 * @list: commands from sp_fail_pending(), host byte already set
 */
void sp_finish_failed(struct sp_host *sp, struct list_head *list)
{
	struct sp_cmd *c, *n;

	list_for_each_entry_safe(c, n, list, node) {
		list_del_init(&c->node);
		if (c->flags & SP_CMDF_SENSE_REQ) {
			/* the command waiting for this REQUEST SENSE fails too */
			struct sp_cmd *orig = c->sense_for;

			sp_internal_put(sp, c);
			if (!orig)
				continue;
			orig->sense_for = NULL;
			set_host_byte(orig->scmd, DID_NO_CONNECT);
			sp_unmap_data(sp, orig);
			orig->state = SP_CMD_IDLE;
			scsi_done(orig->scmd);
			continue;
		}
		if (c->flags & SP_CMDF_INTERNAL) {
			c->srb->SrbStatus = SRB_STATUS_ABORTED;
			complete(&c->wait);
			continue;
		}
		sp_unmap_data(sp, c);
		scsi_done(c->scmd);
	}
}

/**
 * sp_eh_abort() - eh_abort_handler: SRB_FUNCTION_ABORT_COMMAND
 * @scmd: the timed-out command
 *
 * Return: SUCCESS when the command is no longer with the miniport.
 */
int sp_eh_abort(struct scsi_cmnd *scmd)
{
	struct sp_host *sp = shost_priv(scmd->device->host);
	struct sp_cmd *c = scsi_cmd_priv(scmd);
	struct sp_cmd *ic;
	unsigned long flags;
	LIST_HEAD(refused);
	int ret, state;

	mutex_lock(&sp->eh_mutex);
	sp->stats.aborts++;
	sp_wait_no_callback(sp, &flags);
	/*
	 * Handed over to the IRQ thread and not taken yet: take it (and the
	 * others) now, so it is on sp->pending; a command left on the llist
	 * and queued again would be added twice, a cycle.
	 */
	if (c->state == SP_CMD_HANDOFF)
		sp_take_handoff(sp, &refused);
	state = c->state;
	if (state == SP_CMD_QUEUED) {
		/* Never reached the miniport: just take it back. */
		list_del_init(&c->node);
		c->state = SP_CMD_IDLE;
	} else if (state == SP_CMD_SENSE && sp_sense_detach(sp, c)) {
		/*
		 * Completed, its emulated REQUEST SENSE still to come: that
		 * must not finish the command once the midlayer retries it.
		 */
		state = SP_CMD_QUEUED;
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	sp_finish_failed(sp, &refused);
	if (state == SP_CMD_QUEUED) {
		sp_unmap_data(sp, c);
		ret = SUCCESS;
		goto out;
	}
	if (state == SP_CMD_HANDOFF) {
		ret = FAILED;	/* not on the list yet: let the resets decide */
		goto out;
	}
	if (state != SP_CMD_ACTIVE) {
		sp_wait_finished(sp);
		ret = SUCCESS;
		goto out;
	}

	ic = sp_internal_get(sp);
	if (!ic) {
		ret = FAILED;
		goto out;
	}
	sp_internal_prepare(sp, ic, c->lu, SRB_FUNCTION_ABORT_COMMAND);
	ic->srb->NextSrb = c->srb;
	ic->srb->QueueTag = c->srb->QueueTag;
	scmd_printk(KERN_WARNING, scmd, "abort: SRB %p (cdb 0x%02x) timed out, asking the miniport to abort it\n",
		    c->srb, c->srb->Cdb[0]);
	ret = sp_internal_issue(sp, ic, SP_EH_SRB_TIMEOUT);
	if (ret != -ETIMEDOUT)
		sp_internal_put(sp, ic);
	/* Whatever the abort SRB says, what counts is whether the SRB came back. */
	ret = READ_ONCE(c->state) == SP_CMD_ACTIVE ? FAILED : SUCCESS;
	if (ret == SUCCESS)
		sp_wait_finished(sp);
out:
	mutex_unlock(&sp->eh_mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(sp_eh_abort);

/* Fail SRBs the miniport kept across a reset of @path (-1: all) / @lu. */
static void sp_reclaim(struct sp_host *sp, int path, struct sp_lu *only)
{
	unsigned long flags;
	LIST_HEAD(done);
	unsigned int n = 0;
	struct sp_cmd *c;
	u32 i;

	sp_wait_no_callback(sp, &flags);
	for (i = 0; sp->slots && i < sp->nslots; i++) {
		c = sp->slots[i];
		if (!c || (path >= 0 && c->lu->path != path) ||
		    (only && c->lu != only))
			continue;
		c->srb->SrbStatus = SRB_STATUS_BUS_RESET;
		sp_srb_completed(sp, c);
		sp_slot_park(sp, c);
		n++;
	}
	/* Timed-out commands still waiting go back to the error handler. */
	sp_drop_timed_out(sp, path, only);
	sp_take_done(sp, &done);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (n)
		sp_warn(sp, "miniport still held %u SRB(s) after the reset; failed them with DID_RESET, their slots parked until it completes them\n",
			n);
	sp_finish_done(sp, &done);
}

/**
 * sp_eh_device_reset() - eh_device_reset_handler: SRB_FUNCTION_RESET_DEVICE
 * @scmd: a command of the device
 *
 * Return: SUCCESS or FAILED.
 */
int sp_eh_device_reset(struct scsi_cmnd *scmd)
{
	struct sp_host *sp = shost_priv(scmd->device->host);
	struct sp_lu *lu = scmd->device->hostdata;
	struct sp_cmd *ic;
	int ret;

	mutex_lock(&sp->eh_mutex);
	sp->stats.device_resets++;
	ic = sp_internal_get(sp);
	if (!ic || !lu) {
		if (ic)
			sp_internal_put(sp, ic);
		mutex_unlock(&sp->eh_mutex);
		return FAILED;
	}
	sp_internal_prepare(sp, ic, lu, SRB_FUNCTION_RESET_DEVICE);
	ret = sp_internal_issue(sp, ic, SP_EH_SRB_TIMEOUT);
	if (!ret && SRB_STATUS(ic->srb->SrbStatus) != SRB_STATUS_SUCCESS)
		ret = -EIO;
	if (ret != -ETIMEDOUT)
		sp_internal_put(sp, ic);
	if (!ret) {
		sp_reclaim(sp, -1, lu);
		sp_wait_finished(sp);
	}
	mutex_unlock(&sp->eh_mutex);
	return ret ? FAILED : SUCCESS;
}

/* HwResetBus on one bus, then the reset hold time. */
static bool sp_reset_bus(struct sp_host *sp, unsigned int path)
{
	unsigned long flags;
	LIST_HEAD(done);
	bool pair, ok;

	sp->stats.bus_resets++;
	sp_wait_no_callback(sp, &flags);
	if (!sp->started) {
		/* A stopped miniport is not called: nothing of it runs. */
		spin_unlock_irqrestore(&sp->lock, flags);
		sp_reclaim(sp, path, NULL);
		return false;
	}
	sp_call_begin(sp);
	ok = sp_hw_call(sp->win, sp->hwdrv->hw.HwResetBus, spw_sig_reset_bus,
			sp->dev_ext, path);
	pair = sp_call_end(sp);
	/* A reset leaves the adapter ready for new work. */
	sp->ready = true;
	sp_take_done(sp, &done);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
	sp_reclaim(sp, path, NULL);
	if (!ok)
		sp_err(sp, "HwResetBus failed on bus %u\n", path);
	return ok;
}

static void sp_reset_done(struct sp_host *sp)
{
	unsigned long flags;
	LIST_HEAD(done);
	bool pair;

	msleep(READ_ONCE(sp_reset_hold_ms));
	sp_wait_no_callback(sp, &flags);
	pair = sp_start_next(sp);
	sp_take_done(sp, &done);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
}

/**
 * sp_eh_bus_reset() - eh_bus_reset_handler: HwResetBus
 * @scmd: a command on the bus
 *
 * Return: SUCCESS, or FAILED when HwResetBus reports failure.
 */
int sp_eh_bus_reset(struct scsi_cmnd *scmd)
{
	struct sp_host *sp = shost_priv(scmd->device->host);
	bool ok;

	mutex_lock(&sp->eh_mutex);
	scmd_printk(KERN_WARNING, scmd, "resetting bus %u\n",
		    scmd->device->channel);
	ok = sp_reset_bus(sp, scmd->device->channel);
	sp_reset_done(sp);
	sp_wait_finished(sp);
	mutex_unlock(&sp->eh_mutex);
	return ok ? SUCCESS : FAILED;
}

/**
 * sp_eh_host_reset() - eh_host_reset_handler: HwResetBus on every bus
 * @scmd: a command of the host
 *
 * Return: SUCCESS, or FAILED when HwResetBus fails on some bus.
 */
int sp_eh_host_reset(struct scsi_cmnd *scmd)
{
	struct sp_host *sp = shost_priv(scmd->device->host);
	unsigned int path;
	bool ok = true;

	mutex_lock(&sp->eh_mutex);
	shost_printk(KERN_WARNING, sp->shost, "resetting all buses\n");
	for (path = 0; path <= sp->shost->max_channel; path++)
		ok &= sp_reset_bus(sp, path);
	sp_reset_done(sp);
	sp_wait_finished(sp);
	mutex_unlock(&sp->eh_mutex);
	return ok ? SUCCESS : FAILED;
}

/**
 * sp_event_work() - midlayer side of ResetDetected and BusChangeDetected
 * @work: sp->event_work
 */
void sp_event_work(struct work_struct *work)
{
	struct sp_host *sp = container_of(work, struct sp_host, event_work);
	struct Scsi_Host *shost = sp->shost;
	unsigned long flags;
	unsigned int path;

	if (READ_ONCE(sp->removing))
		return;
	if (test_and_clear_bit(SP_EV_RESET, &sp->events)) {
		spin_lock_irqsave(shost->host_lock, flags);
		for (path = 0; path <= shost->max_channel; path++)
			scsi_report_bus_reset(shost, path);
		spin_unlock_irqrestore(shost->host_lock, flags);
	}
	if (test_and_clear_bit(SP_EV_BUS_CHANGE, &sp->events))
		scsi_scan_host(shost);
}

/**
 * sp_adapter_control() - call HwAdapterControl if the miniport supports @type
 * @sp: the adapter
 * @type: ScsiStopAdapter or ScsiRestartAdapter
 *
 * Asks ScsiQuerySupportedControlTypes first, as the port driver must.
 *
 * Return: true when the miniport handled @type successfully.
 */
bool sp_adapter_control(struct sp_host *sp, SCSI_ADAPTER_CONTROL_TYPE type)
{
	PHW_ADAPTER_CONTROL ctl = sp->hwdrv->hw.HwAdapterControl;
	u8 buf[sizeof(SCSI_SUPPORTED_CONTROL_TYPE_LIST) +
	       ScsiAdapterControlMax] __aligned(8) = { 0 };
	PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (void *)buf;
	SCSI_ADAPTER_CONTROL_STATUS st;
	unsigned long flags;
	LIST_HEAD(done);
	bool pair;

	if (!ctl || sp->hwdrv->hw.HwInitializationDataSize <=
		    offsetof(HW_INITIALIZATION_DATA, HwAdapterControl))
		return false;
	list->MaxControlType = ScsiAdapterControlMax;
	sp_wait_no_callback(sp, &flags);
	sp_call_begin(sp);
	sp_hw_call(sp->win, ctl, spw_sig_adapter_control, sp->dev_ext,
		   ScsiQuerySupportedControlTypes, list);
	st = ScsiAdapterControlUnsuccessful;
	if (type < ScsiAdapterControlMax && list->SupportedTypeList[type]) {
		if (type != ScsiSetRunningConfig) {
			st = sp_hw_call(sp->win, ctl, spw_sig_adapter_control,
					sp->dev_ext, type, NULL);
		} else if (!sp->started) {
			/*
			 * May read PCI config space: process context, unlocked.
			 * Only on a stopped adapter, where nothing else of the
			 * miniport runs (sp_isr(), the timer, sp_start_next()
			 * and the resets all check @started).
			 */
			spin_unlock_irqrestore(&sp->lock, flags);
			sp->setting_config = true;
			st = sp_hw_call(sp->win, ctl, spw_sig_adapter_control,
					sp->dev_ext, type, NULL);
			sp->setting_config = false;
			spin_lock_irqsave(&sp->lock, flags);
		}
	}
	pair = sp_call_end(sp);
	if (st == ScsiAdapterControlSuccess && type == ScsiStopAdapter) {
		sp->stats.adapter_stops++;
		/*
		 * Stopped: no routine of the miniport runs until a restart.
		 * A timer it armed while stopping, or a callback pair it
		 * asked for, is dropped here, in the same lock section.
		 */
		sp->started = false;
		sp->timer_fn = NULL;
		hrtimer_try_to_cancel(&sp->timer);
		if (pair) {
			sp->in_callback = false;
			sp_line_unmask(sp);
			pair = false;
			if (sp_note_once(sp, SP_NOTE_STOP_PAIR))
				sp_warn(sp, "ScsiStopAdapter asked for the interrupt callback pair; not run on a stopped adapter\n");
		}
	} else if (st == ScsiAdapterControlSuccess && type == ScsiRestartAdapter) {
		sp->stats.adapter_restarts++;
	}
	sp_take_done(sp, &done);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
	return st == ScsiAdapterControlSuccess;
}
EXPORT_SYMBOL_IF_KUNIT(sp_adapter_control);
