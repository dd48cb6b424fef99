// SPDX-License-Identifier: GPL-2.0
/*
 * PCI: the pci_driver of a PCIBus registration, ConfigInfo filled from the
 * real function (access ranges from the BARs, interrupt, bus and slot), the
 * interrupt vector (MSI-X, MSI or INTx), and the old style in which the
 * miniport scans the buses itself through ScsiPortGetBusData.
 *
 * Three ways a function becomes an adapter, all through the same driver:
 * - the VendorId/DeviceId the miniport declares;
 * - the module's own device table (PCI IDs or classes it was built with,
 *   the Linux form of a Windows 2000 INF) for a miniport that declares none;
 * - a scan by the miniport (NT 4 style): when its HwFindAdapter maps the
 *   registers of a function no driver drives, the shim binds the driver to
 *   that function through driver_override (sp_pci_claim()), so the function
 *   has an owner like any other - its MSI state and other managed resources
 *   go when it is unbound, and no other driver can take it meanwhile.
 */
#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sp_internal.h"

static int sp_pci_alloc_irq(struct sp_host *sp);

/**
 * sp_pci_fill_config() - describe a PCI function in ConfigInfo
 * @sp: the adapter
 * @pdev: its PCI function
 *
 * Fills AccessRanges (one per BAR in BAR order, as many as the miniport
 * declared in NumberOfAccessRanges), the interrupt, bus and slot.
 */
