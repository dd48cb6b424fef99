// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "scsiport_unit": the shim's pure functions.
 *   - every row of the SrbStatus -> Linux result table
 *   - the scatterlist walk behind ScsiPortGetPhysicalAddress
 *   - DataBuffer of a multi-segment request never aliases adapter memory
 *   - HW_INITIALIZATION_DATA validation by ScsiPortInitialize
 *   - the Windows printf format rewrite behind ScsiDebugPrint
 *   - ScsiPortMoveMemory on overlapping and separate ranges
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "sp_internal.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

struct sp_status_case {
	const char *name;
	u8 srb_status;		/* flags included */
	u8 scsi_status;
	u32 issued, left;	/* DataTransferLength issued / after completion */
	int result;
	u32 resid;
	bool sense, bad_request, known;
};

#define ROW(n, ss, st, iss, lft, res, rsd, sns, bad, kn) \
	{ n, ss, st, iss, lft, res, rsd, sns, bad, kn }
#define H(h) ((h) << 16)

static const struct sp_status_case sp_status_cases[] = {
	ROW("SUCCESS", SRB_STATUS_SUCCESS, 0,
	    512, 512, H(DID_OK), 0, false, false, true),
	ROW("SUCCESS short", SRB_STATUS_SUCCESS, 0,
	    512, 100, H(DID_OK), 412, false, false, true),
	ROW("PENDING", SRB_STATUS_PENDING, 0,
	    512, 512, H(DID_ERROR), 0, false, false, false),
	ROW("ABORTED", SRB_STATUS_ABORTED, 0,
	    512, 512, H(DID_ABORT), 0, false, false, true),
	ROW("ABORT_FAILED", SRB_STATUS_ABORT_FAILED, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("ERROR+CHECK+sense",
	    SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID, SAM_STAT_CHECK_CONDITION,
	    512, 512, H(DID_OK) | SAM_STAT_CHECK_CONDITION, 0, true, false, true),
	ROW("ERROR+CHECK no sense", SRB_STATUS_ERROR, SAM_STAT_CHECK_CONDITION,
	    512, 512, H(DID_OK) | SAM_STAT_CHECK_CONDITION, 0, false, false, true),
	ROW("ERROR+BUSY", SRB_STATUS_ERROR, SAM_STAT_BUSY,
	    0, 0, H(DID_OK) | SAM_STAT_BUSY, 0, false, false, true),
	ROW("ERROR+QUEUE FULL", SRB_STATUS_ERROR, SAM_STAT_TASK_SET_FULL,
	    0, 0, H(DID_OK) | SAM_STAT_TASK_SET_FULL, 0, false, false, true),
	ROW("ERROR+GOOD", SRB_STATUS_ERROR, SAM_STAT_GOOD,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("BUSY", SRB_STATUS_BUSY, 0,
	    0, 0, H(DID_BUS_BUSY), 0, false, false, true),
	ROW("INVALID_REQUEST", SRB_STATUS_INVALID_REQUEST, 0,
	    0, 0, H(DID_OK), 0, false, true, true),
	ROW("INVALID_PATH_ID", SRB_STATUS_INVALID_PATH_ID, 0,
	    0, 0, H(DID_BAD_TARGET), 0, false, false, true),
	ROW("NO_DEVICE", SRB_STATUS_NO_DEVICE, 0,
	    0, 0, H(DID_NO_CONNECT), 0, false, false, true),
	ROW("TIMEOUT", SRB_STATUS_TIMEOUT, 0,
	    0, 0, H(DID_TIME_OUT), 0, false, false, true),
	ROW("SELECTION_TIMEOUT", SRB_STATUS_SELECTION_TIMEOUT, 0,
	    0, 0, H(DID_NO_CONNECT), 0, false, false, true),
	ROW("COMMAND_TIMEOUT", SRB_STATUS_COMMAND_TIMEOUT, 0,
	    0, 0, H(DID_TIME_OUT), 0, false, false, true),
	ROW("MESSAGE_REJECTED", SRB_STATUS_MESSAGE_REJECTED, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("BUS_RESET", SRB_STATUS_BUS_RESET, 0,
	    0, 0, H(DID_RESET), 0, false, false, true),
	ROW("PARITY_ERROR", SRB_STATUS_PARITY_ERROR, 0,
	    0, 0, H(DID_PARITY), 0, false, false, true),
	ROW("REQUEST_SENSE_FAILED", SRB_STATUS_REQUEST_SENSE_FAILED, SAM_STAT_CHECK_CONDITION,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("NO_HBA", SRB_STATUS_NO_HBA, 0,
	    0, 0, H(DID_NO_CONNECT), 0, false, false, true),
	ROW("DATA_OVERRUN underrun", SRB_STATUS_DATA_OVERRUN, 0,
	    4096, 1024, H(DID_OK), 3072, false, false, true),
	ROW("DATA_OVERRUN overrun", SRB_STATUS_DATA_OVERRUN, 0,
	    4096, 4096, H(DID_ERROR), 0, false, false, true),
	ROW("UNEXPECTED_BUS_FREE", SRB_STATUS_UNEXPECTED_BUS_FREE, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("PHASE_SEQUENCE_FAILURE", SRB_STATUS_PHASE_SEQUENCE_FAILURE, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("BAD_SRB_BLOCK_LENGTH", SRB_STATUS_BAD_SRB_BLOCK_LENGTH, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("REQUEST_FLUSHED", SRB_STATUS_REQUEST_FLUSHED, 0,
	    0, 0, H(DID_REQUEUE), 0, false, false, true),
	ROW("INVALID_LUN", SRB_STATUS_INVALID_LUN, 0,
	    0, 0, H(DID_BAD_TARGET), 0, false, false, true),
	ROW("INVALID_TARGET_ID", SRB_STATUS_INVALID_TARGET_ID, 0,
	    0, 0, H(DID_BAD_TARGET), 0, false, false, true),
	ROW("BAD_FUNCTION", SRB_STATUS_BAD_FUNCTION, 0,
	    0, 0, H(DID_OK), 0, false, true, true),
	ROW("ERROR_RECOVERY", SRB_STATUS_ERROR_RECOVERY, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("NOT_POWERED", SRB_STATUS_NOT_POWERED, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("LINK_DOWN", SRB_STATUS_LINK_DOWN, 0,
	    0, 0, H(DID_TRANSPORT_DISRUPTED), 0, false, false, true),
	ROW("INSUFFICIENT_RESOURCES", SRB_STATUS_INSUFFICIENT_RESOURCES, 0,
	    0, 0, H(DID_BUS_BUSY), 0, false, false, true),
	ROW("THROTTLED_REQUEST", SRB_STATUS_THROTTLED_REQUEST, 0,
	    0, 0, H(DID_BUS_BUSY), 0, false, false, true),
	ROW("INTERNAL_ERROR", SRB_STATUS_INTERNAL_ERROR, 0,
	    0, 0, H(DID_ERROR), 0, false, false, true),
	ROW("QUEUE_FROZEN flag", SRB_STATUS_SUCCESS | SRB_STATUS_QUEUE_FROZEN, 0,
	    0, 0, H(DID_OK), 0, false, false, true),
	ROW("unknown 0x3f", 0x3f, 0,
	    0, 0, H(DID_ERROR), 0, false, false, false),
	ROW("unknown 0x0c", 0x0c, 0,
	    0, 0, H(DID_ERROR), 0, false, false, false),
};

static void sp_status_desc(const struct sp_status_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sp_status, sp_status_cases, sp_status_desc);

static void sp_unit_status_table(struct kunit *test)
{
	const struct sp_status_case *c = test->param_value;
	SCSI_REQUEST_BLOCK srb = {
		.SrbStatus = c->srb_status,
		.ScsiStatus = c->scsi_status,
		.DataTransferLength = c->left,
	};
	struct sp_result r;

	sp_srb_result(&srb, c->issued, &r);
	KUNIT_EXPECT_EQ(test, r.result, c->result);
	KUNIT_EXPECT_EQ(test, r.resid, c->resid);
	KUNIT_EXPECT_EQ(test, r.sense, c->sense);
	KUNIT_EXPECT_EQ(test, r.bad_request, c->bad_request);
	KUNIT_EXPECT_EQ(test, r.known, c->known);
}

/* Every defined SrbStatus has a name (the message table is complete). */
static void sp_unit_status_names(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sp_status_cases); i++) {
		const struct sp_status_case *c = &sp_status_cases[i];
		const char *n = sp_srb_status_name(c->srb_status);

		if (c->srb_status == SRB_STATUS_PENDING)
			KUNIT_EXPECT_STREQ(test, n, "PENDING");
		else if (c->known)
			KUNIT_EXPECT_STRNEQ(test, n, "unknown");
		else
			KUNIT_EXPECT_STREQ(test, n, "unknown");
	}
}

/* Three DMA segments; the second starts right where the first ends. */
static void sp_unit_sg_setup(struct scatterlist *sgl, struct sp_cmd *c)
{
	sg_init_table(sgl, 3);
	sg_dma_address(&sgl[0]) = 0x10000;
	sg_dma_len(&sgl[0]) = 0x1000;
	sg_dma_address(&sgl[1]) = 0x11000;	/* contiguous with [0] */
	sg_dma_len(&sgl[1]) = 0x800;
	sg_dma_address(&sgl[2]) = 0x40000;
	sg_dma_len(&sgl[2]) = 0x2000;
	memset(c, 0, sizeof(*c));
	c->sgl = sgl;
	c->sg_count = 3;
}

static void sp_unit_sg_lookup(struct kunit *test)
{
	struct scatterlist sgl[3];
	struct sp_cmd c;
	u32 len;

	sp_unit_sg_setup(sgl, &c);
	/* start: run covers [0] and the contiguous [1] */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0, &len), (dma_addr_t)0x10000);
	KUNIT_EXPECT_EQ(test, len, 0x1800U);
	/* middle of the first element */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x123, &len), (dma_addr_t)0x10123);
	KUNIT_EXPECT_EQ(test, len, 0x1800U - 0x123);
	/* exactly on the boundary into [1] */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x1000, &len), (dma_addr_t)0x11000);
	KUNIT_EXPECT_EQ(test, len, 0x800U);
	/* last byte of [1] */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x17ff, &len), (dma_addr_t)0x117ff);
	KUNIT_EXPECT_EQ(test, len, 1U);
	/* boundary into [2], then its middle */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x1800, &len), (dma_addr_t)0x40000);
	KUNIT_EXPECT_EQ(test, len, 0x2000U);
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x2800, &len), (dma_addr_t)0x41000);
	KUNIT_EXPECT_EQ(test, len, 0x1000U);
	/* walking backwards restarts from the first element */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x10, &len), (dma_addr_t)0x10010);
	KUNIT_EXPECT_EQ(test, len, 0x1800U - 0x10);
	/* past the end */
	KUNIT_EXPECT_EQ(test, sp_sg_lookup(&c, 0x3800, &len), (dma_addr_t)0);
	KUNIT_EXPECT_EQ(test, len, 0U);
}

