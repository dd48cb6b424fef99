// SPDX-License-Identifier: GPL-2.0
/*
 * Module glue linked into every miniport module (see shim/miniport.kbuild):
 * the Linux module that a Windows-style miniport cannot write itself.  Its
 * init creates the driver object and calls the miniport's DriverEntry; its
 * exit removes every adapter the miniport registered.
 *
 * Built once per miniport module from this one source; the Kbuild fragment
 * generates sp_modinfo.h with the module's PCI aliases, description and
 * the miniport settings it exposes as module parameters.
 */
#include <linux/module.h>

#include "miniport.h"
#include "sp_driver.h"

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);

static struct sp_driver_object sp_glue_object = {
	.owner = THIS_MODULE,
	.name = KBUILD_MODNAME,
};

static int __init sp_glue_init(void)
{
	ULONG status;

	sp_driver_object_register(&sp_glue_object);
	status = DriverEntry(&sp_glue_object, NULL);
	return sp_driver_object_finish(&sp_glue_object, status);
}

static void __exit sp_glue_exit(void)
{
	sp_driver_object_unregister(&sp_glue_object);
}

module_init(sp_glue_init);
module_exit(sp_glue_exit);

#ifdef SP_MODINFO
#include <linux/moduleparam.h>
#include "sp_modinfo.h"
#endif
MODULE_LICENSE("GPL");
