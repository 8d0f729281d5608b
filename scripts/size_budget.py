#!/usr/bin/env python3
"""The first-load size check (issue #7): gzip sizes of what a first visit
downloads (index.html, the JS loader, the WebAssembly, the CSS).

usage: size_budget.py DIST

Fails when the total is over BUDGET_KB: the stable build's measure (issue
#7's 125 KB needed a rebuilt std, which the stable toolchain does not do).
The files are those of a release build as the Makefile makes it (trunk,
then scripts/shrink.py from the post-build hook).
"""
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shrink import sri  # noqa: E402

BUDGET_KB = 144


def first_load_files(dist):
    names = sorted(os.listdir(dist))
    picked = [n for n in names if n == "index.html" or n.endswith((".js", ".wasm", ".css"))]
    if "index.html" not in picked or not any(n.endswith(".wasm") for n in picked):
        raise SystemExit(f"size: {dist} has no index.html or .wasm; build first")
    return picked


def check_integrity(dist, names):
    """The page loads these very files: each integrity hash in index.html
    (trunk's, or postbuild.py's for the minified JS) matches its file."""
    with open(os.path.join(dist, "index.html"), encoding="utf-8") as f:
        html = f.read()
    if "integrity=" not in html:
        return
    for name in names:
        if name == "index.html":
            continue
        with open(os.path.join(dist, name), "rb") as f:
            digest = sri(f.read())
        if digest not in html:
            raise SystemExit(f"size: index.html's integrity hash for {name} does not match the file")


def main():
    dist = sys.argv[1]
    total = 0
    print(f"{'file':<40} {'bytes':>9} {'gzip':>9}")
    for name in first_load_files(dist):
        with open(os.path.join(dist, name), "rb") as f:
            data = f.read()
        packed = len(gzip.compress(data, compresslevel=9, mtime=0))
        total += packed
        print(f"{name:<40} {len(data):>9} {packed:>9}")
    check_integrity(dist, first_load_files(dist))
    kb = total / 1000
    print(f"{'first load, gzip':<40} {'':>9} {total:>9}  = {kb:.1f} KB")
    if kb > BUDGET_KB:
        raise SystemExit(f"size: {kb:.1f} KB is over the {BUDGET_KB} KB budget by {kb - BUDGET_KB:.1f} KB")
    print(f"budget {BUDGET_KB} KB: held, {BUDGET_KB - kb:.1f} KB to spare")


if __name__ == "__main__":
    main()
