// SPDX-License-Identifier: GPL-2.0
/*
 * The far side of the KUnit suite "scsiport_winabi": Windows code, compiled
 * by clang for the Microsoft x64 ABI (LLP64) against shim/include only, as
 * a miniport built SP_ABI=windows is (kunit/Kbuild, shim/winabi-cc.sh).
 * Its imports are renamed to the shim's spw_ routines like a miniport's.
 *
 * Peer* routines are called by sp_winabi_test.c, through the Microsoft
 * convention; they record what they received in PeerSeen, or call the
 * ScsiPort routines and report what came back.
 */
#include <stdio.h>

#include "miniport.h"
#include "srb.h"

#include "winabi_peer.h"

struct peer_seen PeerSeen;

/* The shape of HwFindAdapter: six arguments, the last two on the stack. */
ULONG PeerSix(PVOID A, PVOID B, PVOID C, PCHAR D,
	      PPORT_CONFIGURATION_INFORMATION E, PBOOLEAN F)
{
	PeerSeen.Arg[0] = (ULONGLONG)A;
	PeerSeen.Arg[1] = (ULONGLONG)B;
	PeerSeen.Arg[2] = (ULONGLONG)C;
	PeerSeen.Arg[3] = (ULONGLONG)D;
	PeerSeen.Arg[4] = (ULONGLONG)E;
	PeerSeen.Arg[5] = (ULONGLONG)F;
	PeerSeen.Calls++;
	return 0x600d0006;
}

/* HwStartIo, HwResetBus, HwAdapterControl, HwInterrupt, HwTimer shapes */
BOOLEAN PeerStartIo(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	PeerSeen.Arg[0] = (ULONGLONG)Ext;
	PeerSeen.Arg[1] = (ULONGLONG)Srb;
	PeerSeen.Calls++;
	return TRUE;
}

BOOLEAN PeerResetBus(PVOID Ext, ULONG PathId)
{
	PeerSeen.Arg[0] = (ULONGLONG)Ext;
	PeerSeen.Arg[1] = PathId;
	PeerSeen.Calls++;
	return PathId == 7;
}

SCSI_ADAPTER_CONTROL_STATUS PeerAdapterControl(PVOID Ext,
					       SCSI_ADAPTER_CONTROL_TYPE Type,
					       PVOID Parameters)
{
	PeerSeen.Arg[0] = (ULONGLONG)Ext;
	PeerSeen.Arg[1] = Type;
	PeerSeen.Arg[2] = (ULONGLONG)Parameters;
	PeerSeen.Calls++;
	return ScsiAdapterControlSuccess;
}

/*
 * The enable and disable callbacks of a pair: each records its device
 * extension and the order it ran in.
 */
BOOLEAN PeerEnable(PVOID Ext)
{
	PeerSeen.Arg[0] = (ULONGLONG)Ext;
	PeerSeen.Order = PeerSeen.Order * 10 + 1;
	PeerSeen.Calls++;
	return TRUE;
}

BOOLEAN PeerDisable(PVOID Ext)
{
	PeerSeen.Arg[1] = (ULONGLONG)Ext;
	PeerSeen.Order = PeerSeen.Order * 10 + 2;
	PeerSeen.Calls++;
	return TRUE;
}

/*
 * Keeps values in rbx, rsi and rdi - callee-saved in this convention -
 * and uses every other general register on the way, so clang must save
 * and restore those three for its caller.
 */
ULONGLONG PeerBusy(ULONGLONG Seed)
{
	ULONGLONG v[12];
	ULONGLONG a = Seed, b = Seed * 3, c = Seed * 5, d = Seed * 7;
	ULONGLONG e = Seed * 11, f = Seed * 13, g = Seed * 17, h = Seed * 19;
	ULONG i;

	for (i = 0; i < 12; i++) {
		a += b ^ i;
		b += c ^ a;
		c += d ^ b;
		d += e ^ c;
		e += f ^ d;
		f += g ^ e;
		g += h ^ f;
		h += a ^ g;
		v[i] = a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
		/* keeps all eight live in registers through the loop */
		__asm__ volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d),
				 "+r"(e), "+r"(f), "+r"(g), "+r"(h));
	}
	return v[0] ^ v[5] ^ v[11];
}

/* Calls into the shim with values held in rbx, rsi and rdi meanwhile. */
ULONG PeerKeepsAcrossCall(SCSI_PHYSICAL_ADDRESS Address)
{
	register ULONGLONG KeepB __asm__("rbx") = PEER_KEEP_RBX;
	register ULONGLONG KeepS __asm__("rsi") = PEER_KEEP_RSI;
	register ULONGLONG KeepD __asm__("rdi") = PEER_KEEP_RDI;
	ULONG Low;

	__asm__ volatile("" : "+r"(KeepB), "+r"(KeepS), "+r"(KeepD));
	Low = ScsiPortConvertUlongToPhysicalAddress(Address.LowPart).LowPart;
	__asm__ volatile("" : "+r"(KeepB), "+r"(KeepS), "+r"(KeepD));
	PeerSeen.Kept = KeepB == PEER_KEEP_RBX && KeepS == PEER_KEEP_RSI &&
			KeepD == PEER_KEEP_RDI;
	return Low;
}

