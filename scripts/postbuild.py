#!/usr/bin/env python3
"""Trunk post-build hook: shrink the JS, lock the page down, then copy the
page for GitHub Pages.

0. In release builds, minifies wasm-bindgen's JS glue with terser (trunk
   leaves it as generated: about 2 KB more gzip) and updates its
   Subresource Integrity hash in index.html.
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
import shutil
import subprocess
from urllib.parse import urlsplit

DEFAULT_ACCOUNTS = "https://accounts.spotify.com"
DEFAULT_API = "https://api.spotify.com/v1"
SPOTIFY_IMAGES = ["https://i.scdn.co", "https://mosaic.scdn.co", "https://*.spotifycdn.com"]


def origin(url):
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}"


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def minify_scripts(staging, html):
    terser = shutil.which("terser")
    if terser is None:
        raise SystemExit("postbuild: terser not found; build through the Makefile (make pages), which installs it")
    for name in os.listdir(staging):
        if not name.endswith(".js"):
            continue
        path = os.path.join(staging, name)
        with open(path, "rb") as f:
            before = f.read()
        subprocess.run([terser, path, "--module", "--compress", "--mangle", "--output", path], check=True)
        with open(path, "rb") as f:
            after = f.read()
        if "integrity=" in html and sri(before) not in html:
            raise SystemExit(f"postbuild: index.html has no integrity hash for {name}")
        html = html.replace(sri(before), sri(after))
    return html


def main():
    staging = os.environ["TRUNK_STAGING_DIR"]
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    release = os.environ.get("TRUNK_PROFILE") == "release"
    if release:
        html = minify_scripts(staging, html)

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

    for path in ["index.html", "404.html", os.path.join("spotify", "callback.html")]:
        target = os.path.join(staging, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(html)


main()
