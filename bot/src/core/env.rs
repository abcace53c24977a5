//! Who is asking, where, and when: everything a command needs besides its words.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use dealbot_storage::{Deal, Store, StoreError};

use super::calendar::OwnerZones;
use super::holidays::Holidays;
use super::values::Currency;
use crate::config::{Pipeline, Settings};

/// One person's command as an adapter received it.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// Which adapter it came through (`slack`, `discord`, `shell`): an opaque name
    /// the outbox uses to pick the sender for messages about it.
    pub platform: String,
    /// The tenant: a Slack team, a Discord guild, the shell's workspace.
    pub workspace: String,
    /// The person, by platform id (or shell name).
    pub user: String,
    /// Where the command was typed, if in a channel.
    pub channel: Option<String>,
    /// Whether that channel is one not every member of the workspace can see
    /// (a private Slack channel or DM, a Discord channel the everyone role
    /// cannot see), as the platform says: a deal opened there is private to it.
    pub channel_private: bool,
    /// The person's time zone as the platform reports it, if it does.
    pub timezone: Option<Tz>,
    pub now: DateTime<Utc>,
    /// The platform's answers about the person: whether they are an admin,
    /// whom it knows ([`super::people::Operator`] in the console).
    pub people: Arc<dyn super::people::People>,
}

/// The configuration the core works with, checked and resolved once.
#[derive(Debug)]
pub struct CoreSettings {
    pub settings: Settings,
    pub default_timezone: Tz,
    pub default_currency: Currency,
    /// `[[holidays]]`, read once.
    pub holidays: Holidays,
}

impl CoreSettings {
    /// Resolves time zone and currency; the settings must have been validated.
    pub fn new(settings: Settings) -> anyhow::Result<Self> {
        let default_timezone: Tz = settings
            .defaults
            .timezone
            .parse()
            .map_err(|_| anyhow::anyhow!("invalid defaults.timezone"))?;
        let default_currency = Currency::parse(&settings.defaults.currency)
            .map_err(|error| anyhow::anyhow!("invalid defaults.currency: {error}"))?;
        let holidays = Holidays::new(&settings.holidays);
        Ok(CoreSettings {
            settings,
            default_timezone,
            default_currency,
            holidays,
        })
    }

    pub fn pipeline(&self, name: &str) -> Option<&Pipeline> {
        self.settings.pipeline(name)
    }

    /// The configured pipelines' names, comma separated: the choices an error
    /// about an unknown pipeline lists.
    pub fn pipeline_names(&self) -> String {
        self.settings
            .pipelines
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether won deals of some pipeline roll into the pipeline called `name`
    /// (its configured name): an after-sale pipeline, whose deals are already won.
    pub fn is_after_sale(&self, name: &str) -> bool {
        self.settings.pipelines.iter().any(|p| {
            p.won_rolls_into
                .as_deref()
                .and_then(|into| self.pipeline(into))
                .is_some_and(|into| into.name == name)
        })
    }

    /// The pipeline new deals follow unless told otherwise.
    pub fn default_pipeline(&self) -> anyhow::Result<&Pipeline> {
        self.settings
            .default_pipeline()
            .ok_or_else(|| anyhow::anyhow!("defaults.pipeline names no configured pipeline"))
    }
}

/// What a command runs against: the store, the settings, and the asker's context.
pub struct Env<'a> {
    /// The core itself, for what commands trigger beyond the store (waking the
    /// outbox worker or the scheduler, message limits).
    pub core: &'a super::Core,
    pub store: &'a Store,
    pub config: &'a Arc<CoreSettings>,
    pub invocation: &'a Invocation,
    /// The asker's time zone: their own setting, the platform's, or the default.
    pub timezone: Tz,
    /// The asker's local date.
    pub today: NaiveDate,
    /// Whether a store call of this command found the database unavailable.
    /// The steps after a change is stored (its card, its announcement) are
    /// then answered without the store instead of each waiting for it in
    /// turn, which would keep the person past the platforms' 3 seconds.
    pub(crate) database_lost: AtomicBool,
    /// What the command's writes call for, rung when the command ends (see
    /// [`Env::wake_outbox`]).
    pub(crate) bells: Bells,
    /// The deal the command names by its id, read with the settings before
    /// the command was parsed; taken by the first [`Env::take_named_deal`].
    pub(crate) named_deal: NamedDealSlot,
}

/// A deal read with a command's settings, by the number its text gives.
#[derive(Debug)]
pub(crate) struct NamedDeal {
    pub(crate) number: i64,
    /// `None` when no deal has that number.
    pub(crate) deal: Option<Deal>,
}