void sp_pci_fill_config(struct sp_host *sp, struct pci_dev *pdev)
{
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	PCI_SLOT_NUMBER slot = { .u.AsULONG = 0 };
	ULONG n = 0;
	int bar;

	ci->SystemIoBusNumber = pdev->bus->number;
	slot.u.bits.DeviceNumber = PCI_SLOT(pdev->devfn);
	slot.u.bits.FunctionNumber = PCI_FUNC(pdev->devfn);
	ci->SlotNumber = slot.u.AsULONG;
	ci->BusInterruptLevel = pdev->irq;
	ci->BusInterruptVector = pdev->irq;
	ci->InterruptMode = LevelSensitive;

	for (bar = 0; bar < PCI_STD_NUM_BARS && n < ci->NumberOfAccessRanges; bar++) {
		unsigned long flags = pci_resource_flags(pdev, bar);

		if (!(flags & (IORESOURCE_IO | IORESOURCE_MEM)) ||
		    !pci_resource_len(pdev, bar))
			continue;
		sp->ranges[n].RangeStart.QuadPart = pci_resource_start(pdev, bar);
		sp->ranges[n].RangeLength = pci_resource_len(pdev, bar);
		sp->ranges[n].RangeInMemory = !!(flags & IORESOURCE_MEM);
		n++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(sp_pci_fill_config);

/* The bus-specific information HwFindAdapter gets for PCI: the config header. */
PCI_COMMON_CONFIG *sp_pci_bus_info(struct pci_dev *pdev)
{
	PCI_COMMON_CONFIG *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	u8 *p = (u8 *)cfg;
	unsigned int i;

	if (!cfg)
		return NULL;
	for (i = 0; i < sizeof(*cfg); i++)
		pci_read_config_byte(pdev, i, &p[i]);
	return cfg;
}

/* Unbind @hwdrv from a function a scan claimed (not from its remove). */
static void sp_pci_unbind(struct pci_dev *pdev)
{
	pci_set_drvdata(pdev, NULL);
	device_release_driver(&pdev->dev);
}

/* Forget a claim: the function may be bound by any driver again. */
static void sp_pci_claim_drop(struct sp_hwdriver *hwdrv, struct pci_dev *pdev)
{
	struct sp_claim *cl, *n;

	sp_set_driver_override(pdev, "");
	mutex_lock(&sp_drivers_mutex);
	list_for_each_entry_safe(cl, n, &hwdrv->claimed, node) {
		if (cl->pdev == pdev) {
			list_del(&cl->node);
			kfree(cl);
			break;
		}
	}
	mutex_unlock(&sp_drivers_mutex);
	pci_dev_put(pdev);
}

/**
 * sp_pci_claim() - make a function a scanning miniport found the adapter's
 * @sp: the adapter, in HwFindAdapter of a scan
 * @pdev: the function, with a reference the claim keeps
 *
 * Binds the registration's driver to @pdev (driver_override, then a probe
 * the driver recognises as this claim), enables it and requests its
 * regions.  The reference and the override stay until sp_pci_clear_claims()
 * (or until this returns an error).
 *
 * Context: process context, no device lock held.
 * Return: 0 or a negative errno; the reference is dropped on failure.
 */
int sp_pci_claim(struct sp_host *sp, struct pci_dev *pdev)
{
	struct sp_hwdriver *hwdrv = sp->hwdrv;
	struct sp_claim *cl;
	int ret;

	if (sp->pdev) {
		pci_dev_put(pdev);
		return sp->pdev == pdev ? 0 : -EBUSY;
	}
	if (pdev->dev.driver) {
		sp_err(sp, "%s is already driven by %s\n", pci_name(pdev),
		       pdev->dev.driver->name);
		pci_dev_put(pdev);
		return -EBUSY;
	}
	cl = kzalloc(sizeof(*cl), GFP_KERNEL);
	if (!cl) {
		pci_dev_put(pdev);
		return -ENOMEM;
	}
	ret = sp_set_driver_override(pdev, hwdrv->name);
	if (ret) {
		kfree(cl);
		pci_dev_put(pdev);
		return ret;
	}
	cl->pdev = pdev;
	mutex_lock(&sp_drivers_mutex);
	list_add_tail(&cl->node, &hwdrv->claimed);
	mutex_unlock(&sp_drivers_mutex);

	WRITE_ONCE(hwdrv->claiming, sp);
	sp->pdev = pdev;		/* what the probe compares */
	ret = device_driver_attach(&hwdrv->pdrv.driver, &pdev->dev);
	WRITE_ONCE(hwdrv->claiming, NULL);
	if (!ret && pci_get_drvdata(pdev) != sp)
		ret = -EBUSY;
	if (ret) {
		sp_err(sp, "cannot bind %s to %s: %d\n", hwdrv->name,
		       pci_name(pdev), ret);
		goto drop;
	}
	ret = pci_enable_device(pdev);
	if (ret)
		goto unbind;
	ret = pci_request_regions(pdev, hwdrv->name);
	if (ret)
		goto disable;
	sp->dev = &pdev->dev;
	sp->owns_pdev = true;
	/* Its vector now, before the miniport sets the function up. */
	if (hwdrv->hw.HwInterrupt && sp_pci_alloc_irq(sp))
		sp_warn(sp, "%s: no interrupt vector; the miniport will have to poll\n",
			pci_name(pdev));
	return 0;

disable:
	pci_disable_device(pdev);
unbind:
	sp_pci_unbind(pdev);
drop:
	sp->pdev = NULL;
	sp_pci_claim_drop(hwdrv, pdev);
	return ret;
}

static void sp_pci_unclaim(struct sp_host *sp)
{
	if (!sp->owns_pdev)
		return;
	pci_release_regions(sp->pdev);
	pci_disable_device(sp->pdev);
	/* From sp_pci_remove() the driver core is unbinding it already. */
	if (!sp->unbinding)
		sp_pci_unbind(sp->pdev);
	sp->owns_pdev = false;
}

/**
 * sp_pci_clear_claims() - let other drivers have what a scan claimed
 * @hwdrv: the registration, its driver unregistered
 */
void sp_pci_clear_claims(struct sp_hwdriver *hwdrv)
{
	struct sp_claim *cl;
	struct pci_dev *pdev;

	for (;;) {
		mutex_lock(&sp_drivers_mutex);
		cl = list_first_entry_or_null(&hwdrv->claimed, struct sp_claim,
					      node);
		pdev = cl ? cl->pdev : NULL;
		mutex_unlock(&sp_drivers_mutex);
		if (!pdev)
			return;
		sp_pci_claim_drop(hwdrv, pdev);
	}
}

/**
 * sp_pci_find_owner() - the PCI function whose BAR holds a range
 * @addr: start of the range
 * @len: its length
 * @io: I/O space rather than memory
 *
 * Return: the function with a reference held, or NULL.
 */
struct pci_dev *sp_pci_find_owner(u64 addr, u64 len, bool io)
{
	unsigned long want = io ? IORESOURCE_IO : IORESOURCE_MEM;
	struct pci_dev *pdev = NULL;
	int bar;

	if (!len)
		return NULL;
	for_each_pci_dev(pdev) {
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			struct resource *r = &pdev->resource[bar];

			if ((r->flags & want) && r->start && addr >= r->start &&
			    addr + len - 1 <= r->end)
				return pdev;	/* for_each_pci_dev holds a ref */
		}
	}
	return NULL;
}

/**
 * sp_pci_setup_irq() - choose the adapter's interrupt vector
 * @sp: the adapter
 *
 * MSI-X or MSI when the function has it and the msi parameter allows it,
 * else the INTx line (shared).  Nothing when the miniport has no
 * HwInterrupt.  A function without an Interrupt Pin (pdev->irq 0, so the
 * ConfigInfo the probe filled names no interrupt) still gets MSI-X or MSI.
 *
 * A function the pci_driver probes gets its vector before HwFindAdapter,
 * and ConfigInfo says which: BusInterruptLevel and BusInterruptVector are
 * the Linux interrupt number, InterruptMode is Latched for a message-
 * signalled interrupt (edge-like and never shared: HwInterrupt needs no
 * status read to know it is its own) and LevelSensitive for INTx.  A
 * function found by a legacy scan gets it the moment HwFindAdapter claims
 * the function (sp_pci_claim()), before the miniport programs it: a
 * device may tie its queues to the vector that is enabled when they are
 * created (QEMU's NVMe does).  The interrupt a miniport names in ConfigInfo
 * only says whether it wants one: the function's own is connected (a
 * scanning miniport copies the Interrupt Line register, a number that
 * means nothing to Linux).
 *
 * Return: 0 or a negative errno.
 */
int sp_pci_setup_irq(struct sp_host *sp)
{
	sp->irq = 0;
	if (!sp->hwdrv->hw.HwInterrupt)
		return 0;
	/*
	 * Not gated on the Interrupt Pin (pdev->irq, which filled ConfigInfo):
	 * a function without INTx may still have MSI-X or MSI.
	 */
	return sp_pci_alloc_irq(sp);
}
EXPORT_SYMBOL_IF_KUNIT(sp_pci_setup_irq);

/* The vector itself, and ConfigInfo saying which it is. */
static int sp_pci_alloc_irq(struct sp_host *sp)
{
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	struct pci_dev *pdev = sp->pdev;
	unsigned int types = PCI_IRQ_INTX;
	int ret;

	if (sp_param_msi)
		types |= PCI_IRQ_MSIX | PCI_IRQ_MSI;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, types);
	if (ret < 0) {
		dev_err(&pdev->dev, "no interrupt vector: %d\n", ret);
		return ret;
	}
	sp->irq_vectors = true;
	sp->irq = pci_irq_vector(pdev, 0);
	sp->msi = pdev->msi_enabled || pdev->msix_enabled;
	sp->irq_flags = sp->msi ? 0 : IRQF_SHARED;
	ci->BusInterruptLevel = sp->irq;
	ci->BusInterruptVector = sp->irq;
	ci->InterruptMode = sp->msi ? Latched : LevelSensitive;
	return 0;
}

