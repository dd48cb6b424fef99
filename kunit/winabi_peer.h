/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sp_winabi_test.c (kernel code) and winabi_peer.c (Windows code)
 * share.  The peer's routines take the Microsoft x64 convention: by
 * default there, by PEER_API on the kernel side.
 */
#ifndef WINABI_PEER_H
#define WINABI_PEER_H

#ifdef _WIN64
#define PEER_API
#else
#define PEER_API	__attribute__((ms_abi))
#endif

#define PEER_KEEP_RBX	0x0b0b0b0b1b1b1b1bULL
#define PEER_KEEP_RSI	0x5151515161616161ULL
#define PEER_KEEP_RDI	0xd1d1d1d1e1e1e1e1ULL

/* Filled by the peer: the same layout in both data models. */
struct peer_seen {
	ULONGLONG Arg[8];
	ULONG Calls;
	ULONG Order;
	BOOLEAN Kept;
};

extern struct peer_seen PeerSeen;

/* What PeerInterlockedSequence() leaves: checked by sp_winabi_test.c. */
struct peer_atomics {
	LONG L;
	SHORT S;
	LONG64 Q;
	PVOID P;
	LONG R[10];
	LONG64 R64[7];
	PVOID RP[2];
};

/*
 * Each Interlocked operation once, with values that tell the old value
 * from the new and a failed compare-exchange from a good one.  Compiled on
 * both sides: by clang as Windows code (the compiler's intrinsics) in the
 * peer, by gcc as kernel code (spsync.h's __atomic forms) in the test.
 */
static inline void PeerInterlockedSequence(struct peer_atomics *A)
{
	A->L = 10;
	A->R[0] = InterlockedIncrement(&A->L);			/* 11 */
	A->R[1] = InterlockedDecrement(&A->L);			/* 10 */
	A->R[2] = InterlockedExchange(&A->L, 0x70);		/* 10 */
	A->R[3] = InterlockedExchangeAdd(&A->L, 5);		/* 0x70 */
	A->R[4] = InterlockedCompareExchange(&A->L, 1, 0x75);	/* 0x75 */
	A->R[5] = InterlockedCompareExchange(&A->L, 9, 0x75);	/* 1 */
	A->R[6] = InterlockedOr(&A->L, 0xf0);			/* 1 */
	A->R[7] = InterlockedAnd(&A->L, 0x3c);			/* 0xf1 */
	A->R[8] = InterlockedXor(&A->L, 0xff);			/* 0x30 */
	A->R[9] = InterlockedAdd(&A->L, 2);			/* 0xd1 */
	A->S = -1;
	InterlockedIncrement16(&A->S);				/* 0 */
	InterlockedCompareExchange16(&A->S, 7, 0);		/* 7 */
	A->Q = 0x100000000LL;
	A->R64[0] = InterlockedIncrement64(&A->Q);		/* 0x100000001 */
	A->R64[1] = InterlockedDecrement64(&A->Q);		/* 0x100000000 */
	A->R64[2] = InterlockedExchangeAdd64(&A->Q, 0x100000000LL);
	A->R64[3] = InterlockedCompareExchange64(&A->Q, 3, 0x200000000LL);
	A->R64[4] = InterlockedExchange64(&A->Q, -2);		/* 3 */
	A->R64[5] = InterlockedOr64(&A->Q, 1);			/* -2 */
	A->R64[6] = InterlockedAdd64(&A->Q, 0x10);		/* 0xf */
	A->P = NULL;
	A->RP[0] = InterlockedCompareExchangePointer(&A->P, A, NULL);
	A->RP[1] = InterlockedExchangePointer(&A->P, &A->L);	/* A */
	MemoryBarrier();
	KeMemoryBarrierWithoutFence();
	YieldProcessor();
}

ULONG PEER_API PeerSix(PVOID A, PVOID B, PVOID C, PCHAR D,
		       PPORT_CONFIGURATION_INFORMATION E, PBOOLEAN F);
BOOLEAN PEER_API PeerStartIo(PVOID Ext, PSCSI_REQUEST_BLOCK Srb);
BOOLEAN PEER_API PeerResetBus(PVOID Ext, ULONG PathId);
SCSI_ADAPTER_CONTROL_STATUS PEER_API
PeerAdapterControl(PVOID Ext, SCSI_ADAPTER_CONTROL_TYPE Type,
		   PVOID Parameters);
BOOLEAN PEER_API PeerEnable(PVOID Ext);
BOOLEAN PEER_API PeerDisable(PVOID Ext);
VOID PEER_API PeerTimer(PVOID Ext);
ULONGLONG PEER_API PeerBusy(ULONGLONG Seed);
ULONG PEER_API PeerKeepsAcrossCall(SCSI_PHYSICAL_ADDRESS Address);
ULONGLONG PEER_API PeerPhysRoundTrip(ULONG_PTR Value);
SCSI_PHYSICAL_ADDRESS PEER_API PeerPhysAdd(SCSI_PHYSICAL_ADDRESS Address,
					   ULONG Add);
VOID PEER_API PeerLogError(PVOID Ext, PSCSI_REQUEST_BLOCK Srb);
ULONG PEER_API PeerSetBusData(PVOID Ext, PVOID Buffer);
PVOID PEER_API PeerGetDeviceBase(PVOID Ext);
VOID PEER_API PeerNotifyAll(PVOID Ext, PSCSI_REQUEST_BLOCK Srb,
			    PLARGE_INTEGER Tick);
int PEER_API PeerFormat(char *Buffer, ULONG Size);
VOID PEER_API PeerInterlocked(struct peer_atomics *A);
PHYSICAL_ADDRESS PEER_API PeerMmPhys(PVOID Address);
ULONGLONG PEER_API PeerConvertLoop(ULONG Count);
ULONGLONG PEER_API PeerReadLoop(PULONG Register, ULONG Count);
BOOLEAN PEER_API PeerNop(PVOID Ext);

#endif /* WINABI_PEER_H */
