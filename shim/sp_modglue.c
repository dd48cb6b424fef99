// SPDX-License-Identifier: GPL-2.0
/*
 * Module glue linked into every miniport module (see shim/miniport.kbuild):
 * the Linux module that a Windows-style miniport cannot write itself.  Its
 * init creates the driver object and calls the miniport's DriverEntry; its
 * exit removes every adapter the miniport registered.
 *
 * Built once per miniport module from this one source; the Kbuild fragment
 * generates sp_modinfo.h with the module's PCI aliases, the device table of
 * the functions it binds by ID or class (when it declares none itself),
 * its description and the miniport settings it exposes as module
 * parameters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "miniport.h"
#include "sp_driver.h"

#ifdef SP_MODINFO
#include "sp_modinfo.h"
#endif

#ifdef SP_GLUE_WINDOWS
/* Windows code (SP_ABI=windows): its DriverEntry takes the Microsoft x64 convention. */
ULONG __attribute__((ms_abi)) DriverEntry(PVOID DriverObject, PVOID Argument2);
#else
ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);
#endif

static struct sp_driver_object sp_glue_object = {
	.owner = THIS_MODULE,
	.name = KBUILD_MODNAME,
#ifdef SP_GLUE_WINDOWS
	.windows_abi = true,
#endif
#ifdef SP_GLUE_PNP
	.pnp_ids = sp_glue_pnp_ids,
	.pnp = true,
#endif
};

#ifdef SP_GLUE_PNP
module_param_named(pnp, sp_glue_object.pnp, bool, 0444);
MODULE_PARM_DESC(pnp,
		 "Bind the PCI functions of the device table (Y, default), or let the miniport scan PCI itself (N)");
#endif

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

MODULE_LICENSE("GPL");
