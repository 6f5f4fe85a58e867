#!/usr/bin/env bash
# Regenerates link/text-order.txt: the functions a few typical sessions of the release binary
# run, by their mangled (symbol) names, for the linker to place together at the start of the
# text section (build.rs passes the file to rust-lld as `--symbol-ordering-file`).
#
# Why: the kernel maps the binary's code in windows around each page it runs (fault-around),
# and without an order the code a session runs is spread over the whole text section, so the
# whole section ends up resident. Packed together, it takes a few windows.
#
# Needs, besides the toolchain: valgrind (callgrind), tmux, python3, nm (binutils). The build
# never needs them: the list is a plain text file in the repository.
#
# When to run it: after a change of compiler, of Cargo.lock or of the code's shape. Nothing
# breaks if the list is stale: names the binary no longer has are ignored (the symbol hashes
# change with the compiler, the dependencies' versions and features), and functions not in the
# list keep their place after the listed ones. A stale list only gives back less memory;
# `link/text-order.sh --check` says how many of the listed names the current build still has.
#
# Usage: link/text-order.sh [--check]   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
list=$root/link/text-order.txt
target=$(realpath -m "${CARGO_TARGET_DIR:-$root/target}")
bin=$target/release/essayreader

if [[ ${1:-} != --check ]]; then
  for tool in valgrind tmux python3 nm; do
    command -v "$tool" >/dev/null || { echo "text-order.sh needs $tool" >&2; exit 1; }
  done
fi
work=$(mktemp -d)
trap 'tmux kill-session -t text-order 2>/dev/null || true; rm -rf "$work"' EXIT
if [[ ${1:-} != --check ]]; then
  # The benchmarks' 1 MiB essay, written with published essays' typography (a build of the
  # engine benchmark: a few minutes the first time). First: `cargo bench` also builds the
  # binary, in the bench profile, whose names differ, in the same place as the release build.
  BENCH_DUMP_ESSAY=1 cargo bench --bench engine >"$work/long.md"
fi
cargo build --release
nm --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$work/symbols"

if [[ ${1:-} == --check ]]; then
  total=$(grep -vc '^#' "$list" || true)
  found=$(grep -v '^#' "$list" | sort -u | comm -12 - "$work/symbols" | wc -l)
  echo "$found of $total listed functions are in $bin"
  exit 0
fi


# A short essay with what essays have: front matter, footnotes, links, code, quotes, lists,
# curly quotes, accents.
cat >"$work/rich.md" <<'ESSAY'
---
id: text-order
title: "On Order and Memory"
author: "Zoë Müller"
date: "2024-05-01"
tags: [order, memory]
---

# On Order and Memory

