"""Release builds only (called by postbuild.py): the last size cuts, after
trunk has run wasm-bindgen (index.html asks trunk for no wasm-opt).

1. Drops the WebAssembly exports of wasm-streams' stream adapters
   (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`, `IntoUnderlyingSink`).
   leptos links them for server functions, which this app has none of, and
   an export keeps its code alive: about 1.5 KB gzip with their JS classes.
   This must happen before wasm-opt, which then removes the code; dropped
   after it, the module compresses worse than it gains.
2. Runs wasm-opt -Oz, as trunk would have.
3. Removes those classes from wasm-bindgen's JS glue, then minifies it with
   terser (about 2 KB gzip), and the app's own JS snippets with it.
4. Updates the Subresource Integrity hashes in index.html to the new files.

Fails the build when a step does not find what it expects, rather than
shipping a page whose JS calls a removed export. A plain `trunk build
--release` without the Makefile's tools still gives a working build, with
a warning: without wasm-opt or terser it is only bigger.
"""
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys

# A prefix of export names (wasm-bindgen lowers the class names).
UNUSED_EXPORTS = ("intounderlying", "__wbg_intounderlying")
UNUSED_CLASS = re.compile(r"IntoUnderlying\w*|intounderlying\w*")


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def run(name, *args):
    path = shutil.which(name)
    if path is None:
        print(f"shrink: WARNING: {name} not found, so this build is bigger; `make pages` installs it", file=sys.stderr)
        return
    subprocess.run([path, *args], check=True)


def leb128(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def to_leb128(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def drop_exports(wasm):
    """The module without the unused exports, and how many went."""
    out = bytearray(wasm[:8])
    at, dropped = 8, 0
    while at < len(wasm):
        section = wasm[at]
        size, body = leb128(wasm, at + 1)
        end = body + size
        if section != 7:
            out += wasm[at:end]
        else:
            count, entry = leb128(wasm, body)
            kept = []
            for _ in range(count):
                start = entry
                length, entry = leb128(wasm, entry)
                name = wasm[entry : entry + length].decode()
                _, entry = leb128(wasm, entry + length + 1)  # kind byte, then index
                if name.startswith(UNUSED_EXPORTS):
                    dropped += 1
                else:
                    kept.append(wasm[start:entry])
            payload = to_leb128(len(kept)) + b"".join(kept)
            out += bytes([7]) + to_leb128(len(payload)) + payload
        at = end
    return bytes(out), dropped


def drop_classes(js):
    """wasm-bindgen's JS without the adapter classes and their helpers."""
    js = re.sub(
        r"export class IntoUnderlying\w+ \{\n.*?\n\}\n"
        r"if \(Symbol\.dispose\) IntoUnderlying\w+\.prototype\[Symbol\.dispose\] = IntoUnderlying\w+\.prototype\.free;\n",
        "",
        js,
        flags=re.S,
    )
    js = re.sub(r"const IntoUnderlying\w+Finalization = [^;]*;\n", "", js)
    js = re.sub(r"const __wbindgen_enum_ReadableStreamType = [^;]*;\n", "", js)
    left = sorted(set(UNUSED_CLASS.findall(js)))
    if left:
        raise SystemExit(f"shrink: the JS glue still names {', '.join(left)}; has wasm-bindgen's output changed?")
    return js


def attribute(tag, name):
    """An attribute's value in an HTML tag, quoted or not (trunk minifies
    release pages: `<link href=/a.js rel=modulepreload>`)."""
    found = re.search(r'\s' + name + r'=(?:"([^"]*)"|([^\s>]*))', tag)
    return None if found is None else (found[1] if found[1] is not None else found[2])


def preloads(html):
    """Each `<link>` that has the browser fetch a file at once (a preload, a
    modulepreload or a style sheet), with its href."""
    for tag in re.findall(r"<link\b[^>]*>", html):
        if attribute(tag, "rel") in ("preload", "modulepreload", "stylesheet"):
            yield tag, attribute(tag, "href")


def rewrite(path, change, html):
    """Applies `change` to the file's bytes and moves its SRI hash along,
    when index.html names the file (the releases module it does not:
    postbuild.py names it later)."""
    with open(path, "rb") as f:
        before = f.read()
    change(path, before)
    with open(path, "rb") as f:
        after = f.read()
    named = os.path.basename(path) in html
    if named and "integrity=" in html and sri(before) not in html:
        raise SystemExit(f"shrink: index.html has no integrity hash for {os.path.basename(path)}")
    return html.replace(sri(before), sri(after))


def shrink(staging, html):
    names = os.listdir(staging)
    # Each module: the first load's, and the releases route's (src/lib.rs;
    # the size floor has only the one).
    modules = sorted(n[: -len("_bg.wasm")] for n in names if n.endswith("_bg.wasm"))
    js = sorted(n for n in names if n.endswith(".js"))
    if not modules or js != sorted(m + ".js" for m in modules):
        raise SystemExit(f"shrink: expected modules of a .wasm and a .js each in {staging}, found {modules + js}")

    dropped = 0

    def optimize(path, data):
        nonlocal dropped
        data, dropped = drop_exports(data)
        with open(path, "wb") as f:
            f.write(data)
        # As trunk calls it: the features come from the module's own section.
        run("wasm-opt", "-Oz", path, "-o", path)

    def terser(path, _data=None):
        run("terser", path, "--module", "--compress", "--mangle", "--output", path)

    def minify(path, data):
        text = data.decode()
        if dropped:
            text = drop_classes(text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        terser(path)

    for module in modules:
        html = rewrite(os.path.join(staging, module + "_bg.wasm"), optimize, html)
        html = rewrite(os.path.join(staging, module + ".js"), minify, html)
    # The app's own JavaScript (wasm-bindgen's snippets, under snippets/),
    # which both modules import.
    for root, _, files in sorted(os.walk(os.path.join(staging, "snippets"))):
        for name in sorted(files):
            if name.endswith(".js"):
                html = rewrite(os.path.join(root, name), terser, html)
    return html
