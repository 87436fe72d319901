/*
 * textesc.c - strace's escapes for traced-side strings in text output
 * (see textesc.h).
 */
#include "output/textesc.h"

#include <stdbool.h>
#include <string.h>

/* The escape of c (followed by next) in e, or 0 if c prints as itself;
 * returns its length. */
static size_t escape_byte(unsigned char c, unsigned char next, char quote, char e[5])
{
	static const char named[] = { ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\v'] = 'v',
				      ['\f'] = 'f' };
	if (c < sizeof(named) && named[c]) {
		e[0] = '\\';
		e[1] = named[c];
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		if (!quote || (c != (unsigned char)quote && c != '\\'))
			return 0;
		e[0] = '\\';
		e[1] = (char)c;
		return 2;
	}
	/* shortest octal, unless an octal digit follows (strace) */
	size_t n = 0;
	e[n++] = '\\';
	bool full = next >= '0' && next <= '7';
	if (full || c >= 0100)
		e[n++] = (char)('0' + (c >> 6));
	if (full || c >= 010)
		e[n++] = (char)('0' + ((c >> 3) & 7));
	e[n++] = (char)('0' + (c & 7));
	return n;
}

size_t textesc(char *out, const char *s, size_t n, char quote)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[5];
		size_t k = escape_byte(c, i + 1 < n ? (unsigned char)s[i + 1] : 0, quote, e);
		if (out) {
			if (k)
				memcpy(out + len, e, k);
			else
				out[len] = (char)c;
		}
		len += k ? k : 1;
	}
	if (out)
		out[len] = '\0';
	return len;
}

void textesc_fputs(FILE *f, const char *s, char quote)
{
	for (size_t i = 0; s[i]; i++) {
		char e[5];
		size_t k = escape_byte((unsigned char)s[i], (unsigned char)s[i + 1], quote, e);
		if (k)
			fwrite(e, 1, k, f);
		else
			fputc(s[i], f);
	}
}

void textesc_fputs_argv(FILE *f, uint32_t argc, const char *const *argv)
{
	fputc('\'', f);
	for (uint32_t i = 0; i < argc; i++) {
		if (i)
			fputc(' ', f);
		textesc_fputs(f, argv[i], '\'');
	}
	fputc('\'', f);
}

char *textesc_buf(char *buf, size_t size, const char *s, char quote)
{
	size_t len = 0;
	if (!size)
		return buf;
	for (size_t i = 0; s[i]; i++) {
		char e[5];
		size_t k = escape_byte((unsigned char)s[i], (unsigned char)s[i + 1], quote, e);
		if (!k) {
			e[0] = s[i];
			k = 1;
		}
		if (len + k >= size)
			break;
		memcpy(buf + len, e, k);
		len += k;
	}
	buf[len] = '\0';
	return buf;
}
