/*
 * scsi.h - SCSI protocol definitions for ScsiPort miniport drivers built
 * against the ScsiPort shim.
 *
 * Operation codes, status bytes, sense keys and codes, the CDB layouts and
 * the data structures that common commands return (INQUIRY, READ CAPACITY,
 * MODE SENSE, REPORT LUNS, VPD pages), spelled the way Windows miniport
 * sources expect them.  Multi-byte quantities inside these structures are
 * big-endian on the wire; the REVERSE_BYTES helpers convert them.
 *
 * As on Windows, kernel-mode users of this header also get srb.h; define
 * _NTSCSI_USER_MODE_ first to get the protocol definitions alone.
 *
 * UCHAR bit-fields below are listed from the least significant bit of
 * their byte upwards, which is how both MSVC and gcc on x86 allocate them.
 */
#ifndef SCSIPORT_SHIM_SCSI_H
#define SCSIPORT_SHIM_SCSI_H

#include "sptypes.h"
#ifndef _NTSCSI_USER_MODE_
#include "srb.h"
#endif

/* ------------------------------------------------------------------ */
/* Command descriptor blocks                                           */
/* ------------------------------------------------------------------ */

#define MAXIMUM_CDB_SIZE	12
#define CDB6GENERIC_LENGTH	6
#define CDB10GENERIC_LENGTH	10
#define CDB12GENERIC_LENGTH	12

#define SETBITON	1
#define SETBITOFF	0

/*
 * Several CDB member names are also opcode macros in Linux's
 * <scsi/scsi_proto.h> (MODE_SENSE, READ_TOC, REPORT_LUNS, UNMAP, ...).
 * Their Linux definitions, if any, are set aside while the union is
 * declared and restored afterwards, so the two headers can share a
 * translation unit in either order.  Code that sees both must reach those
 * members through AsByte or with the macro #undef'd locally.
 */
#pragma push_macro("CDB6GENERIC")
#undef CDB6GENERIC
#pragma push_macro("CDB6READWRITE")
#undef CDB6READWRITE
#pragma push_macro("CDB6INQUIRY")
#undef CDB6INQUIRY
#pragma push_macro("CDB6INQUIRY3")
#undef CDB6INQUIRY3
#pragma push_macro("CDB6VERIFY")
#undef CDB6VERIFY
#pragma push_macro("CDB6FORMAT")
#undef CDB6FORMAT
#pragma push_macro("CDB10")
#undef CDB10
#pragma push_macro("CDB12")
#undef CDB12
#pragma push_macro("CDB16")
#undef CDB16
#pragma push_macro("PAUSE_RESUME")
#undef PAUSE_RESUME
#pragma push_macro("READ_TOC")
#undef READ_TOC
#pragma push_macro("PLAY_AUDIO_MSF")
#undef PLAY_AUDIO_MSF
#pragma push_macro("SUBCHANNEL")
#undef SUBCHANNEL
#pragma push_macro("READ_CD")
#undef READ_CD
#pragma push_macro("MODE_SENSE")
#undef MODE_SENSE
#pragma push_macro("MODE_SENSE10")
#undef MODE_SENSE10
#pragma push_macro("MODE_SELECT")
#undef MODE_SELECT
#pragma push_macro("MODE_SELECT10")
#undef MODE_SELECT10
#pragma push_macro("LOGSENSE")
#undef LOGSENSE
#pragma push_macro("LOGSELECT")
#undef LOGSELECT
#pragma push_macro("SEEK")
#undef SEEK
#pragma push_macro("START_STOP")
#undef START_STOP
#pragma push_macro("MEDIA_REMOVAL")
#undef MEDIA_REMOVAL
#pragma push_macro("LOAD_UNLOAD")
#undef LOAD_UNLOAD
#pragma push_macro("MECH_STATUS")
#undef MECH_STATUS
#pragma push_macro("SYNCHRONIZE_CACHE10")
#undef SYNCHRONIZE_CACHE10
#pragma push_macro("SYNCHRONIZE_CACHE16")
#undef SYNCHRONIZE_CACHE16
#pragma push_macro("GET_EVENT_STATUS_NOTIFICATION")
#undef GET_EVENT_STATUS_NOTIFICATION
#pragma push_macro("GET_CONFIGURATION")
#undef GET_CONFIGURATION
#pragma push_macro("READ_FORMATTED_CAPACITIES")
#undef READ_FORMATTED_CAPACITIES
#pragma push_macro("READ_CAPACITY16")
#undef READ_CAPACITY16
#pragma push_macro("REPORT_LUNS")
#undef REPORT_LUNS
#pragma push_macro("PERSISTENT_RESERVE_IN")
#undef PERSISTENT_RESERVE_IN
#pragma push_macro("PERSISTENT_RESERVE_OUT")
#undef PERSISTENT_RESERVE_OUT
#pragma push_macro("UNMAP")
#undef UNMAP

