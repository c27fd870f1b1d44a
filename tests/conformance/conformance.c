// SPDX-License-Identifier: MIT
/* conformance: loader for the bpf_conformance suite's .data files. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

enum section {
	SEC_NONE, /* before the first section, "-- c", "-- no register offset" */
	SEC_ASM,
	SEC_RAW,
	SEC_MEM,
	SEC_RESULT,
	SEC_ERROR,
};

/* A growable byte buffer. */
struct buf {
	char *data;
	size_t len, cap;
};

struct loader {
	const char *path;
	unsigned int line;
	char *err;
	size_t errlen;
	struct buf asm_text;
	bool has_asm;
	struct buf raw;		/* struct bpf_insn array */
	struct buf mem;
	bool has_raw;
	char *result_line;	/* last line of the result section */
	unsigned int result_lineno;
};

__attribute__((format(printf, 3, 4)))
static int fail_at(struct loader *l, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!l->err || l->errlen == 0)
		return -EINVAL;
	n = line ? snprintf(l->err, l->errlen, "%s:%u: ", l->path, line)
		 : snprintf(l->err, l->errlen, "%s: ", l->path);
	if (n >= 0 && (size_t)n < l->errlen) {
		va_start(ap, fmt);
		vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0'; /* text buffers stay NUL-terminated */
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static bool is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* An unsigned number: "0x" hex or decimal, nothing after; "-N" wraps. */
static bool parse_u64(const char *s, uint64_t *out)
{
	bool neg = *s == '-';
	char *end;

	if (neg)
		s++;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		*out = strtoull(s + 2, &end, 16);
	else
		*out = strtoull(s, &end, 10);
	if (errno || *end || end == s || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && end == s + 2))
		return false;
	if (neg)
		*out = (uint64_t)0 - *out;
	return true;
}

static int section_of(struct loader *l, const char *name, enum section *sec)
{
	if (!strcmp(name, "asm"))
		*sec = SEC_ASM;
	else if (!strcmp(name, "raw"))
		*sec = SEC_RAW;
	else if (!strcmp(name, "mem"))
		*sec = SEC_MEM;
	else if (!strcmp(name, "result"))
		*sec = SEC_RESULT;
	else if (!strcmp(name, "error"))
		*sec = SEC_ERROR;
	else if (!strcmp(name, "c") || !strcmp(name, "no register offset"))
		*sec = SEC_NONE;
	else
		return fail_at(l, l->line, "unknown section '-- %s'", name);
	return 0;
}

/* Hex bytes, with or without "0x". */
static int add_mem(struct loader *l, char *line)
{
	char *save = NULL;

	for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		const char *d = tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X') ? tok + 2 : tok;
		size_t n = strlen(d);
		uint8_t byte;

		if (n < 1 || n > 2 || !is_hex_digit(d[0]) || (n == 2 && !is_hex_digit(d[1])))
			return fail_at(l, l->line, "invalid memory byte '%s'", tok);
		byte = (uint8_t)strtoul(d, NULL, 16);
		if (buf_add(&l->mem, &byte, 1))
			return -ENOMEM;
	}
	return 0;
}

/*
 * "0x..." or decimal words, one per instruction; or lines of 2-digit hex
 * bytes, 8 per instruction.
 */
static int add_raw(struct loader *l, char *line)
{
	char *save = NULL;

	for (char *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		uint64_t v;
		uint8_t byte;

		if (strlen(tok) == 2 && is_hex_digit(tok[0]) && is_hex_digit(tok[1])) {
			byte = (uint8_t)strtoul(tok, NULL, 16);
			if (buf_add(&l->raw, &byte, 1))
				return -ENOMEM;
			continue;
		}
		if (!parse_u64(tok, &v))
			return fail_at(l, l->line, "invalid raw instruction '%s'", tok);
		if (l->raw.len % sizeof(struct bpf_insn))
			return fail_at(l, l->line, "raw instruction '%s' after a partial one", tok);
		for (int i = 0; i < 8; i++) {
			byte = (uint8_t)(v >> (8 * i));
			if (buf_add(&l->raw, &byte, 1))
				return -ENOMEM;
		}
	}
	return 0;
}

static int read_file(struct loader *l, char **text)
{
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	FILE *f = fopen(l->path, "r");

	if (!f) {
		int e = errno;

		fail_at(l, 0, "%s", strerror(e));
		return -e;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&b, chunk, n)) {
			fclose(f);
			free(b.data);
			return -ENOMEM;
		}
	}
	if (ferror(f)) {
		fclose(f);
		free(b.data);
		return fail_at(l, 0, "read error");
	}
	fclose(f);
	if (!b.data && buf_add(&b, "", 0))
		return -ENOMEM;
	*text = b.data;
	return 0;
}

static int set_name(struct conf_test *t, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".data"))
		len -= 5;
	t->name = strndup(base, len);
	return t->name ? 0 : -ENOMEM;
}

