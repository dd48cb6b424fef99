// SPDX-License-Identifier: GPL-2.0
/*
 * IOCTL_SCSI_MINIPORT: how management tools talk to a miniport.  The
 * caller's buffer - an SRB_IO_CONTROL header followed by its data - goes to
 * HwStartIo as an SRB_FUNCTION_IO_CONTROL SRB and comes back with the
 * miniport's ReturnCode and output.  Reached through ioctl() on the LU's sd
 * or sg device node (the midlayer hands unknown ioctls to the host
 * template); needs CAP_SYS_RAWIO.
 *
 * Everything from user space is checked: the header length, the data
 * length (at most SP_IOCTL_MAX_DATA), the time-out (clamped), and the
 * buffer is copied in and out, never mapped.
 */
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sp_internal.h"
#include "ntddscsi.h"

#define SP_IOCTL_MAX_DATA	(64 * 1024)
#define SP_IOCTL_MAX_SECS	300

/**
 * sp_ioctl() - the Scsi_Host template ioctl method
 * @sdev: the LU the request is sent to (its address goes into the SRB)
 * @cmd: IOCTL_SCSI_MINIPORT; anything else is not ours
 * @arg: user buffer: SRB_IO_CONTROL followed by SRB_IO_CONTROL.Length bytes
 *
 * Return: 0 when the miniport completed the SRB successfully (output copied
 * back), -EIO when it failed it (header with ReturnCode still copied back),
 * -ENOTTY, -EPERM, -EFAULT, -EINVAL, -ENOMEM, -EBUSY (no internal SRB free)
 * or -ETIMEDOUT.
 */
int sp_ioctl(struct scsi_device *sdev, unsigned int cmd, void __user *arg)
{
	struct sp_host *sp = shost_priv(sdev->host);
	struct sp_lu *lu = sdev->hostdata;
	SRB_IO_CONTROL hdr;
	struct sp_cmd *ic;
	u32 total, secs, out;
	void *buf;
	int ret;

	if (cmd != IOCTL_SCSI_MINIPORT)
		return -ENOTTY;
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (!lu)
		return -ENXIO;
	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.HeaderLength != sizeof(hdr) || hdr.Length > SP_IOCTL_MAX_DATA) {
		sp_err_rl(sp, "miniport ioctl: HeaderLength %u (want %zu), Length %u (max %u)\n",
			  hdr.HeaderLength, sizeof(hdr), hdr.Length,
			  SP_IOCTL_MAX_DATA);
		return -EINVAL;
	}
	total = sizeof(hdr) + hdr.Length;
	secs = clamp_t(u32, hdr.Timeout, 1, SP_IOCTL_MAX_SECS);

	buf = kzalloc(total, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, arg, total)) {
		ret = -EFAULT;
		goto free;
	}
	/* The header as checked, not as user space may have changed it since. */
	memcpy(buf, &hdr, sizeof(hdr));

	ic = sp_internal_get(sp);
	if (!ic) {
		ret = -EBUSY;
		goto free;
	}
	sp_internal_prepare(sp, ic, lu, SRB_FUNCTION_IO_CONTROL);
	ic->srb->SrbFlags = SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT |
			   SRB_FLAGS_NO_QUEUE_FREEZE;
	ic->srb->DataBuffer = buf;
	ic->data_buffer = buf;
	ic->srb->DataTransferLength = total;
	ic->srb->TimeOutValue = secs;
	ic->xfer_len = total;
	ic->owned_buf = buf;

	ret = sp_internal_issue(sp, ic, secs);
	if (ret == -ETIMEDOUT)
		return ret;	/* the SRB owns @buf now and frees it */
	if (ret == -ECANCELED) {
		/* a reset took it back: the miniport's parked slot keeps @buf */
		sp_internal_put(sp, ic);
		return -EIO;
	}
	if (ret) {
		sp_internal_put(sp, ic);
		goto free;
	}
	out = min(ic->srb->DataTransferLength, total);
	ret = SRB_STATUS(ic->srb->SrbStatus) == SRB_STATUS_SUCCESS ? 0 : -EIO;
	sp_internal_put(sp, ic);
	if (ret)
		out = sizeof(hdr);
	if (copy_to_user(arg, buf, out))
		ret = -EFAULT;
free:
	kfree(buf);
	return ret;
}
