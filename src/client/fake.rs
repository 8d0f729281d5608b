//! A token store, a host and a browser in memory, for the client's unit
//! tests: canned answers in, every request that went out recorded.

use super::renewal::TokenStore;
use super::{Answer, Host, Method, Platform, Waited};
use crate::auth::tokens::TokenSet;
use crate::spotify::pause::Pause;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Runs a future whose every step is ready at once, as the fakes' are.
pub(super) fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the fakes never wait"),
    }
}

pub(super) fn answer(status: u16, body: &str) -> Option<Answer> {
    Some(Answer {
        status,
        retry_after: None,
        body: body.to_string(),
    })
}

pub(super) const RENEWED: &str =
    r#"{"access_token":"A2","token_type":"Bearer","expires_in":3600,"refresh_token":"R2"}"#;
pub(super) const SPENT: &str = r#"{"error":"invalid_grant"}"#;

#[derive(Default)]
pub(super) struct World {
    pub(super) now_ms: f64,
    pub(super) stored: Option<TokenSet>,
    /// What the store holds once a token request has gone out (another
    /// tab's logout or login while the answer is on its way).
    pub(super) stored_after_post: Option<Option<TokenSet>>,
    pub(super) held: Option<TokenSet>,
    pub(super) token_answers: VecDeque<Option<Answer>>,
    pub(super) api_answers: VecDeque<Option<Answer>>,
    /// Refresh tokens sent, in order.
    pub(super) refreshes: Vec<String>,
    /// Access tokens the API requests carried, in order.
    pub(super) bearers: Vec<String>,
    pub(super) forgotten: bool,
    pub(super) budget: Option<usize>,
    pub(super) waits: Vec<f64>,
    pub(super) paused: Option<Pause>,
    /// The host declines tokens of another session.
    pub(super) one_session_only: bool,
}

#[derive(Clone, Default)]
pub(super) struct Fake(pub(super) Rc<RefCell<World>>);

impl Fake {
    pub(super) fn with(world: World) -> Self {
        Self(Rc::new(RefCell::new(world)))
    }

    pub(super) fn world(&self) -> std::cell::Ref<'_, World> {
        self.0.borrow()
    }
}

impl TokenStore for Fake {
    async fn stored(&self) -> Option<TokenSet> {
        self.0.borrow().stored.clone()
    }

    async fn keep(&self, tokens: &TokenSet) {
        self.0.borrow_mut().stored = Some(tokens.clone());
    }

    async fn forget(&self) {
        let mut world = self.0.borrow_mut();
        world.stored = None;
        world.forgotten = true;
    }

    async fn wait_for_change(&self, _sent: &TokenSet) {}

    fn spend(&self) -> bool {
        let mut world = self.0.borrow_mut();
        match &mut world.budget {
            Some(0) => false,
            Some(left) => {
                *left -= 1;
                true
            }
            None => true,
        }
    }
}

impl Platform for Fake {
    fn now_ms(&self) -> f64 {
        self.0.borrow().now_ms
    }

    fn jitter(&self) -> f64 {
        0.5
    }

    async fn post_token(&self, body: String) -> Option<Answer> {
        let mut world = self.0.borrow_mut();
        let refresh = form_urlencoded::parse(body.as_bytes())
            .find(|(name, _)| name == "refresh_token")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        world.refreshes.push(refresh);
        if let Some(after) = world.stored_after_post.take() {
            world.stored = after;
        }
        world.token_answers.pop_front().expect("a token answer")
    }

    async fn send(&self, _method: Method<'_>, _url: &str, access_token: &str) -> Option<Answer> {
        let mut world = self.0.borrow_mut();
        world.bearers.push(access_token.to_string());
        world.api_answers.pop_front().expect("an API answer")
    }

    async fn renewing_alone<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
    ) -> Option<T> {
        Some(work.await)
    }
}

impl Host for Fake {
    type Tokens = Fake;

    fn token_store(&self) -> Fake {
        self.clone()
    }

    fn held(&self) -> Option<TokenSet> {
        self.0.borrow().held.clone()
    }

    fn adopt(&self, tokens: TokenSet) -> bool {
        let mut world = self.0.borrow_mut();
        let same = world
            .held
            .as_ref()
            .is_some_and(|held| held.session() == tokens.session());
        if world.one_session_only && !same {
            return false;
        }
        world.held = Some(tokens);
        true
    }

    fn pause_in_force(&self) -> Option<Pause> {
        let world = self.0.borrow();
        world.paused.filter(|pause| pause.is_on(world.now_ms))
    }

    async fn begin_pause(&self, pause: Pause) -> Pause {
        self.0.borrow_mut().paused = Some(pause);
        pause
    }

    async fn until_online(&self) {}

    async fn wait(&self, after_ms: f64, _announce: bool, _on_online: bool) -> Waited {
        let mut world = self.0.borrow_mut();
        world.waits.push(after_ms);
        world.now_ms += after_ms;
        Waited::Done
    }

    fn stale(&self) -> bool {
        false
    }
}
