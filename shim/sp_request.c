// SPDX-License-Identifier: GPL-2.0
/*
 * The request path: a scsi_cmnd becomes an SRB in the command's private
 * area, waits on sp->pending until the miniport is ready for it (NextRequest,
 * or NextLuRequest / completion for a busy logical unit), goes to HwStartIo
 * under the port lock, and comes back through RequestComplete.  Completions
 * are collected while the miniport runs and finished - status mapping, sense
 * data, residual, scsi_done() - after the port lock is dropped.
 */
#include <kunit/visibility.h>
#include <linux/blk-mq.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "sp_internal.h"
#include "sp_trace.h"

/**
 * sp_cmd_from_srb() - validate an SRB pointer that came from the miniport
 * @sp: the adapter
 * @srb: what the miniport passed
 *
 * Return: the command if @srb is an SRB the miniport currently holds, NULL
 * for anything else (already completed, never issued, not an SRB at all).
 */
struct sp_cmd *sp_cmd_from_srb(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb)
{
	unsigned long cookie;
	struct sp_cmd *c;
	u32 slot;

	if (unlikely(!srb || !virt_addr_valid(srb)))
		return NULL;
	cookie = (unsigned long)srb->OriginalRequest;
	if (unlikely((cookie & SP_COOKIE_MASK) != SP_COOKIE))
		return NULL;
	slot = cookie & ~SP_COOKIE_MASK;
	if (unlikely(slot >= sp->nslots))
		return NULL;
	c = sp->slots[slot];
	if (unlikely(!c || c->srb != srb || c->state != SP_CMD_ACTIVE))
		return NULL;
	return c;
}

/* false when every slot of the command's tag is parked (sp_slot_park()) */
static bool sp_build_srb(struct sp_host *sp, struct sp_cmd *c,
			 struct scsi_cmnd *scmd, struct sp_lu *lu)
{
	struct request *rq = scsi_cmd_to_rq(scmd);
	PSCSI_REQUEST_BLOCK srb;
	u32 flags, slot;

	slot = sp_owner_slot(sp, rq->tag);
	if (unlikely(slot == SP_NO_SLOT))
		return false;
	/*
	 * The private area is not cleared between commands (init_cmd_priv):
	 * everything a command may look at is set here or in sp_map_data().
	 */
	c->slot = slot;
	srb = &sp->srbs[slot];
	c->srb = srb;
	memset(srb, 0, sizeof(*srb));
	c->scmd = scmd;
	c->lu = lu;
	c->state = SP_CMD_IDLE;
	c->flags = 0;
	c->bounce = NULL;
	c->sense_for = NULL;
	c->owned_buf = NULL;
	c->busy_tries = 0;
	c->xfer_len = scsi_bufflen(scmd);
	INIT_LIST_HEAD(&c->node);

	srb->Length = sizeof(*srb);
	srb->Function = SRB_FUNCTION_EXECUTE_SCSI;
	srb->SrbStatus = SRB_STATUS_PENDING;
	srb->PathId = lu->path;
	srb->TargetId = lu->target;
	srb->Lun = lu->lun;
	srb->CdbLength = scmd->cmd_len;
	memcpy(srb->Cdb, scmd->cmnd, scmd->cmd_len);
	srb->DataTransferLength = c->xfer_len;
	srb->TimeOutValue = max(1U, rq->timeout / HZ);
	srb->SrbExtension = sp_slot_srbext(sp, c->slot);
	sp_set_cookie(c);

	switch (scmd->sc_data_direction) {
	case DMA_FROM_DEVICE:
		flags = SRB_FLAGS_DATA_IN;
		break;
	case DMA_TO_DEVICE:
		flags = SRB_FLAGS_DATA_OUT;
		break;
	default:
		flags = SRB_FLAGS_NO_DATA_TRANSFER;
		break;
	}
	if (sp->autosense) {
		srb->SenseInfoBuffer = sp_slot_sense(sp, c->slot);
		srb->SenseInfoBufferLength = SP_SENSE_LEN;
	} else {
		flags |= SRB_FLAGS_DISABLE_AUTOSENSE;
	}
	if (sp->tagged && scmd->device->simple_tags) {
		flags |= SRB_FLAGS_QUEUE_ACTION_ENABLE;
		srb->QueueAction = SRB_SIMPLE_TAG_REQUEST;
		srb->QueueTag = c->slot + 1;	/* never 0: Windows reserves it */
	} else {
		srb->QueueTag = SP_UNTAGGED;
	}
	srb->SrbFlags = flags;
	return true;
}