/* Windows packs this union to byte alignment. */
#pragma pack(push, 1)
typedef union _CDB {
	/* Any 6-byte command. */
	struct _CDB6GENERIC {
		UCHAR OperationCode;
		UCHAR Immediate : 1;
		UCHAR CommandUniqueBits : 4;
		UCHAR LogicalUnitNumber : 3;
		UCHAR CommandUniqueBytes[3];
		UCHAR Link : 1;
		UCHAR Flag : 1;
		UCHAR Reserved : 4;
		UCHAR VendorUnique : 2;
	} CDB6GENERIC;

	/* READ(6) / WRITE(6): 21-bit block address. */
	struct _CDB6READWRITE {
		UCHAR OperationCode;
		UCHAR LogicalBlockMsb1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR LogicalBlockMsb0;
		UCHAR LogicalBlockLsb;
		UCHAR TransferBlocks;
		UCHAR Control;
	} CDB6READWRITE;

	/* INQUIRY, SCSI-2 form. */
	struct _CDB6INQUIRY {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR PageCode;
		UCHAR IReserved;
		UCHAR AllocationLength;
		UCHAR Control;
	} CDB6INQUIRY;

	/* INQUIRY, SPC form with the EVPD bit. */
	struct _CDB6INQUIRY3 {
		UCHAR OperationCode;
		UCHAR EnableVitalProductData : 1;
		UCHAR CommandSupportData : 1;
		UCHAR Reserved1 : 6;
		UCHAR PageCode;
		UCHAR Reserved2;
		UCHAR AllocationLength;
		UCHAR Control;
	} CDB6INQUIRY3;

	struct _CDB6VERIFY {
		UCHAR OperationCode;
		UCHAR Fixed : 1;
		UCHAR ByteCompare : 1;
		UCHAR Immediate : 1;
		UCHAR Reserved : 2;
		UCHAR LogicalUnitNumber : 3;
		UCHAR VerificationLength[3];
		UCHAR Control;
	} CDB6VERIFY;

	struct _CDB6FORMAT {
		UCHAR OperationCode;
		UCHAR FormatControl : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR FReserved1;
		UCHAR InterleaveMsb;
		UCHAR InterleaveLsb;
		UCHAR FReserved2;
	} CDB6FORMAT;

	/* READ(10) / WRITE(10) / VERIFY(10) and friends. */
	struct _CDB10 {
		UCHAR OperationCode;
		UCHAR RelativeAddress : 1;
		UCHAR Reserved1 : 2;
		UCHAR ForceUnitAccess : 1;
		UCHAR DisablePageOut : 1;
		UCHAR LogicalUnitNumber : 3;
		UCHAR LogicalBlockByte0;	/* most significant */
		UCHAR LogicalBlockByte1;
		UCHAR LogicalBlockByte2;
		UCHAR LogicalBlockByte3;
		UCHAR Reserved2;
		UCHAR TransferBlocksMsb;
		UCHAR TransferBlocksLsb;
		UCHAR Control;
	} CDB10;

	/* READ(12) / WRITE(12). */
	struct _CDB12 {
		UCHAR OperationCode;
		UCHAR RelativeAddress : 1;
		UCHAR Reserved1 : 2;
		UCHAR ForceUnitAccess : 1;
		UCHAR DisablePageOut : 1;
		UCHAR LogicalUnitNumber : 3;
		UCHAR LogicalBlock[4];
		UCHAR TransferLength[4];
		UCHAR Reserved2;
		UCHAR Control;
	} CDB12;

	/* READ(16) / WRITE(16) / VERIFY(16). */
	struct _CDB16 {
		UCHAR OperationCode;
		UCHAR Reserved1 : 3;
		UCHAR ForceUnitAccess : 1;
		UCHAR DisablePageOut : 1;
		UCHAR Protection : 3;
		UCHAR LogicalBlock[8];
		UCHAR TransferLength[4];
		UCHAR Reserved2;
		UCHAR Control;
	} CDB16;

	struct _PAUSE_RESUME {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2[6];
		UCHAR Action;
		UCHAR Control;
	} PAUSE_RESUME;

	struct _READ_TOC {
		UCHAR OperationCode;
		UCHAR Reserved0 : 1;
		UCHAR Msf : 1;
		UCHAR Reserved1 : 3;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Format2 : 4;
		UCHAR Reserved2 : 4;
		UCHAR Reserved3[3];
		UCHAR StartingTrack;
		UCHAR AllocationLength[2];
		UCHAR Control : 6;
		UCHAR Format : 2;
	} READ_TOC;

	struct _PLAY_AUDIO_MSF {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2;
		UCHAR StartingM;
		UCHAR StartingS;
		UCHAR StartingF;
		UCHAR EndingM;
		UCHAR EndingS;
		UCHAR EndingF;
		UCHAR Control;
	} PLAY_AUDIO_MSF;

	/* READ SUB-CHANNEL */
	struct _SUBCHANNEL {
		UCHAR OperationCode;
		UCHAR Reserved0 : 1;
		UCHAR Msf : 1;
		UCHAR Reserved1 : 3;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2 : 6;
		UCHAR SubQ : 1;
		UCHAR Reserved3 : 1;
		UCHAR Format;
		UCHAR Reserved4[2];
		UCHAR TrackNumber;
		UCHAR AllocationLength[2];
		UCHAR Control;
	} SUBCHANNEL;

	struct _READ_CD {
		UCHAR OperationCode;
		UCHAR RelativeAddress : 1;
		UCHAR Reserved0 : 1;
		UCHAR ExpectedSectorType : 3;
		UCHAR Lun : 3;
		UCHAR StartingLBA[4];
		UCHAR TransferBlocks[3];
		UCHAR Reserved2 : 1;
		UCHAR ErrorFlags : 2;
		UCHAR IncludeEDC : 1;
		UCHAR IncludeUserData : 1;
		UCHAR HeaderCode : 2;
		UCHAR IncludeSyncData : 1;
		UCHAR SubChannelSelection : 3;
		UCHAR Reserved3 : 5;
		UCHAR Control;
	} READ_CD;

	/*
	 * MODE SENSE(6) and (10).  Windows 8 renamed some of these fields
	 * (byte 3 became SubPageCode, bit 4 of byte 1 LongLBAAccepted, the
	 * LUN bits reserved); the older names stay available as aliases.
	 */
	struct _MODE_SENSE {
		UCHAR OperationCode;
		UCHAR Reserved1 : 3;
		UCHAR Dbd : 1;
		UCHAR Reserved2 : 1;
		UCHAR LogicalUnitNumber : 3;
		UCHAR PageCode : 6;
		UCHAR Pc : 2;
		union {
			UCHAR Reserved3;
			UCHAR SubPageCode;
		};
		UCHAR AllocationLength;
		UCHAR Control;
	} MODE_SENSE;

	struct _MODE_SENSE10 {
		UCHAR OperationCode;
		union {
			struct {
				UCHAR Reserved1 : 3;
				UCHAR Dbd : 1;
				UCHAR Reserved2 : 1;
				UCHAR LogicalUnitNumber : 3;
			};
			struct {
				UCHAR : 4;
				UCHAR LongLBAAccepted : 1;
				UCHAR : 3;
			};
		};
		UCHAR PageCode : 6;
		UCHAR Pc : 2;
		UCHAR SubPageCode;
		UCHAR Reserved3[3];
		UCHAR AllocationLength[2];
		UCHAR Control;
	} MODE_SENSE10;

	struct _MODE_SELECT {
		UCHAR OperationCode;
		UCHAR SPBit : 1;
		UCHAR Reserved1 : 3;
		UCHAR PFBit : 1;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2[2];
		UCHAR ParameterListLength;
		UCHAR Control;
	} MODE_SELECT;

	struct _MODE_SELECT10 {
		UCHAR OperationCode;
		UCHAR SPBit : 1;
		UCHAR Reserved1 : 3;
		UCHAR PFBit : 1;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2[5];
		UCHAR ParameterListLength[2];
		UCHAR Control;
	} MODE_SELECT10;

	struct _LOGSENSE {
		UCHAR OperationCode;
		UCHAR SPBit : 1;
		UCHAR PPCBit : 1;
		UCHAR Reserved1 : 3;
		UCHAR LogicalUnitNumber : 3;
		UCHAR PageCode : 6;
		UCHAR PCBit : 2;
		union {
			UCHAR SubPageCode;
			UCHAR Reserved2;
		};
		UCHAR Reserved3;
		UCHAR ParameterPointer[2];
		UCHAR AllocationLength[2];
		UCHAR Control;
	} LOGSENSE;

	struct _LOGSELECT {
		UCHAR OperationCode;
		UCHAR SPBit : 1;
		UCHAR PCRBit : 1;
		UCHAR Reserved1 : 3;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved : 6;
		UCHAR PCBit : 2;
		UCHAR Reserved2[4];
		UCHAR ParameterListLength[2];
		UCHAR Control;
	} LOGSELECT;

	struct _SEEK {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR LogicalBlockAddress[4];
		UCHAR Reserved2[3];
		UCHAR Control;
	} SEEK;

	struct _START_STOP {
		UCHAR OperationCode;
		UCHAR Immediate : 1;
		UCHAR Reserved1 : 4;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2[2];
		UCHAR Start : 1;
		UCHAR LoadEject : 1;
		UCHAR Reserved3 : 6;
		UCHAR Control;
	} START_STOP;

	/* PREVENT / ALLOW MEDIUM REMOVAL ("Persistant" is the Windows name) */
	struct _MEDIA_REMOVAL {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR LogicalUnitNumber : 3;
		UCHAR Reserved2[2];
		UCHAR Prevent : 1;
		UCHAR Persistant : 1;
		UCHAR Reserved3 : 6;
		UCHAR Control;
	} MEDIA_REMOVAL;

	struct _LOAD_UNLOAD {
		UCHAR OperationCode;
		UCHAR Immediate : 1;
		UCHAR Reserved1 : 4;
		UCHAR Lun : 3;
		UCHAR Reserved2[2];
		UCHAR Start : 1;
		UCHAR LoadEject : 1;
		UCHAR Reserved3 : 6;
		UCHAR Reserved4[3];
		UCHAR Slot;
		UCHAR Reserved5[3];
	} LOAD_UNLOAD;

	struct _MECH_STATUS {
		UCHAR OperationCode;
		UCHAR Reserved : 5;
		UCHAR Lun : 3;
		UCHAR Reserved1[6];
		UCHAR AllocationLength[2];
		UCHAR Reserved2[1];
		UCHAR Control;
	} MECH_STATUS;

	struct _SYNCHRONIZE_CACHE10 {
		UCHAR OperationCode;
		UCHAR RelAddr : 1;
		UCHAR Immediate : 1;
		UCHAR Reserved : 3;
		UCHAR Lun : 3;
		UCHAR LogicalBlockAddress[4];
		UCHAR Reserved2;
		UCHAR BlockCount[2];
		UCHAR Control;
	} SYNCHRONIZE_CACHE10;

	struct _SYNCHRONIZE_CACHE16 {
		UCHAR OperationCode;
		UCHAR Reserved1 : 1;
		UCHAR Immediate : 1;
		UCHAR Reserved2 : 6;
		UCHAR LogicalBlock[8];
		UCHAR BlockCount[4];
		UCHAR Reserved3;
		UCHAR Control;
	} SYNCHRONIZE_CACHE16;

	struct _GET_EVENT_STATUS_NOTIFICATION {
		UCHAR OperationCode;
		UCHAR Immediate : 1;
		UCHAR Reserved : 4;
		UCHAR Lun : 3;
		UCHAR Reserved2[2];
		UCHAR NotificationClassRequest;
		UCHAR Reserved3[2];
		UCHAR EventListLength[2];
		UCHAR Control;
	} GET_EVENT_STATUS_NOTIFICATION;

	struct _GET_CONFIGURATION {
		UCHAR OperationCode;
		UCHAR RequestType : 2;
		UCHAR Reserved1 : 6;
		UCHAR StartingFeature[2];
		UCHAR Reserved2[3];
		UCHAR AllocationLength[2];
		UCHAR Control;
	} GET_CONFIGURATION;

	struct _READ_FORMATTED_CAPACITIES {
		UCHAR OperationCode;
		UCHAR Reserved1 : 5;
		UCHAR Lun : 3;
		UCHAR Reserved2[5];
		UCHAR AllocationLength[2];
		UCHAR Control;
	} READ_FORMATTED_CAPACITIES;

	/* SERVICE ACTION IN(16) / READ CAPACITY(16) */
	struct _READ_CAPACITY16 {
		UCHAR OperationCode;
		UCHAR ServiceAction : 5;
		UCHAR Reserved1 : 3;
		UCHAR LogicalBlock[8];
		union {			/* renamed in newer WDKs */
			UCHAR BlockCount[4];
			UCHAR AllocationLength[4];
		};
		UCHAR PMI : 1;
		UCHAR Reserved2 : 7;
		UCHAR Control;
	} READ_CAPACITY16;

	struct _REPORT_LUNS {
		UCHAR OperationCode;
		UCHAR Reserved1[5];
		UCHAR AllocationLength[4];
		UCHAR Reserved2[1];
		UCHAR Control;
	} REPORT_LUNS;

	struct _PERSISTENT_RESERVE_IN {
		UCHAR OperationCode;
		UCHAR ServiceAction : 5;
		UCHAR Reserved1 : 3;
		UCHAR Reserved2[5];
		UCHAR AllocationLength[2];
		UCHAR Control;
	} PERSISTENT_RESERVE_IN;

	struct _PERSISTENT_RESERVE_OUT {
		UCHAR OperationCode;
		UCHAR ServiceAction : 5;
		UCHAR Reserved1 : 3;
		UCHAR Type : 4;
		UCHAR Scope : 4;
		UCHAR Reserved2[4];
		UCHAR ParameterListLength[2];
		UCHAR Control;
	} PERSISTENT_RESERVE_OUT;

	struct _UNMAP {
		UCHAR OperationCode;
		UCHAR Anchor : 1;
		UCHAR Reserved1 : 7;
		UCHAR Reserved2[4];
		UCHAR GroupNumber : 5;
		UCHAR Reserved3 : 3;
		UCHAR AllocationLength[2];
		UCHAR Control;
	} UNMAP;

	ULONG AsUlong[4];
	UCHAR AsByte[16];
} CDB, *PCDB;
#pragma pack(pop)

