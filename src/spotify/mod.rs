//! The Web API client.

pub mod error;
pub mod following;
pub mod model;
pub mod retry;
pub mod saved;
