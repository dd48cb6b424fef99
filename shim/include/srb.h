/*
 * srb.h - the ScsiPort miniport interface of the ScsiPort shim.
 *
 * Defines the SCSI request block (SRB) handed to HwStartIo, the two
 * structures exchanged at initialization (HW_INITIALIZATION_DATA and
 * PORT_CONFIGURATION_INFORMATION), the miniport entry-point types and the
 * ScsiPortXxx services that scsiport.ko exports.  Layouts are those of
 * x64 Windows; on a 32-bit build the pointer-sized members shrink exactly
 * as they do on 32-bit Windows.
 */
#ifndef SCSIPORT_SHIM_SRB_H
#define SCSIPORT_SHIM_SRB_H

#include "sptypes.h"
#include "miniport.h"

/* ------------------------------------------------------------------ */
/* Limits and sentinel values                                          */
/* ------------------------------------------------------------------ */

#define SCSI_MAXIMUM_LOGICAL_UNITS	8
#define SCSI_MAXIMUM_TARGETS_PER_BUS	128
#define SCSI_MAXIMUM_LUNS_PER_TARGET	255
#define SCSI_MAXIMUM_BUSES		8
#define SCSI_MINIMUM_PHYSICAL_BREAKS	16
#define SCSI_MAXIMUM_PHYSICAL_BREAKS	255
#define SCSI_MAXIMUM_TARGETS		8

/* "Not set" marker for ULONG members of PORT_CONFIGURATION_INFORMATION. */
#define SP_UNINITIALIZED_VALUE	((ULONG)~0)
/* QueueTag of a request that carries no tag. */
#define SP_UNTAGGED		((UCHAR)~0)

/* Values a miniport stores in PORT_CONFIGURATION_INFORMATION.Dma64BitAddresses */
#define SCSI_DMA64_MINIPORT_SUPPORTED		0x01
#define SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED	0x02
#define SCSI_DMA64_SYSTEM_SUPPORTED		0x80

/* HW_INITIALIZATION_DATA.PortVersionFlags */
#define SP_VER_TRACE_SUPPORT	0x0010

/* ------------------------------------------------------------------ */
/* SCSI request block                                                  */
/* ------------------------------------------------------------------ */

typedef struct _SCSI_REQUEST_BLOCK {
	USHORT Length;
	UCHAR Function;
	UCHAR SrbStatus;
	UCHAR ScsiStatus;
	UCHAR PathId;
	UCHAR TargetId;
	UCHAR Lun;
	UCHAR QueueTag;
	UCHAR QueueAction;
	UCHAR CdbLength;
	UCHAR SenseInfoBufferLength;
	ULONG SrbFlags;
	ULONG DataTransferLength;
	ULONG TimeOutValue;
	PVOID DataBuffer;
	PVOID SenseInfoBuffer;
	struct _SCSI_REQUEST_BLOCK *NextSrb;
	PVOID OriginalRequest;
	PVOID SrbExtension;
	union {
		ULONG InternalStatus;
		ULONG QueueSortKey;
		ULONG LinkTimeoutValue;
	};
#if __SIZEOF_POINTER__ == 8
	ULONG Reserved;		/* present only in 64-bit builds */
#endif
	UCHAR Cdb[16];
} SCSI_REQUEST_BLOCK, *PSCSI_REQUEST_BLOCK;

#define SCSI_REQUEST_BLOCK_SIZE sizeof(SCSI_REQUEST_BLOCK)

