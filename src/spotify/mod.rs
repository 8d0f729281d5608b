//! The Web API client.

pub(crate) mod albums;
pub(crate) mod error;
pub(crate) mod following;
pub(crate) mod library;
pub(crate) mod model;
pub(crate) mod pause;
pub(crate) mod playlist;
pub(crate) mod retry;
pub(crate) mod saved;