static int parse(struct loader *l, char *text, struct conf_test *t)
{
	enum section sec = SEC_NONE;
	char *next;
	int err = 0;

	for (char *line = text; line && !err; line = next) {
		char *body, *hash;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		l->line++;
		if (sec == SEC_ASM && strncmp(trim(line), "--", 2)) {
			/* Kept as is: isa_asm() strips comments, lines must count. */
			if (buf_add(&l->asm_text, line, strlen(line)) ||
			    buf_add(&l->asm_text, "\n", 1))
				return -ENOMEM;
			continue;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		body = trim(line);
		if (!strncmp(body, "--", 2)) {
			err = section_of(l, trim(body + 2), &sec);
			if (err)
				return err;
			if (sec == SEC_ASM && l->has_asm)
				return fail_at(l, l->line, "second asm section");
			if (sec == SEC_ASM) {
				l->has_asm = true;
				t->asm_line = l->line + 1;
			}
			if (sec == SEC_RAW)
				l->has_raw = true;
			if (sec == SEC_ERROR)
				t->expect_error = true;
			if (!strcmp(trim(body + 2), "no register offset"))
				t->no_register_offset = true;
			continue;
		}
		if (!*body)
			continue;
		switch (sec) {
		case SEC_MEM:
			err = add_mem(l, body);
			break;
		case SEC_RAW:
			err = add_raw(l, body);
			break;
		case SEC_RESULT:
			l->result_line = body;
			l->result_lineno = l->line;
			break;
		case SEC_ERROR:
			free(t->error_text);
			t->error_text = strdup(body);
			if (!t->error_text)
				return -ENOMEM;
			break;
		default:
			break;
		}
	}
	return err;
}

/* The asm section's instructions, checked against the raw ones if any. */
static int assemble(struct loader *l, struct conf_test *t)
{
	struct bpf_insn *insns;
	size_t cnt;
	unsigned int n;
	char msg[256];
	int err;

	err = isa_asm(l->asm_text.data ? l->asm_text.data : "", &insns, &cnt, msg, sizeof(msg));
	if (err) {
		/* isa_asm's "line N: ..." counts from the section's first line. */
		if (sscanf(msg, "line %u: ", &n) == 1 && strchr(msg, ':'))
			return fail_at(l, t->asm_line + n - 1, "%s", strchr(msg, ':') + 2);
		return fail_at(l, t->asm_line, "%s", msg);
	}
	if (!l->has_raw) {
		t->insns = insns;
		t->insn_cnt = cnt;
		return 0;
	}
	if (cnt * sizeof(*insns) != l->raw.len ||
	    memcmp(insns, l->raw.data, l->raw.len)) {
		size_t i = 0, raw_cnt = l->raw.len / sizeof(*insns);

		while (i < cnt && i < raw_cnt &&
		       !memcmp(&insns[i], l->raw.data + i * sizeof(*insns), sizeof(*insns)))
			i++;
		free(insns);
		return fail_at(l, 0, "asm and raw sections differ at instruction %zu", i);
	}
	free(insns);
	return 0;
}

int conf_load(const char *path, struct conf_test *t, char *err, size_t errlen)
{
	struct loader l = { .path = path, .err = err, .errlen = errlen };
	char *text = NULL;
	int ret;

	memset(t, 0, sizeof(*t));
	if (err && errlen)
		err[0] = '\0';
	ret = read_file(&l, &text);
	if (!ret)
		ret = set_name(t, path);
	if (!ret)
		ret = parse(&l, text, t);
	if (!ret && t->expect_error && !t->error_text) {
		t->error_text = strdup("");
		if (!t->error_text)
			ret = -ENOMEM;
	}
	if (!ret && l.result_line) {
		if (!parse_u64(l.result_line, &t->result))
			ret = fail_at(&l, l.result_lineno, "invalid result '%s'", l.result_line);
		t->has_result = true;
	}
	if (!ret && !t->has_result && !t->expect_error)
		ret = fail_at(&l, 0, "no result or error section");
	if (!ret && l.has_raw && (l.raw.len == 0 || l.raw.len % sizeof(struct bpf_insn)))
		ret = fail_at(&l, 0, "raw section is not a whole number of instructions");
	if (!ret && l.has_asm) {
		ret = assemble(&l, t);
		if (!ret) {
			t->asm_text = l.asm_text.data;
			l.asm_text.data = NULL;
		}
	}
	if (!ret && l.has_raw) {
		t->insns = (struct bpf_insn *)(void *)l.raw.data;
		t->insn_cnt = l.raw.len / sizeof(struct bpf_insn);
		l.raw.data = NULL;
		t->has_raw = true;
	}
	if (!ret && !l.has_asm && !l.has_raw)
		ret = fail_at(&l, 0, "no asm or raw section");
	if (!ret && l.mem.len) {
		t->mem = (uint8_t *)l.mem.data;
		t->mem_len = l.mem.len;
		l.mem.data = NULL;
	}
	if (ret == -ENOMEM)
		fail_at(&l, 0, "out of memory");
	free(text);
	free(l.asm_text.data);
	free(l.raw.data);
	free(l.mem.data);
	if (ret)
		conf_free(t);
	return ret;
}

void conf_free(struct conf_test *t)
{
	free(t->name);
	free(t->insns);
	free(t->mem);
	free(t->error_text);
	free(t->asm_text);
	memset(t, 0, sizeof(*t));
}