/**
 * sp_init_cmd_priv() - the Scsi_Host init_cmd_priv method
 * @shost: the host
 * @scmd: a command of its tag set, when the set is allocated
 *
 * Having one keeps the midlayer from clearing the whole private area for
 * every command; sp_build_srb() sets what a command uses instead.
 *
 * Return: 0.
 */
int sp_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *scmd)
{
	struct sp_cmd *c = scsi_cmd_priv(scmd);

	memset(c, 0, sizeof(*c));
	INIT_LIST_HEAD(&c->node);
	return 0;
}

/**
 * sp_queuecommand() - the Scsi_Host queuecommand method
 * @shost: the host
 * @scmd: the command
 *
 * A command that finds the port lock taken on an adapter with an interrupt
 * goes to sp->handoff for the IRQ thread instead of waiting for the lock.
 *
 * Return: 0, or SCSI_MLQUEUE_HOST_BUSY when a bounce buffer could not be
 * allocated.  Commands the miniport is not ready for wait on sp->pending.
 */
int sp_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *scmd)
{
	struct sp_host *sp = shost_priv(shost);
	struct sp_cmd *c = scsi_cmd_priv(scmd);
	struct sp_lu *lu = scmd->device->hostdata;
	unsigned long flags;
	LIST_HEAD(done);
	LIST_HEAD(refused);
	bool pair = false;
	int ret;

	if (unlikely(!lu || scmd->cmd_len > sizeof(c->srb->Cdb))) {
		scsi_build_sense(scmd, 0, ILLEGAL_REQUEST, 0x20, 0);
		scsi_done(scmd);
		return 0;
	}
	if (unlikely(sp->max_transfer && scsi_bufflen(scmd) > sp->max_transfer)) {
		/* more than the miniport's MaximumTransferLength: never sent */
		sp->stats.too_long++;
		sp_err_rl(sp, "%u bytes (cdb 0x%02x) > MaximumTransferLength %u: refused\n",
			  scsi_bufflen(scmd), scmd->cmnd[0], sp->max_transfer);
		scsi_build_sense(scmd, 0, ILLEGAL_REQUEST, 0x24, 0);
		scsi_done(scmd);
		return 0;
	}
	if (unlikely(!sp_build_srb(sp, c, scmd, lu))) {
		sp_err_rl(sp, "tag %u: its SRBs still held since a reset, failed\n",
			  scsi_cmd_to_rq(scmd)->tag);
		set_host_byte(scmd, DID_NO_CONNECT);
		scsi_done(scmd);
		return 0;
	}
	ret = sp_map_data(sp, c);
	if (unlikely(ret)) {
		if (ret == -ENOMEM)
			return SCSI_MLQUEUE_HOST_BUSY;
		set_host_byte(scmd, DID_ERROR);
		scsi_done(scmd);
		return 0;
	}
	c->data_buffer = c->srb->DataBuffer;

	if (!spin_trylock_irqsave(&sp->lock, flags)) {
		if (sp->irq) {
			/* The holder may be kicking the HBA: no waiting for it. */
			c->state = SP_CMD_HANDOFF;
			llist_add(&c->hnode, &sp->handoff);
			irq_wake_thread(sp->irq, sp);
			return 0;
		}
		spin_lock_irqsave(&sp->lock, flags);
	}
	/* Commands handed over earlier go first. */
	sp_take_handoff(sp, &refused);
	if (unlikely(sp->stopping)) {
		spin_unlock_irqrestore(&sp->lock, flags);
		sp_finish_failed(sp, &refused);
		sp_unmap_data(sp, c);
		set_host_byte(scmd, DID_NO_CONNECT);
		scsi_done(scmd);
		return 0;
	}
	c->state = SP_CMD_QUEUED;
	list_add_tail(&c->node, &sp->pending);
	if (unlikely(sp->in_callback)) {
		sp->stats.deferred_start++;
	} else {
		if (!sp->ready)
			sp->stats.queued_waiting++;
		pair = sp_start_next(sp);
		sp_take_done(sp, &done);
	}
	spin_unlock_irqrestore(&sp->lock, flags);

	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
	return 0;
}

