//! What the page painted before the app started (`ui::first_screen`), and
//! what the reader did with it meanwhile.

use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;

const CLIENT_ID_FIELD: &str = "#shell [data-testid=client-id-input]";

// What the painted screen hands over to the app's, each taken once.
thread_local! {
    /// The painted login control had the focus when the app started.
    static LOGIN_HAD_FOCUS: Cell<bool> = const { Cell::new(false) };
    /// What the reader typed into the painted setup form's field.
    static CLIENT_ID_DRAFT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// On `<html>`: the painted login control was clicked (or Enter pressed).
pub(crate) const LOGIN_ASKED: &str = "data-login-asked";
/// The painted login control, and either (the app's once it has taken over).
pub(crate) const LOGIN_BUTTON: &str = "#shell [data-testid=login]";
pub(crate) const LOGIN_CONTROL: &str = "[data-testid=login]";
const SHELL: &str = "shell";

/// What the reader did before the app started.
#[derive(Clone, Copy, Debug, Default)]
pub struct Painted {
    /// Asked to log in: the app starts the login once, when it starts.
    pub login_asked: bool,
}

/// Reads what the reader did with the painted screen, and removes it (in
/// the same task as the app's mount, so that no frame shows neither).
pub fn take() -> Painted {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Painted::default();
    };
    let login_asked = document
        .document_element()
        .is_some_and(|root| root.has_attribute(LOGIN_ASKED));
    let login_focused = document
        .active_element()
        .is_some_and(|e| e.matches(LOGIN_BUTTON).unwrap_or(false));
    LOGIN_HAD_FOCUS.set(login_focused && !login_asked);
    let draft = document
        .query_selector(CLIENT_ID_FIELD)
        .ok()
        .flatten()
        .and_then(|field| js_sys::Reflect::get(&field, &"value".into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default();
    CLIENT_ID_DRAFT.set(draft);
    super::remove_element(SHELL);
    Painted { login_asked }
}

/// Gives the app's login control, once in the page, the focus the painted
/// one had; once.
pub fn keep_the_focus_on_login() {
    if !LOGIN_HAD_FOCUS.replace(false) {
        return;
    }
    let button = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(LOGIN_CONTROL).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        // Focus lost is not worth a message.
        let _ = button.focus();
    }
}

/// What the reader typed into the painted setup form, for the app's form
/// to go on with (once).
pub fn take_client_id_draft() -> String {
    CLIENT_ID_DRAFT.take()
}
