// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_core": the shim driving the fake miniport through
 * the real SCSI midlayer, with a simulated interrupt line.
 *
 * The fake's line is exclusive (Latched), so the shim disables it while a
 * callback pair runs: an interrupt raised meanwhile waits in the IRQ core
 * and reaches HwInterrupt afterwards.  Shared lines: scsiport_irq.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/llist.h>
#include <linux/workqueue.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "sp_fake.h"

#define FK_WAIT(cond)	wait_event_timeout(fk->wq, (cond), 5 * HZ)

static void fk_act_sync(struct kunit *test, struct fk_state *st, u8 act,
			u8 a2, u8 a3, u32 len, struct fk_cmd *cmd)
{
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, act, a2, a3, len, cmd), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(cmd, 10000), 0);
}

/* Scan: LUs 0 and 1 of target 0 exist, LU 2 and target 1 do not; data moves. */
static void sp_core_scan_and_io(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct scsi_device *sdev;
	struct fk_cmd *w = fk_cmdv(test, 1), *r = fk_cmdv(test, 1);
	u8 *pattern;
	int i;

	fk_test_up(test, st);
	for (i = 0; i < 3; i++) {
		sdev = fk_sdev(st, i);
		if (i < FK_LUNS)
			KUNIT_EXPECT_NOT_NULL_MSG(test, sdev, "LU %d missing", i);
		else
			KUNIT_EXPECT_NULL_MSG(test, sdev, "LU %d should not exist", i);
		if (sdev)
			scsi_device_put(sdev);
	}
	sdev = scsi_device_lookup(st->sp->shost, 0, 1, 0);
	KUNIT_EXPECT_NULL(test, sdev);
	if (sdev)
		scsi_device_put(sdev);

	pattern = kunit_kmalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pattern);
	for (i = 0; i < 4096; i++)
		pattern[i] = i * 7 + 3;
	KUNIT_ASSERT_EQ(test, fk_rw(st, 1, true, 8, 8, w, pattern), 0);
	KUNIT_EXPECT_EQ(test, w->result, 0);
	KUNIT_EXPECT_EQ(test, memcmp(st->lu_data[1] + 8 * 512, pattern, 4096), 0);
	fk_cmd_free(w);
	KUNIT_ASSERT_EQ(test, fk_rw(st, 1, false, 8, 8, r, NULL), 0);
	KUNIT_EXPECT_EQ(test, r->result, 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->buf, pattern, 4096), 0);
	fk_cmd_free(r);
}

/* No second HwStartIo before NextRequest; the waiting command then goes. */
static void sp_core_gating_next_request(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);
	int base, ev0, start_b;

	st->use_irq = true;
	/*
	 * The scan with NextRequest (without, each of its commands would wait
	 * for an interrupt and time out: minutes); the test without.
	 */
	fk_test_up(test, st);
	st->next = FK_NEXT_NONE;
	fk_irq(st);
	FK_WAIT(atomic_read(&st->isrs) >= 1);
	msleep(20);

	base = atomic_read(&st->starts);
	ev0 = fk_nevents(st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	FK_WAIT(atomic_read(&st->starts) >= base + 1);
	/* another LU: the midlayer sends it, the shim holds it (not ready) */
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_NOP, 0, 0, 0, b), 0);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), base + 1);
	KUNIT_EXPECT_FALSE(test, completion_done(&b->done));
	KUNIT_EXPECT_GE(test, st->sp->stats.queued_waiting, 1ULL);

	fk_irq(st);	/* completes A, sends NextRequest: B starts */
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, fk_wait(b, 5000), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), base + 2);

	/* order: START(A) ISR COMPLETE(A) START(B) */
	KUNIT_EXPECT_EQ(test, fk_event(st, ev0), FK_EV_START);
	start_b = fk_find_event(st, FK_EV_START, ev0 + 1);
	KUNIT_EXPECT_GT(test, start_b, fk_find_event(st, FK_EV_COMPLETE, ev0));
	KUNIT_EXPECT_GT(test, fk_find_event(st, FK_EV_COMPLETE, ev0),
			fk_find_event(st, FK_EV_ISR, ev0));
	fk_irq(st);
	FK_WAIT(atomic_read(&st->isrs) >= 3);
}