/* Function: what the request asks the miniport to do. */
#define SRB_FUNCTION_EXECUTE_SCSI		0x00
#define SRB_FUNCTION_CLAIM_DEVICE		0x01
#define SRB_FUNCTION_IO_CONTROL			0x02
#define SRB_FUNCTION_RECEIVE_EVENT		0x03
#define SRB_FUNCTION_RELEASE_QUEUE		0x04
#define SRB_FUNCTION_ATTACH_DEVICE		0x05
#define SRB_FUNCTION_RELEASE_DEVICE		0x06
#define SRB_FUNCTION_SHUTDOWN			0x07
#define SRB_FUNCTION_FLUSH			0x08
#define SRB_FUNCTION_ABORT_COMMAND		0x10
#define SRB_FUNCTION_RELEASE_RECOVERY		0x11
#define SRB_FUNCTION_RESET_BUS			0x12
#define SRB_FUNCTION_RESET_DEVICE		0x13
#define SRB_FUNCTION_TERMINATE_IO		0x14
#define SRB_FUNCTION_FLUSH_QUEUE		0x15
#define SRB_FUNCTION_REMOVE_DEVICE		0x16
#define SRB_FUNCTION_WMI			0x17
#define SRB_FUNCTION_LOCK_QUEUE			0x18
#define SRB_FUNCTION_UNLOCK_QUEUE		0x19
#define SRB_FUNCTION_QUIESCE_DEVICE		0x1A
#define SRB_FUNCTION_RESET_LOGICAL_UNIT		0x20
#define SRB_FUNCTION_SET_LINK_TIMEOUT		0x21
#define SRB_FUNCTION_LINK_TIMEOUT_OCCURRED	0x22
#define SRB_FUNCTION_LINK_TIMEOUT_COMPLETE	0x23
#define SRB_FUNCTION_POWER			0x24
#define SRB_FUNCTION_PNP			0x25
#define SRB_FUNCTION_DUMP_POINTERS		0x26
#define SRB_FUNCTION_FREE_DUMP_POINTERS		0x27

/* SrbStatus: outcome of the request, set by the miniport. */
#define SRB_STATUS_PENDING			0x00
#define SRB_STATUS_SUCCESS			0x01
#define SRB_STATUS_ABORTED			0x02
#define SRB_STATUS_ABORT_FAILED			0x03
#define SRB_STATUS_ERROR			0x04
#define SRB_STATUS_BUSY				0x05
#define SRB_STATUS_INVALID_REQUEST		0x06
#define SRB_STATUS_INVALID_PATH_ID		0x07
#define SRB_STATUS_NO_DEVICE			0x08
#define SRB_STATUS_TIMEOUT			0x09
#define SRB_STATUS_SELECTION_TIMEOUT		0x0A
#define SRB_STATUS_COMMAND_TIMEOUT		0x0B
#define SRB_STATUS_MESSAGE_REJECTED		0x0D
#define SRB_STATUS_BUS_RESET			0x0E
#define SRB_STATUS_PARITY_ERROR			0x0F
#define SRB_STATUS_REQUEST_SENSE_FAILED		0x10
#define SRB_STATUS_NO_HBA			0x11
#define SRB_STATUS_DATA_OVERRUN			0x12
#define SRB_STATUS_UNEXPECTED_BUS_FREE		0x13
#define SRB_STATUS_PHASE_SEQUENCE_FAILURE	0x14
#define SRB_STATUS_BAD_SRB_BLOCK_LENGTH		0x15
#define SRB_STATUS_REQUEST_FLUSHED		0x16
#define SRB_STATUS_INVALID_LUN			0x20
#define SRB_STATUS_INVALID_TARGET_ID		0x21
#define SRB_STATUS_BAD_FUNCTION			0x22
#define SRB_STATUS_ERROR_RECOVERY		0x23
#define SRB_STATUS_NOT_POWERED			0x24
#define SRB_STATUS_LINK_DOWN			0x25
#define SRB_STATUS_INSUFFICIENT_RESOURCES	0x26
#define SRB_STATUS_THROTTLED_REQUEST		0x27
#define SRB_STATUS_INTERNAL_ERROR		0x30

/* Flag bits that the port driver ORs into SrbStatus. */
#define SRB_STATUS_QUEUE_FROZEN			0x40
#define SRB_STATUS_AUTOSENSE_VALID		0x80

/* The status proper, with the two flag bits removed. */
#define SRB_STATUS(Status) \
	((Status) & ~(SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN))

