// SPDX-License-Identifier: GPL-2.0
/*
 * ramdisk_scsi.c - the SCSI command set of the RAM disks.
 *
 * Each disk is a direct-access block device of 512-byte blocks whose
 * contents live in the adapter's device extension.  Commands run to
 * completion here, synchronously; the caller (ramdisk.c) decides when the
 * SRB is handed back to the port driver.
 *
 * Implemented: TEST UNIT READY, REQUEST SENSE, INQUIRY (standard data and
 * the VPD pages 00h, 80h, 83h, B0h, B1h, B2h), MODE SENSE(6)/(10) (caching
 * and control pages, all pages; DBD and LLBAA honoured), START STOP UNIT,
 * READ CAPACITY(10), SERVICE ACTION IN(16)/READ CAPACITY(16), READ and
 * WRITE (6, 10, 12, 16), VERIFY(10)/(16) (no data comparison),
 * SYNCHRONIZE CACHE(10)/(16), UNMAP (the blocks read back as zeros) and
 * REPORT LUNS.  Anything else is answered with CHECK CONDITION, ILLEGAL
 * REQUEST, INVALID COMMAND OPERATION CODE.
 *
 * Data-in commands return min(what the command produces, its allocation
 * length, DataTransferLength) bytes; when that is less than
 * DataTransferLength, DataTransferLength is lowered and the SRB completes
 * with SRB_STATUS_DATA_OVERRUN, the ScsiPort way of reporting an underrun.
 */
#include "ramdisk.h"

/* Identification strings, space padded as INQUIRY wants them. */
#define RAMDISK_VENDOR_ID	"SCSIPORT"
#define RAMDISK_PRODUCT_ID	"RAMDISK         "
#define RAMDISK_REVISION	"1.00"

/* Standard INQUIRY version descriptors (SAM-5, SPC-4, SBC-3). */
#define RAMDISK_VERSION_SAM5	0x00A0
#define RAMDISK_VERSION_SPC4	0x0460
#define RAMDISK_VERSION_SBC3	0x04C0

/* Additional sense codes not named in scsi.h. */
#define RAMDISK_ASC_SAVING_NOT_SUPPORTED	0x39
#define RAMDISK_ASCQ_LBA_OUT_OF_RANGE		0x00

/* Mode page lengths (the bytes after the two-byte page header). */
#define RAMDISK_CACHING_PAGE_LENGTH	0x12
#define RAMDISK_CONTROL_PAGE_LENGTH	0x0A

/* Sizes of the answers built on the stack. */
#define RAMDISK_VPD_BUFFER		96
#define RAMDISK_MODE_BUFFER		96
#define RAMDISK_FIXED_SENSE_LENGTH	18
#define RAMDISK_SERIAL_LENGTH		12

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

VOID RamdiskZeroMemory(PVOID Buffer, ULONG Length)
{
	PUCHAR p = Buffer;

	while (Length--)
		*p++ = 0;
}

static VOID RamdiskCopyString(PUCHAR Destination, const CHAR *Source,
			      ULONG Length)
{
	ULONG i;

	for (i = 0; i < Length && Source[i]; i++)
		Destination[i] = (UCHAR)Source[i];
	for (; i < Length; i++)
		Destination[i] = ' ';
}

static USHORT RamdiskGet16(const UCHAR *p)
{
	return (USHORT)(p[0] << 8 | p[1]);
}

static ULONG RamdiskGet32(const UCHAR *p)
{
	return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}

static ULONGLONG RamdiskGet64(const UCHAR *p)
{
	return (ULONGLONG)RamdiskGet32(p) << 32 | RamdiskGet32(p + 4);
}

static VOID RamdiskPut16(PUCHAR p, ULONG Value)
{
	p[0] = (UCHAR)(Value >> 8);
	p[1] = (UCHAR)Value;
}

static VOID RamdiskPut32(PUCHAR p, ULONG Value)
{
	p[0] = (UCHAR)(Value >> 24);
	p[1] = (UCHAR)(Value >> 16);
	p[2] = (UCHAR)(Value >> 8);
	p[3] = (UCHAR)Value;
}

static VOID RamdiskPut64(PUCHAR p, ULONGLONG Value)
{
	RamdiskPut32(p, (ULONG)(Value >> 32));
	RamdiskPut32(p + 4, (ULONG)Value);
}

