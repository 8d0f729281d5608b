//! Finding an artist by name: case- and accent-insensitive matching ("sigur
//! ros" finds "Sigur Rós"), and the A–Z order. A small folding table stands
//! in for full Unicode normalization, which would weigh more than the app.

/// Lower case, with Latin accents and ligatures folded to plain letters.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(lower) {
        match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
            'ď' | 'đ' | 'ð' => out.push('d'),
            'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
            'ĥ' | 'ħ' => out.push('h'),
            'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
            'ĵ' => out.push('j'),
            'ķ' => out.push('k'),
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => out.push('l'),
            'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
            'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ŕ' | 'ŗ' | 'ř' => out.push('r'),
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ţ' | 'ť' | 'ŧ' | 'ț' => out.push('t'),
            'þ' => out.push_str("th"),
            'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ŵ' => out.push('w'),
            'ý' | 'ÿ' | 'ŷ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            // Combining marks (a decomposed accent) add nothing to a search.
            '\u{300}'..='\u{36f}' => {}
            other => out.push(other),
        }
    }
    out
}

/// Lower case for the scripts with case that artist names are written in:
/// Latin (with Latin-1, Extended-A and Romanian), Greek, Cyrillic, Armenian
/// and full-width Latin. `char::to_lowercase` would bring Unicode's whole
/// table, 5 KB gzip of the budget (issue #7); other scripts have no case, or
/// are left as written.
fn lower(c: char) -> char {
    let n = c as u32;
    let to = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => n + 32,
        // Latin Extended-A: capital then small, in pairs.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if n.is_multiple_of(2) => n + 1,
        0x139..=0x148 | 0x179..=0x17E if !n.is_multiple_of(2) => n + 1,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x218..=0x21B if n.is_multiple_of(2) => n + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => n + 32,
        0x400..=0x40F => n + 80,
        0x410..=0x42F => n + 32,
        0x460..=0x481 | 0x48A..=0x4BF if n.is_multiple_of(2) => n + 1,
        0x531..=0x556 => n + 48,
        0xFF21..=0xFF3A => n + 32,
        _ => n,
    };
    char::from_u32(to).unwrap_or(c)
}

/// True when every word of the (folded) query occurs in the (folded) name.
pub fn matches(folded_name: &str, folded_query: &str) -> bool {
    // A byte window rather than `str::contains`: core's two-way searcher
    // costs about 1 KB of WebAssembly, and names are short. UTF-8 cannot
    // match a whole character in the middle of another one.
    let name = folded_name.as_bytes();
    folded_query.split_whitespace().all(|word| {
        let word = word.as_bytes();
        name.windows(word.len().max(1)).any(|part| part == word)
    })
}

/// The positions of `names` in A–Z order, ties in their given order.
///
/// A bottom-up merge sort of indices: `sort_by` would add about 4 KB of
/// WebAssembly for the one place the app sorts.
pub fn a_to_z(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    let mut spare = order.clone();
    let mut width = 1;
    while width < order.len() {
        for start in (0..order.len()).step_by(2 * width) {
            let middle = (start + width).min(order.len());
            let end = (start + 2 * width).min(order.len());
            let (mut left, mut right) = (start, middle);
            for slot in &mut spare[start..end] {
                // `<=` takes from the left on ties, which keeps the sort stable.
                let from_left =
                    right == end || (left < middle && names[order[left]] <= names[order[right]]);
                if from_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut spare);
        width *= 2;
    }
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
    fn lower_case_agrees_with_unicode_where_it_claims_to() {
        let ranges = [
            0x20..0x250,
            0x386..0x3CF,
            0x400..0x4C0,
            0x531..0x557,
            0xFF01..0xFF5F,
        ];
        let mut wrong = Vec::new();
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let unicode: Vec<char> = c.to_lowercase().collect();
            let expected = match unicode.as_slice() {
                // İ lowers to i + a combining dot, which `fold` drops anyway.
                ['i', '\u{307}'] => 'i',
                [one] => *one,
                _ => continue,
            };
            // Outside the blocks `lower` covers (Latin Extended-B beyond
            // Romanian), it may leave a capital as it is.
            if (0x180..0x218).contains(&(c as u32)) || (0x21C..0x250).contains(&(c as u32)) {
                continue;
            }
            if lower(c) != expected {
                wrong.push(format!("U+{:04X}", c as u32));
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Sigur Rós"), "sigur ros");
        assert_eq!(fold("BJÖRK"), "bjork");
        assert_eq!(fold("Motörhead"), "motorhead");
        assert_eq!(fold("Straße Æon Œuvre"), "strasse aeon oeuvre");
        assert_eq!(fold("Beyonce\u{301}"), "beyonce");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("فيروز"), "فيروز");
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
    fn a_to_z_agrees_with_a_stable_sort() {
        let names = [
            "sigur ros",
            "bjork",
            "abba",
            "bjork",
            "",
            "zz",
            "a",
            "abba",
            "motorhead",
            "b",
            "aa",
            "sigur ros",
            "c",
        ];
        for len in 0..=names.len() {
            let names = &names[..len];
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by(|&a, &b| names[a].cmp(names[b]));
            assert_eq!(a_to_z(names), expected, "{names:?}");
        }
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
