/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calling convention at the boundary with a miniport.
 *
 * A miniport built as today (gcc, LP64) follows the kernel's convention; a
 * miniport built as Windows code (make miniport ABI=windows: clang, LLP64)
 * follows the Microsoft x64 one.  The shim serves both from one
 * implementation: a Windows-code miniport imports the spw_* routines of
 * sp_winabi.c and sp_winrt.c (its imports are renamed so at build time),
 * which take the Microsoft convention and call the ScsiPort routines; and
 * every call into a miniport goes through sp_hw_call() below, which picks
 * the convention its module was built with (struct sp_host @win).
 */
#ifndef SP_ABI_H
#define SP_ABI_H

#include "srb.h"

/* A routine that takes and returns arguments the Microsoft x64 way. */
#define SP_MSABI	__attribute__((ms_abi))

/*
 * The miniport's routines as Windows code has them: never defined, their
 * types are what sp_hw_call() casts to.
 */
BOOLEAN SP_MSABI spw_sig_ext_bool(PVOID DeviceExtension);
VOID SP_MSABI spw_sig_ext_void(PVOID DeviceExtension);
BOOLEAN SP_MSABI spw_sig_start_io(PVOID DeviceExtension,
				  PSCSI_REQUEST_BLOCK Srb);
BOOLEAN SP_MSABI spw_sig_reset_bus(PVOID DeviceExtension, ULONG PathId);
ULONG SP_MSABI spw_sig_find_adapter(PVOID DeviceExtension, PVOID HwContext,
				    PVOID BusInformation, PCHAR ArgumentString,
				    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
				    PBOOLEAN Again);
SCSI_ADAPTER_CONTROL_STATUS SP_MSABI
spw_sig_adapter_control(PVOID DeviceExtension,
			SCSI_ADAPTER_CONTROL_TYPE ControlType,
			PVOID Parameters);

/* The variadic routines of the Windows surface (sp_notify.c, sp_misc.c). */
VOID SP_MSABI spw_ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
				       PVOID HwDeviceExtension, ...);
VOID SP_MSABI spw_ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage,
				 ...);

/* The run-time of Windows-code miniports (sp_winrt.c), besides SPW_THUNK()s. */

int SP_MSABI spw_sp_crt_vsnprintf(char *buf, size_t count, const char *fmt,
				  __builtin_ms_va_list ap);

int SP_MSABI spw_sp_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt,
				     __builtin_ms_va_list ap);

int SP_MSABI spw_sp_crt_snprintf(char *buf, size_t count, const char *fmt, ...);

int SP_MSABI spw_sp_crt_ms_snprintf(char *buf, size_t count, const char *fmt,
				    ...);

int SP_MSABI spw_sp_crt_sprintf(char *buf, const char *fmt, ...);
ULONG SP_MSABI spw_DbgPrint(PCCHAR Format, ...);
VOID SP_MSABI spw_KeStallExecutionProcessor(ULONG MicroSeconds);
VOID SP_MSABI spw_KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
LARGE_INTEGER SP_MSABI spw_KeQueryPerformanceCounter(PLARGE_INTEGER Frequency);
VOID SP_MSABI spw_KeQueryTickCount(PLARGE_INTEGER TickCount);

ULONG SP_MSABI spw_KeQueryTimeIncrement(void);
VOID SP_MSABI spw_RtlZeroMemory(PVOID Destination, size_t Length);

VOID SP_MSABI spw_RtlFillMemory(PVOID Destination, size_t Length, UCHAR Fill);

VOID SP_MSABI spw_RtlCopyMemory(PVOID Destination, const VOID *Source,
				size_t Length);

VOID SP_MSABI spw_RtlMoveMemory(PVOID Destination, const VOID *Source,
				size_t Length);
size_t SP_MSABI spw_RtlCompareMemory(const VOID *Source1, const VOID *Source2,
				     size_t Length);
/* sp_mm.c */
PHYSICAL_ADDRESS SP_MSABI spw_MmGetPhysicalAddress(PVOID BaseAddress);

/*
 * Call miniport routine @fn with the convention of its module: @win true
 * for Windows code, whose type is that of @sig (a spw_sig_* above).  One
 * predictable branch.
 * The shim is built with -fno-tree-tail-merge (shim/Kbuild): gcc 12 merges
 * the two calls otherwise, as if the convention were not part of the type.
 */
#define sp_hw_call(win, fn, sig, ...)					\
	({								\
		typeof(fn) fn_ = (fn);					\
									\
		(win) ? ((typeof(sig) *)fn_)(__VA_ARGS__) :		\
			fn_(__VA_ARGS__);				\
	})

#endif /* SP_ABI_H */