static ULONG RamdiskMin(ULONG a, ULONG b)
{
	return a < b ? a : b;
}

/* Fixed-format sense data, up to Length bytes of it. */
static VOID RamdiskBuildSense(PUCHAR Buffer, ULONG Length, UCHAR SenseKey,
			      UCHAR Asc, UCHAR Ascq)
{
	UCHAR sense[RAMDISK_FIXED_SENSE_LENGTH];
	ULONG i;

	RamdiskZeroMemory(sense, sizeof(sense));
	sense[0] = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
	sense[2] = SenseKey & 0x0F;
	sense[7] = sizeof(sense) - 8;	/* additional sense length */
	sense[12] = Asc;
	sense[13] = Ascq;
	for (i = 0; i < Length && i < sizeof(sense); i++)
		Buffer[i] = sense[i];
}

VOID RamdiskSetCheckCondition(PRAMDISK_ADAPTER Adapter,
			      PSCSI_REQUEST_BLOCK Srb, UCHAR SenseKey,
			      UCHAR Asc, UCHAR Ascq)
{
	PRAMDISK_DISK disk = &Adapter->Disk[Srb->TargetId];
	ULONG length;

	Adapter->Stats.CheckConditions++;
	Srb->SrbStatus = SRB_STATUS_ERROR;
	Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
	Srb->DataTransferLength = 0;

	if (!(Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) &&
	    Srb->SenseInfoBuffer && Srb->SenseInfoBufferLength) {
		length = RamdiskMin(Srb->SenseInfoBufferLength,
				    RAMDISK_FIXED_SENSE_LENGTH);
		RamdiskZeroMemory(Srb->SenseInfoBuffer,
				  Srb->SenseInfoBufferLength);
		RamdiskBuildSense(Srb->SenseInfoBuffer, length, SenseKey, Asc,
				  Ascq);
		Srb->SenseInfoBufferLength = (UCHAR)length;
		Srb->SrbStatus |= SRB_STATUS_AUTOSENSE_VALID;
		disk->PendingSense.Valid = FALSE;
		return;
	}
	/* No autosense: keep it for the REQUEST SENSE that will follow. */
	disk->PendingSense.Valid = TRUE;
	disk->PendingSense.SenseKey = SenseKey;
	disk->PendingSense.AdditionalSenseCode = Asc;
	disk->PendingSense.AdditionalSenseCodeQualifier = Ascq;
}

static VOID RamdiskInvalidField(PRAMDISK_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	RamdiskSetCheckCondition(Adapter, Srb, SCSI_SENSE_ILLEGAL_REQUEST,
				 SCSI_ADSENSE_INVALID_CDB, 0);
}

static VOID RamdiskLbaOutOfRange(PRAMDISK_ADAPTER Adapter,
				 PSCSI_REQUEST_BLOCK Srb)
{
	RamdiskSetCheckCondition(Adapter, Srb, SCSI_SENSE_ILLEGAL_REQUEST,
				 SCSI_ADSENSE_ILLEGAL_BLOCK,
				 RAMDISK_ASCQ_LBA_OUT_OF_RANGE);
}

/*
 * Hand Length bytes of Data to a data-in command whose allocation length is
 * AllocationLength.  A request that did not ask for data in gets nothing.
 */
static VOID RamdiskReturnData(PSCSI_REQUEST_BLOCK Srb, const VOID *Data,
			      ULONG Length, ULONG AllocationLength)
{
	ULONG count = RamdiskMin(RamdiskMin(Length, AllocationLength),
				 Srb->DataTransferLength);

	if (!(Srb->SrbFlags & SRB_FLAGS_DATA_IN) || !Srb->DataBuffer)
		count = 0;
	if (count)
		ScsiPortMoveMemory(Srb->DataBuffer, (PVOID)Data, count);
	Srb->ScsiStatus = SCSISTAT_GOOD;
	if (count < Srb->DataTransferLength) {
		Srb->DataTransferLength = count;
		Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
	} else {
		Srb->SrbStatus = SRB_STATUS_SUCCESS;
	}
}

static VOID RamdiskGood(PSCSI_REQUEST_BLOCK Srb)
{
	Srb->SrbStatus = SRB_STATUS_SUCCESS;
	Srb->ScsiStatus = SCSISTAT_GOOD;
	Srb->DataTransferLength = 0;
}

