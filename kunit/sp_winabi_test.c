// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_winabi": the calling-convention boundary with a
 * miniport built as Windows code.  The other side is winabi_peer.c,
 * compiled by clang for the Microsoft x64 ABI exactly as a miniport built
 * SP_ABI=windows is (its imports renamed to the shim's spw_ routines).
 *
 * Covered: each argument position of routines of five to seven arguments
 * in both directions (registers and stack slots), SCSI_PHYSICAL_ADDRESS
 * passed and returned by value, every notification type through the
 * variadic Windows entry, the Windows printf family, rbx/rsi/rdi kept
 * across calls in both directions, the Interlocked intrinsics of both
 * compilers, MmGetPhysicalAddress, and what a call costs each way.  The
 * callback pair through the Windows convention runs in the guest suites
 * (the ramdisk and pvscsi miniports built SP_ABI=windows).
 */
#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "sp_internal.h"
#include "winabi_peer.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Six distinct arguments, the last two on the stack: each lands in place. */
static void sp_winabi_args_to_windows(struct kunit *test)
{
	PVOID a = (PVOID)0x1111111111111101ULL, b = (PVOID)0x2222222222222202ULL;
	PVOID c = (PVOID)0x3333333333333303ULL;
	PCHAR d = (PCHAR)0x4444444444444404ULL;
	PPORT_CONFIGURATION_INFORMATION e = (PVOID)0x5555555555555505ULL;
	PBOOLEAN f = (PBOOLEAN)0x6666666666666606ULL;
	SCSI_REQUEST_BLOCK srb;
	PSCSI_REQUEST_BLOCK psrb = &srb;
	ULONG r;

	memset(&PeerSeen, 0, sizeof(PeerSeen));
	r = sp_hw_call(true, (PHW_FIND_ADAPTER)PeerSix, spw_sig_find_adapter,
		       a, b, c, d, e, f);
	KUNIT_EXPECT_EQ(test, r, 0x600d0006U);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[0], (ULONGLONG)a);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[1], (ULONGLONG)b);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[2], (ULONGLONG)c);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[3], (ULONGLONG)d);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[4], (ULONGLONG)e);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[5], (ULONGLONG)f);

	KUNIT_EXPECT_TRUE(test, sp_hw_call(true, (PHW_STARTIO)PeerStartIo,
					   spw_sig_start_io, a, psrb));
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[1], (ULONGLONG)psrb);
	KUNIT_EXPECT_TRUE(test, sp_hw_call(true, (PHW_RESET_BUS)PeerResetBus,
					   spw_sig_reset_bus, a, 7));
	KUNIT_EXPECT_FALSE(test, sp_hw_call(true, (PHW_RESET_BUS)PeerResetBus,
					    spw_sig_reset_bus, a, 8));
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[1], 8ULL);
	KUNIT_EXPECT_EQ(test, sp_hw_call(true,
					 (PHW_ADAPTER_CONTROL)PeerAdapterControl,
					 spw_sig_adapter_control, a,
					 ScsiRestartAdapter, c),
			ScsiAdapterControlSuccess);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[1], (ULONGLONG)ScsiRestartAdapter);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[2], (ULONGLONG)c);
	sp_hw_call(true, (PHW_TIMER)PeerTimer, spw_sig_ext_void, b);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[0], (ULONGLONG)b);
	KUNIT_EXPECT_EQ(test, PeerSeen.Calls, 6U);
}

/* What the stubs below saw. */
static u64 seen[8];
static int nseen;

static VOID stub_log_error(PVOID ext, PSCSI_REQUEST_BLOCK srb, UCHAR path,
			   UCHAR target, UCHAR lun, ULONG code, ULONG id)
{
	seen[0] = (u64)ext;
	seen[1] = (u64)srb;
	seen[2] = path;
	seen[3] = target;
	seen[4] = lun;
	seen[5] = code;
	seen[6] = id;
	nseen++;
}

static ULONG stub_set_bus_data(PVOID ext, ULONG type, ULONG bus, ULONG slot,
			       PVOID buf, ULONG off, ULONG len)
{
	seen[0] = (u64)ext;
	seen[1] = type;
	seen[2] = bus;
	seen[3] = slot;
	seen[4] = (u64)buf;
	seen[5] = off;
	seen[6] = len;
	nseen++;
	return 0xabcd;
}

