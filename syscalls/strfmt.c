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

/* snprintf-like appending: pos counts what would have been written. */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

__attribute__((format(printf, 2, 3))) static void out_add(struct out *o, const char *fmt, ...)
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

static void out_char(struct out *o, char c)
{
	if (o->pos + 1 < o->len) {
		o->buf[o->pos] = c;
		o->buf[o->pos + 1] = '\0';
	}
	o->pos++;
}

static int out_end(struct out *o)
{
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return (int)o->pos;
}

static void add_quoted(struct out *o, const uint8_t *s, size_t n)
{
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
			out_add(o, "\\f");
			break;
		case '\n':
			out_add(o, "\\n");
			break;
		case '\r':
			out_add(o, "\\r");
			break;
		case '\t':
			out_add(o, "\\t");
			break;
		case '\v':
			out_add(o, "\\v");
			break;
		default:
			if (c >= ' ' && c < 0x7f)
				out_char(o, (char)c);
			else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7')
				out_add(o, "\\%03o", c); /* \0001: keep the digit apart */
			else
				out_add(o, "\\%o", c);
		}
	}
	out_char(o, '"');
}

int strfmt_quoted(char *buf, size_t len, const uint8_t *data, size_t n, bool cut)
{
	struct out o = {buf, len, 0};

	add_quoted(&o, data, n);
	if (cut)
		out_add(&o, "...");
	return out_end(&o);
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
static void add_sun_path(struct out *o, const uint8_t *path, size_t n)
{
	if (n && path[0] == '\0') {
		out_char(o, '@');
		add_quoted(o, path + 1, n - 1);
		return;
	}
	const uint8_t *nul = memchr(path, '\0', n);

	add_quoted(o, path, nul ? (size_t)(nul - path) : n);
}

int strfmt_sockaddr(char *buf, size_t len, const uint8_t *data, size_t n,
		    const char *(*family_name)(unsigned family))
{
	struct out o = {buf, len, 0};
	char text[INET6_ADDRSTRLEN];

	if (n < 2)
		return out_end(&o);
	unsigned family = get16(data);
	const char *name = family_name ? family_name(family) : NULL;

	if (name)
		out_add(&o, "{sa_family=%s", name);
	else
		out_add(&o, "{sa_family=%u /* AF_??? */", family);
	if (n == 2) {
		out_char(&o, '}');
		return out_end(&o);
	}
	if (n > SOCKADDR_UN_LEN)
		n = family == FAMILY_UNIX ? SOCKADDR_UN_LEN : n;
	if (family == FAMILY_INET && n >= SOCKADDR_IN_LEN) {
		inet_ntop(AF_INET, data + 4, text, sizeof(text));
		out_add(&o, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}", ntohs(get16(data + 2)),
			text);
	} else if (family == FAMILY_INET6 && n >= SOCKADDR_IN6_MIN_LEN) {
		inet_ntop(AF_INET6, data + 8, text, sizeof(text));
		out_add(&o,
			", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"%s\", "
			"&sin6_addr)",
			ntohs(get16(data + 2)), ntohl(get32(data + 4)), text);
		if (n >= SOCKADDR_IN6_LEN)
			out_add(&o, ", sin6_scope_id=%u", get32(data + 24));
		out_char(&o, '}');
	} else if (family == FAMILY_UNIX) {
		out_add(&o, ", sun_path=");
		add_sun_path(&o, data + 2, n - 2);
		out_char(&o, '}');
	} else {
		out_add(&o, ", sa_data=");
		add_quoted(&o, data + 2, n - 2);
		out_char(&o, '}');
	}
	return out_end(&o);
}

int strfmt_sockaddr_short(char *buf, size_t len, const uint8_t *data, size_t n)
{
	struct out o = {buf, len, 0};
	char text[INET6_ADDRSTRLEN];
	unsigned family = n >= 2 ? get16(data) : 0;

	if (family == FAMILY_INET && n >= SOCKADDR_IN_LEN) {
		inet_ntop(AF_INET, data + 4, text, sizeof(text));
		out_add(&o, "%s:%u", text, ntohs(get16(data + 2)));
	} else if (family == FAMILY_INET6 && n >= SOCKADDR_IN6_MIN_LEN) {
		inet_ntop(AF_INET6, data + 8, text, sizeof(text));
		out_add(&o, "[%s]:%u", text, ntohs(get16(data + 2)));
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
		out_add(&o, "%s%.*s", abstract ? "@" : "", (int)plen, (const char *)path);
	}
	return out_end(&o);
}