/* Length of the CDB an operation code needs, by its group code. */
static ULONG RamdiskCdbLength(UCHAR OperationCode)
{
	switch (OperationCode >> 5) {
	case 0:
		return 6;
	case 1:
	case 2:
		return 10;
	case 4:
		return 16;
	case 5:
		return 12;
	default:
		return 0;	/* reserved or vendor specific */
	}
}

/* ------------------------------------------------------------------ */
/* INQUIRY                                                             */
/* ------------------------------------------------------------------ */

/* Per-disk serial number: "SPRD" and the target number in hex. */
static VOID RamdiskSerialNumber(PSCSI_REQUEST_BLOCK Srb, PUCHAR Serial)
{
	static const CHAR hex[] = "0123456789ABCDEF";
	ULONG i;

	RamdiskCopyString(Serial, "SPRD0000", 8);
	Serial[6] = (UCHAR)hex[(Srb->TargetId >> 4) & 0xF];
	Serial[7] = (UCHAR)hex[Srb->TargetId & 0xF];
	for (i = 8; i < RAMDISK_SERIAL_LENGTH; i++)
		Serial[i] = '0';
	Serial[RAMDISK_SERIAL_LENGTH - 1] = '1';
}

static VOID RamdiskStandardInquiry(PSCSI_REQUEST_BLOCK Srb, ULONG Allocation)
{
	INQUIRYDATA data;

	RamdiskZeroMemory(&data, sizeof(data));
	data.DeviceType = DIRECT_ACCESS_DEVICE;
	data.DeviceTypeQualifier = DEVICE_QUALIFIER_ACTIVE;
	data.Versions = 0x06;			/* SPC-4 */
	data.ResponseDataFormat = 2;
	data.HiSupport = 1;
	data.AdditionalLength = (UCHAR)(sizeof(data) - 5);
	data.CommandQueue = 1;
	RamdiskCopyString(data.VendorId, RAMDISK_VENDOR_ID, sizeof(data.VendorId));
	RamdiskCopyString(data.ProductId, RAMDISK_PRODUCT_ID,
			  sizeof(data.ProductId));
	RamdiskCopyString(data.ProductRevisionLevel, RAMDISK_REVISION,
			  sizeof(data.ProductRevisionLevel));
	/* Version descriptors are big-endian on the wire. */
	RamdiskPut16((PUCHAR)&data.VersionDescriptors[0], RAMDISK_VERSION_SAM5);
	RamdiskPut16((PUCHAR)&data.VersionDescriptors[1], RAMDISK_VERSION_SPC4);
	RamdiskPut16((PUCHAR)&data.VersionDescriptors[2], RAMDISK_VERSION_SBC3);
	RamdiskReturnData(Srb, &data, sizeof(data), Allocation);
}

