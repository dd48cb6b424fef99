// SPDX-License-Identifier: GPL-2.0
/*
 * An adapter's power and cache: ScsiStopAdapter and ScsiRestartAdapter
 * (suspend and resume), the orderly shutdown of the system, and the
 * SRB_FUNCTION_FLUSH / SRB_FUNCTION_SHUTDOWN requests an adapter that
 * caches data (ConfigInfo->CachesData) gets before it stops and when a
 * disk or the system goes away.
 *
 * After ScsiStopAdapter returns successfully nothing of the miniport runs
 * - no HwStartIo, HwInterrupt, HwTimer, callback pair or reset - until
 * ScsiRestartAdapter (or HwInitialize) brings it back: sp->started is
 * cleared in the same port-lock section that called ScsiStopAdapter (see
 * sp_adapter_control()).
 */
#include <linux/pci.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include <kunit/visibility.h>

#include "sp_internal.h"

/* Seconds a FLUSH or SHUTDOWN SRB may take. */
#define SP_FLUSH_TIMEOUT	30

static int sp_flush_one(struct sp_host *sp, struct sp_lu *lu, u8 function)
{
	struct sp_cmd *ic = sp_internal_get(sp);
	unsigned long flags;
	int ret;

	if (!ic)
		return -EBUSY;
	sp_internal_prepare(sp, ic, lu, function);
	ic->srb->SrbFlags = SRB_FLAGS_NO_DATA_TRANSFER | SRB_FLAGS_NO_QUEUE_FREEZE;
	ic->srb->TimeOutValue = SP_FLUSH_TIMEOUT;
	ret = sp_internal_issue(sp, ic, SP_FLUSH_TIMEOUT);
	if (!ret && SRB_STATUS(ic->srb->SrbStatus) != SRB_STATUS_SUCCESS &&
	    SRB_STATUS(ic->srb->SrbStatus) != SRB_STATUS_INVALID_REQUEST)
		ret = -EIO;
	if (ret != -ETIMEDOUT)
		sp_internal_put(sp, ic);
	spin_lock_irqsave(&sp->lock, flags);
	sp->stats.caches_flushed++;
	spin_unlock_irqrestore(&sp->lock, flags);
	return ret;
}

/**
 * sp_flush_lu() - SRB_FUNCTION_FLUSH (and SHUTDOWN) for one logical unit
 * @sp: the adapter
 * @lu: a configured logical unit
 * @shutdown: SRB_FUNCTION_SHUTDOWN follows: the disk or system goes away
 *
 * Only for an adapter with CachesData that runs and is still there.
 * Context: process context.
 */
void sp_flush_lu(struct sp_host *sp, struct sp_lu *lu, bool shutdown)
{
	int ret;

	if (!sp->caches_data || !READ_ONCE(sp->started) ||
	    READ_ONCE(sp->stopping) ||
	    (sp->pdev && pci_dev_is_disconnected(sp->pdev)))
		return;
	ret = sp_flush_one(sp, lu, SRB_FUNCTION_FLUSH);
	if (!ret && shutdown)
		ret = sp_flush_one(sp, lu, SRB_FUNCTION_SHUTDOWN);
	if (ret)
		sp_warn(sp, "%s of %u:%u:%u failed (%d)\n",
			shutdown ? "flush and shutdown" : "flush", lu->path,
			lu->target, lu->lun, ret);
}

/**
 * sp_flush_caches() - flush (and shut down) every disk of an adapter
 * @sp: the adapter
 * @shutdown: SRB_FUNCTION_SHUTDOWN too
 *
 * Context: process context; the miniport module is live (the device walk
 * takes references through it).
 */
void sp_flush_caches(struct sp_host *sp, bool shutdown)
{
	struct scsi_device *sdev;
	struct sp_lu *lu;

	if (!sp->caches_data || !sp->added)
		return;
	shost_for_each_device(sdev, sp->shost) {
		lu = sdev->hostdata;
		if (lu && lu->configured)
			sp_flush_lu(sp, lu, shutdown);
	}
}

/**
 * sp_host_quiesce() - ScsiStopAdapter, and no interrupts to the miniport
 * @sp: the adapter
 *
 * A miniport without ScsiStopAdapter keeps running and keeps getting its
 * interrupts (its HBA may still raise them).
 */
void sp_host_quiesce(struct sp_host *sp)
{
	unsigned long flags;

	if (!sp_adapter_control(sp, ScsiStopAdapter))
		return;
	sp_wait_no_callback(sp, &flags);
	sp->started = false;
	spin_unlock_irqrestore(&sp->lock, flags);
}

/**
 * sp_host_suspend() - power management: FLUSH, then ScsiStopAdapter
 * @sp: the adapter
 *
 * Return: 0.
 */
int sp_host_suspend(struct sp_host *sp)
{
	scsi_block_requests(sp->shost);
	sp_flush_caches(sp, false);
	sp_host_quiesce(sp);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sp_host_suspend);

/**
 * sp_host_shutdown() - the system shuts down: FLUSH, SHUTDOWN, stop
 * @sp: the adapter
 */
void sp_host_shutdown(struct sp_host *sp)
{
	sp_flush_caches(sp, true);
	sp_host_quiesce(sp);
}

/**
 * sp_host_resume() - power management: ScsiRestartAdapter, or HwFindAdapter
 * and HwInitialize again
 * @sp: the adapter
 *
 * Return: 0 or -EIO.
 */
int sp_host_resume(struct sp_host *sp)
{
	unsigned long flags;
	LIST_HEAD(done);
	bool pair = false;
	int ret = 0;

	if (!sp->started)
		sp_adapter_control(sp, ScsiSetRunningConfig);
	spin_lock_irqsave(&sp->lock, flags);
	sp->started = true;
	spin_unlock_irqrestore(&sp->lock, flags);
	if (sp_adapter_control(sp, ScsiRestartAdapter)) {
		sp_wait_no_callback(sp, &flags);
		sp->ready = true;
		pair = sp_start_next(sp);
		sp_take_done(sp, &done);
		spin_unlock_irqrestore(&sp->lock, flags);
		if (pair)
			sp_kick_callback(sp);
		sp_finish_done(sp, &done);
	} else {
		/*
		 * As Windows powers an adapter up: HwFindAdapter, then
		 * HwInitialize, with nothing else of the miniport running.
		 */
		sp_wait_no_callback(sp, &flags);
		sp->started = false;
		spin_unlock_irqrestore(&sp->lock, flags);
		ret = sp_host_refind(sp) ?: sp_host_initialize(sp);
		spin_lock_irqsave(&sp->lock, flags);
		sp->stats.reinitialized++;
		spin_unlock_irqrestore(&sp->lock, flags);
	}
	scsi_unblock_requests(sp->shost);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(sp_host_resume);
