//! Finding an artist by name: case- and accent-insensitive matching ("sigur
//! ros" finds "Sigur Rós", "son tung" finds "Sơn Tùng"), and the A–Z order.

mod accents;

/// Lower case without accents: Unicode's canonical decomposition (NFD) with
/// the combining marks dropped (see `accents`), then a few letters that
/// Unicode does not decompose but a reader types without their stroke or as
/// two letters.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bases = text.chars().filter_map(without_accent);
    for c in bases.flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            // Greek's word-final sigma is the same letter to a reader.
            'ς' => out.push('σ'),
            other => out.push(other),
        }
    }
    out
}

/// The letter under `c`'s accents; `None` for a combining mark itself.
fn without_accent(c: char) -> Option<char> {
    if accents::COMBINING_MARKS
        .iter()
        .any(|(from, to)| (*from..=*to).contains(&c))
    {
        return None;
    }
    let Ok(code) = u16::try_from(u32::from(c)) else {
        return Some(c);
    };
    match accents::FOLDS.binary_search_by_key(&code, |(accented, _)| *accented) {
        Ok(i) => char::from_u32(accents::FOLDS[i].1.into()),
        Err(_) => Some(c),
    }
}

/// True when every word of the (folded) query occurs in the (folded) name.
pub fn matches(folded_name: &str, folded_query: &str) -> bool {
    folded_query
        .split_whitespace()
        .all(|word| folded_name.contains(word))
}

/// The positions of `names` in A–Z order, ties in their given order.
pub fn a_to_z(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    // Stable, so artists of the same name keep Spotify's order.
    order.sort_by_key(|&i| names[i]);
    order
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As Spotify lists them.
    #[default]
    Spotify,
    /// By name, ignoring case and accents.
    AToZ,
}

impl Order {
    pub fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("az") => Self::AToZ,
            _ => Self::Spotify,
        }
    }

    /// The query value, `None` for the default.
    pub fn query_value(self) -> Option<&'static str> {
        match self {
            Self::Spotify => None,
            Self::AToZ => Some("az"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Sigur Rós"), "sigur ros");
        assert_eq!(fold("BJÖRK"), "bjork");
        assert_eq!(fold("Motörhead"), "motorhead");
        assert_eq!(fold("Straße Æon Œuvre"), "strasse aeon oeuvre");
        assert_eq!(fold("Beyonce\u{301}"), "beyonce");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("فيروز"), "فيروز");
        assert_eq!(fold("Røyksopp"), "royksopp");
    }

    #[test]
    fn finds_names_in_every_script_with_accents() {
        for (name, typed) in [
            ("Sơn Tùng M-TP", "son tung"),
            ("Ελληνικά", "ελληνικα"),
            ("Beyoncé", "beyonce"),
            ("Mötley Crüe", "motley crue"),
            ("ΣΟΦΟΣ", "σοφοσ"),
            ("Сплин", "сплин"),
            ("Ｐｅｒｆｕｍｅ", "ｐｅｒｆｕｍｅ"),
        ] {
            assert!(
                matches(&fold(name), &fold(typed)),
                "{typed:?} should find {name:?}"
            );
        }
    }

    /// Every letter of the blocks the table covers folds as Unicode's NFD
    /// without combining marks does (unicode-normalization's data).
    #[test]
    fn the_accent_table_is_unicodes() {
        use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
        let blocks = [0xC0..0x250, 0x370..0x530, 0x1E00..0x2000];
        let marks = accents::COMBINING_MARKS
            .iter()
            .flat_map(|(from, to)| u32::from(*from)..=u32::from(*to));
        let mut wrong = Vec::new();
        for c in blocks
            .into_iter()
            .flatten()
            .chain(marks)
            .filter_map(char::from_u32)
        {
            let unicode: String = c
                .to_string()
                .nfd()
                .filter(|m| !is_combining_mark(*m))
                .collect();
            let ours: String = without_accent(c).into_iter().collect();
            // An unassigned code point in a range of marks: nothing to match.
            let unassigned_mark = ours.is_empty() && unicode == c.to_string();
            if ours != unicode && !unassigned_mark {
                wrong.push(format!("U+{:04X}: {ours:?} != {unicode:?}", u32::from(c)));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(accents::FOLDS.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn the_extra_letters_are_ones_unicode_does_not_decompose() {
        use unicode_normalization::UnicodeNormalization;
        // If Unicode ever decomposed one of these, the table would be dead code.
        for c in [
            'æ', 'œ', 'ß', 'þ', 'ø', 'ł', 'đ', 'ð', 'ħ', 'ı', 'Ø', 'Ł', 'Đ',
        ] {
            let decomposed: Vec<char> = c.to_string().nfd().collect();
            assert_eq!(decomposed, vec![c], "{c} decomposes");
        }
    }

    #[test]
    fn every_word_must_match() {
        let name = fold("Sigur Rós");
        assert!(matches(&name, &fold("sigur ros")));
        assert!(matches(&name, &fold("RÓS sig")));
        assert!(matches(&name, ""));
        assert!(!matches(&name, &fold("sigur xx")));
    }

    #[test]
    fn a_word_matches_anywhere_in_a_name_but_not_across_characters() {
        assert!(matches("sigur ros", "ur r"));
        assert!(matches("sigur ros", "s"));
        assert!(!matches("sigur ros", "rosa"));
        assert!(matches("фируз", "ру"));
        // 'é' is C3 A9 and '©' is C2 A9: equal last bytes are not a match.
        assert!(!matches("caf\u{e9}", "\u{a9}"));
    }

    #[test]
    fn a_to_z_keeps_equal_names_in_their_order() {
        let names = ["sigur ros", "bjork", "abba", "bjork", "", "abba", "a"];
        assert_eq!(a_to_z(&names), vec![4, 6, 2, 5, 1, 3, 0]);
        assert_eq!(a_to_z(&[]), Vec::<usize>::new());
    }

    #[test]
    fn order_round_trips_through_the_query() {
        assert_eq!(Order::from_query(Some("az")), Order::AToZ);
        assert_eq!(Order::from_query(Some("nonsense")), Order::Spotify);
        assert_eq!(Order::from_query(None), Order::Spotify);
        assert_eq!(Order::AToZ.query_value(), Some("az"));
        assert_eq!(Order::Spotify.query_value(), None);
    }
}
