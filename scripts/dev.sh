#!/usr/bin/env bash
# `make dev`: serve the app on http://127.0.0.1:8080. Without SPOTIFY_CLIENT_ID
# it runs the demo: the Spotify emulator with sample artists, and the app
# compiled against it.
set -euo pipefail
cd "$(dirname "$0")/.."
demo_port="$1"
demo_client_id="$2"

if [ -n "${SPOTIFY_CLIENT_ID:-}" ]; then
  echo "Using Spotify itself with client ID $SPOTIFY_CLIENT_ID."
  echo "Register this redirect URI in the Spotify dashboard: http://127.0.0.1:8080/spotify/callback"
  exec trunk serve
fi

cargo build -q -p spotify-emulator --bin spotify-emulator
./target/debug/spotify-emulator --port "$demo_port" --artists 300 \
  --redirect-uri http://127.0.0.1:8080/spotify/callback --client-id "$demo_client_id" &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  DEMO MODE: no SPOTIFY_CLIENT_ID is set, so the app talks to the Spotify
  emulator on http://127.0.0.1:$demo_port (300 sample artists), not to Spotify.
  Open http://127.0.0.1:8080 and log in; the consent page is the emulator's.
  To use your real Spotify account: SPOTIFY_CLIENT_ID=<your id> make dev

MSG
export SPOTIFY_CLIENT_ID="$demo_client_id"
export SPOTIFY_ACCOUNTS_URL="http://127.0.0.1:$demo_port"
export SPOTIFY_API_URL="http://127.0.0.1:$demo_port/v1"
trunk serve
