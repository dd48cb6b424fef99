// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_eh": the midlayer's error handler driving the fake
 * miniport.  A command the fake holds times out after a second; the
 * midlayer then asks for an abort, a device reset, a bus reset, as each
 * fails, and the shim must end each step owning exactly what it says it
 * owns: a command it called done for must never be touched again, even
 * when the same private area carries the next command.
 */
#include <kunit/test.h>
#include <linux/blk-mq.h>
#include <linux/delay.h>
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_proto.h>

#include "sp_fake.h"

/* Time-out of the held command, and how long its whole recovery may take. */
#define EH_TIMEOUT_MS	1000
#define EH_WAIT_MS	30000

static struct fk_state *eh_new(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);

	st->use_irq = true;
	st->rq_timeout_ms = EH_TIMEOUT_MS;
	return st;
}

/* After recovery the LU takes commands again: a plain NOP completes. */
static void eh_lu_works(struct kunit *test, struct fk_state *st,
			unsigned int lun)
{
	struct fk_cmd *c = fk_cmdv(test, 1);

	st->rq_timeout_ms = 0;
	KUNIT_ASSERT_EQ(test, fk_act(st, lun, FK_ACT_NOP, 0, 0, 0, c), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(c, 10000), 0);
	KUNIT_EXPECT_EQ(test, c->result, 0);
}

/* The miniport gives the command back when asked: one abort is enough. */
static void eh_abort_completes(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->abort_mode = FK_ABORT_COMPLETE;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_TIME_OUT);
	KUNIT_EXPECT_EQ(test, st->sp->stats.aborts, 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->aborts_seen), 1);
	KUNIT_EXPECT_EQ(test, st->sp->stats.device_resets, 0ULL);
	KUNIT_EXPECT_EQ(test, st->nheld, 0U);
	eh_lu_works(test, st, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
}

/* The abort leaves it held; the device reset completes it. */
static void eh_device_reset(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->reset_mode = FK_RESET_COMPLETE;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_NE(test, a->result, 0);
	KUNIT_EXPECT_GE(test, atomic_read(&st->aborts_seen), 1);
	KUNIT_EXPECT_EQ(test, st->sp->stats.device_resets, 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->device_resets_seen), 1);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bus_resets, 0ULL);
	KUNIT_EXPECT_EQ(test, st->nheld, 0U);
	eh_lu_works(test, st, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
}

/* Abort and device reset both fail: HwResetBus completes everything. */
static void eh_bus_reset(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->reset_mode = FK_RESET_FAIL;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_NE(test, a->result, 0);
	KUNIT_EXPECT_GE(test, st->sp->stats.device_resets, 1ULL);
	KUNIT_EXPECT_GE(test, st->sp->stats.bus_resets, 1ULL);
	KUNIT_EXPECT_EQ(test, st->nheld, 0U);
	eh_lu_works(test, st, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
}

/*
 * A device reset the miniport answers with success while it keeps the SRB:
 * the shim takes it back (DID_RESET) and a late RequestComplete of it is
 * refused, not applied to anything.
 */
static void eh_reset_reclaims(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->reset_mode = FK_RESET_KEEP;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_NE(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.device_resets, 1ULL);
	KUNIT_EXPECT_EQ(test, st->nheld, 1U);
	KUNIT_EXPECT_EQ(test, st->sp->stats.parked, 1ULL);
	/* the miniport completes it now: nobody's any more */
	fk_irq(st);
	KUNIT_EXPECT_GT(test, wait_event_timeout(st->wq, !st->nheld, 5 * HZ), 0L);
	msleep(50);
	KUNIT_EXPECT_EQ(test, st->sp->stats.late_completions, 1ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
	eh_lu_works(test, st, 0);
}

/*
 * The same, but the midlayer reuses the command's tag (one tag, so the
 * same private area too) before the miniport completes the SRB the reset
 * took back: that late completion must not finish the new command, which
 * the miniport holds as well.
 */
static void eh_reset_late_reuse(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);

	st->reset_mode = FK_RESET_KEEP;
	st->max_queue = 1;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, st->sp->shost->can_queue, 1);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_RESET);
	KUNIT_ASSERT_EQ(test, st->nheld, 1U);

	/* the same tag again, held by the miniport too */
	st->rq_timeout_ms = 0;
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_HOLD, 0, 0, 0, b), 0);
	KUNIT_ASSERT_GT(test, wait_event_timeout(st->wq, st->nheld == 2, 5 * HZ), 0L);
	KUNIT_EXPECT_PTR_NE(test, st->held[0], st->held[1]);

	/* the late completion of the old SRB only */
	st->drain_one = true;
	fk_irq(st);
	KUNIT_EXPECT_GT(test, wait_event_timeout(st->wq, st->nheld == 1, 5 * HZ), 0L);
	msleep(50);
	KUNIT_EXPECT_FALSE(test, completion_done(&b->done));
	KUNIT_EXPECT_EQ(test, st->sp->stats.late_completions, 1ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);

	/* now b's own completion */
	fk_irq(st);
	KUNIT_ASSERT_EQ(test, fk_wait(b, 10000), 0);
	KUNIT_EXPECT_EQ(test, b->result, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
	st->drain_one = false;
	eh_lu_works(test, st, 0);
}

/*
 * A miniport without autosense answers CHECK CONDITION; the shim's REQUEST
 * SENSE for it stalls in the miniport past the command's time-out, and the
 * abort succeeds.  The next command gets the same private area (one tag);
 * when the stalled REQUEST SENSE finally completes, it must not finish
 * that next command.
 */
