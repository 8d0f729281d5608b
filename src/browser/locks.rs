//! Web Locks (`navigator.locks`): one holder at a time across every tab,
//! window and worker of this origin. Bound here because web-sys keeps it unstable.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

/// The work, taken by whichever runs it: the lock's callback or the fallback.
type Pending<T> = Rc<RefCell<Option<std::pin::Pin<Box<dyn Future<Output = T>>>>>>;

fn lock_manager() -> Option<LockManager> {
    // The page's navigator or the worker's, whichever runs this.
    let navigator =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` while holding the lock `name`. Where the browser has no Web
/// Locks (or refuses), `work` runs anyway: a second renewal beats none.
/// `None` only if the lock was granted but its work left no result.
pub async fn exclusive<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Option<T> {
    let work: Pending<T> = Rc::new(RefCell::new(Some(Box::pin(work))));
    if let Some(locks) = lock_manager() {
        let result = Rc::new(RefCell::new(None));
        let (held_work, held_result) = (work.clone(), result.clone());
        let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
            future_to_promise(async move {
                let pending = held_work.borrow_mut().take();
                if let Some(pending) = pending {
                    let value = pending.await;
                    *held_result.borrow_mut() = Some(value);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        let _ = JsFuture::from(locks.request(name, callback.unchecked_ref())).await;
        let value = result.borrow_mut().take();
        if value.is_some() {
            return value;
        }
    }
    let pending = work.borrow_mut().take();
    match pending {
        Some(pending) => Some(pending.await),
        None => None,
    }
}
