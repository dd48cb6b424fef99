// SPDX-License-Identifier: GPL-2.0
/*
 * DMA: the uncached extension, the pool of SrbExtensions and sense buffers,
 * data buffer mapping, and ScsiPortGetPhysicalAddress /
 * ScsiPortGetVirtualAddress over all of them.
 *
 * The SrbExtension of each slot (blk-mq tag, or internal slot) and its sense
 * buffer come from one coherent allocation made when the adapter starts, so
 * the I/O path maps nothing for them and their bus addresses are a simple
 * offset away.
 *
 * A miniport finds the bus address of byte n of a request's data by passing
 * DataBuffer + n to ScsiPortGetPhysicalAddress.  That address must not be
 * the address of any other memory the miniport might name: a data buffer
 * spread over several pages has no virtually contiguous mapping, so
 * "first page + n" would run into unrelated memory - the uncached extension
 * or the SrbExtension pool among it - and be translated as that.  Such a
 * buffer's DataBuffer therefore lies in a window of address space of its
 * own (sp_data_buffer()).
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "sp_internal.h"
#include "sp_winabi.h"

/**
 * sp_set_dma_mask() - DMA mask from what the miniport put in ConfigInfo
 * @sp: the adapter
 * @ci: its configuration (Dma64BitAddresses, Dma32BitAddresses)
 *
 * Return: 0 or a negative errno.
 */
int sp_set_dma_mask(struct sp_host *sp, const PORT_CONFIGURATION_INFORMATION *ci)
{
	int ret = -EIO;

	if (ci->Dma64BitAddresses & SCSI_DMA64_MINIPORT_SUPPORTED)
		ret = dma_set_mask_and_coherent(sp->dev, DMA_BIT_MASK(64));
	if (ret)
		ret = dma_set_mask_and_coherent(sp->dev, DMA_BIT_MASK(32));
	if (ret)
		dev_err(sp->dev, "no usable DMA mask\n");
	return ret;
}

static void sp_slot_arrays_free(struct sp_host *sp)
{
	u32 i;

	for (i = 0; sp->parked_bufs && i < sp->nslots; i++)
		kfree(sp->parked_bufs[i].buf);
	kfree(sp->parked_bufs);
	sp->parked_bufs = NULL;
	bitmap_free(sp->parked);
	sp->parked = NULL;
	kfree(sp->free_slots);
	sp->free_slots = NULL;
	kfree(sp->home);
	sp->home = NULL;
	kfree(sp->srbs);
	sp->srbs = NULL;
	kfree(sp->slots);
	sp->slots = NULL;
}

/* Every owner starts on its own slot; the spares go on the free stack. */
static int sp_slot_arrays_alloc(struct sp_host *sp)
{
	u32 i;

	sp->slots = kcalloc(sp->nslots, sizeof(*sp->slots), GFP_KERNEL);
	sp->srbs = kcalloc(sp->nslots, sizeof(*sp->srbs), GFP_KERNEL);
	sp->home = kcalloc(sp->nowners, sizeof(*sp->home), GFP_KERNEL);
	sp->free_slots = kcalloc(sp->nslots, sizeof(*sp->free_slots),
				 GFP_KERNEL);
	sp->parked = bitmap_zalloc(sp->nslots, GFP_KERNEL);
	sp->parked_bufs = kcalloc(sp->nslots, sizeof(*sp->parked_bufs),
				  GFP_KERNEL);
	if (!sp->slots || !sp->srbs || !sp->home || !sp->free_slots ||
	    !sp->parked || !sp->parked_bufs) {
		sp_slot_arrays_free(sp);
		return -ENOMEM;
	}
	for (i = 0; i < sp->nowners; i++)
		sp->home[i] = i;
	sp->nfree = 0;
	for (i = sp->nslots; i-- > sp->nowners;)
		sp->free_slots[sp->nfree++] = i;
	return 0;
}

/**
 * sp_pool_alloc() - allocate the slots: SRBs, SrbExtensions, sense buffers
 * @sp: the adapter, with sp->nslots, sp->nowners and the sizes from
 *	ConfigInfo known
 *
 * Return: 0 or -ENOMEM.
 */
