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

#endif /* WINABI_PEER_H */
