// SPDX-License-Identifier: GPL-2.0
/*
 * The small ScsiPort services: stalls, memory moves, address conversions,
 * system time, error logging, debug printing, and the slave-DMA routines
 * that have no meaning here and are refused.
 */
#include <linux/delay.h>
#include <linux/export.h>
#include <linux/ktime.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include "sp_internal.h"

/* Longest stall that is silently accepted (Windows asks for < 1 ms). */
#define SP_LONG_STALL_US	10000

/**
 * ScsiPortStallExecution() - busy-wait
 * @Delay: microseconds
 *
 * Runs in any context (it is a busy wait, as on Windows); a stall longer
 * than 10 ms is reported once, since it spins with the port lock held.
 */
VOID ScsiPortStallExecution(ULONG Delay)
{
	if (Delay > SP_LONG_STALL_US)
		pr_warn_once(SP_NAME ": a miniport stalls for %u us (%ps); keep stalls short\n",
			     Delay, __builtin_return_address(0));
	while (Delay > 1000) {
		mdelay(1);
		Delay -= 1000;
	}
	udelay(Delay);
}
EXPORT_SYMBOL_GPL(ScsiPortStallExecution);

/**
 * ScsiPortMoveMemory() - copy memory; the ranges may overlap
 * @WriteBuffer: destination
 * @ReadBuffer: source
 * @Length: bytes
 *
 * Miniports move whole data blocks with it (a RAM disk's reads and writes,
 * bounce copies), almost always between ranges that do not overlap.  Those
 * go to memcpy(), which picks the copy loop the CPU is fastest with;
 * x86's memmove() uses "rep movsb" on every CPU with ERMS, which is slow to
 * start on many and crawls under emulation.
 */
VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
	uintptr_t dst = (uintptr_t)WriteBuffer, src = (uintptr_t)ReadBuffer;

	if (dst + Length <= src || src + Length <= dst)
		memcpy(WriteBuffer, ReadBuffer, Length);
	else
		memmove(WriteBuffer, ReadBuffer, Length);
}
EXPORT_SYMBOL_GPL(ScsiPortMoveMemory);

/**
 * ScsiPortConvertUlongToPhysicalAddress() - widen an address
 * @UlongAddress: the address
 *
 * Return: it as a SCSI_PHYSICAL_ADDRESS.
 */
SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress)
{
	SCSI_PHYSICAL_ADDRESS pa;

	pa.QuadPart = UlongAddress;
	return pa;
}
EXPORT_SYMBOL_GPL(ScsiPortConvertUlongToPhysicalAddress);

/**
 * ScsiPortConvertPhysicalAddressToUlong() - low 32 bits of an address
 * @Address: the address
 *
 * Return: Address.LowPart.
 */
ULONG ScsiPortConvertPhysicalAddressToUlong(SCSI_PHYSICAL_ADDRESS Address)
{
	return Address.LowPart;
}
EXPORT_SYMBOL_GPL(ScsiPortConvertPhysicalAddressToUlong);

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define SP_EPOCH_DELTA	116444736000000000LL

/**
 * ScsiPortQuerySystemTime() - the current time, Windows style
 * @CurrentTime: receives 100 ns units since January 1, 1601 (UTC)
 */
VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	if (CurrentTime)
		CurrentTime->QuadPart = div_s64(ktime_get_real_ns(), 100) +
					SP_EPOCH_DELTA;
}
EXPORT_SYMBOL_GPL(ScsiPortQuerySystemTime);