/*
 * A command whose time-out fired (scsi_timeout() set SCMD_STATE_COMPLETE)
 * belongs to the midlayer's error handler.  It must not reach the miniport
 * any more, and it must be off sp->pending before the error handler hands
 * it back: the next sp_build_srb() of the same command resets our list
 * node.  The error handler does not always ask us first - a command
 * that times out again after its abort goes straight to the resets.  The
 * error handler's own commands (TEST UNIT READY, REQUEST SENSE...) reuse
 * such a command with the bit still set; they must go through.
 */
static bool sp_cmd_timed_out(struct sp_cmd *c)
{
	return c->scmd && c->scmd->submitter == SUBMITTED_BY_BLOCK_LAYER &&
	       test_bit(SCMD_STATE_COMPLETE, &c->scmd->state);
}

static void sp_drop_queued(struct sp_host *sp, struct sp_cmd *c)
{
	list_del_init(&c->node);
	c->state = SP_CMD_IDLE;
	sp_unmap_data(sp, c);
}

/**
 * sp_drop_timed_out() - take timed-out commands off sp->pending
 * @sp: the adapter; port lock held, no callback pair running
 * @path: PathId or -1 for all
 * @only: only this logical unit, or NULL
 *
 * For the resets: the error handler owns these commands and retries or
 * fails them itself once the reset succeeded.
 */
void sp_drop_timed_out(struct sp_host *sp, int path, struct sp_lu *only)
{
	struct sp_cmd *c, *n;
	unsigned int i;

	/* and those that wait for an emulated REQUEST SENSE */
	for (i = 0; i < SP_INTERNAL_SLOTS; i++) {
		n = &sp->internal[i];
		c = n->sense_for;
		if (!test_bit(i, &sp->internal_busy) ||
		    !(n->flags & SP_CMDF_SENSE_REQ) || !c ||
		    !sp_cmd_timed_out(c) || (path >= 0 && c->lu->path != path) ||
		    (only && c->lu != only))
			continue;
		if (sp_sense_detach(sp, c))
			sp_unmap_data(sp, c);
	}

	list_for_each_entry_safe(c, n, &sp->pending, node) {
		if (sp_cmd_timed_out(c) && (path < 0 || c->lu->path == path) &&
		    (!only || c->lu == only))
			sp_drop_queued(sp, c);
	}
	list_for_each_entry_safe(c, n, &sp->busy, node) {
		if (sp_cmd_timed_out(c) && (path < 0 || c->lu->path == path) &&
		    (!only || c->lu == only))
			sp_drop_queued(sp, c);
	}
}

/**
 * sp_sense_detach() - the error handler takes a command waiting for sense
 * @sp: the adapter; port lock held, no callback pair running
 * @c: a command in SP_CMD_SENSE
 *
 * The command leaves the shim (SP_CMD_IDLE; the caller unmaps its data)
 * and its REQUEST SENSE no longer refers to it: one still waiting is
 * dropped, one the miniport holds releases itself when it ends.  A
 * REQUEST SENSE that already ended and is being finished is left alone:
 * its finisher owns the command, and sp_wait_finished() waits for it.
 *
 * Return: true when @c was detached.
 */
bool sp_sense_detach(struct sp_host *sp, struct sp_cmd *c)
{
	struct sp_cmd *rs = c->sense_for;

	if (c->state != SP_CMD_SENSE || !rs || rs->state == SP_CMD_DONE)
		return false;
	sp->stats.sense_detached++;
	rs->sense_for = NULL;
	c->sense_for = NULL;
	c->state = SP_CMD_IDLE;
	if (rs->state == SP_CMD_QUEUED) {
		list_del_init(&rs->node);
		sp_internal_put(sp, rs);
	}
	return true;
}

