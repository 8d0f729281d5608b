//! Build-time settings (see shared CONTRACT.md) and the addresses derived
//! from them. Endpoints are fixed when the app is compiled: a run-time switch
//! would let a crafted link send tokens elsewhere.

use crate::names::callback_route;

pub const DEFAULT_ACCOUNTS_URL: &str = "https://accounts.spotify.com";
pub const DEFAULT_API_URL: &str = "https://api.spotify.com/v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub accounts: String,
    pub api: String,
}

impl Endpoints {
    /// Made once: they never change while the app runs.
    pub fn compiled() -> &'static Self {
        static COMPILED: std::sync::OnceLock<Endpoints> = std::sync::OnceLock::new();
        COMPILED.get_or_init(|| {
            Self::new(
                option_env!("SPOTIFY_ACCOUNTS_URL"),
                option_env!("SPOTIFY_API_URL"),
            )
        })
    }

    fn new(accounts: Option<&str>, api: Option<&str>) -> Self {
        let pick = |value: Option<&str>, default: &str| {
            let value = value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or(default);
            value.trim_end_matches('/').to_string()
        };
        Self {
            accounts: pick(accounts, DEFAULT_ACCOUNTS_URL),
            api: pick(api, DEFAULT_API_URL),
        }
    }

    pub fn token_url(&self) -> String {
        format!("{}/api/token", self.accounts)
    }

    pub fn me_url(&self) -> String {
        format!("{}/me", self.api)
    }
}

/// The client ID compiled in, if any. A `const fn`, so that
/// [`HAS_COMPILED_CLIENT_ID`] is a constant from the same rule.
pub const fn compiled_client_id() -> Option<&'static str> {
    match option_env!("SPOTIFY_CLIENT_ID") {
        Some(id) => {
            let id = id.trim_ascii();
            if id.is_empty() {
                None
            } else {
                Some(id)
            }
        }
        None => None,
    }
}

/// Whether a client ID is compiled in, as a constant: code that only serves
/// builds without one (the setup screen) then leaves the build.
pub const HAS_COMPILED_CLIENT_ID: bool = compiled_client_id().is_some();

/// Not a Spotify client ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidClientId;

/// A client ID typed by the user: Spotify's are 32 hexadecimal characters.
pub fn parse_client_id(input: &str) -> Result<String, InvalidClientId> {
    let id = input.trim();
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(InvalidClientId)
    }
}

/// Whether a picture may be drawn from `url`: the same hosts the release
/// build's CSP allows (`scripts/postbuild.py`), checked in every build because
/// development builds have no CSP. Against Spotify: `i.scdn.co`,
/// `mosaic.scdn.co` and `*.spotifycdn.com` over https; against another API
/// (the emulator), only that API's origin.
pub fn picture_allowed(url: &str) -> bool {
    picture_allowed_from(option_env!("SPOTIFY_API_URL"), url)
}