#pragma pop_macro("UNMAP")
#pragma pop_macro("PERSISTENT_RESERVE_OUT")
#pragma pop_macro("PERSISTENT_RESERVE_IN")
#pragma pop_macro("REPORT_LUNS")
#pragma pop_macro("READ_CAPACITY16")
#pragma pop_macro("READ_FORMATTED_CAPACITIES")
#pragma pop_macro("GET_CONFIGURATION")
#pragma pop_macro("GET_EVENT_STATUS_NOTIFICATION")
#pragma pop_macro("SYNCHRONIZE_CACHE16")
#pragma pop_macro("SYNCHRONIZE_CACHE10")
#pragma pop_macro("MECH_STATUS")
#pragma pop_macro("LOAD_UNLOAD")
#pragma pop_macro("MEDIA_REMOVAL")
#pragma pop_macro("START_STOP")
#pragma pop_macro("SEEK")
#pragma pop_macro("LOGSELECT")
#pragma pop_macro("LOGSENSE")
#pragma pop_macro("MODE_SELECT10")
#pragma pop_macro("MODE_SELECT")
#pragma pop_macro("MODE_SENSE10")
#pragma pop_macro("MODE_SENSE")
#pragma pop_macro("READ_CD")
#pragma pop_macro("SUBCHANNEL")
#pragma pop_macro("PLAY_AUDIO_MSF")
#pragma pop_macro("READ_TOC")
#pragma pop_macro("PAUSE_RESUME")
#pragma pop_macro("CDB16")
#pragma pop_macro("CDB12")
#pragma pop_macro("CDB10")
#pragma pop_macro("CDB6FORMAT")
#pragma pop_macro("CDB6VERIFY")
#pragma pop_macro("CDB6INQUIRY3")
#pragma pop_macro("CDB6INQUIRY")
#pragma pop_macro("CDB6READWRITE")
#pragma pop_macro("CDB6GENERIC")

/* ------------------------------------------------------------------ */
/* Operation codes                                                     */
/* ------------------------------------------------------------------ */

/* 6-byte commands */
#define SCSIOP_TEST_UNIT_READY		0x00
#define SCSIOP_REZERO_UNIT		0x01
#define SCSIOP_REWIND			0x01
#define SCSIOP_REQUEST_BLOCK_ADDR	0x02
#define SCSIOP_REQUEST_SENSE		0x03
#define SCSIOP_FORMAT_UNIT		0x04
#define SCSIOP_READ_BLOCK_LIMITS	0x05
#define SCSIOP_REASSIGN_BLOCKS		0x07
#define SCSIOP_INIT_ELEMENT_STATUS	0x07
#define SCSIOP_READ6			0x08
#define SCSIOP_RECEIVE			0x08
#define SCSIOP_WRITE6			0x0A
#define SCSIOP_PRINT			0x0A
#define SCSIOP_SEND			0x0A
#define SCSIOP_SEEK6			0x0B
#define SCSIOP_TRACK_SELECT		0x0B
#define SCSIOP_SLEW_PRINT		0x0B
#define SCSIOP_SET_CAPACITY		0x0B
#define SCSIOP_SEEK_BLOCK		0x0C
#define SCSIOP_PARTITION		0x0D
#define SCSIOP_READ_REVERSE		0x0F
#define SCSIOP_WRITE_FILEMARKS		0x10
#define SCSIOP_FLUSH_BUFFER		0x10
#define SCSIOP_SPACE			0x11
#define SCSIOP_INQUIRY			0x12
#define SCSIOP_VERIFY6			0x13
#define SCSIOP_RECOVER_BUF_DATA		0x14
#define SCSIOP_MODE_SELECT		0x15
#define SCSIOP_RESERVE_UNIT		0x16
#define SCSIOP_RELEASE_UNIT		0x17
#define SCSIOP_COPY			0x18
#define SCSIOP_ERASE			0x19
#define SCSIOP_MODE_SENSE		0x1A
#define SCSIOP_START_STOP_UNIT		0x1B
#define SCSIOP_STOP_PRINT		0x1B
#define SCSIOP_LOAD_UNLOAD		0x1B
#define SCSIOP_RECEIVE_DIAGNOSTIC	0x1C
#define SCSIOP_SEND_DIAGNOSTIC		0x1D
#define SCSIOP_MEDIUM_REMOVAL		0x1E

