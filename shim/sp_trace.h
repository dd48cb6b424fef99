/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of scsiport.ko (trace system "scsiport"):
 *   scsiport_start_io, scsiport_complete   - an SRB enters / leaves the miniport
 *   scsiport_interrupt                     - the hard handler ran HwInterrupt
 *   scsiport_callback_enter/leave          - the interrupt callback pair
 *   scsiport_notify                        - a ScsiPortNotification call
 *   scsiport_timer                         - an HwTimer call
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM scsiport

#if !defined(SP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define SP_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(scsiport_start_io,
	    TP_PROTO(unsigned int host, const void *srb, u8 function,
		     u8 opcode, u8 tag, u32 len),
	    TP_ARGS(host, srb, function, opcode, tag, len),
	    TP_STRUCT__entry(__field(unsigned int, host)
			     __field(const void *, srb)
			     __field(u8, function)
			     __field(u8, opcode)
			     __field(u8, tag)
			     __field(u32, len)),
	    TP_fast_assign(__entry->host = host;
			   __entry->srb = srb;
			   __entry->function = function;
			   __entry->opcode = opcode;
			   __entry->tag = tag;
			   __entry->len = len;),
	    TP_printk("host%u srb=%p function=0x%02x cdb0=0x%02x tag=%u len=%u",
		      __entry->host, __entry->srb, __entry->function,
		      __entry->opcode, __entry->tag, __entry->len)
);

TRACE_EVENT(scsiport_complete,
	    TP_PROTO(unsigned int host, const void *srb, u8 srb_status,
		     u8 scsi_status, int result),
	    TP_ARGS(host, srb, srb_status, scsi_status, result),
	    TP_STRUCT__entry(__field(unsigned int, host)
			     __field(const void *, srb)
			     __field(u8, srb_status)
			     __field(u8, scsi_status)
			     __field(int, result)),
	    TP_fast_assign(__entry->host = host;
			   __entry->srb = srb;
			   __entry->srb_status = srb_status;
			   __entry->scsi_status = scsi_status;
			   __entry->result = result;),
	    TP_printk("host%u srb=%p srb_status=0x%02x scsi_status=0x%02x result=0x%x",
		      __entry->host, __entry->srb, __entry->srb_status,
		      __entry->scsi_status, __entry->result)
);

TRACE_EVENT(scsiport_interrupt,
	    TP_PROTO(unsigned int host, bool claimed, bool wake),
	    TP_ARGS(host, claimed, wake),
	    TP_STRUCT__entry(__field(unsigned int, host)
			     __field(bool, claimed)
			     __field(bool, wake)),
	    TP_fast_assign(__entry->host = host;
			   __entry->claimed = claimed;
			   __entry->wake = wake;),
	    TP_printk("host%u claimed=%d wake_thread=%d",
		      __entry->host, __entry->claimed, __entry->wake)
);

/* which: 0 = HwScsiEnableInterruptsCallback, 1 = HwScsiDisableInterruptsCallback */
DECLARE_EVENT_CLASS(scsiport_callback,
		    TP_PROTO(unsigned int host, int which),
		    TP_ARGS(host, which),
		    TP_STRUCT__entry(__field(unsigned int, host)
				     __field(int, which)),
		    TP_fast_assign(__entry->host = host;
				   __entry->which = which;),
		    TP_printk("host%u %s", __entry->host,
			      __entry->which ? "DisableInterruptsCallback" :
					       "EnableInterruptsCallback")
);

DEFINE_EVENT(scsiport_callback, scsiport_callback_enter,
	     TP_PROTO(unsigned int host, int which),
	     TP_ARGS(host, which));

DEFINE_EVENT(scsiport_callback, scsiport_callback_leave,
	     TP_PROTO(unsigned int host, int which),
	     TP_ARGS(host, which));

TRACE_EVENT(scsiport_notify,
	    TP_PROTO(unsigned int host, int type),
	    TP_ARGS(host, type),
	    TP_STRUCT__entry(__field(unsigned int, host)
			     __field(int, type)),
	    TP_fast_assign(__entry->host = host;
			   __entry->type = type;),
	    TP_printk("host%u type=%d", __entry->host, __entry->type)
);

TRACE_EVENT(scsiport_timer,
	    TP_PROTO(unsigned int host, const void *fn),
	    TP_ARGS(host, fn),
	    TP_STRUCT__entry(__field(unsigned int, host)
			     __field(const void *, fn)),
	    TP_fast_assign(__entry->host = host;
			   __entry->fn = fn;),
	    TP_printk("host%u fn=%ps", __entry->host, __entry->fn)
);

#endif /* SP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE sp_trace
#include <trace/define_trace.h>
