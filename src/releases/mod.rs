//! The new-releases check's pure core: release days, who is checked next,
//! and what counts as a new release and how it is grouped.

pub(crate) mod alert;
pub(crate) mod choices;
pub(crate) mod day;
pub(crate) mod found;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod round;
pub(crate) mod versions;
pub(crate) mod wake_up;