int sp_pool_alloc(struct sp_host *sp)
{
	size_t ext = ALIGN(sp->config.SrbExtensionSize, 16);

	if (sp_slot_arrays_alloc(sp))
		return -ENOMEM;
	sp->srbext_size = ext;
	sp->sense_off = ext * sp->nslots;
	sp->pool_len = sp->sense_off + (size_t)SP_SENSE_LEN * sp->nslots;
	sp->pool = dma_alloc_coherent(sp->dev, sp->pool_len, &sp->pool_dma,
				      GFP_KERNEL);
	if (!sp->pool) {
		sp_slot_arrays_free(sp);
		return -ENOMEM;
	}
	return 0;
}

/**
 * sp_pool_free() - free what sp_pool_alloc() allocated
 * @sp: the adapter, stopped
 */
void sp_pool_free(struct sp_host *sp)
{
	if (sp->pool)
		dma_free_coherent(sp->dev, sp->pool_len, sp->pool, sp->pool_dma);
	sp->pool = NULL;
	sp_slot_arrays_free(sp);
}

/**
 * sp_uncached_free() - free the uncached extension
 * @sp: the adapter, stopped
 */
void sp_uncached_free(struct sp_host *sp)
{
	if (sp->uncached)
		dma_free_coherent(sp->dev, sp->uncached_len, sp->uncached,
				  sp->uncached_dma);
	sp->uncached = NULL;
}

/**
 * ScsiPortGetUncachedExtension() - DMA-coherent memory shared with the HBA
 * @HwDeviceExtension: the adapter's device extension
 * @ConfigInfo: the configuration HwFindAdapter is filling in; its
 *	Dma64BitAddresses and Dma32BitAddresses must already be set
 * @NumberOfBytes: size wanted
 *
 * One allocation per adapter, only from HwFindAdapter; a second call that
 * fits in the first returns the same memory.  Freed when the adapter goes.
 *
 * Return: the virtual address, or NULL.
 */
PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension,
				   PPORT_CONFIGURATION_INFORMATION ConfigInfo,
				   ULONG NumberOfBytes)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);

	if (!sp || !ConfigInfo || !NumberOfBytes) {
		pr_err(SP_NAME ": %s: bad arguments\n", __func__);
		return NULL;
	}
	if (!sp->finding) {
		sp_err(sp, "%s is only allowed in HwFindAdapter\n", __func__);
		return NULL;
	}
	if (sp->uncached) {
		if (NumberOfBytes <= sp->uncached_len)
			return sp->uncached;
		sp_err(sp, "%s: second call wants %u bytes, first got %zu\n",
		       __func__, NumberOfBytes, sp->uncached_len);
		return NULL;
	}
	if (!sp->dev) {
		sp_err(sp, "%s: the adapter has no device yet (map its registers first)\n",
		       __func__);
		return NULL;
	}
	if (sp_set_dma_mask(sp, ConfigInfo))
		return NULL;
	sp->uncached = dma_alloc_coherent(sp->dev, NumberOfBytes,
					  &sp->uncached_dma, GFP_KERNEL);
	if (!sp->uncached)
		return NULL;
	sp->uncached_len = NumberOfBytes;
	return sp->uncached;
}
EXPORT_SYMBOL_GPL(ScsiPortGetUncachedExtension);

/**
 * sp_data_window_alloc() - address space for multi-segment DataBuffers
 * @sp: the adapter; a bus master that did not ask for MapBuffers
 * @max_len: the longest transfer the host accepts
 *
 * One window serves every request of the adapter: the SRB passed with an
 * address tells ScsiPortGetPhysicalAddress whose data it is.  Every page
 * of the window maps the same zeroed page, so a miniport that reads or
 * writes through such a DataBuffer (which Windows does not allow without
 * MapBuffers either) touches that page and nothing else.
 *
 * Context: process context.  Return: 0 or -ENOMEM.
 */
int sp_data_window_alloc(struct sp_host *sp, size_t max_len)
{
	unsigned int i, n = DIV_ROUND_UP(max_len, PAGE_SIZE) + 1;
	struct page **pages;

	sp->data_window_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!sp->data_window_page)
		return -ENOMEM;
	pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		goto fail;
	for (i = 0; i < n; i++)
		pages[i] = sp->data_window_page;
	sp->data_window = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	if (!sp->data_window)
		goto fail;
	sp->data_window_len = (size_t)n * PAGE_SIZE;
	return 0;

