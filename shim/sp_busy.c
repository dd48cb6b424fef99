// SPDX-License-Identifier: GPL-2.0
/*
 * SRB_STATUS_BUSY: the miniport cannot take a request now.
 *
 * Windows keeps such a request and gives it to the miniport again later;
 * it never reaches the class driver as an error.  The midlayer's own
 * answer to DID_BUS_BUSY would spend one of the command's retries each
 * time, and fail a fail-fast request at once, so the shim does what
 * Windows does: the command goes on sp->busy, ahead of everything that
 * arrived after it, and is sent again as soon as the miniport completes
 * another request (it has room again) or after SP_BUSY_DELAY_US, whichever
 * comes first.  After SP_BUSY_MAX_TRIES answers it goes to the midlayer as
 * DID_BUS_BUSY after all.
 *
 * A miniport that keeps answering BUSY while it holds N requests has room
 * for about N: the shim throttles it (sp->throttle, one step per BUSY
 * answer, never below what it held) instead of offering it more, and
 * offers one more again after each SP_THROTTLE_RAMP without a BUSY answer.
 */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>

#include "sp_internal.h"

static enum hrtimer_restart sp_busy_expired(struct hrtimer *timer)
{
	struct sp_host *sp = container_of(timer, struct sp_host, busy_timer);
	unsigned long flags;
	LIST_HEAD(done);
	bool pair = false;

	spin_lock_irqsave(&sp->lock, flags);
	/* A running callback pair starts the waiting work when it ends. */
	if (!sp->in_callback) {
		pair = sp_start_next(sp);
		sp_take_done(sp, &done);
	}
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
	return HRTIMER_NORESTART;
}

/**
 * sp_busy_init() - set up the busy list and its timer
 * @sp: the adapter, being created
 */
void sp_busy_init(struct sp_host *sp)
{
	INIT_LIST_HEAD(&sp->busy);
	hrtimer_init(&sp->busy_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	sp->busy_timer.function = sp_busy_expired;
}

/**
 * sp_busy_hold() - keep a command the miniport answered SRB_STATUS_BUSY
 * @sp: the adapter; miniport context
 * @c: a midlayer command just taken back from the miniport
 *
 * Return: true when @c waits on sp->busy to be sent again; false when it
 * has had its SP_BUSY_MAX_TRIES (or the adapter is stopping) and must be
 * finished with the BUSY status.
 */
bool sp_busy_hold(struct sp_host *sp, struct sp_cmd *c)
{
	PSCSI_REQUEST_BLOCK srb = c->srb;

	if (c->busy_tries >= SP_BUSY_MAX_TRIES || sp->stopping) {
		sp->stats.busy_gave_up++;
		return false;
	}
	c->busy_tries++;
	sp->stats.busy_requeued++;
	if (sp->held_io && sp->held_io < sp->throttle) {
		sp->throttle = max(sp->held_io, sp->throttle - 1);
		sp->stats.throttled++;
	}
	sp->last_busy = jiffies;

	/* As it was issued: the miniport may have written into it. */
	srb->SrbStatus = SRB_STATUS_PENDING;
	srb->ScsiStatus = 0;
	srb->DataTransferLength = c->xfer_len;
	srb->DataBuffer = c->data_buffer;
	srb->InternalStatus = 0;
	if (sp->autosense) {
		srb->SenseInfoBuffer = sp_slot_sense(sp, c->slot);
		srb->SenseInfoBufferLength = SP_SENSE_LEN;
	}
	c->busy_gen = sp->done_gen;
	c->busy_retry = ktime_add_us(ktime_get(), SP_BUSY_DELAY_US);
	c->state = SP_CMD_QUEUED;
	list_add_tail(&c->node, &sp->busy);
	return true;
}

/**
 * sp_busy_completed() - the miniport completed a midlayer command (not BUSY)
 * @sp: the adapter; miniport context
 *
 * Held-back commands may go again; a throttled adapter gets one more
 * slot once SP_THROTTLE_RAMP went by without a BUSY answer.
 */
void sp_busy_completed(struct sp_host *sp)
{
	sp->done_gen++;
	if (unlikely(sp->throttle < sp->shost->can_queue) &&
	    time_after(jiffies, sp->last_busy + SP_THROTTLE_RAMP)) {
		sp->throttle++;
		sp->last_busy = jiffies;
	}
}

/**
 * sp_busy_blocks() - may the oldest held-back command go now?
 * @sp: the adapter; port lock held, no callback pair running
 * @next: set to that command when it may
 *
 * Return: true when a held-back command must still wait, and with it
 * every midlayer command that arrived after it; false otherwise (@next is
 * NULL when nothing is held back).
 */
bool sp_busy_blocks(struct sp_host *sp, struct sp_cmd **next)
{
	struct sp_cmd *c;

	*next = NULL;
	if (likely(list_empty(&sp->busy)))
		return false;
	c = list_first_entry(&sp->busy, struct sp_cmd, node);
	if (c->busy_gen != sp->done_gen ||
	    ktime_compare(ktime_get(), c->busy_retry) >= 0) {
		*next = c;
		return false;
	}
	return true;
}

/**
 * sp_busy_kick() - make sure a held-back command is retried in time
 * @sp: the adapter; port lock held
 */
void sp_busy_kick(struct sp_host *sp)
{
	struct sp_cmd *c;

	if (likely(list_empty(&sp->busy)) || hrtimer_is_queued(&sp->busy_timer))
		return;
	c = list_first_entry(&sp->busy, struct sp_cmd, node);
	hrtimer_start(&sp->busy_timer, c->busy_retry, HRTIMER_MODE_ABS);
}

/**
 * sp_busy_stop() - cancel the retry timer for good (adapter teardown)
 * @sp: the adapter, stopped; sp->busy is empty
 */
void sp_busy_stop(struct sp_host *sp)
{
	hrtimer_cancel(&sp->busy_timer);
}
