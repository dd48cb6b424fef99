// SPDX-License-Identifier: GPL-2.0
/*
 * SrbStatus to Linux result.  The whole table is in
 * Documentation/status-mapping.rst; keep the two in step.
 */
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include <kunit/visibility.h>

#include "sp_internal.h"

static const char * const sp_status_names[] = {
	[SRB_STATUS_PENDING] = "PENDING",
	[SRB_STATUS_SUCCESS] = "SUCCESS",
	[SRB_STATUS_ABORTED] = "ABORTED",
	[SRB_STATUS_ABORT_FAILED] = "ABORT_FAILED",
	[SRB_STATUS_ERROR] = "ERROR",
	[SRB_STATUS_BUSY] = "BUSY",
	[SRB_STATUS_INVALID_REQUEST] = "INVALID_REQUEST",
	[SRB_STATUS_INVALID_PATH_ID] = "INVALID_PATH_ID",
	[SRB_STATUS_NO_DEVICE] = "NO_DEVICE",
	[SRB_STATUS_TIMEOUT] = "TIMEOUT",
	[SRB_STATUS_SELECTION_TIMEOUT] = "SELECTION_TIMEOUT",
	[SRB_STATUS_COMMAND_TIMEOUT] = "COMMAND_TIMEOUT",
	[SRB_STATUS_MESSAGE_REJECTED] = "MESSAGE_REJECTED",
	[SRB_STATUS_BUS_RESET] = "BUS_RESET",
	[SRB_STATUS_PARITY_ERROR] = "PARITY_ERROR",
	[SRB_STATUS_REQUEST_SENSE_FAILED] = "REQUEST_SENSE_FAILED",
	[SRB_STATUS_NO_HBA] = "NO_HBA",
	[SRB_STATUS_DATA_OVERRUN] = "DATA_OVERRUN",
	[SRB_STATUS_UNEXPECTED_BUS_FREE] = "UNEXPECTED_BUS_FREE",
	[SRB_STATUS_PHASE_SEQUENCE_FAILURE] = "PHASE_SEQUENCE_FAILURE",
	[SRB_STATUS_BAD_SRB_BLOCK_LENGTH] = "BAD_SRB_BLOCK_LENGTH",
	[SRB_STATUS_REQUEST_FLUSHED] = "REQUEST_FLUSHED",
	[SRB_STATUS_INVALID_LUN] = "INVALID_LUN",
	[SRB_STATUS_INVALID_TARGET_ID] = "INVALID_TARGET_ID",
	[SRB_STATUS_BAD_FUNCTION] = "BAD_FUNCTION",
	[SRB_STATUS_ERROR_RECOVERY] = "ERROR_RECOVERY",
	[SRB_STATUS_NOT_POWERED] = "NOT_POWERED",
	[SRB_STATUS_LINK_DOWN] = "LINK_DOWN",
	[SRB_STATUS_INSUFFICIENT_RESOURCES] = "INSUFFICIENT_RESOURCES",
	[SRB_STATUS_THROTTLED_REQUEST] = "THROTTLED_REQUEST",
	[SRB_STATUS_INTERNAL_ERROR] = "INTERNAL_ERROR",
};

/**
 * sp_srb_status_name() - name of an SrbStatus value, for messages
 * @status: the value, flag bits included or not
 *
 * Return: the name without the SRB_STATUS_ prefix, or "unknown".
 */
const char *sp_srb_status_name(u8 status)
{
	status = SRB_STATUS(status);
	if (status < ARRAY_SIZE(sp_status_names) && sp_status_names[status])
		return sp_status_names[status];
	return "unknown";
}
EXPORT_SYMBOL_IF_KUNIT(sp_srb_status_name);

/**
 * sp_srb_result() - translate a completed SRB into a midlayer result
 * @srb: the SRB as the miniport completed it
 * @xfer_len: DataTransferLength when the SRB was issued
 * @r: the translation
 *
 * Context: any; pure function of its arguments.
 */
