// SPDX-License-Identifier: GPL-2.0
/*
 * ScsiPortGetBusData / ScsiPortSetBusDataByOffset: PCI configuration space
 * by bus number and PCI_SLOT_NUMBER, including the probing an old miniport
 * does when it scans every slot itself.  Other bus data types (CMOS, EISA,
 * POS) do not exist here and read as "no such bus".
 *
 * What Windows allows, and so the shim too (each use logged once per
 * adapter):
 *
 * - In HwFindAdapter a miniport reads any function (a scan has to) and
 *   writes its own - or, while it scans and has not claimed a function yet,
 *   one that no Linux driver drives (it enables and sizes it before mapping
 *   it).  A function another driver drives is never written.
 * - After HwFindAdapter (HwInitialize, HwAdapterControl, later) it reads
 *   and writes its own function, from any context the miniport runs in.
 *
 * BAR sizing - all-ones written to a BAR, the size read back, the old value
 * written again - is answered from the resource Linux assigned: the BAR
 * itself is never changed, so a function whose decoding is on (every bound
 * one) never answers at a bogus address meanwhile.  Moving a BAR somewhere
 * else is refused: Linux's resource tree would no longer be true.
 */
#include <linux/pci.h>
#include <linux/slab.h>

#include "sp_internal.h"

#define SP_PCI_CFG_SIZE	256	/* the PCI_COMMON_CONFIG a miniport can see */
#define SP_BAR_ROM	6	/* sizing bit of the expansion ROM BAR */

/* A function by bus and slot, with a reference.  Process context. */
static struct pci_dev *sp_busdata_dev(ULONG bus, ULONG slot, bool *bus_ok)
{
	PCI_SLOT_NUMBER s = { .u.AsULONG = slot };
	unsigned int devfn = PCI_DEVFN(s.u.bits.DeviceNumber,
				       s.u.bits.FunctionNumber);

	*bus_ok = bus <= 0xff && pci_find_bus(0, bus);
	if (!*bus_ok)
		return NULL;
	return pci_get_domain_bus_and_slot(0, bus, devfn);
}

/* Is (bus, slot) the adapter's own function?  Any context. */
static bool sp_busdata_own(struct sp_host *sp, ULONG bus, ULONG slot)
{
	PCI_SLOT_NUMBER s = { .u.AsULONG = slot };

	return sp->pdev && pci_domain_nr(sp->pdev->bus) == 0 &&
	       bus == sp->pdev->bus->number &&
	       sp->pdev->devfn == PCI_DEVFN(s.u.bits.DeviceNumber,
					    s.u.bits.FunctionNumber);
}

/* In HwFindAdapter or ScsiSetRunningConfig: process context, no lock. */
static bool sp_busdata_finding(struct sp_host *sp)
{
	return sp->finding || sp->setting_config;
}

static void sp_busdata_late(struct sp_host *sp, const char *what)
{
	if (sp_note_once(sp, SP_NOTE_BUSDATA_LATE))
		sp_info(sp, "%s after HwFindAdapter, on its own function %s: allowed, as on Windows\n",
			what, pci_name(sp->pdev));
}

/**
 * sp_busdata_may_write() - may the adapter write @pdev's configuration space?
 * @sp: the adapter, in HwFindAdapter
 * @pdev: the function
 *
 * Return: true for its own function, and while it scans (no function of
 * its own yet) for one no driver drives.
 */
bool sp_busdata_may_write(struct sp_host *sp, struct pci_dev *pdev)
{
	if (pdev == sp->pdev)
		return true;
	if (!sp->pdev && !pdev->dev.driver) {
		if (sp_note_once(sp, SP_NOTE_SCAN_WRITE))
			sp_info(sp, "HwFindAdapter writes to %s, which no driver drives, as it scans: allowed, as on Windows\n",
				pci_name(pdev));
		return true;
	}
	sp_err_rl(sp, "SetBusData: %s is driven by %s, not this adapter; not written\n",
		  pci_name(pdev), pdev->dev.driver ? pdev->dev.driver->name :
		  "another driver");
	return false;
}

