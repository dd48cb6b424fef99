// SPDX-License-Identifier: GPL-2.0
/*
 * Linux headers first, then every shim header: nothing may be redefined
 * and both sets must stay usable (READ_10 and the CDB union side by side).
 */
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

#include "sptypes.h"
#include "miniport.h"
#include "srb.h"
#include "scsi.h"
#include "devioctl.h"
#include "ntddscsi.h"
#include "ntdddisk.h"
#include "spcrt.h"

int sp_hdrcheck_linux_first(void);
int sp_hdrcheck_linux_first(void)
{
	SCSI_REQUEST_BLOCK srb = { .Length = sizeof(srb) };
	PCDB cdb = (PCDB)srb.Cdb;

	cdb->CDB10.OperationCode = SCSIOP_READ;
	return (int)sizeof(HW_INITIALIZATION_DATA) + cdb->CDB10.OperationCode +
	       (int)sizeof(PORT_CONFIGURATION_INFORMATION) + READ_10;
}

static int __init sp_hdrcheck_init(void)
{
	return 0;
}

static void __exit sp_hdrcheck_exit(void)
{
}

module_init(sp_hdrcheck_init);
module_exit(sp_hdrcheck_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ScsiPort shim header coexistence check");