/* SrbFlags */
#define SRB_FLAGS_QUEUE_ACTION_ENABLE		0x00000002
#define SRB_FLAGS_DISABLE_DISCONNECT		0x00000004
#define SRB_FLAGS_DISABLE_SYNCH_TRANSFER	0x00000008
#define SRB_FLAGS_BYPASS_FROZEN_QUEUE		0x00000010
#define SRB_FLAGS_DISABLE_AUTOSENSE		0x00000020
#define SRB_FLAGS_DATA_IN			0x00000040
#define SRB_FLAGS_DATA_OUT			0x00000080
#define SRB_FLAGS_NO_DATA_TRANSFER		0x00000000
#define SRB_FLAGS_UNSPECIFIED_DIRECTION \
	(SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)
#define SRB_FLAGS_NO_QUEUE_FREEZE		0x00000100
#define SRB_FLAGS_ADAPTER_CACHE_ENABLE		0x00000200
#define SRB_FLAGS_FREE_SENSE_BUFFER		0x00000400
#define SRB_FLAGS_IS_ACTIVE			0x00010000
#define SRB_FLAGS_ALLOCATED_FROM_ZONE		0x00020000
#define SRB_FLAGS_SGLIST_FROM_POOL		0x00040000
#define SRB_FLAGS_BYPASS_LOCKED_QUEUE		0x00080000
#define SRB_FLAGS_NO_KEEP_AWAKE			0x00100000
#define SRB_FLAGS_PORT_DRIVER_ALLOCSENSE	0x00200000
#define SRB_FLAGS_PORT_DRIVER_SENSEHASPORT	0x00400000
#define SRB_FLAGS_DONT_START_NEXT_PACKET	0x00800000
#define SRB_FLAGS_PORT_DRIVER_RESERVED		0x0F000000
#define SRB_FLAGS_CLASS_DRIVER_RESERVED		0xF0000000

/* QueueAction when SRB_FLAGS_QUEUE_ACTION_ENABLE is set (SCSI tag msgs). */
#define SRB_SIMPLE_TAG_REQUEST			0x20
#define SRB_HEAD_OF_QUEUE_TAG_REQUEST		0x21
#define SRB_ORDERED_QUEUE_TAG_REQUEST		0x22

/* SrbFlags of an SRB_FUNCTION_RECEIVE_EVENT request: what to report. */
#define SRBEV_BUS_RESET				0x0001
#define SRBEV_SCSI_ASYNC_NOTIFICATION		0x0002

/* Signature of the port driver in an SRB_IO_CONTROL it issues itself. */
#define SCSI_PORT_SIGNATURE			0x54524f50

/*
 * A TargetId above 31 and a PathId packed into one value, and back: the
 * low five bits of the target stay in bits 0-4, the bus goes to bits 5-7
 * and the rest of the target moves up to bits 13 and above.
 */
#define SCSI_COMBINE_BUS_TARGET(Bus, Target) \
	((((UCHAR)(Target) >> 5) << 13) | ((UCHAR)(Bus) << 5) | \
	 ((UCHAR)(Target) & 0x1f))
#define SCSI_DECODE_BUS_TARGET(Value, Bus, Target) \
	((Bus) = (UCHAR)((Value) >> 5), \
	 (Target) = (UCHAR)(((((Value) >> 13) << 5)) | ((Value) & 0x1f)))

/* ------------------------------------------------------------------ */
/* Request blocks that travel in the SRB's place                       */
/* ------------------------------------------------------------------ */

/*
 * SRB_FUNCTION_WMI, SRB_FUNCTION_POWER and SRB_FUNCTION_PNP requests reuse
 * the SCSI_REQUEST_BLOCK's memory with their own view of it; each is the
 * size of an SRB.  The shim never issues them (a miniport that asks for
 * WMI support still only gets SCSI_REQUEST_BLOCKs), but miniports that
 * handle them compile.
 */
#define SRB_WMI_FLAGS_ADAPTER_REQUEST		0x0001
#define SRB_POWER_FLAGS_ADAPTER_REQUEST		0x0001
#define SRB_PNP_FLAGS_ADAPTER_REQUEST		0x0001

