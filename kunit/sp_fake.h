/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake ScsiPort miniport for the KUnit suites: a software adapter (the
 * Internal interface type) whose interrupt is a simulated line from the
 * kernel's irq_sim domain, serving one target with a few LUNs of RAM, and
 * whose behaviour the tests script through knobs and vendor-specific CDBs.
 */
#ifndef SP_FAKE_H
#define SP_FAKE_H

#include <linux/completion.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <scsi/scsi_device.h>

#include "sp_internal.h"

/* Vendor-specific opcode: Cdb[1] selects an action run inside HwStartIo. */
#define FK_OP			0xc0
enum fk_action {
	FK_ACT_NOP,
	FK_ACT_TIMER,		/* RequestTimerCall(fk_timer, Cdb[2] ms), Cdb[3] rearms */
	FK_ACT_TIMER_CANCEL,	/* RequestTimerCall(fk_timer, 0) */
	FK_ACT_PAIR,		/* CallEnableInterrupts from HwStartIo */
	FK_ACT_DOUBLE,		/* RequestComplete twice */
	FK_ACT_FOREIGN,		/* RequestComplete of an SRB never issued */
	FK_ACT_GETSRB,		/* ScsiPortGetSrb checks */
	FK_ACT_LUEXT,		/* ScsiPortGetLogicalUnit checks */
	FK_ACT_PHYS,		/* ScsiPortGetPhysicalAddress checks */
	FK_ACT_BOGUS_STATUS,	/* complete with SrbStatus 0x3f */
	FK_ACT_HOLD,		/* keep the SRB: completed by the next interrupt */
	FK_ACT_CHECK,		/* CHECK CONDITION (with autosense if enabled) */
	FK_ACT_UNDERRUN,	/* DATA_OVERRUN with half the data */
	FK_ACT_STALL,		/* queue stall_then, spin until a hand-over (2 s max) */
	FK_ACT_WHO,		/* note whether an IRQ thread runs HwStartIo */
	FK_ACT_BUSY,		/* SRB_STATUS_BUSY while busy_answers lasts */
	FK_ACT_PHYS_MOVED,	/* move DataBuffer, then GetPhysicalAddress it */
	FK_ACT_DRAIN,		/* complete every held SRB, then this one */
};

/* What the tests can see happen, in order. */
enum fk_event {
	FK_EV_START = 1,
	FK_EV_ISR,
	FK_EV_ENABLE_CB,
	FK_EV_DISABLE_CB,
	FK_EV_COMPLETE,
	FK_EV_TIMER,
	FK_EV_REQSENSE,
	FK_EV_FLUSH,		/* SRB_FUNCTION_FLUSH */
	FK_EV_SHUTDOWN,		/* SRB_FUNCTION_SHUTDOWN */
	FK_EV_STOP,		/* HwAdapterControl(ScsiStopAdapter) */
	FK_EV_RESTART,		/* HwAdapterControl(ScsiRestartAdapter) */
};

#define FK_MAX_EVENTS	256
#define FK_MAX_HELD	64
#define FK_LUNS		2
#define FK_LU_BLOCKS	128

enum fk_next {
	FK_NEXT_ADAPTER,	/* NextRequest after HwStartIo */
	FK_NEXT_LU,		/* NextLuRequest after HwStartIo */
	FK_NEXT_NONE,		/* nothing: the next interrupt sends NextRequest */
};

/* What the fake does with SRB_FUNCTION_ABORT_COMMAND ... */
enum fk_abort_mode {
	FK_ABORT_IGNORE,	/* success, the SRB stays held */
	FK_ABORT_COMPLETE,	/* completes the held SRB with SRB_STATUS_ABORTED */
};

/* ... and with SRB_FUNCTION_RESET_DEVICE. */
enum fk_reset_mode {
	FK_RESET_KEEP,		/* success, its held SRBs stay held */
	FK_RESET_COMPLETE,	/* completes them with SRB_STATUS_BUS_RESET */
	FK_RESET_FAIL,		/* SRB_STATUS_ERROR */
};

