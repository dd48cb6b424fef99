/*
 * <stdlib.h> for miniport sources: abs and the string-to-number
 * conversions (in scsiport.ko).  LONG is 32 bits, so labs and strtol are.
 */
#ifndef SCSIPORT_SHIM_CRT_STDLIB_H
#define SCSIPORT_SHIM_CRT_STDLIB_H

#include "../spcrt.h"

static inline int sp_crt_abs(int v) { return v < 0 ? -v : v; }
#define abs(v)			sp_crt_abs(v)
#define labs(v)			sp_crt_abs(v)

ULONG sp_crt_strtoul(const char *s, char **end, int base);
LONG sp_crt_strtol(const char *s, char **end, int base);
#define strtoul(s, e, b)	sp_crt_strtoul(s, e, b)
#define strtol(s, e, b)		sp_crt_strtol(s, e, b)
#define atoi(s)			((int)sp_crt_strtol(s, (char **)0, 10))
#define atol(s)			sp_crt_strtol(s, (char **)0, 10)

#endif /* SCSIPORT_SHIM_CRT_STDLIB_H */
