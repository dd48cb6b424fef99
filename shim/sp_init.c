// SPDX-License-Identifier: GPL-2.0
/*
 * ScsiPortInitialize and an adapter's life: creation, HwFindAdapter,
 * HwInitialize, the Scsi_Host and teardown (suspend, resume and shutdown
 * are in sp_power.c).
 *
 * A miniport module's DriverEntry calls ScsiPortInitialize once per bus type
 * it supports.  PCIBus with IDs registers a pci_driver (probe creates the
 * adapters); PCIBus without IDs binds the module's own device table when it
 * has one (Windows 2000 PnP with an INF), else is the old self-scanning
 * style; Internal creates software adapters on a virtual platform device,
 * calling HwFindAdapter while it sets Again.
 */
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>

#include <kunit/visibility.h>

#include "sp_internal.h"

/* Protects driver objects, their hwdrivers lists and hwdriver->hosts. */
DEFINE_MUTEX(sp_drivers_mutex);
static LIST_HEAD(sp_driver_objects);
static atomic_t sp_vdev_ids = ATOMIC_INIT(0);

/* Oldest layout we accept: the NT 4 one, which ended before HwAdapterControl. */
#define SP_HWINIT_MIN_SIZE	offsetof(HW_INITIALIZATION_DATA, HwAdapterControl)
#define SP_MAX_INTERNAL_ADAPTERS	8
/* Sanity limits on the extension sizes a miniport asks for. */
#define SP_MAX_DEV_EXT		SZ_1G
#define SP_MAX_LU_EXT		SZ_1M
#define SP_MAX_SRB_EXT		SZ_64K

static void sp_config_defaults(struct sp_host *sp)
{
	const HW_INITIALIZATION_DATA *hw = &sp->hwdrv->hw;
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	int i;

	memset(ci, 0, sizeof(*ci));
	ci->Length = sizeof(*ci);
	ci->AdapterInterfaceType = hw->AdapterInterfaceType;
	ci->InterruptMode = LevelSensitive;
	ci->MaximumTransferLength = SP_UNINITIALIZED_VALUE;
	ci->NumberOfPhysicalBreaks = SP_UNINITIALIZED_VALUE;
	ci->DmaChannel = SP_UNINITIALIZED_VALUE;
	ci->DmaPort = SP_UNINITIALIZED_VALUE;
	ci->DmaChannel2 = SP_UNINITIALIZED_VALUE;
	ci->DmaPort2 = SP_UNINITIALIZED_VALUE;
	ci->NumberOfAccessRanges = hw->NumberOfAccessRanges;
	ci->AccessRanges = (void *)sp->ranges;
	ci->NumberOfBuses = 1;
	for (i = 0; i < ARRAY_SIZE(ci->InitiatorBusId); i++)
		ci->InitiatorBusId[i] = (UCHAR)SP_UNINITIALIZED_VALUE;
	ci->MapBuffers = hw->MapBuffers;
	ci->NeedPhysicalAddresses = hw->NeedPhysicalAddresses;
	ci->TaggedQueuing = hw->TaggedQueuing;
	ci->AutoRequestSense = hw->AutoRequestSense;
	ci->MultipleRequestPerLu = hw->MultipleRequestPerLu;
	ci->ReceiveEvent = hw->ReceiveEvent;
	ci->MaximumNumberOfTargets = SCSI_MAXIMUM_TARGETS;
	ci->MaximumNumberOfLogicalUnits = SCSI_MAXIMUM_LOGICAL_UNITS;
	ci->DeviceExtensionSize = hw->DeviceExtensionSize;
	ci->SpecificLuExtensionSize = hw->SpecificLuExtensionSize;
	ci->SrbExtensionSize = hw->SrbExtensionSize;
	ci->Dma64BitAddresses = SCSI_DMA64_SYSTEM_SUPPORTED;
}

/**
 * sp_host_create() - allocate an adapter and its Scsi_Host
 * @hwdrv: the ScsiPortInitialize registration
 * @dev: the device (DMA and sysfs parent), NULL until a legacy scan knows it
 * @pdev: the PCI function, if any
 *
 * Return: the adapter or an ERR_PTR().
 */