/*
 * A request whose first data page sits right below the SrbExtension pool:
 * "first page + 4096" is pool memory.  The data of the second segment must
 * still be found through DataBuffer + 4096, and the pool through its own
 * address.  (DataBuffer used to be the first page's address, and the pool
 * won: the HBA then moved SRB extensions instead of the data.)
 */
static void sp_unit_data_buffer_no_alias(struct kunit *test)
{
	struct sp_host *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct sp_cmd *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct scatterlist *sgl = kunit_kcalloc(test, 2, sizeof(*sgl), GFP_KERNEL);
	struct sp_cmd **slots = kunit_kcalloc(test, 1, sizeof(*slots), GFP_KERNEL);
	PSCSI_REQUEST_BLOCK srb = kunit_kzalloc(test, sizeof(*srb), GFP_KERNEL);
	struct page *pair, *other;
	u8 *buf;
	size_t len;
	u64 pa;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, sgl);
	KUNIT_ASSERT_NOT_NULL(test, slots);
	KUNIT_ASSERT_NOT_NULL(test, srb);
	pair = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	other = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, pair);
	KUNIT_ASSERT_NOT_NULL(test, other);

	/* The "pool" is the page after the first data page. */
	sp->pool = page_address(pair) + PAGE_SIZE;
	sp->pool_len = PAGE_SIZE;
	sp->pool_dma = 0x900000;
	sp->nslots = 1;
	sp->slots = slots;
	KUNIT_ASSERT_EQ(test, sp_data_window_alloc(sp, 2 * PAGE_SIZE), 0);

	sg_init_table(sgl, 2);
	sg_set_page(&sgl[0], pair, PAGE_SIZE, 0);
	sg_set_page(&sgl[1], other, PAGE_SIZE, 0);
	sg_dma_address(&sgl[0]) = 0x10000;
	sg_dma_len(&sgl[0]) = PAGE_SIZE;
	sg_dma_address(&sgl[1]) = 0x50000;
	sg_dma_len(&sgl[1]) = PAGE_SIZE;
	c->sgl = sgl;
	c->sg_count = 2;
	c->xfer_len = 2 * PAGE_SIZE;
	c->flags = SP_CMDF_DMA_MAPPED;
	c->state = SP_CMD_ACTIVE;
	c->slot = 0;
	c->srb = srb;
	sp_set_cookie(c);
	slots[0] = c;
	c->srb->DataBuffer = sp_data_buffer(sp, sgl, 2, c->xfer_len);
	c->data_buffer = c->srb->DataBuffer;
	buf = c->srb->DataBuffer;
	KUNIT_ASSERT_NOT_NULL(test, buf);

	/* not inside the pool, nor the first page's neighbourhood */
	KUNIT_EXPECT_TRUE(test, buf + c->xfer_len <= (u8 *)sp->pool ||
			  buf >= (u8 *)sp->pool + sp->pool_len);
	pa = sp_phys_lookup(sp, c->srb, buf, &len);
	KUNIT_EXPECT_EQ(test, pa, 0x10000ULL);
	KUNIT_EXPECT_EQ(test, len, (size_t)PAGE_SIZE);
	pa = sp_phys_lookup(sp, c->srb, buf + PAGE_SIZE + 8, &len);
	KUNIT_EXPECT_EQ(test, pa, 0x50008ULL);
	KUNIT_EXPECT_EQ(test, len, (size_t)PAGE_SIZE - 8);
	/* the pool is still the pool, with or without the SRB */
	pa = sp_phys_lookup(sp, NULL, sp->pool + 16, &len);
	KUNIT_EXPECT_EQ(test, pa, 0x900010ULL);
	pa = sp_phys_lookup(sp, c->srb, sp->pool + 16, &len);
	KUNIT_EXPECT_EQ(test, pa, 0x900010ULL);
	/* a miniport that touches the window touches only the window page */
	KUNIT_EXPECT_EQ(test, buf[PAGE_SIZE + 100], 0);
	buf[PAGE_SIZE + 100] = 0x5a;
	KUNIT_EXPECT_EQ(test, ((u8 *)page_address(other))[100], 0);
	KUNIT_EXPECT_EQ(test, ((u8 *)sp->pool)[100], 0);

	/* one segment: its own address, which is real memory */
	KUNIT_EXPECT_PTR_EQ(test, sp_data_buffer(sp, sgl, 1, PAGE_SIZE),
			    page_address(pair));
	/* too long for the window: refused */
	KUNIT_EXPECT_NULL(test, sp_data_buffer(sp, sgl, 2, 4 * PAGE_SIZE));

	sp_data_window_free(sp);
	KUNIT_EXPECT_NULL(test, sp->data_window);
	__free_pages(pair, 1);
	__free_page(other);
}

