/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel API differences between the kernels we build for
 * (Debian's 6.1 and 6.12, and our 6.12 test kernel).
 */
#ifndef SP_COMPAT_H
#define SP_COMPAT_H

#include <linux/pci.h>
#include <linux/blkdev.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

/*
 * Host-wide DMA alignment moved into the Scsi_Host in 6.2; shim/Kbuild
 * probes the kernel headers and defines SP_HAVE_SHOST_DMA_ALIGNMENT.
 */
static inline void sp_set_dma_alignment(struct Scsi_Host *shost,
					struct scsi_device *sdev,
					unsigned int mask)
{
#ifdef SP_HAVE_SHOST_DMA_ALIGNMENT
	if (!sdev)
		shost->dma_alignment = mask;
#else
	if (sdev)
		blk_queue_dma_alignment(sdev->request_queue, mask);
#endif
}

#endif /* SP_COMPAT_H */