/* The VPD pages; returns the page length, 0 for a page we do not have. */
static ULONG RamdiskBuildVpdPage(PRAMDISK_ADAPTER Adapter,
				 PSCSI_REQUEST_BLOCK Srb, UCHAR PageCode,
				 PUCHAR Page)
{
	static const UCHAR supported[] = {
		VPD_SUPPORTED_PAGES, VPD_SERIAL_NUMBER, VPD_DEVICE_IDENTIFIERS,
		VPD_BLOCK_LIMITS, VPD_BLOCK_DEVICE_CHARACTERISTICS,
		VPD_LOGICAL_BLOCK_PROVISIONING,
	};
	UCHAR serial[RAMDISK_SERIAL_LENGTH];
	PUCHAR d;
	ULONG i, length;

	UNREFERENCED_PARAMETER(Adapter);
	RamdiskZeroMemory(Page, RAMDISK_VPD_BUFFER);
	Page[0] = DIRECT_ACCESS_DEVICE;
	Page[1] = PageCode;

	switch (PageCode) {
	case VPD_SUPPORTED_PAGES:
		for (i = 0; i < sizeof(supported); i++)
			Page[4 + i] = supported[i];
		length = sizeof(supported);
		break;

	case VPD_SERIAL_NUMBER:
		RamdiskSerialNumber(Srb, serial);
		for (i = 0; i < sizeof(serial); i++)
			Page[4 + i] = serial[i];
		length = sizeof(serial);
		break;

	case VPD_DEVICE_IDENTIFIERS:
		/* T10 vendor identification: vendor, product, serial. */
		d = Page + 4;
		d[0] = VpdCodeSetAscii;
		d[1] = (VpdAssocDevice << 4) | VpdIdentifierTypeVendorId;
		d[3] = 8 + 7 + RAMDISK_SERIAL_LENGTH;
		RamdiskCopyString(d + 4, RAMDISK_VENDOR_ID, 8);
		RamdiskCopyString(d + 12, "RAMDISK", 7);
		RamdiskSerialNumber(Srb, d + 19);
		/* NAA "locally assigned" (3h): binary, logical unit. */
		d += 4 + d[3];
		d[0] = VpdCodeSetBinary;
		d[1] = (VpdAssocDevice << 4) | VpdIdentifierTypeFCPHName;
		d[3] = 8;
		d[4] = 0x35;		/* NAA 3h, then "SPRD" in the value */
		d[5] = 'S';
		d[6] = 'P';
		d[7] = 'R';
		d[8] = 'D';
		d[9] = 0;
		d[10] = 0;
		d[11] = (UCHAR)(Srb->TargetId + 1);
		length = (ULONG)(d + 12 - (Page + 4));
		break;

	case VPD_BLOCK_LIMITS:
		length = 0x3C;
		RamdiskPut16(Page + 6, 1);		/* transfer granularity */
		RamdiskPut32(Page + 8, RAMDISK_MAX_TRANSFER_BLOCKS);
		RamdiskPut32(Page + 12, RAMDISK_MAX_TRANSFER_BLOCKS);
		RamdiskPut32(Page + 20, RAMDISK_MAX_UNMAP_BLOCKS);
		RamdiskPut32(Page + 24, RAMDISK_MAX_UNMAP_DESCRIPTORS);
		RamdiskPut32(Page + 28, 1);		/* unmap granularity */
		break;

	case VPD_BLOCK_DEVICE_CHARACTERISTICS:
		length = 0x3C;
		RamdiskPut16(Page + 4, 1);		/* non-rotating medium */
		break;

	case VPD_LOGICAL_BLOCK_PROVISIONING:
		length = 4;
		Page[5] = 0x80 | 0x04;			/* LBPU, LBPRZ */
		Page[6] = PROVISIONING_TYPE_RESOURCE;
		break;

	default:
		return 0;
	}
	RamdiskPut16(Page + 2, length);
	return length + 4;
}