/**
 * sp_pci_release_irq() - free the vector sp_pci_setup_irq() allocated
 * @sp: the adapter, interrupt already freed
 */
void sp_pci_release_irq(struct sp_host *sp)
{
	if (sp->irq_vectors)
		pci_free_irq_vectors(sp->pdev);
	sp->irq_vectors = false;
}
EXPORT_SYMBOL_IF_KUNIT(sp_pci_release_irq);

/* Note a ConfigInfo interrupt that is not the one the shim connected. */
static void sp_pci_check_level(struct sp_host *sp, ULONG level)
{
	if (level && level != (ULONG)sp->irq && sp->pdev &&
	    level != (ULONG)sp->pdev->irq &&
	    sp_note_once(sp, SP_NOTE_IRQ_LEVEL))
		sp_info(sp, "HwFindAdapter names interrupt level %u; %s's own interrupt (%s) is what is connected\n",
			level, pci_name(sp->pdev), sp->msi ? "MSI" : "INTx");
}

static int sp_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sp_hwdriver *hwdrv = container_of(to_pci_driver(pdev->dev.driver),
						 struct sp_hwdriver, pdrv);
	struct sp_host *claiming = READ_ONCE(hwdrv->claiming);
	PCI_COMMON_CONFIG *bus_info;
	struct sp_host *sp;
	bool again;
	int ret;

	/* A scanning miniport's HwFindAdapter claims this function: bound. */
	if (claiming && claiming->pdev == pdev) {
		pci_set_drvdata(pdev, claiming);
		return 0;
	}

	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	ret = pci_request_regions(pdev, hwdrv->name);
	if (ret)
		goto disable;

	sp = sp_host_create(hwdrv, &pdev->dev, pdev);
	if (IS_ERR(sp)) {
		ret = PTR_ERR(sp);
		goto release;
	}
	sp_pci_fill_config(sp, pdev);
	ret = sp_pci_setup_irq(sp);
	if (ret)
		goto destroy;
	bus_info = sp_pci_bus_info(pdev);
	/* Bus mastering is on while HwFindAdapter sets the HBA up (as on Windows). */
	pci_set_master(pdev);
	ret = sp_host_find_adapter(sp, bus_info, &again);
	kfree(bus_info);
	if (ret)
		goto destroy;
	if (!sp->config.Master)
		pci_clear_master(pdev);
	/* A miniport that clears the interrupt in ConfigInfo polls. */
	if (!sp->config.BusInterruptLevel && !sp->config.BusInterruptVector) {
		sp_pci_release_irq(sp);
		sp->irq = 0;
	}
	sp_pci_check_level(sp, sp->config.BusInterruptLevel);
	pci_set_drvdata(pdev, sp);
	ret = sp_host_start(sp);
	if (ret)
		goto destroy;
	return 0;

