#!/bin/bash
# Check the series in kernel/patches against the pristine Linux 6.12 source
# of the Debian package linux-source-6.12:
#   - every patch is `git format-patch` output with a numbered subject
#     ([PATCH n/N], n following the file order, N the series length), a
#     commit message of at least three lines besides its tags, and a
#     Signed-off-by;
#   - the series applies with `git am` (no fuzz: git never applies a hunk
#     whose context does not match) to the files it touches, taken from
#     the tarball itself, not from a work dir a previous run may have left.
#
# Usage: kernel/check-patches.sh [TARBALL]
#   (default /usr/src/linux-source-6.12.tar.xz; needs git, tar, xz)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TARBALL=${1:-/usr/src/linux-source-6.12.tar.xz}
TOP=linux-source-6.12
die() { echo "check-patches: $*" >&2; exit 1; }

[ -r "$TARBALL" ] || die "$TARBALL: not readable (apt-get install linux-source-6.12)"
series=("$here"/patches/*.patch)
[ -e "${series[0]}" ] || die "no patches in $here/patches"
total=${#series[@]}

# --- the form of each patch -------------------------------------------
bad=0
n=0
for p in "${series[@]}"; do
	n=$((n + 1))
	name=$(basename "$p")
	complain() { echo "check-patches: $name: $*" >&2; bad=1; }
	head -1 "$p" | grep -qE '^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$' ||
		complain "not git format-patch output (first line)"
	grep -qm1 '^From: .* <.*@.*>$' "$p" || complain "no From: author"
	grep -qm1 '^Date: ' "$p" || complain "no Date:"
	subj=$(awk '/^Subject: /{s=$0; while ((getline l) > 0 && l ~ /^ /) s = s l; print s; exit}' "$p")
	[[ $subj == "Subject: [PATCH $n/$total] "* ]] ||
		complain "subject is not numbered [PATCH $n/$total]: $subj"
	[[ $subj =~ \]\ [a-z0-9_,\ ]+:\ [a-z] ]] ||
		complain "subject lacks a 'subsystem: summary' prefix: $subj"
	[ ${#subj} -le 9 ] && complain "empty subject"
	# The message: from the blank line after the headers to the '---'
	body=$(awk 'h && /^---$/ {exit} h {print} !h && /^$/ {h = 1}' "$p")
	grep -q '^Signed-off-by: .* <.*@.*>$' <<<"$body" || complain "no Signed-off-by"
	lines=$(grep -vE '^(Signed-off-by|Reviewed-by|Acked-by|Tested-by|Cc|Link|Fixes):|^$' <<<"$body" | wc -l)
	[ "$lines" -ge 3 ] || complain "commit message of $lines lines: explain the change"
	grep -q '^diff --git ' "$p" || complain "no diff"
done
[ $bad -eq 0 ] || die "malformed patches"

# --- applying them ------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The files the series modifies (new files are not in the tarball)
mapfile -t files < <(awk '
	/^diff --git / { f = substr($3, 3); keep[f] = 1; order[++n] = f }
	/^new file mode/ { keep[f] = 0 }
	END { for (i = 1; i <= n; i++) if (keep[order[i]]) { print order[i]; keep[order[i]] = 0 } }
' "${series[@]}")
members=()
for f in "${files[@]}"; do members+=("$TOP/$f"); done
echo "check-patches: extracting ${#files[@]} files from $TARBALL"
tar -xJf "$TARBALL" -C "$tmp" "${members[@]}" || die "the tarball lacks a file the series modifies"
src="$tmp/$TOP"
git -C "$src" init -q
git -C "$src" add -A
git -C "$src" -c user.name=check -c user.email=check@invalid commit -qm pristine
if ! git -C "$src" -c user.name=check -c user.email=check@invalid am -q "${series[@]}" 2>"$tmp/am.err"; then
	cat "$tmp/am.err" >&2
	die "the series does not apply to $(basename "$TARBALL") (git am)"
fi
got=$(git -C "$src" rev-list --count HEAD)
[ "$got" -eq $((total + 1)) ] || die "git am made $((got - 1)) commits from $total patches"
git -C "$src" log --reverse --format='check-patches: applied: %s' -n "$total"
echo "check-patches: $total patches, well formed, apply to $(basename "$TARBALL")"