/* 10-byte commands */
#define SCSIOP_READ_FORMATTED_CAPACITY	0x23
#define SCSIOP_READ_CAPACITY		0x25
#define SCSIOP_READ			0x28
#define SCSIOP_WRITE			0x2A
#define SCSIOP_SEEK			0x2B
#define SCSIOP_LOCATE			0x2B
#define SCSIOP_POSITION_TO_ELEMENT	0x2B
#define SCSIOP_WRITE_VERIFY		0x2E
#define SCSIOP_VERIFY			0x2F
#define SCSIOP_SEARCH_DATA_HIGH		0x30
#define SCSIOP_SEARCH_DATA_EQUAL	0x31
#define SCSIOP_SEARCH_DATA_LOW		0x32
#define SCSIOP_SET_LIMITS		0x33
#define SCSIOP_READ_POSITION		0x34
#define SCSIOP_SYNCHRONIZE_CACHE	0x35
#define SCSIOP_COMPARE			0x39
#define SCSIOP_COPY_COMPARE		0x3A
#define SCSIOP_WRITE_DATA_BUFF		0x3B
#define SCSIOP_READ_DATA_BUFF		0x3C
#define SCSIOP_WRITE_LONG		0x3F
#define SCSIOP_CHANGE_DEFINITION	0x40
#define SCSIOP_WRITE_SAME		0x41
#define SCSIOP_READ_SUB_CHANNEL		0x42
#define SCSIOP_UNMAP			0x42
#define SCSIOP_READ_TOC			0x43
#define SCSIOP_READ_HEADER		0x44
#define SCSIOP_REPORT_DENSITY_SUPPORT	0x44
#define SCSIOP_PLAY_AUDIO		0x45
#define SCSIOP_GET_CONFIGURATION	0x46
#define SCSIOP_PLAY_AUDIO_MSF		0x47
#define SCSIOP_PLAY_TRACK_INDEX		0x48
#define SCSIOP_SANITIZE			0x48
#define SCSIOP_PLAY_TRACK_RELATIVE	0x49
#define SCSIOP_GET_EVENT_STATUS		0x4A
#define SCSIOP_PAUSE_RESUME		0x4B
#define SCSIOP_LOG_SELECT		0x4C
#define SCSIOP_LOG_SENSE		0x4D
#define SCSIOP_STOP_PLAY_SCAN		0x4E
#define SCSIOP_XDWRITE			0x50
#define SCSIOP_XPWRITE			0x51
#define SCSIOP_READ_DISK_INFORMATION	0x51
#define SCSIOP_READ_DISC_INFORMATION	0x51
#define SCSIOP_READ_TRACK_INFORMATION	0x52
#define SCSIOP_XDWRITE_READ		0x53
#define SCSIOP_RESERVE_TRACK_RZONE	0x53
#define SCSIOP_SEND_OPC_INFORMATION	0x54
#define SCSIOP_MODE_SELECT10		0x55
#define SCSIOP_RESERVE_UNIT10		0x56
#define SCSIOP_RESERVE_ELEMENT		0x56
#define SCSIOP_RELEASE_UNIT10		0x57
#define SCSIOP_RELEASE_ELEMENT		0x57
#define SCSIOP_REPAIR_TRACK		0x58
#define SCSIOP_MODE_SENSE10		0x5A
#define SCSIOP_CLOSE_TRACK_SESSION	0x5B
#define SCSIOP_READ_BUFFER_CAPACITY	0x5C
#define SCSIOP_SEND_CUE_SHEET		0x5D
#define SCSIOP_PERSISTENT_RESERVE_IN	0x5E
#define SCSIOP_PERSISTENT_RESERVE_OUT	0x5F

/* 16-byte commands */
#define SCSIOP_XDWRITE_EXTENDED16	0x80
#define SCSIOP_WRITE_FILEMARKS16	0x80
#define SCSIOP_REBUILD16		0x81
#define SCSIOP_READ_REVERSE16		0x81
#define SCSIOP_REGENERATE16		0x82
#define SCSIOP_EXTENDED_COPY		0x83
#define SCSIOP_POPULATE_TOKEN		0x83
#define SCSIOP_WRITE_USING_TOKEN	0x83
#define SCSIOP_RECEIVE_COPY_RESULTS	0x84
#define SCSIOP_RECEIVE_ROD_TOKEN_INFORMATION 0x84
#define SCSIOP_ATA_PASSTHROUGH16	0x85
#define SCSIOP_ACCESS_CONTROL_IN	0x86
#define SCSIOP_ACCESS_CONTROL_OUT	0x87
#define SCSIOP_READ16			0x88
#define SCSIOP_COMPARE_AND_WRITE	0x89
#define SCSIOP_WRITE16			0x8A
#define SCSIOP_READ_ATTRIBUTES		0x8C
#define SCSIOP_WRITE_ATTRIBUTES		0x8D
#define SCSIOP_WRITE_VERIFY16		0x8E
#define SCSIOP_VERIFY16			0x8F
#define SCSIOP_PREFETCH16		0x90
#define SCSIOP_SYNCHRONIZE_CACHE16	0x91
#define SCSIOP_SPACE16			0x91
#define SCSIOP_LOCK_UNLOCK_CACHE16	0x92
#define SCSIOP_LOCATE16			0x92
#define SCSIOP_WRITE_SAME16		0x93
#define SCSIOP_ERASE16			0x93
#define SCSIOP_ZBC_OUT			0x94
#define SCSIOP_ZBC_IN			0x95
#define SCSIOP_READ_DATA_BUFF16		0x9B
#define SCSIOP_READ_CAPACITY16		0x9E
#define SCSIOP_GET_LBA_STATUS		0x9E
#define SCSIOP_GET_PHYSICAL_ELEMENT_STATUS 0x9E
#define SCSIOP_REMOVE_ELEMENT_AND_TRUNCATE 0x9E
#define SCSIOP_SERVICE_ACTION_IN16	0x9E
#define SCSIOP_SERVICE_ACTION_OUT16	0x9F

