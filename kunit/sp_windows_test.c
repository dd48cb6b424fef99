// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_windows": Windows behaviour that miniports written
 * for Windows rely on, as the first third-party miniport (nvme2k) showed:
 * SRB_STATUS_BUSY held and sent again without spending the command's
 * retries, a miniport that holds fewer requests than can_queue throttled,
 * QueueTag never 0, no miniport routine after ScsiStopAdapter, FLUSH and
 * SHUTDOWN for an adapter that caches data, and the configuration-space
 * accesses of a miniport that scans PCI itself (BAR sizing; functions
 * another driver drives are never written).
 *
 * The PCI case needs a function no driver drives: the KUnit VM has a
 * pvscsi HBA (15AD:07C0) whose Linux driver is not loaded there.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/pci.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "sp_fake.h"

#define FK_WAIT(cond)	wait_event_timeout(fk->wq, (cond), 5 * HZ)

static u64 fk_stat_busy(struct fk_state *st)
{
	return READ_ONCE(st->sp->stats.busy_requeued);
}

/*
 * BUSY three times: the command is held and sent again, and succeeds
 * although it may not be retried at all (allowed = 0, as fail-fast).
 */
static void sp_win_busy_requeue(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);

	fk_test_up(test, st);
	atomic_set(&st->busy_answers, 3);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_BUSY, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, 10000), 0);
	KUNIT_EXPECT_EQ(test, a->result, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->busy_sent), 3);
	KUNIT_EXPECT_EQ(test, fk_stat_busy(st), 3ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.busy_gave_up, 0ULL);
}

/* ... but not forever: after SP_BUSY_MAX_TRIES it is the midlayer's. */
static void sp_win_busy_bounded(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);

	fk_test_up(test, st);
	atomic_set(&st->busy_answers, SP_BUSY_MAX_TRIES + 10);
	KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_BUSY, 0, 0, 0, a), 0);
	KUNIT_ASSERT_EQ(test, fk_wait(a, 20000), 0);
	KUNIT_EXPECT_EQ(test, host_byte(a->result), DID_BUS_BUSY);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->busy_sent), SP_BUSY_MAX_TRIES + 1);
	KUNIT_EXPECT_EQ(test, st->sp->stats.busy_gave_up, 1ULL);
}

/*
 * A miniport that holds 4 requests and answers BUSY to a fifth: 12 at once
 * all complete, none fails, and the adapter is throttled.
 */
static void sp_win_throttle(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *c = kunit_kcalloc(test, 12, sizeof(*c), GFP_KERNEL);
	unsigned long end;
	int i, done;

	st->use_irq = true;
	st->tagged = true;
	st->next = FK_NEXT_LU;	/* more than one request per LU */
	st->capacity = 4;
	fk_test_up(test, st);
	for (i = 0; i < 12; i++)
		KUNIT_ASSERT_EQ(test, fk_act(st, 0, FK_ACT_HOLD, 0, 0, 0, &c[i]), 0);
	end = jiffies + 10 * HZ;
	do {
		fk_irq(st);		/* the held ones complete */
		usleep_range(5000, 6000);
		for (done = 0, i = 0; i < 12; i++)
			done += completion_done(&c[i].done);
	} while (done < 12 && time_before(jiffies, end));
	KUNIT_ASSERT_EQ(test, done, 12);
	for (i = 0; i < 12; i++)
		KUNIT_EXPECT_EQ_MSG(test, c[i].result, 0, "command %d", i);
	KUNIT_EXPECT_GT(test, atomic_read(&st->busy_sent), 0);
	KUNIT_EXPECT_EQ(test, fk_stat_busy(st), (u64)atomic_read(&st->busy_sent));
	KUNIT_EXPECT_EQ(test, st->sp->stats.busy_gave_up, 0ULL);
	KUNIT_EXPECT_GT(test, st->sp->stats.throttled, 0ULL);
	KUNIT_EXPECT_LT(test, st->sp->throttle, (u32)st->sp->shost->can_queue);
}

/*
 * Tagged requests in nearly every slot, spread over both LUs (blk-mq shares
 * the host's tags fairly among the busy LUs): tags 1 to can_queue, never 0.
 */