static void sp_unit_hwinit_fill(HW_INITIALIZATION_DATA *hw)
{
	memset(hw, 0, sizeof(*hw));
	hw->HwInitializationDataSize = sizeof(*hw);
	hw->AdapterInterfaceType = PCIBus;
	hw->HwInitialize = (PHW_INITIALIZE)1;
	hw->HwStartIo = (PHW_STARTIO)1;
	hw->HwFindAdapter = (PHW_FIND_ADAPTER)1;
	hw->HwResetBus = (PHW_RESET_BUS)1;
}

static void sp_unit_hwinit_validation(struct kunit *test)
{
	HW_INITIALIZATION_DATA hw;
	static struct sp_driver_object obj = { .name = "sp_unit" };

	sp_unit_hwinit_fill(&hw);
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_SUCCESS);

	hw.HwInitializationDataSize = 8;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_REVISION_MISMATCH);
	hw.HwInitializationDataSize = sizeof(hw) + 8;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_REVISION_MISMATCH);
	/* the NT 4 layout, without HwAdapterControl, is still accepted */
	hw.HwInitializationDataSize = offsetof(HW_INITIALIZATION_DATA, HwAdapterControl);
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_SUCCESS);

	sp_unit_hwinit_fill(&hw);
	hw.HwStartIo = NULL;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_REVISION_MISMATCH);
	sp_unit_hwinit_fill(&hw);
	hw.HwResetBus = NULL;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_REVISION_MISMATCH);
	sp_unit_hwinit_fill(&hw);
	hw.AdapterInterfaceType = Isa;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_NO_SUCH_DEVICE);
	sp_unit_hwinit_fill(&hw);
	hw.DeviceExtensionSize = 0xffffffff;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_INVALID_PARAMETER);
	sp_unit_hwinit_fill(&hw);
	hw.SrbExtensionSize = 0x100000;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_INVALID_PARAMETER);
	sp_unit_hwinit_fill(&hw);
	hw.VendorIdLength = 4;
	KUNIT_EXPECT_EQ(test, sp_check_hwinit(&hw), (ULONG)STATUS_INVALID_PARAMETER);

	/* ScsiPortInitialize itself refuses a stray driver object or no data */
	sp_unit_hwinit_fill(&hw);
	KUNIT_EXPECT_EQ(test, ScsiPortInitialize(&hw, NULL, &hw, NULL),
			(ULONG)STATUS_INVALID_PARAMETER);
	obj.owner = THIS_MODULE;
	sp_driver_object_register(&obj);
	KUNIT_EXPECT_EQ(test, ScsiPortInitialize(&obj, NULL, NULL, NULL),
			(ULONG)STATUS_INVALID_PARAMETER);
	hw.HwInitializationDataSize = 4;
	KUNIT_EXPECT_EQ(test, ScsiPortInitialize(&obj, NULL, &hw, NULL),
			(ULONG)STATUS_REVISION_MISMATCH);
	KUNIT_EXPECT_NE(test, sp_driver_object_finish(&obj, STATUS_REVISION_MISMATCH), 0);
	/* after DriverEntry, ScsiPortInitialize is refused */
	sp_unit_hwinit_fill(&hw);
	KUNIT_EXPECT_EQ(test, ScsiPortInitialize(&obj, NULL, &hw, NULL),
			(ULONG)STATUS_INVALID_PARAMETER);
}

