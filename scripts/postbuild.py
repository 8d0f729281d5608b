#!/usr/bin/env python3
"""Trunk post-build hook (trunk has run wasm-bindgen and, in release builds,
wasm-opt).

In release builds: minifies the JS (wasm-bindgen's glue and the app's
snippets) with terser and moves their integrity hashes along, then writes
a Content-Security-Policy <meta>. GitHub Pages cannot send headers, and
`trunk serve` injects its live-reload script after this hook, so
development builds go without. The policy allows this site's scripts and
trunk's inline loader by hash, WebAssembly, connections to the configured
accounts and API origins only, and pictures from the site and Spotify's
image hosts (or the emulator when built against it).

In release builds also writes the service worker (public/sw.js): Workbox's
runtime from the pinned npm packages goes beside it, and the list of the
app's files to precache, each with a hash of its content as its revision,
goes where the worker says `self.__WB_MANIFEST`. Development builds
(`trunk serve`) register no worker, so a reload always shows the newest code.

Always: puts the first screens in the page (the welcome screen, the setup
form and a skeleton, rendered from the app's views by the native binary
src/bin/first_screen.rs) with the head script that chooses between them
before the first paint. A development build reuses the last render when
there is one, so that `trunk serve` stays quick.

Always: has the page's head fetch the app's WebAssembly, once, and hand
that answer to trunk's loader, in place of trunk's preload (which WebKit
does not reuse, so it fetched the module twice).

Always: copies index.html to 404.html (what GitHub Pages serves for an
unknown path) and to each client route's page, so that a first visit
straight to one is a 200. The routes, the periodic sync's tag and the
worker's update message come from src/names.rs, where the app defines them.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from urllib.parse import urlsplit

DEFAULT_ACCOUNTS = "https://accounts.spotify.com"
DEFAULT_API = "https://api.spotify.com/v1"
SPOTIFY_IMAGES = ["https://i.scdn.co", "https://mosaic.scdn.co", "https://*.spotifycdn.com"]
WORKBOX = ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"]
WORKER = "sw.js"
WORKER_MODULE = "background.js"


def shared_names(source_dir):
    """What src/names.rs defines, for the worker: each constant's value is
    JSON as Rust writes it (a string, or an array of strings)."""
    with open(os.path.join(source_dir, "src", "names.rs"), encoding="utf-8") as f:
        found = dict(re.findall(r'^pub\(crate\) const (\w+): [^=]+= (.+);$', f.read(), re.M))
    try:
        releases, callback = json.loads(found["RELEASES"]), "/".join(json.loads(found["CALLBACK"]))
        return {
            "routes": ["", releases, callback],
            "releases": releases,
            "syncTag": json.loads(found["SYNC_TAG"]),
            "takeUpdate": json.loads(found["TAKE_UPDATE"]),
        }
    except (KeyError, ValueError) as error:
        raise SystemExit(f"postbuild: src/names.rs does not define the names as expected: {error}")


def route_pages(names):
    """The pages that are index.html again: GitHub Pages' 404 and each route's."""
    return ["404.html"] + [os.path.join(*route.split("/")) + ".html" for route in names["routes"] if route]


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def origin(url):
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}"


def minify_js(staging, html):
    """Every .js under `staging` through terser; `html` with their hashes moved."""
    terser = shutil.which("terser")
    if terser is None:
        raise SystemExit("postbuild: terser not found; `make pages` installs it (scripts/tools.sh)")
    for folder, _, files in os.walk(staging):
        for name in (n for n in files if n.endswith(".js")):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                before = sri(f.read())
            # The worker's module is a classic script: its `wasm_bindgen` global stays.
            module = [] if name == WORKER_MODULE else ["--module"]
            subprocess.run([terser, path, *module, "--compress", "--mangle", "--output", path], check=True)
            with open(path, "rb") as f:
                html = html.replace(before, sri(f.read()))
    return html


def inline_hashes(html, tag):
    """The CSP hash of each inline <script> or <style> of the page."""
    inline = re.findall(rf"<{tag}(?![^>]*\bsrc=)[^>]*>(.*?)</{tag}>", html, re.S)
    return ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline]


def first_screens(source_dir, release):
    """The first screens and their head script for this build, as
    src/bin/first_screen.rs renders them (see the module's docstring)."""
    compiled = bool((os.environ.get("SPOTIFY_CLIENT_ID") or "").strip())
    cache = os.path.join(source_dir, "target", "first-screen", "compiled.json" if compiled else "none.json")
    if not release and os.path.isfile(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    # Without the build's settings: the screens do not depend on them, and
    # the native build is then the same for every build of the app.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIFY_")}
    command = ["cargo", "run", "--quiet", "--locked", "--offline", "--bin", "first_screen", "--"]
    run = subprocess.run(
        command + (["--client-id-compiled"] if compiled else []),
        cwd=source_dir, env=env, capture_output=True, text=True,
    )
    if run.returncode != 0:
        raise SystemExit(f"postbuild: rendering the first screens failed:\n{run.stderr}")
    screens = json.loads(run.stdout)
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache, "w", encoding="utf-8") as f:
        json.dump(screens, f)
    return screens


def with_first_screens(html, screens):
    """`html` with the screens in its body and their script after <base>."""
    html, shells = re.subn(r'<div id="?shell"?>\s*</div>', lambda _: screens["shell"], html, count=1)
    script = "<script>" + screens["head_script"] + "</script>"
    html, bases = re.subn(r"(<base\b[^>]*>)", lambda m: m[1] + script, html, count=1)
    if shells != 1 or bases != 1:
        raise SystemExit("postbuild: index.html needs an empty <div id=shell> and a <base>")
    return html


def fetch_module_once(html):
    """`html` with the app's WebAssembly fetched by the page's head and that
    same answer handed to trunk's loader, in place of trunk's preload link.
    WebKit (every iPhone browser) does not give a preloaded answer to the
    loader's fetch, so it downloaded the module twice on a first visit
    (releases.rs, "one module for every view"); a fetch started in the head
    starts as early as the preload did, in every engine."""
    links = re.findall(r"<link\b[^>]*\btype=\"?application/wasm\"?[^>]*>", html)
    if not links:
        return html
    if len(links) != 1:
        raise SystemExit("postbuild: more than one WebAssembly preload in index.html")
    link = links[0]
    href = re.search(r"\bhref=\"?([^\" >]+)", link)[1]
    integrity = re.search(r"\bintegrity=\"?([^\" >]+)", link)
    options = json.dumps({"integrity": integrity[1]} if integrity else {})
    fetch = f"<script>window.encoreModule=fetch({json.dumps(href)},{options})</script>"
    loader = f"module_or_path: '{href}'"
    if html.count(loader) != 1:
        raise SystemExit(f"postbuild: trunk's loader does not name {href} as expected")
    html = html.replace(link, fetch).replace(loader, f"module_or_path: window.encoreModule || '{href}'")
    return html


def policy(html):
    """The Content-Security-Policy <meta> for this page."""
    hashes = inline_hashes(html, "script")
    api_url = os.environ.get("SPOTIFY_API_URL") or DEFAULT_API
    connect = sorted({origin(os.environ.get("SPOTIFY_ACCOUNTS_URL") or DEFAULT_ACCOUNTS), origin(api_url)})
    images = SPOTIFY_IMAGES if api_url.rstrip("/") == DEFAULT_API else [origin(api_url)]
    rules = [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self' " + " ".join(inline_hashes(html, "style")),
        "img-src 'self' " + " ".join(images),
        "manifest-src 'self'",
        "worker-src 'self'",
        "connect-src 'self' " + " ".join(connect),
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    return f'<meta http-equiv="Content-Security-Policy" content="{"; ".join(rules)}" />'


def write_worker(staging, source_dir, names):
    """The service worker, with Workbox beside it and the precache list in it."""
    node_modules = os.path.dirname(os.path.dirname(shutil.which("terser")))
    os.makedirs(os.path.join(staging, "workbox"), exist_ok=True)
    for package in WORKBOX:
        name = f"{package}.prod.js"
        shutil.copyfile(os.path.join(node_modules, package, "build", name), os.path.join(staging, "workbox", name))
    # The install dialog's pictures are fetched by the browser when it offers the install.
    with open(os.path.join(staging, "manifest.webmanifest"), encoding="utf-8") as f:
        screenshots = {shot["src"] for shot in json.load(f).get("screenshots", [])}
    route_urls = {page.replace(os.sep, "/") for page in route_pages(names)}
    entries = []
    for folder, _, files in os.walk(staging):
        for name in files:
            path = os.path.join(folder, name)
            url = os.path.relpath(path, staging).replace(os.sep, "/")
            # The route pages are index.html again; the worker loads Workbox itself.
            if url in route_urls or url == WORKER or url.startswith("workbox/") or url in screenshots:
                continue
            with open(path, "rb") as f:
                entries.append({"url": url, "revision": hashlib.sha256(f.read()).hexdigest()[:16]})
    entries.sort(key=lambda e: e["url"])
    with open(os.path.join(source_dir, "public", WORKER), encoding="utf-8") as f:
        source = f.read()
    for placeholder in ["self.__WB_MANIFEST", "self.__ENCORE_NAMES"]:
        if source.count(placeholder) != 1:
            raise SystemExit(f"postbuild: public/sw.js must say {placeholder} once")
    source = source.replace("self.__WB_MANIFEST", json.dumps(entries))
    target = os.path.join(staging, WORKER)
    with open(target, "w", encoding="utf-8") as f:
        f.write(source.replace("self.__ENCORE_NAMES", json.dumps(names)))
    subprocess.run([shutil.which("terser"), target, "--compress", "--mangle", "--output", target], check=True)


def main():
    staging = os.environ["TRUNK_STAGING_DIR"]
    source_dir = os.environ.get("TRUNK_SOURCE_DIR", ".")
    names = shared_names(source_dir)
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    release = os.environ.get("TRUNK_PROFILE") == "release"
    html = with_first_screens(html, first_screens(source_dir, release))
    html = fetch_module_once(html)
    if release:
        html = minify_js(staging, html)
        html, found = re.subn(r"(<meta charset=[^>]*>)", lambda m: m[1] + policy(html), html, count=1)
        if found != 1:
            raise SystemExit("postbuild: index.html has no <meta charset> to put the CSP after")
    for page in ["index.html", *route_pages(names)]:
        target = os.path.join(staging, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(html)
    if os.environ.get("TRUNK_PROFILE") == "release":
        write_worker(staging, source_dir, names)


main()