static void sp_win_tag_never_zero(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	unsigned int n, i;
	struct fk_cmd *c;

	st->use_irq = true;
	st->tagged = true;
	st->next = FK_NEXT_LU;
	fk_test_up(test, st);
	n = min_t(unsigned int, st->sp->shost->can_queue, FK_MAX_HELD) - FK_LUNS;
	c = kunit_kcalloc(test, n, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	bitmap_zero(st->tags_seen, 256);
	atomic_set(&st->tagged_starts, 0);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, fk_act(st, i % FK_LUNS, FK_ACT_HOLD, 0, 0, 0, &c[i]), 0);
	FK_WAIT(atomic_read(&st->tagged_starts) >= n);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->tagged_starts), (int)n);
	KUNIT_EXPECT_FALSE(test, test_bit(0, st->tags_seen));
	KUNIT_EXPECT_FALSE(test, test_bit(SP_UNTAGGED, st->tags_seen));
	KUNIT_EXPECT_EQ(test, bitmap_weight(st->tags_seen, 256), n);
	KUNIT_EXPECT_LE(test, find_last_bit(st->tags_seen, 256),
			(unsigned long)st->sp->shost->can_queue);
	fk_irq(st);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, fk_wait(&c[i], 5000), 0);
		KUNIT_EXPECT_EQ(test, c[i].result, 0);
	}
}

static int fk_find(struct fk_state *st, u8 ev, int from)
{
	return fk_find_event(st, ev, from);
}

/*
 * ScsiStopAdapter arms a 100 us timer and is still busy when it is due:
 * the timer must not run once ScsiStopAdapter returned - until the
 * adapter is restarted - and neither may HwInterrupt.
 */
static void sp_win_no_call_after_stop(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	u8 cdb[6] = { FK_OP, FK_ACT_TIMER, 1, 0 };
	struct scsi_device *sdev;
	int isrs;

	st->use_irq = true;
	st->adapter_control = true;
	st->stop_timer_us = 100;
	st->stop_stall_us = 2000;
	fk_test_up(test, st);
	st->nevents = 0;	/* the scan's events */
	KUNIT_ASSERT_EQ(test, sp_host_suspend(st->sp), 0);
	KUNIT_EXPECT_GE(test, fk_find(st, FK_EV_STOP, 0), 0);
	isrs = atomic_read(&st->isrs);
	fk_irq(st);
	msleep(50);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&st->timers), 0,
			    "HwTimer ran after ScsiStopAdapter returned");
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&st->isrs), isrs,
			    "HwInterrupt ran on a stopped adapter");

	KUNIT_ASSERT_EQ(test, sp_host_resume(st->sp), 0);
	KUNIT_EXPECT_GE(test, fk_find(st, FK_EV_RESTART, 0), 0);
	/* restarted: timers run again */
	sdev = fk_sdev(st, 0);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	KUNIT_ASSERT_EQ(test, fk_exec(st, sdev, cdb, sizeof(cdb), false, 0, a), 0);
	scsi_device_put(sdev);
	FK_WAIT(atomic_read(&st->timers) >= 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->timers), 1);
}

/* One synchronous FK_ACT_TIMER (@ms milliseconds) or FK_ACT_TIMER_CANCEL. */
static int fk_timer_cmd(struct fk_state *st, struct scsi_device *sdev, u8 act,
			u8 ms, struct fk_cmd *cmd)
{
	u8 cdb[6] = { FK_OP, act, ms, 0 };

	return fk_exec(st, sdev, cdb, sizeof(cdb), false, 0, cmd);
}

/*
 * A watchdog as nvme2k keeps one: a 50 ms RequestTimerCall armed for every
 * request and cancelled when it completes.  It never runs, and it costs
 * about one hrtimer start per 50 ms, not one per request.  Re-arming for
 * later moves the call later: it runs once, no earlier than asked.
 */