/*
 * The first waiting command the miniport may take now: the shim's own
 * urgent SRBs, then what it answered BUSY to, then the rest in arrival
 * order, as long as the miniport's throttle allows.
 */
static struct sp_cmd *sp_pick(struct sp_host *sp)
{
	struct sp_cmd *c, *n;

	list_for_each_entry(c, &sp->urgent, node) {
		if (!c->lu->busy || c->srb->Function != SRB_FUNCTION_EXECUTE_SCSI)
			return c;
	}
	while (unlikely(!list_empty(&sp->busy))) {
		if (sp_busy_blocks(sp, &c))
			return NULL;
		if (unlikely(sp_cmd_timed_out(c))) {
			sp_drop_queued(sp, c);
			continue;
		}
		return c->lu->busy || sp->held_io >= sp->throttle ? NULL : c;
	}
	if (unlikely(sp->held_io >= sp->throttle))
		return NULL;
	list_for_each_entry_safe(c, n, &sp->pending, node) {
		if (unlikely(sp_cmd_timed_out(c))) {
			sp_drop_queued(sp, c);
			continue;
		}
		/* Abort and reset requests go even to a busy LU. */
		if (!c->lu->busy || c->srb->Function != SRB_FUNCTION_EXECUTE_SCSI)
			return c;
	}
	return NULL;
}

static bool sp_start_one(struct sp_host *sp, struct sp_cmd *c)
{
	struct sp_lu *lu = c->lu;

	sp->ready = false;
	c->state = SP_CMD_ACTIVE;
	sp->slots[c->slot] = c;
	if (c->srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
		lu->busy = true;
		lu->blocker = c;
		if (c->srb->QueueTag == SP_UNTAGGED)
			lu->untagged = c;
	}
	lu->outstanding++;
	if (c->scmd)
		sp->held_io++;
	sp->stats.start_io++;
	trace_scsiport_start_io(sp->shost->host_no, c->srb, c->srb->Function,
				c->srb->Cdb[0], c->srb->QueueTag,
				c->srb->DataTransferLength);

	sp_call_begin(sp);
	sp_hw_call(sp->win, sp->hwdrv->hw.HwStartIo, spw_sig_start_io,
		   sp->dev_ext, c->srb);
	return sp_call_end(sp);
}

/**
 * sp_start_next() - give the miniport as much waiting work as it takes
 * @sp: the adapter; port lock held, no callback pair running
 *
 * Return: true when a miniport routine asked for the interrupt callback
 * pair; the caller must start it (sp_kick_callback() or IRQ_WAKE_THREAD).
 */
bool sp_start_next(struct sp_host *sp)
{
	struct sp_cmd *c;
	bool pair = false;

	/* Nothing reaches a miniport that ScsiStopAdapter stopped. */
	while (sp->ready && !sp->stopping && sp->started) {
		c = sp_pick(sp);
		if (!c)
			break;
		list_del_init(&c->node);
		if (sp_start_one(sp, c)) {
			pair = true;
			break;
		}
	}
	sp_busy_kick(sp);
	return pair;
}

/*
 * Decide whether an emulated REQUEST SENSE must follow this completion: a
 * CHECK CONDITION without sense data, whether the miniport lacks
 * AutoRequestSense or just did not provide it this time.
 */
static bool sp_wants_sense(struct sp_host *sp, struct sp_cmd *c)
{
	const SCSI_REQUEST_BLOCK *srb = c->srb;

	return c->scmd &&
	       SRB_STATUS(srb->SrbStatus) == SRB_STATUS_ERROR &&
	       srb->ScsiStatus == SAM_STAT_CHECK_CONDITION &&
	       !(srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID);
}

