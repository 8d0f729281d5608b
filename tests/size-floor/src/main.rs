//! The smallest app on the card's crates, for the size test: what leptos,
//! leptos_router, gloo-net with serde, gloo-storage and PKCE cost by
//! themselves, so that the test can say what the app's own code costs.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use rand::{rngs::OsRng, TryRngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Deserialize, Serialize)]
struct Item {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct Page {
    items: Vec<Item>,
}

fn challenge() -> String {
    let mut bytes = [0u8; 48];
    if OsRng.try_fill_bytes(&mut bytes).is_err() {
        return String::new();
    }
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[component]
fn List() -> impl IntoView {
    let items = RwSignal::new(LocalStorage::get::<Vec<Item>>("items").unwrap_or_default());
    leptos::task::spawn_local(async move {
        let page = gloo_net::http::Request::get("/items")
            .header("Authorization", &format!("Bearer {}", challenge()))
            .send()
            .await;
        if let Ok(page) = page {
            if let Ok(page) = page.json::<Page>().await {
                let _ = LocalStorage::set("items", &page.items);
                items.set(page.items);
            }
        }
    });
    view! {
        <ul>
            <For each=move || items.get() key=|item| item.id.clone() let:item>
                <li>{item.name}</li>
            </For>
        </ul>
    }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("") view=List />
                    <Route path=path!("other") view=|| "Other" />
                </Routes>
            </Router>
        }
    });
}
