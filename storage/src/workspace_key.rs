//! A workspace's key, the tenant every row is scoped to: the platform's name and
//! the platform's own id of the workspace, `slack:T0123ABCD`,
//! `discord:100000000000000001`, `shell:local`. A Slack team and a Discord
//! guild can therefore never share one, whatever their ids, and the platform
//! can be read back from any row. The adapters make keys with
//! [`workspace_key`]; nothing else builds them.

/// The key of the workspace `id` on `platform`.
pub fn workspace_key(platform: &str, id: &str) -> String {
    format!("{platform}:{id}")
}

/// The platform and the platform's id of the workspace `key`, or `None` for a
/// key made before keys named their platform.
pub fn split_workspace_key(key: &str) -> Option<(&str, &str)> {
    key.split_once(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_names_its_platform() {
        assert_eq!(workspace_key("slack", "T0123ABCD"), "slack:T0123ABCD");
        assert_ne!(
            workspace_key("slack", "100"),
            workspace_key("discord", "100")
        );
        assert_eq!(
            split_workspace_key("discord:100000000000000001"),
            Some(("discord", "100000000000000001"))
        );
        assert_eq!(split_workspace_key("shell:a:b"), Some(("shell", "a:b")));
        assert_eq!(split_workspace_key("T-old"), None);
    }
}
