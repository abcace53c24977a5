//! `[permissions]`: who may do what to a deal. The default (`mode = "roles"`)
//! lets a deal's owner and the admins close, reopen, reassign, re-price and
//! tidy it (rename, merge, delete, restore), and only admins change a
//! channel's digest schedules; `"open"` keeps the old free-for-all. Admins are
//! the platform's own (Slack workspace admins and owners, Discord members with
//! Manage Server) plus the people listed in `admins`, as `slack:U0123ABCD` or
//! `discord:123456789012345678`.
//!
//! `permissions = "open"` (a bare mode) is accepted as short for
//! `[permissions] mode = "open"`.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::ConfigProblem;

/// How much the permission rules hold back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionMode {
    /// Owners and admins close, reopen, reassign, re-price and tidy a deal;
    /// admins manage schedules; anyone adds notes, buyer and checklist answers.
    #[default]
    Roles,
    /// Anyone may do anything (as before roles existed), except taking
    /// someone else's deal out of view (delete, restore, merge away).
    Open,
}

/// `[permissions]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PermissionSettings {
    pub mode: PermissionMode,
    /// Admins besides the platform's own, as `platform:user-id`.
    pub admins: Vec<String>,
}

/// The table as written.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Table {
    mode: PermissionMode,
    admins: Vec<String>,
}

impl<'de> Deserialize<'de> for PermissionSettings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = PermissionSettings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a [permissions] table, or \"roles\" or \"open\"")
            }
            fn visit_str<E: de::Error>(self, mode: &str) -> Result<Self::Value, E> {
                let mode = PermissionMode::deserialize(de::value::StrDeserializer::new(mode))?;
                Ok(PermissionSettings {
                    mode,
                    admins: Vec::new(),
                })
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
                let table = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PermissionSettings {
                    mode: table.mode,
                    admins: table.admins,
                })
            }
        }
        deserializer.deserialize_any(Either)
    }
}

/// The platforms an `admins` entry may name.
const PLATFORMS: [&str; 2] = ["slack", "discord"];

impl PermissionSettings {
    /// Whether `user` of `platform` is listed in `admins`.
    pub fn lists(&self, platform: &str, user: &str) -> bool {
        self.admins
            .iter()
            .any(|entry| entry.split_once(':') == Some((platform, user)))
    }

    /// Every `admins` entry that names no platform user.
    pub fn check(&self, problems: &mut Vec<ConfigProblem>) {
        for (i, entry) in self.admins.iter().enumerate() {
            let location = format!("permissions.admins[{i}]");
            let Some((platform, id)) = entry.split_once(':') else {
                problems.push(ConfigProblem::new(
                    location,
                    format!(
                        "{entry:?} names no platform: write \"slack:U0123ABCD\" (a Slack member id) \
                         or \"discord:123456789012345678\" (a Discord user id)"
                    ),
                ));
                continue;
            };
            let fine = match platform {
                "slack" => {
                    id.len() > 1
                        && id.starts_with(['U', 'W'])
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                }
                "discord" => !id.starts_with('0') && id.parse::<u64>().is_ok_and(|n| n > 0),
                _ => false,
            };
            if !PLATFORMS.contains(&platform) {
                problems.push(ConfigProblem::new(
                    location,
                    format!("{platform:?} is not a platform: use slack: or discord:"),
                ));
            } else if !fine {
                problems.push(ConfigProblem::new(
                    location,
                    format!(
                        "{id:?} is not a {platform} user id: copy it from the person's profile \
                         (Slack: Copy member ID, U…; Discord: Developer Mode, Copy User ID)"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PermissionMode, PermissionSettings};
    use crate::config::Settings;
    use figment::providers::Format;

    fn from(toml: &str) -> Result<PermissionSettings, String> {
        #[derive(serde::Deserialize)]
        struct File {
            permissions: PermissionSettings,
        }
        figment::Figment::from(figment::providers::Toml::string(toml))
            .extract::<File>()
            .map(|file| file.permissions)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn a_bare_mode_or_a_table() {
        assert_eq!(
            from("permissions = \"open\"").expect("a bare mode").mode,
            PermissionMode::Open
        );
        let table =
            from("[permissions]\nmode = \"roles\"\nadmins = [\"slack:U0BOSS\"]").expect("a table");
        assert_eq!(table.mode, PermissionMode::Roles);
        assert!(table.lists("slack", "U0BOSS"));
        assert!(!table.lists("discord", "U0BOSS"));
        assert!(from("permissions = \"closed\"").is_err());
        assert!(from("[permissions]\nadmin = []").is_err());
        assert_eq!(Settings::default().permissions.mode, PermissionMode::Roles);
    }

    #[test]
    fn admins_must_name_platform_users() {
        let settings = PermissionSettings {
            mode: PermissionMode::Roles,
            admins: vec![
                "slack:U0BOSS".into(),
                "discord:123456789012345678".into(),
                "U0BOSS".into(),
                "teams:abc".into(),
                "discord:rep1".into(),
            ],
        };
        let mut problems = Vec::new();
        settings.check(&mut problems);
        let locations: Vec<_> = problems.iter().map(|p| p.location.clone()).collect();
        assert_eq!(
            locations,
            [
                "permissions.admins[2]",
                "permissions.admins[3]",
                "permissions.admins[4]"
            ]
        );
    }
}