struct sp_host *sp_host_create(struct sp_hwdriver *hwdrv, struct device *dev,
			       struct pci_dev *pdev)
{
	const HW_INITIALIZATION_DATA *hw = &hwdrv->hw;
	struct Scsi_Host *shost;
	struct sp_ext_hdr *hdr;
	struct sp_host *sp;

	shost = scsi_host_alloc(&hwdrv->sht, sizeof(*sp));
	if (!shost)
		return ERR_PTR(-ENOMEM);
	sp = shost_priv(shost);
	sp->shost = shost;
	sp->hwdrv = hwdrv;
	sp->win = hwdrv->obj->windows_abi;
	sp->dev = dev;
	sp->pdev = pdev;
	INIT_LIST_HEAD(&sp->node);
	spin_lock_init(&sp->lock);
	init_llist_head(&sp->handoff);
	init_waitqueue_head(&sp->cb_wq);
	INIT_LIST_HEAD(&sp->pending);
	INIT_LIST_HEAD(&sp->urgent);
	INIT_LIST_HEAD(&sp->done);
	INIT_LIST_HEAD(&sp->bases);
	xa_init(&sp->lus);
	INIT_WORK(&sp->event_work, sp_event_work);
	mutex_init(&sp->eh_mutex);
	sp_timer_init(sp);
	sp_busy_init(sp);

	/* Large extensions (a RAM disk's store) come from vmalloc space. */
	hdr = kvzalloc(sizeof(*hdr) + max_t(u32, hw->DeviceExtensionSize, 1),
		       GFP_KERNEL);
	sp->ranges = kcalloc(max_t(u32, hw->NumberOfAccessRanges, 1),
			     sizeof(*sp->ranges), GFP_KERNEL);
	if (!hdr || !sp->ranges) {
		kvfree(hdr);
		kfree(sp->ranges);
		scsi_host_put(shost);
		return ERR_PTR(-ENOMEM);
	}
	hdr->sp = sp;
	hdr->magic = SP_EXT_MAGIC;
	sp->dev_ext = hdr + 1;
	sp_config_defaults(sp);
	sp_mm_add(sp);
	return sp;
}

static const char *sp_find_result_name(ULONG r)
{
	switch (r) {
	case SP_RETURN_NOT_FOUND:
		return "SP_RETURN_NOT_FOUND";
	case SP_RETURN_ERROR:
		return "SP_RETURN_ERROR";
	case SP_RETURN_BAD_CONFIG:
		return "SP_RETURN_BAD_CONFIG";
	default:
		return "an undefined value";
	}
}

/**
 * sp_host_find_adapter() - call HwFindAdapter and digest ConfigInfo
 * @sp: the adapter, ConfigInfo prepared
 * @bus_info: BusInformation argument (PCI: the config header), or NULL
 * @again: set to the miniport's Again answer
 *
 * Return: 0 when the miniport found its adapter, -ENODEV when not,
 * another negative errno on error.
 */