static const char *sp_error_name(ULONG code)
{
	switch (code) {
	case SP_BUS_PARITY_ERROR:
		return "bus parity error";
	case SP_UNEXPECTED_DISCONNECT:
		return "unexpected disconnect";
	case SP_INVALID_RESELECTION:
		return "invalid reselection";
	case SP_BUS_TIME_OUT:
		return "bus time-out";
	case SP_PROTOCOL_ERROR:
		return "protocol error";
	case SP_INTERNAL_ADAPTER_ERROR:
		return "internal adapter error";
	case SP_REQUEST_TIMEOUT:
		return "request time-out";
	case SP_IRQ_NOT_RESPONDING:
		return "interrupt not responding";
	case SP_BAD_FW_WARNING:
		return "bad firmware (warning)";
	case SP_BAD_FW_ERROR:
		return "bad firmware (error)";
	case SP_LOST_WMI_MINIPORT_REQUEST:
		return "lost WMI request";
	default:
		return "miniport-defined error";
	}
}

/**
 * ScsiPortLogError() - record an adapter error in the kernel log
 * @HwDeviceExtension: the adapter's device extension
 * @Srb: the SRB concerned, or NULL
 * @PathId: bus
 * @TargetId: target
 * @Lun: logical unit
 * @ErrorCode: SP_* error code
 * @UniqueId: miniport-chosen value identifying the place it was logged from
 */
VOID ScsiPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
		      UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG ErrorCode,
		      ULONG UniqueId)
{
	struct sp_host *sp;

	KUNIT_STATIC_STUB_REDIRECT(ScsiPortLogError, HwDeviceExtension, Srb, PathId,
				   TargetId, Lun, ErrorCode, UniqueId);
	sp = sp_from_ext(HwDeviceExtension);

	if (!sp) {
		pr_err_ratelimited(SP_NAME ": %s(0x%x, 0x%x) from an unknown adapter\n",
				   __func__, ErrorCode, UniqueId);
		return;
	}
	if (Srb)
		sp_err_rl(sp, "miniport error at %u:%u:%u: %s (code 0x%x, id 0x%x, cdb 0x%02x)\n",
			  PathId, TargetId, Lun, sp_error_name(ErrorCode),
			  ErrorCode, UniqueId, Srb->Cdb[0]);
	else
		sp_err_rl(sp, "miniport error at %u:%u:%u: %s (code 0x%x, id 0x%x)\n",
			  PathId, TargetId, Lun, sp_error_name(ErrorCode),
			  ErrorCode, UniqueId);
}
EXPORT_SYMBOL_GPL(ScsiPortLogError);

/*
 * Rewrite a Windows printf format for the kernel's vsnprintf: under LLP64 an
 * "l" length modifier is 32 bits, "I64" is 64 bits, "I32" 32 and "I" the
 * pointer size; the wide/counted string and character conversions (%S %ws
 * %ls %lc %Z %wZ) become %p, consuming their argument.
 */
void sp_translate_format(const char *in, char *out, size_t size)
{
	size_t o = 0;

	if (!size)
		return;
	while (*in && o + 4 < size) {
		if (*in != '%') {
			out[o++] = *in++;
			continue;
		}
		out[o++] = *in++;
		if (*in == '%') {
			out[o++] = *in++;
			continue;
		}
		/* flags, width, precision */
		while (*in && strchr("-+ #0123456789.*", *in) && o + 4 < size)
			out[o++] = *in++;
		if (!strncmp(in, "I64", 3) || !strncmp(in, "ll", 2)) {
			out[o++] = 'l';
			out[o++] = 'l';
			in += in[0] == 'I' ? 3 : 2;
		} else if (*in == 'l' && (in[1] == 's' || in[1] == 'c')) {
			in += 2;	/* wide string or character */
			out[o++] = 'p';
			continue;
		} else if (!strncmp(in, "I32", 3)) {
			in += 3;
		} else if (*in == 'I') {
			in++;		/* pointer-sized: long here */
			out[o++] = 'l';
		} else if (*in == 'l') {
			in++;		/* 32 bits under LLP64: int */
		} else if (*in == 'w' || *in == 'S' || *in == 'Z') {
			if (*in == 'w')
				in++;
			if (*in == 'S' || *in == 's' || *in == 'Z')
				in++;
			out[o++] = 'p';
			continue;
		}
		if (*in)
			out[o++] = *in++;
	}
	out[o] = '\0';
}
EXPORT_SYMBOL_IF_KUNIT(sp_translate_format);

