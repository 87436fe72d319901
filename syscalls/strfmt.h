/*
 * strfmt.h - bytes a system call touched, as strace prints them: quoted
 * strings with strace's escapes, and socket addresses; and the text
 * appender argfmt.c writes its lines with.
 *
 * Pure formatting into a caller's buffer, snprintf-like: the text is cut
 * to fit, and the appender counts the length the whole text would have.
 * Nothing here knows about recordings; argfmt.c decides which bytes to
 * pass and whether they were cut.
 */
#ifndef SCPROF_STRFMT_H
#define SCPROF_STRFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Appending into buf[len]: pos counts what the whole text would take, so
 * a text that does not fit is cut, NUL-terminated, and its length known. */
struct strfmt_text {
	char *buf;
	size_t len;
	size_t pos;
};

__attribute__((format(printf, 2, 3))) void strfmt_add(struct strfmt_text *t, const char *fmt, ...);
/* NUL-terminate; the length the whole text would have (like snprintf). */
int strfmt_end(struct strfmt_text *t);

/*
 * "hello\n" with strace's escapes: \" \\ \f \n \r \t \v, other bytes
 * outside 0x20..0x7e in octal (\0, \33; three digits when an octal digit
 * follows, \0001).  cut appends strace's "..." after the closing quote:
 * the string went on beyond these n bytes.
 */
void strfmt_quoted(struct strfmt_text *t, const uint8_t *data, size_t n, bool cut);
/* What is behind a descriptor, for -y's 3</tmp/x>: escaped as in a
 * quoted string, and '<' and '>' in octal, as strace -y prints it
 * (/tmp/a\nb\74c\76), without the quotes. */
void strfmt_fdname(struct strfmt_text *t, const char *name);

/*
 * A struct sockaddr of n bytes as strace prints it:
 *   {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}
 *   {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0),
 *    inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}
 *   {sa_family=AF_UNIX, sun_path="/run/x.sock"}, sun_path=@"abstract"
 * other families (or an address too short for its family) with their
 * bytes as sa_data="...".  family_name names the family (NULL: a number).
 */
void strfmt_sockaddr(struct strfmt_text *t, const uint8_t *data, size_t n,
		     const char *(*family_name)(unsigned family));

/*
 * The same address short, for naming a socket: "127.0.0.1:80",
 * "[::1]:443", "/run/x.sock", "@abstract" into buf; returns its length
 * (like snprintf), 0 and an empty string for other families.
 */
int strfmt_sockaddr_short(char *buf, size_t len, const uint8_t *data, size_t n);

#endif
