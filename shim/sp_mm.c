// SPDX-License-Identifier: GPL-2.0
/*
 * MmGetPhysicalAddress of the Windows run-time: the address the HBA uses
 * for memory the shim gave a miniport.
 *
 * Windows code calls it with an address and nothing else, so the memory of
 * every adapter is searched.  An adapter is on sp_mm_hosts from the moment
 * its device extension exists until just before it is freed; readers walk
 * the list under RCU, so the routine may be called from any miniport
 * routine, the interrupt handler included.
 *
 * What it translates:
 *  - the uncached extension and the SrbExtension/sense pool: their DMA
 *    address, exactly as ScsiPortGetPhysicalAddress gives it;
 *  - the device extension and the SpecificLuExtensions: ordinary kernel
 *    memory the device never had mapped, so only where the HBA reaches
 *    physical memory directly (no IOMMU translating for it) and within its
 *    DMA mask.  A Windows miniport that puts a structure the HBA reads in
 *    its device extension works on such a machine, and is refused, with
 *    a message, where it would not.
 *
 * Anything else - a data buffer, the stack, memory of the miniport's own -
 * is refused: 0, a rate-limited message, and bad_addresses counted on the
 * adapter whose memory it names, if any.
 */
#include <linux/dma-direct.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "sp_internal.h"

static DEFINE_SPINLOCK(sp_mm_lock);	/* serialises writers of sp_mm_hosts */
static LIST_HEAD(sp_mm_hosts);		/* struct sp_host by mm_node; RCU */

/**
 * sp_mm_add() - let MmGetPhysicalAddress see an adapter's memory
 * @sp: the adapter, its device extension allocated
 */
void sp_mm_add(struct sp_host *sp)
{
	spin_lock(&sp_mm_lock);
	list_add_tail_rcu(&sp->mm_node, &sp_mm_hosts);
	spin_unlock(&sp_mm_lock);
}
EXPORT_SYMBOL_IF_KUNIT(sp_mm_add);

/**
 * sp_mm_del() - undo sp_mm_add(), waiting for the readers
 * @sp: the adapter; its memory may be freed on return
 *
 * Context: process context (sleeps).
 */
void sp_mm_del(struct sp_host *sp)
{
	spin_lock(&sp_mm_lock);
	list_del_rcu(&sp->mm_node);
	spin_unlock(&sp_mm_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_IF_KUNIT(sp_mm_del);

static bool sp_mm_in(const void *p, const void *start, size_t len)
{
	return start && p >= start && p < start + len;
}

/* Kernel memory (@va) as the HBA of @sp addresses it, or 0. */
static u64 sp_mm_direct(struct sp_host *sp, void *va, const char *what)
{
	phys_addr_t phys;
	dma_addr_t dma;

	if (!sp->dev || !sp->dev->dma_mask || device_iommu_mapped(sp->dev)) {
		sp->stats.bad_addresses++;
		sp_err_rl(sp, "MmGetPhysicalAddress(%p, %s): no direct bus address\n",
			  va, what);
		return 0;
	}
	if (is_vmalloc_addr(va))
		phys = page_to_phys(vmalloc_to_page(va)) + offset_in_page(va);
	else
		phys = virt_to_phys(va);
	dma = phys_to_dma(sp->dev, phys);
	if (!dma_capable(sp->dev, dma, 1, true)) {
		sp->stats.bad_addresses++;
		sp_err_rl(sp, "MmGetPhysicalAddress(%p, %s): %pa is beyond the DMA mask\n",
			  va, what, &phys);
		return 0;
	}
	return dma;
}

/* The address of @va if it is memory @sp gave its miniport; *@found. */
static u64 sp_mm_host(struct sp_host *sp, void *va, bool *found)
{
	struct sp_lu *lu;
	unsigned long key;

	*found = true;
	if (sp_mm_in(va, sp->uncached, sp->uncached_len))
		return sp->uncached_dma + (va - sp->uncached);
	if (sp_mm_in(va, sp->pool, sp->pool_len))
		return sp->pool_dma + (va - sp->pool);
	if (sp_mm_in(va, sp->dev_ext, sp->hwdrv->hw.DeviceExtensionSize))
		return sp_mm_direct(sp, va, "device extension");
	xa_for_each(&sp->lus, key, lu)
		if (sp_mm_in(va, lu->ext, sp->config.SpecificLuExtensionSize))
			return sp_mm_direct(sp, va, "LU extension");
	*found = false;
	return 0;
}

/**
 * spw_MmGetPhysicalAddress() - MmGetPhysicalAddress for Windows code
 * @BaseAddress: an address in memory the shim gave a miniport: its device
 *	extension, uncached extension, an SrbExtension or sense buffer, or a
 *	SpecificLuExtension
 *
 * Context: any; takes no lock (RCU).
 * Return: the address the HBA uses for @BaseAddress, or 0 when it is none
 * of that memory or the HBA cannot reach it.
 */
PHYSICAL_ADDRESS SP_MSABI spw_MmGetPhysicalAddress(PVOID BaseAddress)
{
	PHYSICAL_ADDRESS pa = { .QuadPart = 0 };
	struct sp_host *sp;
	bool found = false;

	rcu_read_lock();
	list_for_each_entry_rcu(sp, &sp_mm_hosts, mm_node) {
		pa.QuadPart = sp_mm_host(sp, BaseAddress, &found);
		if (found)
			break;
	}
	rcu_read_unlock();
	if (!found)
		pr_err_ratelimited(SP_NAME ": MmGetPhysicalAddress: %p is not memory the shim gave a miniport\n",
				   BaseAddress);
	return pa;
}
EXPORT_SYMBOL_GPL(spw_MmGetPhysicalAddress);
