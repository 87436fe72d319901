/*
 * strfmt.c - strings and socket addresses as strace prints them (see
 * strfmt.h).  The escapes follow strace's string_quote (src/util.c), the
 * addresses its print_sockaddr (src/sockaddr.c).
 */
#include "syscalls/strfmt.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* x86_64 kernel ABI values */
#define FAMILY_UNIX 1
#define FAMILY_INET 2
#define FAMILY_INET6 10
#define SOCKADDR_IN_LEN 16
#define SOCKADDR_IN6_MIN_LEN 24 /* without sin6_scope_id (RFC 2133) */
#define SOCKADDR_IN6_LEN 28
#define SOCKADDR_UN_LEN 110

void strfmt_add(struct strfmt_text *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static void out_char(struct strfmt_text *o, char c)
{
	if (o->pos + 1 < o->len) {
		o->buf[o->pos] = c;
		o->buf[o->pos + 1] = '\0';
	}
	o->pos++;
}

int strfmt_end(struct strfmt_text *o)
{
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return (int)o->pos;
}

/* s[0..n) escaped as strace's string_quote does, between quotes if
 * quoted; the bytes in octal (strace's escape_chars) also in octal. */
static void add_escaped(struct strfmt_text *o, const uint8_t *s, size_t n, bool quoted,
			const char *octal)
{
	if (quoted)
		out_char(o, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];

		switch (c) {
		case '"':
		case '\\':
			out_char(o, '\\');
			out_char(o, (char)c);
			break;
		case '\f':
			strfmt_add(o, "\\f");
			break;
		case '\n':
			strfmt_add(o, "\\n");
			break;
		case '\r':
			strfmt_add(o, "\\r");
			break;
		case '\t':
			strfmt_add(o, "\\t");
			break;
		case '\v':
			strfmt_add(o, "\\v");
			break;
		default:
			if (c >= ' ' && c < 0x7f && !(c && octal && strchr(octal, c)))
				out_char(o, (char)c);
			else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7')
				strfmt_add(o, "\\%03o", c); /* \0001: keep the digit apart */
			else
				strfmt_add(o, "\\%o", c);
		}
	}
	if (quoted)
		out_char(o, '"');
}

static void add_quoted(struct strfmt_text *o, const uint8_t *s, size_t n)
{
	add_escaped(o, s, n, true, NULL);
}

void strfmt_fdname(struct strfmt_text *t, const char *name)
{
	add_escaped(t, (const uint8_t *)name, strlen(name), false, "<>");
}

void strfmt_quoted(struct strfmt_text *t, const uint8_t *data, size_t n, bool cut)
{
	add_quoted(t, data, n);
	if (cut)
		strfmt_add(t, "...");
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* sun_path: a path up to its NUL, or "@" and the abstract name's bytes */
static void add_sun_path(struct strfmt_text *o, const uint8_t *path, size_t n)
{
	if (n && path[0] == '\0') {
		out_char(o, '@');
		add_quoted(o, path + 1, n - 1);
		return;
	}
	const uint8_t *nul = memchr(path, '\0', n);

	add_quoted(o, path, nul ? (size_t)(nul - path) : n);
}

void strfmt_sockaddr(struct strfmt_text *o, const uint8_t *data, size_t n,
		     const char *(*family_name)(unsigned family))
{
	char text[INET6_ADDRSTRLEN];

	if (n < 2)
		return;
	unsigned family = get16(data);
	const char *name = family_name ? family_name(family) : NULL;

	if (name)
		strfmt_add(o, "{sa_family=%s", name);
	else
		strfmt_add(o, "{sa_family=%u /* AF_??? */", family);
	if (n == 2) {
		out_char(o, '}');
		return;
	}
	if (n > SOCKADDR_UN_LEN)
		n = family == FAMILY_UNIX ? SOCKADDR_UN_LEN : n;
	if (family == FAMILY_INET && n >= SOCKADDR_IN_LEN) {
		inet_ntop(AF_INET, data + 4, text, sizeof(text));
		strfmt_add(o, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}", ntohs(get16(data + 2)),
			text);
	} else if (family == FAMILY_INET6 && n >= SOCKADDR_IN6_MIN_LEN) {
		inet_ntop(AF_INET6, data + 8, text, sizeof(text));
		strfmt_add(o,
			", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"%s\", "
			"&sin6_addr)",
			ntohs(get16(data + 2)), ntohl(get32(data + 4)), text);
		if (n >= SOCKADDR_IN6_LEN)
			strfmt_add(o, ", sin6_scope_id=%u", get32(data + 24));
		out_char(o, '}');
	} else if (family == FAMILY_UNIX) {
		strfmt_add(o, ", sun_path=");
		add_sun_path(o, data + 2, n - 2);
		out_char(o, '}');
	} else {
		strfmt_add(o, ", sa_data=");
		add_quoted(o, data + 2, n - 2);
		out_char(o, '}');
	}
}

int strfmt_sockaddr_short(char *buf, size_t len, const uint8_t *data, size_t n)
{
	struct strfmt_text o = {buf, len, 0};
	char text[INET6_ADDRSTRLEN];
	unsigned family = n >= 2 ? get16(data) : 0;

	if (family == FAMILY_INET && n >= SOCKADDR_IN_LEN) {
		inet_ntop(AF_INET, data + 4, text, sizeof(text));
		strfmt_add(&o, "%s:%u", text, ntohs(get16(data + 2)));
	} else if (family == FAMILY_INET6 && n >= SOCKADDR_IN6_MIN_LEN) {
		inet_ntop(AF_INET6, data + 8, text, sizeof(text));
		strfmt_add(&o, "[%s]:%u", text, ntohs(get16(data + 2)));
	} else if (family == FAMILY_UNIX && n > 2) {
		const uint8_t *path = data + 2;
		size_t plen = (n > SOCKADDR_UN_LEN ? SOCKADDR_UN_LEN : n) - 2;
		bool abstract = path[0] == '\0';
		const uint8_t *nul;

		if (abstract) {
			path++;
			plen--;
		} else if ((nul = memchr(path, '\0', plen))) {
			plen = (size_t)(nul - path);
		}
		strfmt_add(&o, "%s%.*s", abstract ? "@" : "", (int)plen, (const char *)path);
	}
	return strfmt_end(&o);
}
