//! The Web API client.

pub mod error;
pub mod model;