The *first* paragraph says what it is about, with a footnote[^1], **strong words**, `code`, a
[link](https://example.org/a "title"), a [reference link][ref], an <https://example.org/auto>
and a link to [a part](#a-part-of-it) — with “curly quotes”, it’s, naïve café, Æsop… and 10%.

> A quotation, with *emphasis*, on two
> lines.[^long]

## A part of it

1. one item
2. another, with a nested list:
   - a
   - b
3. a third

- a loose item

- another loose item

```rust
fn main() { println!("code block"); }
```

    indented code

| column | other |
|--------|-------|
| a      | b     |

Text with a hard break  
and a soft one, ~~struck~~, an image ![alt](picture.png), a footnote again[^1] and HTML
<span>inline</span>.

### A smaller heading {#custom-id}

Setext heading
--------------

***

[^1]: The footnote, with a [link](https://example.org/note).
[^long]: A longer footnote.

    With a second paragraph.

[ref]: https://example.org/ref
ESSAY

# screen_has TEXT: waits (valgrind runs the reader some 50 times slower) until TEXT is on screen.
screen_has() {
  for _ in $(seq 600); do
    tmux capture-pane -p -t text-order 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "text-order.sh: '$1' never appeared on screen" >&2
  tmux capture-pane -p -t text-order >&2 || true
  exit 1
}
keys() {
  for k in "$@"; do
    tmux send-keys -t text-order "$k"
    sleep 1
  done
}
# session NAME ARGS...: starts the reader under callgrind in a 120x40 terminal, with a fresh
# config folder; the caller then drives it and waits for it to end with `ended`.
session() {
  local name=$1
  shift
  mkdir -p "$work/$name.cfg"
  tmux new-session -d -s text-order -x 120 -y 40 \
    "ESSAYREADER_CONFIG_DIR=$work/$name.cfg valgrind --tool=callgrind --dump-instr=no \
     --demangle=no --callgrind-out-file=$work/$name.cg $bin $* 2>$work/$name.log"
}
ended() {
  for _ in $(seq 600); do
    tmux has-session -t text-order 2>/dev/null || return 0
    sleep 0.1
  done
  echo "text-order.sh: the reader did not quit" >&2
  exit 1
}

# The sessions, in the order their functions are placed: what every start runs first.
# 0. `--version`: the command line read, nothing else.
valgrind --tool=callgrind --dump-instr=no --demangle=no --callgrind-out-file="$work/0-version.cg" \
  "$bin" --version >/dev/null 2>"$work/0-version.log"
# 1. A short essay named by path, closed at once: back to the library, quit.
session 1-open "$root/essays/why-i-support-leaking-leftist-documents.md"
screen_has "Outline"
keys q
screen_has "Enter open"
keys q
ended
# 2. The same, read: scroll, jump, search, outline, help, a bookmark.
session 2-short "$root/essays/why-i-support-leaking-leftist-documents.md"
screen_has "Outline"
keys j j k Space b d u G g ']' ']' '}' '[' / p a r t y Enter n N Escape Tab j Enter Tab \
  '?' Escape o o m Enter "'" Escape + - q
screen_has "Enter open"
keys q
ended
# 3. A long essay named by path (over 256 KiB, its first screen comes from a part of the file
# first): a page, the end, a search.
session 3-long "$work/long.md"
screen_has "Outline"
keys Space G g / p a r t y Enter n Escape q
screen_has "Enter open"
keys q
ended
# 4. The essay with footnotes and links: follow one, select and highlight, the highlights.
session 4-rich "$work/rich.md"
screen_has "Outline"
keys f Escape ']' v j h H Escape q
screen_has "Enter open"
keys q
ended
# 5. The library: pick an essay, read a little, search every essay, quit.
session 5-library
screen_has "Enter open"
keys j j k Enter
screen_has "Outline"
keys Space j q
screen_has "Enter open"
keys S l i b e r t y
sleep 3
keys Escape q
ended

# The functions with cost in the binary and defined by it (LTO's local copies, `name.123`, are
# symbols too), in the order of the first session that ran them, then of their place in the
# binary as built.
nm -n --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ {print $3}' >"$work/by-address"
python3 - "$bin" "$work/by-address" "$work"/*.cg >"$work/list" <<'PY'
import re, sys
binary, files = sys.argv[1], sys.argv[3:]
place = {}
for n, name in enumerate(open(sys.argv[2]).read().split()):
    place.setdefault(name, n)
first = {}
for session, path in enumerate(sorted(files)):
    objects, functions, ob = {}, {}, None
    for line in open(path, errors="replace"):
        m = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        called, kind, ident, name = m.groups()
        if name is not None:
            name = re.sub(r"'\d+$", "", name)  # callgrind's recursion depth
        table = objects if kind == "ob" else functions
        if name is not None:
            table[ident] = name
        if called:
            continue
        if kind == "ob":
            ob = objects.get(ident)
        elif ob == binary and functions.get(ident) in place:
            first.setdefault(functions[ident], session)
for name in sorted(first, key=lambda n: (first[n], place[n])):
    print(name)
PY
{
  echo "# Functions a typical session runs, placed first in the text section (see text-order.sh)."
  echo "# $(rustc --version); $(wc -l <"$work/list") functions."
  cat "$work/list"
} >"$list"
echo "wrote $list: $(wc -l <"$work/list") functions"