/* The resource behind BAR register @reg (0-5, or SP_BAR_ROM); upper half? */
static int sp_bar_resource(struct pci_dev *pdev, int reg, bool *upper)
{
	*upper = false;
	if (reg == SP_BAR_ROM)
		return PCI_ROM_RESOURCE;
	if (reg > 0 && (pci_resource_flags(pdev, reg - 1) & IORESOURCE_MEM_64) &&
	    !(pci_resource_flags(pdev, reg) & (IORESOURCE_IO | IORESOURCE_MEM))) {
		*upper = true;
		return reg - 1;
	}
	return reg;
}

/*
 * What a BAR register reads after all-ones was written to it: the size
 * mask of the resource Linux assigned, with the read-only type bits the
 * register has (@hw, its current value).  0 for a BAR without a resource.
 */
static u32 sp_bar_size_mask(struct pci_dev *pdev, int reg, u32 hw)
{
	bool upper;
	int res = sp_bar_resource(pdev, reg, &upper);
	u64 len = pci_resource_len(pdev, res);
	u64 mask;

	if (!len)
		return 0;
	mask = ~(len - 1);
	if (upper)
		return (u32)(mask >> 32);
	if (reg == SP_BAR_ROM)
		return (u32)mask & PCI_ROM_ADDRESS_MASK;
	if (pci_resource_flags(pdev, res) & IORESOURCE_IO)
		return ((u32)mask & PCI_BASE_ADDRESS_IO_MASK) |
		       PCI_BASE_ADDRESS_SPACE_IO;
	return ((u32)mask & PCI_BASE_ADDRESS_MEM_MASK) |
	       (hw & ~PCI_BASE_ADDRESS_MEM_MASK);
}

/* The BAR register at configuration offset @off, or -1. */
static int sp_bar_reg(ULONG off)
{
	if (off >= PCI_BASE_ADDRESS_0 && off <= PCI_BASE_ADDRESS_5 + 3)
		return (off - PCI_BASE_ADDRESS_0) / 4;
	if (off >= PCI_ROM_ADDRESS && off <= PCI_ROM_ADDRESS + 3)
		return SP_BAR_ROM;
	return -1;
}

static u32 sp_bar_offset(int reg)
{
	return reg == SP_BAR_ROM ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * reg;
}

/* Read config bytes [0, n) with the widest aligned accesses. */
static void sp_cfg_read(struct pci_dev *pdev, u8 *dst, ULONG n)
{
	ULONG i = 0;
	u32 d;
	u16 w;

	while (i < n) {
		if (!(i & 3) && n - i >= 4) {
			pci_read_config_dword(pdev, i, &d);
			put_unaligned_le32(d, dst + i);
			i += 4;
		} else if (!(i & 1) && n - i >= 2) {
			pci_read_config_word(pdev, i, &w);
			put_unaligned_le16(w, dst + i);
			i += 2;
		} else {
			pci_read_config_byte(pdev, i, dst + i);
			i++;
		}
	}
}

/* Write config bytes [off, off + n) with the widest aligned accesses. */
static void sp_cfg_write(struct pci_dev *pdev, ULONG off, const u8 *src,
			 ULONG n)
{
	ULONG i = 0;

	while (i < n) {
		if (!((off + i) & 3) && n - i >= 4) {
			pci_write_config_dword(pdev, off + i,
					       get_unaligned_le32(src + i));
			i += 4;
		} else if (!((off + i) & 1) && n - i >= 2) {
			pci_write_config_word(pdev, off + i,
					      get_unaligned_le16(src + i));
			i += 2;
		} else {
			pci_write_config_byte(pdev, off + i, src[i]);
			i++;
		}
	}
}

/* Reads of BARs being sized answer the size mask. */
static void sp_bar_patch(struct sp_host *sp, struct pci_dev *pdev, u8 *dst,
			 ULONG n)
{
	int reg;
	u32 off;

	if (pdev != sp->sizing_pdev || !sp->sizing_bars)
		return;
	for (reg = 0; reg <= SP_BAR_ROM; reg++) {
		off = sp_bar_offset(reg);
		if (!(sp->sizing_bars & BIT(reg)) || off + 4 > n)
			continue;
		put_unaligned_le32(sp_bar_size_mask(pdev, reg,
						    get_unaligned_le32(dst + off)),
				   dst + off);
	}
}