int sp_host_find_adapter(struct sp_host *sp, void *bus_info, bool *again)
{
	const HW_INITIALIZATION_DATA *hw = &sp->hwdrv->hw;
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	BOOLEAN again_b = FALSE;
	ULONG r;

	/* what a re-find on resume starts from (sp_host_refind()) */
	sp->config0 = *ci;
	kfree(sp->ranges0);
	sp->ranges0 = kmemdup(sp->ranges, max_t(u32, hw->NumberOfAccessRanges, 1) *
			      sizeof(*sp->ranges), GFP_KERNEL);
	sp->finding = true;
	r = sp_hw_call(sp->win, hw->HwFindAdapter, spw_sig_find_adapter,
		       sp->dev_ext, sp->hwdrv->hw_context, bus_info, NULL, ci,
		       &again_b);
	sp->finding = false;
	kfree(sp->busdata);
	sp->busdata = NULL;
	*again = again_b;

	if (r != SP_RETURN_FOUND) {
		if (r == SP_RETURN_NOT_FOUND)
			return -ENODEV;
		pr_err(SP_NAME ": %s: HwFindAdapter returned %s (%u)\n",
		       sp->hwdrv->name, sp_find_result_name(r), r);
		return r == SP_RETURN_BAD_CONFIG ? -EINVAL : -EIO;
	}
	if (!sp->dev) {
		pr_err(SP_NAME ": %s: HwFindAdapter found an adapter without a device\n",
		       sp->hwdrv->name);
		return -ENODEV;
	}

	sp->tagged = ci->TaggedQueuing;
	sp->multi_lu = ci->MultipleRequestPerLu || ci->TaggedQueuing;
	sp->autosense = ci->AutoRequestSense;
	sp->caches_data = ci->CachesData;
	sp->dma_master = ci->Master || ci->NeedPhysicalAddresses;
	/* Without DMA the CPU moves the data: it needs a mapped buffer. */
	sp->map_buffers = ci->MapBuffers || !sp->dma_master;
	if (sp->dma_master || sp->uncached)
		return sp_set_dma_mask(sp, ci);
	return 0;
}

/**
 * sp_host_refind() - HwFindAdapter again, as Windows does on power-up
 * @sp: a found adapter, stopped (sp->started clear), its interrupt connected
 *
 * For resume without ScsiRestartAdapter: Windows calls HwFindAdapter and
 * then HwInitialize, and a miniport that programs its HBA in HwFindAdapter
 * relies on it.  The miniport gets ConfigInfo as the first call got it;
 * ScsiPortGetDeviceBase of a range it mapped then, and
 * ScsiPortGetUncachedExtension, give the same memory back.  What the shim
 * derived from the first ConfigInfo (limits, capabilities, the interrupt)
 * stays.
 *
 * Context: process context, no locks held.
 * Return: 0, or -EIO when HwFindAdapter no longer finds the adapter.
 */
int sp_host_refind(struct sp_host *sp)
{
	const HW_INITIALIZATION_DATA *hw = &sp->hwdrv->hw;
	PORT_CONFIGURATION_INFORMATION *ci = &sp->config;
	void *bus_info = NULL;
	BOOLEAN again = FALSE;
	ULONG r;

	if (!sp->ranges0)
		return -EIO;
	*ci = sp->config0;
	memcpy(sp->ranges, sp->ranges0,
	       max_t(u32, hw->NumberOfAccessRanges, 1) * sizeof(*sp->ranges));
	ci->AccessRanges = (void *)sp->ranges;
	if (sp->pdev && !sp->legacy)
		bus_info = sp_pci_bus_info(sp->pdev);
	sp->refinding = true;
	sp->finding = true;
	r = sp_hw_call(sp->win, hw->HwFindAdapter, spw_sig_find_adapter,
		       sp->dev_ext, sp->hwdrv->hw_context, bus_info, NULL, ci,
		       &again);
	sp->finding = false;
	sp->refinding = false;
	kfree(bus_info);
	kfree(sp->busdata);
	sp->busdata = NULL;
	sp->stats.refinds++;
	if (r != SP_RETURN_FOUND) {
		sp_err(sp, "HwFindAdapter on resume returned %s (%u): adapter stays stopped\n",
		       sp_find_result_name(r), r);
		return -EIO;
	}
	return 0;
}

/**
 * sp_host_initialize() - run HwInitialize synchronized with the interrupt
 * @sp: the adapter, found, its interrupt connected
 *
 * Return: 0, or -EIO when HwInitialize fails.
 */
int sp_host_initialize(struct sp_host *sp)
{
	unsigned long flags;
	LIST_HEAD(done);
	bool ok, pair;

	spin_lock_irqsave(&sp->lock, flags);
	sp->started = true;
	sp_call_begin(sp);
	ok = sp_hw_call(sp->win, sp->hwdrv->hw.HwInitialize, spw_sig_ext_bool,
			sp->dev_ext);
	pair = sp_call_end(sp);
	if (ok) {
		sp->ready = true;
		/* Asked for in HwFindAdapter: due now, or when it said. */
		sp_timer_resume(sp);
	} else {
		sp->started = false;
	}
	sp_take_done(sp, &done);
	spin_unlock_irqrestore(&sp->lock, flags);
	if (pair)
		sp_kick_callback(sp);
	sp_finish_done(sp, &done);
	return ok ? 0 : -EIO;
}

