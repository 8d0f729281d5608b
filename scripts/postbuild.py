#!/usr/bin/env python3
"""Trunk post-build hook: shrink the JS, lock the page down, then copy the
page for GitHub Pages.

0. Copies wasm-bindgen's snippets again from their sources, with their
   hashes (see `snippets_from_source`). In release builds, runs shrink.py:
   wasm-opt, the JS glue minified, and exports nothing calls dropped (see
   there).
1. In release builds, writes a Content-Security-Policy <meta> (GitHub Pages
   cannot send headers; `trunk serve` injects its live-reload script after
   this hook, so development builds go without):
   only this site's scripts plus trunk's inline loader by hash, WebAssembly,
   connections to the configured accounts and API origins only, images from
   the site and Spotify's image hosts (or the emulator when built against it).
2. Copies index.html to 404.html (served for unknown paths) and to
   spotify/callback.html (served for /spotify/callback with a 200), and,
   with the releases module's preloads in place of the first load's, to
   releases.html.

The app is two modules (src/lib.rs): the first load's, without the new
releases, which trunk loads; and the whole app, `encore-releases` (trunk's
`data-type="worker"`: built, not loaded). This names the second by its
content, as trunk names the first, and replaces trunk's loader with one that
picks the module by the address: the releases route's, or the first load's.
"""
import base64
import hashlib
import os
import re
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shrink import preloads, shrink, sri  # noqa: E402

DEFAULT_ACCOUNTS = "https://accounts.spotify.com"
DEFAULT_API = "https://api.spotify.com/v1"
SPOTIFY_IMAGES = ["https://i.scdn.co", "https://mosaic.scdn.co", "https://*.spotifycdn.com"]


def origin(url):
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}"


RELEASES_MODULE = "encore-releases"
# trunk's loader, as trunk 0.21 writes it (src/pipelines/rust/output.rs).
TRUNK_LOADER = re.compile(
    r"<script type=\"?module\"?>\s*import init, \* as bindings from '(?P<js>[^']+)';\s*"
    r"const wasm = await init\(\{ module_or_path: '(?P<wasm>[^']+)' \}\);.*?</script>",
    re.S,
)


def hash_named(staging, module):
    """Renames the module's files after their content; returns the new name."""
    files = [os.path.join(staging, module + ext) for ext in (".js", "_bg.wasm")]
    digest = hashlib.sha256()
    for path in files:
        with open(path, "rb") as f:
            digest.update(f.read())
    named = f"{module}-{digest.hexdigest()[:16]}"
    for path, ext in zip(files, (".js", "_bg.wasm")):
        os.replace(path, os.path.join(staging, named + ext))
    return named


def with_integrity(tag, data):
    """The tag with its integrity hash (if it has one: development builds
    have none) made for `data`."""
    return re.sub(r"integrity=(\"[^\"]*\"|[^\s>]*)", f'integrity="{sri(data)}"', tag)


def snippets_from_source(staging, html):
    """Copies each of wasm-bindgen's snippets again from its source, and
    writes its integrity hash afresh. trunk builds both modules at once, and
    both pipelines write the same snippets (`snippets/<crate>/src/...`, a copy
    of `src/...`) to one wasm-bindgen folder and then to the page's folder:
    a copy made while the other pipeline writes can be cut short, and
    trunk's hash is then of the cut file (seen once: "index.html has no
    integrity hash for artist_cards.js")."""
    root = os.path.join(staging, "snippets")
    crate = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            snippet = os.path.relpath(path, staging).replace(os.sep, "/")
            source = os.path.join(crate, *snippet.split("/")[2:])
            if not os.path.isfile(source):
                raise SystemExit(f"postbuild: {snippet} has no source at {source}")
            with open(source, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data)
            for tag, href in preloads(html):
                if href.endswith("/" + snippet):
                    html = html.replace(tag, with_integrity(tag, data))
    return html


def split_loader(staging, html):
    """index.html with the loader that picks the module by the address, and
    releases.html: the same with the releases module's preloads. The size
    floor (tests/size-floor) has one module, and keeps trunk's loader."""
    if not os.path.exists(os.path.join(staging, RELEASES_MODULE + "_bg.wasm")):
        return html, html
    found = TRUNK_LOADER.search(html)
    if found is None:
        raise SystemExit("postbuild: index.html has no loader as trunk 0.21 writes it; has trunk changed?")
    first_js, first_wasm = found["js"], found["wasm"]
    base = first_js[: first_js.rindex("/") + 1]
    named = hash_named(staging, RELEASES_MODULE)
    releases_js, releases_wasm = f"{base}{named}.js", f"{base}{named}_bg.wasm"
    # The releases route is `releases` under the public URL (`<base href>`).
    # The first load's module is named first: it is the page's own.
    loader = f"""<script type="module">
const first = location.pathname.replace(/\\/$/, "") !== new URL("releases", document.baseURI).pathname;
const [js, wasm] = first ? ["{first_js}", "{first_wasm}"] : ["{releases_js}", "{releases_wasm}"];
const {{ default: init }} = await import(js);
await init({{ module_or_path: wasm }});
</script>"""
    html = html[: found.start()] + loader + html[found.end() :]

    releases_html = html
    for first, second in [(first_js, releases_js), (first_wasm, releases_wasm)]:
        tags = [tag for tag, href in preloads(html) if href == first]
        if len(tags) != 1:
            raise SystemExit(f"postbuild: index.html does not preload {first} once")
        with open(os.path.join(staging, second[len(base) :]), "rb") as f:
            swapped = with_integrity(tags[0].replace(first, second), f.read())
        releases_html = releases_html.replace(tags[0], swapped)
    return html, releases_html


def with_policy(page, meta):
    """The page with the Content-Security-Policy after its charset."""
    page, count = re.subn(r"(<meta charset=[^>]*>)", r"\1\n    " + meta, page, count=1)
    if count != 1:
        raise SystemExit("postbuild: index.html has no <meta charset> to put the CSP after")
    return page


def main():
    staging = os.environ["TRUNK_STAGING_DIR"]
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    release = os.environ.get("TRUNK_PROFILE") == "release"
    html = snippets_from_source(staging, html)
    if release:
        html = shrink(staging, html)
    html, releases_html = split_loader(staging, html)

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
        html, releases_html = (with_policy(page, meta) for page in (html, releases_html))
    pages = {
        "index.html": html,
        "404.html": html,
        os.path.join("spotify", "callback.html"): html,
        "releases.html": releases_html,
    }
    for path, page in pages.items():
        target = os.path.join(staging, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(page)


main()