/* Queue a REQUEST SENSE for @c ahead of other work; false if impossible. */
static bool sp_request_sense(struct sp_host *sp, struct sp_cmd *c)
{
	struct sp_cmd *rs = sp_internal_get(sp);
	PSCSI_REQUEST_BLOCK srb;

	if (!rs)
		return false;
	sp_internal_prepare(sp, rs, c->lu, SRB_FUNCTION_EXECUTE_SCSI);
	srb = rs->srb;
	srb->CdbLength = 6;
	srb->Cdb[0] = REQUEST_SENSE;
	srb->Cdb[4] = SP_SENSE_LEN;
	srb->SrbFlags = SRB_FLAGS_DATA_IN | SRB_FLAGS_DISABLE_AUTOSENSE;
	srb->DataBuffer = sp_slot_sense(sp, rs->slot);
	rs->data_buffer = srb->DataBuffer;
	srb->DataTransferLength = SP_SENSE_LEN;
	rs->xfer_len = SP_SENSE_LEN;
	rs->flags |= SP_CMDF_SENSE_REQ;
	rs->sense_for = c;
	c->sense_for = rs;
	c->state = SP_CMD_SENSE;
	sp->stats.sense_emulated++;
	sp_queue_internal(sp, rs, true);
	return true;
}

/**
 * sp_srb_completed() - the miniport completed an SRB it held
 * @sp: the adapter; miniport context
 * @c: the command (validated)
 */
void sp_srb_completed(struct sp_host *sp, struct sp_cmd *c)
{
	struct sp_lu *lu = c->lu;

	c->state = SP_CMD_DONE;
	sp->slots[c->slot] = NULL;
	lu->outstanding--;
	if (lu->blocker == c) {
		lu->busy = false;
		lu->blocker = NULL;
	}
	if (lu->untagged == c)
		lu->untagged = NULL;
	sp->stats.completed++;
	if (c->scmd) {
		sp->held_io--;
		if (unlikely(SRB_STATUS(c->srb->SrbStatus) == SRB_STATUS_BUSY) &&
		    sp_busy_hold(sp, c))
			return;
		sp_busy_completed(sp);
	}

	if (unlikely(sp_wants_sense(sp, c)) && sp_request_sense(sp, c))
		return;
	list_add_tail(&c->node, &sp->done);
}

/* Map the status, copy sense data and residual, release the buffers, done. */
static void sp_finish_cmd(struct sp_host *sp, struct sp_cmd *c)
{
	struct scsi_cmnd *scmd = c->scmd;
	PSCSI_REQUEST_BLOCK srb = c->srb;
	SCSI_REQUEST_BLOCK reclaimed;
	struct sp_result r;

	if (unlikely(c->flags & SP_CMDF_RECLAIMED)) {
		/* The SRB is the miniport's still: nothing of it is read. */
		memset(&reclaimed, 0, sizeof(reclaimed));
		reclaimed.SrbStatus = SRB_STATUS_BUS_RESET;
		reclaimed.Cdb[0] = scmd->cmnd[0];
		srb = &reclaimed;
	}
	sp_srb_result(srb, c->xfer_len, &r);
	if (unlikely(!r.known)) {
		sp->stats.bad_status++;
		sp_err_rl(sp, "SRB %p (cdb 0x%02x): invalid SrbStatus 0x%02x, DID_ERROR\n",
			  srb, srb->Cdb[0], srb->SrbStatus);
	}
	if (unlikely(srb->DataTransferLength > c->xfer_len))
		sp_err_rl(sp, "SRB %p: DataTransferLength raised from %u to %u, ignored\n",
			  srb, c->xfer_len, srb->DataTransferLength);

	/*
	 * From the sense buffer the shim gave, whatever SenseInfoBuffer says
	 * now: the miniport may write the field, and it is no copy source.
	 */
	if (r.sense && sp->autosense)
		memcpy(scmd->sense_buffer, sp_slot_sense(sp, c->slot),
		       min_t(u32, srb->SenseInfoBufferLength ?: SP_SENSE_LEN,
			     SP_SENSE_LEN));
	if (r.bad_request)
		scsi_build_sense(scmd, 0, ILLEGAL_REQUEST, 0x20, 0);

	/* Unmap first: the CPU may only read the bounce buffer after that. */
	if (c->flags & SP_CMDF_BOUNCE_MAPPED) {
		dma_unmap_single(sp->dev, c->bounce_dma, c->xfer_len,
				 scmd->sc_data_direction);
		c->flags &= ~SP_CMDF_BOUNCE_MAPPED;
	}
	if (c->flags & SP_CMDF_BOUNCE &&
	    scmd->sc_data_direction == DMA_FROM_DEVICE)
		sg_copy_from_buffer(scsi_sglist(scmd), scsi_sg_count(scmd),
				    c->bounce, c->xfer_len - r.resid);
	sp_unmap_data(sp, c);

	trace_scsiport_complete(sp->shost->host_no, srb, srb->SrbStatus,
				srb->ScsiStatus, r.result);
	if (!r.bad_request)
		scmd->result = r.result;
	scsi_set_resid(scmd, r.resid);
	c->state = SP_CMD_IDLE;
	scsi_done(scmd);
}

