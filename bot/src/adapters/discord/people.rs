//! Discord's answers about people, for roles, from the interaction itself:
//! an admin is a member whose permissions in the channel (`member.permissions`,
//! computed by Discord) include Manage Server or Administrator; a person the
//! bot knows is a user Discord resolved in the interaction's data (a `user`
//! option always is), who is not a bot.

use std::collections::HashMap;

use crate::core::people::{Known, Lookup, People, Unchecked};

/// Manage Server (`MANAGE_GUILD`).
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Administrator: every permission.
pub const ADMINISTRATOR: u64 = 1 << 3;

/// What one interaction says about the people in it.
#[derive(Debug, Clone, Default)]
pub struct DiscordPeople {
    /// The asker's permissions in the channel; `None` when the interaction
    /// did not carry them.
    pub permissions: Option<u64>,
    /// The users Discord resolved for the interaction's options: id → is a bot.
    pub resolved: HashMap<String, bool>,
}

impl People for DiscordPeople {
    fn admins_are(&self) -> &'static str {
        "the server's members with the Manage Server permission"
    }

    fn asker_is_admin(&self) -> Lookup<'_, bool> {
        let answer = match self.permissions {
            Some(bits) => Ok(bits & (MANAGE_GUILD | ADMINISTRATOR) != 0),
            None => Err(Unchecked(
                "the interaction carries no member permissions".to_string(),
            )),
        };
        Box::pin(async move { answer })
    }

    fn knows<'a>(&'a self, user: &'a str) -> Lookup<'a, Known> {
        let known = match self.resolved.get(user) {
            Some(true) => Known::Bot,
            Some(false) => Known::Person,
            None => Known::Nobody,
        };
        Box::pin(async move { Ok(known) })
    }
}
