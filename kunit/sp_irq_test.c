// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_irq": how the shim connects and masks an adapter's
 * interrupt.  A shared line (INTx) must coexist with handlers that do not
 * use IRQF_ONESHOT and is never masked during the callback pair; an
 * exclusive one is disabled for the pair; a shared line that storms during
 * a pair is disabled until it ends; a PCI function without an Interrupt Pin
 * still gets MSI-X or MSI.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/pci.h>
#include <scsi/scsi.h>

#include "sp_fake.h"

#define FK_WAIT(cond)	wait_event_timeout(fk->wq, (cond), 5 * HZ)

static bool fk_line_disabled(struct fk_state *st)
{
	return irqd_irq_disabled(irq_get_irq_data(st->virq));
}

/* Raise the line and wait (up to 1 s) until the shim's handler saw it. */
static bool fk_irq_seen(struct fk_state *st)
{
	u64 n = READ_ONCE(st->sp->stats.interrupts);
	unsigned int i;

	fk_irq(st);
	for (i = 0; i < 1000; i++) {
		if (READ_ONCE(st->sp->stats.interrupts) != n)
			return true;
		usleep_range(100, 200);
	}
	return false;
}

/* Hold an SRB, raise the interrupt: the pair starts and waits on the gate. */
static void fk_pair_entered(struct kunit *test, struct fk_state *st,
			    struct fk_cmd *held)
{
	u8 cdb[6] = { FK_OP, FK_ACT_HOLD };
	struct scsi_device *sdev = fk_sdev(st, 0);

	KUNIT_ASSERT_NOT_NULL(test, sdev);
	KUNIT_ASSERT_EQ(test, fk_submit(st, sdev, cdb, sizeof(cdb), false, 0,
					NULL, held), 0);
	scsi_device_put(sdev);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&st->cb_entered, 5 * HZ),
			0UL);
}

static void fk_pair_release(struct kunit *test, struct fk_state *st,
			    struct fk_cmd *held)
{
	st->use_pair = false;	/* the interrupt replayed after it: no pair */
	st->gate_cb = false;
	complete(&st->cb_gate);
	KUNIT_EXPECT_EQ(test, fk_wait(held, 5000), 0);
}

/* Up to 1 s for the line to be enabled again after a pair. */
static bool fk_line_enabled_soon(struct fk_state *st)
{
	unsigned int i;

	for (i = 0; i < 1000 && fk_line_disabled(st); i++)
		usleep_range(500, 1000);
	return !fk_line_disabled(st);
}

/*
 * The line is shared with a handler that does not use IRQF_ONESHOT (as
 * e1000's or ahci's): the adapter must still come up, and both handlers
 * see the line's interrupts.
 */
static void sp_irq_shared_coexists(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	u8 cdb[6] = { FK_OP, FK_ACT_HOLD };
	struct scsi_device *sdev;

	KUNIT_ASSERT_NOT_NULL(test, a);
	st->use_irq = true;
	st->shared_irq = true;
	st->irq_sharer = true;
	KUNIT_ASSERT_EQ_MSG(test, fk_start(test, st), (ULONG)STATUS_SUCCESS,
			    "the adapter could not share its line");
	KUNIT_ASSERT_NOT_NULL(test, st->sp);
	KUNIT_EXPECT_FALSE(test, st->sp->mask_line);

	sdev = fk_sdev(st, 0);
	KUNIT_ASSERT_NOT_NULL(test, sdev);
	KUNIT_ASSERT_EQ(test, fk_submit(st, sdev, cdb, sizeof(cdb), false, 0,
					NULL, a), 0);
	scsi_device_put(sdev);
	FK_WAIT(st->nheld == 1);
	fk_irq(st);
	KUNIT_EXPECT_EQ(test, fk_wait(a, 5000), 0);
	KUNIT_EXPECT_GE(test, atomic_read(&st->sharer_irqs), 1);
	KUNIT_EXPECT_GE(test, atomic_read(&st->isrs), 1);
}

/*
 * A callback pair on a shared line: the line stays enabled for the other
 * device, HwInterrupt does not run during the pair, and what arrived
 * meanwhile is replayed through HwInterrupt after it.
 */
static void sp_irq_shared_pair_unmasked(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	int isrs, sharer;

	KUNIT_ASSERT_NOT_NULL(test, a);
	st->use_irq = true;
	st->shared_irq = true;
	st->irq_sharer = true;
	st->use_pair = true;
	st->gate_cb = true;
	fk_test_up(test, st);
	fk_pair_entered(test, st, a);

	KUNIT_EXPECT_FALSE_MSG(test, fk_line_disabled(st),
			       "a shared line was masked for the callback pair");
	isrs = atomic_read(&st->isrs);
	sharer = atomic_read(&st->sharer_irqs);
	KUNIT_EXPECT_TRUE(test, fk_irq_seen(st));
	KUNIT_EXPECT_GT(test, atomic_read(&st->sharer_irqs), sharer);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->isrs), isrs);
	KUNIT_EXPECT_GE(test, st->sp->stats.irq_during_callback, 1ULL);

	fk_pair_release(test, st, a);
	FK_WAIT(atomic_read(&st->isrs) > isrs);
	KUNIT_EXPECT_GT(test, atomic_read(&st->isrs), isrs);
	KUNIT_EXPECT_FALSE(test, st->cb_isr_ran);
	KUNIT_EXPECT_EQ(test, st->sp->stats.callbacks_masked, 0ULL);
}

/*
 * An exclusive vector is disabled while the pair runs, and an interrupt
 * raised meanwhile reaches the shim only after the pair.
 */
