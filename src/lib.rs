//! Encore: the artists you follow on Spotify, in the browser alone.

pub mod auth;
pub mod browser;
pub mod config;
pub mod fnv;
pub mod json;
pub mod list_view;
pub mod listing;
pub mod name_filter;
pub mod session;
pub mod spotify;
mod ui;
pub mod urlencoded;

pub use ui::App;