/**
 * sp_host_start() - HwInitialize, register the Scsi_Host and scan it
 * @sp: the adapter after HwFindAdapter (and interrupt vector selection)
 *
 * Return: 0 or a negative errno; on error the caller destroys the adapter.
 */
int sp_host_start(struct sp_host *sp)
{
	int ret;

	sp_host_apply_limits(sp);
	sp->throttle = sp->shost->can_queue;
	sp->nowners = sp->shost->can_queue + SP_INTERNAL_SLOTS;
	sp->nslots = sp->nowners + SP_SPARE_SLOTS;
	ret = sp_pool_alloc(sp);
	if (ret)
		return ret;
	if (sp->dma_master && !sp->map_buffers) {
		ret = sp_data_window_alloc(sp, (size_t)sp->shost->max_sectors <<
					   SECTOR_SHIFT);
		if (ret)
			return ret;
	}
	if (sp->map_buffers) {
		ret = sp_bounce_reserve_alloc(sp, (size_t)sp->shost->max_sectors <<
					      SECTOR_SHIFT);
		if (ret)
			return ret;
	}
	ret = sp_irq_request(sp);
	if (ret)
		return ret;
	sp->irq_connected = true;
	ret = sp_host_initialize(sp);
	if (ret) {
		sp_err(sp, "HwInitialize failed\n");
		return ret;
	}
	ret = scsi_add_host_with_dma(sp->shost, sp->dev, sp->dev);
	if (ret)
		return ret;
	sp->added = true;
	sp_debugfs_host_add(sp);
	sp_info(sp, "%s: ScsiPort miniport on %s, irq %d%s, %u buses, %u targets, %s%s\n",
		sp->hwdrv->name, dev_name(sp->dev), sp->irq,
		sp->irq ? (sp->msi ? " (MSI)" : " (INTx)") : "",
		sp->config.NumberOfBuses, sp->config.MaximumNumberOfTargets,
		sp->tagged ? "tagged" : "untagged",
		sp->autosense ? ", autosense" : "");
	scsi_scan_host(sp->shost);
	return 0;
}

/* Stop the miniport: no more requests, HwAdapterControl(ScsiStopAdapter). */
static void sp_host_stop(struct sp_host *sp)
{
	unsigned long flags;
	LIST_HEAD(fail);

	sp_wait_no_callback(sp, &flags);
	sp->stopping = true;
	sp_fail_pending(sp, DID_NO_CONNECT, &fail);
	spin_unlock_irqrestore(&sp->lock, flags);
	sp_finish_failed(sp, &fail);

	if (sp->started)
		sp_adapter_control(sp, ScsiStopAdapter);
	spin_lock_irqsave(&sp->lock, flags);	/* stopped or not, no more calls */
	sp->started = false;
	spin_unlock_irqrestore(&sp->lock, flags);
}

/**
 * sp_host_destroy() - tear an adapter down and free it
 * @sp: the adapter, in any state sp_host_create() or later left it
 */
void sp_host_destroy(struct sp_host *sp)
{
	u32 i;

	WRITE_ONCE(sp->removing, true);
	cancel_work_sync(&sp->event_work);
	if (sp->added)
		scsi_remove_host(sp->shost);
	sp->added = false;
	sp_host_stop(sp);
	if (sp->irq_connected)
		sp_irq_free(sp);
	sp->irq_connected = false;
	if (sp->pdev)
		sp_pci_release_irq(sp);
	sp_timer_stop(sp);
	sp_busy_stop(sp);
	cancel_work_sync(&sp->event_work);

	for (i = 0; sp->slots && i < sp->nslots; i++)
		if (sp->slots[i])
			sp_err(sp, "SRB in slot %u still held by the miniport at removal\n",
			       i);
	/* internal SRBs never given back hold their LU */
	for (i = 0; i < SP_INTERNAL_SLOTS; i++)
		if (sp->internal[i].lu)
			sp_internal_put(sp, &sp->internal[i]);
	sp_debugfs_host_remove(sp);
	sp_pool_free(sp);
	sp_data_window_free(sp);
	sp_bounce_reserve_free(sp);
	sp_uncached_free(sp);
	sp_bases_release(sp);
	if (sp->legacy)
		sp_pci_host_release(sp);
	xa_destroy(&sp->lus);
	kfree(sp->busdata);
	sp_mm_del(sp);
	kvfree((struct sp_ext_hdr *)sp->dev_ext - 1);
	kfree(sp->ranges);
	kfree(sp->ranges0);
	if (sp->vdev)
		platform_device_unregister(sp->vdev);
	scsi_host_put(sp->shost);
}