/* Per-LU gating: a busy LU waits for NextLuRequest while others proceed. */
static void sp_core_gating_lu(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);
	struct fk_cmd *c = fk_cmdv(test, 1);
	int base;

	st->use_irq = true;
	st->tagged = true;
	st->next = FK_NEXT_ADAPTER;
	fk_test_up(test, st);

	base = atomic_read(&st->starts);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	FK_WAIT(atomic_read(&st->starts) >= base + 1);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, b), 0);
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_HOLD, 0, 0, 0, c), 0);
	FK_WAIT(atomic_read(&st->starts) >= base + 2);
	msleep(100);
	/* LU 1's request went; LU 0's second waits for its LU. */
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), base + 2);

	st->nextlu_lun = 0;
	st->nextlu_pending = true;
	fk_irq(st);	/* NextLuRequest(0, 0, 0) only */
	FK_WAIT(atomic_read(&st->starts) >= base + 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), base + 3);
	KUNIT_EXPECT_FALSE(test, completion_done(&a->done));

	fk_irq(st);	/* complete all three */
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, fk_wait(b, 5000), 0);
	KUNIT_EXPECT_EQ(test, fk_wait(c, 5000), 0);
}

/* Completions of one interrupt are finished together, in order, unlocked. */
static void sp_core_completion_batching(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *cmd = fk_cmdv(test, 4);
	int i, base;

	st->use_irq = true;
	st->tagged = true;
	st->next = FK_NEXT_LU;
	fk_test_up(test, st);

	base = atomic_read(&st->starts);
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, &cmd[i]), 0);
		FK_WAIT(atomic_read(&st->starts) >= base + i + 1);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), base + 4);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_FALSE(test, completion_done(&cmd[i].done));
	fk_irq(st);
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, fk_wait(&cmd[i], 5000), 0);
		KUNIT_EXPECT_EQ(test, cmd[i].result, 0);
		KUNIT_EXPECT_FALSE(test, cmd[i].lock_held);
		if (i)
			KUNIT_EXPECT_GT(test, cmd[i].order, cmd[i - 1].order);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&st->isrs), 1);
}

/* A second RequestComplete of the same SRB is refused, nothing breaks. */
static void sp_core_double_completion(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);

	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_DOUBLE, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 1ULL);
	fk_act_sync(test, st, FK_ACT_FOREIGN, 0, 0, 0, b);
	KUNIT_EXPECT_EQ(test, b->result, 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_completions, 2ULL);
	fk_act_sync(test, st, FK_ACT_NOP, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
}

/* An SrbStatus nobody defines fails the command with DID_ERROR. */
static void sp_core_bogus_status(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_BOGUS_STATUS, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_ERROR);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_status, 1ULL);
}

/* DATA_OVERRUN with a shorter DataTransferLength is a residual. */
static void sp_core_underrun_residual(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_UNDERRUN, 0, 0, 4096, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, a->resid, 2048U);
	fk_cmd_free(a);
}

/* Without AutoRequestSense the shim issues REQUEST SENSE itself. */
static void sp_core_autosense_emulated(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->autosense = false;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_CHECK, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->reqsense), 1);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_OK);
	KUNIT_EXPECT_EQ(test, a->result & 0xff, SAM_STAT_CHECK_CONDITION);
	KUNIT_EXPECT_EQ(test, a->sense[0] & 0x7f, 0x70);
	KUNIT_EXPECT_EQ(test, a->sense[2] & 0x0f, ILLEGAL_REQUEST);
	KUNIT_EXPECT_EQ(test, a->sense[12], 0x24);
	KUNIT_EXPECT_EQ(test, st->sp->stats.sense_emulated, 1ULL);
	KUNIT_EXPECT_EQ(test, st->last_reqsense->QueueTag, SP_UNTAGGED);
}

/* With AutoRequestSense the miniport's sense data reaches the midlayer. */
static void sp_core_autosense_native(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->autosense = true;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_CHECK, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->reqsense), 0);
	KUNIT_EXPECT_EQ(test, a->result & 0xff, SAM_STAT_CHECK_CONDITION);
	KUNIT_EXPECT_EQ(test, a->sense[2] & 0x0f, MEDIUM_ERROR);
	KUNIT_EXPECT_EQ(test, a->sense[12], 0x11);
}

