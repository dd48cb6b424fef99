// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of the C library a miniport may include (shim/include/crt)
 * that need code: string-to-number conversions and the printf family with
 * Windows format conventions.  Everything else there is inline or the
 * kernel's own (memcpy, strlen...).
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/stdarg.h>

#include "sp_internal.h"

/* Longest format a miniport passes, once translated. */
#define SP_CRT_FMT	256

/*
 * strtoul() as C defines it: leading space, a sign, a 0x or 0 prefix that
 * base 0 reads as 16 or 8 (base 16 skips a 0x too), then digits; *end is
 * the first character not used (@s when there were no digits).
 */
static unsigned long long sp_crt_strtoull(const char *s, char **end, int base,
					  bool *neg)
{
	const char *p = s, *digits;
	unsigned long long v = 0;
	unsigned int d;

	while (isspace(*p))
		p++;
	*neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && tolower(p[1]) == 'x' &&
	    isxdigit(p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	digits = p;
	for (;; p++) {
		if (isdigit(*p))
			d = *p - '0';
		else if (isalpha(*p))
			d = tolower(*p) - 'a' + 10;
		else
			break;
		if (d >= (unsigned int)base)
			break;
		v = v * base + d;
	}
	if (end)
		*end = (char *)(p == digits ? s : p);
	return v;
}

/**
 * sp_crt_strtoul() - strtoul() for miniports
 * @s: the string
 * @end: set to the first character not converted, if not NULL
 * @base: 0 (prefix decides) or 2 to 36
 *
 * Return: the value, as a 32-bit ULONG (negated if it had a minus sign).
 */
ULONG sp_crt_strtoul(const char *s, char **end, int base)
{
	bool neg;
	ULONG v;

	if (!s || base < 0 || base == 1 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	v = (ULONG)sp_crt_strtoull(s, end, base, &neg);
	return neg ? -v : v;
}
EXPORT_SYMBOL_GPL(sp_crt_strtoul);

/**
 * sp_crt_strtol() - strtol() for miniports
 * @s: the string
 * @end: set to the first character not converted, if not NULL
 * @base: 0 (prefix decides) or 2 to 36
 *
 * Return: the value, as a 32-bit LONG.
 */
LONG sp_crt_strtol(const char *s, char **end, int base)
{
	return (LONG)sp_crt_strtoul(s, end, base);
}
EXPORT_SYMBOL_GPL(sp_crt_strtol);

static int sp_crt_format(char *buf, size_t count, const char *fmt, va_list ap)
{
	char f[SP_CRT_FMT];
	struct va_format vaf;
	va_list aq;
	int n;

	if (!buf || !fmt)
		return -1;
	sp_translate_format(fmt, f, sizeof(f));
	va_copy(aq, ap);
	vaf.fmt = f;
	vaf.va = &aq;
	n = snprintf(buf, min_t(size_t, count, INT_MAX), "%pV", &vaf);
	va_end(aq);
	return n;
}

/* Longest single conversion of a format, "%-+ #0" and numbers included. */
#define SP_CRT_SPEC	24

/**
 * sp_ms_vformat() - format Windows-convention variadic arguments
 * @buf: the output, NUL-terminated
 * @size: its size
 * @fmt: a format already translated for the kernel (sp_translate_format())
 * @ap: the arguments, as a Microsoft x64 caller passed them
 *
 * The kernel's vsnprintf() takes only its own va_list, so each conversion
 * is fetched from @ap by the type its length modifier names and formatted
 * on its own; text between conversions is copied as it is.  Every argument
 * occupies one 8-byte slot in this convention, so a 32-bit one is read as
 * such and its slot's upper half ignored.
 *
 * Return: the length of the output, as far as it fit.
 */
int sp_ms_vformat(char *buf, size_t size, const char *fmt,
		  __builtin_ms_va_list ap)
{
	char spec[SP_CRT_SPEC];
	size_t o = 0, k;
	int len;

	if (!size)
		return 0;
	while (*fmt && o + 1 < size) {
		if (*fmt != '%' || fmt[1] == '%') {
			buf[o++] = *fmt;
			fmt += *fmt == '%' ? 2 : 1;
			continue;
		}
		k = 0;
		spec[k++] = *fmt++;
		/* flags, width, precision; a '*' takes an int argument */
		while (*fmt && strchr("-+ #0123456789.*", *fmt) &&
		       k + 12 < sizeof(spec)) {
			if (*fmt == '*')
				k += scnprintf(spec + k, sizeof(spec) - k, "%d",
					       __builtin_va_arg(ap, int));
			else
				spec[k++] = *fmt;
			fmt++;
		}
		len = 0;	/* 0 int, 1 long, 2 long long */
		while (*fmt && strchr("hlzjt", *fmt) && k + 4 < sizeof(spec)) {
			len += *fmt == 'l' ? 1 : *fmt == 'h' ? 0 : 2;
			spec[k++] = *fmt++;
		}
		if (!*fmt)
			break;
		spec[k++] = *fmt;
		spec[k] = '\0';
		switch (*fmt++) {
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
			if (len >= 2)
				o += scnprintf(buf + o, size - o, spec,
					       __builtin_va_arg(ap, long long));
			else if (len == 1)
				o += scnprintf(buf + o, size - o, spec,
					       __builtin_va_arg(ap, long));
			else
				o += scnprintf(buf + o, size - o, spec,
					       __builtin_va_arg(ap, int));
			break;
		case 'c':
			o += scnprintf(buf + o, size - o, spec,
				       __builtin_va_arg(ap, int));
			break;
		case 's':
			o += scnprintf(buf + o, size - o, spec,
				       __builtin_va_arg(ap, const char *));
			break;
		case 'p':
			o += scnprintf(buf + o, size - o, "%p",
				       __builtin_va_arg(ap, void *));
			break;
		default:
			/* %n and what no C library knows: the slot is skipped */
			(void)__builtin_va_arg(ap, void *);
			break;
		}
	}
	buf[o] = '\0';
	return o;
}

/**
 * sp_crt_vsnprintf() - vsnprintf() with Windows formats
 * @buf: the output
 * @count: its size
 * @fmt: Windows printf format
 * @ap: the arguments
 *
 * Return: the length the whole output has (as C99 vsnprintf).
 */
int sp_crt_vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
	return sp_crt_format(buf, count, fmt, ap);
}
EXPORT_SYMBOL_GPL(sp_crt_vsnprintf);

/**
 * sp_crt_ms_vsnprintf() - Microsoft's _vsnprintf()
 * @buf: the output
 * @count: its size
 * @fmt: Windows printf format
 * @ap: the arguments
 *
 * Return: the length written, or -1 when the output did not fit (the
 * buffer still ends with a NUL, unlike Microsoft's).
 */
int sp_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
	int n = sp_crt_format(buf, count, fmt, ap);

	return n < 0 || (size_t)n >= count ? -1 : n;
}
EXPORT_SYMBOL_GPL(sp_crt_ms_vsnprintf);

/**
 * sp_crt_snprintf() - snprintf() with Windows formats
 * @buf: the output
 * @count: its size
 * @fmt: Windows printf format
 *
 * Return: as sp_crt_vsnprintf().
 */
int sp_crt_snprintf(char *buf, size_t count, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sp_crt_format(buf, count, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL_GPL(sp_crt_snprintf);

/**
 * sp_crt_ms_snprintf() - Microsoft's _snprintf()
 * @buf: the output
 * @count: its size
 * @fmt: Windows printf format
 *
 * Return: as sp_crt_ms_vsnprintf().
 */
int sp_crt_ms_snprintf(char *buf, size_t count, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sp_crt_ms_vsnprintf(buf, count, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL_GPL(sp_crt_ms_snprintf);

/**
 * sp_crt_sprintf() - sprintf() with Windows formats
 * @buf: the output, large enough (as for sprintf)
 * @fmt: Windows printf format
 *
 * Return: the length written.
 */
int sp_crt_sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sp_crt_format(buf, INT_MAX, fmt, ap);
	va_end(ap);
	return n;
}
EXPORT_SYMBOL_GPL(sp_crt_sprintf);
