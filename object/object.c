// SPDX-License-Identifier: MIT
/*
 * object: obj_open(), the pipeline of the object model.
 *
 * ELF validation (elf.c) -> libbpf's parse for programs, types and maps ->
 * .BTF.ext (btf_ext.c) -> CO-RE (core.c) -> relocations (relo.c) ->
 * linking per entry program (link.c).
 */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"

struct obj_priv {
	void *buf;			 /* the file's bytes */
	void *view;			 /* libbpf's copy of them */
	struct elf_file ef;
	struct bpf_object *lbo;
	struct btf *target;
	struct btf *own_btf;		 /* the BTF as btf_check() parsed and checked it */
	struct sec_ext *exts;
	struct sec_code *code;
	struct sec_relos *relos;
	int *sec_map;
	uint8_t **core_outcome;		 /* per section, per insn: 0 or 1 + enum core_outcome */
	char *target_path;
};

#define CORE_MARK_LEFT 3

int obj_err(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!err || !errlen)
		return -EINVAL;
	n = (size_t)snprintf(err, errlen, "%s: ", path);
	if (n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* ---- libbpf's messages: the last warning explains a failed open ---- */

static pthread_mutex_t libbpf_lock = PTHREAD_MUTEX_INITIALIZER;
static char libbpf_last[256];

/*
 * Section names libbpf learnt after 1.1 (Debian 12's): tcx and netkit
 * (libbpf 1.3), the AF_UNIX cgroup hooks (1.3), netfilter (1.2).  The
 * attach type numbers are the 6.12 UAPI's.
 */
static void newer_section_type(struct obj_prog *p)
{
	static const struct {
		const char *prefix;
		enum bpf_prog_type type;
		int attach;
	} secs[] = {
		{ "tcx/ingress", BPF_PROG_TYPE_SCHED_CLS, 46 },
		{ "tcx/egress", BPF_PROG_TYPE_SCHED_CLS, 47 },
		{ "tc/ingress", BPF_PROG_TYPE_SCHED_CLS, 46 },
		{ "tc/egress", BPF_PROG_TYPE_SCHED_CLS, 47 },
		{ "netkit/primary", BPF_PROG_TYPE_SCHED_CLS, 54 },
		{ "netkit/peer", BPF_PROG_TYPE_SCHED_CLS, 55 },
		{ "cgroup/connect_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 49 },
		{ "cgroup/sendmsg_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 50 },
		{ "cgroup/recvmsg_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 51 },
		{ "cgroup/getpeername_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 52 },
		{ "cgroup/getsockname_unix", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 53 },
		{ "netfilter", 32 /* BPF_PROG_TYPE_NETFILTER */, 45 },
	};
	const char *sec = p->sec_name[0] == '?' ? p->sec_name + 1 : p->sec_name;

	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		if (!strcmp(sec, secs[i].prefix)) {
			p->type = secs[i].type;
			p->attach_type = (enum bpf_attach_type)secs[i].attach;
			return;
		}
	}
}

static int libbpf_capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *nl;

	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(libbpf_last, sizeof(libbpf_last), fmt, ap);
	nl = strchr(libbpf_last, '\n');
	if (nl)
		*nl = 0;
	return 0;
}

/*
 * libbpf sees a copy in which the relocation sections of code are hidden
 * (their sh_type set to SHT_NOTE): relocations are recorded and checked
 * here (relo.c).  In an object with legacy "maps", which libbpf 1.x refuses
 * and maps.c reads itself, that section and the BTF (whose DATASEC "maps"
 * libbpf would try to fix up against it) become nameless, and so unseen.
 */
static void *libbpf_view(const struct elf_file *ef, const void *buf, size_t size)
{
	uint8_t *copy = malloc(size);
	GElf_Ehdr eh;
	int legacy = maps_legacy_sec(ef);

	if (!copy || !gelf_getehdr(ef->elf, &eh))
		return copy;
	memcpy(copy, buf, size);
	for (size_t i = 1; i < ef->shnum; i++) {
		Elf64_Shdr sh; /* a copy: e_shoff need not be aligned */
		size_t off = eh.e_shoff + i * sizeof(sh);

		if (eh.e_shentsize != sizeof(sh) || eh.e_shoff > size ||
		    (size - eh.e_shoff) / sizeof(sh) < i + 1)
			break;
		memcpy(&sh, copy + off, sizeof(sh));
		if (sh.sh_type == SHT_REL && sh.sh_info < ef->shnum && elf_sec_is_prog(ef, sh.sh_info))
			sh.sh_type = SHT_NOTE;
		if (legacy > 0 && ((int)i == legacy || (int)i == ef->btf_idx || (int)i == ef->btf_ext_idx))
			sh.sh_name = 0; /* "", as elf_file_open() checked */
		memcpy(copy + off, &sh, sizeof(sh));
	}
	return copy;
}

static int libbpf_open(struct obj_priv *pv, const void *buf, size_t size, const char *name,
		       const char *path, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	libbpf_print_fn_t old;
	int ret = 0;

	pv->view = libbpf_view(&pv->ef, buf, size);
	if (!pv->view)
		return -ENOMEM;
	pthread_mutex_lock(&libbpf_lock);
	libbpf_last[0] = 0;
	old = libbpf_set_print(libbpf_capture);
	pv->lbo = bpf_object__open_mem(pv->view, size, &opts);
	/*
	 * libbpf 1.1 can hand back an error pointer its IS_ERR() misses (a
	 * bogus error code below -4095: tests/fuzz/regressions).  No heap
	 * object lives in the top 4 GiB of the address space.
	 */
	if ((uintptr_t)pv->lbo >= (uintptr_t)-(1l << 32)) {
		ret = obj_err(err, errlen, path, "libbpf cannot open the object (internal error %ld)",
			      (long)(intptr_t)pv->lbo);
		pv->lbo = NULL;
	} else if (!pv->lbo) {
		ret = obj_err(err, errlen, path, "%s",
			      libbpf_last[0] ? libbpf_last : "libbpf cannot open the object");
	}
	libbpf_set_print(old);
	pthread_mutex_unlock(&libbpf_lock);
	return ret;
}

/* ---- code: each program section's instructions and functions ---- */

static int cmp_func(const void *a, const void *b)
{
	const struct sec_func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int load_funcs(struct obj_priv *pv, size_t sec, char *err, size_t errlen)
{
	struct sec_code *c = &pv->code[sec];

	for (size_t i = 1; i < pv->ef.sym_cnt; i++) {
		GElf_Sym s;
		struct sec_func *f;

		if (elf_sym(&pv->ef, i, &s) || s.st_shndx != sec ||
		    GELF_ST_TYPE(s.st_info) != STT_FUNC)
			continue;
		if (s.st_value % ISA_INSN_SZ || s.st_size % ISA_INSN_SZ || s.st_size == 0 ||
		    s.st_value / ISA_INSN_SZ > c->cnt || s.st_size / ISA_INSN_SZ > c->cnt - s.st_value / ISA_INSN_SZ)
			return obj_err(err, errlen, pv->ef.path,
				       "function '%s' does not fit in section '%s'",
				       elf_sym_name(&pv->ef, &s), pv->ef.secs[sec].name);
		f = realloc(c->funcs, (c->func_cnt + 1) * sizeof(*f));
		if (!f)
			return -ENOMEM;
		c->funcs = f;
		/* libbpf's mark_btf_static: a global function of hidden or internal
		 * visibility is loaded with a static BTF FUNC */
		bool hidden = GELF_ST_BIND(s.st_info) != STB_LOCAL &&
			      (GELF_ST_VISIBILITY(s.st_other) == STV_HIDDEN ||
			       GELF_ST_VISIBILITY(s.st_other) == STV_INTERNAL);
		f[c->func_cnt++] = (struct sec_func){ elf_sym_name(&pv->ef, &s),
						      (uint32_t)(s.st_value / ISA_INSN_SZ),
						      (uint32_t)(s.st_size / ISA_INSN_SZ), hidden };
	}
	if (c->func_cnt)
		qsort(c->funcs, c->func_cnt, sizeof(*c->funcs), cmp_func);
	return 0;
}

static int load_code(struct obj_priv *pv, char *err, size_t errlen)
{
	pv->code = calloc(pv->ef.shnum, sizeof(*pv->code));
	pv->core_outcome = calloc(pv->ef.shnum, sizeof(*pv->core_outcome));
	if (!pv->code || !pv->core_outcome)
		return -ENOMEM;
	for (size_t i = 1; i < pv->ef.shnum; i++) {
		struct sec_code *c = &pv->code[i];
		int ret;

		if (!elf_sec_is_prog(&pv->ef, i))
			continue;
		c->cnt = pv->ef.secs[i].sh.sh_size / ISA_INSN_SZ;
		c->insns = malloc(c->cnt * sizeof(*c->insns));
		pv->core_outcome[i] = calloc(c->cnt, 1);
		if (!c->insns || !pv->core_outcome[i])
			return -ENOMEM;
		memcpy(c->insns, pv->ef.secs[i].data->d_buf, c->cnt * sizeof(*c->insns));
		ret = load_funcs(pv, i, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- CO-RE: relocate every section's copy before linking (bpf_object__relocate_core) ---- */

static int apply_core(struct obj *o, struct obj_priv *pv, char *err, size_t errlen)
{
	struct core_ctx *ctx = NULL;
	int ret = 0;

	for (size_t i = 1; i < pv->ef.shnum && !ret; i++) {
		const struct sec_ext *x = &pv->exts[i];

		if (!x->core_cnt)
			continue;
		if (!pv->code[i].insns)
			return obj_err(err, errlen, o->path,
				       "CO-RE relocations for non-program section '%s'",
				       pv->ef.secs[i].name);
		if (pv->target && !ctx && !(ctx = core_ctx_new(o->btf, pv->target)))
			return -ENOMEM;
		for (size_t j = 0; j < x->core_cnt && !ret; j++) {
			uint32_t insn = x->core[j].insn_off / ISA_INSN_SZ;
			char msg[200];

			if (x->core[j].insn_off % ISA_INSN_SZ || insn >= pv->code[i].cnt) {
				ret = obj_err(err, errlen, o->path,
					      "CO-RE relocation %zu of '%s' is outside the section",
					      j, pv->ef.secs[i].name);
				break;
			}
			if (!ctx) {
				pv->core_outcome[i][insn] = CORE_MARK_LEFT;
				continue;
			}
			ret = core_relocate(ctx, &x->core[j], pv->code[i].insns, pv->code[i].cnt,
					    msg, sizeof(msg));
			if (ret < 0) {
				ret = obj_err(err, errlen, o->path, "CO-RE relocation %zu of '%s': %s",
					      j, pv->ef.secs[i].name, msg);
				break;
			}
			pv->core_outcome[i][insn] = (uint8_t)(1 + ret);
			ret = 0;
		}
	}
	core_ctx_free(ctx);
	return ret;
}

static void count_core(struct obj_priv *pv, struct obj_prog *p)
{
	for (size_t i = 0; i < p->insn_cnt; i++) {
		uint8_t m = pv->core_outcome[p->origin[i].sec_idx][p->origin[i].sec_insn];

		if (!m)
			continue;
		p->core.total++;
		if (m == 1 + CORE_APPLIED)
			p->core.applied++;
		else if (m == 1 + CORE_POISONED)
			p->core.poisoned++;
		else
			p->core.left++;
	}
}

static int load_target_btf(struct obj *o, struct obj_priv *pv, const struct obj_opts *opts,
			   char *err, size_t errlen)
{
	const char *path = opts ? opts->btf_path : NULL;

	if (!path) {
		if ((opts && opts->no_kernel_btf) || access(KERNEL_BTF, R_OK))
			return 0;
		path = KERNEL_BTF;
	}
	pv->target = btf__parse(path, NULL);
	if (!pv->target) {
		int e = errno;

		return obj_err(err, errlen, path, "cannot read BTF for CO-RE: %s", strerror(e));
	}
	pv->target_path = strdup(path);
	o->core_btf_path = pv->target_path;
	return pv->target_path ? 0 : -ENOMEM;
}

/* ---- programs ---- */

/* bpf_object__relocate(): make subprogram-address ld_imm64s recognisable. */
static void mark_subprog_addrs(struct obj_priv *pv)
{
	for (size_t i = 1; i < pv->ef.shnum; i++)
		for (size_t j = 0; j < pv->relos[i].cnt; j++)
			if (pv->relos[i].v[j].type == RELO_SUBPROG_ADDR)
				pv->code[i].insns[pv->relos[i].v[j].insn].src_reg = BPF_PSEUDO_FUNC;
}

static const struct sec_func *find_entry(struct obj_priv *pv, const char *sec_name,
					 const char *name, int *sec)
{
	for (size_t i = 1; i < pv->ef.shnum; i++) {
		const struct sec_code *c = &pv->code[i];

		const char *sname = pv->ef.secs[i].name;

		/* SEC("?xdp"): autoload off; libbpf may or may not strip the '?'. */
		if (!c->insns || strcmp(sname + (sname[0] == '?'), sec_name + (sec_name[0] == '?')))
			continue;
		for (size_t f = 0; f < c->func_cnt; f++)
			if (!strcmp(c->funcs[f].name, name)) {
				*sec = (int)i;
				return &c->funcs[f];
			}
	}
	return NULL;
}

static int link_progs(struct obj *o, struct obj_priv *pv, const struct map_index *mi,
		      char *err, size_t errlen)
{
	struct link_input in = { &pv->ef, pv->code, pv->relos, pv->exts, mi, pv->target };
	struct bpf_program *bp;
	size_t n = 0;

	bpf_object__for_each_program(bp, pv->lbo)
		n++;
	o->progs = calloc(n ? n : 1, sizeof(*o->progs));
	if (!o->progs)
		return -ENOMEM;
	bpf_object__for_each_program(bp, pv->lbo) {
		struct obj_prog *p = &o->progs[o->prog_cnt];
		const struct sec_func *entry;
		int sec = -1, ret;

		p->name = strdup(bpf_program__name(bp));
		p->sec_name = strdup(bpf_program__section_name(bp));
		if (!p->name || !p->sec_name)
			return -ENOMEM;
		o->prog_cnt++;
		p->type = bpf_program__type(bp);
		p->attach_type = bpf_program__expected_attach_type(bp);
		if (p->type == BPF_PROG_TYPE_UNSPEC)
			newer_section_type(p);
		entry = find_entry(pv, p->sec_name, p->name, &sec);
		if (!entry)
			return obj_err(err, errlen, o->path, "program '%s' not found in section '%s'",
				       p->name, p->sec_name);
		ret = link_prog(&in, sec, entry, p, err, errlen);
		if (ret)
			return ret;
		count_core(pv, p);
	}
	return 0;
}

/*
 * The object's BTF: libbpf's, whose DATASECs it fixed up, or for a legacy
 * object (whose BTF libbpf did not see) the copy btf_check() parsed.
 */
static int object_btf(struct obj *o, struct obj_priv *pv, char *err, size_t errlen)
{
	if (maps_legacy_sec(&pv->ef) < 0 || !pv->own_btf) {
		o->btf = bpf_object__btf(pv->lbo);
		return 0;
	}
	for (size_t i = 1; i < pv->ef.shnum; i++)
		if (!strcmp(pv->ef.secs[i].name, ".maps"))
			return obj_err(err, errlen, o->path,
				       "mixes legacy 'maps' and BTF-defined '.maps' map definitions");
	o->btf = pv->own_btf;
	return 0;
}

static char *object_name(const char *path)
{
	char *copy = strdup(path), *name, *dot;

	if (!copy)
		return NULL;
	name = strdup(basename(copy));
	free(copy);
	if (name && (dot = strchr(name, '.')))
		*dot = 0;
	return name;
}

static int open_stages(struct obj *o, struct obj_priv *pv, size_t size, const struct obj_opts *opts,
		       char *err, size_t errlen)
{
	struct map_index mi;
	char *name;
	int ret;

	ret = elf_file_open(&pv->ef, o->path, pv->buf, size, err, errlen);
	if (ret)
		return ret;
	pv->exts = calloc(pv->ef.shnum, sizeof(*pv->exts));
	pv->relos = calloc(pv->ef.shnum, sizeof(*pv->relos));
	if (!pv->exts || !pv->relos)
		return -ENOMEM;
	/* Checked before libbpf 1.1 sees them: it trusts both. */
	if ((ret = btf_check(&pv->ef, &pv->own_btf, err, errlen)) ||
	    (ret = btf_ext_parse(&pv->ef, pv->own_btf, pv->exts, err, errlen)))
		return ret;
	name = object_name(o->path);
	if (!name)
		return -ENOMEM;
	ret = libbpf_open(pv, pv->buf, size, name, o->path, err, errlen);
	free(name);
	if (ret)
		return ret;
	ret = object_btf(o, pv, err, errlen);
	if (ret)
		return ret;
	pv->sec_map = malloc(pv->ef.shnum * sizeof(int));
	if (!pv->sec_map)
		return -ENOMEM;
	if ((ret = maps_load(o, pv->lbo, &pv->ef, pv->sec_map, &mi, err, errlen)) ||
	    (ret = load_code(pv, err, errlen)) ||
	    (ret = load_target_btf(o, pv, opts, err, errlen)) ||
	    (ret = apply_core(o, pv, err, errlen)) ||
	    (ret = relo_collect(&pv->ef, o->btf, &mi, pv->relos, err, errlen)))
		return ret;
	mark_subprog_addrs(pv);
	return link_progs(o, pv, &mi, err, errlen);
}

int obj_open_mem(const void *buf, size_t size, const char *name,
		 const struct obj_opts *opts, struct obj **out, char *err, size_t errlen)
{
	struct obj *o = calloc(1, sizeof(*o));
	int ret = -ENOMEM;

	*out = NULL;
	if (!o || !(o->priv = calloc(1, sizeof(*o->priv))) || !(o->path = strdup(name)))
		goto fail;
	/* libelf parses in place: keep a private copy for the object's lifetime. */
	o->priv->buf = malloc(size ? size : 1);
	if (!o->priv->buf)
		goto fail;
	memcpy(o->priv->buf, buf, size);
	ret = open_stages(o, o->priv, size, opts, err, errlen);
	if (ret)
		goto fail;
	*out = o;
	return 0;
fail:
	if (ret == -ENOMEM)
		obj_err(err, errlen, name, "out of memory");
	obj_free(o);
	return ret;
}

int obj_open(const char *path, const struct obj_opts *opts, struct obj **out,
	     char *err, size_t errlen)
{
	struct stat st;
	void *buf;
	ssize_t n;
	int fd, ret;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		obj_err(err, errlen, path, "%s", strerror(e));
		return -e;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return obj_err(err, errlen, path, "not a regular file");
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		return obj_err(err, errlen, path, "out of memory");
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		return obj_err(err, errlen, path, "short read");
	}
	ret = obj_open_mem(buf, (size_t)n, path, opts, out, err, errlen);
	free(buf);
	return ret;
}

static void free_priv(struct obj_priv *pv)
{
	size_t shnum = pv->ef.shnum;

	for (size_t i = 0; pv->code && i < shnum; i++) {
		free(pv->code[i].insns);
		free(pv->code[i].funcs);
	}
	for (size_t i = 0; pv->core_outcome && i < shnum; i++)
		free(pv->core_outcome[i]);
	free(pv->code);
	free(pv->core_outcome);
	btf_ext_free(pv->exts, shnum);
	relo_free(pv->relos, shnum);
	free(pv->sec_map);
	btf__free(pv->target);
	btf__free(pv->own_btf);
	free(pv->target_path);
	bpf_object__close(pv->lbo);
	elf_file_close(&pv->ef);
	free(pv->buf);
	free(pv->view);
	free(pv);
}

void obj_free(struct obj *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->prog_cnt; i++) {
		struct obj_prog *p = &o->progs[i];

		free(p->name);
		free(p->sec_name);
		free(p->insns);
		free(p->origin);
		free(p->subprogs);
	}
	for (size_t i = 0; i < o->map_cnt; i++)
		free(o->maps[i].name);
	free(o->progs);
	free(o->maps);
	if (o->priv)
		free_priv(o->priv);
	free(o->path);
	free(o);
}

const struct obj_map *obj_insn_map(const struct obj *o, const struct bpf_insn *insn)
{
	if (!isa_is_ld_imm64(insn) ||
	    (insn->src_reg != BPF_PSEUDO_MAP_FD && insn->src_reg != BPF_PSEUDO_MAP_VALUE) ||
	    insn->imm < 0 || (size_t)insn->imm >= o->map_cnt)
		return NULL;
	return &o->maps[insn->imm];
}

const char *obj_map_kind_name(enum obj_map_kind k)
{
	static const char *const names[] = { "user", "data", "rodata", "bss", "kconfig", "other" };

	return k <= OBJ_MAP_OTHER ? names[k] : "?";
}