/* ScsiPortGetPhysicalAddress: data buffer, uncached extension, SrbExtension, junk. */
static void sp_core_physical_addresses(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);
	u64 bad0;

	st->uncached_len = 4096;
	fk_test_up(test, st);
	bad0 = st->sp->stats.bad_addresses;
	fk_act_sync(test, st, FK_ACT_PHYS, 0, 0, 8192, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, st->phys_data, st->phys_expect);
	KUNIT_EXPECT_EQ(test, st->phys_data_len, st->phys_expect_len);
	KUNIT_EXPECT_NE(test, st->phys_data, 0ULL);
	KUNIT_EXPECT_EQ(test, st->phys_unc, (u64)st->sp->uncached_dma + 100);
	KUNIT_EXPECT_EQ(test, st->phys_unc_len, 4096U - 100);
	KUNIT_EXPECT_PTR_EQ(test, st->virt_back, st->sp->uncached + 100);
	KUNIT_EXPECT_GE(test, st->phys_srbext, (u64)st->sp->pool_dma);
	KUNIT_EXPECT_LT(test, st->phys_srbext, (u64)st->sp->pool_dma + st->sp->pool_len);
	KUNIT_EXPECT_EQ(test, st->phys_srbext % 16, 0ULL);
	KUNIT_EXPECT_EQ(test, st->phys_bad, 0ULL);
	KUNIT_EXPECT_EQ(test, st->phys_bad_len, 0U);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_addresses, bad0 + 1);
	fk_cmd_free(a);
}

/*
 * A miniport that writes SenseInfoBuffer, or the DataBuffer of the shim's
 * REQUEST SENSE, after filling the buffer it was given: the sense data is
 * taken from the shim's buffer, never from where the field now points.
 */
static void sp_core_sense_source_fixed(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->autosense = true;
	st->move_buffers = true;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_CHECK, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, a->result & 0xff, SAM_STAT_CHECK_CONDITION);
	KUNIT_EXPECT_EQ(test, a->sense[0] & 0x7f, 0x70);
	KUNIT_EXPECT_EQ(test, a->sense[2] & 0x0f, MEDIUM_ERROR);
	KUNIT_EXPECT_EQ(test, a->sense[12], 0x11);
}

static void sp_core_sense_source_fixed_emulated(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->move_buffers = true;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_CHECK, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->reqsense), 1);
	KUNIT_EXPECT_EQ(test, a->sense[0] & 0x7f, 0x70);
	KUNIT_EXPECT_EQ(test, a->sense[2] & 0x0f, ILLEGAL_REQUEST);
	KUNIT_EXPECT_EQ(test, a->sense[12], 0x24);
}

/* A moved DataBuffer is not the data: GetPhysicalAddress refuses it. */
static void sp_core_phys_moved_buffer(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);
	u64 bad0;

	fk_test_up(test, st);
	bad0 = st->sp->stats.bad_addresses;
	fk_act_sync(test, st, FK_ACT_PHYS_MOVED, 0, 0, 8192, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, st->phys_moved, 0ULL);
	KUNIT_EXPECT_EQ(test, st->phys_moved_len, 0U);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bad_addresses, bad0 + 1);
	fk_cmd_free(a);
}

/*
 * MaximumNumberOfLogicalUnits is a count: LUN 4 of the fake's 4 is never
 * created (the midlayer's REPORT LUNS scan would admit it).
 */
static void sp_core_lun_limit(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct scsi_device *sdev;

	fk_test_up(test, st);
	KUNIT_EXPECT_EQ(test, st->sp->shost->max_lun, 4ULL);
	sdev = __scsi_add_device(st->sp->shost, 0, 0, 4, NULL);
	KUNIT_EXPECT_TRUE(test, IS_ERR(sdev));
	if (!IS_ERR(sdev)) {
		scsi_remove_device(sdev);
		scsi_device_put(sdev);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&st->lun_over), 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.luns_refused, 1ULL);
}