static void sp_unit_format(struct kunit *test)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain text", "plain text" },
		{ "%lx %lu %ld", "%x %u %d" },
		{ "%08lX!", "%08X!" },
		{ "%I64x %llx", "%llx %llx" },
		{ "%ws and %S and %wZ", "%p and %p and %p" },
		{ "100%% %s", "100%% %s" },
		{ "%p %c %hx", "%p %c %hx" },
		{ "%ls %lc %I32x %Ix", "%p %p %x %lx" },
	};
	char out[64];
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sp_translate_format(cases[i].in, out, sizeof(out));
		KUNIT_EXPECT_STREQ(test, out, cases[i].out);
	}
	/* truncation keeps a terminated string */
	sp_translate_format("%lx%lx%lx%lx%lx%lx", out, 8);
	KUNIT_EXPECT_LT(test, strlen(out), (size_t)8);
}

/* A byte pattern that differs at every offset of a few KiB. */
static u8 sp_unit_pattern(unsigned int i)
{
	return (u8)(i * 7 + (i >> 8));
}

static void sp_unit_move_check(struct kunit *test, unsigned int dst,
			       unsigned int src, unsigned int len)
{
	const unsigned int size = 3 * PAGE_SIZE;
	u8 *buf = kunit_kmalloc(test, size, GFP_KERNEL);
	unsigned int i, bad = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < size; i++)
		buf[i] = sp_unit_pattern(i);
	ScsiPortMoveMemory(buf + dst, buf + src, len);
	for (i = 0; i < size; i++) {
		u8 want = sp_unit_pattern(i);

		if (i >= dst && i < dst + len)
			want = sp_unit_pattern(src + i - dst);
		bad += buf[i] != want;
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0U, "move %u -> %u, %u bytes", src, dst, len);
}