void sp_srb_result(const SCSI_REQUEST_BLOCK *srb, u32 xfer_len,
		   struct sp_result *r)
{
	u8 status = SRB_STATUS(srb->SrbStatus);
	u8 scsi_status = srb->ScsiStatus;
	int host = DID_OK;

	r->sense = false;
	r->bad_request = false;
	r->known = true;
	r->resid = 0;
	/* A miniport may lower DataTransferLength to report a short transfer. */
	if (srb->DataTransferLength < xfer_len)
		r->resid = xfer_len - srb->DataTransferLength;

	switch (status) {
	case SRB_STATUS_SUCCESS:
		break;
	case SRB_STATUS_DATA_OVERRUN:
		/* Underrun (less than asked) is a residual, not an error. */
		if (!r->resid)
			host = DID_ERROR;
		break;
	case SRB_STATUS_ERROR:
		/* A target status (CHECK CONDITION, BUSY, QUEUE FULL) passes on. */
		if (scsi_status == SAM_STAT_GOOD)
			host = DID_ERROR;
		break;
	case SRB_STATUS_ABORTED:
		host = DID_ABORT;
		break;
	case SRB_STATUS_BUSY:
	case SRB_STATUS_INSUFFICIENT_RESOURCES:
	case SRB_STATUS_THROTTLED_REQUEST:
		host = DID_BUS_BUSY;	/* retried, within the command's retries */
		break;
	case SRB_STATUS_REQUEST_FLUSHED:
		host = DID_REQUEUE;	/* never executed */
		break;
	case SRB_STATUS_INVALID_REQUEST:
	case SRB_STATUS_BAD_FUNCTION:
		r->bad_request = true;	/* CHECK CONDITION, ILLEGAL REQUEST */
		break;
	case SRB_STATUS_NO_DEVICE:
	case SRB_STATUS_SELECTION_TIMEOUT:
	case SRB_STATUS_NO_HBA:
		host = DID_NO_CONNECT;
		break;
	case SRB_STATUS_INVALID_PATH_ID:
	case SRB_STATUS_INVALID_TARGET_ID:
	case SRB_STATUS_INVALID_LUN:
		host = DID_BAD_TARGET;
		break;
	case SRB_STATUS_TIMEOUT:
	case SRB_STATUS_COMMAND_TIMEOUT:
		host = DID_TIME_OUT;
		break;
	case SRB_STATUS_BUS_RESET:
		host = DID_RESET;
		break;
	case SRB_STATUS_PARITY_ERROR:
		host = DID_PARITY;
		break;
	case SRB_STATUS_LINK_DOWN:
		host = DID_TRANSPORT_DISRUPTED;
		break;
	case SRB_STATUS_ABORT_FAILED:
	case SRB_STATUS_MESSAGE_REJECTED:
	case SRB_STATUS_REQUEST_SENSE_FAILED:
	case SRB_STATUS_UNEXPECTED_BUS_FREE:
	case SRB_STATUS_PHASE_SEQUENCE_FAILURE:
	case SRB_STATUS_BAD_SRB_BLOCK_LENGTH:
	case SRB_STATUS_ERROR_RECOVERY:
	case SRB_STATUS_NOT_POWERED:
	case SRB_STATUS_INTERNAL_ERROR:
		host = DID_ERROR;
		break;
	default:
		/* PENDING (never completed) and values no table knows. */
		r->known = false;
		host = DID_ERROR;
		break;
	}

	if (host == DID_OK && scsi_status != SAM_STAT_GOOD &&
	    (srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID))
		r->sense = true;
	/* The status byte only means something when the target answered. */
	if (host != DID_OK)
		scsi_status = SAM_STAT_GOOD;
	r->result = host << 16 | scsi_status;
}
EXPORT_SYMBOL_IF_KUNIT(sp_srb_result);