static PVOID stub_get_device_base(PVOID ext, INTERFACE_TYPE bus_type,
				  ULONG bus, SCSI_PHYSICAL_ADDRESS io,
				  ULONG len, BOOLEAN in_io)
{
	seen[0] = (u64)ext;
	seen[1] = bus_type;
	seen[2] = bus;
	seen[3] = io.QuadPart;
	seen[4] = len;
	seen[5] = in_io;
	nseen++;
	return (PVOID)0xfeedf00dULL;
}

/* Windows code calls routines of six and seven arguments: all arrive. */
static void sp_winabi_args_from_windows(struct kunit *test)
{
	PVOID ext = (PVOID)0x7777777777777707ULL;
	PSCSI_REQUEST_BLOCK srb = (PVOID)0x8888888888888808ULL;
	u8 buf[4];

	nseen = 0;
	kunit_activate_static_stub(test, ScsiPortLogError, stub_log_error);
	kunit_activate_static_stub(test, ScsiPortSetBusDataByOffset,
				   stub_set_bus_data);
	kunit_activate_static_stub(test, ScsiPortGetDeviceBase,
				   stub_get_device_base);

	PeerLogError(ext, srb);
	KUNIT_EXPECT_EQ(test, nseen, 1);
	KUNIT_EXPECT_EQ(test, seen[0], (u64)ext);
	KUNIT_EXPECT_EQ(test, seen[1], (u64)srb);
	KUNIT_EXPECT_EQ(test, seen[2], 0x11ULL);
	KUNIT_EXPECT_EQ(test, seen[3], 0x22ULL);
	KUNIT_EXPECT_EQ(test, seen[4], 0x33ULL);
	KUNIT_EXPECT_EQ(test, seen[5], 0x44444444ULL);
	KUNIT_EXPECT_EQ(test, seen[6], 0x55555555ULL);

	KUNIT_EXPECT_EQ(test, PeerSetBusData(ext, buf), 0xabcdU);
	KUNIT_EXPECT_EQ(test, seen[0], (u64)ext);
	KUNIT_EXPECT_EQ(test, seen[1], (u64)PCIConfiguration);
	KUNIT_EXPECT_EQ(test, seen[2], 0x66ULL);
	KUNIT_EXPECT_EQ(test, seen[3], 0x77ULL);
	KUNIT_EXPECT_EQ(test, seen[4], (u64)buf);
	KUNIT_EXPECT_EQ(test, seen[5], 0x88ULL);
	KUNIT_EXPECT_EQ(test, seen[6], 0x99ULL);

	/* a SCSI_PHYSICAL_ADDRESS by value in the fourth position */
	KUNIT_EXPECT_PTR_EQ(test, PeerGetDeviceBase(ext), (PVOID)0xfeedf00dULL);
	KUNIT_EXPECT_EQ(test, seen[0], (u64)ext);
	KUNIT_EXPECT_EQ(test, seen[1], (u64)PCIBus);
	KUNIT_EXPECT_EQ(test, seen[2], 0x5ULL);
	KUNIT_EXPECT_EQ(test, seen[3], 0x123456789abcULL);
	KUNIT_EXPECT_EQ(test, seen[4], 0x4000ULL);
	KUNIT_EXPECT_EQ(test, seen[5], 1ULL);
	KUNIT_EXPECT_EQ(test, nseen, 3);
}

/* SCSI_PHYSICAL_ADDRESS passed and returned by value, both directions. */
static void sp_winabi_phys_by_value(struct kunit *test)
{
	SCSI_PHYSICAL_ADDRESS pa, r;

	KUNIT_EXPECT_EQ(test, PeerPhysRoundTrip(0xfedcba9876543210ULL),
			0xfedcba9876543210ULL);
	KUNIT_EXPECT_EQ(test, PeerSeen.Arg[0], 0x76543210ULL);
	pa.QuadPart = 0x1000000000ULL;
	r = PeerPhysAdd(pa, 0x234);
	KUNIT_EXPECT_EQ(test, (u64)r.QuadPart, 0x1000000234ULL);
}

static SCSI_NOTIFICATION_TYPE ntype[16];
static u64 nargs[16][3];
static int nnotes;

static void stub_notify(SCSI_NOTIFICATION_TYPE type, PVOID ext,
			const u64 *arg)
{
	if (nnotes < ARRAY_SIZE(ntype)) {
		ntype[nnotes] = type;
		memcpy(nargs[nnotes], arg, sizeof(nargs[0]));
	}
	nnotes++;
}

