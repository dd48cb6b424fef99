/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced first into every source compiled against mingw-w64's DDK headers
 * (winabi-cc.sh, HEADERS=mingw).  Nothing here is ours: it only puts
 * mingw's headers in an order that compiles.
 *
 * mingw-w64's ddk/miniport.h is not self-contained: it uses the base types
 * (ULONG, PVOID, PHYSICAL_ADDRESS, NTAPI) without including them, and
 * leaves out what the WDK's miniport.h has for PCI (PCI_SLOT_NUMBER,
 * PCI_COMMON_CONFIG, PCI_MAX_DEVICES, ...).  mingw-w64 has all of that in
 * ntddk.h (through wdm.h), which is included first; miniport.h would then
 * define INTERFACE_TYPE, BUS_DATA_TYPE, the resource descriptors and the
 * rest of wdm.h's bus types a second time, unless __BROKEN__ is defined -
 * mingw's own switch around exactly that block.
 */
/*
 * wdm.h defines InterlockedBitTestAndSet/-Reset as static inline functions
 * after winnt.h (psdk_inc/intrin-impl.h) defined them extern inline; the
 * second definition turns them into external ones in every source, and the
 * link fails on multiple definitions.  intrin-impl.h's own switches skip
 * its copies: wdm.h's are the ones kept.
 */
#define __INTRINSIC_DEFINED_InterlockedBitTestAndSet
#define __INTRINSIC_DEFINED_InterlockedBitTestAndReset

#include <ntddk.h>

#define __BROKEN__