static void sp_win_timer_watchdog(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct scsi_device *sdev;
	ktime_t t0, t1;
	u64 arms, ms;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, a);
	fk_test_up(test, st);
	sdev = fk_sdev(st, 0);
	KUNIT_ASSERT_NOT_NULL(test, sdev);

	arms = READ_ONCE(st->sp->stats.timer_arms);
	t0 = ktime_get();
	for (i = 0; i < 50; i++) {
		KUNIT_ASSERT_EQ(test, fk_timer_cmd(st, sdev, FK_ACT_TIMER, 50, a), 0);
		KUNIT_ASSERT_EQ(test, fk_timer_cmd(st, sdev, FK_ACT_TIMER_CANCEL, 0, a), 0);
	}
	ms = ktime_ms_delta(ktime_get(), t0);
	arms = READ_ONCE(st->sp->stats.timer_arms) - arms;
	msleep(80);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&st->timers), 0,
			    "a cancelled watchdog ran");
	KUNIT_EXPECT_LE_MSG(test, arms, 2 + ms / 50,
			    "%llu hrtimer starts for 50 requests in %llu ms", arms, ms);

	/* armed, then re-armed for later: one call, at the later time */
	KUNIT_ASSERT_EQ(test, fk_timer_cmd(st, sdev, FK_ACT_TIMER, 30, a), 0);
	usleep_range(10000, 12000);
	t1 = ktime_get();
	KUNIT_ASSERT_EQ(test, fk_timer_cmd(st, sdev, FK_ACT_TIMER, 30, a), 0);
	FK_WAIT(atomic_read(&st->timers) >= 1);
	msleep(60);
	scsi_device_put(sdev);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->timers), 1);
	KUNIT_EXPECT_GE_MSG(test, ktime_us_delta(st->timer_at, t1), 30000LL,
			    "HwTimer ran before the re-armed time");
}

/* Every LU: FLUSH (and SHUTDOWN when it goes away) before ScsiStopAdapter. */
static void fk_expect_flushes(struct kunit *test, struct fk_state *st,
			      bool shutdown)
{
	int stop = fk_find(st, FK_EV_STOP, 0);
	int i = 0, flushes = 0, shutdowns = 0, ev, prev = -1;

	KUNIT_ASSERT_GE(test, stop, 0);
	for (i = 0; i < stop; i++) {
		ev = fk_event(st, i);
		if (ev == FK_EV_FLUSH) {
			flushes++;
		} else if (ev == FK_EV_SHUTDOWN) {
			KUNIT_EXPECT_EQ_MSG(test, prev, FK_EV_FLUSH,
					    "SHUTDOWN without FLUSH first");
			shutdowns++;
		}
		if (ev == FK_EV_FLUSH || ev == FK_EV_SHUTDOWN)
			prev = ev;
	}
	KUNIT_EXPECT_EQ(test, flushes, FK_LUNS);
	KUNIT_EXPECT_EQ(test, shutdowns, shutdown ? FK_LUNS : 0);
	KUNIT_EXPECT_LT(test, fk_find(st, FK_EV_FLUSH, stop), 0);
}

static void sp_win_flush_before_stop(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);

	st->adapter_control = true;
	st->caches_data = true;
	fk_test_up(test, st);
	st->nevents = 0;
	/* suspend: FLUSH, then ScsiStopAdapter */
	KUNIT_ASSERT_EQ(test, sp_host_suspend(st->sp), 0);
	fk_expect_flushes(test, st, false);
	KUNIT_ASSERT_EQ(test, sp_host_resume(st->sp), 0);
	/* removal: FLUSH and SHUTDOWN for each LU, then ScsiStopAdapter */
	st->nevents = 0;
	fk_stop(st);
	fk_expect_flushes(test, st, true);
	test->priv = NULL;
}

/* An adapter without CachesData gets neither. */
static void sp_win_no_flush_without_cache(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);

	st->adapter_control = true;
	fk_test_up(test, st);
	st->nevents = 0;
	fk_stop(st);
	test->priv = NULL;
	KUNIT_EXPECT_GE(test, fk_find(st, FK_EV_STOP, 0), 0);
	KUNIT_EXPECT_LT(test, fk_find(st, FK_EV_FLUSH, 0), 0);
	KUNIT_EXPECT_LT(test, fk_find(st, FK_EV_SHUTDOWN, 0), 0);
}

/* ------------------------------------------------------------------ */
/* A miniport that scans PCI itself and sizes a BAR                    */
/* ------------------------------------------------------------------ */

#define SCAN_VENDOR	0x15AD		/* pvscsi, no driver in the KUnit VM */
#define SCAN_DEVICE	0x07C0

struct scan_state {
	struct pci_dev *pdev;	/* the function, to read it behind the shim */
	bool found;
	ULONG bus, slot;
	ULONG bar_before, bar_sized, bar_after;
	u32 bar_during;		/* the BAR itself while it was being sized */
	ULONG wrote_restore, wrote_move, wrote_command;
	ULONG move_after;
};

