/* SPDX-License-Identifier: MIT */
/* The target BTF: compiled with -g, its .BTF describes target_types.h. */
#include "target_types.h"

struct outer g_outer;
inner_t g_inner;
struct bits g_bits;
struct pbits g_pbits;
struct renamed g_renamed;
struct flav g_flav;
struct dup g_dup;
struct dup___2 g_dup2;
struct match_ok g_match_ok;
struct match_bad g_match_bad;
union un g_un;
enum color g_color;
enum big64 g_big64;
enum sgn g_sgn;
