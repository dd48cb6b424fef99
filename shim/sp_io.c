// SPDX-License-Identifier: GPL-2.0
/*
 * Register and port access: ScsiPortGetDeviceBase maps an access range of
 * the adapter (ioremap for memory, ioport_map for I/O space), and the
 * ScsiPortRead/Write{Port,Register}* routines are ioread/iowrite on the
 * returned cookie, which works for either kind of mapping.
 *
 * The *Port*Buffer routines transfer to or from one address (string I/O);
 * the *Register*Buffer routines walk consecutive addresses, as their Windows
 * counterparts do.
 */
#include <linux/io.h>
#include <linux/percpu.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "sp_internal.h"
#include "sp_winabi.h"

/* Does [addr, addr + len) lie inside one BAR of @pdev of the given kind? */
static bool sp_pci_range_ok(struct pci_dev *pdev, u64 addr, u64 len, bool io)
{
	unsigned long want = io ? IORESOURCE_IO : IORESOURCE_MEM;
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		struct resource *r = &pdev->resource[bar];

		if (!(r->flags & want) || !r->start)
			continue;
		if (addr >= r->start && len && addr + len - 1 <= r->end)
			return true;
	}
	return false;
}

/*
 * Find the adapter's PCI function for a range, claiming it when a miniport
 * that scans PCI itself maps registers of a device found that way.
 */
static struct pci_dev *sp_range_owner(struct sp_host *sp, u64 addr, u64 len,
				      bool io)
{
	struct pci_dev *pdev;

	if (sp->pdev)
		return sp_pci_range_ok(sp->pdev, addr, len, io) ? sp->pdev : NULL;
	if (!sp->legacy)
		return NULL;
	pdev = sp_pci_find_owner(addr, len, io);
	if (pdev && sp_pci_claim(sp, pdev))
		pdev = NULL;
	return pdev;
}

/**
 * ScsiPortValidateRange() - is an access range usable by this adapter?
 * @HwDeviceExtension: the adapter's device extension
 * @BusType: bus of the range (PCIBus)
 * @SystemIoBusNumber: bus number
 * @IoAddress: start of the range
 * @NumberOfBytes: its length
 * @InIoSpace: TRUE for I/O ports, FALSE for memory
 *
 * Return: TRUE when the range belongs to the adapter's PCI function (or, for
 * a miniport scanning PCI itself, to a function no driver has claimed).
 */
BOOLEAN ScsiPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
			      ULONG SystemIoBusNumber,
			      SCSI_PHYSICAL_ADDRESS IoAddress,
			      ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);
	struct pci_dev *pdev;
	bool ok;

	if (!sp || BusType != PCIBus)
		return FALSE;
	if (sp->pdev)
		return sp_pci_range_ok(sp->pdev, IoAddress.QuadPart,
				       NumberOfBytes, InIoSpace);
	pdev = sp_pci_find_owner(IoAddress.QuadPart, NumberOfBytes, InIoSpace);
	ok = pdev && !pdev->dev.driver;
	pci_dev_put(pdev);
	return ok;
}
EXPORT_SYMBOL_GPL(ScsiPortValidateRange);

/**
 * ScsiPortGetDeviceBase() - map an access range of the adapter
 * @HwDeviceExtension: the adapter's device extension
 * @BusType: bus of the range (PCIBus)
 * @SystemIoBusNumber: bus number
 * @IoAddress: start of the range, as in ConfigInfo->AccessRanges
 * @NumberOfBytes: length to map
 * @InIoSpace: TRUE for I/O ports, FALSE for memory
 *
 * Only from HwFindAdapter.  The mapping lasts until ScsiPortFreeDeviceBase
 * or the adapter's removal.
 *
 * Return: the address for the ScsiPortRead/Write routines, or NULL.
 */
