// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts: the hard handler runs HwInterrupt under the port lock; a
 * miniport that masks its HBA and asks for NotificationTypeCallEnableInterrupts
 * gets its HwScsiEnableInterruptsCallback run in the IRQ thread, with the
 * port lock not held and every other interrupt enabled.  An exclusive
 * vector (MSI, MSI-X) stays disabled from the request until the pair is
 * over; a shared INTx line stays enabled for the other devices on it, and
 * the HBA's own mask, which the miniport set in HwInterrupt, keeps it quiet
 * (see "Locking" in sp_internal.h for why not IRQF_ONESHOT).
 * HwScsiDisableInterruptsCallback then runs under the port lock, deferred
 * work runs, and the vector is enabled again.
 *
 * While the pair runs (sp->in_callback) no other miniport routine runs: the
 * request path, the timer and the hard handler see the flag under the port
 * lock and leave deferred work for the thread.  An interrupt that still
 * arrives (another device's on a shared line, or this HBA's between the
 * request and the masking) is remembered and replayed through HwInterrupt
 * once the pair is over.  A shared line that keeps interrupting during a
 * pair - an HBA its HwInterrupt did not mask - is disabled until the pair
 * ends, with a warning, rather than left to storm.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/ktime.h>

#include "sp_internal.h"
#include "sp_trace.h"

static void sp_line_storm(struct sp_host *sp);

/**
 * sp_isr() - hard interrupt handler of an adapter
 * @irq: the interrupt number
 * @data: the adapter
 *
 * Return: IRQ_NONE when the miniport says the interrupt is not its own,
 * IRQ_WAKE_THREAD when the callback pair must run, IRQ_HANDLED otherwise.
 */
irqreturn_t sp_isr(int irq, void *data)
{
	struct sp_host *sp = data;
	bool claimed, pair, defer = false;
	LIST_HEAD(done);

	spin_lock(&sp->lock);
	sp->stats.interrupts++;
	if (unlikely(sp->in_callback)) {
		/* Replayed by the thread once the pair is over. */
		sp->irq_during_cb = true;
		sp->stats.irq_during_callback++;
		if (!sp->mask_line && ++sp->cb_irqs == SP_CB_IRQ_STORM)
			sp_line_storm(sp);
		spin_unlock(&sp->lock);
		/* Also what starts a kicked pair when the handler is threaded. */
		return IRQ_WAKE_THREAD;
	}
	if (unlikely(!sp->started)) {
		spin_unlock(&sp->lock);
		return IRQ_NONE;
	}

	sp_call_begin(sp);
	claimed = sp_hw_call(sp->win, sp->hwdrv->hw.HwInterrupt,
			     spw_sig_ext_bool, sp->dev_ext);
	pair = sp_call_end(sp);
	if (claimed)
		sp->stats.interrupts_claimed++;
	if (!pair)
		pair = sp_start_next(sp);
	sp_take_done(sp, &done);
	if (unlikely(sp->map_buffers) && in_hardirq() &&
	    sp_done_has_bounce_read(&done)) {
		/*
		 * Copying up to 4 MiB back from a bounce buffer is no job for
		 * a hard interrupt: the thread finishes this batch.
		 */
		list_splice(&done, &sp->done);
		INIT_LIST_HEAD(&done);
		atomic_dec(&sp->finishing);
		sp->stats.bounce_deferred++;
		defer = true;
	}
	spin_unlock(&sp->lock);

	trace_scsiport_interrupt(sp->shost->host_no, claimed, pair);
	sp_finish_done(sp, &done);
	/*
	 * Handed-over commands too: with forced threading this handler is the
	 * thread irq_wake_thread() wakes, and the pair's thread comes second.
	 */
	if (pair || defer || unlikely(!llist_empty(&sp->handoff)))
		return IRQ_WAKE_THREAD;
	return claimed ? IRQ_HANDLED : IRQ_NONE;
}

/*
 * A shared line interrupted SP_CB_IRQ_STORM times during one pair: the HBA
 * was not masked by its HwInterrupt, and a level-triggered line would storm
 * until the pair ends.  Disable it until then (the other devices on it
 * wait that long) and say so.  Port lock held.
 */