/* A MaximumTransferLength below a page holds: larger requests never go. */
static void sp_core_small_max_transfer(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);
	u64 n0;

	st->max_transfer = 2048;
	fk_test_up(test, st);
	/* (the scan's own larger INQUIRYs were refused already) */
	n0 = st->sp->stats.too_long;
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, false, 0, 4, a, NULL), 0);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, false, 0, 8, b, NULL), 0);
	KUNIT_EXPECT_EQ(test, b->result & 0xff, SAM_STAT_CHECK_CONDITION);
	KUNIT_EXPECT_EQ(test, b->sense[2] & 0x0f, ILLEGAL_REQUEST);
	KUNIT_EXPECT_LE(test, st->max_xfer_seen, 2048U);
	KUNIT_EXPECT_EQ(test, st->sp->stats.too_long, n0 + 1);
	fk_cmd_free(a);
	fk_cmd_free(b);
}

/* Fragmented memory: no atomic allocation of a bounce buffer succeeds. */
static void *fk_no_bounce(struct sp_host *sp, size_t len)
{
	return NULL;
}

/*
 * MapBuffers with requests of several segments under memory pressure: the
 * reserve buffers serve the bounces, and data moves (before, every request
 * came back HOST_BUSY for as long as the allocator had nothing).
 */
static void sp_core_bounce_reserve(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *w = fk_cmdv(test, 1), *r = fk_cmdv(test, 1);
	u8 *pattern = kunit_kmalloc(test, 16 * 512, GFP_KERNEL);
	u64 b0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, pattern);
	for (i = 0; i < 16 * 512; i++)
		pattern[i] = i * 7 + 3;
	st->vmalloc_data = true;
	fk_test_up(test, st);
	b0 = st->sp->stats.bounced;
	kunit_activate_static_stub(test, sp_bounce_alloc, fk_no_bounce);
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, true, 8, 16, w, pattern), 0);
	KUNIT_EXPECT_EQ(test, w->result, 0);
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, false, 8, 16, r, NULL), 0);
	KUNIT_EXPECT_EQ(test, r->result, 0);
	kunit_deactivate_static_stub(test, sp_bounce_alloc);
	KUNIT_EXPECT_EQ(test, memcmp(r->buf, pattern, 16 * 512), 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bounced, b0 + 2);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bounce_reserve, 2ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bounce_nomem, 0ULL);
	KUNIT_EXPECT_EQ(test, st->sp->bounce_res_busy, 0UL);
	fk_cmd_free(w);
	fk_cmd_free(r);
}

/* A bounced read completed by the hard handler is copied back by its thread. */
static void sp_core_bounce_copy_in_thread(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *w = fk_cmdv(test, 1), *r = fk_cmdv(test, 1);
	u8 *pattern = kunit_kmalloc(test, 16 * 512, GFP_KERNEL);
	u8 cdb[10] = { READ_10, 0, 0, 0, 0, 0, 0, 0, 16 };
	struct scsi_device *sdev;
	int i, ret;

	KUNIT_ASSERT_NOT_NULL(test, pattern);
	for (i = 0; i < 16 * 512; i++)
		pattern[i] = i * 13 + 1;
	st->use_irq = true;
	st->vmalloc_data = true;
	fk_test_up(test, st);
	KUNIT_EXPECT_EQ(test, fk_rw(st, 1, true, 0, 16, w, pattern), 0);
	st->hold_reads = true;
	sdev = fk_sdev(st, 1);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	ret = fk_submit(st, sdev, cdb, sizeof(cdb), false, 16 * 512, NULL, r);
	scsi_device_put(sdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_GT(test, wait_event_timeout(st->wq, st->nheld == 1, 5 * HZ), 0L);
	fk_irq(st);
	KUNIT_ASSERT_EQ(test, fk_wait(r, 10000), 0);
	KUNIT_EXPECT_EQ(test, r->result, 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->buf, pattern, 16 * 512), 0);
	KUNIT_EXPECT_EQ(test, st->sp->stats.bounce_deferred, 1ULL);
	fk_cmd_free(w);
	fk_cmd_free(r);
}

