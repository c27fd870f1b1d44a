// SPDX-License-Identifier: MIT
/*
 * smt: the two kinds of solver the module uses, each with the context's
 * per-query timeout: the plain one, incremental (path.c keeps a path
 * condition in its scopes), and a tactic pipeline (certify.c, merge.c).
 */
#include "internal.h"

Z3_solver smt_solver_plain(struct smt_ctx *s)
{
	Z3_solver sv = Z3_mk_solver(s->z);

	Z3_solver_inc_ref(s->z, sv);
	if (s->timeout_ms) {
		Z3_params p = Z3_mk_params(s->z);

		Z3_params_inc_ref(s->z, p);
		Z3_params_set_uint(s->z, p, Z3_mk_string_symbol(s->z, "timeout"), s->timeout_ms);
		Z3_solver_set_params(s->z, sv, p);
		Z3_params_dec_ref(s->z, p);
	}
	return sv;
}

static Z3_tactic tactic_keep(Z3_context z, Z3_tactic t, Z3_tactic *kept, int *n)
{
	Z3_tactic_inc_ref(z, t);
	kept[(*n)++] = t;
	return t;
}

/*
 * The tactic solver.  Each query is solved from scratch anyway
 * (push, assert, check, pop), so a fixed pipeline of Z3 tactics replaces
 * the default incremental solver: first the equalities the fat values are
 * full of are substituted away (solve-eqs), then the SMT core gets 50 ms
 * and, when it has not answered, the formula is bit-blasted to SAT.  The
 * SMT core alone took up to 50 ms on trivial stack accesses; bit-blasting
 * alone was slow on large invariants.  Measured on libxdp's xdpfilt_alw_all
 * and the selftests' bpf_fastcall/simple (Z3 4.8.12): the default solver
 * took 11.6 s and 0.55 s, bit-blasting alone 39.9 s and 0.10 s, this
 * pipeline 4.9 s and 0.09 s.  try-for bounds a query by the timeout:
 * unknown then, which keeps the check.
 *
 * Bit-blasting reads each array select as a free value, so its "unsat"
 * is a proof but its "sat" may be spurious: undecided.  SMT_THOROUGH
 * (merge.c, whose merged states keep memory the simplifier cannot take
 * apart) then hands the query to the SMT core, and first shares common
 * bit-vector subterms (max-bv-sharing).  On xdpfilt_alw_tcp's merged
 * re-check a query went from 20 s to 1.1 s with max-bv-sharing, and the
 * queries SAT left undecided became proofs.  SMT_FAST (certify.c) keeps
 * the pipeline its timeout default was measured with.
 */
Z3_solver smt_solver_tactic(struct smt_ctx *s, enum smt_pipeline how)
{
	Z3_context z = s->z;
	Z3_tactic kept[32];
	int n = 0;
#define KEEP(t) tactic_keep(z, (t), kept, &n)
#define THEN(a, b) KEEP(Z3_tactic_and_then(z, (a), (b)))
#define NAMED(name) KEEP(Z3_mk_tactic(z, name))
	Z3_tactic pre = THEN(NAMED("simplify"), THEN(NAMED("propagate-values"), NAMED("solve-eqs")));
	Z3_tactic smt = KEEP(Z3_tactic_try_for(z, NAMED("smt"), 50));
	Z3_tactic sat = THEN(NAMED("bit-blast"), NAMED("sat"));

	if (how == SMT_THOROUGH) {
		pre = THEN(pre, NAMED("max-bv-sharing"));
		sat = KEEP(Z3_tactic_or_else(z, THEN(sat, KEEP(Z3_tactic_fail_if_not_decided(z))),
					     NAMED("smt")));
	}
	Z3_tactic t = THEN(pre, KEEP(Z3_tactic_or_else(z, smt, sat)));
#undef KEEP
#undef THEN
#undef NAMED
	if (s->timeout_ms)
		t = tactic_keep(z, Z3_tactic_try_for(z, t, s->timeout_ms), kept, &n);
	Z3_solver sv = Z3_mk_solver_from_tactic(z, t);

	Z3_solver_inc_ref(z, sv);
	while (n > 0)
		Z3_tactic_dec_ref(z, kept[--n]);
	return s->failed ? NULL : sv;
}

