//! Finding an artist by name: case- and accent-insensitive matching ("sigur
//! ros" finds "Sigur Rós"), and the A–Z order. A small folding table stands
//! in for full Unicode normalization, which would weigh more than the app.

/// Lower case, with Latin accents and ligatures folded to plain letters.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
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

/// True when every word of the (folded) query occurs in the (folded) name.
pub fn matches(folded_name: &str, folded_query: &str) -> bool {
    folded_query
        .split_whitespace()
        .all(|word| folded_name.contains(word))
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
    fn order_round_trips_through_the_query() {
        assert_eq!(Order::from_query(Some("az")), Order::AToZ);
        assert_eq!(Order::from_query(Some("nonsense")), Order::Spotify);
        assert_eq!(Order::from_query(None), Order::Spotify);
        assert_eq!(Order::AToZ.query_value(), Some("az"));
        assert_eq!(Order::Spotify.query_value(), None);
    }
}
