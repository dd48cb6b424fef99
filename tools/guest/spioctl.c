// SPDX-License-Identifier: GPL-2.0
/*
 * spioctl - talk to a ScsiPort miniport through IOCTL_SCSI_MINIPORT, and
 * send raw CDBs through SG_IO, from inside the test guest.
 *
 *   spioctl stats DEV           RAM disk counters: one "name injected
 *                               recovered" line per fault kind ("-" when
 *                               not observable), then "# name value" lines
 *   spioctl reset DEV           reset the RAM disk counters
 *   spioctl fuzz DEV N [SEED]   N malformed and valid IOCTL_SCSI_MINIPORT
 *                               calls; each must fail or succeed exactly as
 *                               the port driver and miniport define it
 *   spioctl noraw DEV           without CAP_SYS_RAWIO the request must fail
 *                               with EPERM
 *   spioctl smart DEV           the SMART interface of IOCTL_SCSI_MINIPORT
 *                               ("SCSIDISK" signature, as Windows SMART
 *                               tools use it): version, IDENTIFY, the
 *                               attributes and the status; prints what the
 *                               miniport answered, fails on a bad answer
 *   spioctl cdb DEV [-i LEN] [-o HEX] BYTE...
 *                               send one CDB (hex bytes) with SG_IO: data in
 *                               of LEN bytes, or data out given as hex; prints
 *                               "status", "host", "driver", "resid", "sense"
 *                               and "data" lines
 *
 * DEV is the disk's node (/dev/sdX).  Build: gcc -static -O2 -I shim/include.
 * Exit status: 0 success, 1 failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <unistd.h>
#include <scsi/sg.h>
#include <linux/capability.h>

#include "ntddscsi.h"
#include "ntdddisk.h"
#include "../../miniport/ramdisk/ramdisk_ioctl.h"

/* What the port driver accepts (shim/sp_ioctl.c). */
#define SP_IOCTL_MAX_DATA	(64 * 1024)
#define FUZZ_MAX_LENGTH		(1024 * 1024)
#define PAGE			4096

static const char *fault_names[] = RAMDISK_FAULT_NAMES;

static int open_dev(const char *dev)
{
	int fd = open(dev, O_RDWR | O_NONBLOCK);

	if (fd < 0)
		fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		fprintf(stderr, "spioctl: %s: %s\n", dev, strerror(errno));
	return fd;
}

static void fill_header(SRB_IO_CONTROL *h, ULONG code, ULONG length)
{
	memset(h, 0, sizeof(*h));
	h->HeaderLength = sizeof(*h);
	memcpy(h->Signature, RAMDISK_IOCTL_SIGNATURE, sizeof(h->Signature));
	h->Timeout = 10;
	h->ControlCode = code;
	h->Length = length;
}

/* ------------------------------------------------------------------ */
/* stats, reset                                                        */
/* ------------------------------------------------------------------ */

/*
 * The data follows the header at byte sizeof(SRB_IO_CONTROL) (28), which is
 * not 8-byte aligned: a struct { SRB_IO_CONTROL; RAMDISK_STATS; } would put
 * padding in between, so the buffer is built byte-wise.
 */
static int get_stats(int fd, RAMDISK_STATS *out)
{
	unsigned char buf[sizeof(SRB_IO_CONTROL) + sizeof(RAMDISK_STATS)];
	SRB_IO_CONTROL h;

	fill_header(&h, RAMDISK_IOCTL_GET_STATS, sizeof(*out));
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &h, sizeof(h));
	if (ioctl(fd, IOCTL_SCSI_MINIPORT, buf) < 0) {
		memcpy(&h, buf, sizeof(h));
		fprintf(stderr, "spioctl: GET_STATS: %s (ReturnCode %u)\n",
			strerror(errno), h.ReturnCode);
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	memcpy(out, buf + sizeof(h), sizeof(*out));
	if (h.ReturnCode != RAMDISK_RC_SUCCESS ||
	    out->Version != RAMDISK_STATS_VERSION ||
	    out->Size != sizeof(*out)) {
		fprintf(stderr, "spioctl: GET_STATS: ReturnCode %u, version %u, size %u\n",
			h.ReturnCode, out->Version, out->Size);
		return -1;
	}
	return 0;
}

