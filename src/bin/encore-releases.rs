//! The whole app, the new releases with it: the module the `releases` route
//! loads (see `encore::start`).

fn main() {
    encore::start_with_releases();
}
