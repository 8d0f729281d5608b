//! Prints the screens the page paints before its app starts, rendered from
//! the app's views, as JSON: a native step of the build, run by
//! `scripts/postbuild.py`. `--client-id-compiled`: the build has one.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let compiled = std::env::args().any(|arg| arg == "--client-id-compiled");
    print!("{}", encore::first_screens(compiled));
}

// The page's module is another binary; this one is never built for it.
#[cfg(target_arch = "wasm32")]
fn main() {}