/// Where a command keeps its [`NamedDeal`] until it is taken, once.
#[derive(Debug, Default)]
pub(crate) struct NamedDealSlot(Mutex<Option<NamedDeal>>);

impl NamedDealSlot {
    pub(crate) fn new(named: Option<NamedDeal>) -> Self {
        NamedDealSlot(Mutex::new(named))
    }

    /// The deal read for `number`, if it was read and not yet taken.
    fn take(&self, number: i64) -> Option<Option<Deal>> {
        let mut named = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if named.as_ref().is_some_and(|named| named.number == number) {
            named.take().map(|named| named.deal)
        } else {
            None
        }
    }
}

/// The bells a command rings once its writes are committed.
#[derive(Debug, Default)]
pub(crate) struct Bells {
    outbox: AtomicBool,
    schedules: AtomicBool,
}

impl Drop for Env<'_> {
    /// The command is over, its transaction committed ([`Store::in_command`]):
    /// what it wrote can now be read by the outbox worker and the scheduler.
    fn drop(&mut self) {
        if self.bells.outbox.load(Ordering::Relaxed) {
            self.core.wake_outbox();
        }
        if self.bells.schedules.load(Ordering::Relaxed) {
            self.core.schedules_changed();
        }
    }
}

impl<'a> Env<'a> {
    pub fn workspace(&self) -> &str {
        &self.invocation.workspace
    }

    /// Notes that `error` came from a store call of this command, and
    /// whether it said the database is unavailable (see `database_lost`).
    pub fn note_store_error(&self, error: &super::error::CommandError) {
        if matches!(error, super::error::CommandError::Unavailable { .. }) {
            self.database_lost.store(true, Ordering::Relaxed);
        }
    }

    /// Tells the outbox worker, once the command ends, that it queued
    /// messages: rung earlier, the worker would look before they are committed.
    pub fn wake_outbox(&self) {
        self.bells.outbox.store(true, Ordering::Relaxed);
    }

    /// Tells the scheduler, once the command ends, that schedules changed.
    pub fn schedules_changed(&self) {
        self.bells.schedules.store(true, Ordering::Relaxed);
    }

    /// The deal numbered `number` as read when the command began, if it was
    /// (`Some(None)`: there was none). Given once: what the command reads
    /// later must see its own writes, so it reads the store again.
    pub fn take_named_deal(&self, number: i64) -> Option<Option<Deal>> {
        self.named_deal.take(number)
    }

    /// Whether this command has found the database unavailable.
    pub fn database_lost(&self) -> bool {
        self.database_lost.load(Ordering::Relaxed)
    }

    /// The pipeline a new deal follows: the one called `name` when given,
    /// else the asking channel's, else `defaults.pipeline`.
    pub fn pipeline_for_new_deal(&self, name: Option<&str>) -> anyhow::Result<&'a Pipeline> {
        let config: &'a CoreSettings = self.config;
        match name {
            Some(name) => config.pipeline(name),
            None => config
                .settings
                .pipeline_for_channel(self.invocation.channel.as_deref()),
        }
        .ok_or_else(|| anyhow::anyhow!("defaults.pipeline names no configured pipeline"))
    }

    /// The date it is now for `owner`, in their zone: what their deals' due
    /// dates count from.
    pub async fn owner_today(&self, owner: &str) -> Result<NaiveDate, StoreError> {
        let zones = OwnerZones::read_one(
            self.store,
            self.workspace(),
            owner,
            self.config.default_timezone,
        )
        .await?;
        Ok(zones.today(owner, self.now()))
    }

    /// Every owner's zone in this workspace, for replies about many deals.
    pub async fn owner_zones(&self) -> Result<OwnerZones, StoreError> {
        OwnerZones::read(self.store, self.workspace(), self.config.default_timezone).await
    }

    pub fn user(&self) -> &str {
        &self.invocation.user
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.invocation.now
    }
}

#[cfg(test)]
mod tests {
    use super::{NamedDeal, NamedDealSlot};

    #[test]
    fn a_deal_read_with_the_settings_is_given_once_and_for_its_number_only() {
        let slot = NamedDealSlot::new(Some(NamedDeal {
            number: 4,
            deal: None,
        }));
        assert_eq!(slot.take(5), None, "another number reads the store");
        assert_eq!(slot.take(4), Some(None), "read: no deal D-4");
        assert_eq!(slot.take(4), None, "taken: read the store again");
        assert_eq!(NamedDealSlot::default().take(4), None);
    }
}
