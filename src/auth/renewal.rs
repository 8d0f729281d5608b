//! What a renewal's answer comes to, judged against what storage holds when
//! it arrives: tabs renew one at a time, but a logout, another tab's renewal
//! or another login can land while an answer is on its way.

use super::tokens::{TokenError, TokenSet};

#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Keep these and use them.
    Store(TokenSet),
    /// Storage holds newer tokens (another window renewed, or someone logged
    /// in): use those, and drop the answer.
    Adopt(TokenSet),
    /// The session is over: logged out meanwhile (`forget` false: nothing of
    /// it is left), or its refresh token is dead (`forget`: remove it).
    Ended { forget: bool },
    /// Refused as spent while another window may have just renewed with the
    /// same refresh token: its write can take a moment to arrive here, so
    /// look at storage again shortly before ending anything.
    LookAgain,
    /// Failed for now; worth trying again later.
    Failed(TokenError),
}

/// `sent`: the tokens whose refresh token went out; `stored`: what storage
/// holds now; `looked_again`: storage was looked at again after a refusal.
pub fn judge(
    sent: &TokenSet,
    answer: Result<TokenSet, TokenError>,
    stored: Option<TokenSet>,
    looked_again: bool,
) -> Outcome {
    let unchanged = stored.as_ref().is_some_and(|stored| {
        stored.session() == sent.session() && stored.refresh_token() == sent.refresh_token()
    });
    if !unchanged {
        // Logout wins over the answer; a newer renewal or login stays.
        return match stored {
            Some(newer) => Outcome::Adopt(newer),
            None => Outcome::Ended { forget: false },
        };
    }
    match answer {
        Ok(tokens) => Outcome::Store(tokens),
        Err(error) if error.is_invalid_grant() && !looked_again => Outcome::LookAgain,
        Err(error) if error.is_invalid_grant() => Outcome::Ended { forget: true },
        Err(error) => Outcome::Failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(session: &str, refresh: &str) -> TokenSet {
        TokenSet::for_test(session, &format!("A-{refresh}"), refresh)
    }

    fn spent() -> Result<TokenSet, TokenError> {
        Err(TokenError::Spotify {
            status: 400,
            error: "invalid_grant".into(),
            description: None,
        })
    }

    #[test]
    fn an_answer_for_the_stored_session_is_kept() {
        let sent = tokens("S", "R1");
        let renewed = tokens("S", "R2");
        assert_eq!(
            judge(&sent, Ok(renewed.clone()), Some(sent.clone()), false),
            Outcome::Store(renewed)
        );
    }

    #[test]
    fn logout_wins_over_an_answer_on_its_way() {
        let sent = tokens("S", "R1");
        assert_eq!(
            judge(&sent, Ok(tokens("S", "R2")), None, false),
            Outcome::Ended { forget: false }
        );
        assert_eq!(
            judge(&sent, spent(), None, false),
            Outcome::Ended { forget: false }
        );
    }

    #[test]
    fn a_newer_session_or_renewal_in_storage_stays() {
        let sent = tokens("S", "R1");
        let other_login = tokens("T", "X1");
        assert_eq!(
            judge(
                &sent,
                Ok(tokens("S", "R2")),
                Some(other_login.clone()),
                false
            ),
            Outcome::Adopt(other_login.clone())
        );
        assert_eq!(
            judge(&sent, spent(), Some(other_login.clone()), false),
            Outcome::Adopt(other_login),
            "a refusal ends only the session whose refresh token was sent"
        );
        let renewed_elsewhere = tokens("S", "R9");
        assert_eq!(
            judge(&sent, spent(), Some(renewed_elsewhere.clone()), false),
            Outcome::Adopt(renewed_elsewhere)
        );
    }

    #[test]
    fn a_spent_refresh_token_ends_the_session_only_after_a_second_look() {
        let sent = tokens("S", "R1");
        assert_eq!(
            judge(&sent, spent(), Some(sent.clone()), false),
            Outcome::LookAgain
        );
        assert_eq!(
            judge(&sent, spent(), Some(sent.clone()), true),
            Outcome::Ended { forget: true }
        );
    }

    #[test]
    fn other_failures_are_worth_another_try() {
        let sent = tokens("S", "R1");
        let outage = Err(TokenError::Unreadable { status: 503 });
        assert_eq!(
            judge(&sent, outage, Some(sent.clone()), false),
            Outcome::Failed(TokenError::Unreadable { status: 503 })
        );
    }
}