typedef struct _SCSI_WMI_REQUEST_BLOCK {
	USHORT Length;
	UCHAR Function;
	UCHAR SrbStatus;
	UCHAR WMISubFunction;
	UCHAR PathId;
	UCHAR TargetId;
	UCHAR Lun;
	UCHAR Reserved1;
	UCHAR WMIFlags;
	UCHAR Reserved2[2];
	ULONG SrbFlags;
	ULONG DataTransferLength;
	ULONG TimeOutValue;
	PVOID DataBuffer;
	PVOID DataPath;
	PVOID Reserved3;
	PVOID OriginalRequest;
	PVOID SrbExtension;
	ULONG Reserved4;
#if __SIZEOF_POINTER__ == 8
	ULONG Reserved6;	/* 64-bit builds, as in the SRB */
#endif
	UCHAR Reserved5[16];
} SCSI_WMI_REQUEST_BLOCK, *PSCSI_WMI_REQUEST_BLOCK;

typedef enum _STOR_DEVICE_POWER_STATE {
	StorPowerDeviceUnspecified = 0,
	StorPowerDeviceD0 = 1,
	StorPowerDeviceD1 = 2,
	StorPowerDeviceD2 = 3,
	StorPowerDeviceD3 = 4,
	StorPowerDeviceMaximum = 5
} STOR_DEVICE_POWER_STATE, *PSTOR_DEVICE_POWER_STATE;

typedef enum _STOR_POWER_ACTION {
	StorPowerActionNone = 0,
	StorPowerActionReserved = 1,
	StorPowerActionSleep = 2,
	StorPowerActionHibernate = 3,
	StorPowerActionShutdown = 4,
	StorPowerActionShutdownReset = 5,
	StorPowerActionShutdownOff = 6,
	StorPowerActionWarmEject = 7
} STOR_POWER_ACTION, *PSTOR_POWER_ACTION;

typedef struct _SCSI_POWER_REQUEST_BLOCK {
	USHORT Length;
	UCHAR Function;
	UCHAR SrbStatus;
	UCHAR SrbPowerFlags;
	UCHAR PathId;
	UCHAR TargetId;
	UCHAR Lun;
	STOR_DEVICE_POWER_STATE DevicePowerState;
	ULONG SrbFlags;
	ULONG DataTransferLength;
	ULONG TimeOutValue;
	PVOID DataBuffer;
	PVOID SenseInfoBuffer;
	struct _SCSI_REQUEST_BLOCK *NextSrb;
	PVOID OriginalRequest;
	PVOID SrbExtension;
	STOR_POWER_ACTION PowerAction;
#if __SIZEOF_POINTER__ == 8
	ULONG Reserved;
#endif
	UCHAR Reserved5[16];
} SCSI_POWER_REQUEST_BLOCK, *PSCSI_POWER_REQUEST_BLOCK;

typedef enum _STOR_PNP_ACTION {
	StorStartDevice = 0x00,
	StorRemoveDevice = 0x02,
	StorStopDevice = 0x04,
	StorQueryCapabilities = 0x09,
	StorQueryResourceRequirements = 0x0b,
	StorFilterResourceRequirements = 0x0d,
	StorSurpriseRemoval = 0x17
} STOR_PNP_ACTION, *PSTOR_PNP_ACTION;

/*
 * Bit-fields laid out as Microsoft's compiler does (ms_struct): the ULONG
 * bits start a ULONG of their own after Version, so the structure has 8
 * bytes, not the 4 that GCC's packing of them into Version's word gives.
 */
typedef struct __attribute__((ms_struct)) _STOR_DEVICE_CAPABILITIES {
	USHORT Version;
	ULONG DeviceD1 : 1;
	ULONG DeviceD2 : 1;
	ULONG LockSupported : 1;
	ULONG EjectSupported : 1;
	ULONG Removable : 1;
	ULONG DockDevice : 1;
	ULONG UniqueID : 1;
	ULONG SilentInstall : 1;
	ULONG SurpriseRemovalOK : 1;
	ULONG NoDisplayInUI : 1;
} STOR_DEVICE_CAPABILITIES, *PSTOR_DEVICE_CAPABILITIES;