fail:
	__free_page(sp->data_window_page);
	sp->data_window_page = NULL;
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(sp_data_window_alloc);

/**
 * sp_data_window_free() - undo sp_data_window_alloc()
 * @sp: the adapter, stopped
 *
 * Context: process context.
 */
void sp_data_window_free(struct sp_host *sp)
{
	if (sp->data_window)
		vunmap(sp->data_window);
	if (sp->data_window_page)
		__free_page(sp->data_window_page);
	sp->data_window = NULL;
	sp->data_window_page = NULL;
	sp->data_window_len = 0;
}
EXPORT_SYMBOL_IF_KUNIT(sp_data_window_free);

/**
 * sp_data_buffer() - the DataBuffer a request's data is given as
 * @sp: the adapter
 * @sg: the request's scatterlist
 * @nseg: its number of segments
 * @len: the transfer length
 *
 * One segment: its kernel address, a real mapping of exactly the data.
 * Several: an address in the adapter's data window with the page offset of
 * the first byte, so that DataBuffer + n is the data's and nobody else's.
 *
 * Return: the address, or NULL if the request does not fit the window.
 */
VISIBLE_IF_KUNIT void *sp_data_buffer(struct sp_host *sp, struct scatterlist *sg,
				      int nseg, u32 len)
{
	size_t off = offset_in_page(sg->offset);

	if (nseg <= 1 || !sp->data_window)
		return sg_virt(sg);
	if (off + len > sp->data_window_len)
		return NULL;
	return sp->data_window + off;
}
EXPORT_SYMBOL_IF_KUNIT(sp_data_buffer);

/**
 * sp_bounce_alloc() - a bounce buffer from the allocator, if it has one now
 * @sp: the adapter
 * @len: its size
 *
 * Never waits and never warns: sp_bounce_get() has the reserve behind it.
 * A KUnit case replaces it to play a fragmented memory.
 *
 * Return: the buffer, or NULL.
 */
VISIBLE_IF_KUNIT void *sp_bounce_alloc(struct sp_host *sp, size_t len)
{
	KUNIT_STATIC_STUB_REDIRECT(sp_bounce_alloc, sp, len);
	return kmalloc(len, GFP_NOWAIT | __GFP_NOWARN);
}
EXPORT_SYMBOL_IF_KUNIT(sp_bounce_alloc);

/**
 * sp_bounce_reserve_alloc() - the reserve bounce buffers of an adapter
 * @sp: an adapter that bounces (MapBuffers, or no bus master)
 * @len: the longest transfer the host accepts
 *
 * An atomic allocation of up to 4 MiB fails under fragmentation, and a
 * request answered HOST_BUSY for it comes back at once: without a reserve
 * that is a storm that moves no data.  With one, SP_BOUNCE_RESERVE bounces
 * at a time always go.
 *
 * Return: 0 or -ENOMEM.
 */
int sp_bounce_reserve_alloc(struct sp_host *sp, size_t len)
{
	unsigned int i;

	for (i = 0; i < SP_BOUNCE_RESERVE; i++) {
		sp->bounce_res[i] = kmalloc(len, GFP_KERNEL);
		if (!sp->bounce_res[i]) {
			sp_bounce_reserve_free(sp);
			return -ENOMEM;
		}
	}
	sp->bounce_res_len = len;
	return 0;
}

/**
 * sp_bounce_reserve_free() - undo sp_bounce_reserve_alloc()
 * @sp: the adapter
 */
void sp_bounce_reserve_free(struct sp_host *sp)
{
	unsigned int i;

	for (i = 0; i < SP_BOUNCE_RESERVE; i++) {
		kfree(sp->bounce_res[i]);
		sp->bounce_res[i] = NULL;
	}
	sp->bounce_res_len = 0;
}

