//! `spotify-emulator`: the emulator as a program, for the demo.
//!
//! spotify-emulator [--port 8090] [--artists 300] [--redirect-uri URI]...

use spotify_emulator::{sample_artists, sample_library, Config, Emulator};
use std::net::SocketAddr;

fn usage() -> ! {
    eprintln!(
        "usage: spotify-emulator [--port N] [--artists N] [--redirect-uri URI]... [--client-id ID]"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut config = Config::default();
    let mut port: u16 = 8090;
    let mut artists = 300;
    let mut redirect_uris = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--port" => port = value.parse().unwrap_or_else(|_| usage()),
            "--artists" => artists = value.parse().unwrap_or_else(|_| usage()),
            "--redirect-uri" => redirect_uris.push(value),
            "--client-id" => config.client_id = value,
            _ => usage(),
        }
    }
    if !redirect_uris.is_empty() {
        config.redirect_uris = redirect_uris;
    }
    // Followed artists, then some that only the library and search know.
    let everyone = sample_artists(artists + 60);
    config.library = sample_library(&everyone[artists / 2..], 400, 40);
    config.catalog = everyone[artists..].to_vec();
    config.artists = everyone[..artists].to_vec();
    let uris = config.redirect_uris.join(", ");
    let client_id = config.client_id.clone();
    let emulator = match Emulator::start(config, SocketAddr::from(([127, 0, 0, 1], port))).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("spotify-emulator: cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1)
        }
    };
    println!(
        "Spotify emulator on {} ({artists} followed artists; a library of 400 songs and 40 albums)",
        emulator.accounts_url()
    );
    println!("  client ID     {client_id}");
    println!("  redirect URIs {uris}");
    println!("  accounts      {}", emulator.accounts_url());
    println!("  Web API       {}", emulator.api_url());
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    emulator.stop().await;
}
