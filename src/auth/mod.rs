//! The OAuth client (Authorization Code with PKCE), pure where it can be.

pub mod authorize;
pub mod callback;
pub mod pkce;
pub mod tokens;