/* Every notification type through spw_ScsiPortNotification. */
static void sp_winabi_notifications(struct kunit *test)
{
	PSCSI_REQUEST_BLOCK srb = (PVOID)0x9999999999999909ULL;
	LARGE_INTEGER tick;
	static const SCSI_NOTIFICATION_TYPE want[] = {
		RequestComplete, NextRequest, NextLuRequest, ResetDetected,
		CallEnableInterrupts, CallDisableInterrupts, RequestTimerCall,
		QueryTickCount, BusChangeDetected,
	};
	int i;

	nnotes = 0;
	memset(nargs, 0, sizeof(nargs));
	kunit_activate_static_stub(test, sp_notify, stub_notify);
	PeerNotifyAll(NULL, srb, &tick);
	KUNIT_ASSERT_EQ(test, nnotes, (int)ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, ntype[i], want[i], "notification %d", i);
	KUNIT_EXPECT_EQ(test, nargs[0][0], (u64)srb);
	KUNIT_EXPECT_EQ(test, nargs[2][0], 1ULL);
	KUNIT_EXPECT_EQ(test, nargs[2][1], 2ULL);
	KUNIT_EXPECT_EQ(test, nargs[2][2], 3ULL);
	KUNIT_EXPECT_EQ(test, nargs[4][0], (u64)PeerEnable);
	KUNIT_EXPECT_EQ(test, nargs[5][0], (u64)PeerDisable);
	KUNIT_EXPECT_EQ(test, nargs[6][0], (u64)PeerTimer);
	KUNIT_EXPECT_EQ(test, nargs[6][1], 0x12345678ULL);
	KUNIT_EXPECT_EQ(test, nargs[7][0], (u64)&tick);
	KUNIT_EXPECT_EQ(test, nargs[8][0], 4ULL);
}

/* _snprintf of Windows code: LLP64 "l", I64, widths, strings, chars. */
static void sp_winabi_printf(struct kunit *test)
{
	char buf[96];
	int n;

	n = PeerFormat(buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf,
			   "-5|4294967280|123456789a|str|q|   42|ab |beef|-7");
	KUNIT_EXPECT_EQ(test, n, (int)strlen(buf));
	/* too small: -1, and still a NUL at the end */
	KUNIT_EXPECT_EQ(test, PeerFormat(buf, 8), -1);
	KUNIT_EXPECT_EQ(test, strlen(buf), 7UL);
}

/*
 * rbx, rsi and rdi survive a call into Windows code that uses every
 * register, and the shim's routine that Windows code calls keeps them for
 * it (they are callee-saved there; rsi and rdi are not in the kernel's
 * convention, so the spw_ routine must save them).
 */
static void sp_winabi_registers_kept(struct kunit *test)
{
	register u64 keep_b asm("rbx") = PEER_KEEP_RBX;
	register u64 keep_s asm("rsi") = PEER_KEEP_RSI;
	register u64 keep_d asm("rdi") = PEER_KEEP_RDI;
	SCSI_PHYSICAL_ADDRESS pa = { .QuadPart = 0x55aa55aaULL };
	u64 r;

	asm volatile("" : "+r"(keep_b), "+r"(keep_s), "+r"(keep_d));
	r = PeerBusy(0x1234);
	asm volatile("" : "+r"(keep_b), "+r"(keep_s), "+r"(keep_d));
	KUNIT_EXPECT_EQ(test, keep_b, PEER_KEEP_RBX);
	KUNIT_EXPECT_EQ(test, keep_s, PEER_KEEP_RSI);
	KUNIT_EXPECT_EQ(test, keep_d, PEER_KEEP_RDI);
	KUNIT_EXPECT_NE(test, r, 0ULL);

	PeerSeen.Kept = FALSE;
	KUNIT_EXPECT_EQ(test, PeerKeepsAcrossCall(pa), 0x55aa55aaU);
	KUNIT_EXPECT_TRUE(test, PeerSeen.Kept);
}

static void sp_winabi_expect_atomics(struct kunit *test,
				     const struct peer_atomics *a,
				     const char *side)
{
	static const LONG r[] = { 11, 10, 10, 0x70, 0x75, 1, 1, 0xf1, 0x30,
				  0xd1 };
	static const LONG64 r64[] = { 0x100000001LL, 0x100000000LL,
				      0x100000000LL, 0x200000000LL, 3, -2,
				      0xf };
	int i;

	for (i = 0; i < ARRAY_SIZE(r); i++)
		KUNIT_EXPECT_EQ_MSG(test, a->R[i], r[i], "%s: R[%d]", side, i);
	for (i = 0; i < ARRAY_SIZE(r64); i++)
		KUNIT_EXPECT_EQ_MSG(test, a->R64[i], r64[i], "%s: R64[%d]",
				    side, i);
	KUNIT_EXPECT_EQ_MSG(test, a->L, 0xd1, "%s", side);
	KUNIT_EXPECT_EQ_MSG(test, a->S, 7, "%s", side);
	KUNIT_EXPECT_EQ_MSG(test, a->Q, 0xfLL, "%s", side);
	KUNIT_EXPECT_PTR_EQ_MSG(test, a->RP[0], NULL, "%s", side);
	KUNIT_EXPECT_PTR_EQ_MSG(test, a->RP[1], (PVOID)a, "%s", side);
	KUNIT_EXPECT_PTR_EQ_MSG(test, a->P, (PVOID)&a->L, "%s", side);
}

