#!/usr/bin/env python3
"""Prints how many browser tests ran and passed in one engine, and which
were skipped there and why (each skipped test wrote a line to SKIPPED:
engine, test, reason; tests/e2e/src/lib.rs, `lacks`).

usage: engine_tally.py ENGINE LOG SKIPPED
"""
import re
import sys


def main():
    engine, log, skipped_file = sys.argv[1:4]
    # Only the browser test files (tests/*.rs), not the harness's own unit tests.
    results, running = [], None
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            started = re.search(r"Running (\S+)", line)
            if started:
                running = started[1]
            found = re.search(r"test result: \w+\. (\d+) passed; (\d+) failed", line)
            if found and running and running.startswith("tests/"):
                results.append((found[1], found[2]))
    passed = sum(int(p) for p, _ in results)
    failed = sum(int(f) for _, f in results)
    try:
        with open(skipped_file, encoding="utf-8") as f:
            skipped = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    except FileNotFoundError:
        skipped = []
    lacking = " (the engine lacks what they need):" if skipped else ""
    print(f"{engine}: {passed - len(skipped)} browser tests ran and passed, {failed} failed, "
          f"{len(skipped)} skipped{lacking}")
    for _, test, why in sorted(skipped, key=lambda s: s[1]):
        print(f"  {test}: {why}")


if __name__ == "__main__":
    main()