static int cmd_stats(const char *dev)
{
	RAMDISK_STATS s;
	unsigned int i;
	int fd = open_dev(dev);

	if (fd < 0 || get_stats(fd, &s))
		return 1;
	close(fd);
	for (i = 0; i < RAMDISK_FAULT_KINDS && i < s.FaultKinds; i++) {
		if (s.Faults[i].Recovered == RAMDISK_NOT_OBSERVABLE)
			printf("%s %u -\n", fault_names[i], s.Faults[i].Injected);
		else
			printf("%s %u %u\n", fault_names[i], s.Faults[i].Injected,
			       s.Faults[i].Recovered);
	}
	printf("# disks %u\n# blocks_per_disk %llu\n", s.Disks,
	       (unsigned long long)s.BlocksPerDisk);
	printf("# commands %llu\n# read_write %llu\n# bytes_read %llu\n# bytes_written %llu\n# blocks_unmapped %llu\n",
	       (unsigned long long)s.Commands,
	       (unsigned long long)s.ReadWriteCommands,
	       (unsigned long long)s.BytesRead,
	       (unsigned long long)s.BytesWritten,
	       (unsigned long long)s.BlocksUnmapped);
	printf("# check_conditions %u\n# aborts %u\n# aborts_found %u\n# device_resets %u\n# bus_resets %u\n",
	       s.CheckConditions, s.Aborts, s.AbortsFound, s.DeviceResets,
	       s.BusResets);
	printf("# timer_calls %u\n# callbacks %u\n# outstanding %u\n# max_outstanding %u\n",
	       s.TimerCalls, s.Callbacks, s.Outstanding, s.MaxOutstanding);
	return 0;
}

static int cmd_reset(const char *dev)
{
	SRB_IO_CONTROL h;
	int fd = open_dev(dev);

	if (fd < 0)
		return 1;
	fill_header(&h, RAMDISK_IOCTL_RESET_STATS, 0);
	if (ioctl(fd, IOCTL_SCSI_MINIPORT, &h) < 0 ||
	    h.ReturnCode != RAMDISK_RC_SUCCESS) {
		fprintf(stderr, "spioctl: RESET_STATS: %s (ReturnCode %u)\n",
			strerror(errno), h.ReturnCode);
		return 1;
	}
	close(fd);
	return 0;
}

/*
 * Drop CAP_SYS_RAWIO from the effective set (raw capget/capset: the guest
 * has no libcap), then ask for the statistics: the port driver must refuse
 * before the miniport sees anything.
 */
static int cmd_noraw(const char *dev)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	unsigned char buf[sizeof(SRB_IO_CONTROL) + sizeof(RAMDISK_STATS)];
	SRB_IO_CONTROL io;
	int fd = open_dev(dev);

	if (fd < 0)
		return 1;
	if (syscall(SYS_capget, &h, d)) {
		perror("spioctl: capget");
		return 1;
	}
	d[CAP_TO_INDEX(CAP_SYS_RAWIO)].effective &= ~CAP_TO_MASK(CAP_SYS_RAWIO);
	if (syscall(SYS_capset, &h, d)) {
		perror("spioctl: capset");
		return 1;
	}
	fill_header(&io, RAMDISK_IOCTL_GET_STATS, sizeof(RAMDISK_STATS));
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &io, sizeof(io));
	if (ioctl(fd, IOCTL_SCSI_MINIPORT, buf) == 0) {
		fprintf(stderr, "spioctl: IOCTL_SCSI_MINIPORT worked without CAP_SYS_RAWIO\n");
		return 1;
	}
	if (errno != EPERM) {
		fprintf(stderr, "spioctl: without CAP_SYS_RAWIO: %s, expected EPERM\n",
			strerror(errno));
		return 1;
	}
	close(fd);
	printf("without CAP_SYS_RAWIO: EPERM\n");
	return 0;
}

/* ------------------------------------------------------------------ */
/* fuzz                                                                */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* Where a fuzz request's buffer lives. */
enum placement {
	PLACE_EXACT,		/* readable and writable, exactly the size */
	PLACE_SHORT,		/* ends (guard page) before the claimed size */
	PLACE_READONLY,		/* readable, not writable */
	PLACE_BAD_POINTER,	/* NULL, 1, unmapped, kernel address */
	PLACE_COUNT
};

struct arena {
	unsigned char *rw;	/* FUZZ_MAX_LENGTH + 2 pages, then a guard page */
	size_t rw_len;
	unsigned char *ro;	/* one read-only page, then a guard page */
};