/* 12-byte commands */
#define SCSIOP_REPORT_LUNS		0xA0
#define SCSIOP_BLANK			0xA1
#define SCSIOP_ATA_PASSTHROUGH12	0xA1
#define SCSIOP_SEND_EVENT		0xA2
#define SCSIOP_SECURITY_PROTOCOL_IN	0xA2
#define SCSIOP_SEND_KEY			0xA3
#define SCSIOP_MAINTENANCE_IN		0xA3
#define SCSIOP_REPORT_KEY		0xA4
#define SCSIOP_MAINTENANCE_OUT		0xA4
#define SCSIOP_MOVE_MEDIUM		0xA5
#define SCSIOP_LOAD_UNLOAD_SLOT		0xA6
#define SCSIOP_EXCHANGE_MEDIUM		0xA6
#define SCSIOP_SET_READ_AHEAD		0xA7
#define SCSIOP_MOVE_MEDIUM_ATTACHED	0xA7
#define SCSIOP_READ12			0xA8
#define SCSIOP_GET_MESSAGE		0xA8
#define SCSIOP_SERVICE_ACTION_OUT12	0xA9
#define SCSIOP_WRITE12			0xAA
#define SCSIOP_SEND_MESSAGE		0xAB
#define SCSIOP_SERVICE_ACTION_IN12	0xAB
#define SCSIOP_GET_PERFORMANCE		0xAC
#define SCSIOP_READ_DVD_STRUCTURE	0xAD
#define SCSIOP_WRITE_VERIFY12		0xAE
#define SCSIOP_VERIFY12			0xAF
#define SCSIOP_SEARCH_DATA_HIGH12	0xB0
#define SCSIOP_SEARCH_DATA_EQUAL12	0xB1
#define SCSIOP_SEARCH_DATA_LOW12	0xB2
#define SCSIOP_SET_LIMITS12		0xB3
#define SCSIOP_READ_ELEMENT_STATUS_ATTACHED 0xB4
#define SCSIOP_REQUEST_VOL_ELEMENT	0xB5
#define SCSIOP_SECURITY_PROTOCOL_OUT	0xB5
#define SCSIOP_SEND_VOLUME_TAG		0xB6
#define SCSIOP_SET_STREAMING		0xB6
#define SCSIOP_READ_DEFECT_DATA		0xB7
#define SCSIOP_READ_ELEMENT_STATUS	0xB8
#define SCSIOP_READ_CD_MSF		0xB9
#define SCSIOP_SCAN_CD			0xBA
#define SCSIOP_REDUNDANCY_GROUP_IN	0xBA
#define SCSIOP_SET_CD_SPEED		0xBB
#define SCSIOP_REDUNDANCY_GROUP_OUT	0xBB
#define SCSIOP_PLAY_CD			0xBC
#define SCSIOP_SPARE_IN			0xBC
#define SCSIOP_MECHANISM_STATUS		0xBD
#define SCSIOP_SPARE_OUT		0xBD
#define SCSIOP_READ_CD			0xBE
#define SCSIOP_VOLUME_SET_IN		0xBE
#define SCSIOP_SEND_DVD_STRUCTURE	0xBF
#define SCSIOP_VOLUME_SET_OUT		0xBF
#define SCSIOP_INIT_ELEMENT_RANGE	0xE7

/* Service actions of SERVICE ACTION IN(16) */
#define SERVICE_ACTION_READ_CAPACITY16	0x10

/* ------------------------------------------------------------------ */
/* Status byte, messages                                               */
/* ------------------------------------------------------------------ */

#define SCSISTAT_GOOD			0x00
#define SCSISTAT_CHECK_CONDITION	0x02
#define SCSISTAT_CONDITION_MET		0x04
#define SCSISTAT_BUSY			0x08
#define SCSISTAT_INTERMEDIATE		0x10
#define SCSISTAT_INTERMEDIATE_COND_MET	0x14
#define SCSISTAT_RESERVATION_CONFLICT	0x18
#define SCSISTAT_COMMAND_TERMINATED	0x22
#define SCSISTAT_QUEUE_FULL		0x28

/* SCSI-2 messages, for parallel-bus HBAs that handle phases themselves. */
#define SCSIMESS_ABORT			0x06
#define SCSIMESS_ABORT_WITH_TAG		0x0D
#define SCSIMESS_BUS_DEVICE_RESET	0x0C
#define SCSIMESS_CLEAR_QUEUE		0x0E
#define SCSIMESS_COMMAND_COMPLETE	0x00
#define SCSIMESS_DISCONNECT		0x04
#define SCSIMESS_EXTENDED_MESSAGE	0x01
#define SCSIMESS_IDENTIFY		0x80
#define SCSIMESS_IDENTIFY_WITH_DISCON	0xC0
#define SCSIMESS_IGNORE_WIDE_RESIDUE	0x23
#define SCSIMESS_INITIATE_RECOVERY	0x0F
#define SCSIMESS_INITIATOR_DETECTED_ERROR 0x05
#define SCSIMESS_LINK_CMD_COMP		0x0A
#define SCSIMESS_LINK_CMD_COMP_W_FLAG	0x0B
#define SCSIMESS_MESS_PARITY_ERROR	0x09
#define SCSIMESS_MESSAGE_REJECT		0x07
#define SCSIMESS_NO_OPERATION		0x08
#define SCSIMESS_HEAD_OF_QUEUE_TAG	0x21
#define SCSIMESS_ORDERED_QUEUE_TAG	0x22
#define SCSIMESS_SIMPLE_QUEUE_TAG	0x20
#define SCSIMESS_RELEASE_RECOVERY	0x10
#define SCSIMESS_RESTORE_POINTERS	0x03
#define SCSIMESS_SAVE_DATA_POINTER	0x02
#define SCSIMESS_TERMINATE_IO_PROCESS	0x11

/* Extended message codes and their lengths. */
#define SCSIMESS_MODIFY_DATA_POINTER	0x00
#define SCSIMESS_SYNCHRONOUS_DATA_REQ	0x01
#define SCSIMESS_WIDE_DATA_REQUEST	0x03
#define SCSIMESS_MODIFY_DATA_LENGTH	5
#define SCSIMESS_SYNCH_DATA_LENGTH	3
#define SCSIMESS_WIDE_DATA_LENGTH	2

/* ------------------------------------------------------------------ */
/* Sense data                                                          */
/* ------------------------------------------------------------------ */

/* Fixed-format sense data as returned by REQUEST SENSE / autosense. */
typedef struct _SENSE_DATA {
	UCHAR ErrorCode : 7;
	UCHAR Valid : 1;
	UCHAR SegmentNumber;
	UCHAR SenseKey : 4;
	UCHAR Reserved : 1;
	UCHAR IncorrectLength : 1;
	UCHAR EndOfMedia : 1;
	UCHAR FileMark : 1;
	UCHAR Information[4];
	UCHAR AdditionalSenseLength;
	UCHAR CommandSpecificInformation[4];
	UCHAR AdditionalSenseCode;
	UCHAR AdditionalSenseCodeQualifier;
	UCHAR FieldReplaceableUnitCode;
	UCHAR SenseKeySpecific[3];
} SENSE_DATA, *PSENSE_DATA;

#define SENSE_BUFFER_SIZE sizeof(SENSE_DATA)

/* ErrorCode values (response codes) */
#define SCSI_SENSE_ERRORCODE_FIXED_CURRENT	0x70
#define SCSI_SENSE_ERRORCODE_FIXED_DEFERRED	0x71
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT	0x72
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_DEFERRED 0x73

/* Sense keys */
#define SCSI_SENSE_NO_SENSE		0x00
#define SCSI_SENSE_RECOVERED_ERROR	0x01
#define SCSI_SENSE_NOT_READY		0x02
#define SCSI_SENSE_MEDIUM_ERROR		0x03
#define SCSI_SENSE_HARDWARE_ERROR	0x04
#define SCSI_SENSE_ILLEGAL_REQUEST	0x05
#define SCSI_SENSE_UNIT_ATTENTION	0x06
#define SCSI_SENSE_DATA_PROTECT		0x07
#define SCSI_SENSE_BLANK_CHECK		0x08
#define SCSI_SENSE_UNIQUE		0x09
#define SCSI_SENSE_COPY_ABORTED		0x0A
#define SCSI_SENSE_ABORTED_COMMAND	0x0B
#define SCSI_SENSE_EQUAL		0x0C
#define SCSI_SENSE_VOL_OVERFLOW		0x0D
#define SCSI_SENSE_MISCOMPARE		0x0E
#define SCSI_SENSE_RESERVED		0x0F

