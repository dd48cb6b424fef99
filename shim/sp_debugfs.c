// SPDX-License-Identifier: GPL-2.0
/*
 * Counters in debugfs: /sys/kernel/debug/scsiport/host<N>/stats per adapter,
 * and scsiport/registers for the register and port accesses of all
 * miniports.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "sp_internal.h"

static int sp_stats_show(struct seq_file *m, void *unused)
{
	struct sp_host *sp = m->private;
	struct sp_stats s;
	unsigned long flags;
	bool ready, in_cb;
	u32 throttle, held_io;

	spin_lock_irqsave(&sp->lock, flags);
	s = sp->stats;
	ready = sp->ready;
	in_cb = sp->in_callback;
	throttle = sp->throttle;
	held_io = sp->held_io;
	spin_unlock_irqrestore(&sp->lock, flags);

	seq_printf(m, "miniport %s\n", sp->hwdrv->name);
	seq_printf(m, "irq %d %s\n", sp->irq,
		   !sp->irq ? "none" : sp->msi ? "msi" : "intx");
	seq_printf(m, "ready %d\nin_callback %d\n", ready, in_cb);
#define SP_STAT(f)	seq_printf(m, #f " %llu\n", s.f)
	SP_STAT(start_io);
	SP_STAT(completed);
	SP_STAT(queued_waiting);
	SP_STAT(interrupts);
	SP_STAT(interrupts_claimed);
	SP_STAT(irq_during_callback);
	SP_STAT(callbacks);
	SP_STAT(callbacks_masked);
	SP_STAT(callback_ns);
	SP_STAT(missing_disable);
	SP_STAT(deferred_start);
	SP_STAT(handed_off);
	SP_STAT(deferred_timer);
	SP_STAT(storms);
	SP_STAT(timer_calls);
	SP_STAT(timer_arms);
	SP_STAT(bad_completions);
	SP_STAT(parked);
	SP_STAT(late_completions);
	SP_STAT(sense_detached);
	SP_STAT(luns_refused);
	SP_STAT(too_long);
	SP_STAT(refinds);
	SP_STAT(bounce_reserve);
	SP_STAT(bounce_nomem);
	SP_STAT(bounce_deferred);
	SP_STAT(bad_status);
	SP_STAT(sense_emulated);
	SP_STAT(bounced);
	SP_STAT(aborts);
	SP_STAT(device_resets);
	SP_STAT(bus_resets);
	SP_STAT(resets_detected);
	SP_STAT(bad_addresses);
	SP_STAT(adapter_stops);
	SP_STAT(adapter_restarts);
	SP_STAT(reinitialized);
	SP_STAT(busy_requeued);
	SP_STAT(busy_gave_up);
	SP_STAT(throttled);
	SP_STAT(caches_flushed);
#undef SP_STAT
	seq_printf(m, "throttle %u\nheld_io %u\n", throttle, held_io);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sp_stats);

/**
 * sp_debugfs_host_add() - create host<N>/stats
 * @sp: the adapter, Scsi_Host added
 */
void sp_debugfs_host_add(struct sp_host *sp)
{
	char name[24];

	snprintf(name, sizeof(name), "host%u", sp->shost->host_no);
	sp->dbg = debugfs_create_dir(name, sp_debugfs_root);
	debugfs_create_file("stats", 0444, sp->dbg, sp, &sp_stats_fops);
}

/**
 * sp_debugfs_host_remove() - remove what sp_debugfs_host_add() created
 * @sp: the adapter
 */
void sp_debugfs_host_remove(struct sp_host *sp)
{
	debugfs_remove_recursive(sp->dbg);
	sp->dbg = NULL;
}

static int sp_registers_show(struct seq_file *m, void *unused)
{
	unsigned long reads, writes;

	sp_io_counts(&reads, &writes);
	seq_printf(m, "reads %lu\nwrites %lu\n", reads, writes);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sp_registers);

/**
 * sp_debugfs_init() - create the files of the debugfs root
 */
void sp_debugfs_init(void)
{
	debugfs_create_file("registers", 0444, sp_debugfs_root, NULL,
			    &sp_registers_fops);
}