static int arena_init(struct arena *a)
{
	size_t len = FUZZ_MAX_LENGTH + 3 * PAGE;
	unsigned char *p;

	p = mmap(NULL, len + PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mprotect(p + len, PAGE, PROT_NONE))
		return -1;
	a->rw = p;
	a->rw_len = len;
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + PAGE, PAGE, PROT_NONE))
		return -1;
	a->ro = p;
	return 0;
}

/* Outcome classes, compared with what the request should give. */
#define RES_OK		0
#define RES_EINVAL	1
#define RES_EFAULT	2
#define RES_EIO		3
#define RES_EBUSY		4
#define RES_OTHER		5
static const char *r_names[] = { "ok", "EINVAL", "EFAULT", "EIO", "EBUSY", "other" };

static int classify(int ret, int err)
{
	if (ret == 0)
		return RES_OK;
	switch (err) {
	case EINVAL:
		return RES_EINVAL;
	case EFAULT:
		return RES_EFAULT;
	case EIO:
		return RES_EIO;
	case EBUSY:
		return RES_EBUSY;
	default:
		return RES_OTHER;
	}
}

static int cmd_fuzz(const char *dev, unsigned long count, unsigned long seed)
{
	unsigned long counts[RES_OTHER + 1] = { 0 };
	unsigned long i, mismatches = 0, checked = 0;
	struct arena a;
	int fd = open_dev(dev);

	if (fd < 0)
		return 1;
	if (arena_init(&a)) {
		perror("spioctl: mmap");
		return 1;
	}
	rng_state = seed ? seed : 0x5350494f43544cULL;

	for (i = 0; i < count; i++) {
		SRB_IO_CONTROL h;
		uint32_t hdr_len = sizeof(h), length, code;
		int sig_ok = 1, place, expect, got, ret, err;
		size_t claimed, have;
		unsigned char *buf;
		uint32_t pick = rnd_below(100);

		/* Header fields. */
		if (rnd_below(100) < 20) {
			static const uint32_t odd[] = { 0, 1, 27, 29, 32, 4096,
							 0x7fffffff, 0xffffffff };
			hdr_len = rnd_below(3) ? odd[rnd_below(8)] : rnd();
		}
		if (pick < 40)
			length = rnd_below(2 * sizeof(RAMDISK_STATS));
		else if (pick < 70)
			length = rnd_below(SP_IOCTL_MAX_DATA + 1);
		else if (pick < 90)
			length = rnd_below(FUZZ_MAX_LENGTH + 1);
		else
			length = rnd_below(2) ? 0xffffffff : SP_IOCTL_MAX_DATA + 1;
		code = rnd_below(100) < 70 ? 1 + rnd_below(2) : rnd();
		memset(&h, 0, sizeof(h));
		h.HeaderLength = hdr_len;
		if (rnd_below(100) < 75) {
			memcpy(h.Signature, RAMDISK_IOCTL_SIGNATURE, 8);
		} else {
			int k;

			for (k = 0; k < 8; k++)
				h.Signature[k] = (UCHAR)rnd();
			if (rnd_below(2))
				memcpy(h.Signature, "SPRAMDSX", 8);
			sig_ok = !memcmp(h.Signature, RAMDISK_IOCTL_SIGNATURE, 8);
		}
		h.Timeout = rnd_below(4);
		h.ControlCode = code;
		h.ReturnCode = rnd();
		h.Length = length;

		/* The buffer. */
		claimed = sizeof(h) + (size_t)(length > FUZZ_MAX_LENGTH ?
					       FUZZ_MAX_LENGTH : length);
		place = rnd_below(100) < 70 ? PLACE_EXACT :
			(int)rnd_below(PLACE_COUNT);
		buf = NULL;
		have = 0;
		switch (place) {
		case PLACE_EXACT:
			have = claimed;
			break;
		case PLACE_SHORT:
			have = rnd_below(claimed);	/* may cut the header */
			break;
		case PLACE_READONLY:
			have = claimed <= PAGE ? claimed : 0;
			if (!have)
				place = PLACE_SHORT;
			break;
		default:
			break;
		}
		if (place == PLACE_EXACT || place == PLACE_SHORT) {
			/* End the valid bytes right at the guard page. */
			buf = a.rw + a.rw_len - have;
			memset(buf, 0xA5, have);
			memcpy(buf, &h, have < sizeof(h) ? have : sizeof(h));
		} else if (place == PLACE_READONLY) {
			mprotect(a.ro, PAGE, PROT_READ | PROT_WRITE);
			buf = a.ro + PAGE - have;
			memcpy(buf, &h, have < sizeof(h) ? have : sizeof(h));
			mprotect(a.ro, PAGE, PROT_READ);
		} else {
			static const uintptr_t bad[] = {
				0, 1, 0x1000, 0xffff888000000000ULL,
				0xffffffffff600000ULL, 0x7ffffffff000ULL,
			};
			buf = (unsigned char *)bad[rnd_below(6)];
			if (!buf || (uintptr_t)buf == 1)
				;	/* obviously invalid */
			else if ((uintptr_t)buf == 0x1000)
				buf = a.ro + PAGE;	/* the guard page */
		}

		/* What the port driver and miniport must answer. */
		if (place == PLACE_BAD_POINTER || have < sizeof(h))
			expect = RES_EFAULT;
		else if (hdr_len != sizeof(h) || length > SP_IOCTL_MAX_DATA)
			expect = RES_EINVAL;
		else if (have < sizeof(h) + length)
			expect = RES_EFAULT;
		else if (!sig_ok ||
			 (code != RAMDISK_IOCTL_GET_STATS &&
			  code != RAMDISK_IOCTL_RESET_STATS) ||
			 (code == RAMDISK_IOCTL_GET_STATS &&
			  length < sizeof(RAMDISK_STATS)))
			expect = place == PLACE_READONLY ? RES_EFAULT : RES_EIO;
		else
			expect = place == PLACE_READONLY ? RES_EFAULT : RES_OK;

		ret = ioctl(fd, IOCTL_SCSI_MINIPORT, buf);
		err = errno;
		got = classify(ret, err);
		counts[got]++;

		if (got == RES_OK && sig_ok && code == RAMDISK_IOCTL_GET_STATS) {
			SRB_IO_CONTROL rh;
			RAMDISK_STATS st;

			memcpy(&rh, buf, sizeof(rh));
			memcpy(&st, buf + sizeof(rh), sizeof(st));
			checked++;
			if (rh.ReturnCode != RAMDISK_RC_SUCCESS ||
			    st.Version != RAMDISK_STATS_VERSION ||
			    st.Size != sizeof(st)) {
				fprintf(stderr, "fuzz %lu: stats came back wrong (rc %u, version %u, size %u)\n",
					i, rh.ReturnCode, st.Version, st.Size);
				mismatches++;
			}
		}
		if (got == RES_EIO && place == PLACE_EXACT && sig_ok) {
			SRB_IO_CONTROL rh;
			uint32_t want = code == RAMDISK_IOCTL_GET_STATS ?
				RAMDISK_RC_BAD_LENGTH : RAMDISK_RC_BAD_CODE;

			memcpy(&rh, buf, sizeof(rh));
			checked++;
			if (rh.ReturnCode != want) {
				fprintf(stderr, "fuzz %lu: code %u length %u: ReturnCode %u, expected %u\n",
					i, code, length, rh.ReturnCode, want);
				mismatches++;
			}
		}
		/* EBUSY (all internal SRBs in use) is always acceptable. */
		if (got != expect && got != RES_EBUSY) {
			fprintf(stderr, "fuzz %lu: place %d hdr %u len %u sig %d code %u: got %s (%s), expected %s\n",
				i, place, hdr_len, length, sig_ok, code,
				r_names[got], ret ? strerror(err) : "0",
				r_names[expect]);
			mismatches++;
		}
	}
	close(fd);
	printf("fuzz: %lu calls (seed %lu): ok %lu EINVAL %lu EFAULT %lu EIO %lu EBUSY %lu other %lu; %lu replies checked, %lu mismatches\n",
	       count, seed, counts[RES_OK], counts[RES_EINVAL], counts[RES_EFAULT],
	       counts[RES_EIO], counts[RES_EBUSY], counts[RES_OTHER], checked,
	       mismatches);
	return mismatches || counts[RES_OTHER] ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* cdb                                                                 */
/* ------------------------------------------------------------------ */

static int parse_hex_bytes(char **args, int n, unsigned char *out, int max)
{
	int i;
	char *end;
	unsigned long v;

	if (n > max)
		return -1;
	for (i = 0; i < n; i++) {
		v = strtoul(args[i], &end, 16);
		if (*end || v > 0xff)
			return -1;
		out[i] = (unsigned char)v;
	}
	return n;
}

static void print_bytes(const char *label, const unsigned char *p, size_t n)
{
	size_t i;

	printf("%s", label);
	for (i = 0; i < n; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

static int cmd_cdb(const char *dev, int argc, char **argv)
{
	unsigned char cdb[16], sense[96], out[4096];
	unsigned char *data = NULL;
	unsigned long in_len = 0;
	int out_len = 0, n, fd, i = 0;
	struct sg_io_hdr io;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-i") && i + 1 < argc) {
			in_len = strtoul(argv[i + 1], NULL, 0);
			i += 2;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			/* hex string, two digits a byte */
			const char *h = argv[i + 1];

			while (h[0] && h[1] && out_len < (int)sizeof(out)) {
				char two[3] = { h[0], h[1], 0 };

				out[out_len++] = (unsigned char)strtoul(two, NULL, 16);
				h += 2;
			}
			i += 2;
		} else {
			return 2;
		}
	}
	n = parse_hex_bytes(argv + i, argc - i, cdb, sizeof(cdb));
	if (n < 6 || (in_len && out_len) || in_len > 1024 * 1024)
		return 2;
	fd = open_dev(dev);
	if (fd < 0)
		return 1;
	memset(&io, 0, sizeof(io));
	memset(sense, 0, sizeof(sense));
	io.interface_id = 'S';
	io.cmdp = cdb;
	io.cmd_len = (unsigned char)n;
	io.sbp = sense;
	io.mx_sb_len = sizeof(sense);
	io.timeout = 20000;
	if (in_len) {
		data = calloc(1, in_len);
		if (!data)
			return 1;
		io.dxfer_direction = SG_DXFER_FROM_DEV;
		io.dxferp = data;
		io.dxfer_len = (unsigned int)in_len;
	} else if (out_len) {
		io.dxfer_direction = SG_DXFER_TO_DEV;
		io.dxferp = out;
		io.dxfer_len = (unsigned int)out_len;
	} else {
		io.dxfer_direction = SG_DXFER_NONE;
	}
	if (ioctl(fd, SG_IO, &io) < 0) {
		fprintf(stderr, "spioctl: SG_IO: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	printf("status 0x%02x\nhost 0x%02x\ndriver 0x%02x\nresid %d\n",
	       io.status, io.host_status, io.driver_status, io.resid);
	print_bytes("sense", sense, io.sb_len_wr);
	if (in_len)
		print_bytes("data", data, in_len - (io.resid > 0 ? (unsigned)io.resid : 0));
	free(data);
	return 0;
}

/* ------------------------------------------------------------------ */
/* smart                                                               */
/* ------------------------------------------------------------------ */

/* SRB_IO_CONTROL, then SENDCMDINPARAMS / SENDCMDOUTPARAMS and 512 bytes */
#define SMART_BUF (sizeof(SRB_IO_CONTROL) + sizeof(SENDCMDOUTPARAMS) - 1 + 512)

static int smart_call(int fd, ULONG code, UCHAR feature, UCHAR command,
		      unsigned char *buf, const char *what)
{
	SRB_IO_CONTROL *h = (SRB_IO_CONTROL *)buf;
	SENDCMDINPARAMS *in = (SENDCMDINPARAMS *)(buf + sizeof(*h));

	memset(buf, 0, SMART_BUF);
	h->HeaderLength = sizeof(*h);
	memcpy(h->Signature, "SCSIDISK", 8);
	h->Timeout = 10;
	h->ControlCode = code;
	h->Length = SMART_BUF - sizeof(*h);
	in->cBufferSize = 512;
	in->irDriveRegs.bFeaturesReg = feature;
	in->irDriveRegs.bSectorCountReg = 1;
	in->irDriveRegs.bSectorNumberReg = 1;
	in->irDriveRegs.bCylLowReg = SMART_CYL_LOW;
	in->irDriveRegs.bCylHighReg = SMART_CYL_HI;
	in->irDriveRegs.bDriveHeadReg = 0xa0;
	in->irDriveRegs.bCommandReg = command;
	if (ioctl(fd, IOCTL_SCSI_MINIPORT, buf)) {
		fprintf(stderr, "spioctl: %s: %s (ReturnCode %u)\n", what,
			strerror(errno), h->ReturnCode);
		return 1;
	}
	if (h->ReturnCode) {
		fprintf(stderr, "spioctl: %s: ReturnCode %u\n", what, h->ReturnCode);
		return 1;
	}
	return 0;
}

static int cmd_smart(const char *dev)
{
	unsigned char buf[SMART_BUF];
	GETVERSIONINPARAMS *ver = (GETVERSIONINPARAMS *)(buf + sizeof(SRB_IO_CONTROL));
	SENDCMDOUTPARAMS *out = (SENDCMDOUTPARAMS *)(buf + sizeof(SRB_IO_CONTROL));
	unsigned char *d = out->bBuffer, sum = 0;
	char model[41];
	int fd = open_dev(dev), i, temp = -1, nattr = 0;

	if (fd < 0)
		return 1;
	if (smart_call(fd, IOCTL_SCSI_MINIPORT_SMART_VERSION, 0, 0, buf, "SMART_VERSION"))
		return 1;
	printf("version %u.%u capabilities 0x%x devices 0x%x\n", ver->bVersion,
	       ver->bRevision, ver->fCapabilities, ver->bIDEDeviceMap);
	if (!(ver->fCapabilities & CAP_SMART_CMD)) {
		fprintf(stderr, "spioctl: the miniport says it has no SMART\n");
		return 1;
	}
	if (smart_call(fd, IOCTL_SCSI_MINIPORT_IDENTIFY, 0, ID_CMD, buf, "IDENTIFY"))
		return 1;
	/* words 27-46: the model, two characters per word, swapped */
	for (i = 0; i < 40; i++)
		model[i] = d[54 + (i ^ 1)];
	model[40] = 0;
	printf("identify model \"%s\" status %u\n", model,
	       out->DriverStatus.bDriverError);
	if (smart_call(fd, IOCTL_SCSI_MINIPORT_READ_SMART_ATTRIBS, READ_ATTRIBUTES,
		       SMART_CMD, buf, "READ_SMART_ATTRIBS"))
		return 1;
	for (i = 0; i < 512; i++)
		sum += d[i];
	/* 30 attributes of 12 bytes from byte 2: id, flags, value, worst, raw */
	for (i = 0; i < 30; i++) {
		unsigned char *a = d + 2 + 12 * i;

		if (!a[0])
			continue;
		nattr++;
		if (a[0] == 194)
			temp = a[5];
	}
	printf("attributes %d checksum %s temperature %d\n", nattr,
	       sum ? "bad" : "ok", temp);
	if (sum || !nattr) {
		fprintf(stderr, "spioctl: bad SMART data (checksum %s, %d attributes)\n",
			sum ? "bad" : "ok", nattr);
		return 1;
	}
	if (smart_call(fd, IOCTL_SCSI_MINIPORT_RETURN_STATUS, RETURN_SMART_STATUS,
		       SMART_CMD, buf, "RETURN_STATUS"))
		return 1;
	printf("status %s\n", out->DriverStatus.bReserved[0] == SMART_CYL_LOW &&
	       out->DriverStatus.bReserved[1] == SMART_CYL_HI ? "passing" : "failing");
	close(fd);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: spioctl stats|reset|noraw|smart DEV\n"
			"       spioctl fuzz DEV N [SEED]\n"
			"       spioctl cdb DEV [-i LEN] [-o HEX] BYTE...\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "stats") && argc == 3)
		return cmd_stats(argv[2]);
	if (!strcmp(argv[1], "reset") && argc == 3)
		return cmd_reset(argv[2]);
	if (!strcmp(argv[1], "noraw") && argc == 3)
		return cmd_noraw(argv[2]);
	if (!strcmp(argv[1], "smart") && argc == 3)
		return cmd_smart(argv[2]);
	if (!strcmp(argv[1], "fuzz") && (argc == 4 || argc == 5))
		return cmd_fuzz(argv[2], strtoul(argv[3], NULL, 0),
				argc == 5 ? strtoul(argv[4], NULL, 0) : 0);
	if (!strcmp(argv[1], "cdb")) {
		int r = cmd_cdb(argv[2], argc - 3, argv + 3);

		return r == 2 ? usage() : r;
	}
	return usage();
}