typedef struct _SCSI_PNP_REQUEST_BLOCK {
	USHORT Length;
	UCHAR Function;
	UCHAR SrbStatus;
	UCHAR PnPSubFunction;
	UCHAR PathId;
	UCHAR TargetId;
	UCHAR Lun;
	STOR_PNP_ACTION PnPAction;
	ULONG SrbFlags;
	ULONG DataTransferLength;
	ULONG TimeOutValue;
	PVOID DataBuffer;
	PVOID SenseInfoBuffer;
	struct _SCSI_REQUEST_BLOCK *NextSrb;
	PVOID OriginalRequest;
	PVOID SrbExtension;
	ULONG SrbPnPFlags;
#if __SIZEOF_POINTER__ == 8
	ULONG Reserved;
#endif
	UCHAR Reserved4[16];
} SCSI_PNP_REQUEST_BLOCK, *PSCSI_PNP_REQUEST_BLOCK;

/* ------------------------------------------------------------------ */
/* Adapter resources and configuration                                 */
/* ------------------------------------------------------------------ */

/* One I/O-port or memory window of the adapter. */
typedef struct _ACCESS_RANGE {
	SCSI_PHYSICAL_ADDRESS RangeStart;
	ULONG RangeLength;
	BOOLEAN RangeInMemory;
} ACCESS_RANGE, *PACCESS_RANGE;

/*
 * Filled in by the port driver and completed by HwFindAdapter.  This is the
 * ScsiPort variant, which ends with WmiDataProvider (Storport's goes on).
 */
typedef struct _PORT_CONFIGURATION_INFORMATION {
	ULONG Length;
	ULONG SystemIoBusNumber;
	INTERFACE_TYPE AdapterInterfaceType;
	ULONG BusInterruptLevel;
	ULONG BusInterruptVector;
	KINTERRUPT_MODE InterruptMode;
	ULONG MaximumTransferLength;
	ULONG NumberOfPhysicalBreaks;
	ULONG DmaChannel;
	ULONG DmaPort;
	DMA_WIDTH DmaWidth;
	DMA_SPEED DmaSpeed;
	ULONG AlignmentMask;
	ULONG NumberOfAccessRanges;
	ACCESS_RANGE (*AccessRanges)[];
	PVOID Reserved;
	UCHAR NumberOfBuses;
	UCHAR InitiatorBusId[8];
	BOOLEAN ScatterGather;
	BOOLEAN Master;
	BOOLEAN CachesData;
	BOOLEAN AdapterScansDown;
	BOOLEAN AtdiskPrimaryClaimed;
	BOOLEAN AtdiskSecondaryClaimed;
	BOOLEAN Dma32BitAddresses;
	BOOLEAN DemandMode;
	BOOLEAN MapBuffers;
	BOOLEAN NeedPhysicalAddresses;
	BOOLEAN TaggedQueuing;
	BOOLEAN AutoRequestSense;
	BOOLEAN MultipleRequestPerLu;
	BOOLEAN ReceiveEvent;
	BOOLEAN RealModeInitialized;
	BOOLEAN BufferAccessScsiPortControlled;
	UCHAR MaximumNumberOfTargets;
	UCHAR ReservedUchars[2];
	ULONG SlotNumber;
	ULONG BusInterruptLevel2;
	ULONG BusInterruptVector2;
	KINTERRUPT_MODE InterruptMode2;
	ULONG DmaChannel2;
	ULONG DmaPort2;
	DMA_WIDTH DmaWidth2;
	DMA_SPEED DmaSpeed2;
	ULONG DeviceExtensionSize;
	ULONG SpecificLuExtensionSize;
	ULONG SrbExtensionSize;
	UCHAR Dma64BitAddresses;
	BOOLEAN ResetTargetSupported;
	UCHAR MaximumNumberOfLogicalUnits;
	BOOLEAN WmiDataProvider;
} PORT_CONFIGURATION_INFORMATION, *PPORT_CONFIGURATION_INFORMATION;