static struct scan_state *scan;
static struct sp_driver_object scan_obj;

static ULONG ScanCfg32(PVOID Ext, ULONG Offset)
{
	UCHAR Cfg[64];

	if (ScsiPortGetBusData(Ext, PCIConfiguration, scan->bus, scan->slot,
			       Cfg, sizeof(Cfg)) < sizeof(Cfg))
		return 0;
	return get_unaligned_le32(Cfg + Offset);
}

static ULONG ScanSet32(PVOID Ext, ULONG Offset, ULONG Value)
{
	return ScsiPortSetBusDataByOffset(Ext, PCIConfiguration, scan->bus,
					  scan->slot, &Value, Offset,
					  sizeof(Value));
}

static ULONG ScanFindAdapter(PVOID Ext, PVOID HwContext, PVOID BusInformation,
			     PCHAR ArgumentString,
			     PPORT_CONFIGURATION_INFORMATION ConfigInfo,
			     PBOOLEAN Again)
{
	PCI_COMMON_CONFIG Cfg;
	PCI_SLOT_NUMBER Slot;
	ULONG Bus, Dev, Fn, Cmd;

	*Again = FALSE;
	for (Bus = 0; Bus < 2 && !scan->found; Bus++) {
		for (Dev = 0; Dev < PCI_MAX_DEVICES && !scan->found; Dev++) {
			for (Fn = 0; Fn < PCI_MAX_FUNCTION; Fn++) {
				Slot.u.AsULONG = 0;
				Slot.u.bits.DeviceNumber = Dev;
				Slot.u.bits.FunctionNumber = Fn;
				if (ScsiPortGetBusData(Ext, PCIConfiguration, Bus,
						       Slot.u.AsULONG, &Cfg,
						       PCI_COMMON_HDR_LENGTH) <
				    PCI_COMMON_HDR_LENGTH)
					continue;
				if (Cfg.VendorID == SCAN_VENDOR &&
				    Cfg.DeviceID == SCAN_DEVICE) {
					scan->found = TRUE;
					scan->bus = Bus;
					scan->slot = Slot.u.AsULONG;
					break;
				}
			}
		}
	}
	if (!scan->found)
		return SP_RETURN_NOT_FOUND;

	/* the classic sizing: all-ones, read back, restore */
	scan->bar_before = ScanCfg32(Ext, PCI_BASE_ADDRESS_0);
	ScanSet32(Ext, PCI_BASE_ADDRESS_0, 0xFFFFFFFF);
	scan->bar_sized = ScanCfg32(Ext, PCI_BASE_ADDRESS_0);
	pci_read_config_dword(scan->pdev, PCI_BASE_ADDRESS_0, &scan->bar_during);
	scan->wrote_restore = ScanSet32(Ext, PCI_BASE_ADDRESS_0, scan->bar_before);
	scan->bar_after = ScanCfg32(Ext, PCI_BASE_ADDRESS_0);
	/* moving the BAR is refused */
	scan->wrote_move = ScanSet32(Ext, PCI_BASE_ADDRESS_0,
				     scan->bar_before ^ 0x10000000);
	scan->move_after = ScanCfg32(Ext, PCI_BASE_ADDRESS_0);
	/* the command register of a function nobody drives: written */
	Cmd = ScanCfg32(Ext, PCI_COMMAND) & 0xffff;
	scan->wrote_command = ScsiPortSetBusDataByOffset(Ext, PCIConfiguration,
							 scan->bus, scan->slot,
							 &Cmd, PCI_COMMAND, 2);
	return SP_RETURN_NOT_FOUND;	/* a scan that only looked */
}

static BOOLEAN ScanInitialize(PVOID Ext) { return TRUE; }
static BOOLEAN ScanStartIo(PVOID Ext, PSCSI_REQUEST_BLOCK Srb) { return TRUE; }
static BOOLEAN ScanResetBus(PVOID Ext, ULONG PathId) { return TRUE; }