/* ScsiPortGetSrb finds the SRB by address and tag, and nothing else. */
static void sp_core_get_srb(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->tagged = true;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_GETSRB, 0, 0, 0, a);
	KUNIT_EXPECT_PTR_EQ(test, st->getsrb_hit, st->getsrb_self);
	KUNIT_EXPECT_NULL(test, st->getsrb_wrong_lun);
	KUNIT_EXPECT_NULL(test, st->getsrb_wrong_tag);
}

static void sp_core_get_srb_untagged(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->tagged = false;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_GETSRB, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, st->getsrb_self->QueueTag, SP_UNTAGGED);
	KUNIT_EXPECT_PTR_EQ(test, st->getsrb_hit, st->getsrb_self);
	KUNIT_EXPECT_NULL(test, st->getsrb_wrong_lun);
}

/* LU extensions exist per scanned LU, persist, and are NULL for others. */
static void sp_core_lu_extension(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);
	void *lu0;

	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_LUEXT, 0, 0, 0, a);
	lu0 = st->luext_own;
	KUNIT_EXPECT_NOT_NULL(test, lu0);
	KUNIT_EXPECT_NULL(test, st->luext_missing);
	KUNIT_EXPECT_EQ(test, st->luext_uses, 1U);
	fk_act_sync(test, st, FK_ACT_LUEXT, 0, 0, 0, a);
	KUNIT_EXPECT_PTR_EQ(test, st->luext_own, lu0);
	KUNIT_EXPECT_EQ(test, st->luext_uses, 2U);
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_LUEXT, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_PTR_NE(test, st->luext_own, lu0);
	KUNIT_EXPECT_EQ(test, st->luext_uses, 1U);
}

/* RequestTimerCall re-armed from HwTimer fires again; HwTimer runs locked. */
static void sp_core_timer_rearm(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);
	ktime_t t0;

	fk_test_up(test, st);
	t0 = ktime_get();
	fk_act_sync(test, st, FK_ACT_TIMER, 2, 4, 0, a);
	FK_WAIT(atomic_read(&st->timers) >= 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->timers), 5);
	KUNIT_EXPECT_GE(test, ktime_us_delta(ktime_get(), t0), 6000LL);
	KUNIT_EXPECT_TRUE(test, st->timer_lock_held);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->timers), 5);
}

/* RequestTimerCall with 0 cancels the pending call. */
static void sp_core_timer_cancel(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_TIMER, 100, 0, 0, a);
	fk_act_sync(test, st, FK_ACT_TIMER_CANCEL, 0, 0, 0, a);
	msleep(250);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->timers), 0);
}

/* The callback pair: order, contexts, and the lock. */
static void sp_core_pair_order(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);
	int ev0, isr, en, done, dis;

	st->use_irq = true;
	st->use_pair = true;
	fk_test_up(test, st);
	ev0 = fk_nevents(st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_ASSERT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	FK_WAIT(atomic_read(&st->disable_cbs) >= 1);

	isr = fk_find_event(st, FK_EV_ISR, ev0);
	en = fk_find_event(st, FK_EV_ENABLE_CB, ev0);
	done = fk_find_event(st, FK_EV_COMPLETE, ev0);
	dis = fk_find_event(st, FK_EV_DISABLE_CB, ev0);
	KUNIT_EXPECT_GE(test, isr, 0);
	KUNIT_EXPECT_GT(test, en, isr);
	KUNIT_EXPECT_GT(test, done, en);
	KUNIT_EXPECT_GT(test, dis, done);
	/* Enable callback: thread context, interrupts on, port lock free. */
	KUNIT_EXPECT_FALSE(test, st->cb_irqs_disabled);
	KUNIT_EXPECT_FALSE(test, st->cb_in_interrupt);
	KUNIT_EXPECT_FALSE(test, st->cb_lock_held);
	/* Disable callback: under the port lock with interrupts off. */
	KUNIT_EXPECT_TRUE(test, st->dis_irqs_disabled);
	KUNIT_EXPECT_TRUE(test, st->dis_lock_held);
	KUNIT_EXPECT_EQ(test, st->sp->stats.callbacks, 1ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.missing_disable, 0ULL);
}

