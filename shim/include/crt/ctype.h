/*
 * <ctype.h> for miniport sources: ASCII character classes, as in the "C"
 * locale.
 */
#ifndef SCSIPORT_SHIM_CRT_CTYPE_H
#define SCSIPORT_SHIM_CRT_CTYPE_H

static inline int sp_crt_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int sp_crt_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int sp_crt_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int sp_crt_isalpha(int c)
{
	return sp_crt_isupper(c) || sp_crt_islower(c);
}
static inline int sp_crt_isalnum(int c)
{
	return sp_crt_isalpha(c) || sp_crt_isdigit(c);
}
static inline int sp_crt_isxdigit(int c)
{
	return sp_crt_isdigit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}
static inline int sp_crt_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline int sp_crt_isprint(int c) { return c >= 0x20 && c < 0x7f; }
static inline int sp_crt_toupper(int c)
{
	return sp_crt_islower(c) ? c - 'a' + 'A' : c;
}
static inline int sp_crt_tolower(int c)
{
	return sp_crt_isupper(c) ? c - 'A' + 'a' : c;
}

#define isdigit(c)	sp_crt_isdigit(c)
#define isupper(c)	sp_crt_isupper(c)
#define islower(c)	sp_crt_islower(c)
#define isalpha(c)	sp_crt_isalpha(c)
#define isalnum(c)	sp_crt_isalnum(c)
#define isxdigit(c)	sp_crt_isxdigit(c)
#define isspace(c)	sp_crt_isspace(c)
#define isprint(c)	sp_crt_isprint(c)
#define toupper(c)	sp_crt_toupper(c)
#define tolower(c)	sp_crt_tolower(c)

#endif /* SCSIPORT_SHIM_CRT_CTYPE_H */
