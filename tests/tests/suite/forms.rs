//! Forms and a home: Slack's Events API (the challenge, retries handled
//! once), the App Home, modals on Slack and Discord, through `dealbot run`'s
//! assembly against the fakes, on both backends.

mod discord_modals;
mod events;
mod home;
mod home_refresh;
mod shell_home;
mod shortcuts;
mod slack_modals;
