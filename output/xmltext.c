#include "output/xmltext.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
		   : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (!n || (n == 2 && s[0] < 0xc2) || (n == 4 && s[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void xmltext_put(FILE *f, const char *s, size_t max)
{
	const char *end = s + strlen(s);
	if ((size_t)(end - s) > max)
		end = s + max;
	while (s < end) {
		size_t n = utf8_len((const unsigned char *)s);
		if (n > 1) {
			if (s + n > end)
				break;
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		switch (n ? *s : 0) {
		case 0:
			fputc('?', f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			/* control characters are not allowed in XML 1.0 */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
			break;
		}
		s++;
	}
}
