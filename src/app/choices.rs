//! The reader's choices of what the releases view shows (the window, the
//! kinds, other versions, muted artists), kept per Spotify user and
//! followed across tabs. The view, its alerts and the playlist read them.

use crate::releases::choices::{Choices, EveryReader};
use crate::store;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct ReleaseChoices {
    /// Whose choices these are: the last reader's until the profile says.
    reader: StoredValue<Option<String>>,
    choices: RwSignal<Choices>,
}

/// What the choices held become when the profile names the reader.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Named {
    /// The same reader's: nothing changes.
    Same,
    /// Theirs, as stored.
    Stored(Choices),
    /// Made before anyone was named, by a reader with nothing stored yet:
    /// they become this reader's.
    Kept,
}

pub(crate) fn named(held_for: Option<&str>, reader: &str, every: &EveryReader) -> Named {
    match held_for {
        Some(held) if held == reader => Named::Same,
        None if !every.has(reader) => Named::Kept,
        _ => Named::Stored(every.of(reader)),
    }
}

impl ReleaseChoices {
    /// The last reader's choices when someone is logged in, else the
    /// defaults.
    pub(crate) fn new(logged_in: bool) -> Self {
        let (reader, choices) = if logged_in {
            store::RELEASE_CHOICES.get_or_default().last()
        } else {
            (None, Choices::default())
        };
        Self {
            reader: StoredValue::new(reader),
            choices: RwSignal::new(choices),
        }
    }

    /// Reads the choices, tracked.
    pub(crate) fn with<R>(&self, read: impl FnOnce(&Choices) -> R) -> R {
        self.choices.with(read)
    }

    pub(crate) fn get_untracked(&self) -> Choices {
        self.choices.get_untracked()
    }

    /// The reader changed a choice: shown at once, kept for their next visit.
    pub(crate) fn change(self, change: impl FnOnce(&mut Choices)) {
        self.choices.update(change);
        self.save();
    }

    /// The profile names who is logged in.
    pub(crate) fn reader_is(self, reader: &str) {
        let every = store::RELEASE_CHOICES.get_or_default();
        match named(self.reader.get_value().as_deref(), reader, &every) {
            Named::Same => return,
            Named::Stored(choices) => {
                self.choices.set(choices);
                self.reader.set_value(Some(reader.to_string()));
                return;
            }
            Named::Kept => {}
        }
        self.reader.set_value(Some(reader.to_string()));
        // Nothing chosen yet: nothing to keep.
        if self.choices.with_untracked(|c| *c != Choices::default()) {
            self.save();
        }
    }

    /// Another tab changed them.
    pub(crate) fn take_up_stored(self) {
        if let Some(reader) = self.reader.get_value() {
            let stored = store::RELEASE_CHOICES.get_or_default().of(&reader);
            if self.choices.with_untracked(|held| *held != stored) {
                self.choices.set(stored);
            }
        }
    }

    /// The session is over: the next one's choices are read when it begins.
    pub(crate) fn reset(&self) {
        self.reader.set_value(None);
        self.choices.set(Choices::default());
    }

    /// Kept under the reader's id once it is known; until then (the
    /// moments before the profile arrives) in this tab only.
    fn save(&self) {
        let Some(reader) = self.reader.get_value() else {
            return;
        };
        let mut every = store::RELEASE_CHOICES.get_or_default();
        every.keep(&reader, self.choices.get_untracked());
        let _ = store::RELEASE_CHOICES.save(&every);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_reader_gets_their_own_and_keeps_what_was_chosen_before() {
        let mut every = EveryReader::default();
        let mut mine = Choices::default();
        mine.mute("a", "A");
        every.keep("me", mine.clone());
        assert_eq!(named(Some("me"), "me", &every), Named::Same);
        assert_eq!(
            named(Some("you"), "me", &every),
            Named::Stored(mine.clone())
        );
        assert_eq!(named(None, "me", &every), Named::Stored(mine));
        assert_eq!(named(None, "new", &every), Named::Kept);
        assert_eq!(
            named(Some("me"), "new", &every),
            Named::Stored(Choices::default()),
            "another reader's choices are not taken over"
        );
    }
}
