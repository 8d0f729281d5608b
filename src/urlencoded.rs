//! `application/x-www-form-urlencoded`, as token requests, authorize URLs and
//! callback queries use it. Written out here because it is a few lines and
//! must behave identically natively (unit tests) and in the browser.

/// Encodes `pairs` as `k=v&k=v`, escaping everything but RFC 3986's
/// unreserved characters (so a space becomes `%20`, which every server reads).
pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        escape_into(&mut out, key);
        out.push('=');
        escape_into(&mut out, value);
    }
    out
}

/// Escapes one value for a query string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Decodes a query string (with or without its leading `?`) into pairs, in
/// order. `None` when an escape is broken or the bytes are not UTF-8: a
/// callback URL like that was not written by Spotify.
pub fn decode(query: &str) -> Option<Vec<(String, String)>> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            Some((unescape(key)?, unescape(value)?))
        })
        .collect()
}

fn unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters_and_spaces() {
        assert_eq!(
            encode(&[
                ("scope", "user-follow-read user-read-email"),
                ("a&b", "c=d/é")
            ]),
            "scope=user-follow-read%20user-read-email&a%26b=c%3Dd%2F%C3%A9"
        );
    }

    #[test]
    fn round_trips() {
        let pairs = [
            ("redirect_uri", "http://127.0.0.1:8080/spotify/callback"),
            ("x", "~._-"),
        ];
        let decoded = decode(&encode(&pairs)).expect("valid");
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(decoded, expected);
    }

    #[test]
    fn decodes_plus_leading_question_mark_and_bare_keys() {
        assert_eq!(
            decode("?a=b+c&flag&&d=%41").expect("valid"),
            vec![
                ("a".into(), "b c".into()),
                ("flag".into(), String::new()),
                ("d".into(), "A".into())
            ]
        );
    }

    #[test]
    fn rejects_broken_escapes_and_invalid_utf8() {
        assert_eq!(decode("a=%4"), None);
        assert_eq!(decode("a=%zz"), None);
        assert_eq!(decode("a=%FF"), None);
    }
}
