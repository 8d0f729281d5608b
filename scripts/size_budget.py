#!/usr/bin/env python3
"""The first-load size check: gzip sizes of what a first visit downloads
(index.html, the JS loader, the WebAssembly, the CSS), of the app and of the
size floor (tests/size-floor: the smallest app on the same crates, built the
same way); and of a first visit straight to the new releases (releases.html,
which loads the app's second module, with them: src/lib.rs).

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
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shrink import preloads, sri  # noqa: E402

BUDGET_KB = 190
OWN_CODE_KB = 65
# Today's measure rounded up to the next kilobyte and one more (the build's
# paths, kept in panic locations, differ between machines by tens of bytes);
# lower these as the app gets leaner, down to the targets.
CEILING_KB = 238
OWN_CODE_CEILING_KB = 126
# The releases route's first load (no target of its own: the whole app).
RELEASES_CEILING_KB = 274


BASE = re.compile(r'<base href="?([^"\s>]*)')


def first_load_files(dist, page="index.html"):
    """`page` and the files it has the browser fetch at once: its preloads
    (trunk writes one for the module, its JS glue and each of wasm-bindgen's
    snippets, and the loader imports those very files) and its style sheet,
    as paths under `dist`. The app's second module (src/lib.rs), which only
    releases.html loads, is not in index.html's first load."""
    path = os.path.join(dist, page)
    if not os.path.isfile(path):
        raise SystemExit(f"size: {dist} has no {page}; build first")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    base = BASE.search(html)
    base = base[1] if base else "/"
    picked = [page]
    for _, href in preloads(html):
        name = href[len(base) :] if href.startswith(base) else href.lstrip("/")
        if name.endswith((".js", ".wasm", ".css")):
            picked.append(name)
    if not any(n.endswith(".wasm") for n in picked):
        raise SystemExit(f"size: {page} in {dist} preloads no .wasm; has trunk changed?")
    return picked


def check_integrity(dist, names):
    """The page loads these very files: each integrity hash in the page
    (trunk's, or postbuild.py's for the minified JS) matches its file."""
    with open(os.path.join(dist, names[0]), encoding="utf-8") as f:
        html = f.read()
    if "integrity=" not in html:
        return
    for name in names[1:]:
        with open(os.path.join(dist, name), "rb") as f:
            digest = sri(f.read())
        if digest not in html:
            raise SystemExit(f"size: {names[0]}'s integrity hash for {name} does not match the file")


def first_load(title, dist, page="index.html"):
    """Prints each file of a page's first load; returns the gzip total in bytes."""
    total = 0
    print(f"{title} ({dist})")
    print(f"  {'file':<64} {'bytes':>9} {'gzip':>9}")
    names = first_load_files(dist, page)
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
    releases = first_load("the releases route: the second module", app_dist, "releases.html") / 1000
    failures = []
    if releases > RELEASES_CEILING_KB:
        failures.append(f"the releases route's first load, {releases:.1f} KB, is over its ceiling of {RELEASES_CEILING_KB} KB")
    if app > CEILING_KB:
        failures.append(f"the first load, {app:.1f} KB, is over its ceiling of {CEILING_KB} KB")
    if own > OWN_CODE_CEILING_KB:
        failures.append(f"the app's own code, {own:.1f} KB, is over its ceiling of {OWN_CODE_CEILING_KB} KB")
    if failures:
        raise SystemExit("size: " + "; ".join(failures))
    print(
        f"ceilings held: first load {app:.1f} of {CEILING_KB} KB, own code {own:.1f} of {OWN_CODE_CEILING_KB} KB,"
        f" releases route {releases:.1f} of {RELEASES_CEILING_KB} KB"
    )
    for what, now, target in [("first load", app, BUDGET_KB), ("own code", own, OWN_CODE_KB)]:
        verdict = "met" if now <= target else f"not met: {now - target:.1f} KB to go"
        print(f"target for the {what}: {target} KB, {verdict}")


if __name__ == "__main__":
    main()
