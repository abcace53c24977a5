//! `[permissions]` end to end, through the served app with each platform
//! faked: a member is refused (privately, saying who may, nothing changed)
//! closing, reopening, reassigning, re-pricing or renaming another person's
//! deal and changing schedules; the owner and the admins may (Slack's
//! `users.info` flags, Discord's Manage Server, `[permissions] admins`); a
//! role Slack cannot tell is refused; `mode = "open"` lets anyone; `owner`
//! takes only a person the platform knows, who gets one DM with the card.

mod discord;
mod slack;
