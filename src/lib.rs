//! Encore: the artists you follow on Spotify, in the browser alone.

pub mod auth;
pub mod browser;
pub mod config;
pub mod list_view;
pub mod listing;
pub mod name_filter;
pub mod session;
pub mod spotify;
mod ui;

pub use ui::App;
