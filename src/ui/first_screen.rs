//! The screens the page paints before the app starts, rendered at build time
//! from the app's own views (`src/bin/first_screen.rs` prints them, and
//! `scripts/postbuild.py` puts them in every page): the welcome screen, the
//! setup form, and a skeleton for a returning reader. A few lines in the
//! head choose between them from what is stored, before the first paint.

use super::{artists::skeleton, header::top_bar, login::welcome, setup::setup_form};
use crate::browser::first_screen::{LOGIN_ASKED, LOGIN_BUTTON, LOGIN_CONTROL};
use crate::names::CALLBACK;
use crate::store::{self, CLIENT_ID, TOKENS};
use crate::text;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde::Serialize;

/// On `<html>`: the screen the head script chose (style/main.css shows it).
const SCREEN_ATTRIBUTE: &str = "data-first-screen";

/// What goes into a page: a script for its head, and the shell for its body.
#[derive(Serialize)]
pub(crate) struct FirstScreens {
    pub(crate) head_script: String,
    pub(crate) shell: String,
}

/// The screens of a build with a client ID compiled in, or without
/// (`client_id_compiled`), where the setup form may be the first.
pub(crate) fn render(client_id_compiled: bool) -> FirstScreens {
    let no_click = |_| {};
    let welcome = if client_id_compiled {
        welcome(no_click, None::<fn(_)>).to_html()
    } else {
        welcome(no_click, Some(no_click)).to_html()
    };
    let setup = (!client_id_compiled).then(|| {
        // The address is the page's: the script after the form fills it in.
        let form = setup_form(
            String::new(),
            RwSignal::new(text::COPY),
            no_click,
            RwSignal::new(String::new()),
            |_| {},
        );
        let fill = format!(
            r#"<script>document.querySelector('#shell [data-testid="redirect-uri"]').textContent=new URL({callback},document.baseURI).href</script>"#,
            callback = json(&CALLBACK.join("/")),
        );
        screen("setup", form.to_html()) + &fill
    });
    let shell = format!(
        r#"<div id="shell">{top}<main id="main"><noscript><p class="notice">{needs}</p></noscript>{welcome}{setup}{skeleton}</main></div>"#,
        top = top_bar(()).to_html(),
        needs = text::NEEDS_SCRIPTS,
        welcome = screen("welcome", welcome),
        setup = setup.unwrap_or_default(),
        skeleton = screen("skeleton", skeleton().to_html()),
    );
    FirstScreens {
        head_script: head_script(client_id_compiled),
        shell,
    }
}

/// One screen, painted when the head script names it.
fn screen(name: &str, html: String) -> String {
    format!(r#"<div class="first-screen" data-screen="{name}">{html}</div>"#)
}

fn head_script(client_id_compiled: bool) -> String {
    // A key as `store::key` makes it, around the public path the page finds.
    let key = |name: &str| {
        let key = store::keyed(name, "\u{0}");
        let (before, after) = key.split_once('\u{0}').unwrap_or((&key, ""));
        json(&[before, after])
    };
    let names = [
        ("TOKENS_KEY", key(TOKENS.declared.name)),
        ("CLIENT_ID_KEY", key(CLIENT_ID.declared.name)),
        ("CLIENT_ID_COMPILED", json(&client_id_compiled)),
        ("CALLBACK", json(&CALLBACK.join("/"))),
        ("SCREEN_ATTRIBUTE", json(&SCREEN_ATTRIBUTE)),
        ("LOGIN_ASKED", json(&LOGIN_ASKED)),
        ("LOGIN_BUTTON", json(&LOGIN_BUTTON)),
        ("LOGIN_CONTROL", json(&LOGIN_CONTROL)),
    ];
    names.iter().fold(
        without_comments(include_str!("first_screen.js")),
        |script, (name, value)| script.replace(name, value),
    )
}

/// Every page carries the script: its comments stay in the source.
fn without_comments(script: &str) -> String {
    script
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_welcome_screen_has_the_login_control() {
        let screens = render(true);
        assert!(
            screens.shell.contains(r#"data-testid="login""#),
            "{}",
            screens.shell
        );
        assert!(screens.shell.contains(text::WELCOME));
        assert!(!screens.shell.contains(r#"data-screen="setup""#));
        assert!(!screens.shell.contains("client-id-change"));
        assert!(render(false).shell.contains(r#"data-screen="setup""#));
        assert!(render(false).shell.contains("client-id-change"));
    }

    #[test]
    fn the_head_script_names_the_stored_keys() {
        let script = render(true).head_script;
        assert!(script.contains(r#"["encore.tokens@","/"]"#), "{script}");
        assert!(script.contains(r#"["encore.client_id@","/"]"#));
        assert!(script.contains(r#""spotify/callback""#));
        assert!(!script.contains("TOKENS_KEY"));
    }
}
