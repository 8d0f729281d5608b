//! How a store tells the app of its events (a session that ends, a pause
//! that ends, the whole list in) without knowing the stores that follow:
//! the app, which owns them all, sets the follower once.

use leptos::prelude::*;

/// `O` is what the follower answers, e.g. work the store waits for.
pub(crate) struct Follower<T: 'static, O: 'static = ()>(StoredValue<Option<Callback<T, O>>>);

// By hand: derived, they would ask the event to be `Copy` too.
impl<T, O> Clone for Follower<T, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, O> Copy for Follower<T, O> {}

impl<T: 'static, O: 'static> Follower<T, O> {
    pub(crate) fn new() -> Self {
        Self(StoredValue::new(None))
    }

    pub(crate) fn set(&self, follow: Callback<T, O>) {
        self.0.set_value(Some(follow));
    }

    /// Tells the follower, if one is set, and gives back its answer.
    pub(crate) fn tell(&self, event: T) -> Option<O> {
        self.0.get_value().map(|follow| follow.run(event))
    }
}
