#!/usr/bin/env python3
"""The first-load size check: gzip sizes of what a first visit downloads
(index.html, the JS loader, the WebAssembly, the CSS), of the app and of the
size floor (tests/size-floor: the smallest app on the same crates, built the
same way).

usage: size_budget.py APP_DIST FLOOR_DIST

The targets are a first load of at most BUDGET_KB and at most OWN_CODE_KB
for what the app's own code costs over the floor. The app does not meet
them yet (README, "Size"): until it does, the check fails on growth past
the CEILING figures, what the app measures today, and reports the distance
to the targets. The files are those of release builds as the Makefile makes
them (trunk, then scripts/shrink.py from the post-build hook).
"""
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shrink import sri  # noqa: E402

BUDGET_KB = 190
OWN_CODE_KB = 65
# Today's measure rounded up to the next kilobyte and one more (the build's
# paths, kept in panic locations, differ between machines by tens of bytes);
# lower these as the app gets leaner, down to the targets.
CEILING_KB = 275
OWN_CODE_CEILING_KB = 163


def first_load_files(dist):
    names = sorted(os.listdir(dist))
    picked = [n for n in names if n == "index.html" or n.endswith((".js", ".wasm", ".css"))]
    if "index.html" not in picked or not any(n.endswith(".wasm") for n in picked):
        raise SystemExit(f"size: {dist} has no index.html or .wasm; build first")
    # wasm-bindgen's snippets (JavaScript of the app's own, under
    # snippets/): the JS loader imports them, so the first load has them.
    snippets = os.path.join(dist, "snippets")
    for root, _, files in sorted(os.walk(snippets)):
        picked += sorted(os.path.relpath(os.path.join(root, f), dist) for f in files if f.endswith(".js"))
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


def first_load(title, dist):
    """Prints each file of a build; returns the gzip total in bytes."""
    total = 0
    print(f"{title} ({dist})")
    print(f"  {'file':<64} {'bytes':>9} {'gzip':>9}")
    names = first_load_files(dist)
    for name in names:
        with open(os.path.join(dist, name), "rb") as f:
            data = f.read()
        packed = len(gzip.compress(data, compresslevel=9, mtime=0))
        total += packed
        print(f"  {name:<64} {len(data):>9} {packed:>9}")
    check_integrity(dist, names)
    print(f"  {'first load, gzip':<64} {'':>9} {total:>9}  = {total / 1000:.1f} KB")
    return total


def main():
    app_dist, floor_dist = sys.argv[1], sys.argv[2]
    app = first_load("the app", app_dist) / 1000
    floor = first_load("the size floor: the same crates, no app", floor_dist) / 1000
    own = app - floor
    print(f"the app's own code over the floor: {own:.1f} KB")
    failures = []
    if app > CEILING_KB:
        failures.append(f"the first load, {app:.1f} KB, is over its ceiling of {CEILING_KB} KB")
    if own > OWN_CODE_CEILING_KB:
        failures.append(f"the app's own code, {own:.1f} KB, is over its ceiling of {OWN_CODE_CEILING_KB} KB")
    if failures:
        raise SystemExit("size: " + "; ".join(failures))
    print(f"ceilings held: first load {app:.1f} of {CEILING_KB} KB, own code {own:.1f} of {OWN_CODE_CEILING_KB} KB")
    for what, now, target in [("first load", app, BUDGET_KB), ("own code", own, OWN_CODE_KB)]:
        verdict = "met" if now <= target else f"not met: {now - target:.1f} KB to go"
        print(f"target for the {what}: {target} KB, {verdict}")


if __name__ == "__main__":
    main()
