//! Thin adapters over browser APIs. Each returns plain values or a typed
//! failure, so nothing above them unwraps a browser call.

pub(crate) mod artist_cards;
pub(crate) mod badge;
pub(crate) mod first_screen;
pub(crate) mod http;
pub(crate) mod idb;
pub(crate) mod locks;
pub(crate) mod notifications;
pub(crate) mod periodic_sync;
pub(crate) mod service_worker;
pub(crate) mod storage;
pub(crate) mod timer;
pub(crate) mod timing;
pub(crate) mod web;

/// Milliseconds since the epoch, as the token set counts them.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The document's base URI: origin plus the public URL trunk wrote into
/// `<base>`; in the service worker, its scope, which is the same URL.
pub fn base_uri() -> String {
    use wasm_bindgen::JsCast;
    let page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    page.or_else(|| {
        js_sys::global()
            .dyn_into::<web_sys::ServiceWorkerGlobalScope>()
            .ok()
            .map(|worker| worker.registration().scope())
    })
    .unwrap_or_else(|| "/".to_string())
}

/// Whether the browser says it is online (`navigator.onLine`).
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Sends the whole tab to `url` (the authorize page), as OAuth wants.
/// `false` when the browser refused.
pub fn navigate_away(url: &str) -> bool {
    web_sys::window().is_some_and(|w| w.location().assign(url).is_ok())
}

/// Puts `text` on the clipboard; `false` when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Removes the element with this id, if there is one.
pub fn remove_element(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.remove();
    }
}

/// A moment as the reader's locale writes date and time (e.g. "27 Nov 2026, 14:03").
pub fn local_date_time(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(&locale(), &options).into()
}

/// A moment's time of day as the reader's locale writes it (e.g. "06:52").
pub fn local_time(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_time_string_with_options(&locale(), &options)
        .into()
}

/// How far the reader's clock is ahead of UTC at `ms`, in minutes.
pub fn utc_offset_minutes(ms: f64) -> f64 {
    -js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset()
}

/// A calendar date as the reader's locale writes it with its weekday
/// ("Friday 27 November").
pub fn local_weekday_date(year: i32, month: u32, day: u32) -> String {
    let date = js_sys::Date::new_with_year_month_day(year as u32, month as i32 - 1, day as i32);
    let options = js_sys::Object::new();
    for (key, value) in [("weekday", "long"), ("day", "numeric"), ("month", "long")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_date_string(&locale(), &options).into()
}

/// Calendar days from `from_ms` to `to_ms` in the reader's time zone
/// (1: tomorrow).
pub fn local_days_between(from_ms: f64, to_ms: f64) -> i64 {
    let day = |ms: f64| {
        let offset_ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
            .get_timezone_offset()
            * 60_000.0;
        ((ms - offset_ms) / 86_400_000.0).floor() as i64
    };
    day(to_ms) - day(from_ms)
}

/// The reader's language, as `Intl` takes it.
fn locale() -> String {
    let reported = web_sys::window().and_then(|w| w.navigator().language());
    usable_language_tag(reported)
}

/// The language the browser reports if it is a well-formed language tag,
/// else English: `Intl` throws a RangeError on a malformed one, such as the
/// "C" WebKitGTK reports under `LANG=C`, and a date must never stop a view.
fn usable_language_tag(reported: Option<String>) -> String {
    const FALLBACK: &str = "en";
    let Some(tag) = reported else {
        return FALLBACK.to_string();
    };
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    let language_ok = matches!(language.len(), 2 | 3 | 5..=8)
        && language.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if language_ok && rest_ok {
        tag
    } else {
        FALLBACK.to_string()
    }
}

/// The device pixels a picture drawn `css_px` wide needs on this screen.
pub fn image_pixels(css_px: f64) -> u32 {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 4.0);
    (css_px * ratio).round() as u32
}

#[cfg(test)]
mod tests {
    use super::usable_language_tag;

    fn usable(tag: &str) -> String {
        usable_language_tag(Some(tag.to_string()))
    }

    #[test]
    fn a_well_formed_language_tag_is_used_as_it_is() {
        for tag in [
            "en",
            "en-GB",
            "fr-CA",
            "zh-Hant-TW",
            "es-419",
            "ast",
            "sr-Latn",
        ] {
            assert_eq!(usable(tag), tag);
        }
    }

    #[test]
    fn what_is_not_a_language_tag_falls_back_to_english() {
        for tag in ["C", "C.UTF-8", "en_US", "", "en-", "x", "en-toolongsubtag"] {
            assert_eq!(usable(tag), "en", "{tag:?}");
        }
        assert_eq!(usable_language_tag(None), "en");
    }
}
