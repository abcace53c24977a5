//! Discord allows 25 subcommands (or groups of them) under one command, and
//! `/deal` has more: the subcommands that fix mistakes sit in one group,
//! `/deal fix rename|merge|delete|restore|undo`, those about your own time in
//! another, `/deal me tz|hours|away|back`, and this channel's settings in a
//! third, `/deal channel notify|subscribe|unsubscribe|schedules`. Everywhere
//! else (Slack, the shell, `help`) they are top-level subcommands as the core
//! names them.

/// A group of subcommands: its name, its description, its members.
pub struct Group {
    pub name: &'static str,
    pub description: &'static str,
    pub members: &'static [&'static str],
}

/// Every group, in the order Discord lists them.
pub const GROUPS: &[Group] = &[
    Group {
        name: "fix",
        description: "Fix mistakes: rename, merge, delete, restore, undo",
        members: &["rename", "merge", "delete", "restore", "undo"],
    },
    Group {
        name: "me",
        description: "Your time zone, hours, time off",
        members: &["tz", "hours", "away", "back"],
    },
    Group {
        name: "channel",
        description: "This channel's settings: notify, digest schedules",
        members: &["notify", "subscribe", "unsubscribe", "schedules"],
    },
];

/// The group the core subcommand `name` sits in on Discord, if any.
pub fn group_of(name: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|group| group.members.contains(&name))
}

/// Whether `name` is a group rather than a subcommand.
pub fn is_group(name: &str) -> bool {
    GROUPS.iter().any(|group| group.name == name)
}
