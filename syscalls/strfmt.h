/*
 * strfmt.h - bytes a system call touched, as strace prints them: quoted
 * strings with strace's escapes, and socket addresses.
 *
 * Pure formatting into a caller's buffer, snprintf-like: each function
 * returns the length the whole text would have and cuts it to fit.
 * Nothing here knows about recordings; argfmt.c decides which bytes to
 * pass and whether they were cut.
 */
#ifndef SCPROF_STRFMT_H
#define SCPROF_STRFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * "hello\n" with strace's escapes: \" \\ \f \n \r \t \v, other bytes
 * outside 0x20..0x7e in octal (\0, \33; three digits when an octal digit
 * follows, \0001).  cut appends strace's "..." after the closing quote:
 * the string went on beyond these n bytes.
 */
int strfmt_quoted(char *buf, size_t len, const uint8_t *data, size_t n, bool cut);

/*
 * A struct sockaddr of n bytes as strace prints it:
 *   {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}
 *   {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0),
 *    inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}
 *   {sa_family=AF_UNIX, sun_path="/run/x.sock"}, sun_path=@"abstract"
 * other families (or an address too short for its family) with their
 * bytes as sa_data="...".  family_name names the family (NULL: a number).
 */
int strfmt_sockaddr(char *buf, size_t len, const uint8_t *data, size_t n,
		    const char *(*family_name)(unsigned family));

/*
 * The same address short, for naming a socket: "127.0.0.1:80",
 * "[::1]:443", "/run/x.sock", "@abstract"; 0 and an empty string for
 * other families.
 */
int strfmt_sockaddr_short(char *buf, size_t len, const uint8_t *data, size_t n);

#endif
