// SPDX-License-Identifier: GPL-2.0
/*
 * ScsiPortNotification and the bracket around every call into a miniport.
 *
 * A notification only records what the miniport asked for in the
 * miniport-side state ([M], see sp_internal.h); the caller of the miniport
 * routine acts on it once the routine has returned: completions are finished
 * after the port lock is dropped, a requested callback pair is started, and
 * so on.  Nothing here calls back into the miniport.
 */
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/stdarg.h>

#include "sp_internal.h"
#include "sp_trace.h"

static void sp_notify_next_lu(struct sp_host *sp, u8 path, u8 target, u8 lun)
{
	struct sp_lu *lu = sp_lu_find(sp, path, target, lun);

	sp->ready = true;
	if (!lu) {
		sp_warn_rl(sp, "NextLuRequest for unknown LU %u:%u:%u\n",
			   path, target, lun);
		return;
	}
	lu->busy = false;
	lu->blocker = NULL;
}

static void sp_notify_complete(struct sp_host *sp, PSCSI_REQUEST_BLOCK srb)
{
	struct sp_cmd *c = sp_cmd_from_srb(sp, srb);

	if (unlikely(!c)) {
		if (sp_slot_unpark(sp, srb)) {
			sp_warn_rl(sp, "late RequestComplete of SRB %p after a reset: slot freed\n",
				   srb);
			return;
		}
		sp->stats.bad_completions++;
		sp_warn_rl(sp, "RequestComplete refused: SRB %p is not outstanding\n",
			   srb);
		return;
	}
	sp_srb_completed(sp, c);
}

