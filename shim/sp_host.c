// SPDX-License-Identifier: GPL-2.0
/*
 * The Scsi_Host side: one host template per miniport registration (so the
 * miniport module is pinned while its disks are in use), the host limits
 * derived from ConfigInfo, and the per-LU callbacks that create and free the
 * miniport's SpecificLuExtension.
 */
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "sp_internal.h"

static unsigned int sp_cfg(ULONG v, unsigned int dflt)
{
	return (v == SP_UNINITIALIZED_VALUE || !v) ? dflt : v;
}

/**
 * sp_host_apply_limits() - Scsi_Host limits from ConfigInfo
 * @sp: the adapter after HwFindAdapter
 */
void sp_host_apply_limits(struct sp_host *sp)
{
	const PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	struct Scsi_Host *shost = sp->shost;
	unsigned int breaks, max_len, queue;
	u8 id = ci->InitiatorBusId[0];

	shost->max_channel = clamp_t(unsigned int, ci->NumberOfBuses, 1,
				     SCSI_MAXIMUM_BUSES) - 1;
	shost->max_id = sp_cfg(ci->MaximumNumberOfTargets, SCSI_MAXIMUM_TARGETS);
	shost->max_lun = sp_cfg(ci->MaximumNumberOfLogicalUnits,
				SCSI_MAXIMUM_LOGICAL_UNITS);
	shost->this_id = id < shost->max_id ? id : -1;
	shost->max_cmd_len = 16;
	shost->nr_hw_queues = 1;

	/* NumberOfPhysicalBreaks is the SG element count minus one. */
	breaks = sp_cfg(ci->NumberOfPhysicalBreaks, SCSI_MINIMUM_PHYSICAL_BREAKS);
	shost->sg_tablesize = ci->ScatterGather ?
			      clamp_t(unsigned int, breaks + 1, 1, SG_MAX_SEGMENTS) : 1;
	max_len = sp_cfg(ci->MaximumTransferLength, SZ_128K);
	/*
	 * The block layer takes no request limit below a page; the rest is
	 * enforced per request (sp_queuecommand()), never silently raised.
	 */
	sp->max_transfer = max_len < PAGE_SIZE ? max_len : 0;
	if (sp->max_transfer)
		sp_warn(sp, "MaximumTransferLength %u is below a page (%lu bytes), the smallest request limit Linux has: larger requests fail with ILLEGAL REQUEST\n",
			max_len, PAGE_SIZE);
	shost->max_sectors = clamp_t(unsigned int, max_len >> SECTOR_SHIFT,
				     PAGE_SIZE >> SECTOR_SHIFT, SZ_4M >> SECTOR_SHIFT);
	sp_set_dma_alignment(shost, NULL, ci->AlignmentMask);

	queue = clamp_t(unsigned int, sp_param_max_queue, 1, SP_MAX_QUEUE);
	shost->can_queue = queue;
	shost->cmd_per_lun = sp->multi_lu ? queue : 1;
}

static int sp_slave_alloc(struct scsi_device *sdev)
{
	struct sp_host *sp = shost_priv(sdev->host);
	u32 ext = sp->config.SpecificLuExtensionSize;
	struct sp_lu *lu;
	int ret;

	if (sdev->channel > U8_MAX || sdev->id > U8_MAX || sdev->lun > U8_MAX)
		return -ENXIO;
	/*
	 * max_lun is MaximumNumberOfLogicalUnits, a count; the midlayer's
	 * REPORT LUNS scan admits lun == max_lun, which the miniport never
	 * declared.
	 */
	if (sdev->lun >= sdev->host->max_lun) {
		sp->stats.luns_refused++;
		if (sp_note_once(sp, SP_NOTE_LUN_LIMIT))
			sp_warn(sp, "LUN %llu of %u:%u is beyond MaximumNumberOfLogicalUnits %llu; not given to the miniport\n",
				sdev->lun, sdev->channel, sdev->id,
				sdev->host->max_lun);
		return -ENXIO;
	}
	lu = kzalloc(struct_size(lu, ext, ext), GFP_KERNEL);
	if (!lu)
		return -ENOMEM;
	lu->sdev = sdev;
	refcount_set(&lu->ref, 1);
	lu->path = sdev->channel;
	lu->target = sdev->id;
	lu->lun = sdev->lun;
	ret = xa_insert_irq(&sp->lus, sp_lu_key(lu->path, lu->target, lu->lun),
			    lu, GFP_KERNEL);
	if (ret) {
		kfree(lu);
		return ret;
	}
	sdev->hostdata = lu;
	return 0;
}

static int sp_slave_configure(struct scsi_device *sdev)
{
	struct sp_host *sp = shost_priv(sdev->host);
	struct sp_lu *lu = sdev->hostdata;

	sp_set_dma_alignment(sdev->host, sdev, sp->config.AlignmentMask);
	if (lu)
		lu->configured = true;
	if (sp->multi_lu && sdev->tagged_supported)
		scsi_change_queue_depth(sdev, sdev->host->can_queue);
	else
		scsi_change_queue_depth(sdev, 1);
	return 0;
}

