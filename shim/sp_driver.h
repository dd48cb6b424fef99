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
 * @hwdrivers: one struct sp_hwdriver per ScsiPortInitialize call.
 *	Protected by sp_drivers_mutex (shim global).
 * @node: in the shim's list of driver objects.
 */
struct sp_driver_object {
	u32 magic;
	struct module *owner;
	const char *name;
	bool initializing;
	struct list_head hwdrivers;
	struct list_head node;
};

int sp_driver_object_register(struct sp_driver_object *obj);
int sp_driver_object_finish(struct sp_driver_object *obj, unsigned int status);
void sp_driver_object_unregister(struct sp_driver_object *obj);

#endif /* SP_DRIVER_H */