/**
 * ScsiDebugPrint() - debug output of a miniport
 * @DebugPrintLevel: verbosity level (printed, not filtered)
 * @DebugMessage: Windows printf-style format
 *
 * Goes to dynamic debug: enable with
 * ``echo 'func ScsiDebugPrint +p' > /sys/kernel/debug/dynamic_debug/control``.
 */
VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...)
{
	char fmt[256];
	struct va_format vaf;
	va_list ap;
	char *nl;

	if (!DebugMessage)
		return;
	sp_translate_format(DebugMessage, fmt, sizeof(fmt));
	/*
	 * One console line per message: a line break inside it would start a
	 * line of the miniport's text at the left margin, where the kernel's
	 * own reports ("WARNING: ...") are recognised.
	 */
	for (nl = strchr(fmt, '\n'); nl && nl[1]; nl = strchr(nl, '\n'))
		*nl = ' ';
	va_start(ap, DebugMessage);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_debug("miniport[%u]: %pV", DebugPrintLevel, &vaf);
	va_end(ap);
}
EXPORT_SYMBOL_GPL(ScsiDebugPrint);

/**
 * spw_ScsiDebugPrint() - ScsiDebugPrint() for Windows code
 * @DebugPrintLevel: verbosity level (printed, not filtered)
 * @DebugMessage: Windows printf-style format
 *
 * The same, with the Microsoft x64 convention: its arguments are formatted
 * by sp_ms_vformat(), one conversion at a time.
 */
VOID SP_MSABI spw_ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage,
				 ...)
{
	char fmt[256], msg[256];
	__builtin_ms_va_list ap;
	char *nl;

	if (!DebugMessage)
		return;
	sp_translate_format(DebugMessage, fmt, sizeof(fmt));
	__builtin_ms_va_start(ap, DebugMessage);
	sp_ms_vformat(msg, sizeof(msg), fmt, ap);
	__builtin_ms_va_end(ap);
	/* one console line per message, as ScsiDebugPrint() */
	for (nl = strchr(msg, '\n'); nl && nl[1]; nl = strchr(nl, '\n'))
		*nl = ' ';
	pr_debug("miniport[%u]: %s", DebugPrintLevel, msg);
}
EXPORT_SYMBOL_GPL(spw_ScsiDebugPrint);

/**
 * ScsiPortFlushDma() - not supported: slave (system DMA controller) DMA
 * @DeviceExtension: the adapter's device extension
 *
 * There is no system DMA controller for a PCI or software adapter.  The
 * call is refused with a message and has no effect.
 */
VOID ScsiPortFlushDma(PVOID DeviceExtension)
{
	pr_err_ratelimited(SP_NAME ": %s is not supported: no system (slave) DMA controller\n",
			   __func__);
}
EXPORT_SYMBOL_GPL(ScsiPortFlushDma);

/**
 * ScsiPortIoMapTransfer() - not supported: slave (system DMA controller) DMA
 * @HwDeviceExtension: the adapter's device extension
 * @Srb: the SRB
 * @LogicalAddress: start of the transfer in the data buffer
 * @Length: its length
 *
 * Refused with a message; HwDmaStarted is never called.  A miniport that
 * relies on it must complete @Srb itself (the midlayer's timeout will
 * otherwise abort it).
 */
VOID ScsiPortIoMapTransfer(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
			   PVOID LogicalAddress, ULONG Length)
{
	struct sp_host *sp = sp_from_ext(HwDeviceExtension);

	if (sp)
		sp_err_rl(sp, "%s is not supported (no slave DMA); SRB %p not started\n",
			  __func__, Srb);
}
EXPORT_SYMBOL_GPL(ScsiPortIoMapTransfer);