/* An emulated REQUEST SENSE finished: hand its data to the waiting command. */
static void sp_finish_sense(struct sp_host *sp, struct sp_cmd *rs)
{
	struct sp_cmd *c = rs->sense_for;
	bool gone = rs->flags & SP_CMDF_RECLAIMED;
	u8 status = gone ? SRB_STATUS_BUS_RESET : SRB_STATUS(rs->srb->SrbStatus);
	u32 got = gone ? 0 : rs->srb->DataTransferLength;

	if (!c) {
		/* The error handler took the command meanwhile. */
		sp_internal_put(sp, rs);
		return;
	}
	c->sense_for = NULL;
	if (status == SRB_STATUS_SUCCESS ||
	    (status == SRB_STATUS_DATA_OVERRUN && got >= 8)) {
		/* the shim's buffer, not what DataBuffer says now */
		memcpy(c->scmd->sense_buffer, sp_slot_sense(sp, rs->slot),
		       min_t(u32, got, SP_SENSE_LEN));
	} else {
		sp_warn_rl(sp, "emulated REQUEST SENSE for %u:%u:%u failed with SrbStatus 0x%02x\n",
			   c->lu->path, c->lu->target, c->lu->lun, status);
		/* No sense data: let the midlayer retry instead of guessing. */
		c->srb->SrbStatus = SRB_STATUS_REQUEST_SENSE_FAILED;
	}
	sp_internal_put(sp, rs);
	sp_finish_cmd(sp, c);
}

/* An internal SRB ended: wake its issuer, or clean up after one that left. */
static void sp_internal_finish(struct sp_host *sp, struct sp_cmd *ic)
{
	if (ic->flags & SP_CMDF_ORPHAN) {
		kfree(ic->owned_buf);
		ic->owned_buf = NULL;
		sp_internal_put(sp, ic);
		return;
	}
	complete(&ic->wait);
}

/**
 * sp_internal_issue() - queue an internal SRB and wait for it
 * @sp: the adapter
 * @ic: prepared internal command (sp_internal_prepare())
 * @secs: how long to wait
 *
 * Context: process context, no locks held.
 * Return: 0 when the miniport completed it (its SrbStatus tells how),
 * -ECANCELED when a reset took it back (its SRB and @owned_buf stay with
 * the miniport's parked slot, see sp_slot_park()), -EAGAIN when it timed
 * out before reaching the miniport (taken back; the caller still owns @ic),
 * -ETIMEDOUT when the miniport holds it: @ic is
 * then orphaned and releases itself, and its @owned_buf, when it ends.
 */
