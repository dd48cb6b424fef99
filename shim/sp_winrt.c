// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-mode run-time a miniport built as Windows code imports besides
 * SCSIPORT.SYS: the C library's memory and string routines, the printf
 * family of shim/include/crt, DbgPrint, the Ke time routines and the Rtl
 * memory routines.  Each is spw_<name>, with the Microsoft x64 convention,
 * mapped onto the kernel's own routine (Documentation/api-mapping.rst);
 * the build renames the miniport's import <name> to it, and refuses an
 * import that is neither here nor in sp_winabi.c.
 *
 * The C library routines that pass their arguments unchanged are in the
 * generated sp_winabi.c.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "sp_internal.h"

/* The printf family of Windows code: its va_list is the Microsoft one. */
static int spw_format(char *buf, size_t count, const char *fmt,
		      __builtin_ms_va_list ap)
{
	char f[256];

	if (!buf || !fmt || !count)
		return -1;
	sp_translate_format(fmt, f, sizeof(f));
	return sp_ms_vformat(buf, count, f, ap);
}

int SP_MSABI spw_sp_crt_vsnprintf(char *buf, size_t count, const char *fmt,
				  __builtin_ms_va_list ap)
{
	return spw_format(buf, count, fmt, ap);
}
EXPORT_SYMBOL_GPL(spw_sp_crt_vsnprintf);
int SP_MSABI spw_sp_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt,
				     __builtin_ms_va_list ap)
{
	int n = spw_format(buf, count, fmt, ap);

	return n < 0 || (size_t)n + 1 >= count ? -1 : n;
}
EXPORT_SYMBOL_GPL(spw_sp_crt_ms_vsnprintf);
int SP_MSABI spw_sp_crt_snprintf(char *buf, size_t count, const char *fmt, ...)
{
	__builtin_ms_va_list ap;
	int n;

	__builtin_ms_va_start(ap, fmt);
	n = spw_format(buf, count, fmt, ap);
	__builtin_ms_va_end(ap);
	return n;
}
EXPORT_SYMBOL_GPL(spw_sp_crt_snprintf);
int SP_MSABI spw_sp_crt_ms_snprintf(char *buf, size_t count, const char *fmt,
				    ...)
{
	__builtin_ms_va_list ap;
	int n;

	__builtin_ms_va_start(ap, fmt);
	n = spw_format(buf, count, fmt, ap);
	__builtin_ms_va_end(ap);
	return n < 0 || (size_t)n + 1 >= count ? -1 : n;
}
EXPORT_SYMBOL_GPL(spw_sp_crt_ms_snprintf);
int SP_MSABI spw_sp_crt_sprintf(char *buf, const char *fmt, ...)
{
	__builtin_ms_va_list ap;
	int n;

	/* no size from the caller: as sp_crt_sprintf(), at most a page */
	__builtin_ms_va_start(ap, fmt);
	n = spw_format(buf, PAGE_SIZE, fmt, ap);
	__builtin_ms_va_end(ap);
	return n;
}
EXPORT_SYMBOL_GPL(spw_sp_crt_sprintf);

/**
 * spw_DbgPrint() - DbgPrint: a line in the kernel log
 * @Format: Windows printf format
 *
 * Unlike ScsiDebugPrint (dynamic debug), DbgPrint output is always shown,
 * at KERN_INFO, as Windows shows it whenever a debugger listens.
 *
 * Return: STATUS_SUCCESS.
 */
ULONG SP_MSABI spw_DbgPrint(PCCHAR Format, ...)
{
	char msg[256];
	__builtin_ms_va_list ap;

	if (!Format)
		return STATUS_SUCCESS;
	__builtin_ms_va_start(ap, Format);
	spw_format(msg, sizeof(msg), Format, ap);
	__builtin_ms_va_end(ap);
	pr_info_ratelimited("miniport: %s%s", msg,
			    strchr(msg, '\n') ? "" : "\n");
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(spw_DbgPrint);

/* Ke: time */

/* KeStallExecutionProcessor: as ScsiPortStallExecution (udelay, capped) */
VOID SP_MSABI spw_KeStallExecutionProcessor(ULONG MicroSeconds)
{
	ScsiPortStallExecution(MicroSeconds);
}
EXPORT_SYMBOL_GPL(spw_KeStallExecutionProcessor);

/* KeQuerySystemTime: as ScsiPortQuerySystemTime (100 ns since 1601) */
VOID SP_MSABI spw_KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	ScsiPortQuerySystemTime(CurrentTime);
}
EXPORT_SYMBOL_GPL(spw_KeQuerySystemTime);

/* The performance counter: ktime in ns, at 1 GHz. */
LARGE_INTEGER SP_MSABI spw_KeQueryPerformanceCounter(PLARGE_INTEGER Frequency)
{
	LARGE_INTEGER now;

	if (Frequency)
		Frequency->QuadPart = NSEC_PER_SEC;
	now.QuadPart = ktime_get_ns();
	return now;
}
EXPORT_SYMBOL_GPL(spw_KeQueryPerformanceCounter);

/* KeQueryTickCount: jiffies; KeQueryTimeIncrement: a jiffy in 100 ns */
VOID SP_MSABI spw_KeQueryTickCount(PLARGE_INTEGER TickCount)
{
	if (TickCount)
		TickCount->QuadPart = get_jiffies_64();
}
EXPORT_SYMBOL_GPL(spw_KeQueryTickCount);
ULONG SP_MSABI spw_KeQueryTimeIncrement(void)
{
	return NSEC_PER_SEC / HZ / 100;
}
EXPORT_SYMBOL_GPL(spw_KeQueryTimeIncrement);

/* Rtl: memory (macros over the C library in Windows' headers, or imports) */
VOID SP_MSABI spw_RtlZeroMemory(PVOID Destination, size_t Length)
{
	memset(Destination, 0, Length);
}
EXPORT_SYMBOL_GPL(spw_RtlZeroMemory);
VOID SP_MSABI spw_RtlFillMemory(PVOID Destination, size_t Length, UCHAR Fill)
{
	memset(Destination, Fill, Length);
}
EXPORT_SYMBOL_GPL(spw_RtlFillMemory);
VOID SP_MSABI spw_RtlCopyMemory(PVOID Destination, const VOID *Source,
				size_t Length)
{
	memcpy(Destination, Source, Length);
}
EXPORT_SYMBOL_GPL(spw_RtlCopyMemory);
VOID SP_MSABI spw_RtlMoveMemory(PVOID Destination, const VOID *Source,
				size_t Length)
{
	memmove(Destination, Source, Length);
}
EXPORT_SYMBOL_GPL(spw_RtlMoveMemory);

/* RtlCompareMemory: the length of the equal prefix */
size_t SP_MSABI spw_RtlCompareMemory(const VOID *Source1, const VOID *Source2,
				     size_t Length)
{
	const u8 *a = Source1, *b = Source2;
	size_t i;

	for (i = 0; i < Length && a[i] == b[i]; i++)
		;
	return i;
}
EXPORT_SYMBOL_GPL(spw_RtlCompareMemory);