struct fk_lu_ext {
	u32 magic;
	u32 uses;
};

struct fk_state {
	/* set up by the test */
	bool use_irq;
	bool shared_irq;	/* LevelSensitive (shared) rather than Latched */
	bool irq_sharer;	/* another handler shares the line, first */
	bool autosense;
	bool tagged;
	bool use_pair;		/* HwInterrupt asks for the callback pair */
	bool skip_disable;	/* ... and the enable callback forgets CallDisable */
	bool gate_cb;		/* the enable callback waits for @cb_gate */
	enum fk_next next;
	u32 uncached_len;
	bool find_override;	/* HwFindAdapter returns @find_ret */
	ULONG find_ret;
	bool adapter_control;	/* HwAdapterControl: stop and restart */
	bool caches_data;	/* ConfigInfo->CachesData */
	bool running_config;	/* HwAdapterControl: ScsiSetRunningConfig too */
	unsigned int stop_timer_us; /* ScsiStopAdapter arms a timer, then */
	unsigned int stop_stall_us; /* ... stalls this long */
	unsigned int capacity;	/* HOLD answers BUSY when it holds this many */
	atomic_t busy_answers;	/* FK_ACT_BUSY answers BUSY this many times */
	unsigned int max_queue;	/* scsiport max_queue while it starts (0: as set) */
	unsigned int rq_timeout_ms; /* fk_submit() time-out (0: 30 s) */
	unsigned int max_transfer; /* ConfigInfo MaximumTransferLength (0: 64 KiB) */
	bool move_buffers;	/* point SenseInfoBuffer / DataBuffer elsewhere */
	bool hold_reqsense;	/* REQUEST SENSE answered by the next interrupt */
	bool hold_ioctl;	/* SRB_FUNCTION_IO_CONTROL kept until a drain */
	bool hold_reads;	/* READ(10) completed by the next interrupt */
	bool drain_one;		/* an interrupt completes the oldest held SRB only */
	bool vmalloc_data;	/* fk_submit() data: pages mapped backwards, one segment each */
	enum fk_abort_mode abort_mode;
	enum fk_reset_mode reset_mode;

	/* the adapter */
	void *ext;
	struct sp_host *sp;
	struct irq_domain *domain;
	int virq;

	/* behaviour state, owned by the miniport routines */
	PSCSI_REQUEST_BLOCK held[FK_MAX_HELD];
	unsigned int nheld;
	unsigned int timer_rearm;
	u8 lu_data[FK_LUNS][FK_LU_BLOCKS * 512];
	bool nextlu_pending;	/* next interrupt: NextLuRequest for LU 0 only */
	u8 nextlu_lun;

	/* observations */
	spinlock_t ev_lock;	/* protects @events and @nevents */
	u8 events[FK_MAX_EVENTS];
	unsigned int nevents;
	atomic_t starts;
	atomic_t isrs;
	atomic_t sharer_irqs;	/* calls of the other handler on the line */
	atomic_t timers;
	atomic_t enable_cbs;
	atomic_t disable_cbs;
	atomic_t reqsense;
	struct completion cb_entered;
	struct completion cb_gate;
	wait_queue_head_t wq;
	bool cb_irqs_disabled;	/* seen inside the enable callback */
	bool cb_in_interrupt;
	bool cb_lock_held;
	bool cb_isr_ran;	/* HwInterrupt ran while the callback ran */
	bool dis_irqs_disabled;	/* seen inside the disable callback */
	bool dis_lock_held;
	bool timer_lock_held;
	ktime_t timer_at;	/* when FkTimer last ran */
	atomic_t busy_sent;	/* BUSY answers given */
	atomic_t lun_over;	/* SRBs for Lun >= MaximumNumberOfLogicalUnits (4) */
	u32 max_xfer_seen;	/* largest DataTransferLength HwStartIo got */
	atomic_t finds;		/* HwFindAdapter calls */
	atomic_t inits;		/* HwInitialize calls */
	void *uncached;		/* what the last GetUncachedExtension gave */
	atomic_t config_calls;	/* ScsiSetRunningConfig calls */
	bool isr_in_config;	/* HwInterrupt ran during one */
	atomic_t aborts_seen;	/* SRB_FUNCTION_ABORT_COMMAND */
	atomic_t device_resets_seen; /* SRB_FUNCTION_RESET_DEVICE */
	DECLARE_BITMAP(tags_seen, 256);	/* QueueTags HwStartIo saw */
	atomic_t tagged_starts;
	struct work_struct *stall_then;	/* queued by FK_ACT_STALL ... */
	unsigned int stall_then_cpu;	/* ... on this CPU, lock held */
	bool who_irq_thread;	/* FK_ACT_WHO ran in an IRQ thread */
	PSCSI_REQUEST_BLOCK last_reqsense;