/* Length of the structure revision that ends with WmiDataProvider. */
#define CONFIG_INFO_VERSION_2 sizeof(PORT_CONFIGURATION_INFORMATION)

/* HwFindAdapter return values. */
#define SP_RETURN_NOT_FOUND	0
#define SP_RETURN_FOUND		1
#define SP_RETURN_ERROR		2
#define SP_RETURN_BAD_CONFIG	3

/* ErrorCode argument of ScsiPortLogError. */
#define SP_BUS_PARITY_ERROR		0x0001
#define SP_UNEXPECTED_DISCONNECT	0x0002
#define SP_INVALID_RESELECTION		0x0003
#define SP_BUS_TIME_OUT			0x0004
#define SP_PROTOCOL_ERROR		0x0005
#define SP_INTERNAL_ADAPTER_ERROR	0x0006
#define SP_REQUEST_TIMEOUT		0x0007
#define SP_IRQ_NOT_RESPONDING		0x0008
#define SP_BAD_FW_WARNING		0x0009
#define SP_BAD_FW_ERROR			0x000A
#define SP_LOST_WMI_MINIPORT_REQUEST	0x000B

/* ------------------------------------------------------------------ */
/* Notifications and adapter control                                   */
/* ------------------------------------------------------------------ */

/* First argument of ScsiPortNotification. */
typedef enum _SCSI_NOTIFICATION_TYPE {
	RequestComplete = 0,
	NextRequest = 1,
	NextLuRequest = 2,
	ResetDetected = 3,
	CallDisableInterrupts = 4,
	CallEnableInterrupts = 5,
	RequestTimerCall = 6,
	BusChangeDetected = 7,
	WMIEvent = 8,
	WMIReregister = 9,
	LinkUp = 10,
	LinkDown = 11,
	QueryTickCount = 12,
	BufferOverrunDetected = 13,
	TraceNotification = 14
} SCSI_NOTIFICATION_TYPE, *PSCSI_NOTIFICATION_TYPE;

/* ControlType argument of HwAdapterControl. */
typedef enum _SCSI_ADAPTER_CONTROL_TYPE {
	ScsiQuerySupportedControlTypes = 0,
	ScsiStopAdapter = 1,
	ScsiRestartAdapter = 2,
	ScsiSetBootConfig = 3,
	ScsiSetRunningConfig = 4,
	ScsiAdapterControlMax = 5,
	MakeAdapterControlTypeSizeOfUlong = 0xffffffff
} SCSI_ADAPTER_CONTROL_TYPE, *PSCSI_ADAPTER_CONTROL_TYPE;

/* What HwAdapterControl returns. */
typedef enum _SCSI_ADAPTER_CONTROL_STATUS {
	ScsiAdapterControlSuccess = 0,
	ScsiAdapterControlUnsuccessful = 1
} SCSI_ADAPTER_CONTROL_STATUS, *PSCSI_ADAPTER_CONTROL_STATUS;

/*
 * Parameters of ScsiQuerySupportedControlTypes: the miniport sets
 * SupportedTypeList[t] to TRUE for each control type t below MaxControlType
 * that it handles.
 */
typedef struct _SCSI_SUPPORTED_CONTROL_TYPE_LIST {
	ULONG MaxControlType;
	BOOLEAN SupportedTypeList[];
} SCSI_SUPPORTED_CONTROL_TYPE_LIST, *PSCSI_SUPPORTED_CONTROL_TYPE_LIST;

/* ------------------------------------------------------------------ */
/* Miniport entry points                                               */
/* ------------------------------------------------------------------ */

typedef BOOLEAN HW_INITIALIZE(PVOID DeviceExtension);
typedef HW_INITIALIZE *PHW_INITIALIZE;

typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef HW_STARTIO *PHW_STARTIO;

/* Also the type of the Enable/DisableInterrupts callbacks. */
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef HW_INTERRUPT *PHW_INTERRUPT;