/* The allocator's buffer, else a free reserve buffer, else NULL. */
static void *sp_bounce_get(struct sp_host *sp, struct sp_cmd *c)
{
	void *b = sp_bounce_alloc(sp, c->xfer_len);
	unsigned int i;

	if (likely(b))
		return b;
	for (i = 0; i < SP_BOUNCE_RESERVE; i++) {
		if (!sp->bounce_res[i] || c->xfer_len > sp->bounce_res_len ||
		    test_and_set_bit(i, &sp->bounce_res_busy))
			continue;
		c->flags |= SP_CMDF_BOUNCE_RES;
		c->bounce_idx = i;
		sp->stats.bounce_reserve++;
		return sp->bounce_res[i];
	}
	sp->stats.bounce_nomem++;
	return NULL;
}

static void sp_bounce_put(struct sp_host *sp, struct sp_cmd *c)
{
	if (c->flags & SP_CMDF_BOUNCE_RES) {
		c->flags &= ~SP_CMDF_BOUNCE_RES;
		clear_bit(c->bounce_idx, &sp->bounce_res_busy);
	} else {
		kfree(c->bounce);
	}
}

/**
 * sp_done_has_bounce_read() - whether a batch copies bounced data back
 * @done: completed commands, port lock held or the batch owned
 *
 * Return: true when finishing the batch copies a bounce buffer into a
 * request's pages, which the hard interrupt handler leaves to its thread.
 */
bool sp_done_has_bounce_read(struct list_head *done)
{
	struct sp_cmd *c;

	list_for_each_entry(c, done, node)
		if ((c->flags & SP_CMDF_BOUNCE) && c->scmd &&
		    c->scmd->sc_data_direction == DMA_FROM_DEVICE)
			return true;
	return false;
}

/**
 * sp_map_data() - prepare the data buffer of a command for the miniport
 * @sp: the adapter
 * @c: the command, SRB built
 *
 * A miniport that asked for MapBuffers, or that is no bus master and so
 * can only move data with the CPU, gets one virtually contiguous kernel
 * buffer: a request spread over several segments is bounced.  A bus master
 * gets the data DMA-mapped for ScsiPortGetPhysicalAddress, and DataBuffer
 * from sp_data_buffer().
 *
 * Return: 0, -ENOMEM (retry later) or -EIO.
 */
int sp_map_data(struct sp_host *sp, struct sp_cmd *c)
{
	struct scsi_cmnd *scmd = c->scmd;
	enum dma_data_direction dir = scmd->sc_data_direction;
	struct scatterlist *sg = scsi_sglist(scmd);
	int nseg = scsi_sg_count(scmd);
	int n;

	c->sgl = sg;
	c->sg_count = 0;
	c->walk_sg = NULL;
	if (!c->xfer_len || !sg) {
		c->srb->DataBuffer = NULL;
		return 0;
	}

	if (sp->map_buffers && nseg > 1) {
		c->bounce = sp_bounce_get(sp, c);
		if (!c->bounce)
			return -ENOMEM;
		if (dir == DMA_TO_DEVICE)
			sg_copy_to_buffer(sg, nseg, c->bounce, c->xfer_len);
		c->flags |= SP_CMDF_BOUNCE;
		if (sp->dma_master) {
			c->bounce_dma = dma_map_single(sp->dev, c->bounce,
						       c->xfer_len, dir);
			if (dma_mapping_error(sp->dev, c->bounce_dma)) {
				sp_bounce_put(sp, c);
				c->bounce = NULL;
				c->flags &= ~SP_CMDF_BOUNCE;
				return -ENOMEM;
			}
			c->flags |= SP_CMDF_BOUNCE_MAPPED;
		}
		c->srb->DataBuffer = c->bounce;
		sp->stats.bounced++;
		return 0;
	}

	c->srb->DataBuffer = sp_data_buffer(sp, sg, nseg, c->xfer_len);
	if (unlikely(!c->srb->DataBuffer)) {
		sp_err_rl(sp, "%u-byte request does not fit the %zu-byte data window\n",
			  c->xfer_len, sp->data_window_len);
		return -EIO;
	}
	if (sp->dma_master) {
		n = scsi_dma_map(scmd);
		if (n < 0)
			return -ENOMEM;
		c->sg_count = n;
		c->flags |= SP_CMDF_DMA_MAPPED;
	}
	return 0;
}

/**
 * sp_unmap_data() - undo sp_map_data()
 * @sp: the adapter
 * @c: the command, after any bounce data has been copied back
 */