/* Additional sense codes */
#define SCSI_ADSENSE_NO_SENSE				0x00
#define SCSI_ADSENSE_NO_SEEK_COMPLETE			0x02
#define SCSI_ADSENSE_LUN_NOT_READY			0x04
#define SCSI_ADSENSE_LUN_COMMUNICATION			0x08
#define SCSI_ADSENSE_WRITE_ERROR			0x0C
#define SCSI_ADSENSE_TRACK_ERROR			0x14
#define SCSI_ADSENSE_SEEK_ERROR				0x15
#define SCSI_ADSENSE_REC_DATA_NOECC			0x17
#define SCSI_ADSENSE_REC_DATA_ECC			0x18
#define SCSI_ADSENSE_PARAMETER_LIST_LENGTH		0x1A
#define SCSI_ADSENSE_ILLEGAL_COMMAND			0x20
#define SCSI_ADSENSE_ILLEGAL_BLOCK			0x21
#define SCSI_ADSENSE_INVALID_CDB			0x24
#define SCSI_ADSENSE_INVALID_LUN			0x25
#define SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST	0x26
#define SCSI_ADSENSE_WRITE_PROTECT			0x27
#define SCSI_ADSENSE_MEDIUM_CHANGED			0x28
#define SCSI_ADSENSE_BUS_RESET				0x29
#define SCSI_ADSENSE_PARAMETERS_CHANGED			0x2A
#define SCSI_ADSENSE_INSUFFICIENT_TIME_FOR_OPERATION	0x2E
#define SCSI_ADSENSE_INVALID_MEDIA			0x30
#define SCSI_ADSENSE_DEFECT_LIST			0x32
#define SCSI_ADSENSE_LB_PROVISIONING			0x38
#define SCSI_ADSENSE_NO_MEDIA_IN_DEVICE			0x3A
#define SCSI_ADSENSE_POSITION_ERROR			0x3B
#define SCSI_ADSENSE_OPERATING_CONDITIONS_CHANGED	0x3F
#define SCSI_ADSENSE_OPERATOR_REQUEST			0x5A
#define SCSI_ADSENSE_FAILURE_PREDICTION_THRESHOLD_EXCEEDED 0x5D
#define SCSI_ADSENSE_ILLEGAL_MODE_FOR_THIS_TRACK	0x64
#define SCSI_ADSENSE_COPY_PROTECTION_FAILURE		0x6F
#define SCSI_ADSENSE_POWER_CALIBRATION_ERROR		0x73
#define SCSI_ADSENSE_VENDOR_UNIQUE			0x80
#define SCSI_ADSENSE_MUSIC_AREA				0xA0
#define SCSI_ADSENSE_DATA_AREA				0xA1
#define SCSI_ADSENSE_VOLUME_OVERFLOW			0xA7

/* Additional sense code qualifiers */
#define SCSI_SENSEQ_CAUSE_NOT_REPORTABLE		0x00
#define SCSI_SENSEQ_BECOMING_READY			0x01
#define SCSI_SENSEQ_INIT_COMMAND_REQUIRED		0x02
#define SCSI_SENSEQ_MANUAL_INTERVENTION_REQUIRED	0x03
#define SCSI_SENSEQ_FORMAT_IN_PROGRESS			0x04
#define SCSI_SENSEQ_OPERATION_IN_PROGRESS		0x07
#define SCSI_SENSEQ_LONG_WRITE_IN_PROGRESS		0x08

/* ------------------------------------------------------------------ */
/* INQUIRY                                                             */
/* ------------------------------------------------------------------ */

/* Peripheral device types */
#define DIRECT_ACCESS_DEVICE			0x00
#define SEQUENTIAL_ACCESS_DEVICE		0x01
#define PRINTER_DEVICE				0x02
#define PROCESSOR_DEVICE			0x03
#define WRITE_ONCE_READ_MULTIPLE_DEVICE		0x04
#define READ_ONLY_DIRECT_ACCESS_DEVICE		0x05
#define SCANNER_DEVICE				0x06
#define OPTICAL_DEVICE				0x07
#define MEDIUM_CHANGER				0x08
#define COMMUNICATION_DEVICE			0x09
#define ARRAY_CONTROLLER_DEVICE			0x0C
#define SCSI_ENCLOSURE_DEVICE			0x0D
#define REDUCED_BLOCK_DEVICE			0x0E
#define OPTICAL_CARD_READER_WRITER_DEVICE	0x0F
#define BRIDGE_CONTROLLER_DEVICE		0x10
#define OBJECT_BASED_STORAGE_DEVICE		0x11
#define HOST_MANAGED_ZONED_BLOCK_DEVICE		0x14
#define UNKNOWN_OR_NO_DEVICE			0x1F
#define LOGICAL_UNIT_NOT_PRESENT_DEVICE		0x7F

/* Peripheral qualifiers */
#define DEVICE_QUALIFIER_ACTIVE			0x00
#define DEVICE_QUALIFIER_NOT_ACTIVE		0x01
#define DEVICE_QUALIFIER_NOT_SUPPORTED		0x03

#define DEVICE_CONNECTED			0x00

/* Bytes of standard INQUIRY data the port driver asks for. */
#define INQUIRYDATABUFFERSIZE	36

typedef USHORT VERSION_DESCRIPTOR, *PVERSION_DESCRIPTOR;

/* Standard INQUIRY data (Windows packs it to byte alignment). */
#pragma pack(push, 1)
typedef struct _INQUIRYDATA {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR DeviceTypeModifier : 7;
	UCHAR RemovableMedia : 1;
	union {
		UCHAR Versions;
		struct {
			UCHAR ANSIVersion : 3;
			UCHAR ECMAVersion : 3;
			UCHAR ISOVersion : 2;
		};
	};
	UCHAR ResponseDataFormat : 4;
	UCHAR HiSupport : 1;
	UCHAR NormACA : 1;
	UCHAR TerminateTask : 1;
	UCHAR AERC : 1;
	UCHAR AdditionalLength;
	UCHAR Reserved;
	UCHAR Addr16 : 1;
	UCHAR Addr32 : 1;
	UCHAR AckReqQ : 1;
	UCHAR MediumChanger : 1;
	UCHAR MultiPort : 1;
	UCHAR ReservedBit2 : 1;
	UCHAR EnclosureServices : 1;
	UCHAR ReservedBit3 : 1;
	UCHAR SoftReset : 1;
	UCHAR CommandQueue : 1;
	UCHAR TransferDisable : 1;
	UCHAR LinkedCommands : 1;
	UCHAR Synchronous : 1;
	UCHAR Wide16Bit : 1;
	UCHAR Wide32Bit : 1;
	UCHAR RelativeAddressing : 1;
	UCHAR VendorId[8];
	UCHAR ProductId[16];
	UCHAR ProductRevisionLevel[4];
	UCHAR VendorSpecific[20];
	UCHAR Reserved3[2];
	VERSION_DESCRIPTOR VersionDescriptors[8];
	UCHAR Reserved4[30];
} INQUIRYDATA, *PINQUIRYDATA;
#pragma pack(pop)

/* ------------------------------------------------------------------ */
/* Vital product data pages                                            */
/* ------------------------------------------------------------------ */

#define VPD_MAX_BUFFER_SIZE			0xFF