PVOID ScsiPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType,
			    ULONG SystemIoBusNumber,
			    SCSI_PHYSICAL_ADDRESS IoAddress,
			    ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
	struct sp_host *sp;
	u64 addr = IoAddress.QuadPart;
	struct sp_base *base;
	void __iomem *va;

	KUNIT_STATIC_STUB_REDIRECT(ScsiPortGetDeviceBase, HwDeviceExtension, BusType,
				   SystemIoBusNumber, IoAddress, NumberOfBytes,
				   InIoSpace);
	sp = sp_from_ext(HwDeviceExtension);

	if (!sp) {
		pr_err(SP_NAME ": %s: invalid device extension\n", __func__);
		return NULL;
	}
	if (!sp->finding) {
		sp_err(sp, "%s is only allowed in HwFindAdapter\n", __func__);
		return NULL;
	}
	if (BusType != PCIBus || !NumberOfBytes ||
	    !sp_range_owner(sp, addr, NumberOfBytes, InIoSpace)) {
		sp_err(sp, "%s: %s range 0x%llx+0x%x (bus type %d) is not ours\n",
		       __func__, InIoSpace ? "I/O" : "memory", addr,
		       NumberOfBytes, BusType);
		return NULL;
	}

	if (sp->refinding) {
		/* on resume: the mapping of the first HwFindAdapter */
		list_for_each_entry(base, &sp->bases, node)
			if (base->bus_addr == addr && base->io == InIoSpace &&
			    base->len >= NumberOfBytes)
				return (__force PVOID)base->addr;
	}
	base = kzalloc(sizeof(*base), GFP_KERNEL);
	if (!base)
		return NULL;
	if (InIoSpace)
		va = ioport_map(addr, NumberOfBytes);
	else
		va = ioremap(addr, NumberOfBytes);
	if (!va) {
		kfree(base);
		sp_err(sp, "cannot map 0x%llx+0x%x\n", addr, NumberOfBytes);
		return NULL;
	}
	base->addr = va;
	base->bus_addr = addr;
	base->len = NumberOfBytes;
	base->io = InIoSpace;
	list_add(&base->node, &sp->bases);
	return (__force PVOID)va;
}
EXPORT_SYMBOL_GPL(ScsiPortGetDeviceBase);

static void sp_base_unmap(struct sp_base *base)
{
	if (base->io)
		ioport_unmap(base->addr);
	else
		iounmap(base->addr);
	list_del(&base->node);
	kfree(base);
}

/**
 * ScsiPortFreeDeviceBase() - undo ScsiPortGetDeviceBase
 * @HwDeviceExtension: the adapter's device extension
 * @MappedAddress: an address ScsiPortGetDeviceBase returned
 *
 * Only from HwFindAdapter (typically when it decides the HBA is not its).
 */
VOID ScsiPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);
	struct sp_base *base;

	if (!sp)
		return;
	list_for_each_entry(base, &sp->bases, node) {
		if ((__force PVOID)base->addr == MappedAddress) {
			sp_base_unmap(base);
			return;
		}
	}
	sp_err(sp, "%s: %p was not mapped by ScsiPortGetDeviceBase\n",
	       __func__, MappedAddress);
}
EXPORT_SYMBOL_GPL(ScsiPortFreeDeviceBase);

/**
 * sp_bases_release() - unmap everything ScsiPortGetDeviceBase mapped
 * @sp: the adapter, stopped
 */
void sp_bases_release(struct sp_host *sp)
{
	struct sp_base *base, *n;

	list_for_each_entry_safe(base, n, &sp->bases, node)
		sp_base_unmap(base);
}

#define SP_IO(p)	((void __iomem __force *)(p))

/*
 * Register and port accesses of all miniports, shown in debugfs
 * (scsiport/registers): under virtualization each one is a trap to the
 * hypervisor, the first thing to count when a miniport is slow.  Per CPU,
 * so the I/O path shares no cache line for them.
 */
static DEFINE_PER_CPU(unsigned long, sp_reg_reads);
static DEFINE_PER_CPU(unsigned long, sp_reg_writes);

#define SP_COUNT_READ(n)	this_cpu_add(sp_reg_reads, (n))
#define SP_COUNT_WRITE(n)	this_cpu_add(sp_reg_writes, (n))

/**
 * sp_io_counts() - register and port accesses so far, all CPUs
 * @reads: set to the number of reads
 * @writes: set to the number of writes
 */
void sp_io_counts(unsigned long *reads, unsigned long *writes)
{
	int cpu;

	*reads = 0;
	*writes = 0;
	for_each_possible_cpu(cpu) {
		*reads += per_cpu(sp_reg_reads, cpu);
		*writes += per_cpu(sp_reg_writes, cpu);
	}
}