/*
 * A write that covers BAR registers: sizing (all-ones) and restoring (the
 * value the BAR holds) are answered without touching the BAR; anything
 * else is refused.  Return: false when the whole write is refused.
 */
static bool sp_bar_write(struct sp_host *sp, struct pci_dev *pdev, ULONG off,
			 const u8 *src, ULONG len)
{
	ULONG i;
	u32 v, cur, all;
	int reg;

	for (i = 0; i < len; i++) {
		reg = sp_bar_reg(off + i);
		if (reg < 0)
			continue;
		if ((off + i) & 3 || len - i < 4) {
			sp_err_rl(sp, "SetBusData: partial BAR write, %s 0x%x; refused\n",
				  pci_name(pdev), off + i);
			return false;
		}
		v = get_unaligned_le32(src + i);
		all = reg == SP_BAR_ROM ? PCI_ROM_ADDRESS_MASK : ~0U;
		pci_read_config_dword(pdev, off + i, &cur);
		if ((v & all) == all) {
			if (pdev != sp->sizing_pdev) {
				sp->sizing_pdev = pdev;
				sp->sizing_bars = 0;
			}
			sp->sizing_bars |= BIT(reg);
			if (sp_note_once(sp, SP_NOTE_BAR_SIZING))
				sp_info(sp, "BAR sizing of %s answered from its assigned resources; the BAR itself is not changed\n",
					pci_name(pdev));
		} else if (v != cur) {
			sp_err_rl(sp, "SetBusData: 0x%08x moves BAR %d of %s (0x%08x); refused\n",
				  v, reg, pci_name(pdev), cur);
			return false;
		}
		i += 3;
	}
	/* Second pass: the values are fine; restores end the sizing. */
	for (i = 0; i < len; i++) {
		reg = sp_bar_reg(off + i);
		if (reg < 0)
			continue;
		v = get_unaligned_le32(src + i);
		all = reg == SP_BAR_ROM ? PCI_ROM_ADDRESS_MASK : ~0U;
		if ((v & all) != all && pdev == sp->sizing_pdev)
			sp->sizing_bars &= ~BIT(reg);
		i += 3;
	}
	return true;
}

/**
 * ScsiPortGetBusData() - read bus configuration data (PCI config space)
 * @DeviceExtension: the adapter's device extension
 * @BusDataType: PCIConfiguration; other types return 0
 * @SystemIoBusNumber: PCI bus number
 * @SlotNumber: a PCI_SLOT_NUMBER (device and function)
 * @Buffer: where the data goes; when @Length is 0, a PVOID location that
 *	receives a buffer the port driver allocates (valid until the next
 *	call, the end of HwFindAdapter, or - after it - the adapter's removal)
 * @Length: bytes wanted, or 0 (see @Buffer)
 *
 * In HwFindAdapter any function may be read; afterwards only the adapter's
 * own (see the top of this file).
 *
 * Return: bytes stored; 0 when the bus does not exist (or the function may
 * not be read); 2 when the slot is empty (VendorID reads
 * PCI_INVALID_VENDORID).
 */
