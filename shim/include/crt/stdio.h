/*
 * <stdio.h> for miniport sources: the printf family into a buffer, with
 * Windows formats ("%lx" is 32 bits, "%I64u" and "%llu" 64, "%I" pointer-
 * sized), implemented in scsiport.ko.  _snprintf and _vsnprintf return -1
 * when the output was cut short, as Microsoft's do; unlike Microsoft's they
 * always leave the buffer NUL-terminated.
 */
#ifndef SCSIPORT_SHIM_CRT_STDIO_H
#define SCSIPORT_SHIM_CRT_STDIO_H

#include "../spcrt.h"

int sp_crt_sprintf(char *buf, const char *fmt, ...);
int sp_crt_snprintf(char *buf, __SIZE_TYPE__ count, const char *fmt, ...);
int sp_crt_ms_snprintf(char *buf, __SIZE_TYPE__ count, const char *fmt, ...);
int sp_crt_vsnprintf(char *buf, __SIZE_TYPE__ count, const char *fmt,
		     __builtin_va_list ap);
int sp_crt_ms_vsnprintf(char *buf, __SIZE_TYPE__ count, const char *fmt,
			__builtin_va_list ap);

#define sprintf		sp_crt_sprintf
#define snprintf	sp_crt_snprintf
#define _snprintf	sp_crt_ms_snprintf
#define vsnprintf	sp_crt_vsnprintf
#define _vsnprintf	sp_crt_ms_vsnprintf

#endif /* SCSIPORT_SHIM_CRT_STDIO_H */