/*
 * The Interlocked operations return what Windows' do (old or new value),
 * compiled as Windows code (clang's intrinsics) and as kernel code
 * (spsync.h over __atomic).  The peer links only because none of them is
 * an import.
 */
static void sp_winabi_interlocked(struct kunit *test)
{
	struct peer_atomics *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, a);
	PeerInterlocked(a);
	sp_winabi_expect_atomics(test, a, "windows");
	memset(a, 0, sizeof(*a));
	PeerInterlockedSequence(a);
	sp_winabi_expect_atomics(test, a, "kernel");
}

/*
 * MmGetPhysicalAddress from Windows code: the uncached extension and the
 * pool by their DMA address; the device extension (vmalloc) and an LU
 * extension (kmalloc) by their physical address while the HBA has a DMA
 * mask and no IOMMU; refused (0, counted) without one; anything else, or
 * an adapter gone from the list, 0.
 */
static const struct scsi_host_template sp_winabi_sht = {
	.name = "sp-winabi-mm",
};

static void sp_winabi_mm_phys(struct kunit *test)
{
	struct sp_hwdriver *hw = kunit_kzalloc(test, sizeof(*hw), GFP_KERNEL);
	struct sp_host *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	u8 *uncached = kunit_kzalloc(test, 256, GFP_KERNEL);
	u8 *pool = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct sp_lu *lu;
	struct device *dev;
	u8 *ext;
	u64 want;
	int local;

	KUNIT_ASSERT_NOT_NULL(test, hw);
	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, uncached);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	dev = kunit_device_register(test, "sp-winabi-mm");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	/* the messages name the host: one allocated, never added */
	sp->shost = scsi_host_alloc(&sp_winabi_sht, 0);
	KUNIT_ASSERT_NOT_NULL(test, sp->shost);
	dev->coherent_dma_mask = DMA_BIT_MASK(64);
	dev->dma_mask = &dev->coherent_dma_mask;
	ext = vzalloc(2 * PAGE_SIZE);
	lu = kzalloc(struct_size(lu, ext, 64), GFP_KERNEL);
	if (!ext || !lu) {
		kfree(lu);
		vfree(ext);
		scsi_host_put(sp->shost);
		KUNIT_FAIL_AND_ABORT(test, "no memory");
	}

	hw->hw.DeviceExtensionSize = 2 * PAGE_SIZE;
	sp->hwdrv = hw;
	sp->dev = dev;
	sp->dev_ext = ext;
	sp->uncached = uncached;
	sp->uncached_dma = 0x12340000;
	sp->uncached_len = 256;
	sp->pool = pool;
	sp->pool_dma = 0x56780000;
	sp->pool_len = 256;
	sp->config.SpecificLuExtensionSize = 64;
	xa_init(&sp->lus);
	KUNIT_ASSERT_EQ(test, xa_insert(&sp->lus, 1, lu, GFP_KERNEL), 0);
	sp_mm_add(sp);

	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(uncached + 0x10).QuadPart,
			0x12340010ULL);
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(pool + 0xff).QuadPart,
			0x567800ffULL);
	/* the second page of a vmalloc extension: its own page's address */
	want = phys_to_dma(dev, page_to_phys(vmalloc_to_page(ext + PAGE_SIZE)) + 8);
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(ext + PAGE_SIZE + 8).QuadPart,
			want);
	want = phys_to_dma(dev, virt_to_phys(lu->ext + 3));
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(lu->ext + 3).QuadPart, want);
	KUNIT_EXPECT_EQ(test, sp->stats.bad_addresses, 0ULL);

	/* not the shim's: refused, and no adapter's count */
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(&local).QuadPart, 0ULL);
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(uncached + 256).QuadPart, 0ULL);
	KUNIT_EXPECT_EQ(test, sp->stats.bad_addresses, 0ULL);

	/* an HBA without a DMA mask cannot reach the device extension */
	dev->dma_mask = NULL;
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(ext).QuadPart, 0ULL);
	KUNIT_EXPECT_EQ(test, sp->stats.bad_addresses, 1ULL);
	/* the DMA memory stays translatable */
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(uncached).QuadPart, 0x12340000ULL);

	sp_mm_del(sp);
	KUNIT_EXPECT_EQ(test, (u64)PeerMmPhys(uncached).QuadPart, 0ULL);
	xa_destroy(&sp->lus);
	kfree(lu);
	vfree(ext);
	scsi_host_put(sp->shost);
}

