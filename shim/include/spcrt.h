/*
 * spcrt.h - the C run-time routines a miniport gets in a DDK build.
 *
 * Miniport sources call memset, memcpy, strlen and the like without
 * including anything for them: the DDK's compiler and run-time library
 * provide them.  This header declares the string and memory routines with
 * the standard C prototypes, which are also the kernel's, so a miniport
 * links against the kernel's own implementations and the declarations
 * agree with Linux's <linux/string.h> when both are seen (a name the kernel
 * has made a macro is left alone).
 *
 * The rest of the C library a miniport may include (<string.h>, <ctype.h>,
 * <stdlib.h>, <stdio.h>, <wchar.h>) is in shim/include/crt, which only
 * miniport builds see.
 */
#ifndef SCSIPORT_SHIM_SPCRT_H
#define SCSIPORT_SHIM_SPCRT_H

#include "sptypes.h"

/* size_t, as the compiler and the kernel define it. */
#if !defined(_SIZE_T) && !defined(_SIZE_T_DEFINED)
#define _SIZE_T_DEFINED
typedef __SIZE_TYPE__ size_t;
#endif

/* ------------------------------------------------------------------ */
/* Memory and string routines (the kernel's implementations)           */
/* ------------------------------------------------------------------ */

#ifndef memcpy
void *memcpy(void *dest, const void *src, __SIZE_TYPE__ count);
#endif
#ifndef memmove
void *memmove(void *dest, const void *src, __SIZE_TYPE__ count);
#endif
#ifndef memset
void *memset(void *dest, int c, __SIZE_TYPE__ count);
#endif
#ifndef memcmp
int memcmp(const void *a, const void *b, __SIZE_TYPE__ count);
#endif
#ifndef memchr
void *memchr(const void *s, int c, __SIZE_TYPE__ count);
#endif
#ifndef strlen
__SIZE_TYPE__ strlen(const char *s);
#endif
#ifndef strnlen
__SIZE_TYPE__ strnlen(const char *s, __SIZE_TYPE__ count);
#endif
#ifndef strcpy
char *strcpy(char *dest, const char *src);
#endif
#ifndef strncpy
char *strncpy(char *dest, const char *src, __SIZE_TYPE__ count);
#endif
#ifndef strcat
char *strcat(char *dest, const char *src);
#endif
#ifndef strncat
char *strncat(char *dest, const char *src, __SIZE_TYPE__ count);
#endif
#ifndef strcmp
int strcmp(const char *a, const char *b);
#endif
#ifndef strncmp
int strncmp(const char *a, const char *b, __SIZE_TYPE__ count);
#endif
#ifndef strchr
char *strchr(const char *s, int c);
#endif
#ifndef strrchr
char *strrchr(const char *s, int c);
#endif
#ifndef strstr
char *strstr(const char *s, const char *find);
#endif
#ifndef strcasecmp
int strcasecmp(const char *a, const char *b);
#endif
#ifndef strncasecmp
int strncasecmp(const char *a, const char *b, __SIZE_TYPE__ count);
#endif


#endif /* SCSIPORT_SHIM_SPCRT_H */