static void sp_line_storm(struct sp_host *sp)
{
	sp->stats.storms++;
	sp_warn_rl(sp,
		   "%u interrupts during one callback pair on shared line %d: HwInterrupt must disable the HBA's interrupts before CallEnableInterrupts; line disabled until the pair ends\n",
		   sp->cb_irqs, sp->irq);
	sp_line_disable(sp);
}

/* Port lock held, sp->in_callback clear: replay an interrupt noted during the pair. */
static bool sp_replay_interrupt(struct sp_host *sp)
{
	PHW_INTERRUPT isr = sp->hwdrv->hw.HwInterrupt;

	sp->irq_during_cb = false;
	if (!isr || !sp->started)
		return false;
	sp_call_begin(sp);
	sp_hw_call(sp->win, isr, spw_sig_ext_bool, sp->dev_ext);
	return sp_call_end(sp);
}

/*
 * Run callback pairs until none is requested any more.  Called with the port
 * lock held and sp->in_callback set; returns with the lock held.  Returns
 * false if it gave up after SP_MAX_CB_ROUNDS pairs (the caller kicks again).
 */
static bool sp_run_pairs(struct sp_host *sp, unsigned long *flags)
	__must_hold(&sp->lock)
{
	unsigned int rounds = 0;
	PHW_INTERRUPT enable, disable;
	LIST_HEAD(early);
	u64 t0;

	while (sp->in_callback) {
		if (++rounds > SP_MAX_CB_ROUNDS)
			return false;

		enable = sp->enable_cb;
		sp->disable_cb = NULL;
		sp->stats.callbacks++;
		/* Observable proof of the contract: an exclusive vector is off. */
		if (sp->irqd && irqd_irq_disabled(sp->irqd))
			sp->stats.callbacks_masked++;
		spin_unlock_irqrestore(&sp->lock, *flags);

		/* The pair owns the [M] state now: no lock, other IRQs on. */
		trace_scsiport_callback_enter(sp->shost->host_no, 0);
		t0 = ktime_get_ns();
		sp_call_begin(sp);
		sp_hw_call(sp->win, enable, spw_sig_ext_bool, sp->dev_ext);
		sp->in_call = false;
		sp->stats.callback_ns += ktime_get_ns() - t0;
		trace_scsiport_callback_leave(sp->shost->host_no, 0);

		/*
		 * Still the [M] owner: what the enable callback completed goes
		 * back to the midlayer now, not after the disable callback's
		 * register accesses.
		 */
		if (!list_empty(&sp->done)) {
			atomic_inc(&sp->finishing);
			list_splice_tail_init(&sp->done, &early);
			sp_finish_done(sp, &early);
		}

		spin_lock_irqsave(&sp->lock, *flags);
		disable = sp->disable_cb;
		sp->disable_cb = NULL;
		if (likely(disable)) {
			trace_scsiport_callback_enter(sp->shost->host_no, 1);
			sp_call_begin(sp);
			sp_hw_call(sp->win, disable, spw_sig_ext_bool, sp->dev_ext);
			sp->in_call = false;
			trace_scsiport_callback_leave(sp->shost->host_no, 1);
		} else {
			sp->stats.missing_disable++;
			sp_warn_rl(sp, "%ps returned without CallDisableInterrupts; pair ended\n",
				   enable);
		}

		/* Another pair requested from inside this one? */
		if (sp->cb_request) {
			sp->cb_request = false;
			continue;
		}
		sp->in_callback = false;

		/* Work that waited for the pair, in the order it arrived. */
		if (sp->irq_during_cb && sp_replay_interrupt(sp))
			continue;
		if (sp->timer_deferred) {
			sp->timer_deferred = false;
			if (sp_timer_call(sp))
				continue;
		}
		sp_start_next(sp);
	}
	sp_line_unmask(sp);
	return true;
}

/**
 * sp_run_callback_pair() - run the requested interrupt callback pair(s)
 * @sp: the adapter
 *
 * Also starts the requests sp_queuecommand() handed over (sp->handoff).
 *
 * Context: process context (IRQ thread or workqueue), no locks held.
 */