static void sp_unit_move_memory(struct kunit *test)
{
	/* overlapping, both directions, short and long (other copy loops) */
	sp_unit_move_check(test, 1, 0, 2 * PAGE_SIZE);
	sp_unit_move_check(test, 0, 1, 2 * PAGE_SIZE);
	sp_unit_move_check(test, 8, 0, 24);
	sp_unit_move_check(test, 0, 8, 24);
	sp_unit_move_check(test, 100, 0, 1000);
	/*
	 * x86's memcpy() without FSRM picks its direction from the low
	 * address bytes: these two get the wrong one and would show it.
	 */
	sp_unit_move_check(test, 0x108, 0x10, 1000);
	sp_unit_move_check(test, 0x10, 0x108, 1000);
	/* separate ranges, touching and not */
	sp_unit_move_check(test, PAGE_SIZE, 0, PAGE_SIZE);
	sp_unit_move_check(test, 0, PAGE_SIZE, PAGE_SIZE);
	sp_unit_move_check(test, 2 * PAGE_SIZE, 3, PAGE_SIZE - 3);
	sp_unit_move_check(test, 5, 5, 64);
	sp_unit_move_check(test, 0, 0, 0);
}

static struct kunit_case sp_unit_cases[] = {
	KUNIT_CASE_PARAM(sp_unit_status_table, sp_status_gen_params),
	KUNIT_CASE(sp_unit_status_names),
	KUNIT_CASE(sp_unit_sg_lookup),
	KUNIT_CASE(sp_unit_data_buffer_no_alias),
	KUNIT_CASE(sp_unit_hwinit_validation),
	KUNIT_CASE(sp_unit_format),
	KUNIT_CASE(sp_unit_move_memory),
	{}
};

static struct kunit_suite sp_unit_suite = {
	.name = "scsiport_unit",
	.test_cases = sp_unit_cases,
};

kunit_test_suite(sp_unit_suite);