static void eh_sense_stall_abort(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);

	st->hold_reqsense = true;
	st->max_queue = 1;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, st->sp->shost->can_queue, 1);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_CHECK, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, EH_WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_TIME_OUT);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->reqsense), 1);
	KUNIT_EXPECT_EQ(test, st->nheld, 1U);	/* the REQUEST SENSE */

	/* The same tag on the other LU, held too. */
	st->rq_timeout_ms = 0;
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_HOLD, 0, 0, 0, b), 0);
	KUNIT_EXPECT_GT(test, wait_event_timeout(st->wq, st->nheld == 2, 5 * HZ), 0L);
	/* Both complete, the REQUEST SENSE first. */
	fk_irq(st);
	KUNIT_ASSERT_EQ(test, fk_wait(b, 10000), 0);
	KUNIT_EXPECT_EQ(test, b->result, 0);
	KUNIT_EXPECT_EQ(test, b->sense[0], 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_status, 0ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.sense_detached, 1ULL);
	eh_lu_works(test, st, 0);
}

/*
 * An IOCTL SRB the miniport keeps past its time-out is orphaned; its LU is
 * then deleted (echo 1 > .../delete does this).  When the miniport finally
 * completes it, the LU's state it updates must still be there: KASAN
 * reports a use-after-free here when the LU is freed at deletion.
 */
static void eh_orphan_outlives_lu(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct fk_cmd *d = fk_cmdv(test, 1);
	struct scsi_device *sdev;
	struct sp_cmd *ic;
	struct sp_lu *lu;

	st->hold_ioctl = true;
	fk_test_up(test, st);
	sdev = fk_sdev(st, 1);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	lu = sdev->hostdata;
	ic = sp_internal_get(st->sp);
	KUNIT_ASSERT_NOT_NULL(test, ic);
	sp_internal_prepare(st->sp, ic, lu, SRB_FUNCTION_IO_CONTROL);
	KUNIT_ASSERT_EQ(test, sp_internal_issue(st->sp, ic, 1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, st->nheld, 1U);

	scsi_remove_device(sdev);
	scsi_device_put(sdev);
	kvfree_rcu_barrier();	/* a freed LU is gone for good now */

	/* LU 0's HwStartIo completes the orphan, in this thread */
	st->rq_timeout_ms = 0;
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_DRAIN, 0, 0, 0, d), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(d, 10000), 0);
	KUNIT_EXPECT_EQ(test, d->result, 0);
	KUNIT_EXPECT_EQ(test, st->nheld, 0U);
	KUNIT_EXPECT_EQ(test, READ_ONCE(st->sp->internal_busy), 0UL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 0ULL);
}

/*
 * A command sp_queuecommand() handed over to the IRQ thread (it found the
 * port lock taken) and that the thread has not taken yet: the abort must
 * take it back from the hand-over list, not answer SUCCESS and leave it
 * there - queued again by the midlayer, it would be added to the llist a
 * second time, a cycle sp_take_handoff() would spin on with interrupts off.
 * The hand-over is made here as sp_queuecommand() makes it.
 */
static void eh_abort_handed_over(struct kunit *test)
{
	struct fk_state *st = eh_new(test);
	struct scsi_device *sdev;
	struct scsi_cmnd *scmd;
	struct request *rq;
	unsigned long flags;
	struct sp_cmd *c;

	fk_test_up(test, st);
	sdev = fk_sdev(st, 0);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	rq = scsi_alloc_request(sdev->request_queue, REQ_OP_DRV_IN, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rq));
	scmd = blk_mq_rq_to_pdu(rq);
	scmd->device = sdev;
	c = scsi_cmd_priv(scmd);
	memset(c, 0, sizeof(*c));
	INIT_LIST_HEAD(&c->node);
	c->scmd = scmd;
	c->lu = sdev->hostdata;
	spin_lock_irqsave(&st->sp->lock, flags);
	c->state = SP_CMD_HANDOFF;
	llist_add(&c->hnode, &st->sp->handoff);
	spin_unlock_irqrestore(&st->sp->lock, flags);

	KUNIT_EXPECT_EQ(test, sp_eh_abort(scmd), SUCCESS);
	KUNIT_EXPECT_TRUE(test, llist_empty(&st->sp->handoff));
	KUNIT_EXPECT_EQ(test, c->state, (u8)SP_CMD_IDLE);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->node));
	KUNIT_EXPECT_TRUE(test, list_empty(&st->sp->pending));
	blk_mq_free_request(rq);
	scsi_device_put(sdev);
	eh_lu_works(test, st, 0);
}

static struct kunit_case sp_eh_cases[] = {
	KUNIT_CASE_SLOW(eh_abort_completes),
	KUNIT_CASE_SLOW(eh_device_reset),
	KUNIT_CASE_SLOW(eh_bus_reset),
	KUNIT_CASE_SLOW(eh_reset_reclaims),
	KUNIT_CASE_SLOW(eh_reset_late_reuse),
	KUNIT_CASE_SLOW(eh_sense_stall_abort),
	KUNIT_CASE_SLOW(eh_orphan_outlives_lu),
	KUNIT_CASE(eh_abort_handed_over),
	{}
};

static struct kunit_suite sp_eh_suite = {
	.name = "scsiport_eh",
	.exit = fk_test_exit,
	.test_cases = sp_eh_cases,
};

kunit_test_suite(sp_eh_suite);