static void sp_irq_exclusive_pair_masked(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	u64 irqs;
	int isrs;

	KUNIT_ASSERT_NOT_NULL(test, a);
	st->use_irq = true;
	st->use_pair = true;
	st->gate_cb = true;
	fk_test_up(test, st);
	KUNIT_EXPECT_TRUE(test, st->sp->mask_line);
	fk_pair_entered(test, st, a);

	KUNIT_EXPECT_TRUE_MSG(test, fk_line_disabled(st),
			      "the exclusive vector was not disabled for the pair");
	isrs = atomic_read(&st->isrs);
	irqs = READ_ONCE(st->sp->stats.interrupts);
	fk_irq(st);
	msleep(50);
	KUNIT_EXPECT_EQ(test, READ_ONCE(st->sp->stats.interrupts), irqs);

	fk_pair_release(test, st, a);
	FK_WAIT(atomic_read(&st->isrs) > isrs);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->isrs), isrs + 1);
	KUNIT_EXPECT_TRUE(test, fk_line_enabled_soon(st));
	KUNIT_EXPECT_EQ(test, st->sp->stats.callbacks_masked, 1ULL);
	KUNIT_EXPECT_EQ(test, st->sp->stats.irq_during_callback, 0ULL);
}

/*
 * An HBA its HwInterrupt did not mask keeps a shared line interrupting
 * during the pair: after SP_CB_IRQ_STORM interrupts the shim disables the
 * line until the pair ends, counts it, and enables it again.
 */
static void sp_irq_shared_storm(struct kunit *test)
{
	struct fk_state *st = fk_test_new(test);
	struct fk_cmd *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, a);
	st->use_irq = true;
	st->shared_irq = true;
	st->irq_sharer = true;
	st->use_pair = true;
	st->gate_cb = true;
	fk_test_up(test, st);
	fk_pair_entered(test, st, a);

	for (i = 0; i < SP_CB_IRQ_STORM && !fk_line_disabled(st); i++)
		if (!fk_irq_seen(st))
			break;
	KUNIT_EXPECT_EQ(test, i, (unsigned int)SP_CB_IRQ_STORM);
	KUNIT_EXPECT_TRUE(test, fk_line_disabled(st));
	KUNIT_EXPECT_EQ(test, st->sp->stats.storms, 1ULL);

	fk_pair_release(test, st, a);
	KUNIT_EXPECT_TRUE(test, fk_line_enabled_soon(st));
}

/* An unbound PCI function with MSI-X or MSI, with a reference; or NULL. */
static struct pci_dev *fk_msi_function(void)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev) {
		if (pdev->dev.driver || pdev->hdr_type != PCI_HEADER_TYPE_NORMAL)
			continue;
		if (pci_find_capability(pdev, PCI_CAP_ID_MSIX) ||
		    pci_find_capability(pdev, PCI_CAP_ID_MSI))
			return pdev;	/* for_each_pci_dev holds the reference */
	}
	return NULL;
}

static BOOLEAN fk_no_isr(PVOID Ext)
{
	return FALSE;
}

/*
 * A function without an Interrupt Pin (pdev->irq 0, so the ConfigInfo the
 * probe fills names no interrupt) that has MSI-X or MSI: it gets a vector.
 * A real function of the VM (pvscsi has MSI-X) with its pin hidden.
 */
static void sp_irq_msi_only_function(struct kunit *test)
{
	struct sp_hwdriver *hwdrv = kunit_kzalloc(test, sizeof(*hwdrv), GFP_KERNEL);
	struct sp_host *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct pci_dev *pdev = fk_msi_function();
	unsigned int irq;
	u8 pin;
	int ret;

	if (!pdev)
		kunit_skip(test, "no unbound PCI function with MSI in this VM");
	KUNIT_ASSERT_NOT_NULL(test, hwdrv);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	ret = pci_enable_device(pdev);
	if (ret) {
		pci_dev_put(pdev);
		KUNIT_FAIL(test, "pci_enable_device: %d", ret);
		return;
	}
	irq = pdev->irq;
	pin = pdev->pin;
	pdev->irq = 0;
	pdev->pin = 0;

	hwdrv->hw.HwInterrupt = fk_no_isr;
	sp->hwdrv = hwdrv;
	sp->pdev = pdev;
	sp->dev = &pdev->dev;
	sp_pci_fill_config(sp, pdev);
	KUNIT_EXPECT_EQ(test, sp->config.BusInterruptLevel, 0U);
	ret = sp_pci_setup_irq(sp);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GT_MSG(test, sp->irq, 0, "%s has MSI but got no vector",
			    pci_name(pdev));
	KUNIT_EXPECT_TRUE(test, sp->msi);
	KUNIT_EXPECT_EQ(test, sp->config.InterruptMode, Latched);
	KUNIT_EXPECT_EQ(test, sp->config.BusInterruptLevel, (ULONG)sp->irq);
	sp_pci_release_irq(sp);

	pdev->irq = irq;
	pdev->pin = pin;
	pci_disable_device(pdev);
	pci_dev_put(pdev);
}

static struct kunit_case sp_irq_cases[] = {
	KUNIT_CASE(sp_irq_shared_coexists),
	KUNIT_CASE(sp_irq_shared_pair_unmasked),
	KUNIT_CASE(sp_irq_exclusive_pair_masked),
	KUNIT_CASE(sp_irq_shared_storm),
	KUNIT_CASE(sp_irq_msi_only_function),
	{}
};

static struct kunit_suite sp_irq_suite = {
	.name = "scsiport_irq",
	.exit = fk_test_exit,
	.test_cases = sp_irq_cases,
};

kunit_test_suite(sp_irq_suite);