/*
 * One counted read or write of 1, 2 or 4 bytes: the body of each single
 * access below, which is defined twice from it, ScsiPort<name> for kernel
 * code and spw_ScsiPort<name> for Windows code (sp_abi.h).  Register
 * accesses are on the request path, and a thunk calling the kernel-code
 * routine would double the calls a Windows-code miniport makes there.
 */
static __always_inline u32 sp_io_read(void *addr, int size)
{
	SP_COUNT_READ(1);
	if (size == 1)
		return ioread8(SP_IO(addr));
	if (size == 2)
		return ioread16(SP_IO(addr));
	return ioread32(SP_IO(addr));
}

static __always_inline void sp_io_write(void *addr, u32 value, int size)
{
	SP_COUNT_WRITE(1);
	if (size == 1)
		iowrite8(value, SP_IO(addr));
	else if (size == 2)
		iowrite16(value, SP_IO(addr));
	else
		iowrite32(value, SP_IO(addr));
}

/**
 * ScsiPortReadPortUchar() - read a byte from a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
UCHAR ScsiPortReadPortUchar(PUCHAR Port)
{
	return sp_io_read(Port, 1);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortUchar);

/* The same for Windows code (the Microsoft x64 convention) */
UCHAR SP_MSABI spw_ScsiPortReadPortUchar(PUCHAR Port)
{
	return sp_io_read(Port, 1);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadPortUchar);

/**
 * ScsiPortWritePortUchar() - write a byte to a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value)
{
	sp_io_write(Port, Value, 1);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortUchar);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value)
{
	sp_io_write(Port, Value, 1);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWritePortUchar);

/**
 * ScsiPortReadPortUshort() - read a 16-bit value from a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
USHORT ScsiPortReadPortUshort(PUSHORT Port)
{
	return sp_io_read(Port, 2);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortUshort);

/* The same for Windows code (the Microsoft x64 convention) */
USHORT SP_MSABI spw_ScsiPortReadPortUshort(PUSHORT Port)
{
	return sp_io_read(Port, 2);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadPortUshort);

/**
 * ScsiPortWritePortUshort() - write a 16-bit value to a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value)
{
	sp_io_write(Port, Value, 2);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortUshort);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWritePortUshort(PUSHORT Port, USHORT Value)
{
	sp_io_write(Port, Value, 2);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWritePortUshort);

/**
 * ScsiPortReadPortUlong() - read a 32-bit value from a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
ULONG ScsiPortReadPortUlong(PULONG Port)
{
	return sp_io_read(Port, 4);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortUlong);

/* The same for Windows code (the Microsoft x64 convention) */
ULONG SP_MSABI spw_ScsiPortReadPortUlong(PULONG Port)
{
	return sp_io_read(Port, 4);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadPortUlong);

/**
 * ScsiPortWritePortUlong() - write a 32-bit value to a mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value)
{
	sp_io_write(Port, Value, 4);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortUlong);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWritePortUlong(PULONG Port, ULONG Value)
{
	sp_io_write(Port, Value, 4);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWritePortUlong);

/**
 * ScsiPortReadRegisterUchar() - read a byte from a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
UCHAR ScsiPortReadRegisterUchar(PUCHAR Register)
{
	return sp_io_read(Register, 1);
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterUchar);

/* The same for Windows code (the Microsoft x64 convention) */
UCHAR SP_MSABI spw_ScsiPortReadRegisterUchar(PUCHAR Register)
{
	return sp_io_read(Register, 1);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadRegisterUchar);

/**
 * ScsiPortWriteRegisterUchar() - write a byte to a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value)
{
	sp_io_write(Register, Value, 1);
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterUchar);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value)
{
	sp_io_write(Register, Value, 1);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWriteRegisterUchar);

/**
 * ScsiPortReadRegisterUshort() - read a 16-bit value from a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
USHORT ScsiPortReadRegisterUshort(PUSHORT Register)
{
	return sp_io_read(Register, 2);
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterUshort);

/* The same for Windows code (the Microsoft x64 convention) */
USHORT SP_MSABI spw_ScsiPortReadRegisterUshort(PUSHORT Register)
{
	return sp_io_read(Register, 2);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadRegisterUshort);

/**
 * ScsiPortWriteRegisterUshort() - write a 16-bit value to a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value)
{
	sp_io_write(Register, Value, 2);
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterUshort);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value)
{
	sp_io_write(Register, Value, 2);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWriteRegisterUshort);

/**
 * ScsiPortReadRegisterUlong() - read a 32-bit value from a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 *
 * Return: the value read.
 */