static ULONG scan_run(struct kunit *test)
{
	HW_INITIALIZATION_DATA hw;
	ULONG status;

	memset(&hw, 0, sizeof(hw));
	hw.HwInitializationDataSize = sizeof(hw);
	hw.AdapterInterfaceType = PCIBus;
	hw.HwInitialize = ScanInitialize;
	hw.HwStartIo = ScanStartIo;
	hw.HwFindAdapter = ScanFindAdapter;
	hw.HwResetBus = ScanResetBus;
	hw.DeviceExtensionSize = 16;
	hw.NumberOfAccessRanges = 1;
	scan_obj.owner = THIS_MODULE;
	scan_obj.name = "sp_scan";
	sp_driver_object_register(&scan_obj);
	status = ScsiPortInitialize(&scan_obj, NULL, &hw, NULL);
	sp_driver_object_finish(&scan_obj, status);
	return status;
}

static struct pci_dev *scan_pdev(void)
{
	return pci_get_device(SCAN_VENDOR, SCAN_DEVICE, NULL);
}

static void sp_win_scan_bar_sizing(struct kunit *test)
{
	struct pci_dev *pdev = scan_pdev();
	u32 hw_bar;

	if (!pdev)
		kunit_skip(test, "no %04x:%04x function in this VM", SCAN_VENDOR,
			   SCAN_DEVICE);
	if (pdev->dev.driver) {
		pci_dev_put(pdev);
		kunit_skip(test, "%s is driven by %s", pci_name(pdev),
			   pdev->dev.driver->name);
	}
	scan = kunit_kzalloc(test, sizeof(*scan), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scan);
	scan->pdev = pdev;
	KUNIT_EXPECT_EQ(test, scan_run(test), (ULONG)STATUS_DEVICE_DOES_NOT_EXIST);
	KUNIT_ASSERT_TRUE(test, scan->found);
	pci_read_config_dword(pdev, PCI_BASE_ADDRESS_0, &hw_bar);
	/* sized from the resource Linux assigned; the BAR never moved */
	KUNIT_EXPECT_EQ(test, (u64)(u32)(~(scan->bar_sized & (u32)PCI_BASE_ADDRESS_MEM_MASK) + 1),
			(u64)pci_resource_len(pdev, 0));
	KUNIT_EXPECT_EQ(test, scan->bar_sized & ~PCI_BASE_ADDRESS_MEM_MASK,
			scan->bar_before & ~PCI_BASE_ADDRESS_MEM_MASK);
	KUNIT_EXPECT_EQ(test, scan->bar_after, scan->bar_before);
	KUNIT_EXPECT_EQ(test, scan->bar_during, scan->bar_before);
	KUNIT_EXPECT_EQ(test, hw_bar, scan->bar_before);
	KUNIT_EXPECT_EQ(test, scan->wrote_restore, 4U);
	KUNIT_EXPECT_EQ(test, scan->wrote_move, 0U);
	KUNIT_EXPECT_EQ(test, scan->move_after, scan->bar_before);
	KUNIT_EXPECT_EQ(test, scan->wrote_command, 2U);
	/* the scan claimed nothing: the function is free again */
	KUNIT_EXPECT_NULL(test, pdev->dev.driver);
	pci_dev_put(pdev);
}

/* A dummy driver drives the function: the scan may read it, never write. */
static int scan_dummy_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return 0;
}

static void scan_dummy_remove(struct pci_dev *pdev)
{
}

static const struct pci_device_id scan_dummy_ids[] = {
	{ PCI_DEVICE(SCAN_VENDOR, SCAN_DEVICE) },
	{ }
};

static struct pci_driver scan_dummy = {
	.name = "sp_kunit_owner",
	.id_table = scan_dummy_ids,
	.probe = scan_dummy_probe,
	.remove = scan_dummy_remove,
};

static void sp_win_scan_owned(struct kunit *test)
{
	struct pci_dev *pdev = scan_pdev();
	u16 cmd_before, cmd_after;

	if (!pdev)
		kunit_skip(test, "no %04x:%04x function in this VM", SCAN_VENDOR,
			   SCAN_DEVICE);
	KUNIT_ASSERT_EQ(test, pci_register_driver(&scan_dummy), 0);
	if (pdev->dev.driver != &scan_dummy.driver) {
		pci_unregister_driver(&scan_dummy);
		pci_dev_put(pdev);
		kunit_skip(test, "could not bind the dummy driver");
	}
	pci_read_config_word(pdev, PCI_COMMAND, &cmd_before);
	scan = kunit_kzalloc(test, sizeof(*scan), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scan);
	scan->pdev = pdev;
	scan_run(test);
	pci_read_config_word(pdev, PCI_COMMAND, &cmd_after);
	KUNIT_EXPECT_TRUE(test, scan->found);
	KUNIT_EXPECT_EQ(test, scan->wrote_restore, 0U);
	KUNIT_EXPECT_EQ(test, scan->wrote_command, 0U);
	KUNIT_EXPECT_EQ(test, scan->bar_sized, scan->bar_before);
	KUNIT_EXPECT_EQ(test, cmd_after, cmd_before);
	KUNIT_EXPECT_PTR_EQ(test, pdev->dev.driver, &scan_dummy.driver);
	pci_unregister_driver(&scan_dummy);
	pci_dev_put(pdev);
}

