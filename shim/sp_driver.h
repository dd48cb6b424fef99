/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver object: what a miniport module's DriverEntry receives as its
 * first argument and hands to ScsiPortInitialize.  The module glue
 * (sp_modglue.c), linked into every miniport module, owns one and calls the
 * three functions below around DriverEntry; the shim keeps everything that
 * the miniport registers through it (one entry per ScsiPortInitialize call).
 */
#ifndef SP_DRIVER_H
#define SP_DRIVER_H

#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>

#define SP_DRIVER_OBJECT_MAGIC	0x53504f42	/* "SPOB" */

/**
 * struct sp_driver_object - per miniport module state
 * @magic: SP_DRIVER_OBJECT_MAGIC once registered; checked on every
 *	ScsiPortInitialize call so a stray pointer is refused.
 * @owner: the miniport module (pins the Scsi_Host template).
 * @name: module name, used for the pci_driver and the host template.
 * @initializing: true while DriverEntry runs; ScsiPortInitialize is only
 *	accepted then.
 * @pnp_ids: the PCI IDs and classes the module was built to bind (its
 *	"INF": make miniport PCI=/CLASS=, sp-pnp-ids/sp-pnp-class), or NULL.
 *	A PCIBus miniport that declares no VendorId/DeviceId is bound to
 *	these functions, as Windows 2000 PnP does, instead of scanning.
 * @pnp: use @pnp_ids (the module parameter pnp, default true); false lets
 *	such a miniport scan PCI itself as on NT 4.
 * @windows_abi: the miniport is Windows code (make miniport ABI=windows):
 *	its routines take the Microsoft x64 calling convention.
 * @hwdrivers: one struct sp_hwdriver per ScsiPortInitialize call.
 *	Protected by sp_drivers_mutex (shim global).
 * @node: in the shim's list of driver objects.
 */
struct sp_driver_object {
	u32 magic;
	struct module *owner;
	const char *name;
	bool initializing;
	const struct pci_device_id *pnp_ids;
	bool pnp;
	bool windows_abi;
	struct list_head hwdrivers;
	struct list_head node;
};

int sp_driver_object_register(struct sp_driver_object *obj);
int sp_driver_object_finish(struct sp_driver_object *obj, unsigned int status);
void sp_driver_object_unregister(struct sp_driver_object *obj);

#endif /* SP_DRIVER_H */
