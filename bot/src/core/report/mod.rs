//! `/deal report`: how a pipeline is doing, computed from the stored history
//! ([`compute`], via each deal's [`journey`] and its [`funnel`] passage), with
//! [`breakdown`]s by lost reason and owner, shown as a table and a funnel
//! chart ([`crate::core::chart::funnel`]).

pub mod breakdown;
pub mod compute;
pub mod funnel;
pub mod journey;