int sp_internal_issue(struct sp_host *sp, struct sp_cmd *ic, unsigned int secs)
{
	unsigned long flags;
	LIST_HEAD(list);
	bool pair;
	int ret = 0;

	sp_wait_no_callback(sp, &flags);
	sp_queue_internal(sp, ic, true);
	pair = sp_start_next(sp);
	sp_take_done(sp, &list);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &list);

	if (wait_for_completion_timeout(&ic->wait, secs * HZ))
		return ic->flags & SP_CMDF_RECLAIMED ? -ECANCELED : 0;

	sp_wait_no_callback(sp, &flags);
	switch (ic->state) {
	case SP_CMD_QUEUED:
		list_del_init(&ic->node);
		ic->state = SP_CMD_IDLE;
		ret = -EAGAIN;
		break;
	case SP_CMD_ACTIVE:
		ic->flags |= SP_CMDF_ORPHAN;
		ret = -ETIMEDOUT;
		break;
	default:
		break;		/* completing right now */
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	if (!ret)
		wait_for_completion(&ic->wait);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(sp_internal_issue);

/**
 * sp_finish_done() - finish completed commands, outside the port lock
 * @sp: the adapter
 * @done: commands taken from sp->done
 *
 * The block layer completes a request of a single-queue host whose
 * hardware context has more than one CPU in the BLOCK softirq.  Raised
 * from a task (the IRQ thread, queuecommand for a miniport that completes
 * in HwStartIo), that softirq would wait for ksoftirqd: a context switch
 * per batch.  In a task the batch runs with bottom halves off, so
 * local_bh_enable() runs the softirq right here, as the exit of a hard
 * interrupt does for sp_isr() and the hrtimer.
 *
 * Context: any; no spinlock of ours held.
 */
void sp_finish_done(struct sp_host *sp, struct list_head *done)
{
	struct sp_cmd *c, *n;
	bool bh;

	if (list_empty(done))
		return;
	bh = in_task() && !irqs_disabled();
	if (bh)
		local_bh_disable();
	list_for_each_entry_safe(c, n, done, node) {
		list_del_init(&c->node);
		if (c->flags & SP_CMDF_SENSE_REQ)
			sp_finish_sense(sp, c);
		else if (c->flags & SP_CMDF_INTERNAL)
			sp_internal_finish(sp, c);
		else
			sp_finish_cmd(sp, c);
	}
	if (bh)
		local_bh_enable();
	/* Only the error handler and teardown wait for this: rarely anyone. */
	if (atomic_dec_and_test(&sp->finishing) && wq_has_sleeper(&sp->cb_wq))
		wake_up_all(&sp->cb_wq);
}

/**
 * sp_wait_finished() - wait until no completed command is being finished
 * @sp: the adapter
 *
 * The error handler calls this before it reports success: a command the
 * miniport completed on another CPU may still be on its way to scsi_done(),
 * and the midlayer must not reuse it before that.
 * Context: process context.
 */
void sp_wait_finished(struct sp_host *sp)
{
	wait_event_timeout(sp->cb_wq, !atomic_read(&sp->finishing), 5 * HZ);
}

/**
 * sp_internal_get() - take a free internal SRB slot
 * @sp: the adapter
 *
 * Return: the slot's command, or NULL when all are in use.
 */
struct sp_cmd *sp_internal_get(struct sp_host *sp)
{
	unsigned int i;

	for (i = 0; i < SP_INTERNAL_SLOTS; i++) {
		if (sp_owner_slot(sp, sp->shost->can_queue + i) == SP_NO_SLOT)
			continue;	/* its SRBs all parked */
		if (!test_and_set_bit(i, &sp->internal_busy)) {
			sp->internal[i].lu = NULL;
			return &sp->internal[i];
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(sp_internal_get);

/**
 * sp_internal_put() - release an internal SRB slot
 * @sp: the adapter
 * @c: a command from sp_internal_get()
 */
void sp_internal_put(struct sp_host *sp, struct sp_cmd *c)
{
	if (c->lu) {
		sp_lu_put(c->lu);
		c->lu = NULL;
	}
	c->state = SP_CMD_IDLE;
	clear_bit(c - sp->internal, &sp->internal_busy);
}
EXPORT_SYMBOL_IF_KUNIT(sp_internal_put);

/**
 * sp_internal_prepare() - initialise an internal SRB
 * @sp: the adapter
 * @c: the internal command
 * @lu: the logical unit it addresses
 * @function: SRB_FUNCTION_*
 */
void sp_internal_prepare(struct sp_host *sp, struct sp_cmd *c,
			 struct sp_lu *lu, u8 function)
{
	PSCSI_REQUEST_BLOCK srb;

	/* sp_internal_get() saw a slot; only a late completion changes it since */
	c->slot = sp_owner_slot(sp, sp->shost->can_queue + (c - sp->internal));
	srb = &sp->srbs[c->slot];
	c->srb = srb;
	memset(srb, 0, sizeof(*srb));
	c->scmd = NULL;
	/* the LU lives as long as an SRB that names it (struct sp_lu) */
	if (c->lu)
		sp_lu_put(c->lu);
	refcount_inc(&lu->ref);
	c->lu = lu;
	c->flags = SP_CMDF_INTERNAL;
	c->xfer_len = 0;
	c->sg_count = 0;
	c->sense_for = NULL;
	c->owned_buf = NULL;
	c->data_buffer = NULL;
	init_completion(&c->wait);
	INIT_LIST_HEAD(&c->node);

	srb->Length = sizeof(*srb);
	srb->Function = function;
	srb->SrbStatus = SRB_STATUS_PENDING;
	srb->PathId = lu->path;
	srb->TargetId = lu->target;
	srb->Lun = lu->lun;
	srb->QueueTag = SP_UNTAGGED;
	srb->TimeOutValue = 10;
	srb->SrbExtension = sp_slot_srbext(sp, c->slot);
	sp_set_cookie(c);
}
EXPORT_SYMBOL_IF_KUNIT(sp_internal_prepare);

/**
 * sp_queue_internal() - queue an internal SRB
 * @sp: the adapter; miniport context or port lock held
 * @c: the prepared command
 * @head: ahead of everything else (request sense, abort, reset)
 *
 * In miniport context (an emulated REQUEST SENSE decided on completion)
 * sp->pending may not be touched without the lock, so the command goes on
 * sp->urgent, which only [M] owners use and sp_start_next() drains first.
 */
void sp_queue_internal(struct sp_host *sp, struct sp_cmd *c, bool head)
{
	c->state = SP_CMD_QUEUED;
	if (head)
		list_add(&c->node, &sp->urgent);
	else
		list_add_tail(&c->node, &sp->urgent);
}

/**
 * sp_take_handoff() - move the commands on sp->handoff to sp->pending
 * @sp: the adapter; port lock held
 * @refused: where those of a stopping adapter go, host byte DID_NO_CONNECT
 *	set; the caller fails them with sp_finish_failed() outside the lock
 *
 * In the order sp_queuecommand() handed them over.  The caller starts them
 * (sp_start_next()) when no callback pair runs.
 */
void sp_take_handoff(struct sp_host *sp, struct list_head *refused)
{
	struct llist_node *first;
	struct sp_cmd *c, *n;

	/* Nearly always empty: a plain read, not an exchange, on the I/O path. */
	if (llist_empty(&sp->handoff))
		return;
	first = llist_del_all(&sp->handoff);
	llist_for_each_entry_safe(c, n, llist_reverse_order(first), hnode) {
		sp->stats.handed_off++;
		if (unlikely(sp->stopping)) {
			c->state = SP_CMD_IDLE;
			set_host_byte(c->scmd, DID_NO_CONNECT);
			list_add_tail(&c->node, refused);
			continue;
		}
		c->state = SP_CMD_QUEUED;
		list_add_tail(&c->node, &sp->pending);
		if (sp->in_callback)
			sp->stats.deferred_start++;
		else if (!sp->ready)
			sp->stats.queued_waiting++;
	}
}

/**
 * sp_fail_pending() - take every command that has not reached the miniport
 * @sp: the adapter; port lock held and no callback pair running
 * @host_byte: DID_* to fail them with
 * @out: list to move them to; the caller finishes them outside the lock
 */
void sp_fail_pending(struct sp_host *sp, int host_byte, struct list_head *out)
{
	struct sp_cmd *c, *n;

	sp_take_handoff(sp, out);
	list_splice_init(&sp->busy, &sp->pending);
	list_splice_tail_init(&sp->urgent, &sp->pending);
	list_for_each_entry_safe(c, n, &sp->pending, node) {
		list_move_tail(&c->node, out);
		c->state = SP_CMD_IDLE;
		if (c->scmd)
			set_host_byte(c->scmd, host_byte);
	}
}
