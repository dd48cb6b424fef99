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

/*
 * get_unaligned_le32() and friends moved to <linux/unaligned.h> in 6.12
 * (shim/probes.kbuild defines SP_HAVE_LINUX_UNALIGNED).
 */
#ifdef SP_HAVE_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

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

/*
 * A driver name to force a match for a function (or "" to clear it).  The
 * name moved from struct pci_dev into struct device; shim/probes.kbuild
 * defines SP_HAVE_DEVICE_DRIVER_OVERRIDE when the kernel has the new form.
 */
static inline int sp_set_driver_override(struct pci_dev *pdev, const char *name)
{
#ifdef SP_HAVE_DEVICE_DRIVER_OVERRIDE
	return device_set_driver_override(&pdev->dev, name);
#else
	return driver_set_override(&pdev->dev, &pdev->driver_override, name,
				   strlen(name));
#endif
}

#endif /* SP_COMPAT_H */
