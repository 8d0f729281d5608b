#!/usr/bin/env bash
# The README's two commands as a new machine runs them, so that no install
# step can hide behind what an earlier run left on this one: a fresh clone of
# the committed HEAD, and an empty HOME and CARGO_HOME (no cargo registry or
# git cache, no cargo-installed trunk or wasm-bindgen-cli, no npm tools or
# caches). Kept: the machine's rustup toolchain, its Debian packages and its
# environment (registry and certificate settings; npm still reads the
# machine's own ~/.npmrc through NPM_CONFIG_USERCONFIG).
#
# 1. `make dev` until the app answers on 127.0.0.1:8080 with its WebAssembly
#    and the demo emulator answers on 127.0.0.1:8090; then it is stopped.
# 2. `make test`, its output shown as it runs.
#
# .ci/run calls this; a fork's CI can too. Expect 45 to 60 minutes on two
# cores: trunk and wasm-bindgen-cli are compiled from source, every crate is
# downloaded and built. Ports 8080, 8090 and 18090 must be free.
set -uo pipefail
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || exit 2
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
rustup=$(readlink -f "${CARGO_HOME:-$HOME/.cargo}/bin/rustup" 2>/dev/null || command -v rustup)
[ -x "$rustup" ] || { echo "new-machine: no rustup found" >&2; exit 2; }
say() { printf '\033[1m== new-machine: %s\033[0m\n' "$*"; }

if curl -s -o /dev/null http://127.0.0.1:8080/ || curl -s -o /dev/null http://127.0.0.1:8090/; then
  echo "new-machine: something already answers on 127.0.0.1:8080 or :8090; stop it first" >&2
  exit 2
fi

work=$(mktemp -d /tmp/encore-new-machine.XXXXXX)
home=$work/home
mkdir -p "$home/.cargo/bin"
# rustup's proxies choose the tool by the name they are called by.
for t in cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  ln -s "$rustup" "$home/.cargo/bin/$t"
done
git clone -q "$src" "$work/p" || exit 2
cd "$work/p" || exit 2

# This machine's PATH without anything under the real HOME's cargo.
path=$(tr ':' '\n' <<<"$PATH" | grep -v "^$HOME/.cargo" | paste -sd: -)
npmrc=()
[ -f "$HOME/.npmrc" ] && npmrc=(NPM_CONFIG_USERCONFIG="$HOME/.npmrc")
fresh=(env HOME="$home" CARGO_HOME="$home/.cargo" RUSTUP_HOME="$RUSTUP_HOME"
  PATH="$home/.cargo/bin:$path" "${npmrc[@]}" TERM=dumb)
say "a clone of $(git -C "$src" rev-parse --short HEAD) in $work/p, HOME=$home"

devlog=$work/dev.log
devpid=
stop_dev() {
  [ -n "$devpid" ] || return 0
  kill -- -"$devpid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 -- -"$devpid" 2>/dev/null || break; sleep 0.2; done
  kill -9 -- -"$devpid" 2>/dev/null
  devpid=
}
trap stop_dev EXIT
trap 'exit 130' INT TERM

say "make dev (its output: $devlog)"
setsid "${fresh[@]}" make dev >"$devlog" 2>&1 </dev/null &
devpid=$!
dev_ok=no
started=$SECONDS
# Up to 45 minutes: trunk and wasm-bindgen-cli are compiled first.
while [ $((SECONDS - started)) -lt 2700 ]; do
  if ! kill -0 "$devpid" 2>/dev/null; then
    say "make dev exited before the app answered"
    break
  fi
  if page=$(curl -fsS http://127.0.0.1:8080/ 2>/dev/null); then
    wasm=$(grep -o '[^"'\'' ]*_bg\.wasm' <<<"$page" | head -1)
    emu=$(curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.1:8090/authorize 2>/dev/null)
    if [ -n "$wasm" ] && curl -fsS -o /dev/null "http://127.0.0.1:8080/${wasm#/}" && [ "${emu:-000}" != 000 ]; then
      dev_ok=yes
      say "make dev: the app answers on 127.0.0.1:8080 with $wasm, the emulator on 127.0.0.1:8090 (HTTP $emu), after $((SECONDS - started)) s"
      break
    fi
  fi
  sleep 2
done
stop_dev
if [ "$dev_ok" != yes ]; then
  tail -40 "$devlog"
  say "make dev failed; nothing else was run"
  exit 1
fi

say "make test"
started=$SECONDS
"${fresh[@]}" make test </dev/null
status=$?
say "make test exited $status after $((SECONDS - started)) s"
exit "$status"
