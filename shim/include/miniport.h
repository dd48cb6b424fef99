/*
 * miniport.h - bus, interrupt, DMA and PCI definitions for ScsiPort
 * miniport drivers built against the ScsiPort shim.
 *
 * These are the enumerations that appear in HW_INITIALIZATION_DATA and
 * PORT_CONFIGURATION_INFORMATION, plus the PCI configuration-space view a
 * miniport walks when it looks for its adapters with ScsiPortGetBusData.
 * Values and layouts follow x64 Windows so that miniport code written for
 * Windows compiles unchanged; the shim translates them to Linux notions.
 */
#ifndef SCSIPORT_SHIM_MINIPORT_H
#define SCSIPORT_SHIM_MINIPORT_H

#include "sptypes.h"
/* memset, memcpy, strlen...: what a DDK build gives every miniport */
#include "spcrt.h"
/* Interlocked operations and barriers: intrinsics, not imports */
#ifndef SCSIPORT_SHIM_INTERNAL
#include "spsync.h"
#endif

/* ------------------------------------------------------------------ */
/* Bus, interrupt and DMA descriptions                                 */
/* ------------------------------------------------------------------ */

/* Kind of I/O bus an adapter sits on. */
typedef enum _INTERFACE_TYPE {
	InterfaceTypeUndefined = -1,
	Internal = 0,
	Isa = 1,
	Eisa = 2,
	MicroChannel = 3,
	TurboChannel = 4,
	PCIBus = 5,
	VMEBus = 6,
	NuBus = 7,
	PCMCIABus = 8,
	CBus = 9,
	MPIBus = 10,
	MPSABus = 11,
	ProcessorInternal = 12,
	InternalPowerBus = 13,
	PNPISABus = 14,
	PNPBus = 15,
	Vmcs = 16,
	ACPIBus = 17,
	MaximumInterfaceType = 18
} INTERFACE_TYPE, *PINTERFACE_TYPE;

/* Level-triggered versus edge-triggered ("latched") interrupt lines. */
typedef enum _KINTERRUPT_MODE {
	LevelSensitive = 0,
	Latched = 1
} KINTERRUPT_MODE, *PKINTERRUPT_MODE;

/* Transfer width programmed into a system (slave-mode) DMA channel. */
typedef enum _DMA_WIDTH {
	Width8Bits = 0,
	Width16Bits = 1,
	Width32Bits = 2,
	Width64Bits = 3,
	WidthNoWrap = 4,
	MaximumDmaWidth = 5
} DMA_WIDTH, *PDMA_WIDTH;

/* EISA DMA timing cycle. */
typedef enum _DMA_SPEED {
	Compatible = 0,
	TypeA = 1,
	TypeB = 2,
	TypeC = 3,
	TypeF = 4,
	MaximumDmaSpeed = 5
} DMA_SPEED, *PDMA_SPEED;

/* Which configuration space ScsiPortGetBusData / SetBusDataByOffset use. */
typedef enum _BUS_DATA_TYPE {
	ConfigurationSpaceUndefined = -1,
	Cmos = 0,
	EisaConfiguration = 1,
	Pos = 2,
	CbusConfiguration = 3,
	PCIConfiguration = 4,
	VMEConfiguration = 5,
	NuBusConfiguration = 6,
	PCMCIAConfiguration = 7,
	MPIConfiguration = 8,
	MPSAConfiguration = 9,
	PNPISAConfiguration = 10,
	SgiInternalConfiguration = 11,
	MaximumBusDataType = 12
} BUS_DATA_TYPE, *PBUS_DATA_TYPE;

/* ------------------------------------------------------------------ */
/* Legacy port-trapping descriptions (x86 emulator), kept for source    */
/* compatibility; the shim never traps port accesses.                  */
/* ------------------------------------------------------------------ */

typedef enum _EMULATOR_PORT_ACCESS_TYPE {
	Uchar = 0,
	Ushort = 1,
	Ulong = 2
} EMULATOR_PORT_ACCESS_TYPE, *PEMULATOR_PORT_ACCESS_TYPE;

#define EMULATOR_READ_ACCESS	0x01
#define EMULATOR_WRITE_ACCESS	0x02

typedef struct _EMULATOR_ACCESS_ENTRY {
	ULONG BasePort;
	ULONG NumConsecutivePorts;
	EMULATOR_PORT_ACCESS_TYPE AccessType;
	UCHAR AccessMode;
	UCHAR StringSupported;
	PVOID Routine;
} EMULATOR_ACCESS_ENTRY, *PEMULATOR_ACCESS_ENTRY;

