// SPDX-License-Identifier: GPL-2.0
/*
 * Every shim header first, in reverse dependency order, then the Linux
 * headers a ScsiPort-on-Linux translation unit typically pulls in.
 */
#include "ntdddisk.h"
#include "ntddscsi.h"
#include "devioctl.h"
#include "scsi.h"
#include "srb.h"
#include "miniport.h"
#include "spcrt.h"
#include "sdkddkver.h"
#include "sptypes.h"

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/acpi.h>
#include <linux/blk-mq.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>
#include <scsi/scsi_eh.h>
#include <kunit/test.h>
#include <linux/cdrom.h>
#include <linux/hdreg.h>
#include <linux/ata.h>
#include <linux/libata.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/hrtimer.h>
#include <linux/debugfs.h>
#include <linux/workqueue.h>
#include <linux/irqdomain.h>
#include <scsi/sg.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/scsi_dbg.h>
#include <scsi/scsi_transport.h>

int sp_hdrcheck_ours_first(void);
int sp_hdrcheck_ours_first(void)
{
	PCI_COMMON_CONFIG cfg = { .VendorID = PCI_INVALID_VENDORID };
	LARGE_INTEGER li = { .QuadPart = 1 };

	return cfg.VendorID + (int)li.LowPart + (int)PCI_COMMON_HDR_LENGTH +
	       (int)IOCTL_SCSI_MINIPORT + PCI_VENDOR_ID;
}
