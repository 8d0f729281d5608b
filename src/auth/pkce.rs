//! PKCE (RFC 7636) and the OAuth `state`: secrets that are never cloned or
//! printed by accident, as in the `oauth2` crate.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, TryRngCore};
use sha2::{Digest, Sha256};
use std::fmt;

/// The browser (or OS) random source failed; nothing secret can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomUnavailable;

fn random_bytes<const N: usize>() -> Result<[u8; N], RandomUnavailable> {
    let mut bytes = [0u8; N];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| RandomUnavailable)?;
    Ok(bytes)
}

/// 128 random bits as 22 base64url characters: an id no one can guess or
/// repeat by chance.
pub fn random_id() -> Result<String, RandomUnavailable> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<16>()?))
}

/// A code verifier: 43 to 128 characters of `[A-Za-z0-9-._~]`.
pub struct PkceVerifier(String);

impl PkceVerifier {
    /// 48 random bytes give 64 base64url characters (384 bits).
    pub fn generate() -> Result<Self, RandomUnavailable> {
        Ok(Self(URL_SAFE_NO_PAD.encode(random_bytes::<48>()?)))
    }

    /// Accepts a verifier read back from storage, only if RFC 7636 allows it.
    pub fn parse(text: String) -> Option<Self> {
        let valid_length = (43..=128).contains(&text.len());
        let valid_chars = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        (valid_length && valid_chars).then_some(Self(text))
    }

    pub fn secret(&self) -> &str {
        &self.0
    }

    /// `BASE64URL(SHA256(verifier))`, the S256 method.
    pub fn challenge(&self) -> PkceChallenge {
        PkceChallenge(URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.as_bytes())))
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier([redacted])")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkceChallenge(String);

impl PkceChallenge {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `state` parameter: 128 random bits binding a callback to this tab's login.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthState(String);

impl OAuthState {
    pub fn generate() -> Result<Self, RandomUnavailable> {
        random_id().map(Self)
    }

    /// Accepts a stored state only if it still carries at least 128 bits.
    pub fn parse(text: String) -> Option<Self> {
        let decoded = URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()?;
        (decoded.len() >= 16).then_some(Self(text))
    }

    pub fn secret(&self) -> &str {
        &self.0
    }

    /// Compares without stopping at the first difference, so timing tells nothing.
    pub fn matches(&self, received: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), received.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for OAuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OAuthState([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        let verifier = PkceVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into())
            .expect("the RFC's verifier is valid");
        assert_eq!(
            verifier.challenge().as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn generated_verifiers_are_valid_and_differ() {
        let a = PkceVerifier::generate().expect("random");
        let b = PkceVerifier::generate().expect("random");
        assert_eq!(a.secret().len(), 64);
        assert!(PkceVerifier::parse(a.secret().to_string()).is_some());
        assert_ne!(a.secret(), b.secret());
        assert_eq!(a.challenge().as_str().len(), 43);
    }

    #[test]
    fn verifier_bounds_and_alphabet() {
        assert!(PkceVerifier::parse("a".repeat(42)).is_none());
        assert!(PkceVerifier::parse("a".repeat(43)).is_some());
        assert!(PkceVerifier::parse("a".repeat(128)).is_some());
        assert!(PkceVerifier::parse("a".repeat(129)).is_none());
        assert!(PkceVerifier::parse(format!("{}+", "a".repeat(50))).is_none());
        assert!(PkceVerifier::parse(format!("{}~._-", "a".repeat(50))).is_some());
    }

    #[test]
    fn state_has_128_bits_and_compares_exactly() {
        let state = OAuthState::generate().expect("random");
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(state.secret())
                .expect("base64url")
                .len(),
            16
        );
        assert!(state.matches(state.secret()));
        assert!(!state.matches(&state.secret()[1..]));
        assert!(!state.matches(""));
        assert!(OAuthState::parse("short".into()).is_none());
        assert!(OAuthState::parse(state.secret().to_string()).is_some());
    }

    #[test]
    fn secrets_do_not_leak_through_debug() {
        let verifier = PkceVerifier::generate().expect("random");
        assert!(!format!("{verifier:?}").contains(verifier.secret()));
        let state = OAuthState::generate().expect("random");
        assert!(!format!("{state:?}").contains(state.secret()));
    }
}
