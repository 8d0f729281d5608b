//! Artists the reader added here by name: kept in this browser for one
//! Spotify user, never followed on Spotify.

use super::Kept;
use crate::spotify::model::Artist;
use serde::{Deserialize, Serialize};

/// The artists one reader added, in the order they were added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddedArtists {
    pub owner: String,
    artists: Vec<Kept>,
}

impl AddedArtists {
    pub fn new(owner: &str) -> Self {
        Self {
            owner: owner.to_string(),
            artists: Vec::new(),
        }
    }

    pub fn artists(&self) -> &[Kept] {
        &self.artists
    }

    pub fn has(&self, id: &str) -> bool {
        self.artists.iter().any(|a| a.id == id)
    }

    /// Adds a found artist, its picture drawn `image_px` wide; `false`
    /// when it was there already.
    pub fn add(&mut self, artist: &Artist, image_px: u32) -> bool {
        if self.has(&artist.id) || artist.id.is_empty() {
            return false;
        }
        self.artists.push(Kept {
            id: artist.id.clone(),
            name: artist.name.clone(),
            picture: artist.image_for(image_px).map(str::to_string),
        });
        true
    }

    pub fn remove(&mut self, id: &str) {
        self.artists.retain(|a| a.id != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artist(id: &str) -> Artist {
        super::super::artist(id, &id.to_uppercase(), None)
    }

    #[test]
    fn an_artist_is_added_once_and_removed() {
        let mut added = AddedArtists::new("me");
        assert!(added.add(&artist("a"), 160));
        assert!(!added.add(&artist("a"), 160), "once");
        assert!(added.add(&artist("b"), 160));
        assert_eq!(added.artists().len(), 2);
        added.remove("a");
        assert!(!added.has("a") && added.has("b"));
    }
}
