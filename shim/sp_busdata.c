// SPDX-License-Identifier: GPL-2.0
/*
 * ScsiPortGetBusData / ScsiPortSetBusDataByOffset: PCI configuration space
 * by bus number and PCI_SLOT_NUMBER, including the probing an old miniport
 * does when it scans every slot itself.  Other bus data types (CMOS, EISA,
 * POS) do not exist here and read as "no such bus".
 */
#include <linux/pci.h>
#include <linux/slab.h>

#include "sp_internal.h"

#define SP_PCI_CFG_SIZE	256	/* the PCI_COMMON_CONFIG a miniport can see */

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

static struct sp_host *sp_busdata_host(PVOID ext, const char *what)
{
	struct sp_host *sp = sp_from_ext(ext);

	if (!sp) {
		pr_err(SP_NAME ": %s: invalid device extension %p\n", what, ext);
		return NULL;
	}
	if (!sp->finding && !sp->setting_config) {
		sp_err(sp, "%s is only allowed in HwFindAdapter or HwAdapterControl(ScsiSetRunningConfig)\n",
		       what);
		return NULL;
	}
	return sp;
}

/**
 * ScsiPortGetBusData() - read bus configuration data (PCI config space)
 * @DeviceExtension: the adapter's device extension
 * @BusDataType: PCIConfiguration; other types return 0
 * @SystemIoBusNumber: PCI bus number
 * @SlotNumber: a PCI_SLOT_NUMBER (device and function)
 * @Buffer: where the data goes; when @Length is 0, a PVOID location that
 *	receives a buffer the port driver allocates (valid until the next
 *	call or the end of HwFindAdapter)
 * @Length: bytes wanted, or 0 (see @Buffer)
 *
 * Return: bytes stored; 0 when the bus does not exist; 2 when the slot is
 * empty (VendorID reads PCI_INVALID_VENDORID).
 */
ULONG ScsiPortGetBusData(PVOID DeviceExtension, ULONG BusDataType,
			 ULONG SystemIoBusNumber, ULONG SlotNumber,
			 PVOID Buffer, ULONG Length)
{
	struct sp_host *sp = sp_busdata_host(DeviceExtension, __func__);
	struct pci_dev *pdev;
	bool bus_ok;
	u8 *dst;
	ULONG n, i;

	if (!sp || !Buffer)
		return 0;
	if (BusDataType != PCIConfiguration) {
		sp_err(sp, "%s: bus data type %u is not supported\n", __func__,
		       BusDataType);
		return 0;
	}
	pdev = sp_busdata_dev(SystemIoBusNumber, SlotNumber, &bus_ok);
	if (!bus_ok)
		return 0;

	if (Length) {
		dst = Buffer;
		n = min_t(ULONG, Length, SP_PCI_CFG_SIZE);
	} else {
		kfree(sp->busdata);
		sp->busdata = kzalloc(SP_PCI_CFG_SIZE, GFP_KERNEL);	/* process context */
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
	for (i = 0; i < n; i++)
		pci_read_config_byte(pdev, i, &dst[i]);
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
 * Only the adapter's own PCI function may be written.
 *
 * Return: bytes written, 0 on error.
 */
ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType,
				 ULONG SystemIoBusNumber, ULONG SlotNumber,
				 PVOID Buffer, ULONG Offset, ULONG Length)
{
	struct sp_host *sp = sp_busdata_host(DeviceExtension, __func__);
	struct pci_dev *pdev;
	const u8 *src = Buffer;
	bool bus_ok;
	ULONG i;

	if (!sp || !Buffer || BusDataType != PCIConfiguration)
		return 0;
	if (Offset >= SP_PCI_CFG_SIZE || Length > SP_PCI_CFG_SIZE - Offset)
		return 0;
	pdev = sp_busdata_dev(SystemIoBusNumber, SlotNumber, &bus_ok);
	if (!pdev)
		return 0;
	if (pdev != sp->pdev) {
		sp_err(sp, "%s: %s is not this adapter's device\n", __func__,
		       pci_name(pdev));
		pci_dev_put(pdev);
		return 0;
	}
	for (i = 0; i < Length; i++)
		pci_write_config_byte(pdev, Offset + i, src[i]);
	pci_dev_put(pdev);
	return Length;
}
EXPORT_SYMBOL_GPL(ScsiPortSetBusDataByOffset);