destroy:
	pci_set_drvdata(pdev, NULL);
	sp_host_destroy(sp);
release:
	pci_release_regions(pdev);
disable:
	pci_disable_device(pdev);
	return ret;
}

static void sp_pci_remove(struct pci_dev *pdev)
{
	struct sp_host *sp = pci_get_drvdata(pdev);
	bool legacy;

	/* NULL: a scan's adapter that is being torn down by the scan. */
	if (!sp)
		return;
	pci_set_drvdata(pdev, NULL);
	sp->unbinding = true;
	legacy = sp->legacy;
	sp_host_destroy(sp);
	/* A scan's adapter released what sp_pci_claim() took itself. */
	if (!legacy) {
		pci_release_regions(pdev);
		pci_disable_device(pdev);
	}
}

static void sp_pci_shutdown(struct pci_dev *pdev)
{
	struct sp_host *sp = pci_get_drvdata(pdev);

	if (sp)
		sp_host_shutdown(sp);
}

static int sp_pci_suspend(struct device *dev)
{
	struct sp_host *sp = dev_get_drvdata(dev);

	return sp_host_suspend(sp);
}

static int sp_pci_resume(struct device *dev)
{
	struct sp_host *sp = dev_get_drvdata(dev);

	return sp_host_resume(sp);
}

static DEFINE_SIMPLE_DEV_PM_OPS(sp_pci_pm_ops, sp_pci_suspend, sp_pci_resume);

/* "15AD" and the like: a hex ID the miniport passes as a counted string. */
static int sp_parse_id(const void *str, USHORT len, u32 *out)
{
	char buf[9];

	if (!str || !len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, str, len);
	buf[len] = '\0';
	if (kstrtou32(buf, 16, out) || *out > 0xffff)
		return -EINVAL;
	return 0;
}

/**
 * sp_pci_register() - register the pci_driver of a PCIBus registration
 * @hwdrv: the ScsiPortInitialize registration
 * @ids: the functions to bind: NULL for the VendorId/DeviceId of the
 *	HW_INITIALIZATION_DATA when it has them, else none (a scan claims
 *	functions itself); or the module's device table
 *
 * Probing runs synchronously for the functions already present, so
 * HwFindAdapter runs from within ScsiPortInitialize as on Windows.
 *
 * Return: 0 or a negative errno.
 */