/* One notification, its arguments taken off the caller's va_list (@arg). */
VISIBLE_IF_KUNIT void sp_notify(SCSI_NOTIFICATION_TYPE NotificationType,
				PVOID HwDeviceExtension, const u64 *arg)
{
	struct sp_host *sp;
	u8 path, target, lun;
	PHW_INTERRUPT cb;
	PHW_TIMER tfn;
	PLARGE_INTEGER tick;
	ULONG usecs;

	KUNIT_STATIC_STUB_REDIRECT(sp_notify, NotificationType, HwDeviceExtension,
				   arg);
	sp = sp_from_ext(HwDeviceExtension);

	if (unlikely(!sp)) {
		pr_err_ratelimited(SP_NAME ": %s(%d): invalid device extension %p\n",
				   "ScsiPortNotification", NotificationType, HwDeviceExtension);
		return;
	}
	if (unlikely(!sp->in_call)) {
		/*
		 * Windows takes a timer request from HwFindAdapter too; the
		 * HwTimer runs once the adapter is initialized.
		 */
		if (sp->finding && NotificationType == RequestTimerCall) {
			if (sp_note_once(sp, SP_NOTE_FIND_TIMER))
				sp_info(sp, "RequestTimerCall from HwFindAdapter: the timer runs after HwInitialize, as on Windows\n");
		} else {
			sp_err_rl(sp, "%s(%d) outside a miniport routine, ignored\n",
				  "ScsiPortNotification", NotificationType);
			return;
		}
	}
	trace_scsiport_notify(sp->shost->host_no, NotificationType);

	switch (NotificationType) {
	case RequestComplete:
		sp_notify_complete(sp, (PSCSI_REQUEST_BLOCK)(uintptr_t)arg[0]);
		break;
	case NextRequest:
		sp->ready = true;
		break;
	case NextLuRequest:
		path = (u8)arg[0];
		target = (u8)arg[1];
		lun = (u8)arg[2];
		sp_notify_next_lu(sp, path, target, lun);
		break;
	case ResetDetected:
		sp->stats.resets_detected++;
		set_bit(SP_EV_RESET, &sp->events);
		schedule_work(&sp->event_work);
		break;
	case CallEnableInterrupts:
		cb = (PHW_INTERRUPT)(uintptr_t)arg[0];
		if (!cb) {
			sp_err_rl(sp, "CallEnableInterrupts without a callback, ignored\n");
			break;
		}
		sp->enable_cb = cb;
		sp->cb_request = true;
		break;
	case CallDisableInterrupts:
		cb = (PHW_INTERRUPT)(uintptr_t)arg[0];
		if (!sp->in_callback) {
			sp_err_rl(sp, "CallDisableInterrupts outside the callback pair, ignored\n");
			break;
		}
		sp->disable_cb = cb;
		break;
	case RequestTimerCall:
		tfn = (PHW_TIMER)(uintptr_t)arg[0];
		usecs = (ULONG)arg[1];
		sp_timer_request(sp, tfn, usecs);
		break;
	case QueryTickCount:
		tick = (PLARGE_INTEGER)(uintptr_t)arg[0];
		if (tick)
			tick->QuadPart = get_jiffies_64();
		break;
	case BusChangeDetected:
		path = (u8)arg[0];
		set_bit(SP_EV_BUS_CHANGE, &sp->events);
		schedule_work(&sp->event_work);
		break;
	default:
		sp_err_rl(sp, "%s type %d is not supported, ignored\n",
			  "ScsiPortNotification", NotificationType);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(sp_notify);

/*
 * The arguments of @type from @ap, a va_list of either convention (va_arg
 * is the compiler's builtin for both), into @a: none has more than three.
 */
#define SP_NOTIFY_ARGS(type, ap, a)					\
	do {								\
		typeof(ap) *ap_ = &(ap);				\
		u64 *a_ = (a);						\
									\
		switch (type) {						\
		case RequestComplete:					\
		case CallEnableInterrupts:				\
		case CallDisableInterrupts:				\
		case QueryTickCount:					\
			a_[0] = (uintptr_t)va_arg(*ap_, void *);	\
			break;						\
		case RequestTimerCall:					\
			a_[0] = (uintptr_t)va_arg(*ap_, void *);	\
			a_[1] = va_arg(*ap_, ULONG);			\
			break;						\
		case NextLuRequest:					\
			a_[0] = va_arg(*ap_, int);			\
			a_[1] = va_arg(*ap_, int);			\
			a_[2] = va_arg(*ap_, int);			\
			break;						\
		case BusChangeDetected:					\
			a_[0] = va_arg(*ap_, int);			\
			break;						\
		default:						\
			break;						\
		}							\
	} while (0)

/**
 * ScsiPortNotification() - a miniport reports an event to the port driver
 * @NotificationType: what happened, a SCSI_NOTIFICATION_TYPE
 * @HwDeviceExtension: the adapter's device extension
 *
 * The remaining arguments depend on @NotificationType:
 * RequestComplete (PSCSI_REQUEST_BLOCK), NextRequest (none), NextLuRequest
 * (UCHAR PathId, TargetId, Lun), ResetDetected (none), CallEnableInterrupts
 * and CallDisableInterrupts (PHW_INTERRUPT callback), RequestTimerCall
 * (PHW_TIMER, ULONG microseconds; 0 cancels), BusChangeDetected (UCHAR
 * PathId), QueryTickCount (PLARGE_INTEGER, receives jiffies).  The WMI,
 * link, buffer overrun and trace notifications are refused with a message.
 *
 * Context: only from a miniport routine the shim called (any context);
 * RequestTimerCall also from HwFindAdapter.
 */
VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
			  PVOID HwDeviceExtension, ...)
{
	u64 arg[3] = { 0 };
	va_list ap;

	va_start(ap, HwDeviceExtension);
	SP_NOTIFY_ARGS(NotificationType, ap, arg);
	va_end(ap);
	sp_notify(NotificationType, HwDeviceExtension, arg);
}
EXPORT_SYMBOL_GPL(ScsiPortNotification);

/**
 * spw_ScsiPortNotification() - ScsiPortNotification() for Windows code
 * @NotificationType: as ScsiPortNotification()
 * @HwDeviceExtension: as ScsiPortNotification()
 *
 * The same, with the Microsoft x64 convention and its va_list (sp_abi.h).
 */
VOID SP_MSABI spw_ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
				       PVOID HwDeviceExtension, ...)
{
	u64 arg[3] = { 0 };
	__builtin_ms_va_list ap;

	__builtin_ms_va_start(ap, HwDeviceExtension);
	SP_NOTIFY_ARGS(NotificationType, ap, arg);
	__builtin_ms_va_end(ap);
	sp_notify(NotificationType, HwDeviceExtension, arg);
}
EXPORT_SYMBOL_GPL(spw_ScsiPortNotification);
