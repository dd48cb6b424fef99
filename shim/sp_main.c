// SPDX-License-Identifier: GPL-2.0
/*
 * scsiport.ko: hosts Windows-style ScsiPort miniport drivers on the Linux
 * SCSI midlayer.  Module parameters and the debugfs root live here; see
 * Documentation/ for the design and the API mapping.
 */
#include <kunit/visibility.h>
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "sp_internal.h"

#define CREATE_TRACE_POINTS
#include "sp_trace.h"

unsigned int sp_param_max_queue = 64;
EXPORT_SYMBOL_IF_KUNIT(sp_param_max_queue);
bool sp_param_msi = true;
struct dentry *sp_debugfs_root;

static int sp_set_max_queue(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (v < 1 || v > SP_MAX_QUEUE) {
		pr_err(SP_NAME ": max_queue=%u is out of range 1-%u\n", v,
		       SP_MAX_QUEUE);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops sp_max_queue_ops = {
	.set = sp_set_max_queue,
	.get = param_get_uint,
};
module_param_cb(max_queue, &sp_max_queue_ops, &sp_param_max_queue, 0644);
MODULE_PARM_DESC(max_queue,
		 "Commands outstanding per adapter, 1-254 (default 64); applies to adapters found later");

module_param_named(msi, sp_param_msi, bool, 0644);
MODULE_PARM_DESC(msi, "Use MSI-X/MSI when the HBA has it (default Y); N forces INTx");

static int __init sp_init(void)
{
	sp_debugfs_root = debugfs_create_dir(SP_NAME, NULL);
	sp_debugfs_init();
	pr_info(SP_NAME ": ScsiPort miniport host loaded\n");
	return 0;
}

static void __exit sp_exit(void)
{
	debugfs_remove_recursive(sp_debugfs_root);
}

module_init(sp_init);
module_exit(sp_exit);

MODULE_DESCRIPTION("ScsiPort miniport driver host on the Linux SCSI midlayer");
MODULE_LICENSE("GPL");