#define VPD_SUPPORTED_PAGES			0x00
#define VPD_SERIAL_NUMBER			0x80
#define VPD_DEVICE_IDENTIFIERS			0x83
#define VPD_MEDIA_SERIAL_NUMBER			0x84
#define VPD_SOFTWARE_INTERFACE_IDENTIFIERS	0x84
#define VPD_NETWORK_MANAGEMENT_ADDRESSES	0x85
#define VPD_EXTENDED_INQUIRY_DATA		0x86
#define VPD_MODE_PAGE_POLICY			0x87
#define VPD_SCSI_PORTS				0x88
#define VPD_ATA_INFORMATION			0x89
#define VPD_THIRD_PARTY_COPY			0x8F
#define VPD_BLOCK_LIMITS			0xB0
#define VPD_BLOCK_DEVICE_CHARACTERISTICS	0xB1
#define VPD_LOGICAL_BLOCK_PROVISIONING		0xB2
#define VPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS	0xB6

/* Page 0x00 */
typedef struct _VPD_SUPPORTED_PAGES_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR Reserved;
	UCHAR PageLength;
	UCHAR SupportedPageList[];
} VPD_SUPPORTED_PAGES_PAGE, *PVPD_SUPPORTED_PAGES_PAGE;

/* Page 0x80 */
typedef struct _VPD_SERIAL_NUMBER_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR Reserved;
	UCHAR PageLength;
	UCHAR SerialNumber[];
} VPD_SERIAL_NUMBER_PAGE, *PVPD_SERIAL_NUMBER_PAGE;

/* Page 0x83: a list of these designation descriptors. */
typedef enum _VPD_CODE_SET {
	VpdCodeSetReserved = 0,
	VpdCodeSetBinary = 1,
	VpdCodeSetAscii = 2,
	VpdCodeSetUTF8 = 3
} VPD_CODE_SET, *PVPD_CODE_SET;

typedef enum _VPD_ASSOCIATION {
	VpdAssocDevice = 0,
	VpdAssocPort = 1,
	VpdAssocTarget = 2,
	VpdAssocReserved1 = 3,
	VpdAssocReserved2 = 4
} VPD_ASSOCIATION, *PVPD_ASSOCIATION;

typedef enum _VPD_IDENTIFIER_TYPE {
	VpdIdentifierTypeVendorSpecific = 0,
	VpdIdentifierTypeVendorId = 1,
	VpdIdentifierTypeEUI64 = 2,
	VpdIdentifierTypeFCPHName = 3,
	VpdIdentifierTypePortRelative = 4,
	VpdIdentifierTypeTargetPortGroup = 5,
	VpdIdentifierTypeLogicalUnitGroup = 6,
	VpdIdentifierTypeMD5LogicalUnitIdentifier = 7,
	VpdIdentifierTypeSCSINameString = 8
} VPD_IDENTIFIER_TYPE, *PVPD_IDENTIFIER_TYPE;

typedef struct _VPD_IDENTIFICATION_DESCRIPTOR {
	UCHAR CodeSet : 4;
	UCHAR Reserved : 4;
	UCHAR IdentifierType : 4;
	UCHAR Association : 2;
	UCHAR Reserved2 : 2;
	UCHAR Reserved3;
	UCHAR IdentifierLength;
	UCHAR Identifier[];
} VPD_IDENTIFICATION_DESCRIPTOR, *PVPD_IDENTIFICATION_DESCRIPTOR;

typedef struct _VPD_IDENTIFICATION_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR Reserved;
	UCHAR PageLength;
	UCHAR Descriptors[];
} VPD_IDENTIFICATION_PAGE, *PVPD_IDENTIFICATION_PAGE;

/* Page 0xB0; multi-byte fields are big-endian. */
typedef struct _VPD_BLOCK_LIMITS_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR PageLength[2];
	union {
		struct {
			UCHAR Reserved0;
			UCHAR MaximumCompareAndWriteLength;
			UCHAR OptimalTransferLengthGranularity[2];
			UCHAR MaximumTransferLength[4];
			UCHAR OptimalTransferLength[4];
			UCHAR MaxPrefetchXDReadXDWriteTransferLength[4];
			UCHAR MaximumUnmapLBACount[4];
			UCHAR MaximumUnmapBlockDescriptorCount[4];
			UCHAR OptimalUnmapGranularity[4];
			union {
				struct {
					UCHAR UnmapGranularityAlignmentByte3 : 7;
					UCHAR UGAValid : 1;
					UCHAR UnmapGranularityAlignmentByte2;
					UCHAR UnmapGranularityAlignmentByte1;
					UCHAR UnmapGranularityAlignmentByte0;
				};
				UCHAR UnmapGranularityAlignment[4];
			};
			UCHAR Reserved1[28];
		};
		UCHAR Descriptors[0];
	};
} VPD_BLOCK_LIMITS_PAGE, *PVPD_BLOCK_LIMITS_PAGE;

/* Page 0xB1 */
typedef struct _VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR Reserved0;
	UCHAR PageLength;
	UCHAR MediumRotationRateMsb;
	UCHAR MediumRotationRateLsb;
	UCHAR MediumProductType;
	UCHAR NominalFormFactor : 4;
	UCHAR WACEREQ : 2;
	UCHAR WABEREQ : 2;
	UCHAR VBULS : 1;
	UCHAR FUAB : 1;
	UCHAR BOCS : 1;
	UCHAR Reserved1 : 1;
	UCHAR ZONED : 2;
	UCHAR Reserved2 : 2;
	UCHAR Reserved3[3];
	UCHAR DepopulationTime[4];
	UCHAR Reserved4[48];
} VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE,
	*PVPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE;

/* Page 0xB2 */
#define PROVISIONING_TYPE_UNKNOWN	0x0
#define PROVISIONING_TYPE_RESOURCE	0x1
#define PROVISIONING_TYPE_THIN		0x2

typedef struct _VPD_LOGICAL_BLOCK_PROVISIONING_PAGE {
	UCHAR DeviceType : 5;
	UCHAR DeviceTypeQualifier : 3;
	UCHAR PageCode;
	UCHAR PageLength[2];
	UCHAR ThresholdExponent;
	UCHAR DP : 1;
	UCHAR ANC_SUP : 1;
	UCHAR LBPRZ : 1;
	UCHAR Reserved0 : 2;
	UCHAR LBPWS10 : 1;
	UCHAR LBPWS : 1;
	UCHAR LBPU : 1;
	UCHAR ProvisioningType : 3;
	UCHAR Reserved1 : 5;
	UCHAR Reserved2;
	UCHAR ProvisioningGroupDescr[];
} VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, *PVPD_LOGICAL_BLOCK_PROVISIONING_PAGE;

/* ------------------------------------------------------------------ */
/* READ CAPACITY                                                       */
/* ------------------------------------------------------------------ */

/* Windows packs these three to byte alignment (the _EX form is 12 bytes). */
#pragma pack(push, 1)
typedef struct _READ_CAPACITY_DATA {
	ULONG LogicalBlockAddress;	/* last LBA, big-endian */
	ULONG BytesPerBlock;		/* big-endian */
} READ_CAPACITY_DATA, *PREAD_CAPACITY_DATA;

typedef struct _READ_CAPACITY_DATA_EX {
	LARGE_INTEGER LogicalBlockAddress;
	ULONG BytesPerBlock;
} READ_CAPACITY_DATA_EX, *PREAD_CAPACITY_DATA_EX;

typedef struct _READ_CAPACITY16_DATA {
	LARGE_INTEGER LogicalBlockAddress;
	ULONG BytesPerBlock;
	UCHAR ProtectionEnable : 1;
	UCHAR ProtectionType : 3;
	UCHAR Reserved : 4;
	UCHAR LogicalPerPhysicalExponent : 4;
	UCHAR Reserved1 : 4;
	UCHAR LowestAlignedBlock_MSB : 6;
	UCHAR LBPRZ : 1;
	UCHAR LBPME : 1;
	UCHAR LowestAlignedBlock_LSB;
	UCHAR Reserved3[16];
} READ_CAPACITY16_DATA, *PREAD_CAPACITY16_DATA;
#pragma pack(pop)