static VOID RamdiskInquiry(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	const UCHAR *cdb = Srb->Cdb;
	UCHAR page[RAMDISK_VPD_BUFFER];
	ULONG allocation = RamdiskGet16(cdb + 3);
	ULONG length;

	if (cdb[1] & 0x02) {			/* CMDDT: obsolete */
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	if (!(cdb[1] & 0x01)) {			/* standard data */
		if (cdb[2]) {
			RamdiskInvalidField(Adapter, Srb);
			return;
		}
		RamdiskStandardInquiry(Srb, allocation);
		return;
	}
	length = RamdiskBuildVpdPage(Adapter, Srb, cdb[2], page);
	if (!length) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	RamdiskReturnData(Srb, page, length, allocation);
}

/* ------------------------------------------------------------------ */
/* MODE SENSE                                                          */
/* ------------------------------------------------------------------ */

/* Append a mode page to Buffer at *Offset; Changeable: all fields zero. */
static VOID RamdiskAddModePage(PUCHAR Buffer, PULONG Offset, UCHAR PageCode,
			       BOOLEAN Changeable)
{
	PUCHAR p = Buffer + *Offset;

	switch (PageCode) {
	case MODE_PAGE_CACHING:
		RamdiskZeroMemory(p, 2 + RAMDISK_CACHING_PAGE_LENGTH);
		p[0] = MODE_PAGE_CACHING;
		p[1] = RAMDISK_CACHING_PAGE_LENGTH;
		if (!Changeable)
			p[2] = 0x04;	/* WCE: volatile, lost at unload */
		*Offset += 2 + RAMDISK_CACHING_PAGE_LENGTH;
		break;
	case MODE_PAGE_CONTROL:
		RamdiskZeroMemory(p, 2 + RAMDISK_CONTROL_PAGE_LENGTH);
		p[0] = MODE_PAGE_CONTROL;
		p[1] = RAMDISK_CONTROL_PAGE_LENGTH;
		if (!Changeable) {
			p[2] = 0x02;	/* GLTSD: no log parameters saved */
			p[3] = 0x10;	/* unrestricted reordering */
		}
		*Offset += 2 + RAMDISK_CONTROL_PAGE_LENGTH;
		break;
	default:
		break;
	}
}

static VOID RamdiskModeSense(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	const UCHAR *cdb = Srb->Cdb;
	BOOLEAN ten = cdb[0] == SCSIOP_MODE_SENSE10;
	BOOLEAN dbd = (cdb[1] & 0x08) != 0;
	BOOLEAN longLba = ten && (cdb[1] & 0x10);
	UCHAR pageControl = cdb[2] >> 6;
	UCHAR pageCode = cdb[2] & 0x3F;
	UCHAR subPage = cdb[3];
	UCHAR buffer[RAMDISK_MODE_BUFFER];
	ULONGLONG blocks = Adapter->Disk[Srb->TargetId].Blocks;
	ULONG allocation = ten ? RamdiskGet16(cdb + 7) : cdb[4];
	ULONG header = ten ? 8 : 4;
	ULONG descriptor = dbd ? 0 : (longLba ? 16 : 8);
	ULONG offset = header;
	BOOLEAN changeable = pageControl == 1;
	PUCHAR bd;

	if (pageControl == 3) {
		RamdiskSetCheckCondition(Adapter, Srb,
					 SCSI_SENSE_ILLEGAL_REQUEST,
					 RAMDISK_ASC_SAVING_NOT_SUPPORTED, 0);
		return;
	}
	if (subPage && !(pageCode == MODE_SENSE_RETURN_ALL && subPage == 0xFF)) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	if (pageCode != MODE_PAGE_CACHING && pageCode != MODE_PAGE_CONTROL &&
	    pageCode != MODE_SENSE_RETURN_ALL) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}

	RamdiskZeroMemory(buffer, sizeof(buffer));
	/* Block descriptor (current and default values; zeros if changeable). */
	bd = buffer + header;
	if (descriptor == 8 && !changeable) {
		RamdiskPut32(bd, blocks > 0xFFFFFFFF ? 0xFFFFFFFF : (ULONG)blocks);
		bd[5] = 0;
		bd[6] = RAMDISK_BLOCK_SIZE >> 8;
		bd[7] = RAMDISK_BLOCK_SIZE & 0xFF;
	} else if (descriptor == 16 && !changeable) {
		RamdiskPut64(bd, blocks);
		RamdiskPut32(bd + 12, RAMDISK_BLOCK_SIZE);
	}
	offset += descriptor;

	/* Pages in ascending order. */
	if (pageCode == MODE_PAGE_CACHING || pageCode == MODE_SENSE_RETURN_ALL)
		RamdiskAddModePage(buffer, &offset, MODE_PAGE_CACHING, changeable);
	if (pageCode == MODE_PAGE_CONTROL || pageCode == MODE_SENSE_RETURN_ALL)
		RamdiskAddModePage(buffer, &offset, MODE_PAGE_CONTROL, changeable);

	/* Header: the mode data length does not count itself. */
	if (ten) {
		RamdiskPut16(buffer, offset - 2);
		buffer[3] = MODE_DSP_FUA_SUPPORTED;
		buffer[4] = longLba ? 0x01 : 0;
		RamdiskPut16(buffer + 6, descriptor);
	} else {
		buffer[0] = (UCHAR)(offset - 1);
		buffer[2] = MODE_DSP_FUA_SUPPORTED;
		buffer[3] = (UCHAR)descriptor;
	}
	RamdiskReturnData(Srb, buffer, offset, allocation);
}

/* ------------------------------------------------------------------ */
/* READ CAPACITY, REQUEST SENSE, REPORT LUNS                           */
/* ------------------------------------------------------------------ */

static VOID RamdiskReadCapacity(PRAMDISK_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	ULONGLONG last = Adapter->Disk[Srb->TargetId].Blocks - 1;
	UCHAR data[8];

	RamdiskPut32(data, last > 0xFFFFFFFF ? 0xFFFFFFFF : (ULONG)last);
	RamdiskPut32(data + 4, RAMDISK_BLOCK_SIZE);
	RamdiskReturnData(Srb, data, sizeof(data), sizeof(data));
}

