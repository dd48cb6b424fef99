/*
 * <wchar.h> for miniport sources: UTF-16 strings.  WCHAR is 16 bits, as on
 * Windows, and miniports are built with -fshort-wchar so that L"..."
 * literals are too.
 */
#ifndef SCSIPORT_SHIM_CRT_WCHAR_H
#define SCSIPORT_SHIM_CRT_WCHAR_H

#include "../spcrt.h"

static inline __SIZE_TYPE__ sp_crt_wcslen(const WCHAR *s)
{
	const WCHAR *p = s;

	while (*p)
		p++;
	return (__SIZE_TYPE__)(p - s);
}

static inline WCHAR *sp_crt_wcscpy(WCHAR *dest, const WCHAR *src)
{
	WCHAR *d = dest;

	while ((*d++ = *src++) != 0)
		;
	return dest;
}

static inline WCHAR *sp_crt_wcsncpy(WCHAR *dest, const WCHAR *src,
				    __SIZE_TYPE__ count)
{
	__SIZE_TYPE__ i = 0;

	for (; i < count && src[i]; i++)
		dest[i] = src[i];
	for (; i < count; i++)
		dest[i] = 0;
	return dest;
}

static inline int sp_crt_wcscmp(const WCHAR *a, const WCHAR *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (int)*a - (int)*b;
}

#define wcslen(s)		sp_crt_wcslen(s)
#define wcscpy(d, s)		sp_crt_wcscpy(d, s)
#define wcsncpy(d, s, n)	sp_crt_wcsncpy(d, s, n)
#define wcscmp(a, b)		sp_crt_wcscmp(a, b)

#endif /* SCSIPORT_SHIM_CRT_WCHAR_H */
