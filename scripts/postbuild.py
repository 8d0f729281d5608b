#!/usr/bin/env python3
"""Trunk post-build hook: shrink the JS, lock the page down, then copy the
page for GitHub Pages.

0. In release builds, runs shrink.py: wasm-opt, the JS glue minified, and
   exports nothing calls dropped (see there).
1. In release builds, writes a Content-Security-Policy <meta> (GitHub Pages
   cannot send headers; `trunk serve` injects its live-reload script after
   this hook, so development builds go without):
   only this site's scripts plus trunk's inline loader by hash, WebAssembly,
   connections to the configured accounts and API origins only, images from
   the site and Spotify's image hosts (or the emulator when built against it).
2. Copies index.html to 404.html (served for unknown paths) and to
   spotify/callback.html (served for /spotify/callback with a 200).
"""
import base64
import hashlib
import os
import re
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shrink import shrink  # noqa: E402

DEFAULT_ACCOUNTS = "https://accounts.spotify.com"
DEFAULT_API = "https://api.spotify.com/v1"
SPOTIFY_IMAGES = ["https://i.scdn.co", "https://mosaic.scdn.co", "https://*.spotifycdn.com"]


def origin(url):
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}"


def main():
    staging = os.environ["TRUNK_STAGING_DIR"]
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    release = os.environ.get("TRUNK_PROFILE") == "release"
    if release:
        html = shrink(staging, html)

    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in inline
    ]
    accounts = origin(os.environ.get("SPOTIFY_ACCOUNTS_URL") or DEFAULT_ACCOUNTS)
    api_url = os.environ.get("SPOTIFY_API_URL") or DEFAULT_API
    api = origin(api_url)
    images = SPOTIFY_IMAGES if api_url.rstrip("/") == DEFAULT_API else [api]
    connect = sorted({accounts, api})
    policy = "; ".join([
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' " + " ".join(images),
        "manifest-src 'self'",
        "connect-src 'self' " + " ".join(connect),
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    if release:
        html, count = re.subn(r"(<meta charset=[^>]*>)", r"\1\n    " + meta, html, count=1)
        if count != 1:
            raise SystemExit("postbuild: index.html has no <meta charset> to put the CSP after")

    for path in ["index.html", "404.html", os.path.join("spotify", "callback.html"), "releases.html"]:
        target = os.path.join(staging, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(html)


main()