/*
 * ScsiSetRunningConfig runs without the port lock, on resume of a stopped
 * adapter: an interrupt raised meanwhile reaches no miniport routine.
 */
static void sp_win_running_config_alone(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);

	st->use_irq = true;
	st->adapter_control = true;
	st->running_config = true;
	fk_test_up(test, st);
	KUNIT_ASSERT_EQ(test, sp_host_suspend(st->sp), 0);
	KUNIT_ASSERT_EQ(test, sp_host_resume(st->sp), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->config_calls), 1);
	KUNIT_EXPECT_FALSE_MSG(test, st->isr_in_config,
			       "HwInterrupt ran during ScsiSetRunningConfig");
	/* never on a running adapter */
	KUNIT_EXPECT_FALSE(test, sp_adapter_control(st->sp, ScsiSetRunningConfig));
	KUNIT_EXPECT_EQ(test, atomic_read(&st->config_calls), 1);
}

/*
 * Resume of a miniport without ScsiRestartAdapter: HwFindAdapter and then
 * HwInitialize run again, as on Windows (a miniport that programs its HBA
 * in HwFindAdapter comes back working), with the same uncached extension.
 */
static void sp_win_resume_refinds(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *w = fk_cmdv(test, 1), *r = fk_cmdv(test, 1);
	u8 pattern[512];
	void *unc;

	st->use_irq = true;
	st->uncached_len = 4096;
	fk_test_up(test, st);
	unc = st->uncached;
	KUNIT_ASSERT_EQ(test, atomic_read(&st->finds), 1);
	KUNIT_ASSERT_EQ(test, atomic_read(&st->inits), 1);
	KUNIT_ASSERT_EQ(test, sp_host_suspend(st->sp), 0);
	KUNIT_ASSERT_EQ(test, sp_host_resume(st->sp), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->finds), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->inits), 2);
	KUNIT_EXPECT_PTR_EQ(test, st->uncached, unc);
	KUNIT_EXPECT_EQ(test, st->sp->stats.refinds, 1ULL);
	memset(pattern, 0x5a, sizeof(pattern));
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, true, 3, 1, w, pattern), 0);
	KUNIT_EXPECT_EQ(test, w->result, 0);
	KUNIT_EXPECT_EQ(test, fk_rw(st, 0, false, 3, 1, r, NULL), 0);
	KUNIT_EXPECT_EQ(test, r->result, 0);
	KUNIT_EXPECT_EQ(test, memcmp(r->buf, pattern, sizeof(pattern)), 0);
	fk_cmd_free(w);
	fk_cmd_free(r);
}

static struct kunit_case sp_win_cases[] = {
	KUNIT_CASE(sp_win_busy_requeue),
	KUNIT_CASE_SLOW(sp_win_busy_bounded),
	KUNIT_CASE(sp_win_throttle),
	KUNIT_CASE(sp_win_tag_never_zero),
	KUNIT_CASE(sp_win_no_call_after_stop),
	KUNIT_CASE(sp_win_running_config_alone),
	KUNIT_CASE(sp_win_resume_refinds),
	KUNIT_CASE(sp_win_timer_watchdog),
	KUNIT_CASE(sp_win_flush_before_stop),
	KUNIT_CASE(sp_win_no_flush_without_cache),
	KUNIT_CASE(sp_win_scan_bar_sizing),
	KUNIT_CASE(sp_win_scan_owned),
	{}
};

static struct kunit_suite sp_win_suite = {
	.name = "scsiport_windows",
	.exit = fk_test_exit,
	.test_cases = sp_win_cases,
};

kunit_test_suite(sp_win_suite);