void sp_unmap_data(struct sp_host *sp, struct sp_cmd *c)
{
	if (c->flags & SP_CMDF_DMA_MAPPED)
		scsi_dma_unmap(c->scmd);
	if (c->flags & SP_CMDF_BOUNCE_MAPPED)
		dma_unmap_single(sp->dev, c->bounce_dma, c->xfer_len,
				 c->scmd->sc_data_direction);
	if (c->flags & SP_CMDF_BOUNCE)
		sp_bounce_put(sp, c);
	c->flags &= ~(SP_CMDF_DMA_MAPPED | SP_CMDF_BOUNCE |
		      SP_CMDF_BOUNCE_MAPPED);
	c->bounce = NULL;
}

/*
 * Bus address of byte @off of a DMA-mapped request and the length of the
 * bus-contiguous run from there.  Resumes from where the previous lookup of
 * the same request ended when @off did not go backwards.
 */
VISIBLE_IF_KUNIT dma_addr_t sp_sg_lookup(struct sp_cmd *c, u32 off, u32 *len)
{
	struct scatterlist *sg = c->sgl, *next;
	u32 base = 0, idx = 0, run, l;
	dma_addr_t addr;

	if (c->walk_sg && off >= c->walk_off) {
		sg = c->walk_sg;
		base = c->walk_off;
		idx = c->walk_idx;
	}
	for (; idx < c->sg_count; idx++, sg = sg_next(sg)) {
		l = sg_dma_len(sg);
		if (off - base < l) {
			c->walk_sg = sg;
			c->walk_off = base;
			c->walk_idx = idx;
			addr = sg_dma_address(sg) + (off - base);
			run = l - (off - base);
			/* Merge bus-contiguous successors into the run. */
			while (idx + 1 < c->sg_count) {
				next = sg_next(sg);
				if (sg_dma_address(next) !=
				    sg_dma_address(sg) + sg_dma_len(sg))
					break;
				run += sg_dma_len(next);
				sg = next;
				idx++;
			}
			*len = run;
			return addr;
		}
		base += l;
	}
	*len = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sp_sg_lookup);

static bool sp_in(const void *p, const void *start, size_t len, size_t *off)
{
	if (!start || p < start || p >= start + len)
		return false;
	*off = p - start;
	return true;
}

/*
 * The data buffer of @c, when @va is in it and it is mapped for the
 * device.  An emulated REQUEST SENSE reads into a pool sense buffer, which
 * the pool lookup translates instead.
 */
static bool sp_phys_data(struct sp_cmd *c, void *va, u64 *pa, size_t *len)
{
	size_t off;
	u32 run;

	/* The buffer as issued: the miniport may have moved DataBuffer. */
	if (!sp_in(va, c->data_buffer, c->xfer_len, &off))
		return false;
	if (c->flags & SP_CMDF_BOUNCE_MAPPED) {
		*pa = c->bounce_dma + off;
		*len = c->xfer_len - off;
		return true;
	}
	if (!(c->flags & SP_CMDF_DMA_MAPPED))
		return false;
	*pa = sp_sg_lookup(c, off, &run);
	*len = run;
	return run != 0;
}

/**
 * sp_phys_lookup() - what ScsiPortGetPhysicalAddress translates
 * @sp: the adapter
 * @srb: the SRB @va belongs to, or NULL
 * @va: the address
 * @len: set to the bus-contiguous length from there, 0 if unknown
 *
 * With an SRB, its data buffer is tried first: that is what the miniport
 * names with one.  The uncached extension and the SrbExtension/sense pool
 * come next, with or without an SRB (a sense buffer is named with its SRB).
 *
 * Return: the bus address, or 0 with @len 0.
 */
