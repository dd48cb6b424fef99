/*
 * <string.h> for miniport sources: the routines of spcrt.h, and the
 * Microsoft names of the case-insensitive comparisons.
 */
#ifndef SCSIPORT_SHIM_CRT_STRING_H
#define SCSIPORT_SHIM_CRT_STRING_H

#include "../spcrt.h"

#define _stricmp(a, b)		strcasecmp(a, b)
#define _strcmpi(a, b)		strcasecmp(a, b)
#define stricmp(a, b)		strcasecmp(a, b)
#define _strnicmp(a, b, n)	strncasecmp(a, b, n)
#define strnicmp(a, b, n)	strncasecmp(a, b, n)

#endif /* SCSIPORT_SHIM_CRT_STRING_H */
