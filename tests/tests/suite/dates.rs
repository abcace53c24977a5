//! Dates and references a team can trust: a due date is the calendar day its
//! writer meant, shown as that day to every reader, in every digest zone and in
//! every nag; "overdue" counts days in the owner's zone, once; the dates people
//! type are read (or quoted back with examples); snoozes never bring a step
//! forward; bare numbers, loose stage names and pipelines name what people mean.

mod forms;
mod migration;
mod readers;
mod references;
mod scheduled;
mod team;
mod zones;