void sp_run_callback_pair(struct sp_host *sp)
{
	unsigned long flags;
	LIST_HEAD(refused);
	LIST_HEAD(done);
	bool finished;

	spin_lock_irqsave(&sp->lock, flags);
	/* Requests sp_queuecommand() handed over; a pair started by one runs below. */
	sp_take_handoff(sp, &refused);
	if (!sp->in_callback)
		sp_start_next(sp);
	finished = sp_run_pairs(sp, &flags);
	sp_take_done(sp, &done);
	if (finished && !sp->in_callback && wq_has_sleeper(&sp->cb_wq))
		wake_up_all(&sp->cb_wq);
	spin_unlock_irqrestore(&sp->lock, flags);

	sp_finish_failed(sp, &refused);
	sp_finish_done(sp, &done);
	if (!finished)
		sp_kick_callback(sp);
}

/**
 * sp_irq_thread() - threaded half of the adapter's interrupt
 * @irq: the interrupt number
 * @data: the adapter
 *
 * Return: IRQ_HANDLED; returning lets the core unmask a ONESHOT line.
 */
irqreturn_t sp_irq_thread(int irq, void *data)
{
	sp_run_callback_pair(data);
	return IRQ_HANDLED;
}

static void sp_cb_work(struct work_struct *work)
{
	struct sp_host *sp = container_of(work, struct sp_host, cb_work);

	sp_run_callback_pair(sp);
}

/**
 * sp_kick_callback() - get a callback pair running outside the hard handler
 * @sp: the adapter; sp->in_callback is set
 *
 * A miniport may ask for the pair from HwStartIo or HwTimer too.  With an
 * interrupt line the IRQ thread runs it; an adapter without one uses a
 * work item.
 */
void sp_kick_callback(struct sp_host *sp)
{
	if (sp->irq)
		irq_wake_thread(sp->irq, sp);
	else
		queue_work(system_highpri_wq, &sp->cb_work);
}

/**
 * sp_irq_request() - connect the adapter's interrupt
 * @sp: the adapter, with @sp->irq and @sp->irq_flags chosen
 *
 * Return: 0 or a negative errno.
 */
int sp_irq_request(struct sp_host *sp)
{
	int ret;

	INIT_WORK(&sp->cb_work, sp_cb_work);
	if (!sp->irq)
		return 0;
	/* No IRQF_ONESHOT: see "Locking" in sp_internal.h. */
	sp->mask_line = !(sp->irq_flags & IRQF_SHARED);
	ret = request_threaded_irq(sp->irq, sp_isr, sp_irq_thread,
				   sp->irq_flags, dev_name(sp->dev), sp);
	if (ret)
		dev_err(sp->dev, "cannot get interrupt %d: %d\n", sp->irq, ret);
	else
		sp->irqd = irq_get_irq_data(sp->irq);
	return ret;
}

/**
 * sp_irq_free() - disconnect the adapter's interrupt
 * @sp: the adapter, already stopped (sp->started is false)
 */
void sp_irq_free(struct sp_host *sp)
{
	unsigned long flags;

	/* A pair the stop dropped may have left the vector disabled. */
	spin_lock_irqsave(&sp->lock, flags);
	sp_line_unmask(sp);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (sp->irq)
		free_irq(sp->irq, sp);
	sp->irqd = NULL;
	cancel_work_sync(&sp->cb_work);
}

/**
 * sp_wait_no_callback() - take the port lock with no callback pair running
 * @sp: the adapter
 * @flags: saved interrupt state, as for spin_lock_irqsave()
 *
 * For the error handler and teardown, which must call the miniport.
 * Context: process context.  Returns with the port lock held.
 */
void sp_wait_no_callback(struct sp_host *sp, unsigned long *flags)
	__acquires(&sp->lock)
{
	for (;;) {
		spin_lock_irqsave(&sp->lock, *flags);
		if (!sp->in_callback)
			return;
		spin_unlock_irqrestore(&sp->lock, *flags);
		wait_event_timeout(sp->cb_wq, !READ_ONCE(sp->in_callback), HZ);
	}
}
