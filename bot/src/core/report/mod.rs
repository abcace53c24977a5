//! `/deal report`: how a pipeline is doing, computed from the stored history
//! ([`compute`], via each deal's [`journey`]), shown as a table and a chart
//! ([`chart`]).

pub mod chart;
pub mod compute;
pub mod journey;
