// SPDX-License-Identifier: GPL-2.0
/*
 * RequestTimerCall: one one-shot timer per adapter.  A new request replaces
 * the pending one, a time of zero cancels it, and the HwTimer routine runs
 * under the port lock like every other synchronized miniport routine - or,
 * when it fires during an interrupt callback pair, right after the pair.
 *
 * Miniports often use it as a watchdog: armed in HwStartIo for every
 * request, cancelled in HwInterrupt.  So the hrtimer is lazy.  A request
 * only records the HwTimer routine and its due time; the hrtimer is started
 * only when none is queued or the queued one expires later than the new due
 * time.  A cancel only forgets the routine.  An hrtimer that fires early
 * re-arms itself for the recorded due time, one that finds nothing to call
 * does nothing: at most one expiry per period instead of two hrtimer
 * operations (and clock event reprogramming) per request.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>

#include "sp_internal.h"
#include "sp_trace.h"

/*
 * Make sure the hrtimer fires no later than sp->timer_expires.  Port lock
 * held, or the callback pair owner: nobody else starts the timer meanwhile.
 * The lockless look at a queued timer's expiry may be stale only in one
 * direction - the timer just fired - and its handler then re-arms.
 */
static void sp_timer_arm(struct sp_host *sp)
{
	if (hrtimer_is_queued(&sp->timer) &&
	    !ktime_after(hrtimer_get_expires(&sp->timer), sp->timer_expires))
		return;
	sp->stats.timer_arms++;
	hrtimer_start(&sp->timer, sp->timer_expires, HRTIMER_MODE_ABS);
}

/**
 * sp_timer_call() - call the pending HwTimer if it is due
 * @sp: the adapter; port lock held, or the callback pair owner
 *
 * A routine that is not due yet (re-armed since the hrtimer was started)
 * gets the hrtimer armed for its time instead.
 *
 * Return: true when the HwTimer asked for the interrupt callback pair.
 */
bool sp_timer_call(struct sp_host *sp)
{
	PHW_TIMER fn = sp->timer_fn;

	if (!fn || !sp->started)
		return false;
	if (ktime_before(ktime_get(), sp->timer_expires)) {
		sp_timer_arm(sp);
		return false;
	}
	sp->timer_fn = NULL;
	sp->stats.timer_calls++;
	trace_scsiport_timer(sp->shost->host_no, fn);
	sp_call_begin(sp);
	sp_hw_call(sp->win, fn, spw_sig_ext_void, sp->dev_ext);
	return sp_call_end(sp);
}

static enum hrtimer_restart sp_timer_expired(struct hrtimer *timer)
{
	struct sp_host *sp = container_of(timer, struct sp_host, timer);
	unsigned long flags;
	LIST_HEAD(done);
	bool pair = false;

	spin_lock_irqsave(&sp->lock, flags);
	if (!sp->timer_fn) {
		/* Cancelled since it was started: nothing to do. */
		spin_unlock_irqrestore(&sp->lock, flags);
		return HRTIMER_NORESTART;
	}
	if (sp->in_callback) {
		sp->timer_deferred = true;
		sp->stats.deferred_timer++;
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
		/* The hrtimer, if queued, fires and finds nothing to call. */
		sp->timer_fn = NULL;
		return;
	}
	sp->timer_fn = fn;
	sp->timer_expires = ktime_add_us(ktime_get(), usecs);
	sp_timer_arm(sp);
}

/**
 * sp_timer_resume() - arm the hrtimer for a routine recorded while stopped
 * @sp: the adapter, just started (HwInitialize asked from HwFindAdapter);
 *	port lock held
 */
void sp_timer_resume(struct sp_host *sp)
{
	if (sp->timer_fn)
		sp_timer_arm(sp);
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