typedef VOID HW_TIMER(PVOID DeviceExtension);
typedef HW_TIMER *PHW_TIMER;

typedef VOID HW_DMA_STARTED(PVOID DeviceExtension);
typedef HW_DMA_STARTED *PHW_DMA_STARTED;

typedef ULONG HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext,
			      PVOID BusInformation, PCHAR ArgumentString,
			      PPORT_CONFIGURATION_INFORMATION ConfigInfo,
			      PBOOLEAN Again);
typedef HW_FIND_ADAPTER *PHW_FIND_ADAPTER;

typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef HW_RESET_BUS *PHW_RESET_BUS;

typedef BOOLEAN HW_ADAPTER_STATE(PVOID DeviceExtension, PVOID Context,
				 BOOLEAN SaveState);
typedef HW_ADAPTER_STATE *PHW_ADAPTER_STATE;

typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(
	PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
	PVOID Parameters);
typedef HW_ADAPTER_CONTROL *PHW_ADAPTER_CONTROL;

/*
 * What DriverEntry fills in (after zeroing it) and passes to
 * ScsiPortInitialize.  ScsiPort variant: ends with HwAdapterControl.
 */
typedef struct _HW_INITIALIZATION_DATA {
	ULONG HwInitializationDataSize;
	INTERFACE_TYPE AdapterInterfaceType;
	PHW_INITIALIZE HwInitialize;
	PHW_STARTIO HwStartIo;
	PHW_INTERRUPT HwInterrupt;
	PHW_FIND_ADAPTER HwFindAdapter;
	PHW_RESET_BUS HwResetBus;
	PHW_DMA_STARTED HwDmaStarted;
	PHW_ADAPTER_STATE HwAdapterState;
	ULONG DeviceExtensionSize;
	ULONG SpecificLuExtensionSize;
	ULONG SrbExtensionSize;
	ULONG NumberOfAccessRanges;
	PVOID Reserved;
	BOOLEAN MapBuffers;
	BOOLEAN NeedPhysicalAddresses;
	BOOLEAN TaggedQueuing;
	BOOLEAN AutoRequestSense;
	BOOLEAN MultipleRequestPerLu;
	BOOLEAN ReceiveEvent;
	USHORT VendorIdLength;
	PVOID VendorId;
	union {
		USHORT ReservedUshort;
		USHORT PortVersionFlags;
	};
	USHORT DeviceIdLength;
	PVOID DeviceId;
	PHW_ADAPTER_CONTROL HwAdapterControl;
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;

/* ------------------------------------------------------------------ */
/* Services provided by scsiport.ko                                    */
/* ------------------------------------------------------------------ */

SCSIPORT_API ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2,
	struct _HW_INITIALIZATION_DATA *HwInitializationData,
	PVOID HwContext);

/* The arguments after HwDeviceExtension depend on NotificationType. */
SCSIPORT_API VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
	PVOID HwDeviceExtension, ...);

SCSIPORT_API VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension,
	UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus);

SCSIPORT_API PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension,
	UCHAR PathId, UCHAR TargetId, UCHAR Lun, LONG QueueTag);

SCSIPORT_API PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension,
	UCHAR PathId, UCHAR TargetId, UCHAR Lun);

SCSIPORT_API PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension,
	PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG NumberOfBytes);

SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(
	PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
	PVOID VirtualAddress, PULONG Length);

SCSIPORT_API PVOID ScsiPortGetVirtualAddress(PVOID HwDeviceExtension,
	SCSI_PHYSICAL_ADDRESS PhysicalAddress);

SCSIPORT_API PVOID ScsiPortGetDeviceBase(PVOID HwDeviceExtension,
	INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
	SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
	BOOLEAN InIoSpace);

SCSIPORT_API VOID ScsiPortFreeDeviceBase(PVOID HwDeviceExtension,
	PVOID MappedAddress);

SCSIPORT_API BOOLEAN ScsiPortValidateRange(PVOID HwDeviceExtension,
	INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
	SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes,
	BOOLEAN InIoSpace);

