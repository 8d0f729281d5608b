//! Encore: the artists you follow on Spotify, in the browser alone.

pub mod auth;
pub mod config;
pub mod spotify;
pub mod urlencoded;