static VOID RamdiskReadCapacity16(PRAMDISK_ADAPTER Adapter,
				  PSCSI_REQUEST_BLOCK Srb)
{
	UCHAR data[32];

	if ((Srb->Cdb[1] & 0x1F) != SERVICE_ACTION_READ_CAPACITY16) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	RamdiskZeroMemory(data, sizeof(data));
	RamdiskPut64(data, Adapter->Disk[Srb->TargetId].Blocks - 1);
	RamdiskPut32(data + 8, RAMDISK_BLOCK_SIZE);
	data[14] = 0x80 | 0x40;		/* LBPME, LBPRZ: UNMAP reads back zeros */
	RamdiskReturnData(Srb, data, sizeof(data), RamdiskGet32(Srb->Cdb + 10));
}

static VOID RamdiskRequestSense(PRAMDISK_ADAPTER Adapter,
				PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_SENSE pending = &Adapter->Disk[Srb->TargetId].PendingSense;
	UCHAR sense[RAMDISK_FIXED_SENSE_LENGTH];
	UCHAR key = SCSI_SENSE_NO_SENSE, asc = 0, ascq = 0;

	if (pending->Valid) {
		key = pending->SenseKey;
		asc = pending->AdditionalSenseCode;
		ascq = pending->AdditionalSenseCodeQualifier;
		pending->Valid = FALSE;
	}
	RamdiskZeroMemory(sense, sizeof(sense));
	if (Srb->Cdb[1] & 0x01) {
		/* DESC: descriptor format, header only. */
		sense[0] = SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT;
		sense[1] = key;
		sense[2] = asc;
		sense[3] = ascq;
		RamdiskReturnData(Srb, sense, 8, Srb->Cdb[4]);
		return;
	}
	RamdiskBuildSense(sense, sizeof(sense), key, asc, ascq);
	RamdiskReturnData(Srb, sense, sizeof(sense), Srb->Cdb[4]);
}

static VOID RamdiskReportLuns(PRAMDISK_ADAPTER Adapter,
			      PSCSI_REQUEST_BLOCK Srb)
{
	ULONG allocation = RamdiskGet32(Srb->Cdb + 6);
	UCHAR data[16];

	if (allocation < 16) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	RamdiskZeroMemory(data, sizeof(data));
	RamdiskPut32(data, 8);		/* one LUN: 0 */
	RamdiskReturnData(Srb, data, sizeof(data), allocation);
}

/* ------------------------------------------------------------------ */
/* Block commands                                                      */
/* ------------------------------------------------------------------ */

BOOLEAN RamdiskDecodeReadWrite(PSCSI_REQUEST_BLOCK Srb, PULONGLONG Lba,
			       PULONG Blocks, PBOOLEAN Write)
{
	const UCHAR *cdb = Srb->Cdb;

	switch (cdb[0]) {
	case SCSIOP_READ6:
	case SCSIOP_WRITE6:
		*Lba = ((ULONG)(cdb[1] & 0x1F) << 16) | RamdiskGet16(cdb + 2);
		*Blocks = cdb[4] ? cdb[4] : 256;
		break;
	case SCSIOP_READ:
	case SCSIOP_WRITE:
		*Lba = RamdiskGet32(cdb + 2);
		*Blocks = RamdiskGet16(cdb + 7);
		break;
	case SCSIOP_READ12:
	case SCSIOP_WRITE12:
		*Lba = RamdiskGet32(cdb + 2);
		*Blocks = RamdiskGet32(cdb + 6);
		break;
	case SCSIOP_READ16:
	case SCSIOP_WRITE16:
		*Lba = RamdiskGet64(cdb + 2);
		*Blocks = RamdiskGet32(cdb + 10);
		break;
	default:
		return FALSE;
	}
	*Write = cdb[0] == SCSIOP_WRITE6 || cdb[0] == SCSIOP_WRITE ||
		 cdb[0] == SCSIOP_WRITE12 || cdb[0] == SCSIOP_WRITE16;
	return TRUE;
}

/* LBA and length inside the disk?  A zero length still needs a valid LBA. */
static BOOLEAN RamdiskRangeValid(PRAMDISK_DISK Disk, ULONGLONG Lba,
				 ULONGLONG Blocks)
{
	if (Lba >= Disk->Blocks)
		return FALSE;
	return Blocks <= Disk->Blocks - Lba;
}

