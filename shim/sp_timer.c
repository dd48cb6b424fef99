// SPDX-License-Identifier: GPL-2.0
/*
 * RequestTimerCall: one one-shot timer per adapter.  A new request replaces
 * the pending one, a time of zero cancels it, and the HwTimer routine runs
 * under the port lock like every other synchronized miniport routine - or,
 * when it fires during an interrupt callback pair, right after the pair.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>

#include "sp_internal.h"
#include "sp_trace.h"

/**
 * sp_timer_call() - call the pending HwTimer if it is due
 * @sp: the adapter; port lock held, or the callback pair owner
 *
 * Return: true when the HwTimer asked for the interrupt callback pair.
 */
bool sp_timer_call(struct sp_host *sp)
{
	PHW_TIMER fn = sp->timer_fn;

	if (!fn || !sp->started)
		return false;
	/* Re-armed for later while this expiry waited for the lock. */
	if (ktime_before(ktime_get(), sp->timer_expires))
		return false;
	sp->timer_fn = NULL;
	sp->stats.timer_calls++;
	trace_scsiport_timer(sp->shost->host_no, fn);
	sp_call_begin(sp);
	fn(sp->dev_ext);
	return sp_call_end(sp);
}

static enum hrtimer_restart sp_timer_expired(struct hrtimer *timer)
{
	struct sp_host *sp = container_of(timer, struct sp_host, timer);
	unsigned long flags;
	LIST_HEAD(done);
	bool pair = false;

	spin_lock_irqsave(&sp->lock, flags);
	if (sp->in_callback) {
		if (sp->timer_fn) {
			sp->timer_deferred = true;
			sp->stats.deferred_timer++;
		}
	} else {
		pair = sp_timer_call(sp);
		if (!pair)
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
 * sp_timer_init() - set up the adapter's RequestTimerCall timer
 * @sp: the adapter
 */
void sp_timer_init(struct sp_host *sp)
{
	hrtimer_init(&sp->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	sp->timer.function = sp_timer_expired;
}

/**
 * sp_timer_request() - NotificationTypeRequestTimerCall
 * @sp: the adapter; miniport context
 * @fn: the HwTimer routine to call
 * @usecs: delay in microseconds; 0 (or no @fn) cancels the pending call
 */
void sp_timer_request(struct sp_host *sp, PHW_TIMER fn, ULONG usecs)
{
	if (!fn || !usecs) {
		sp->timer_fn = NULL;
		hrtimer_try_to_cancel(&sp->timer);
		return;
	}
	sp->timer_fn = fn;
	sp->timer_expires = ktime_add_us(ktime_get(), usecs);
	hrtimer_start(&sp->timer, sp->timer_expires, HRTIMER_MODE_ABS);
}

/**
 * sp_timer_stop() - cancel the timer for good (adapter teardown)
 * @sp: the adapter, already stopped
 */
void sp_timer_stop(struct sp_host *sp)
{
	hrtimer_cancel(&sp->timer);
	sp->timer_fn = NULL;
}