static noinline BOOLEAN sp_winabi_kernel_nop(PVOID ext)
{
	return !!ext;
}

/*
 * What a call across the boundary costs against the same call in kernel
 * code, each way: a ScsiPort routine called from Windows code (through its
 * spw_ thunk) and from kernel code; a register read, whose spw_ twin has
 * the kernel routine's own body (no thunk: the request path's routines
 * are built so), both ways; and a miniport routine called through the
 * Microsoft convention and a kernel-code one through the kernel's, the
 * same number of times.  The figures are printed, not asserted (under TCG
 * they are the emulator's); what each loop computed must agree.
 */
static void sp_winabi_call_cost(struct kunit *test)
{
	const u32 n = 200000;
	typeof(sp_winabi_kernel_nop) *knop = sp_winabi_kernel_nop;
	typeof(PeerNop) *wnop = PeerNop;
	u64 t[7], c[6], ksum = 0, wsum, krd = 0, wrd;
	u32 i, kn = 0, wn = 0, *reg;

	reg = kunit_kzalloc(test, sizeof(*reg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reg);
	*reg = 3;
	/* both through a pointer the compiler cannot see through */
	OPTIMIZER_HIDE_VAR(knop);
	OPTIMIZER_HIDE_VAR(wnop);
	t[0] = ktime_get_ns();
	for (i = 0; i < n; i++)
		ksum += ScsiPortConvertUlongToPhysicalAddress(i).QuadPart;
	t[1] = ktime_get_ns();
	wsum = PeerConvertLoop(n);
	t[2] = ktime_get_ns();
	for (i = 0; i < n; i++)
		krd += ScsiPortReadRegisterUlong((PULONG)reg);
	t[3] = ktime_get_ns();
	wrd = PeerReadLoop((PULONG)reg, n);
	t[4] = ktime_get_ns();
	for (i = 0; i < n; i++)
		kn += knop(test);
	t[5] = ktime_get_ns();
	for (i = 0; i < n; i++)
		wn += wnop(test);
	t[6] = ktime_get_ns();

	KUNIT_EXPECT_EQ(test, ksum, (u64)n * (n - 1) / 2);
	KUNIT_EXPECT_EQ(test, wsum, ksum);
	KUNIT_EXPECT_EQ(test, krd, 3ULL * n);
	KUNIT_EXPECT_EQ(test, wrd, krd);
	KUNIT_EXPECT_EQ(test, kn, n);
	KUNIT_EXPECT_EQ(test, wn, n);
	/* hundredths of a ns per call */
	for (i = 0; i < 6; i++)
		c[i] = div_u64((t[i + 1] - t[i]) * 100, n);
	kunit_info(test,
		   "ns per call, %u calls: ScsiPort routine (thunk) from kernel code %llu.%02llu, from Windows code %llu.%02llu; register read (twin) from kernel code %llu.%02llu, from Windows code %llu.%02llu; miniport routine as kernel code %llu.%02llu, as Windows code %llu.%02llu\n",
		   n, c[0] / 100, c[0] % 100, c[1] / 100, c[1] % 100,
		   c[2] / 100, c[2] % 100, c[3] / 100, c[3] % 100,
		   c[4] / 100, c[4] % 100, c[5] / 100, c[5] % 100);
}

static struct kunit_case sp_winabi_cases[] = {
	KUNIT_CASE(sp_winabi_args_to_windows),
	KUNIT_CASE(sp_winabi_args_from_windows),
	KUNIT_CASE(sp_winabi_phys_by_value),
	KUNIT_CASE(sp_winabi_notifications),
	KUNIT_CASE(sp_winabi_printf),
	KUNIT_CASE(sp_winabi_registers_kept),
	KUNIT_CASE(sp_winabi_interlocked),
	KUNIT_CASE(sp_winabi_mm_phys),
	KUNIT_CASE(sp_winabi_call_cost),
	{}
};

static struct kunit_suite sp_winabi_suite = {
	.name = "scsiport_winabi",
	.test_cases = sp_winabi_cases,
};

kunit_test_suite(sp_winabi_suite);