	/* results of the in-miniport checks (FK_ACT_*) */
	PSCSI_REQUEST_BLOCK getsrb_self, getsrb_hit, getsrb_wrong_lun;
	PSCSI_REQUEST_BLOCK getsrb_wrong_tag;
	void *luext_own, *luext_missing;
	u32 luext_uses;
	u64 phys_data, phys_expect;
	u32 phys_data_len, phys_expect_len;
	u64 phys_unc;
	u32 phys_unc_len;
	u64 phys_srbext;
	u32 phys_srbext_len;
	u64 phys_moved;
	u32 phys_moved_len;
	u64 phys_bad;
	u32 phys_bad_len;
	void *virt_back;
};

extern struct fk_state *fk;

/*
 * For a test case: a zeroed state owned by the test (test->priv), the
 * adapter brought up (asserting success), and the suites' exit hook that
 * brings it down if the case did not.
 */
struct fk_state *fk_test_new(struct kunit *test);
void fk_test_up(struct kunit *test, struct fk_state *st);
void fk_test_exit(struct kunit *test);

/* Bring a fake adapter up / down; returns the NTSTATUS of ScsiPortInitialize. */
ULONG fk_start(struct kunit *test, struct fk_state *st);
void fk_stop(struct fk_state *st);
/* Raise the simulated interrupt line once. */
void fk_irq(struct fk_state *st);
/* The scsi_device of a LUN on target 0, or NULL. */
struct scsi_device *fk_sdev(struct fk_state *st, unsigned int lun);
/* Number of events recorded so far, and event i. */
unsigned int fk_nevents(struct fk_state *st);
u8 fk_event(struct fk_state *st, unsigned int i);
int fk_find_event(struct fk_state *st, u8 ev, unsigned int from);

/* An asynchronous passthrough command. */
struct fk_cmd {
	struct completion done;
	int result;
	u32 resid;
	u8 sense[SCSI_SENSE_BUFFERSIZE];
	unsigned int order;	/* completion order across commands */
	bool lock_held;		/* port lock held when it completed */
	void *buf;
	u32 len;
	struct page *pages;	/* @buf maps them backwards (vmalloc_data) */
	unsigned int pg_order;
};

int fk_submit(struct fk_state *st, struct scsi_device *sdev, const u8 *cdb,
	      unsigned int cdb_len, bool write, u32 len, const void *data,
	      struct fk_cmd *cmd);
int fk_wait(struct fk_cmd *cmd, unsigned int ms);
int fk_exec(struct fk_state *st, struct scsi_device *sdev, const u8 *cdb,
	    unsigned int cdb_len, bool write, u32 len, struct fk_cmd *cmd);
void fk_cmd_free(struct fk_cmd *cmd);
/* @n zeroed commands owned by the test. */
struct fk_cmd *fk_cmdv(struct kunit *test, unsigned int n);
/* READ(10) or WRITE(10) of @blocks at @lba on LUN @lun, waited for. */
int fk_rw(struct fk_state *st, unsigned int lun, bool write, u32 lba,
	  u32 blocks, struct fk_cmd *cmd, const void *data);
/* A vendor command running FK_ACT_* @act on LUN @lun, asynchronously. */
int fk_act(struct fk_state *st, unsigned int lun, u8 act, u8 a2, u8 a3,
	   u32 len, struct fk_cmd *cmd);

#endif /* SP_FAKE_H */