ULONG ScsiPortGetBusData(PVOID DeviceExtension, ULONG BusDataType,
			 ULONG SystemIoBusNumber, ULONG SlotNumber,
			 PVOID Buffer, ULONG Length)
{
	struct sp_host *sp = sp_from_ext(DeviceExtension);
	struct pci_dev *pdev;
	bool bus_ok, finding;
	u8 *dst;
	ULONG n;

	if (!sp) {
		pr_err_ratelimited(SP_NAME ": %s: invalid device extension %p\n",
				   __func__, DeviceExtension);
		return 0;
	}
	if (!Buffer)
		return 0;
	if (BusDataType != PCIConfiguration) {
		sp_err_rl(sp, "%s: bus data type %u is not supported\n", __func__,
			  BusDataType);
		return 0;
	}
	finding = sp_busdata_finding(sp);
	if (finding) {
		pdev = sp_busdata_dev(SystemIoBusNumber, SlotNumber, &bus_ok);
		if (!bus_ok)
			return 0;
	} else if (sp_busdata_own(sp, SystemIoBusNumber, SlotNumber)) {
		sp_busdata_late(sp, __func__);
		pdev = pci_dev_get(sp->pdev);
	} else {
		sp_err_rl(sp, "%s after HwFindAdapter: only its own function\n",
			  __func__);
		return 0;
	}

	if (Length) {
		dst = Buffer;
		n = min_t(ULONG, Length, SP_PCI_CFG_SIZE);
	} else {
		kfree(sp->busdata);
		/* After HwFindAdapter the miniport may hold the port lock. */
		sp->busdata = kzalloc(SP_PCI_CFG_SIZE,
				      finding ? GFP_KERNEL : GFP_ATOMIC);
		if (!sp->busdata) {
			pci_dev_put(pdev);
			return 0;
		}
		*(PVOID *)Buffer = sp->busdata;
		dst = sp->busdata;
		n = SP_PCI_CFG_SIZE;
	}
	if (!pdev) {
		if (n >= 2) {
			dst[0] = PCI_INVALID_VENDORID & 0xff;
			dst[1] = PCI_INVALID_VENDORID >> 8;
		}
		return min_t(ULONG, n, 2);
	}
	sp_cfg_read(pdev, dst, n);
	sp_bar_patch(sp, pdev, dst, n);
	pci_dev_put(pdev);
	return n;
}
EXPORT_SYMBOL_GPL(ScsiPortGetBusData);

/**
 * ScsiPortSetBusDataByOffset() - write bus configuration data
 * @DeviceExtension: the adapter's device extension
 * @BusDataType: PCIConfiguration; other types return 0
 * @SystemIoBusNumber: PCI bus number
 * @SlotNumber: a PCI_SLOT_NUMBER
 * @Buffer: the bytes to write
 * @Offset: where in configuration space
 * @Length: how many bytes
 *
 * The adapter's own function may be written, and during a scan in
 * HwFindAdapter a function no driver drives; BARs are sized, never moved
 * (see the top of this file).
 *
 * Return: bytes written, 0 on error.
 */
ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType,
				 ULONG SystemIoBusNumber, ULONG SlotNumber,
				 PVOID Buffer, ULONG Offset, ULONG Length)
{
	struct sp_host *sp;
	struct pci_dev *pdev;
	const u8 *src = Buffer;
	bool bus_ok;
	ULONG i, reg;

	KUNIT_STATIC_STUB_REDIRECT(ScsiPortSetBusDataByOffset, DeviceExtension,
				   BusDataType, SystemIoBusNumber, SlotNumber,
				   Buffer, Offset, Length);
	sp = sp_from_ext(DeviceExtension);

	if (!sp) {
		pr_err_ratelimited(SP_NAME ": %s: invalid device extension %p\n",
				   __func__, DeviceExtension);
		return 0;
	}
	if (!Buffer || BusDataType != PCIConfiguration || !Length)
		return 0;
	if (Offset >= SP_PCI_CFG_SIZE || Length > SP_PCI_CFG_SIZE - Offset)
		return 0;
	if (sp_busdata_finding(sp)) {
		pdev = sp_busdata_dev(SystemIoBusNumber, SlotNumber, &bus_ok);
		if (!pdev)
			return 0;
		if (!sp_busdata_may_write(sp, pdev)) {
			pci_dev_put(pdev);
			return 0;
		}
	} else if (sp_busdata_own(sp, SystemIoBusNumber, SlotNumber)) {
		sp_busdata_late(sp, __func__);
		pdev = pci_dev_get(sp->pdev);
	} else {
		sp_err_rl(sp, "%s after HwFindAdapter: only its own function\n",
			  __func__);
		return 0;
	}
	if (!sp_bar_write(sp, pdev, Offset, src, Length)) {
		pci_dev_put(pdev);
		return 0;
	}
	/* Everything but the BARs, which sp_bar_write() answered. */
	for (i = 0; i < Length; ) {
		reg = i;
		while (i < Length && sp_bar_reg(Offset + i) < 0)
			i++;
		if (i > reg)
			sp_cfg_write(pdev, Offset + reg, src + reg, i - reg);
		while (i < Length && sp_bar_reg(Offset + i) >= 0)
			i++;
	}
	pci_dev_put(pdev);
	return Length;
}
EXPORT_SYMBOL_GPL(ScsiPortSetBusDataByOffset);