SCSIPORT_API ULONG ScsiPortGetBusData(PVOID DeviceExtension,
	ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber,
	PVOID Buffer, ULONG Length);

SCSIPORT_API ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension,
	ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber,
	PVOID Buffer, ULONG Offset, ULONG Length);

/* Register and port access on addresses from ScsiPortGetDeviceBase. */
SCSIPORT_API UCHAR ScsiPortReadPortUchar(PUCHAR Port);
SCSIPORT_API USHORT ScsiPortReadPortUshort(PUSHORT Port);
SCSIPORT_API ULONG ScsiPortReadPortUlong(PULONG Port);
SCSIPORT_API VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer,
	ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer,
	ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer,
	ULONG Count);

SCSIPORT_API UCHAR ScsiPortReadRegisterUchar(PUCHAR Register);
SCSIPORT_API USHORT ScsiPortReadRegisterUshort(PUSHORT Register);
SCSIPORT_API ULONG ScsiPortReadRegisterUlong(PULONG Register);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register,
	PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register,
	PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUlong(PULONG Register,
	PULONG Buffer, ULONG Count);

SCSIPORT_API VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value);
SCSIPORT_API VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value);
SCSIPORT_API VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value);
SCSIPORT_API VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer,
	ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUshort(PUSHORT Port,
	PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer,
	ULONG Count);

SCSIPORT_API VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUshort(PUSHORT Register,
	USHORT Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register,
	PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register,
	PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUlong(PULONG Register,
	PULONG Buffer, ULONG Count);

/* Busy-wait for the given number of microseconds. */
SCSIPORT_API VOID ScsiPortStallExecution(ULONG Delay);

SCSIPORT_API VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer,
	ULONG Length);

SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(
	ULONG_PTR UlongAddress);

SCSIPORT_API ULONG ScsiPortConvertPhysicalAddressToUlong(
	SCSI_PHYSICAL_ADDRESS Address);

/*
 * The WDK's macro forms.  A PHYSICAL_ADDRESS as a pointer-sized integer
 * (all 64 bits on x64; ScsiPortConvertPhysicalAddressToUlong keeps only
 * the low 32).  The routines above stay exported for miniports built
 * against headers that call them; scsiport.ko itself defines them and so
 * does not see these macros.
 */
#define ScsiPortConvertPhysicalAddressToULongPtr(Address) \
	((ULONG_PTR)((Address).QuadPart))
#ifndef SCSIPORT_SHIM_INTERNAL
#define ScsiPortConvertPhysicalAddressToUlong(Address) ((Address).LowPart)
#endif

/* Another spelling of SCSIPORT_API that older miniport sources use. */
#ifndef SCSIPORTAPI
#define SCSIPORTAPI SCSIPORT_API
#endif

/* 100 ns units since 1601-01-01, like the Windows system time. */
SCSIPORT_API VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime);

SCSIPORT_API VOID ScsiPortLogError(PVOID HwDeviceExtension,
	PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
	ULONG ErrorCode, ULONG UniqueId);

/*
 * Format strings follow Windows conventions: an "l" length modifier means
 * 32 bits, as LONG/ULONG do here, so no printf format checking is applied.
 */
SCSIPORT_API VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage,
	...);

/* Subordinate (system DMA controller) adapters only. */
SCSIPORT_API VOID ScsiPortFlushDma(PVOID DeviceExtension);
SCSIPORT_API VOID ScsiPortIoMapTransfer(PVOID HwDeviceExtension,
	PSCSI_REQUEST_BLOCK Srb, PVOID LogicalAddress, ULONG Length);

/*
 * DebugPrint((Level, Format, ...)) - note the double parentheses - prints
 * through ScsiDebugPrint when the miniport is built with DBG set, and
 * disappears otherwise.
 */
#ifndef DebugPrint
#if defined(DBG) && DBG
#define DebugPrint(x) ScsiDebugPrint x
#else
#define DebugPrint(x) ((void)0)
#endif
#endif

#endif /* SCSIPORT_SHIM_SRB_H */
