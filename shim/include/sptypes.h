/*
 * sptypes.h - base type layer of the ScsiPort shim's Windows-style API.
 *
 * Every other header in this directory builds on the names defined here.
 * The model is LLP64, as on 64-bit Windows: LONG and ULONG are 32 bits wide
 * (int / unsigned int, never the 64-bit Linux "long"), LONGLONG is 64 bits,
 * and only the *_PTR / SIZE_T types follow the pointer width.
 *
 * Only compiler built-in types and predefined macros are used, so the file
 * compiles with -nostdinc inside the kernel as well as with a plain
 * userspace compiler.  Nothing here may collide with a Linux kernel name;
 * the few generic macros (NULL, TRUE, FALSE, IN, OUT, ...) are only
 * defined when nobody defined them before.
 */
#ifndef SCSIPORT_SHIM_SPTYPES_H
#define SCSIPORT_SHIM_SPTYPES_H

/* ------------------------------------------------------------------ */
/* Parameter annotations: documentation only, they expand to nothing.  */
/* ------------------------------------------------------------------ */

#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif

/* The SAL subset that miniport sources written for newer WDKs carry. */
#ifndef _In_
#define _In_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _In_z_
#define _In_z_
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(size)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(size)
#endif
#ifndef _In_reads_
#define _In_reads_(count)
#endif
#ifndef _Out_writes_
#define _Out_writes_(count)
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif

/* Calling-convention and linkage decorations: no meaning on Linux. */
#ifndef SCSIPORT_API
#define SCSIPORT_API
#endif
#ifndef NTAPI
#define NTAPI
#endif

/* ------------------------------------------------------------------ */
/* Scalar types                                                        */
/* ------------------------------------------------------------------ */

#ifndef VOID
#define VOID void
#endif

typedef char CHAR;
typedef unsigned char UCHAR;
typedef char CCHAR;
typedef short SHORT;
typedef unsigned short USHORT;
typedef short CSHORT;
typedef int INT;
typedef unsigned int UINT;
/*
 * 32 bits in both data models.  Windows code (LLP64) spells them long, as
 * Windows' headers do, so a LONG is the type its compiler's intrinsics and
 * formats expect; in Linux code (LP64) long is 64 bits, so int.
 */
#if defined(_MSC_VER)
typedef long LONG;
typedef unsigned long ULONG;
#else
typedef int LONG;
typedef unsigned int ULONG;
#endif
typedef ULONG CLONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef int LONG32;
typedef unsigned int ULONG32;
typedef long long LONG64;
typedef unsigned long long ULONG64;

typedef unsigned char BOOLEAN;
typedef unsigned short WCHAR;		/* UTF-16 code unit, not wchar_t */

/* Integers as wide as a pointer (32 or 64 bits, like the pointer). */
typedef __INTPTR_TYPE__ LONG_PTR;
typedef __UINTPTR_TYPE__ ULONG_PTR;
typedef __INTPTR_TYPE__ INT_PTR;
typedef __UINTPTR_TYPE__ UINT_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR KAFFINITY;

typedef LONG NTSTATUS;

/* ------------------------------------------------------------------ */
/* Pointer types                                                       */
/* ------------------------------------------------------------------ */

typedef void *PVOID;
typedef void *PVOID64;
typedef PVOID HANDLE;
typedef HANDLE *PHANDLE;

typedef CHAR *PCHAR;
typedef UCHAR *PUCHAR;
typedef CCHAR *PCCHAR;
typedef SHORT *PSHORT;
typedef USHORT *PUSHORT;
typedef INT *PINT;
typedef UINT *PUINT;
typedef LONG *PLONG;
typedef ULONG *PULONG;
typedef LONGLONG *PLONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef LONG_PTR *PLONG_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef SIZE_T *PSIZE_T;
typedef BOOLEAN *PBOOLEAN;
typedef NTSTATUS *PNTSTATUS;

typedef CHAR *PSTR;
typedef CHAR *PSZ;
typedef const CHAR *PCSTR;
typedef const CHAR *PCSZ;
typedef WCHAR *PWCHAR;
typedef WCHAR *PWSTR;
typedef const WCHAR *PCWSTR;

/* ------------------------------------------------------------------ */
/* 64-bit quantities that can also be seen as two 32-bit halves        */
/* ------------------------------------------------------------------ */

typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	};
	struct {
		ULONG LowPart;
		ULONG HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* A globally unique identifier (GPT partition types, WMI classes). */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID, *PGUID;
#endif

/* Bus-relative or CPU physical address. */
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* The OS-neutral spelling that the ScsiPort routines use. */
typedef PHYSICAL_ADDRESS SCSI_PHYSICAL_ADDRESS, *PSCSI_PHYSICAL_ADDRESS;

/* ------------------------------------------------------------------ */
/* Constants and helper macros                                         */
/* ------------------------------------------------------------------ */

#ifndef NULL
#define NULL ((void *)0)
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Declared size of a trailing array that really has a variable length. */
#define ANYSIZE_ARRAY 1

/* Byte offset of a member, as a LONG (a constant expression). */
#define FIELD_OFFSET(type, field) ((LONG)__builtin_offsetof(type, field))

/* From the address of a member back to the structure that holds it. */
#define CONTAINING_RECORD(address, type, field) \
	((type *)((PCHAR)(address) - (ULONG_PTR)__builtin_offsetof(type, field)))

/* TRUE when an optional pointer argument was supplied. */
#define ARGUMENT_PRESENT(ArgumentPointer) \
	((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)0)

/*
 * Silences "unused parameter" diagnostics.  Windows expands this to the bare
 * name; the cast to void avoids gcc's "statement with no effect" instead.
 */
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#endif

/* Compile-time assertion usable at file or block scope. */
#ifndef C_ASSERT
#define C_ASSERT(e) _Static_assert(e, #e)
#endif

/* ------------------------------------------------------------------ */
/* NTSTATUS: severity in the top two bits, negative means failure      */
/* ------------------------------------------------------------------ */

#define NT_SUCCESS(Status)	(((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status)	((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)	((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)	((((ULONG)(Status)) >> 30) == 3)

/* The values ScsiPortInitialize can hand back to the DriverEntry caller. */
#define STATUS_SUCCESS			((NTSTATUS)0x00000000)
#define STATUS_UNSUCCESSFUL		((NTSTATUS)0xC0000001)
#define STATUS_INVALID_PARAMETER	((NTSTATUS)0xC000000D)
#define STATUS_NO_SUCH_DEVICE		((NTSTATUS)0xC000000E)
#define STATUS_REVISION_MISMATCH	((NTSTATUS)0xC0000059)
#define STATUS_INSUFFICIENT_RESOURCES	((NTSTATUS)0xC000009A)
#define STATUS_DEVICE_DOES_NOT_EXIST	((NTSTATUS)0xC00000C0)
#define STATUS_BAD_DEVICE_TYPE		((NTSTATUS)0xC00000CB)

/* Target version: _WIN32_WINNT and NTDDI_VERSION, as a WDK defaults them. */
#include "sdkddkver.h"

#endif /* SCSIPORT_SHIM_SPTYPES_H */