/* SCSI_PHYSICAL_ADDRESS through the shim, by value both ways. */
ULONGLONG PeerPhysRoundTrip(ULONG_PTR Value)
{
	SCSI_PHYSICAL_ADDRESS Pa = ScsiPortConvertUlongToPhysicalAddress(Value);

	PeerSeen.Arg[0] = Pa.LowPart;
	return (ULONGLONG)Pa.QuadPart;
}

/* A SCSI_PHYSICAL_ADDRESS from the shim's side, returned changed. */
SCSI_PHYSICAL_ADDRESS PeerPhysAdd(SCSI_PHYSICAL_ADDRESS Address, ULONG Add)
{
	Address.QuadPart += Add;
	return Address;
}

/* The routines of five and more arguments, each argument distinct. */
VOID PeerLogError(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
	ScsiPortLogError(Ext, Srb, 0x11, 0x22, 0x33, 0x44444444, 0x55555555);
}

ULONG PeerSetBusData(PVOID Ext, PVOID Buffer)
{
	return ScsiPortSetBusDataByOffset(Ext, PCIConfiguration, 0x66,
					  0x77, Buffer, 0x88, 0x99);
}

PVOID PeerGetDeviceBase(PVOID Ext)
{
	SCSI_PHYSICAL_ADDRESS Io;

	Io.QuadPart = 0x123456789abcULL;
	return ScsiPortGetDeviceBase(Ext, PCIBus, 0x5, Io, 0x4000, TRUE);
}

/* Every notification type, through the variadic entry. */
VOID PeerNotifyAll(PVOID Ext, PSCSI_REQUEST_BLOCK Srb, PLARGE_INTEGER Tick)
{
	ScsiPortNotification(RequestComplete, Ext, Srb);
	ScsiPortNotification(NextRequest, Ext);
	ScsiPortNotification(NextLuRequest, Ext, 1, 2, 3);
	ScsiPortNotification(ResetDetected, Ext);
	ScsiPortNotification(CallEnableInterrupts, Ext, PeerEnable);
	ScsiPortNotification(CallDisableInterrupts, Ext, PeerDisable);
	ScsiPortNotification(RequestTimerCall, Ext, PeerTimer, 0x12345678);
	ScsiPortNotification(QueryTickCount, Ext, Tick);
	ScsiPortNotification(BusChangeDetected, Ext, 4);
}

VOID PeerTimer(PVOID Ext)
{
	PeerSeen.Arg[0] = (ULONGLONG)Ext;
	PeerSeen.Calls++;
}

/* A printf of the C library, variadic, with Windows formats. */
int PeerFormat(char *Buffer, ULONG Size)
{
	LONG Minus = -5;
	LONGLONG MinusSeven = -7;
	ULONGLONG Big = 0x123456789aULL;

	return _snprintf(Buffer, Size, "%ld|%lu|%I64x|%s|%c|%5d|%-3s|%x|%I64d",
			 Minus, (ULONG)0xfffffff0, Big, "str", 'q', 42, "ab",
			 0xbeef, MinusSeven);
}

/* The Interlocked intrinsics, as the Microsoft compiler gives them. */
VOID PeerInterlocked(struct peer_atomics *A)
{
	PeerInterlockedSequence(A);
}

/* An import of the kernel-mode run-time, declared as a miniport does. */
PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress);

PHYSICAL_ADDRESS PeerMmPhys(PVOID Address)
{
	return MmGetPhysicalAddress(Address);
}

/*
 * Count calls of one ScsiPort routine through the Windows surface (the
 * spw_ thunk), summing what comes back: sp_winabi_call_cost runs the same
 * loop in kernel code against it.
 */
ULONGLONG PeerConvertLoop(ULONG Count)
{
	ULONGLONG Sum = 0;
	ULONG i;

	for (i = 0; i < Count; i++)
		Sum += ScsiPortConvertUlongToPhysicalAddress(i).QuadPart;
	return Sum;
}

/*
 * The same with a register read, a routine Windows code reaches without a
 * thunk (its spw_ twin has the kernel routine's own body, shim/sp_io.c).
 */
ULONGLONG PeerReadLoop(PULONG Register, ULONG Count)
{
	ULONGLONG Sum = 0;
	ULONG i;

	for (i = 0; i < Count; i++)
		Sum += ScsiPortReadRegisterUlong(Register);
	return Sum;
}

/* A miniport routine that does nothing, in HwInterrupt's shape. */
BOOLEAN PeerNop(PVOID Ext)
{
	return !!Ext;
}