ULONG ScsiPortReadRegisterUlong(PULONG Register)
{
	return sp_io_read(Register, 4);
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterUlong);

/* The same for Windows code (the Microsoft x64 convention) */
ULONG SP_MSABI spw_ScsiPortReadRegisterUlong(PULONG Register)
{
	return sp_io_read(Register, 4);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortReadRegisterUlong);

/**
 * ScsiPortWriteRegisterUlong() - write a 32-bit value to a mapped register
 * @Register: address inside a range from ScsiPortGetDeviceBase
 * @Value: what to write
 */
VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value)
{
	sp_io_write(Register, Value, 4);
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterUlong);

/* The same for Windows code (the Microsoft x64 convention) */
VOID SP_MSABI spw_ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value)
{
	sp_io_write(Register, Value, 4);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortWriteRegisterUlong);

/**
 * ScsiPortReadPortBufferUchar() - read bytes from one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, all from @Port
 */
VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	SP_COUNT_READ(Count);
	ioread8_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortBufferUchar);

/**
 * ScsiPortWritePortBufferUchar() - write bytes to one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, all to @Port
 */
VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
	SP_COUNT_WRITE(Count);
	iowrite8_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortBufferUchar);

/**
 * ScsiPortReadRegisterBufferUchar() - read bytes from consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, from @Register onwards
 */
VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_READ(Count);
	for (i = 0; i < Count; i++)
		Buffer[i] = ioread8(SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterBufferUchar);

/**
 * ScsiPortWriteRegisterBufferUchar() - write bytes to consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, from @Register onwards
 */
VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_WRITE(Count);
	for (i = 0; i < Count; i++)
		iowrite8(Buffer[i], SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterBufferUchar);

/**
 * ScsiPortReadPortBufferUshort() - read 16-bit values from one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, all from @Port
 */
VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	SP_COUNT_READ(Count);
	ioread16_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortBufferUshort);

/**
 * ScsiPortWritePortBufferUshort() - write 16-bit values to one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, all to @Port
 */
VOID ScsiPortWritePortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
	SP_COUNT_WRITE(Count);
	iowrite16_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortBufferUshort);

/**
 * ScsiPortReadRegisterBufferUshort() - read 16-bit values from consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, from @Register onwards
 */
VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_READ(Count);
	for (i = 0; i < Count; i++)
		Buffer[i] = ioread16(SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterBufferUshort);

/**
 * ScsiPortWriteRegisterBufferUshort() - write 16-bit values to consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, from @Register onwards
 */
VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_WRITE(Count);
	for (i = 0; i < Count; i++)
		iowrite16(Buffer[i], SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterBufferUshort);

/**
 * ScsiPortReadPortBufferUlong() - read 32-bit values from one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, all from @Port
 */
VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count)
{
	SP_COUNT_READ(Count);
	ioread32_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortReadPortBufferUlong);

/**
 * ScsiPortWritePortBufferUlong() - write 32-bit values to one mapped port
 * @Port: address inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, all to @Port
 */
VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count)
{
	SP_COUNT_WRITE(Count);
	iowrite32_rep(SP_IO(Port), Buffer, Count);
}
EXPORT_SYMBOL_GPL(ScsiPortWritePortBufferUlong);

/**
 * ScsiPortReadRegisterBufferUlong() - read 32-bit values from consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: where the values go
 * @Count: how many to read, from @Register onwards
 */
VOID ScsiPortReadRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_READ(Count);
	for (i = 0; i < Count; i++)
		Buffer[i] = ioread32(SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortReadRegisterBufferUlong);

/**
 * ScsiPortWriteRegisterBufferUlong() - write 32-bit values to consecutive registers
 * @Register: first address, inside a range from ScsiPortGetDeviceBase
 * @Buffer: the values
 * @Count: how many to write, from @Register onwards
 */
VOID ScsiPortWriteRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count)
{
	ULONG i;

	SP_COUNT_WRITE(Count);
	for (i = 0; i < Count; i++)
		iowrite32(Buffer[i], SP_IO(Register + i));
}
EXPORT_SYMBOL_GPL(ScsiPortWriteRegisterBufferUlong);
