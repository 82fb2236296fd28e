#!/bin/bash
# Writes scripts/hot-symbols.txt: the functions that one-shot searches run, which
# build.rs has the linker place first in the binary's code (issue 11: a search then
# faults in far fewer 64 KiB windows of code). Run from the repository with the bench's
# index (`./target/release/bench --articles 100000 --keep --out DIR`); it builds the
# release binary itself:  scripts/hot-symbols.sh DIR/indexes/100
# Needs valgrind and nm. Names that no longer exist are skipped by the linker, so a
# stale list costs speed only.
set -euo pipefail
index=$1
bin=./target/release/newsdex
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Profile a build of the sources as they are (the names below follow the code).
cargo build --release --locked --bin newsdex
n=0
run() {
    n=$((n + 1))
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$tmp/cg$n" \
        "$bin" "$@" >/dev/null 2>&1 || true
}
run --version
run --index "$index" search --json --limit 10 --facets 8 ceasefire --country Germany
run --index "$index" search --json --limit 10 --facets 8 "central bank" --speaker "Ramon Chavez"
run --index "$index" search --json --limit 10 --facets 8 "ceasefire OR truce" --since 2010 --until 2014
run --index "$index" search --limit 10 government --person "Ramon Chavez"
run --index "$index" quotes ceasefire --speaker "Ramon Chavez"
# callgrind names a function once per file, after fn= or cfn= and its number. The
# functions most of the runs share come first (start-up, opening the index, searching),
# then those fewer runs use: each command's code is then a compact run of pages.
for f in "$tmp"/cg*; do
    sed -n 's/^c\{0,1\}fn=([0-9]*) //p' "$f" | sort -u
done | sort | uniq -c | sort -k1,1nr -k2,2 | awk '{print $2}' >"$tmp/run"
nm "$bin" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$tmp/syms"
awk 'NR == FNR { sym[$1] = 1; next } $1 in sym' "$tmp/syms" "$tmp/run" >scripts/hot-symbols.txt
# The list is the linker's input: build again, and check that the new binary has every
# name. Names follow the code (LLVM's `.llvm.N` suffixes change with any edit, even one
# that only moves lines), so run this on a build of the sources being committed.
cargo build --release --locked --bin newsdex
nm "$bin" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$tmp/syms"
missing=$(sort -u scripts/hot-symbols.txt | comm -23 - "$tmp/syms" | wc -l)
echo "$missing of the listed names are not in the rebuilt binary"
wc -l scripts/hot-symbols.txt
