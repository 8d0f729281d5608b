//! Which releases are other versions of music already out: remixes, live
//! recordings, acoustic and sped-up takes, instrumentals. The releases view
//! can hide them (off by default).
//!
//! A name is such a version when it has one of [`ANYWHERE`] as a word, or
//! one of [`IN_A_SUFFIX`] in its suffix: the part in brackets at its end, or
//! after a spaced dash ("Song - Live at Wembley"), or a name that starts
//! "Live at / from / in". "Live" and "Acoustic" count only there, as they
//! begin real titles ("Live Forever", "Acoustic Soul"). Names are folded
//! as the artist filter folds them (case and accents), and the words of the
//! languages Spotify's catalogue is richest in are counted with the
//! English ones.

use crate::name_filter::fold;

/// Words that mark another version wherever they stand in a name.
const ANYWHERE: &[&str] = &[
    "remix",
    "remixes",
    "remixed",
    "rmx",
    "sped up",
    "slowed",
    "instrumental",
    "instrumentals",
    // "Versions" is left out: "Versions of Me" is an album, not a take.
    "version",
    // Spanish and French fold to "version"; Portuguese, Italian, German.
    "versao",
    "versione",
    "fassung",
    "instrumentale",
    "instrumentais",
    "instrumentales",
];

/// Words that mark another version in a name's suffix only.
const IN_A_SUFFIX: &[&str] = &[
    "live",
    "acoustic",
    "en vivo",
    "ao vivo",
    "en directo",
    "en concierto",
    "en public",
    "dal vivo",
    "acustico",
    "acustica",
    "acoustique",
    "akustik",
    "unplugged",
];

/// Whether `name` is another version of music already out (see the module).
pub fn is_other_version(name: &str) -> bool {
    let folded = fold(name);
    let all = words(&folded);
    if ANYWHERE.iter().any(|w| has_words(&all, w)) {
        return true;
    }
    if let Some(suffix) = suffix(&folded) {
        let suffix = words(suffix);
        if IN_A_SUFFIX.iter().any(|w| has_words(&suffix, w)) {
            return true;
        }
    }
    matches!(
        all.as_slice(),
        [first, second, ..] if *first == "live" && ["at", "from", "in"].contains(second)
    )
}

/// The words of a folded name: letters and digits, split at anything else.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `phrase` (one word, or words apart by a space) stands in `words`.
fn has_words(words: &[&str], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split(' ').collect();
    words.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

/// A name's suffix: what its last brackets hold when it ends with them, or
/// what follows its last spaced dash.
fn suffix(name: &str) -> Option<&str> {
    let trimmed = name.trim_end();
    for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
        if trimmed.ends_with(close) {
            if let Some(start) = trimmed.rfind(open) {
                return Some(&trimmed[start + open.len_utf8()..trimmed.len() - 1]);
            }
        }
    }
    [" - ", " – ", " — "]
        .iter()
        .filter_map(|dash| trimmed.rfind(dash).map(|at| &trimmed[at + dash.len()..]))
        .min_by_key(|rest| rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remixes_and_versions_anywhere_in_the_name() {
        for name in [
            "Midnight City (Remix)",
            "Midnight City - Eric Prydz Remix",
            "Blinding Lights (Chromatics Remix)",
            "Remixes 2020",
            "Levitating [The Blessed Madonna Remix]",
            "Cruel Summer (Sped Up)",
            "Ivy - Slowed + Reverb",
            "Snowman (Slowed)",
            "Bohemian Rhapsody (Instrumental)",
            "Flowers (Demo Version)",
            "Anti-Hero (Acoustic Version)",
            "Tití Me Preguntó (Versión Acústica)",
            "Dernière danse (Version acoustique)",
            "Ela É Top (Versão Estendida)",
            "Vivo per lei (Versione italiana)",
            "Sonne (Neue Fassung)",
            "Despacito - Remix",
            "REMIX",
        ] {
            assert!(is_other_version(name), "{name}");
        }
    }

    #[test]
    fn live_and_acoustic_only_in_a_suffix_or_as_a_live_album() {
        for name in [
            "Yellow (Live)",
            "Yellow - Live at Glastonbury 2016",
            "Someone Like You (Live at the Royal Albert Hall)",
            "Despacito (En Vivo)",
            "Evidências (Ao Vivo)",
            "Entre dos aguas (En directo)",
            "La Bohème (En public)",
            "Albachiara (Dal Vivo)",
            "Wonderwall [Acoustic]",
            "Corazón (Acústico)",
            "Ohne dich (Akustik)",
            "About a Girl (MTV Unplugged)",
            "Live at Wembley Stadium",
            "Live in Tokyo",
            "Hotel California – Live",
        ] {
            assert!(is_other_version(name), "{name}");
        }
    }

    #[test]
    fn real_titles_that_only_look_like_versions_stay() {
        for name in [
            "Live Forever",
            "Live and Let Die",
            "Acoustic Soul",
            "Alive",
            "Deliver",
            "Oliver Twist",
            "Conversation",
            "Aversion",
            "Versions of Me (Deluxe)",
            "Slow Down",
            "Sped",
            "Instrumentalist",
            "We Live (feat. Someone)",
            "Vivo",
            "Directo al corazón",
            "Ao vivo é melhor",
            "Liebe (Live-Version)",
            "Midnights (3am Edition)",
            "A Night at the Opera (2011 Remaster)",
            "Un-Plugged In",
            "夜に駆ける",
            "",
        ] {
            let expected = name == "Liebe (Live-Version)";
            assert_eq!(is_other_version(name), expected, "{name}");
        }
    }

    #[test]
    fn suffixes() {
        assert_eq!(suffix("a (b) c (d)"), Some("d"));
        assert_eq!(suffix("a - b - c"), Some("c"));
        assert_eq!(suffix("a (b"), None);
        assert_eq!(suffix("plain"), None);
    }
}