static void sp_slave_destroy(struct scsi_device *sdev)
{
	struct sp_host *sp = shost_priv(sdev->host);
	struct sp_lu *lu = sdev->hostdata;
	unsigned long flags;

	if (!lu)
		return;
	/*
	 * An adapter that caches data flushes each disk as it goes away with
	 * the adapter (after sd's own SYNCHRONIZE CACHE, before the adapter
	 * is stopped), and is told the disk shuts down, as on Windows.
	 */
	if (READ_ONCE(sp->removing) && lu->configured)
		sp_flush_lu(sp, lu, true);
	/* No miniport routine runs while the LU disappears. */
	sp_wait_no_callback(sp, &flags);
	xa_lock(&sp->lus);
	__xa_erase(&sp->lus, sp_lu_key(lu->path, lu->target, lu->lun));
	xa_unlock(&sp->lus);
	spin_unlock_irqrestore(&sp->lock, flags);
	sdev->hostdata = NULL;
	lu->sdev = NULL;
	sp_lu_put(lu);
}

/**
 * ScsiPortGetLogicalUnit() - the SpecificLuExtension of a logical unit
 * @HwDeviceExtension: the adapter's device extension
 * @PathId: bus
 * @TargetId: target
 * @Lun: logical unit
 *
 * Return: the LU extension, or NULL when the LU is not known (never scanned
 * or removed).
 */
PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId,
			     UCHAR TargetId, UCHAR Lun)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);
	struct sp_lu *lu;

	if (!sp)
		return NULL;
	lu = sp_lu_find(sp, PathId, TargetId, Lun);
	return lu ? lu->ext : NULL;
}
EXPORT_SYMBOL_GPL(ScsiPortGetLogicalUnit);

/**
 * ScsiPortGetSrb() - find an SRB the miniport holds
 * @DeviceExtension: the adapter's device extension
 * @PathId: bus
 * @TargetId: target
 * @Lun: logical unit
 * @QueueTag: the tag of a tagged SRB (1 to can_queue: the shim never issues
 *	tag 0), or SP_UNTAGGED for the LU's untagged one
 *
 * Return: the SRB, or NULL when there is none with that address and tag.
 */
PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension, UCHAR PathId,
				   UCHAR TargetId, UCHAR Lun, LONG QueueTag)
{
	struct sp_host *sp = sp_from_ext(DeviceExtension);
	struct sp_cmd *c = NULL;
	struct sp_lu *lu;

	if (!sp || !sp->slots)
		return NULL;
	if (QueueTag == SP_UNTAGGED) {
		lu = sp_lu_find(sp, PathId, TargetId, Lun);
		c = lu ? lu->untagged : NULL;
	} else if (QueueTag >= 1 && QueueTag <= sp->shost->can_queue) {
		c = sp->slots[QueueTag - 1];
		if (c && (c->srb->QueueTag != QueueTag || c->lu->path != PathId ||
			  c->lu->target != TargetId || c->lu->lun != Lun))
			c = NULL;
	}
	return c ? c->srb : NULL;
}
EXPORT_SYMBOL_GPL(ScsiPortGetSrb);

static ssize_t miniport_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct sp_host *sp = shost_priv(class_to_shost(dev));

	return sysfs_emit(buf, "%s\n", sp->hwdrv->name);
}
static DEVICE_ATTR_RO(miniport);

static ssize_t irq_mode_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct sp_host *sp = shost_priv(class_to_shost(dev));

	return sysfs_emit(buf, "%s\n", !sp->irq ? "none" :
			  sp->msi ? "msi" : "intx");
}
static DEVICE_ATTR_RO(irq_mode);

static struct attribute *sp_host_attrs[] = {
	&dev_attr_miniport.attr,
	&dev_attr_irq_mode.attr,
	NULL
};

static const struct attribute_group sp_host_attr_group = {
	.attrs = sp_host_attrs,
};

static const struct attribute_group *sp_host_groups[] = {
	&sp_host_attr_group,
	NULL
};

/**
 * sp_host_template_init() - the Scsi_Host template of a registration
 * @hwdrv: the registration; its name and owner are set
 */
void sp_host_template_init(struct sp_hwdriver *hwdrv)
{
	struct scsi_host_template *sht = &hwdrv->sht;

	sht->module = hwdrv->obj->owner;
	sht->name = hwdrv->name;
	sht->proc_name = hwdrv->name;
	sht->queuecommand = sp_queuecommand;
	sht->init_cmd_priv = sp_init_cmd_priv;
	sht->eh_abort_handler = sp_eh_abort;
	sht->eh_device_reset_handler = sp_eh_device_reset;
	sht->eh_bus_reset_handler = sp_eh_bus_reset;
	sht->eh_host_reset_handler = sp_eh_host_reset;
	sht->slave_alloc = sp_slave_alloc;
	sht->slave_configure = sp_slave_configure;
	sht->slave_destroy = sp_slave_destroy;
	sht->change_queue_depth = scsi_change_queue_depth;
	sht->ioctl = sp_ioctl;
#ifdef CONFIG_COMPAT	/* the member exists only then (not in the test kernel) */
	sht->compat_ioctl = sp_ioctl;
#endif
	sht->cmd_size = sizeof(struct sp_cmd);
	sht->this_id = -1;
	sht->can_queue = 1;
	sht->sg_tablesize = 1;
	sht->shost_groups = sp_host_groups;
}