fn picture_allowed_from(api_url: Option<&str>, url: &str) -> bool {
    let api = Endpoints::new(None, api_url).api;
    if api != DEFAULT_API_URL {
        let after_scheme = scheme_end(&api);
        let origin = match api[after_scheme..].find('/') {
            Some(i) => &api[..after_scheme + i],
            None => &api,
        };
        return after_scheme > 0
            && url
                .strip_prefix(origin)
                .is_some_and(|rest| rest.starts_with('/'));
    }
    let Some((host, _path)) = url
        .strip_prefix("https://")
        .and_then(|rest| rest.split_once('/'))
    else {
        return false;
    };
    let cdn_label = host.strip_suffix(".spotifycdn.com").is_some_and(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    host == "i.scdn.co" || host == "mosaic.scdn.co" || cdn_label
}

/// The public URL's path without its trailing slash ("" at the root), from
/// the document's base URI (`<base href>` written by trunk's public URL).
pub fn router_base(base_uri: &str) -> String {
    let path = path_of(base_uri);
    path.trim_end_matches('/').to_string()
}

/// Origin + public URL + `spotify/callback`, as registered with Spotify.
pub fn redirect_uri(base_uri: &str) -> String {
    let without_query = base_uri.split(['?', '#']).next().unwrap_or(base_uri);
    let dir = match without_query.rfind('/') {
        Some(i) if i + 1 > scheme_end(without_query) => &without_query[..=i],
        _ => return format!("{without_query}/{}", callback_route()),
    };
    format!("{dir}{}", callback_route())
}

fn scheme_end(url: &str) -> usize {
    // A char search: `find("://")` would bring core's substring searcher.
    match url.find(':') {
        Some(i) if url[i + 1..].starts_with("//") => i + 3,
        _ => 0,
    }
}

fn path_of(url: &str) -> &str {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = &without_query[scheme_end(without_query)..];
    match after_scheme.find('/') {
        Some(i) => {
            let path = &after_scheme[i..];
            // A base URI names a folder; anything after its last slash is a file.
            &path[..=path.rfind('/').unwrap_or(0)]
        }
        None => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_default_and_trim_trailing_slashes() {
        let e = Endpoints::new(None, Some(""));
        assert_eq!(e.accounts, DEFAULT_ACCOUNTS_URL);
        assert_eq!(e.api, DEFAULT_API_URL);
        assert_eq!(e.token_url(), "https://accounts.spotify.com/api/token");
        assert_eq!(e.me_url(), "https://api.spotify.com/v1/me");
        let e = Endpoints::new(Some("http://127.0.0.1:9/"), Some("http://127.0.0.1:9/v1/"));
        assert_eq!(e.token_url(), "http://127.0.0.1:9/api/token");
        assert_eq!(e.me_url(), "http://127.0.0.1:9/v1/me");
    }

    #[test]
    fn redirect_uri_is_origin_plus_public_url_plus_callback() {
        assert_eq!(
            redirect_uri("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/spotify/callback"
        );
        assert_eq!(
            redirect_uri("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/spotify/callback"
        );
        assert_eq!(
            redirect_uri("https://me.github.io/encore/"),
            "https://me.github.io/encore/spotify/callback"
        );
        assert_eq!(
            redirect_uri("https://me.github.io/encore/index.html?x=1#y"),
            "https://me.github.io/encore/spotify/callback"
        );
    }

    #[test]
    fn pictures_only_from_spotify_hosts_or_the_compiled_api() {
        for ok in [
            "https://i.scdn.co/image/ab67616d0000b273",
            "https://mosaic.scdn.co/640/abc",
            "https://image-cdn-ak.spotifycdn.com/image/x",
        ] {
            assert!(picture_allowed_from(None, ok), "{ok}");
        }
        for bad in [
            "http://i.scdn.co/image/x",
            "https://i.scdn.co.evil.example/x",
            "https://evil.example/i.scdn.co/x",
            "https://a.b.spotifycdn.com/x",
            "https://.spotifycdn.com/x",
            "https://user@i.scdn.co/x",
            "https://i.scdn.co",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "//i.scdn.co/x",
            "",
        ] {
            assert!(!picture_allowed_from(None, bad), "{bad}");
        }
        let emulator = Some("http://127.0.0.1:18090/v1");
        assert!(picture_allowed_from(
            emulator,
            "http://127.0.0.1:18090/images/a.png"
        ));
        assert!(!picture_allowed_from(
            emulator,
            "http://127.0.0.1:180900/images/a.png"
        ));
        assert!(!picture_allowed_from(emulator, "https://i.scdn.co/image/x"));
        assert!(!picture_allowed_from(
            emulator,
            "http://127.0.0.1:18091/images/a.png"
        ));
    }

    #[test]
    fn router_base_is_the_public_path() {
        assert_eq!(router_base("http://127.0.0.1:8080/"), "");
        assert_eq!(router_base("http://127.0.0.1:8080"), "");
        assert_eq!(router_base("https://me.github.io/encore/"), "/encore");
        assert_eq!(router_base("https://me.github.io/a/b/index.html"), "/a/b");
    }

    #[test]
    fn client_ids_are_32_hex_characters() {
        assert_eq!(
            parse_client_id(" 0123456789ABCDEF0123456789abcdef "),
            Ok("0123456789abcdef0123456789abcdef".into())
        );
        assert!(parse_client_id("0123456789abcdef0123456789abcde").is_err());
        assert!(parse_client_id("0123456789abcdef0123456789abcdeg").is_err());
        assert!(parse_client_id("").is_err());
    }
}