VISIBLE_IF_KUNIT u64 sp_phys_lookup(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb,
				    void *va, size_t *len)
{
	struct sp_cmd *c = NULL;
	size_t off;
	u64 pa;

	if (srb) {
		c = sp_cmd_from_srb(sp, srb);
		if (c && sp_phys_data(c, va, &pa, len))
			return pa;
	}
	if (sp_in(va, sp->uncached, sp->uncached_len, &off)) {
		*len = sp->uncached_len - off;
		return sp->uncached_dma + off;
	}
	if (sp_in(va, sp->pool, sp->pool_len, &off)) {
		*len = sp->pool_len - off;
		return sp->pool_dma + off;
	}
	if (c && sp_in(va, c->data_buffer, c->xfer_len, &off))
		sp_err_rl(sp, "%s: the data buffer of SRB %p is not DMA-mapped\n",
			  __func__, srb);
	sp->stats.bad_addresses++;
	sp_err_rl(sp, "%s: %p (SRB %p) is not adapter memory\n", __func__,
		  va, srb);
	*len = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sp_phys_lookup);

/*
 * The body of ScsiPortGetPhysicalAddress, defined twice from it: for kernel
 * code and, as spw_ScsiPortGetPhysicalAddress, for Windows code (sp_abi.h).
 * A miniport calls it once per data segment of every request; through a
 * thunk a Windows-code miniport would make twice the calls there.
 */
static __always_inline SCSI_PHYSICAL_ADDRESS
sp_get_physical_address(PVOID ext, PSCSI_REQUEST_BLOCK srb, PVOID va,
			PULONG length)
{
	struct sp_host *sp = sp_from_ext(ext);
	SCSI_PHYSICAL_ADDRESS pa = { .QuadPart = 0 };
	size_t len = 0;

	if (unlikely(!sp))
		pr_err_ratelimited(SP_NAME ": ScsiPortGetPhysicalAddress: invalid device extension %p\n",
				   ext);
	else
		pa.QuadPart = sp_phys_lookup(sp, srb, va, &len);
	if (length)
		*length = min_t(size_t, len, U32_MAX);
	return pa;
}

/**
 * ScsiPortGetPhysicalAddress() - bus address of memory the HBA may access
 * @HwDeviceExtension: the adapter's device extension
 * @Srb: the SRB whose data buffer (or sense buffer) @VirtualAddress lies
 *	in, or NULL
 * @VirtualAddress: an address in the uncached extension, in an SrbExtension
 *	or sense buffer, or (with @Srb) in the SRB's DataBuffer
 * @Length: set to the number of bytes bus-contiguous from there
 *
 * Return: the bus address, or 0 (with @Length 0 and a rate-limited
 * message) for an address the shim does not know.
 */
SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(PVOID HwDeviceExtension,
						 PSCSI_REQUEST_BLOCK Srb,
						 PVOID VirtualAddress,
						 PULONG Length)
{
	return sp_get_physical_address(HwDeviceExtension, Srb, VirtualAddress,
				       Length);
}
EXPORT_SYMBOL_GPL(ScsiPortGetPhysicalAddress);

/* The same for Windows code (the Microsoft x64 convention) */
SCSI_PHYSICAL_ADDRESS SP_MSABI
spw_ScsiPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
			       PVOID VirtualAddress, PULONG Length)
{
	return sp_get_physical_address(HwDeviceExtension, Srb, VirtualAddress,
				       Length);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortGetPhysicalAddress);

/**
 * ScsiPortGetVirtualAddress() - kernel address of a bus address
 * @HwDeviceExtension: the adapter's device extension
 * @PhysicalAddress: a bus address from ScsiPortGetPhysicalAddress in the
 *	uncached extension or the SrbExtension/sense pool
 *
 * Return: the virtual address, or NULL for any other address.
 */
PVOID ScsiPortGetVirtualAddress(PVOID HwDeviceExtension,
				SCSI_PHYSICAL_ADDRESS PhysicalAddress)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);
	u64 pa = PhysicalAddress.QuadPart;

	if (!sp)
		return NULL;
	if (sp->uncached && pa >= sp->uncached_dma &&
	    pa - sp->uncached_dma < sp->uncached_len)
		return sp->uncached + (pa - sp->uncached_dma);
	if (sp->pool && pa >= sp->pool_dma && pa - sp->pool_dma < sp->pool_len)
		return sp->pool + (pa - sp->pool_dma);
	sp_err_rl(sp, "%s: 0x%llx is not uncached or SRB pool memory\n",
		  __func__, pa);
	return NULL;
}
EXPORT_SYMBOL_GPL(ScsiPortGetVirtualAddress);