/* During the pair: StartIo is deferred, an interrupt is held back and replayed. */
static void sp_core_pair_defers(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);
	int starts, isrs;

	st->use_irq = true;
	st->use_pair = true;
	st->gate_cb = true;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&st->cb_entered, 5 * HZ), 0UL);

	/* The enable callback is running (and waiting on the gate). */
	starts = atomic_read(&st->starts);
	isrs = atomic_read(&st->isrs);
	/* LU 1: LU 0's queue depth of one would keep it in the block layer. */
	KUNIT_ASSERT_EQ(test, fk_act(st, 1, FK_ACT_NOP, 0, 0, 0, b), 0);
	fk_irq(st);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), starts);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->isrs), isrs);
	KUNIT_EXPECT_FALSE(test, completion_done(&b->done));
	KUNIT_EXPECT_GE(test, st->sp->stats.deferred_start, 1ULL);
	/* The vector is disabled for the pair: the IRQ core holds it. */
	KUNIT_EXPECT_EQ(test, st->sp->stats.irq_during_callback, 0ULL);

	st->gate_cb = false;
	complete(&st->cb_gate);
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, fk_wait(b, 5000), 0);
	/* The held-back interrupt was delivered after the pair. */
	FK_WAIT(atomic_read(&st->isrs) >= isrs + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->isrs), isrs + 1);
	KUNIT_EXPECT_FALSE(test, st->cb_isr_ran);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->starts), starts + 1);
}

/* A pair without CallDisableInterrupts is ended, counted, and recovered. */
static void sp_core_pair_missing_disable(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);

	st->use_irq = true;
	st->use_pair = true;
	st->skip_disable = true;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, a), 0);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, st->sp->stats.missing_disable, 1ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->disable_cbs), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(st->sp->in_callback));

	st->skip_disable = false;
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, b), 0);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_EXPECT_EQ(test, fk_wait(b, 5000), 0);
	FK_WAIT(atomic_read(&st->disable_cbs) >= 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->disable_cbs), 1);
}

struct fk_act_work {
	struct work_struct work;
	struct fk_state *st;
	unsigned int lun;
	u8 action;
	struct fk_cmd *cmd;
	int ret;
};

static void fk_act_fn(struct work_struct *work)
{
	struct fk_act_work *aw = container_of(work, struct fk_act_work, work);

	aw->ret = fk_act(aw->st, aw->lun, aw->action, 0, 0, 0, aw->cmd);
}

/*
 * While HwStartIo holds the port lock on one CPU, a request submitted on
 * another does not wait for the lock: it goes to sp->handoff, and the IRQ
 * thread starts it once the lock is free.  Both submissions run in work
 * items bound to their CPUs, the second queued by the stalling HwStartIo
 * itself: the test thread may sit on either CPU, behind the stall.
 */
static void sp_core_handoff(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1), *b = fk_cmdv(test, 1);
	struct fk_act_work sw = { .st = st, .lun = 0, .action = FK_ACT_STALL,
				  .cmd = a, .ret = -EINPROGRESS };
	/* LU 1: LU 0's queue depth of one would keep it in the block layer. */
	struct fk_act_work ww = { .st = st, .lun = 1, .action = FK_ACT_WHO,
				  .cmd = b, .ret = -EINPROGRESS };
	unsigned int stall_cpu;

	stall_cpu = cpumask_first(cpu_online_mask);
	st->stall_then_cpu = cpumask_next(stall_cpu, cpu_online_mask);
	if (st->stall_then_cpu >= nr_cpu_ids)
		kunit_skip(test, "needs two CPUs");
	st->use_irq = true;
	fk_test_up(test, st);

	INIT_WORK_ONSTACK(&sw.work, fk_act_fn);
	INIT_WORK_ONSTACK(&ww.work, fk_act_fn);
	st->stall_then = &ww.work;
	queue_work_on(stall_cpu, system_highpri_wq, &sw.work);
	flush_work(&sw.work);
	flush_work(&ww.work);
	st->stall_then = NULL;
	destroy_work_on_stack(&ww.work);
	destroy_work_on_stack(&sw.work);
	KUNIT_ASSERT_EQ(test, sw.ret, 0);
	KUNIT_ASSERT_EQ(test, ww.ret, 0);
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, fk_wait(b, 5000), 0);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, b->result, 0);
	KUNIT_EXPECT_TRUE(test, st->who_irq_thread);
	KUNIT_EXPECT_EQ(test, st->sp->stats.handed_off, 1ULL);
	KUNIT_EXPECT_TRUE(test, llist_empty(&st->sp->handoff));
}

