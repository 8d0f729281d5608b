#!/usr/bin/env python3
"""The first-load size check (issue #7): gzip sizes of what a first visit
downloads (index.html, the JS loader, the WebAssembly, the CSS).

usage: size_budget.py DIST [--report]

Fails when the total is over CEILING_KB. TARGET_KB is the budget issue #7
asks for; it is reported, and becomes the ceiling once the app fits in it.
"""
import gzip
import os
import sys

TARGET_KB = 125
# Today's size plus a little: a change that adds bytes must argue for them.
CEILING_KB = 155


def first_load_files(dist):
    names = sorted(os.listdir(dist))
    picked = [n for n in names if n == "index.html" or n.endswith((".js", ".wasm", ".css"))]
    if "index.html" not in picked or not any(n.endswith(".wasm") for n in picked):
        raise SystemExit(f"size: {dist} has no index.html or .wasm; build first")
    return picked


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
    kb = total / 1000
    print(f"{'first load, gzip':<40} {'':>9} {total:>9}  = {kb:.1f} KB")
    print(f"target {TARGET_KB} KB: {'met' if kb <= TARGET_KB else f'NOT met, {kb - TARGET_KB:.1f} KB over'}")
    if kb > CEILING_KB:
        raise SystemExit(f"size: {kb:.1f} KB is over the {CEILING_KB} KB ceiling")
    print(f"ceiling {CEILING_KB} KB: held")


if __name__ == "__main__":
    main()
