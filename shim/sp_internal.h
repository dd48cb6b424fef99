/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal definitions of scsiport.ko: the per-adapter state, the per-SRB
 * state and the functions the shim's files share.  Windows names appear only
 * where they are the API (the SRB, the configuration structures, the
 * miniport's entry points); everything else is Linux style with the sp_
 * prefix.
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include <kunit/visibility.h>
/* KUnit static stubs came with 6.3 (shim/probes.kbuild). */
#ifdef SP_HAVE_KUNIT_STATIC_STUB
#include <kunit/static_stub.h>
#else
#define KUNIT_STATIC_STUB_REDIRECT(...)	do { } while (0)
#endif

#include "miniport.h"
#include "srb.h"
#include "sp_compat.h"
#include "sp_driver.h"
#include "sp_abi.h"

#define SP_NAME			"scsiport"

/* SRBs the shim issues itself (request sense, abort, device reset, ioctl). */
#define SP_INTERNAL_SLOTS	4
/*
 * Spare slots, for the SRBs a reset takes back from a miniport that still
 * holds them: such a slot is parked until the miniport completes its SRB
 * (sp_slot_park()), and its owner moves to a spare meanwhile.
 */
#define SP_SPARE_SLOTS		8
#define SP_NO_SLOT		U32_MAX
/* Bounce buffers kept for when the allocator has none (sp_map_data()). */
#define SP_BOUNCE_RESERVE	2
/* Sense bytes offered to the miniport per SRB (fits SenseInfoBufferLength). */
#define SP_SENSE_LEN		SCSI_SENSE_BUFFERSIZE
/*
 * QueueTag is a UCHAR; 0 is reserved (Windows never issues it) and
 * SP_UNTAGGED (0xff) means untagged, so slot n carries tag n + 1.
 */
#define SP_MAX_QUEUE		254
/* SRB_STATUS_BUSY: tries per command, and the wait before a retry. */
#define SP_BUSY_MAX_TRIES	100
#define SP_BUSY_DELAY_US	10000
/* A throttled adapter may take one command more per this many jiffies. */
#define SP_THROTTLE_RAMP	HZ
/* A callback pair may ask for another one; bound the loop in one thread run. */
#define SP_MAX_CB_ROUNDS	16
/* Interrupts of a shared line during one callback pair before it is disabled */
#define SP_CB_IRQ_STORM		1000

extern struct mutex sp_drivers_mutex;
extern struct dentry *sp_debugfs_root;
extern unsigned int sp_param_max_queue;
extern bool sp_param_msi;

struct sp_host;

/**
 * struct sp_hwdriver - one ScsiPortInitialize call
 * @node: in the driver object's @hwdrivers (sp_drivers_mutex).
 * @obj: the driver object of the miniport module.
 * @hw: a copy of the miniport's HW_INITIALIZATION_DATA, zero-extended when
 *	the miniport was built against an older, shorter layout.
 * @hw_context: HwContext argument, passed to every HwFindAdapter call.
 * @sht: the Scsi_Host template of this miniport (module = miniport module).
 * @pdrv: PCI driver of a PCIBus registration: for the VendorId/DeviceId
 *	the miniport declared, for the module's device table (obj->pnp_ids),
 *	or with no IDs at all for a miniport that scans PCI itself (the
 *	functions it claims are bound to @pdrv through driver_override).
 * @ids: the ID table built from VendorId/DeviceId (one entry plus the
 *	terminator).
 * @pci_registered: @pdrv is registered.
 * @claiming: the adapter whose HwFindAdapter is claiming a function right
 *	now (sp_pci_claim() binds it; @pdrv's probe recognises it).
 * @claimed: struct sp_claim of every function a scan claimed; their
 *	driver_override is cleared once @pdrv is gone.  sp_drivers_mutex.
 * @hosts: adapters created without a PCI driver binding (Internal bus),
 *	sp_drivers_mutex.
 * @name: driver name ("<module>" or "<module>-<n>").
 */
struct sp_claim {
	struct list_head node;
	struct pci_dev *pdev;
};

struct sp_hwdriver {
	struct list_head node;
	struct sp_driver_object *obj;
	HW_INITIALIZATION_DATA hw;
	void *hw_context;
	struct scsi_host_template sht;
	struct pci_driver pdrv;
	struct pci_device_id ids[2];
	bool pci_registered;
	struct sp_host *claiming;
	struct list_head claimed;
	struct list_head hosts;
	char name[40];
};

/**
 * struct sp_lu - a logical unit the midlayer scans or uses
 * @sdev: its scsi_device.
 * @path: PathId (channel).  @target: TargetId.  @lun: Lun.
 * @busy: the miniport has an SRB for this LU and has not yet released the
 *	LU (NextLuRequest or completion of @blocker).  [M]
 * @blocker: the SRB whose start made the LU busy.  [M]
 * @untagged: the outstanding untagged SRB, for ScsiPortGetSrb.  [M]
 * @outstanding: SRBs of this LU the miniport holds.  [M]
 * @configured: the midlayer configured the LU (a device answered there).
 * @ref: one for the midlayer's scsi_device (dropped in slave_destroy) and
 *	one per internal SRB addressing the LU: an IOCTL, abort or reset SRB
 *	the miniport still holds when the device goes keeps it alive.
 * @rcu: frees the LU after ScsiPortGetLogicalUnit readers are done.
 * @ext: the miniport's SpecificLuExtension.
 */
struct sp_lu {
	struct scsi_device *sdev;
	u8 path, target, lun;
	bool busy;
	struct sp_cmd *blocker;
	struct sp_cmd *untagged;
	unsigned int outstanding;
	bool configured;
	refcount_t ref;
	struct rcu_head rcu;
	u8 ext[] __aligned(16);
};

static inline void sp_lu_put(struct sp_lu *lu)
{
	if (refcount_dec_and_test(&lu->ref))
		kfree_rcu(lu, rcu);
}

enum sp_cmd_state {
	SP_CMD_IDLE,		/* not known to the miniport */
	SP_CMD_QUEUED,		/* on sp->pending, waiting for HwStartIo */
	SP_CMD_ACTIVE,		/* given to HwStartIo, not completed */
	SP_CMD_DONE,		/* completed by the miniport, being finished */
	SP_CMD_SENSE,		/* completed, waiting for our REQUEST SENSE */
	SP_CMD_HANDOFF,		/* on sp->handoff, for the IRQ thread */
};

/* struct sp_cmd.flags */
#define SP_CMDF_DMA_MAPPED	BIT(0)	/* scsi_dma_map() done */
#define SP_CMDF_BOUNCE		BIT(1)	/* DataBuffer is a bounce buffer */
#define SP_CMDF_BOUNCE_MAPPED	BIT(2)	/* ... and it is DMA mapped */
#define SP_CMDF_INTERNAL	BIT(3)	/* issued by the shim, no scsi_cmnd */
#define SP_CMDF_SENSE_REQ	BIT(4)	/* our emulated REQUEST SENSE */
#define SP_CMDF_BOUNCE_RES	BIT(5)	/* @bounce is reserve buffer @bounce_idx */
#define SP_CMDF_ORPHAN		BIT(6)	/* internal SRB whose issuer gave up */
#define SP_CMDF_RECLAIMED	BIT(7)	/* taken back by a reset: @srb is not ours */

/**
 * struct sp_parked_buf - a buffer of the shim that a parked SRB addresses
 * @buf: kmalloc()ed, or NULL
 * @reserve: 1 + the reserve bounce buffer index, or 0
 */
struct sp_parked_buf {
	void *buf;
	u8 reserve;
};

/**
 * struct sp_cmd - an SRB and the shim's bookkeeping for it
 * @srb: what the miniport sees, the SRB of @slot (sp->srbs), not part of
 *	the command: a reset may leave it with the miniport while the
 *	midlayer reuses the command.  Srb->OriginalRequest holds the slot
 *	cookie so a pointer from the miniport can be validated without
 *	trusting it.
 * @scmd: the midlayer command, NULL for internal SRBs.
 * @node: on sp->pending or sp->done.
 * @lu: the logical unit.
 * @slot: index into sp->slots, sp->srbs, the SrbExtension and the sense
 *	pool; the slot of the command's owner (sp->home) when it was built.
 * @state: enum sp_cmd_state.  [M] once queued.
 * @flags: SP_CMDF_*.
 * @xfer_len: DataTransferLength as issued (the miniport may lower it).
 * @sgl: scatterlist of the data, @sg_count its DMA-mapped entries.
 * @bounce: bounce buffer for MapBuffers with a multi-segment request,
 *	@bounce_dma its bus address when mapped; with SP_CMDF_BOUNCE_RES
 *	the adapter's reserve buffer @bounce_idx.
 * @walk_sg, @walk_off, @walk_idx: where the last ScsiPortGetPhysicalAddress
 *	walk ended (entry, its byte offset, its index),
 *	so a miniport walking its buffer in order costs O(n), not O(n^2).
 * @wait: completion of an internal SRB, signalled when it is finished.
 * @owned_buf: buffer an orphaned internal SRB frees when it finally ends.
 * @sense_for: of an emulated REQUEST SENSE, the command it is for; of
 *	that command (SP_CMD_SENSE), its REQUEST SENSE.  Both links are cut
 *	together (sp_sense_detach()) when the error handler takes the command.
 * @data_buffer: DataBuffer as issued, for a resubmission.
 * @busy_tries: SRB_STATUS_BUSY answers so far.  [M]
 * @busy_gen: sp->done_gen when it was held back after one.  [M]
 * @busy_retry: when it goes to the miniport again at the latest.  [M]
 */
struct sp_cmd {
	PSCSI_REQUEST_BLOCK srb;
	struct scsi_cmnd *scmd;
	struct list_head node;
	struct llist_node hnode;	/* on sp_host.handoff */
	struct sp_lu *lu;
	u32 slot;
	u8 state;
	u8 flags;
	u32 xfer_len;
	struct scatterlist *sgl;
	int sg_count;
	void *bounce;
	u8 bounce_idx;
	dma_addr_t bounce_dma;
	struct scatterlist *walk_sg;
	u32 walk_off;
	u32 walk_idx;
	struct completion wait;
	void *owned_buf;
	struct sp_cmd *sense_for;
	void *data_buffer;
	u16 busy_tries;
	u32 busy_gen;
	ktime_t busy_retry;
};

/**
 * struct sp_stats - per adapter counters, shown in debugfs
 *
 * Updated by whoever owns the miniport state ([M]) or under the port lock.
 */
struct sp_stats {
	u64 start_io;
	u64 completed;
	u64 queued_waiting;	/* commands that had to wait for NextRequest */
	u64 interrupts;
	u64 interrupts_claimed;
	u64 irq_during_callback;
	u64 callbacks;		/* EnableInterruptsCallback runs */
	u64 callbacks_masked;	/* ... that found the HBA's line masked */
	u64 callback_ns;	/* time spent in them */
	u64 missing_disable;	/* pairs without CallDisableInterrupts */
	u64 deferred_start;	/* StartIo postponed by a callback pair */
	u64 handed_off;		/* found the port lock taken, given to the IRQ thread */
	u64 deferred_timer;
	u64 storms;		/* shared line disabled: HBA unmasked in a pair */
	u64 timer_calls;
	u64 timer_arms;		/* hrtimer starts for RequestTimerCall (lazy) */
	u64 bad_completions;	/* double, foreign or bogus RequestComplete */
	u64 parked;		/* SRBs a reset took back while still held */
	u64 late_completions;	/* ... that the miniport completed later */
	u64 sense_detached;	/* taken by the EH while its REQUEST SENSE ran */
	u64 luns_refused;	/* LUN >= MaximumNumberOfLogicalUnits */
	u64 too_long;		/* requests over a sub-page MaximumTransferLength */
	u64 refinds;		/* HwFindAdapter again, on resume */
	u64 bounce_reserve;	/* bounces served from the reserve buffers */
	u64 bounce_nomem;	/* ... not even from there: HOST_BUSY */
	u64 bounce_deferred;	/* bounce reads copied in the thread, not hard IRQ */
	u64 bad_status;		/* unknown SrbStatus values */
	u64 sense_emulated;
	u64 bounced;
	u64 aborts;
	u64 device_resets;
	u64 bus_resets;
	u64 resets_detected;
	u64 bad_addresses;	/* ScsiPortGetPhysicalAddress refused */
	u64 adapter_stops;	/* ScsiStopAdapter that succeeded */
	u64 adapter_restarts;	/* ScsiRestartAdapter that succeeded */
	u64 reinitialized;	/* resumes through HwInitialize instead */
	u64 busy_requeued;	/* SRB_STATUS_BUSY: held and sent again */
	u64 busy_gave_up;	/* ... SP_BUSY_MAX_TRIES times: to the midlayer */
	u64 throttled;		/* the miniport's capacity estimate went down */
	u64 caches_flushed;	/* SRB_FUNCTION_FLUSH / SHUTDOWN sent */
};

/* sp_host.notes: permissive behaviour seen, noted once per adapter */
enum sp_note {
	SP_NOTE_SCAN_WRITE,	/* config write to an unowned function, scanning */
	SP_NOTE_BUSDATA_LATE,	/* Get/SetBusData after HwFindAdapter */
	SP_NOTE_BAR_SIZING,	/* BAR sizing answered from the resource */
	SP_NOTE_FIND_TIMER,	/* RequestTimerCall from HwFindAdapter */
	SP_NOTE_IRQ_LEVEL,	/* an interrupt level that is not the function's */
	SP_NOTE_STOP_PAIR,	/* a callback pair asked for by ScsiStopAdapter */
	SP_NOTE_LUN_LIMIT,	/* a LUN beyond MaximumNumberOfLogicalUnits */
};

/**
 * struct sp_base - a mapping handed out by ScsiPortGetDeviceBase
 * @node: in sp->bases.
 * @addr: the cookie given to the miniport.
 * @len: its length.
 * @io: I/O port mapping (ioport_unmap) rather than MMIO (iounmap).
 */
struct sp_base {
	struct list_head node;
	void __iomem *addr;
	u64 bus_addr;		/* what the miniport named, for a re-find */
	unsigned long len;
	bool io;
};

/*
 * Locking.
 *
 * @lock is the port lock, the Linux form of the miniport's interrupt spin
 * lock.  It is always taken with interrupts disabled and is held around
 * every call into the miniport except HwFindAdapter (process context, no
 * lock) and HwScsiEnableInterruptsCallback (IRQ thread, no lock).
 *
 * Fields marked [L] are protected by @lock.  Fields marked [M] are the
 * miniport-side state; they belong to whoever is running a miniport routine:
 * the holder of @lock while @in_callback is false, or the thread running the
 * callback pair while @in_callback is true.  Lock holders that find
 * @in_callback set must neither call the miniport nor touch [M] fields; they
 * record deferred work in [L] fields and leave.  ScsiPortNotification and
 * the other routines a miniport calls therefore touch [M] state without
 * taking the lock themselves.
 *
 * @lock is a spinlock_t, not a raw_spinlock_t, and the hard handler takes it
 * (it runs HwInterrupt, which alone can tell whether a shared INTx line
 * interrupt is this HBA's).  That is valid on PREEMPT_RT because no context
 * that takes it stays a hard interrupt there: the handler is requested
 * without IRQF_ONESHOT, so forced threading (PREEMPT_RT, or "threadirqs")
 * runs it in a thread, and our hrtimers are not HRTIMER_MODE_*_HARD, so
 * they expire in softirq context.  A raw lock would instead make every
 * miniport routine and everything it calls (printk, PCI config access,
 * wake-ups, the scsi_done path's allocations) a non-preemptible section on
 * PREEMPT_RT.  CONFIG_PROVE_RAW_LOCK_NESTING in the debug kernel and the
 * deb612rt runs check this.
 *
 * The line during the callback pair: an exclusive vector (MSI, MSI-X, an
 * Internal adapter's Latched interrupt) is disabled from the moment the pair
 * is asked for until it ended (sp_line_mask(), under @lock), which is what
 * IRQF_ONESHOT would do, without its cost on PREEMPT_RT.  A shared INTx line
 * is never masked: the Windows contract has HwInterrupt disable the HBA's
 * own interrupts before it asks for the pair, and the other devices on the
 * line keep theirs.  IRQF_ONESHOT on it would make every sharer that does
 * not use it (ahci, e1000, uhci...) fail to request the line ("Flags
 * mismatch").
 *
 * @handoff is lockless.  sp_queuecommand() on an adapter with an interrupt
 * does not wait for a port lock someone else holds: it pushes the command
 * there and wakes the IRQ thread, which moves it to @pending under the lock
 * (sp_take_handoff()).  So HwStartIo's register writes on one CPU - the
 * kick of a request, which some emulated HBAs process inside the write -
 * do not keep the submitting CPU spinning.
 */

/**
 * struct sp_host - one adapter (HBA); the hostdata of its Scsi_Host
 * @shost: the Scsi_Host.
 * @hwdrv: the ScsiPortInitialize registration it belongs to.
 * @win: the miniport is Windows code: every call into it takes the
 *	Microsoft x64 convention (sp_hw_call()).
 * @dev: the device used for DMA: the PCI function, or a virtual device
 *	for Internal adapters.
 * @pdev: the PCI function, if any.
 * @vdev: the virtual platform device of an Internal adapter.
 * @node: in @hwdrv->hosts when it is not owned by a PCI binding.
 * @lock: the port lock, see above.
 * @handoff: commands sp_queuecommand() passed on, see above.
 * @dev_ext: the miniport's device extension.
 * @config: ConfigInfo as HwFindAdapter left it.
 * @ranges: the access ranges @config points to.
 * @irq: Linux interrupt number, 0 for none.  @irq_flags: how it was
 *	requested.  @msi: MSI/MSI-X rather than INTx.
 * @irqd: the irq_data of @irq while it is connected, for the masked check
 *	of the callback pair.
 * @mask_line: @irq is exclusive: disable it while a callback pair runs.
 * @line_masked: sp_line_mask() disabled it.  [L]
 * @cb_irqs: interrupts of a shared line during the current pair.  [L]
 * @tagged, @multi_lu, @autosense, @map_buffers, @dma_master: capabilities
 *	from @config, fixed after HwFindAdapter.
 * @finding: HwFindAdapter is running (process context, no lock).
 * @refinding: ... again, on resume without ScsiRestartAdapter: the
 *	mappings and the uncached extension of the first run are handed out
 *	again.  @config0 and @ranges0: ConfigInfo and its access ranges as the
 *	first HwFindAdapter got them.
 * @setting_config: HwAdapterControl(ScsiSetRunningConfig) is running.
 * @legacy: created by a legacy PCI scan; @owns_pdev: it claimed @pdev
 *	(bound @hwdrv->pdrv to it).
 * @unbinding: the driver core is unbinding @pdev (sp_pci_remove()).
 * @caches_data: ConfigInfo->CachesData: FLUSH and SHUTDOWN are sent.
 * @notes: enum sp_note bits, each permissive behaviour logged once.
 * @sizing_pdev, @sizing_bars: BARs of that function a miniport wrote
 *	all-ones to; reads answer their size until the value is restored.
 * @irq_connected: the interrupt handler is installed.
 * @added: the Scsi_Host is registered with the midlayer.
 * @removing: teardown began; midlayer events are no longer delivered.
 * @busdata: buffer ScsiPortGetBusData allocated for a zero Length call.
 * @in_call: a miniport routine is running.  [M]
 * @ready: the miniport accepts another HwStartIo.  [M]
 * @in_callback: the interrupt callback pair owns the miniport.  [L]
 * @started: HwInitialize ran; interrupts may go to the miniport.  [L]
 * @stopping: the adapter is being removed; no new requests.  [L]
 * @cb_request: CallEnableInterrupts was requested.  [M]
 * @enable_cb: the HwScsiEnableInterruptsCallback to run.  [M]
 * @disable_cb: the HwScsiDisableInterruptsCallback to run, set by
 *	CallDisableInterrupts.  [M]
 * @irq_during_cb: an interrupt arrived while the pair ran (MSI).  [L]
 * @timer_deferred: the HwTimer fired while the pair ran.  [L]
 * @cb_wq: waiters for the end of a callback pair (error handling).
 * @cb_work: runs the pair for an adapter without an interrupt line.
 * @pending: commands waiting for HwStartIo, in arrival order.  [L]
 * @urgent: internal SRBs (request sense, abort, reset) that go first.  [M]
 * @busy: commands the miniport answered SRB_STATUS_BUSY, held back and
 *	sent again before anything on @pending.  [M]
 * @busy_timer: restarts @busy when no completion does.
 * @held_io: midlayer commands the miniport holds.  [M]
 * @throttle: how many of them it may hold: its capacity as seen by its
 *	BUSY answers, can_queue until the first.  [M]
 * @last_busy: jiffies of the last BUSY answer or throttle step.  [M]
 * @done_gen: midlayer commands the miniport completed (not BUSY).  [M]
 * @done: commands the miniport completed, finished after the lock is
 *	dropped.  [M]
 * @finishing: batches taken off @done and not yet finished; the error
 *	handler waits for zero before giving commands back to the midlayer.
 * @slots: the command each slot's SRB belongs to while the miniport
 *	has it.  [M]
 * @nslots: @nowners plus SP_SPARE_SLOTS.
 * @nowners: can_queue plus SP_INTERNAL_SLOTS: blk-mq tags, then the
 *	internal SRBs.
 * @srbs: the SRB of each slot.
 * @home: the slot each owner (tag or internal SRB) uses, SP_NO_SLOT while
 *	it has none; changed under the port lock, read by the owner.  [M]
 * @parked: bitmap of slots whose SRB a reset took back from a miniport
 *	that kept it; free again when the miniport completes it.  [M]
 * @free_slots: stack of @nfree slots nobody uses.  [M]
 * @parked_bufs: per slot, the shim's buffer a parked SRB still addresses
 *	(bounce or IOCTL data), freed when the slot is.  [M]
 * @internal: the internal SRBs (owners can_queue .. nowners - 1).
 * @internal_busy: bitmap of @internal in use (atomic bit operations).
 * @timer: RequestTimerCall, lazy (sp_timer.c): it may be queued with
 *	nothing to call, or earlier than due.  @timer_fn: the HwTimer to
 *	call, NULL when none [M]; @timer_expires: when it is due.  [M]
 * @uncached: ScsiPortGetUncachedExtension memory, @uncached_dma,
 *	@uncached_len.
 * @pool: coherent memory for the SrbExtensions and sense buffers of all
 *	slots; @pool_dma, @pool_len, @srbext_size per slot (aligned),
 *	@sense_off where the sense buffers start.
 * @data_window: the address range the DataBuffer of a multi-segment
 *	request lives in when the miniport did not ask for MapBuffers (see
 *	sp_data_buffer()); @data_window_len bytes, every page of it mapped to
 *	@data_window_page.  NULL when the miniport never needs it.
 * @bases: ScsiPortGetDeviceBase mappings.  Changed only in process context
 *	before the adapter starts or after it stopped.
 * @lus: struct sp_lu by sp_lu_key().  Writers hold @lock; readers use RCU.
 * @event_work: midlayer notifications that must run in process context.
 * @events: SP_EV_* bits for @event_work.
 * @eh_mutex: serialises the error handler's miniport requests.
 * @stats: counters.
 * @dbg: debugfs directory.
 * @mm_node: on the list MmGetPhysicalAddress searches (sp_mm.c), from
 *	the device extension's allocation to just before its free.
 */
struct sp_host {
	struct Scsi_Host *shost;
	struct sp_hwdriver *hwdrv;
	bool win;
	struct device *dev;
	struct pci_dev *pdev;
	struct platform_device *vdev;
	struct list_head node;
	struct list_head mm_node;

	spinlock_t lock;		/* the port lock, see "Locking" above */
	struct llist_head handoff;	/* commands for the IRQ thread, lockless */
	void *dev_ext;
	PORT_CONFIGURATION_INFORMATION config;
	ACCESS_RANGE *ranges;

	int irq;
	unsigned long irq_flags;
	struct irq_data *irqd;
	bool msi;
	bool irq_vectors;
	bool mask_line;
	bool line_masked;
	unsigned int cb_irqs;

	bool tagged;
	bool multi_lu;
	bool autosense;
	bool map_buffers;
	bool dma_master;

	bool finding;
	bool refinding;
	PORT_CONFIGURATION_INFORMATION config0;
	ACCESS_RANGE *ranges0;
	bool setting_config;
	bool legacy;
	bool owns_pdev;
	bool unbinding;
	bool caches_data;
	unsigned long notes;
	struct pci_dev *sizing_pdev;
	u8 sizing_bars;
	bool irq_connected;
	bool added;
	bool removing;
	void *busdata;

	bool in_call;
	bool ready;
	bool in_callback;
	bool started;
	bool stopping;
	bool cb_request;
	PHW_INTERRUPT enable_cb;
	PHW_INTERRUPT disable_cb;
	bool irq_during_cb;
	bool timer_deferred;
	wait_queue_head_t cb_wq;
	struct work_struct cb_work;

	struct list_head pending;
	struct list_head urgent;
	struct list_head busy;
	struct hrtimer busy_timer;
	u32 held_io;
	u32 throttle;
	unsigned long last_busy;
	u32 done_gen;
	struct list_head done;
	atomic_t finishing;
	struct sp_cmd **slots;
	u32 nslots;
	u32 nowners;
	SCSI_REQUEST_BLOCK *srbs;
	u32 *home;
	unsigned long *parked;
	u32 *free_slots;
	u32 nfree;
	struct sp_parked_buf *parked_bufs;
	struct sp_cmd internal[SP_INTERNAL_SLOTS];
	unsigned long internal_busy;

	struct hrtimer timer;
	PHW_TIMER timer_fn;
	ktime_t timer_expires;

	void *uncached;
	dma_addr_t uncached_dma;
	size_t uncached_len;

	void *bounce_res[SP_BOUNCE_RESERVE];
	size_t bounce_res_len;
	unsigned long bounce_res_busy;

	void *data_window;
	size_t data_window_len;
	struct page *data_window_page;
	void *pool;
	dma_addr_t pool_dma;
	size_t pool_len;
	u32 srbext_size;
	u32 max_transfer;	/* MaximumTransferLength below a page, else 0 */
	size_t sense_off;

	struct list_head bases;
	struct xarray lus;

	struct work_struct event_work;
	unsigned long events;
	struct mutex eh_mutex;		/* one error-handler request at a time */

	struct sp_stats stats;
	struct dentry *dbg;
};

/* sp->events bits */
#define SP_EV_BUS_CHANGE	0
#define SP_EV_RESET		1	/* ResetDetected: report a reset on every bus */

/* Header in front of every device extension, to find the adapter again. */
#define SP_EXT_MAGIC	0x5350455854484452ULL	/* "SPEXTHDR" */
struct sp_ext_hdr {
	struct sp_host *sp;
	u64 magic;
} __aligned(16);

static inline struct sp_host *sp_from_ext(void *ext)
{
	struct sp_ext_hdr *hdr;

	if (unlikely(!ext))
		return NULL;
	hdr = (struct sp_ext_hdr *)ext - 1;
	if (unlikely(hdr->magic != SP_EXT_MAGIC))
		return NULL;
	return hdr->sp;
}

static inline u32 sp_lu_key(u8 path, u8 target, u8 lun)
{
	return (u32)path << 16 | (u32)target << 8 | lun;
}

static inline struct sp_lu *sp_lu_find(struct sp_host *sp, u8 path,
				       u8 target, u8 lun)
{
	return xa_load(&sp->lus, sp_lu_key(path, target, lun));
}

#define sp_err(sp, fmt, ...) \
	shost_printk(KERN_ERR, (sp)->shost, fmt, ##__VA_ARGS__)
#define sp_warn(sp, fmt, ...) \
	shost_printk(KERN_WARNING, (sp)->shost, fmt, ##__VA_ARGS__)
#define sp_info(sp, fmt, ...) \
	shost_printk(KERN_INFO, (sp)->shost, fmt, ##__VA_ARGS__)
#define sp_err_rl(sp, fmt, ...)						\
	do {								\
		static DEFINE_RATELIMIT_STATE(_rs,			\
			DEFAULT_RATELIMIT_INTERVAL,			\
			DEFAULT_RATELIMIT_BURST);			\
		if (__ratelimit(&_rs))					\
			sp_err(sp, fmt, ##__VA_ARGS__);			\
	} while (0)
#define sp_warn_rl(sp, fmt, ...)					\
	do {								\
		static DEFINE_RATELIMIT_STATE(_rs,			\
			DEFAULT_RATELIMIT_INTERVAL,			\
			DEFAULT_RATELIMIT_BURST);			\
		if (__ratelimit(&_rs))					\
			sp_warn(sp, fmt, ##__VA_ARGS__);		\
	} while (0)

/* sp_init.c: ScsiPortInitialize and adapter bring-up / teardown */
struct sp_host *sp_host_create(struct sp_hwdriver *hwdrv, struct device *dev,
			       struct pci_dev *pdev);
int sp_host_find_adapter(struct sp_host *sp, void *bus_info, bool *again);
int sp_host_refind(struct sp_host *sp);
int sp_host_initialize(struct sp_host *sp);
int sp_host_start(struct sp_host *sp);
void sp_host_destroy(struct sp_host *sp);

/* sp_power.c: ScsiStopAdapter / ScsiRestartAdapter, caches, shutdown */
int sp_host_suspend(struct sp_host *sp);
void sp_host_quiesce(struct sp_host *sp);
int sp_host_resume(struct sp_host *sp);
void sp_host_shutdown(struct sp_host *sp);
void sp_flush_lu(struct sp_host *sp, struct sp_lu *lu, bool shutdown);
void sp_flush_caches(struct sp_host *sp, bool shutdown);

/**
 * sp_note_once() - log a permissive behaviour the first time an adapter uses it
 * @sp: the adapter
 * @note: enum sp_note
 *
 * Return: true the first time (the caller prints its message).
 */
static inline bool sp_note_once(struct sp_host *sp, enum sp_note note)
{
	return !test_and_set_bit(note, &sp->notes);
}

/* sp_pci.c: PCI binding, configuration from the device, bus data */
int sp_pci_register(struct sp_hwdriver *hwdrv,
		    const struct pci_device_id *ids);
void sp_pci_unregister(struct sp_hwdriver *hwdrv);
void sp_pci_fill_config(struct sp_host *sp, struct pci_dev *pdev);
PCI_COMMON_CONFIG *sp_pci_bus_info(struct pci_dev *pdev);
int sp_pci_setup_irq(struct sp_host *sp);
void sp_pci_release_irq(struct sp_host *sp);
int sp_pci_legacy_scan(struct sp_hwdriver *hwdrv);
struct pci_dev *sp_pci_find_owner(u64 addr, u64 len, bool io);
int sp_pci_claim(struct sp_host *sp, struct pci_dev *pdev);
void sp_pci_host_release(struct sp_host *sp);
void sp_pci_clear_claims(struct sp_hwdriver *hwdrv);

/* sp_busdata.c */
bool sp_busdata_may_write(struct sp_host *sp, struct pci_dev *pdev);

/* sp_host.c: the Scsi_Host template and its callbacks */
void sp_host_template_init(struct sp_hwdriver *hwdrv);
void sp_host_apply_limits(struct sp_host *sp);

/* sp_request.c: SRBs, gating, StartIo, completion */
int sp_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *scmd);
int sp_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *scmd);
bool sp_start_next(struct sp_host *sp);
void sp_finish_done(struct sp_host *sp, struct list_head *done);
void sp_wait_finished(struct sp_host *sp);
void sp_srb_completed(struct sp_host *sp, struct sp_cmd *c);
int sp_ms_vformat(char *buf, size_t size, const char *fmt,
		  __builtin_ms_va_list ap);
bool sp_slot_unpark(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb);
#if IS_ENABLED(CONFIG_KUNIT)
void sp_notify(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension,
	       const u64 *arg);
#endif
struct sp_cmd *sp_cmd_from_srb(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb);
struct sp_cmd *sp_internal_get(struct sp_host *sp);
void sp_internal_put(struct sp_host *sp, struct sp_cmd *c);
void sp_internal_prepare(struct sp_host *sp, struct sp_cmd *c,
			 struct sp_lu *lu, u8 function);
void sp_queue_internal(struct sp_host *sp, struct sp_cmd *c, bool head);
int sp_internal_issue(struct sp_host *sp, struct sp_cmd *ic, unsigned int secs);
void sp_fail_pending(struct sp_host *sp, int host_byte,
		     struct list_head *out);
void sp_take_handoff(struct sp_host *sp, struct list_head *refused);
void sp_drop_timed_out(struct sp_host *sp, int path, struct sp_lu *only);
bool sp_sense_detach(struct sp_host *sp, struct sp_cmd *c);

/* sp_busy.c: SRB_STATUS_BUSY answers and the throttle */
void sp_busy_init(struct sp_host *sp);
bool sp_busy_hold(struct sp_host *sp, struct sp_cmd *c);
void sp_busy_completed(struct sp_host *sp);
bool sp_busy_blocks(struct sp_host *sp, struct sp_cmd **next);
void sp_busy_kick(struct sp_host *sp);
void sp_busy_stop(struct sp_host *sp);

/* sp_status.c: SrbStatus to Linux result */

/**
 * struct sp_result - what a completed SRB means to the midlayer
 * @result: host byte << 16 | SCSI status byte
 * @resid: bytes not transferred
 * @sense: the miniport's autosense data is valid, copy it
 * @bad_request: answer CHECK CONDITION / ILLEGAL REQUEST instead
 * @known: the SrbStatus value is a defined one
 */
struct sp_result {
	int result;
	u32 resid;
	bool sense;
	bool bad_request;
	bool known;
};

void sp_srb_result(const SCSI_REQUEST_BLOCK *srb, u32 xfer_len,
		   struct sp_result *r);
const char *sp_srb_status_name(u8 status);

/*
 * The miniport call wrappers, on every request: inline.
 *
 * sp_call_begin() marks the start of a miniport routine, called with the
 * port lock held (or by the thread owning the callback pair) right before
 * the shim calls the miniport.
 *
 * sp_call_end() marks its end.  It returns true when the routine asked for
 * the interrupt callback pair (NotificationTypeCallEnableInterrupts):
 * @sp->in_callback is then set, and the caller must get the pair running
 * (IRQ_WAKE_THREAD from the hard handler, sp_kick_callback() elsewhere) and
 * must not call the miniport again.
 */
static inline void sp_call_begin(struct sp_host *sp)
{
	sp->in_call = true;
}

/*
 * Disable an exclusive interrupt while a callback pair owns the miniport,
 * and enable it again when the pair is over.  Port lock held, so the two
 * cannot cross: a pair asked for right after the end of another masks the
 * line again only after the unmask.
 */
static inline void sp_line_disable(struct sp_host *sp)
{
	if (!sp->line_masked) {
		sp->line_masked = true;
		disable_irq_nosync(sp->irq);
	}
}

static inline void sp_line_mask(struct sp_host *sp)
{
	if (sp->mask_line && sp->irq_connected)
		sp_line_disable(sp);
	sp->cb_irqs = 0;
}

static inline void sp_line_unmask(struct sp_host *sp)
{
	if (sp->line_masked) {
		sp->line_masked = false;
		enable_irq(sp->irq);
	}
}

static inline bool sp_call_end(struct sp_host *sp)
{
	sp->in_call = false;
	if (likely(!sp->cb_request) || sp->in_callback)
		return false;
	sp->cb_request = false;
	sp->in_callback = true;
	sp_line_mask(sp);
	return true;
}

/*
 * sp_take_done() moves the completed commands to the caller's private list,
 * port lock held.  It does nothing while a callback pair owns the miniport
 * state: that thread finishes those completions itself.  One count of
 * @sp->finishing per batch; sp_finish_done() drops it.
 */
static inline void sp_take_done(struct sp_host *sp, struct list_head *out)
{
	if (sp->in_callback || list_empty(&sp->done))
		return;
	if (list_empty(out))
		atomic_inc(&sp->finishing);
	list_splice_tail_init(&sp->done, out);
}

/* sp_irq.c: interrupt handler, IRQ thread, the callback pair */
irqreturn_t sp_isr(int irq, void *data);
irqreturn_t sp_irq_thread(int irq, void *data);
void sp_run_callback_pair(struct sp_host *sp);
void sp_kick_callback(struct sp_host *sp);
int sp_irq_request(struct sp_host *sp);
void sp_irq_free(struct sp_host *sp);
void sp_wait_no_callback(struct sp_host *sp, unsigned long *flags)
	__acquires(&sp->lock);

/* sp_timer.c: RequestTimerCall */
void sp_timer_init(struct sp_host *sp);
void sp_timer_request(struct sp_host *sp, PHW_TIMER fn, ULONG usecs);
void sp_timer_stop(struct sp_host *sp);
void sp_timer_resume(struct sp_host *sp);
bool sp_timer_call(struct sp_host *sp);

/* sp_mm.c: the adapters MmGetPhysicalAddress searches */
void sp_mm_add(struct sp_host *sp);
void sp_mm_del(struct sp_host *sp);

/* sp_dma.c: uncached extension, SrbExtension pool, physical addresses */
int sp_pool_alloc(struct sp_host *sp);
void sp_pool_free(struct sp_host *sp);
void sp_uncached_free(struct sp_host *sp);
int sp_set_dma_mask(struct sp_host *sp, const PORT_CONFIGURATION_INFORMATION *ci);
int sp_data_window_alloc(struct sp_host *sp, size_t max_len);
int sp_bounce_reserve_alloc(struct sp_host *sp, size_t len);
void sp_bounce_reserve_free(struct sp_host *sp);
bool sp_done_has_bounce_read(struct list_head *done);
void sp_data_window_free(struct sp_host *sp);
int sp_map_data(struct sp_host *sp, struct sp_cmd *c);
void sp_unmap_data(struct sp_host *sp, struct sp_cmd *c);

/* Srb->OriginalRequest carries this cookie plus the slot number. */
#define SP_COOKIE		0x5350000000000000UL
#define SP_COOKIE_MASK		0xffffffffffff0000UL

static inline void sp_set_cookie(struct sp_cmd *c)
{
	c->srb->OriginalRequest = (void *)(SP_COOKIE | c->slot);
}

/*
 * The slot owner @owner (a blk-mq tag, or can_queue + internal index) uses
 * now, SP_NO_SLOT while all of its were parked; the SRB goes with it.
 */
static inline u32 sp_owner_slot(struct sp_host *sp, u32 owner)
{
	return READ_ONCE(sp->home[owner]);
}

/* A slot's SrbExtension (NULL when the miniport asked for none). */
static inline void *sp_slot_srbext(struct sp_host *sp, u32 slot)
{
	if (!sp->srbext_size)
		return NULL;
	return sp->pool + (size_t)slot * sp->srbext_size;
}

/* A slot's sense buffer: SP_SENSE_LEN bytes, DMA-coherent. */
static inline void *sp_slot_sense(struct sp_host *sp, u32 slot)
{
	return sp->pool + sp->sense_off + (size_t)slot * SP_SENSE_LEN;
}

/* sp_io.c: device bases, access counts */
void sp_bases_release(struct sp_host *sp);
void sp_io_counts(unsigned long *reads, unsigned long *writes);

/* sp_eh.c: error handling and midlayer events */
int sp_eh_abort(struct scsi_cmnd *scmd);
int sp_eh_device_reset(struct scsi_cmnd *scmd);
int sp_eh_bus_reset(struct scsi_cmnd *scmd);
int sp_eh_host_reset(struct scsi_cmnd *scmd);
void sp_event_work(struct work_struct *work);
bool sp_adapter_control(struct sp_host *sp, SCSI_ADAPTER_CONTROL_TYPE type);
void sp_complete_matching(struct sp_host *sp, int path, int target, int lun,
			  u8 srb_status);
void sp_finish_failed(struct sp_host *sp, struct list_head *list);

/* Internals exported to the KUnit suites only (EXPORT_SYMBOL_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
dma_addr_t sp_sg_lookup(struct sp_cmd *c, u32 off, u32 *len);
void *sp_data_buffer(struct sp_host *sp, struct scatterlist *sg, int nseg,
		     u32 len);
void *sp_bounce_alloc(struct sp_host *sp, size_t len);
u64 sp_phys_lookup(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb, void *va,
		   size_t *len);
ULONG sp_check_hwinit(const HW_INITIALIZATION_DATA *hw);
#endif

/* sp_misc.c: a Windows printf format as a kernel one */
void sp_translate_format(const char *in, char *out, size_t size);

/* sp_crt.c: the C library routines miniports get (shim/include/crt) */
ULONG sp_crt_strtoul(const char *s, char **end, int base);
LONG sp_crt_strtol(const char *s, char **end, int base);
int sp_crt_sprintf(char *buf, const char *fmt, ...);
int sp_crt_snprintf(char *buf, size_t count, const char *fmt, ...);
int sp_crt_ms_snprintf(char *buf, size_t count, const char *fmt, ...);
int sp_crt_vsnprintf(char *buf, size_t count, const char *fmt, va_list ap);
int sp_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt, va_list ap);

/* sp_ioctl.c: IOCTL_SCSI_MINIPORT */
int sp_ioctl(struct scsi_device *sdev, unsigned int cmd, void __user *arg);

/* sp_debugfs.c */
void sp_debugfs_init(void);
void sp_debugfs_host_add(struct sp_host *sp);
void sp_debugfs_host_remove(struct sp_host *sp);

#endif /* SP_INTERNAL_H */
