//! How work begun before a change (a logout, an emptied list) tells, when
//! its answer arrives, that the answer is no longer wanted.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct Generation(StoredValue<u64>);

impl Generation {
    pub(crate) fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Work begun before now is stale from here on.
    pub(crate) fn bump(&self) {
        self.0.update_value(|g| *g += 1);
    }

    /// A check that turns true at the next `bump`.
    pub(crate) fn guard(&self) -> impl Fn() -> bool + Copy + 'static {
        let generation = self.0;
        let started = generation.get_value();
        move || generation.get_value() != started
    }
}