/* CallEnableInterrupts from HwStartIo, with and without an interrupt line. */
static void sp_core_pair_from_startio(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->use_irq = true;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_PAIR, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->enable_cbs), 1);
	KUNIT_EXPECT_FALSE(test, st->cb_in_interrupt);
	KUNIT_EXPECT_FALSE(test, st->cb_lock_held);
	FK_WAIT(atomic_read(&st->disable_cbs) >= 1);
}

static void sp_core_pair_no_irq(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = fk_cmdv(test, 1);

	st->use_irq = false;
	fk_test_up(test, st);
	fk_act_sync(test, st, FK_ACT_PAIR, 0, 0, 0, a);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->enable_cbs), 1);
	KUNIT_EXPECT_FALSE(test, st->cb_irqs_disabled);
}

/* HwFindAdapter answers become the documented ScsiPortInitialize status. */
static void sp_core_find_adapter_results(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);

	st->find_override = true;
	st->find_ret = SP_RETURN_NOT_FOUND;
	KUNIT_EXPECT_EQ(test, fk_start(test, st), (ULONG)STATUS_DEVICE_DOES_NOT_EXIST);
	KUNIT_EXPECT_NULL(test, st->sp);
	fk_stop(st);
	st->find_ret = SP_RETURN_BAD_CONFIG;
	KUNIT_EXPECT_EQ(test, fk_start(test, st), (ULONG)STATUS_INVALID_PARAMETER);
	fk_stop(st);
	st->find_ret = SP_RETURN_ERROR;
	KUNIT_EXPECT_EQ(test, fk_start(test, st), (ULONG)STATUS_INVALID_PARAMETER);
}

static struct kunit_case sp_core_cases[] = {
	KUNIT_CASE(sp_core_scan_and_io),
	KUNIT_CASE(sp_core_gating_next_request),
	KUNIT_CASE(sp_core_gating_lu),
	KUNIT_CASE(sp_core_completion_batching),
	KUNIT_CASE(sp_core_double_completion),
	KUNIT_CASE(sp_core_bogus_status),
	KUNIT_CASE(sp_core_underrun_residual),
	KUNIT_CASE(sp_core_autosense_emulated),
	KUNIT_CASE(sp_core_autosense_native),
	KUNIT_CASE(sp_core_physical_addresses),
	KUNIT_CASE(sp_core_sense_source_fixed),
	KUNIT_CASE(sp_core_sense_source_fixed_emulated),
	KUNIT_CASE(sp_core_phys_moved_buffer),
	KUNIT_CASE(sp_core_lun_limit),
	KUNIT_CASE(sp_core_small_max_transfer),
	KUNIT_CASE(sp_core_bounce_reserve),
	KUNIT_CASE(sp_core_bounce_copy_in_thread),
	KUNIT_CASE(sp_core_get_srb),
	KUNIT_CASE(sp_core_get_srb_untagged),
	KUNIT_CASE(sp_core_lu_extension),
	KUNIT_CASE(sp_core_timer_rearm),
	KUNIT_CASE(sp_core_timer_cancel),
	KUNIT_CASE(sp_core_pair_order),
	KUNIT_CASE(sp_core_pair_defers),
	KUNIT_CASE(sp_core_pair_missing_disable),
	KUNIT_CASE(sp_core_pair_from_startio),
	KUNIT_CASE(sp_core_pair_no_irq),
	KUNIT_CASE_SLOW(sp_core_handoff),
	KUNIT_CASE(sp_core_find_adapter_results),
	{}
};

static struct kunit_suite sp_core_suite = {
	.name = "scsiport_core",
	.exit = fk_test_exit,
	.test_cases = sp_core_cases,
};

kunit_test_suite(sp_core_suite);