/* ------------------------------------------------------------------ */
/* MODE SENSE / MODE SELECT                                            */
/* ------------------------------------------------------------------ */

typedef struct _MODE_PARAMETER_HEADER {
	UCHAR ModeDataLength;
	UCHAR MediumType;
	UCHAR DeviceSpecificParameter;
	UCHAR BlockDescriptorLength;
} MODE_PARAMETER_HEADER, *PMODE_PARAMETER_HEADER;

typedef struct _MODE_PARAMETER_HEADER10 {
	UCHAR ModeDataLength[2];
	UCHAR MediumType;
	UCHAR DeviceSpecificParameter;
	UCHAR Reserved[2];
	UCHAR BlockDescriptorLength[2];
} MODE_PARAMETER_HEADER10, *PMODE_PARAMETER_HEADER10;

/* DeviceSpecificParameter bits for direct-access devices */
#define MODE_DSP_FUA_SUPPORTED	0x10
#define MODE_DSP_WRITE_PROTECT	0x80

typedef struct _MODE_PARAMETER_BLOCK {
	UCHAR DensityCode;
	UCHAR NumberOfBlocks[3];
	UCHAR Reserved;
	UCHAR BlockLength[3];
} MODE_PARAMETER_BLOCK, *PMODE_PARAMETER_BLOCK;

/* Page 0x08 */
typedef struct _MODE_CACHING_PAGE {
	UCHAR PageCode : 6;
	UCHAR Reserved : 1;
	UCHAR PageSavable : 1;
	UCHAR PageLength;
	UCHAR ReadDisableCache : 1;
	UCHAR MultiplicationFactor : 1;
	UCHAR WriteCacheEnable : 1;
	UCHAR Reserved2 : 5;
	UCHAR WriteRetensionPriority : 4;
	UCHAR ReadRetensionPriority : 4;
	UCHAR DisablePrefetchTransfer[2];
	UCHAR MinimumPrefetch[2];
	UCHAR MaximumPrefetch[2];
	UCHAR MaximumPrefetchCeiling[2];
} MODE_CACHING_PAGE, *PMODE_CACHING_PAGE;

/* Page codes */
#define MODE_PAGE_VENDOR_SPECIFIC	0x00
#define MODE_PAGE_ERROR_RECOVERY	0x01
#define MODE_PAGE_DISCONNECT		0x02
#define MODE_PAGE_FORMAT_DEVICE		0x03
#define MODE_PAGE_RIGID_GEOMETRY	0x04
#define MODE_PAGE_FLEXIBILE		0x05
#define MODE_PAGE_VERIFY_ERROR		0x07
#define MODE_PAGE_CACHING		0x08
#define MODE_PAGE_PERIPHERAL		0x09
#define MODE_PAGE_CONTROL		0x0A
#define MODE_PAGE_MEDIUM_TYPES		0x0B
#define MODE_PAGE_NOTCH_PARTITION	0x0C
#define MODE_PAGE_CD_AUDIO_CONTROL	0x0E
#define MODE_PAGE_DATA_COMPRESS		0x0F
#define MODE_PAGE_DEVICE_CONFIG		0x10
#define MODE_PAGE_MEDIUM_PARTITION	0x11
#define MODE_PAGE_POWER_CONDITION	0x1A
#define MODE_PAGE_FAULT_REPORTING	0x1C
#define MODE_PAGE_CAPABILITIES		0x2A
#define MODE_SENSE_RETURN_ALL		0x3F

/* Page control field of MODE SENSE, pre-shifted into bits 6-7. */
#define MODE_SENSE_CURRENT_VALUES	0x00
#define MODE_SENSE_CHANGEABLE_VALUES	0x40
#define MODE_SENSE_DEFAULT_VAULES	0x80
#define MODE_SENSE_SAVED_VALUES		0xC0

/* ------------------------------------------------------------------ */
/* REPORT LUNS                                                         */
/* ------------------------------------------------------------------ */

typedef struct _LUN_LIST {
	UCHAR LunListLength[4];		/* bytes that follow the header */
	UCHAR Reserved[4];
	UCHAR Lun[][8];			/* one 8-byte LUN per entry */
} LUN_LIST, *PLUN_LIST;

/* ------------------------------------------------------------------ */
/* Byte-order helpers for the big-endian fields above                  */
/* ------------------------------------------------------------------ */

/*
 * Byte-wise views of 2-, 4- and 8-byte quantities, used with the REVERSE_*
 * helpers.  Windows packs them to byte alignment.
 */
#pragma pack(push, 1)
typedef union _TWO_BYTE {
	struct {
		UCHAR Byte0;
		UCHAR Byte1;
	};
	USHORT AsUShort;
} TWO_BYTE, *PTWO_BYTE;

typedef union _FOUR_BYTE {
	struct {
		UCHAR Byte0;
		UCHAR Byte1;
		UCHAR Byte2;
		UCHAR Byte3;
	};
	ULONG AsULong;
} FOUR_BYTE, *PFOUR_BYTE;

typedef union _EIGHT_BYTE {
	struct {
		UCHAR Byte0;
		UCHAR Byte1;
		UCHAR Byte2;
		UCHAR Byte3;
		UCHAR Byte4;
		UCHAR Byte5;
		UCHAR Byte6;
		UCHAR Byte7;
	};
	ULONGLONG AsULongLong;
} EIGHT_BYTE, *PEIGHT_BYTE;
#pragma pack(pop)

/* Copy 2, 4 or 8 bytes from Source to Destination reversing their order. */
#define REVERSE_BYTES_SHORT(Destination, Source) do {			\
	PUCHAR sp_d_ = (PUCHAR)(Destination);				\
	PUCHAR sp_s_ = (PUCHAR)(Source);				\
	sp_d_[0] = sp_s_[1];						\
	sp_d_[1] = sp_s_[0];						\
} while (0)

#define REVERSE_BYTES(Destination, Source) do {				\
	PUCHAR sp_d_ = (PUCHAR)(Destination);				\
	PUCHAR sp_s_ = (PUCHAR)(Source);				\
	sp_d_[0] = sp_s_[3];						\
	sp_d_[1] = sp_s_[2];						\
	sp_d_[2] = sp_s_[1];						\
	sp_d_[3] = sp_s_[0];						\
} while (0)

#define REVERSE_BYTES_QUAD(Destination, Source) do {			\
	PUCHAR sp_d_ = (PUCHAR)(Destination);				\
	PUCHAR sp_s_ = (PUCHAR)(Source);				\
	int sp_i_;							\
	for (sp_i_ = 0; sp_i_ < 8; sp_i_++)				\
		sp_d_[sp_i_] = sp_s_[7 - sp_i_];			\
} while (0)

/* Reverse the byte order of a 16-bit value stored in place. */
#define REVERSE_SHORT(Short) do {					\
	PUCHAR sp_p_ = (PUCHAR)(Short);					\
	UCHAR sp_t_ = sp_p_[0];						\
	sp_p_[0] = sp_p_[1];						\
	sp_p_[1] = sp_t_;						\
} while (0)

/* Reverse the byte order of a 32-bit value stored in place. */
#define REVERSE_LONG(Long) do {						\
	PUCHAR sp_p_ = (PUCHAR)(Long);					\
	UCHAR sp_t_ = sp_p_[0];						\
	sp_p_[0] = sp_p_[3];						\
	sp_p_[3] = sp_t_;						\
	sp_t_ = sp_p_[1];						\
	sp_p_[1] = sp_p_[2];						\
	sp_p_[2] = sp_t_;						\
} while (0)

#endif /* SCSIPORT_SHIM_SCSI_H */