static VOID RamdiskReadWrite(PRAMDISK_ADAPTER Adapter,
			     PSCSI_REQUEST_BLOCK Srb, BOOLEAN ShortRead)
{
	PRAMDISK_DISK disk = &Adapter->Disk[Srb->TargetId];
	ULONGLONG lba;
	ULONG blocks, bytes, count;
	BOOLEAN write;
	PUCHAR media;

	RamdiskDecodeReadWrite(Srb, &lba, &blocks, &write);
	if (!RamdiskRangeValid(disk, lba, blocks)) {
		RamdiskLbaOutOfRange(Adapter, Srb);
		return;
	}
	/* A disk is below 1 GiB, so the byte count fits in a ULONG. */
	bytes = blocks << RAMDISK_BLOCK_SHIFT;
	if (ShortRead && !write && blocks >= 2)
		bytes = (blocks / 2) << RAMDISK_BLOCK_SHIFT;

	/* Whole blocks, as far as the data buffer goes. */
	count = RamdiskMin(bytes, Srb->DataTransferLength);
	count &= ~(ULONG)(RAMDISK_BLOCK_SIZE - 1);
	if (count) {
		if (!Srb->DataBuffer) {
			Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
			return;
		}
		if (!(Srb->SrbFlags &
		      (write ? SRB_FLAGS_DATA_OUT : SRB_FLAGS_DATA_IN))) {
			/* The data phase goes the other way. */
			Srb->SrbStatus = SRB_STATUS_PHASE_SEQUENCE_FAILURE;
			return;
		}
	}

	media = disk->Data + (lba << RAMDISK_BLOCK_SHIFT);
	if (write) {
		ScsiPortMoveMemory(media, Srb->DataBuffer, count);
		Adapter->Stats.BytesWritten += count;
	} else {
		ScsiPortMoveMemory(Srb->DataBuffer, media, count);
		Adapter->Stats.BytesRead += count;
	}

	Srb->ScsiStatus = SCSISTAT_GOOD;
	if (count < Srb->DataTransferLength) {
		/* Less than the buffer holds: an underrun (residual). */
		Srb->DataTransferLength = count;
		Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
	} else if (count < bytes) {
		/* The command wanted more than the buffer holds. */
		Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
	} else {
		Srb->SrbStatus = SRB_STATUS_SUCCESS;
	}
}

/* SYNCHRONIZE CACHE and VERIFY: check the range, nothing else to do. */
static VOID RamdiskCheckRange(PRAMDISK_ADAPTER Adapter,
			      PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_DISK disk = &Adapter->Disk[Srb->TargetId];
	const UCHAR *cdb = Srb->Cdb;
	ULONGLONG lba, blocks;
	BOOLEAN toEnd = FALSE;

	if (cdb[0] == SCSIOP_SYNCHRONIZE_CACHE16 || cdb[0] == SCSIOP_VERIFY16) {
		lba = RamdiskGet64(cdb + 2);
		blocks = RamdiskGet32(cdb + 10);
	} else {
		lba = RamdiskGet32(cdb + 2);
		blocks = RamdiskGet16(cdb + 7);
	}
	/* SYNCHRONIZE CACHE with no blocks means "to the end". */
	if (blocks == 0 && (cdb[0] == SCSIOP_SYNCHRONIZE_CACHE ||
			    cdb[0] == SCSIOP_SYNCHRONIZE_CACHE16))
		toEnd = TRUE;
	if (toEnd ? lba >= disk->Blocks : !RamdiskRangeValid(disk, lba, blocks)) {
		RamdiskLbaOutOfRange(Adapter, Srb);
		return;
	}
	RamdiskGood(Srb);
}

