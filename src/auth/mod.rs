//! The OAuth client (Authorization Code with PKCE), pure where it can be.

pub(crate) mod authorize;
pub(crate) mod callback;
pub(crate) mod pkce;
pub(crate) mod renewal;
pub(crate) mod tokens;