int sp_pci_register(struct sp_hwdriver *hwdrv, const struct pci_device_id *ids)
{
	const HW_INITIALIZATION_DATA *hw = &hwdrv->hw;
	u32 vendor, device;
	int ret;

	if (!ids && hw->VendorIdLength) {
		if (sp_parse_id(hw->VendorId, hw->VendorIdLength, &vendor) ||
		    sp_parse_id(hw->DeviceId, hw->DeviceIdLength, &device)) {
			pr_err(SP_NAME ": %s: VendorId/DeviceId must be hexadecimal strings with their lengths\n",
			       hwdrv->name);
			return -EINVAL;
		}
		hwdrv->ids[0] = (struct pci_device_id){ PCI_DEVICE(vendor, device) };
		ids = hwdrv->ids;
	}
	hwdrv->pdrv.name = hwdrv->name;
	hwdrv->pdrv.id_table = ids;
	hwdrv->pdrv.probe = sp_pci_probe;
	hwdrv->pdrv.remove = sp_pci_remove;
	hwdrv->pdrv.shutdown = sp_pci_shutdown;
	hwdrv->pdrv.driver.pm = pm_sleep_ptr(&sp_pci_pm_ops);
	ret = __pci_register_driver(&hwdrv->pdrv, hwdrv->obj->owner,
				    hwdrv->obj->name);
	if (!ret)
		hwdrv->pci_registered = true;
	return ret;
}

/**
 * sp_pci_unregister() - unregister the pci_driver (removes its adapters)
 * @hwdrv: the registration
 */
void sp_pci_unregister(struct sp_hwdriver *hwdrv)
{
	if (hwdrv->pci_registered)
		pci_unregister_driver(&hwdrv->pdrv);
	hwdrv->pci_registered = false;
}

/*
 * After a scan's HwFindAdapter: keep the vector the claim allocated, unless
 * the miniport named no interrupt (it polls); allocate one if the claim
 * could not.
 */
static int sp_pci_scan_irq(struct sp_host *sp)
{
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;

	if (!ci->BusInterruptLevel && !ci->BusInterruptVector) {
		sp_pci_release_irq(sp);
		sp->irq = 0;
		return 0;
	}
	if (!sp->irq_vectors)
		return sp_pci_setup_irq(sp);
	ci->BusInterruptLevel = sp->irq;
	ci->BusInterruptVector = sp->irq;
	ci->InterruptMode = sp->msi ? Latched : LevelSensitive;
	return 0;
}

/**
 * sp_pci_legacy_scan() - the old style: the miniport scans PCI itself
 * @hwdrv: a PCIBus registration without VendorId/DeviceId
 *
 * For each PCI bus (domain 0), HwFindAdapter is called with SystemIoBusNumber set and
 * no access ranges, again and again while it finds an adapter and sets
 * Again; it looks for its HBA with ScsiPortGetBusData and maps it with
 * ScsiPortGetDeviceBase, which is how the shim learns which function it is
 * (sp_pci_claim() then binds the registration's driver to it).
 *
 * Return: number of adapters found, or a negative errno.
 */
int sp_pci_legacy_scan(struct sp_hwdriver *hwdrv)
{
	struct pci_bus *bus;
	struct sp_host *sp;
	int found = 0, ret, nr;
	ULONG level;
	bool again;

	/* A driver with no IDs: it only gets the functions it claims. */
	ret = sp_pci_register(hwdrv, NULL);
	if (ret)
		return ret;
	for (nr = 0; nr < 256; nr++) {
		bus = pci_find_bus(0, nr);
		if (!bus)
			continue;
		do {
			sp = sp_host_create(hwdrv, NULL, NULL);
			if (IS_ERR(sp))
				return PTR_ERR(sp);
			sp->legacy = true;
			sp->config.SystemIoBusNumber = bus->number;
			again = false;
			ret = sp_host_find_adapter(sp, NULL, &again);
			if (!ret && !sp->pdev) {
				sp_warn(sp, "HwFindAdapter found an adapter but mapped none of its registers; cannot tell which PCI function it is\n");
				ret = -ENODEV;
			}
			/* As sp_pci_probe() does: a bus master needs its bit set. */
			if (!ret && sp->config.Master)
				pci_set_master(sp->pdev);
			level = sp->config.BusInterruptLevel;
			if (!ret)
				ret = sp_pci_scan_irq(sp);
			if (!ret) {
				sp_pci_check_level(sp, level);
				ret = sp_host_start(sp);
			}
			if (ret) {
				sp_host_destroy(sp);
				if (ret != -ENODEV)
					return ret;
				break;
			}
			/* Bound to sp->pdev now: it goes when the driver does. */
			found++;
		} while (again && found < 32);
	}
	return found;
}

/**
 * sp_pci_host_release() - release a PCI function claimed by a legacy scan
 * @sp: the adapter, being destroyed; its driver_override stays until
 *	sp_pci_clear_claims()
 */
void sp_pci_host_release(struct sp_host *sp)
{
	sp_pci_unclaim(sp);
}
