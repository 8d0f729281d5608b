//! How a store tells the app of its events (a session that ends, a pause
//! that ends, the whole list in) without knowing the stores that follow:
//! the app, which owns them all, sets the follower once.

use leptos::prelude::*;

pub(crate) struct Follower<T: 'static>(StoredValue<Option<Callback<T>>>);

// By hand: derived, they would ask the event to be `Copy` too.
impl<T> Clone for Follower<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Follower<T> {}

impl<T: 'static> Follower<T> {
    pub(crate) fn new() -> Self {
        Self(StoredValue::new(None))
    }

    pub(crate) fn set(&self, follow: Callback<T>) {
        self.0.set_value(Some(follow));
    }

    /// Tells the follower, if one is set.
    pub(crate) fn tell(&self, event: T) {
        if let Some(follow) = self.0.get_value() {
            follow.run(event);
        }
    }
}