/* Internal (software) adapters live on a virtual platform device each. */
static int sp_internal_scan(struct sp_hwdriver *hwdrv)
{
	struct platform_device_info info = {
		.name = "scsiport-internal",
		.dma_mask = DMA_BIT_MASK(64),
	};
	struct platform_device *vdev;
	struct sp_host *sp;
	int found = 0, ret;
	bool again;

	do {
		info.id = atomic_inc_return(&sp_vdev_ids);
		vdev = platform_device_register_full(&info);
		if (IS_ERR(vdev))
			return PTR_ERR(vdev);
		sp = sp_host_create(hwdrv, &vdev->dev, NULL);
		if (IS_ERR(sp)) {
			platform_device_unregister(vdev);
			return PTR_ERR(sp);
		}
		sp->vdev = vdev;
		again = false;
		ret = sp_host_find_adapter(sp, NULL, &again);
		if (!ret) {
			sp->irq = sp->config.BusInterruptVector;
			sp->irq_flags = sp->config.InterruptMode == LevelSensitive ?
					IRQF_SHARED : 0;
			if (!sp->hwdrv->hw.HwInterrupt)
				sp->irq = 0;
			ret = sp_host_start(sp);
		}
		if (ret) {
			sp_host_destroy(sp);
			return ret == -ENODEV ? found : ret;
		}
		mutex_lock(&sp_drivers_mutex);
		list_add_tail(&sp->node, &hwdrv->hosts);
		mutex_unlock(&sp_drivers_mutex);
		found++;
	} while (again && found < SP_MAX_INTERNAL_ADAPTERS);
	return found;
}

