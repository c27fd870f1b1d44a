/* SPDX-License-Identifier: MIT */
/*
 * object: the CO-RE records of a .BTF.ext section.
 *
 * Layout (libbpf_internal.h, struct btf_ext_header): a header whose
 * hdr_len covers at least magic..line_info_len, and core_relo_off/len
 * when hdr_len reaches them; offsets count from the end of the header.
 * The CO-RE subsection is a u32 record size, then per ELF section a
 * { u32 sec_name_off; u32 num_info; } header and num_info records.
 * Validation follows btf_ext_parse_hdr() and btf_ext_setup_info().
 */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define EXT_MAGIC	 0xeB9F
#define EXT_HDR_MIN	 24	/* up to line_info_len */
#define EXT_HDR_CORE	 32	/* up to core_relo_len */
#define EXT_SEC_HDR	 8

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int bad(char *msg, size_t msglen, int err, const char *what)
{
	if (msg && msglen)
		snprintf(msg, msglen, ".BTF.ext: %s", what);
	return err;
}

/* btf_ext_parse_hdr: native magic, version 1, no flags. */
static int check_header(const uint8_t *d, size_t size, char *msg, size_t msglen)
{
	uint16_t magic;

	if (size < 8 || size < rd32(d + 4))
		return bad(msg, msglen, -EINVAL, "header truncated");
	memcpy(&magic, d, sizeof(magic));
	if (magic == __builtin_bswap16(EXT_MAGIC))
		return bad(msg, msglen, -ENOTSUP, "non-native byte order is not supported");
	if (magic != EXT_MAGIC)
		return bad(msg, msglen, -EINVAL, "bad magic");
	if (d[2] != 1 || d[3] != 0)
		return bad(msg, msglen, -ENOTSUP, "unsupported version or flags");
	if (rd32(d + 4) < EXT_HDR_MIN)
		return bad(msg, msglen, -EINVAL, "header too short");
	if (size == rd32(d + 4))
		return bad(msg, msglen, -EINVAL, "no data after the header");
	return 0;
}

/* btf_ext_setup_info for the CO-RE subsection: returns the record count. */
static int check_records(const uint8_t *p, uint32_t len, char *msg, size_t msglen)
{
	uint32_t rec_size = rd32(p), left = len - 4;
	long total = 0;

	if (rec_size < sizeof(struct core_relo_rec) || rec_size % 4)
		return bad(msg, msglen, -EINVAL, "bad CO-RE record size");
	if (!left)
		return bad(msg, msglen, -EINVAL, "CO-RE subsection has no records");
	for (p += 4; left; ) {
		uint32_t n;
		uint64_t sec_len;

		if (left < EXT_SEC_HDR)
			return bad(msg, msglen, -EINVAL, "CO-RE section header truncated");
		n = rd32(p + 4);
		sec_len = EXT_SEC_HDR + (uint64_t)n * rec_size;
		if (!n || sec_len > left)
			return bad(msg, msglen, -EINVAL, "bad CO-RE record count");
		total += n;
		if (total > INT32_MAX)
			return bad(msg, msglen, -EINVAL, "too many CO-RE records");
		left -= (uint32_t)sec_len;
		p += sec_len;
	}
	return (int)total;
}

int core_ext_iter_init(struct core_ext_iter *it, const void *data, size_t size,
		       char *msg, size_t msglen)
{
	const uint8_t *d = data;
	uint32_t hdr_len, off, len;
	int err;

	memset(it, 0, sizeof(*it));
	if (msg && msglen)
		msg[0] = '\0';
	if (!d)
		return bad(msg, msglen, -EINVAL, "no data");
	err = check_header(d, size, msg, msglen);
	if (err)
		return err;
	hdr_len = rd32(d + 4);
	if (hdr_len < EXT_HDR_CORE)
		return 0;
	off = rd32(d + 24);
	len = rd32(d + 28);
	if (!len)
		return 0;
	if (off % 4)
		return bad(msg, msglen, -EINVAL, "CO-RE subsection misaligned");
	if ((uint64_t)hdr_len + off + len > size)
		return bad(msg, msglen, -EINVAL, "CO-RE subsection beyond the section end");
	if (len < 4)
		return bad(msg, msglen, -EINVAL, "CO-RE record size missing");
	err = check_records(d + hdr_len + off, len, msg, msglen);
	if (err < 0)
		return err;
	it->rec_size = rd32(d + hdr_len + off);
	it->pos = d + hdr_len + off + 4;
	it->end = d + hdr_len + off + len;
	return err;
}

bool core_ext_iter_next(struct core_ext_iter *it, struct core_relo_rec *rec)
{
	if (!it->sec_left) {
		if (!it->pos || it->pos >= it->end)
			return false;
		it->sec_name_off = rd32(it->pos);
		it->sec_left = rd32(it->pos + 4);
		it->pos += EXT_SEC_HDR;
		it->rec_idx = UINT32_MAX;	/* the increment below makes it 0 */
	}
	memcpy(rec, it->pos, sizeof(*rec));
	it->pos += it->rec_size;
	it->sec_left--;
	it->rec_idx++;
	return true;
}