/* ------------------------------------------------------------------ */
/* PCI configuration space                                             */
/* ------------------------------------------------------------------ */

/*
 * SlotNumber argument of ScsiPortGetBusData for PCIConfiguration:
 * device in bits 0-4, function in bits 5-7.
 */
typedef struct _PCI_SLOT_NUMBER {
	union {
		struct {
			ULONG DeviceNumber : 5;
			ULONG FunctionNumber : 3;
			ULONG Reserved : 24;
		} bits;
		ULONG AsULONG;
	} u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;

/* Number of base address registers per header layout. */
#define PCI_TYPE0_ADDRESSES	6
#define PCI_TYPE1_ADDRESSES	2
#define PCI_TYPE2_ADDRESSES	5

/* Header type 0: an ordinary device function. */
struct _PCI_HEADER_TYPE_0 {
	ULONG BaseAddresses[PCI_TYPE0_ADDRESSES];
	ULONG CIS;
	USHORT SubVendorID;
	USHORT SubSystemID;
	ULONG ROMBaseAddress;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved1[3];
	ULONG Reserved2;
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	UCHAR MinimumGrant;
	UCHAR MaximumLatency;
};

/* Header type 1: PCI-to-PCI bridge. */
struct _PCI_HEADER_TYPE_1 {
	ULONG BaseAddresses[PCI_TYPE1_ADDRESSES];
	UCHAR PrimaryBus;
	UCHAR SecondaryBus;
	UCHAR SubordinateBus;
	UCHAR SecondaryLatency;
	UCHAR IOBase;
	UCHAR IOLimit;
	USHORT SecondaryStatus;
	USHORT MemoryBase;
	USHORT MemoryLimit;
	USHORT PrefetchBase;
	USHORT PrefetchLimit;
	ULONG PrefetchBaseUpper32;
	ULONG PrefetchLimitUpper32;
	USHORT IOBaseUpper16;
	USHORT IOLimitUpper16;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved1[3];
	ULONG ROMBaseAddress;
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	USHORT BridgeControl;
};

/* Header type 2: CardBus bridge (four base/limit windows). */
struct _PCI_HEADER_TYPE_2 {
	ULONG SocketRegistersBaseAddress;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved;
	USHORT SecondaryStatus;
	UCHAR PrimaryBus;
	UCHAR SecondaryBus;
	UCHAR SubordinateBus;
	UCHAR SecondaryLatency;
	struct {
		ULONG Base;
		ULONG Limit;
	} Range[PCI_TYPE2_ADDRESSES - 1];
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	USHORT BridgeControl;
};

typedef struct _PCI_HEADER_TYPE_0 PCI_HEADER_TYPE_0, *PPCI_HEADER_TYPE_0;
typedef struct _PCI_HEADER_TYPE_1 PCI_HEADER_TYPE_1, *PPCI_HEADER_TYPE_1;
typedef struct _PCI_HEADER_TYPE_2 PCI_HEADER_TYPE_2, *PPCI_HEADER_TYPE_2;

/*
 * The first 64 bytes, common to every function.  The same member list opens
 * PCI_COMMON_CONFIG, where it is followed by the device-specific bytes, so
 * that miniports can write Config.VendorID and Config.u.type0.BaseAddresses
 * on either structure.
 */
#define SP_PCI_COMMON_HEADER_MEMBERS			\
	USHORT VendorID;				\
	USHORT DeviceID;				\
	USHORT Command;					\
	USHORT Status;					\
	UCHAR RevisionID;				\
	UCHAR ProgIf;					\
	UCHAR SubClass;					\
	UCHAR BaseClass;				\
	UCHAR CacheLineSize;				\
	UCHAR LatencyTimer;				\
	UCHAR HeaderType;				\
	UCHAR BIST;					\
	union {						\
		struct _PCI_HEADER_TYPE_0 type0;	\
		struct _PCI_HEADER_TYPE_1 type1;	\
		struct _PCI_HEADER_TYPE_2 type2;	\
	} u;

typedef struct _PCI_COMMON_HEADER {
	SP_PCI_COMMON_HEADER_MEMBERS
} PCI_COMMON_HEADER, *PPCI_COMMON_HEADER;

typedef struct _PCI_COMMON_CONFIG {
	SP_PCI_COMMON_HEADER_MEMBERS
	UCHAR DeviceSpecific[192];
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;

#undef SP_PCI_COMMON_HEADER_MEMBERS

/* Length of the standard header, i.e. where DeviceSpecific begins (64). */
#define PCI_COMMON_HDR_LENGTH FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceSpecific)

/* Bus geometry and "nothing here" marker for configuration scans. */
#define PCI_MAX_DEVICES		32
#define PCI_MAX_FUNCTION	8
#define PCI_MAX_BRIDGE_NUMBER	0xFF
#define PCI_INVALID_VENDORID	0xFFFF

/* HeaderType: layout in bits 0-6, multi-function flag in bit 7. */
#define PCI_MULTIFUNCTION	0x80
#define PCI_DEVICE_TYPE		0x00
#define PCI_BRIDGE_TYPE		0x01
#define PCI_CARDBUS_BRIDGE_TYPE	0x02

#define PCI_CONFIGURATION_TYPE(PciData) \
	(((PPCI_COMMON_CONFIG)(PciData))->HeaderType & ~PCI_MULTIFUNCTION)
#define PCI_MULTIFUNCTION_DEVICE(PciData) \
	((((PPCI_COMMON_CONFIG)(PciData))->HeaderType & PCI_MULTIFUNCTION) != 0)

/* Command register bits. */
#define PCI_ENABLE_IO_SPACE			0x0001
#define PCI_ENABLE_MEMORY_SPACE			0x0002
#define PCI_ENABLE_BUS_MASTER			0x0004
#define PCI_ENABLE_SPECIAL_CYCLES		0x0008
#define PCI_ENABLE_WRITE_AND_VALIDATE		0x0010
#define PCI_ENABLE_VGA_COMPATIBLE_PALETTE	0x0020
#define PCI_ENABLE_PARITY			0x0040
#define PCI_ENABLE_WAIT_CYCLE			0x0080
#define PCI_ENABLE_SERR				0x0100
#define PCI_ENABLE_FAST_BACK_TO_BACK		0x0200
#define PCI_DISABLE_LEVEL_INTERRUPT		0x0400

/* Status register bits. */
#define PCI_STATUS_INTERRUPT_PENDING		0x0008
#define PCI_STATUS_CAPABILITIES_LIST		0x0010
#define PCI_STATUS_66MHZ_CAPABLE		0x0020
#define PCI_STATUS_UDF_SUPPORTED		0x0040
#define PCI_STATUS_FAST_BACK_TO_BACK		0x0080
#define PCI_STATUS_DATA_PARITY_DETECTED		0x0100
#define PCI_STATUS_DEVSEL			0x0600
#define PCI_STATUS_SIGNALED_TARGET_ABORT	0x0800
#define PCI_STATUS_RECEIVED_TARGET_ABORT	0x1000
#define PCI_STATUS_RECEIVED_MASTER_ABORT	0x2000
#define PCI_STATUS_SIGNALED_SYSTEM_ERROR	0x4000
#define PCI_STATUS_DETECTED_PARITY_ERROR	0x8000

/* Decoding a base address register. */
#define PCI_ADDRESS_IO_SPACE			0x00000001
#define PCI_ADDRESS_MEMORY_TYPE_MASK		0x00000006
#define PCI_ADDRESS_MEMORY_PREFETCHABLE		0x00000008
#define PCI_ADDRESS_IO_ADDRESS_MASK		0xFFFFFFFC
#define PCI_ADDRESS_MEMORY_ADDRESS_MASK		0xFFFFFFF0
#define PCI_ADDRESS_ROM_ADDRESS_MASK		0xFFFFF800

#define PCI_TYPE_32BIT		0
#define PCI_TYPE_20BIT		2
#define PCI_TYPE_64BIT		4

#define PCI_ROMADDRESS_ENABLED	0x00000001

/* Class codes a storage miniport is likely to compare against. */
#define PCI_CLASS_PRE_20			0x00
#define PCI_CLASS_MASS_STORAGE_CTLR		0x01
#define PCI_CLASS_NETWORK_CTLR			0x02
#define PCI_CLASS_DISPLAY_CTLR			0x03
#define PCI_CLASS_BRIDGE_DEV			0x06

#define PCI_SUBCLASS_MSC_SCSI_BUS_CTLR		0x00
#define PCI_SUBCLASS_MSC_IDE_CTLR		0x01
#define PCI_SUBCLASS_MSC_FLOPPY_CTLR		0x02
#define PCI_SUBCLASS_MSC_IPI_CTLR		0x03
#define PCI_SUBCLASS_MSC_RAID_CTLR		0x04
#define PCI_SUBCLASS_MSC_OTHER			0x80

#endif /* SCSIPORT_SHIM_MINIPORT_H */
