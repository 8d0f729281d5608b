#!/usr/bin/env python3
"""The size guard: prints each file a first visit downloads (index.html and
what it has the browser fetch at once: the JS loader, wasm-bindgen's
snippets, the WebAssembly, the CSS), gzip-compressed, and fails above one
ceiling. It stops unexplained growth; bytes are not a goal in themselves
(README, "Figures"; docs/benchmark.md, "The size guard"). Raising CEILING_KB needs a sentence in the README saying
what bought the bytes.

usage: size_budget.py DIST
"""
import base64
import gzip
import hashlib
import os
import re
import sys

CEILING_KB = 430

BASE = re.compile(r'<base href="?([^"\s>]*)')


def attribute(tag, name):
    """An attribute's value, quoted or not (trunk minifies release pages)."""
    found = re.search(r"\s" + name + r'=(?:"([^"]*)"|([^\s>]*))', tag)
    return None if found is None else (found[1] if found[1] is not None else found[2])


def first_load(dist):
    """index.html and the files its preloads, style sheet and head's fetch
    name, as paths under `dist`, with the page's text."""
    with open(os.path.join(dist, "index.html"), encoding="utf-8") as f:
        html = f.read()
    base = BASE.search(html)
    base = base[1] if base else "/"
    names = ["index.html"]
    hrefs = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        href = attribute(tag, "href")
        if attribute(tag, "rel") in ("preload", "modulepreload", "stylesheet") and href:
            hrefs.append(href)
    # The app's module, which the page's head fetches (scripts/postbuild.py).
    hrefs += re.findall(r'\bfetch\("([^"]+\.wasm)"', html)
    for href in hrefs:
        name = href[len(base) :] if href.startswith(base) else href.lstrip("/")
        if name.endswith((".js", ".wasm", ".css")):
            names.append(name)
    if not any(n.endswith(".wasm") for n in names):
        raise SystemExit(f"size: index.html in {dist} fetches no .wasm at once; has trunk changed?")
    return names, html


def main():
    dist = sys.argv[1]
    if not os.path.isfile(os.path.join(dist, "index.html")):
        raise SystemExit(f"size: {dist} has no index.html; build first")
    names, html = first_load(dist)
    total = 0
    print(f"first load ({dist})")
    print(f"  {'file':<56} {'bytes':>9} {'gzip':>9}")
    for name in names:
        with open(os.path.join(dist, name), "rb") as f:
            data = f.read()
        # The page loads these very files: each integrity hash matches.
        digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        if name != "index.html" and "integrity=" in html and digest not in html:
            raise SystemExit(f"size: index.html's integrity hash for {name} does not match the file")
        packed = len(gzip.compress(data, compresslevel=9, mtime=0))
        total += packed
        print(f"  {name:<56} {len(data):>9} {packed:>9}")
    kb = total / 1000
    print(f"  {'first load, gzip':<56} {'':>9} {total:>9}  = {kb:.1f} KB")
    if kb > CEILING_KB:
        raise SystemExit(
            f"size: the first load, {kb:.1f} KB, is over its ceiling of {CEILING_KB} KB;"
            " if the bytes bought something, raise CEILING_KB and say what in the README"
        )
    print(f"size: {kb:.1f} KB, under the ceiling of {CEILING_KB} KB")


if __name__ == "__main__":
    main()