VISIBLE_IF_KUNIT ULONG sp_check_hwinit(const HW_INITIALIZATION_DATA *hw)
{
	if (hw->HwInitializationDataSize < SP_HWINIT_MIN_SIZE ||
	    hw->HwInitializationDataSize > sizeof(*hw)) {
		pr_err(SP_NAME ": HW_INITIALIZATION_DATA size %u is not between %zu and %zu\n",
		       hw->HwInitializationDataSize, SP_HWINIT_MIN_SIZE,
		       sizeof(*hw));
		return STATUS_REVISION_MISMATCH;
	}
	if (!hw->HwInitialize || !hw->HwStartIo || !hw->HwFindAdapter ||
	    !hw->HwResetBus) {
		pr_err(SP_NAME ": HW_INITIALIZATION_DATA lacks a mandatory entry point (HwInitialize %ps, HwStartIo %ps, HwFindAdapter %ps, HwResetBus %ps)\n",
		       hw->HwInitialize, hw->HwStartIo, hw->HwFindAdapter,
		       hw->HwResetBus);
		return STATUS_REVISION_MISMATCH;
	}
	switch (hw->AdapterInterfaceType) {
	case PCIBus:
	case Internal:
		break;
	default:
		pr_err(SP_NAME ": adapter interface type %d is not supported (only PCIBus and Internal)\n",
		       hw->AdapterInterfaceType);
		return STATUS_NO_SUCH_DEVICE;
	}
	if (hw->DeviceExtensionSize > SP_MAX_DEV_EXT ||
	    hw->SpecificLuExtensionSize > SP_MAX_LU_EXT ||
	    hw->SrbExtensionSize > SP_MAX_SRB_EXT) {
		pr_err(SP_NAME ": extension sizes %u/%u/%u exceed %u/%u/%u (device/LU/SRB)\n",
		       hw->DeviceExtensionSize, hw->SpecificLuExtensionSize,
		       hw->SrbExtensionSize, SP_MAX_DEV_EXT, SP_MAX_LU_EXT,
		       SP_MAX_SRB_EXT);
		return STATUS_INVALID_PARAMETER;
	}
	if (hw->AdapterInterfaceType == PCIBus &&
	    (!hw->VendorIdLength != !hw->DeviceIdLength)) {
		pr_err(SP_NAME ": PCIBus miniport gives only one of VendorId and DeviceId\n");
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(sp_check_hwinit);

static void sp_hwdriver_free(struct sp_hwdriver *hwdrv)
{
	struct sp_host *sp, *n;
	LIST_HEAD(hosts);

	sp_pci_unregister(hwdrv);
	sp_pci_clear_claims(hwdrv);
	mutex_lock(&sp_drivers_mutex);
	list_splice_init(&hwdrv->hosts, &hosts);
	mutex_unlock(&sp_drivers_mutex);
	list_for_each_entry_safe(sp, n, &hosts, node) {
		list_del_init(&sp->node);
		sp_host_destroy(sp);
	}
	kfree(hwdrv);
}

/**
 * ScsiPortInitialize() - register a miniport's HW_INITIALIZATION_DATA
 * @Argument1: the driver object DriverEntry received
 * @Argument2: the second DriverEntry argument (unused)
 * @HwInitializationData: the miniport's entry points and requirements
 * @HwContext: passed to every HwFindAdapter call
 *
 * Only from DriverEntry.  For PCIBus with VendorId/DeviceId a pci_driver is
 * registered and HwFindAdapter runs for each matching function; PCIBus
 * without IDs does the same for the module's device table (PCI IDs and
 * classes it was built with) when it has one and was not loaded with pnp=0,
 * and otherwise lets the miniport scan the buses itself; Internal creates
 * software adapters.
 *
 * Return: an NTSTATUS: STATUS_SUCCESS, STATUS_REVISION_MISMATCH (size or
 * missing entry point), STATUS_NO_SUCH_DEVICE (unsupported bus),
 * STATUS_INVALID_PARAMETER, STATUS_INSUFFICIENT_RESOURCES or
 * STATUS_DEVICE_DOES_NOT_EXIST (no adapter found by a scan).
 */
ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2,
			 struct _HW_INITIALIZATION_DATA *HwInitializationData,
			 PVOID HwContext)
{
	struct sp_driver_object *obj = Argument1;
	HW_INITIALIZATION_DATA *hw = HwInitializationData;
	struct sp_hwdriver *hwdrv;
	struct list_head *pos;
	unsigned int n = 0;
	NTSTATUS st;
	bool pnp;
	int ret;

	if (!obj || obj->magic != SP_DRIVER_OBJECT_MAGIC || !obj->initializing) {
		pr_err(SP_NAME ": %s: Argument1 is not the DriverEntry driver object\n",
		       __func__);
		return STATUS_INVALID_PARAMETER;
	}
	if (!hw) {
		pr_err(SP_NAME ": %s: %s without HW_INITIALIZATION_DATA\n",
		       obj->name, __func__);
		return STATUS_INVALID_PARAMETER;
	}
	st = sp_check_hwinit(hw);
	if (st != STATUS_SUCCESS)
		return st;

	hwdrv = kzalloc(sizeof(*hwdrv), GFP_KERNEL);
	if (!hwdrv)
		return STATUS_INSUFFICIENT_RESOURCES;
	memcpy(&hwdrv->hw, hw, hw->HwInitializationDataSize);
	hwdrv->obj = obj;
	hwdrv->hw_context = HwContext;
	INIT_LIST_HEAD(&hwdrv->hosts);
	INIT_LIST_HEAD(&hwdrv->claimed);

	mutex_lock(&sp_drivers_mutex);
	list_for_each(pos, &obj->hwdrivers)
		n++;
	list_add_tail(&hwdrv->node, &obj->hwdrivers);
	mutex_unlock(&sp_drivers_mutex);
	if (n)
		snprintf(hwdrv->name, sizeof(hwdrv->name), "%s-%u", obj->name, n);
	else
		strscpy(hwdrv->name, obj->name, sizeof(hwdrv->name));
	sp_host_template_init(hwdrv);

	pnp = hw->AdapterInterfaceType == PCIBus &&
	      (hw->VendorIdLength || (obj->pnp_ids && obj->pnp));
	if (hw->AdapterInterfaceType == Internal)
		ret = sp_internal_scan(hwdrv);
	else if (hw->VendorIdLength)
		ret = sp_pci_register(hwdrv, NULL);
	else if (pnp)
		ret = sp_pci_register(hwdrv, obj->pnp_ids);
	else
		ret = sp_pci_legacy_scan(hwdrv);

	/* A PnP driver is loaded whether or not its devices are there yet. */
	if (ret == 0 && pnp)
		return STATUS_SUCCESS;
	if (ret > 0)
		return STATUS_SUCCESS;

	mutex_lock(&sp_drivers_mutex);
	list_del(&hwdrv->node);
	mutex_unlock(&sp_drivers_mutex);
	sp_hwdriver_free(hwdrv);
	if (ret == 0)
		return STATUS_DEVICE_DOES_NOT_EXIST;
	return ret == -ENOMEM ? STATUS_INSUFFICIENT_RESOURCES :
				STATUS_INVALID_PARAMETER;
}
EXPORT_SYMBOL_GPL(ScsiPortInitialize);

/**
 * sp_driver_object_register() - prepare a driver object for DriverEntry
 * @obj: the object (owner and name set by the module glue)
 *
 * Return: 0.
 */
int sp_driver_object_register(struct sp_driver_object *obj)
{
	INIT_LIST_HEAD(&obj->hwdrivers);
	obj->magic = SP_DRIVER_OBJECT_MAGIC;
	obj->initializing = true;
	mutex_lock(&sp_drivers_mutex);
	list_add_tail(&obj->node, &sp_driver_objects);
	mutex_unlock(&sp_drivers_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(sp_driver_object_register);

/**
 * sp_driver_object_finish() - DriverEntry returned
 * @obj: the driver object
 * @status: DriverEntry's return value (the lowest ScsiPortInitialize status)
 *
 * Return: 0 when the module may stay loaded, else a negative errno (and
 * everything registered through @obj has been torn down).
 */
int sp_driver_object_finish(struct sp_driver_object *obj, unsigned int status)
{
	obj->initializing = false;
	if (NT_SUCCESS(status))
		return 0;
	pr_err(SP_NAME ": %s: DriverEntry failed with NTSTATUS 0x%08x\n",
	       obj->name, status);
	sp_driver_object_unregister(obj);
	if (status == (unsigned int)STATUS_INSUFFICIENT_RESOURCES)
		return -ENOMEM;
	/* A miniport refusing its settings: insmod says "Invalid argument". */
	if (status == (unsigned int)STATUS_INVALID_PARAMETER)
		return -EINVAL;
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(sp_driver_object_finish);

/**
 * sp_driver_object_unregister() - module unload: remove all adapters
 * @obj: the driver object
 */
void sp_driver_object_unregister(struct sp_driver_object *obj)
{
	struct sp_hwdriver *hwdrv, *n;
	LIST_HEAD(list);

	mutex_lock(&sp_drivers_mutex);
	if (obj->magic != SP_DRIVER_OBJECT_MAGIC) {
		mutex_unlock(&sp_drivers_mutex);
		return;
	}
	list_splice_init(&obj->hwdrivers, &list);
	list_del(&obj->node);
	obj->magic = 0;
	mutex_unlock(&sp_drivers_mutex);

	list_for_each_entry_safe_reverse(hwdrv, n, &list, node) {
		list_del(&hwdrv->node);
		sp_hwdriver_free(hwdrv);
	}
}
EXPORT_SYMBOL_GPL(sp_driver_object_unregister);