static VOID RamdiskUnmap(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
	PRAMDISK_DISK disk = &Adapter->Disk[Srb->TargetId];
	ULONG listLength = RamdiskGet16(Srb->Cdb + 7);
	ULONG available, descriptors, i, total = 0;
	const UCHAR *list = Srb->DataBuffer;
	const UCHAR *d;
	ULONGLONG lba;
	ULONG blocks;

	if (Srb->Cdb[1] & 0x01) {		/* ANCHOR: not supported */
		RamdiskInvalidField(Adapter, Srb);
		return;
	}
	if (listLength == 0) {
		RamdiskGood(Srb);
		return;
	}
	available = RamdiskMin(listLength, Srb->DataTransferLength);
	if (!list || !(Srb->SrbFlags & SRB_FLAGS_DATA_OUT))
		available = 0;
	if (available < 8) {
		RamdiskSetCheckCondition(Adapter, Srb,
					 SCSI_SENSE_ILLEGAL_REQUEST,
					 SCSI_ADSENSE_PARAMETER_LIST_LENGTH, 0);
		return;
	}
	descriptors = RamdiskGet16(list + 2) / 16;
	if (8 + descriptors * 16 > available ||
	    descriptors > RAMDISK_MAX_UNMAP_DESCRIPTORS) {
		RamdiskSetCheckCondition(Adapter, Srb,
					 SCSI_SENSE_ILLEGAL_REQUEST,
					 SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST, 0);
		return;
	}
	/* Check every descriptor before changing anything. */
	for (i = 0; i < descriptors; i++) {
		d = list + 8 + i * 16;
		lba = RamdiskGet64(d);
		blocks = RamdiskGet32(d + 8);
		if (!RamdiskRangeValid(disk, lba, blocks)) {
			RamdiskLbaOutOfRange(Adapter, Srb);
			return;
		}
		total += blocks;
		if (blocks > RAMDISK_MAX_UNMAP_BLOCKS ||
		    total > RAMDISK_MAX_UNMAP_BLOCKS) {
			RamdiskSetCheckCondition(Adapter, Srb,
						 SCSI_SENSE_ILLEGAL_REQUEST,
						 SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST, 0);
			return;
		}
	}
	for (i = 0; i < descriptors; i++) {
		d = list + 8 + i * 16;
		lba = RamdiskGet64(d);
		blocks = RamdiskGet32(d + 8);
		RamdiskZeroMemory(disk->Data + (lba << RAMDISK_BLOCK_SHIFT),
				  blocks << RAMDISK_BLOCK_SHIFT);
	}
	Adapter->Stats.BlocksUnmapped += total;
	RamdiskGood(Srb);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

VOID RamdiskExecuteScsi(PRAMDISK_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb,
			BOOLEAN ShortRead)
{
	UCHAR opcode = Srb->Cdb[0];
	ULONG need = RamdiskCdbLength(opcode);

	Srb->ScsiStatus = SCSISTAT_GOOD;
	if (need && Srb->CdbLength < need) {
		RamdiskInvalidField(Adapter, Srb);
		return;
	}

	switch (opcode) {
	case SCSIOP_TEST_UNIT_READY:
	case SCSIOP_START_STOP_UNIT:
		RamdiskGood(Srb);
		break;
	case SCSIOP_REQUEST_SENSE:
		RamdiskRequestSense(Adapter, Srb);
		break;
	case SCSIOP_INQUIRY:
		RamdiskInquiry(Adapter, Srb);
		break;
	case SCSIOP_MODE_SENSE:
	case SCSIOP_MODE_SENSE10:
		RamdiskModeSense(Adapter, Srb);
		break;
	case SCSIOP_READ_CAPACITY:
		RamdiskReadCapacity(Adapter, Srb);
		break;
	case SCSIOP_SERVICE_ACTION_IN16:
		RamdiskReadCapacity16(Adapter, Srb);
		break;
	case SCSIOP_READ6:
	case SCSIOP_WRITE6:
	case SCSIOP_READ:
	case SCSIOP_WRITE:
	case SCSIOP_READ12:
	case SCSIOP_WRITE12:
	case SCSIOP_READ16:
	case SCSIOP_WRITE16:
		RamdiskReadWrite(Adapter, Srb, ShortRead);
		break;
	case SCSIOP_VERIFY:
	case SCSIOP_VERIFY16:
	case SCSIOP_SYNCHRONIZE_CACHE:
	case SCSIOP_SYNCHRONIZE_CACHE16:
		RamdiskCheckRange(Adapter, Srb);
		break;
	case SCSIOP_UNMAP:
		RamdiskUnmap(Adapter, Srb);
		break;
	case SCSIOP_REPORT_LUNS:
		RamdiskReportLuns(Adapter, Srb);
		break;
	default:
		RamdiskSetCheckCondition(Adapter, Srb,
					 SCSI_SENSE_ILLEGAL_REQUEST,
					 SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
		break;
	}
}
