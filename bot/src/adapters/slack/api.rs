//! The Slack Web API as the bot uses it: posting and updating messages, opening
//! DM channels (cached), reading a user's time zone and name (cached) and
//! their out-of-office status, and answering a `response_url`. Built on slack-morphism with a connector that also speaks
//! plain `http://`, so `[slack] api_url` can point at a local fake.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use slack_morphism::prelude::*;

use slack_morphism::errors::SlackClientError;

use super::errors::classify;
use crate::adapters::channel_privacy::{lookup_failed, PrivacyCache};
use crate::outbox::DeliveryError;

/// The connector type: rustls for `https://`, plain TCP allowed for `http://`.
pub type Connector = SlackClientHyperHttpsConnector;

/// The slack-morphism client over [`Connector`].
pub type Client = SlackClient<Connector>;

/// How long one Web API call may take before it counts as a transient failure.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a slash command waits for the user's time zone before using the default.
const USERS_INFO_TIMEOUT: Duration = Duration::from_millis(1500);

/// How long a user's time zone and name are remembered (people travel), and
/// how long a failed lookup is, so that a Slack outage does not slow every command.
const PROFILE_TTL: Duration = Duration::from_secs(6 * 60 * 60);
const FAILED_LOOKUP_TTL: Duration = Duration::from_secs(5 * 60);

/// How long what `users.info` says of a member (admin or not) is believed:
/// briefly, so that a demoted admin loses the role within a minute.
const MEMBER_TTL: Duration = Duration::from_secs(60);

/// How long a `response_url` answer may take: the click's acknowledgement waits for it.
const RESPONSE_URL_TIMEOUT: Duration = Duration::from_millis(2500);

/// A client for `api_url` (`https://slack.com/api/` or a fake's `http://…/api/`).
pub fn client(api_url: &str) -> anyhow::Result<Arc<Client>> {
    let builder = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|error| anyhow::anyhow!("cannot load the system's TLS roots: {error}"))?;
    let connector = if api_url.starts_with("http://") {
        builder.https_or_http().enable_http1().build()
    } else {
        builder.https_only().enable_http1().build()
    };
    // slack-morphism joins the base and the method with a `/` of its own.
    let api_url = api_url.trim_end_matches('/');
    Ok(Arc::new(SlackClient::new(
        SlackClientHyperConnector::with_connector(connector).with_slack_api_url(api_url),
    )))
}

/// A user in a workspace: (workspace, user id).
type UserKey = (String, String);

/// The bot's own Web API calls, with its token and caches.
pub struct WebApi {
    client: Arc<Client>,
    token: SlackApiToken,
    /// (workspace, user) → DM channel id.
    dm_channels: Mutex<HashMap<UserKey, String>>,
    /// (workspace, user) → what `users.info` said (`None`: not known right
    /// now), and until when to believe it.
    profiles: Mutex<HashMap<UserKey, (Option<Profile>, Instant)>>,
    /// Whether channels are private, from `conversations.info`.
    channels: PrivacyCache,
    /// (workspace, user) → what `users.info` said of them, and until when to
    /// believe it ([`MEMBER_TTL`]); failed lookups are not remembered.
    members: Mutex<HashMap<UserKey, (Member, Instant)>>,
}

/// Who a user is in a workspace, as roles need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// A person; `admin` when a workspace admin or owner.
    Person { admin: bool },
    /// A bot or an app.
    Bot,
    /// Slack knows no such user here, or they were deactivated.
    Nobody,
}

impl std::fmt::Debug for WebApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebApi").finish_non_exhaustive()
    }
}

impl WebApi {
    pub fn new(client: Arc<Client>, bot_token: &SecretString) -> Self {
        WebApi {
            client,
            token: SlackApiToken::new(SlackApiTokenValue(bot_token.expose_secret().to_string())),
            dm_channels: Mutex::new(HashMap::new()),
            profiles: Mutex::new(HashMap::new()),
            channels: PrivacyCache::new(),
            members: Mutex::new(HashMap::new()),
        }
    }

    /// `chat.postMessage`; the posted message's `ts`.
    pub async fn post_message(
        &self,
        channel: &str,
        content: SlackMessageContent,
    ) -> Result<String, DeliveryError> {
        let request =
            SlackApiChatPostMessageRequest::new(SlackChannelId(channel.to_string()), content);
        let session = self.client.open_session(&self.token);
        let response = timed(session.chat_post_message(&request)).await?;
        Ok(response.ts.0)
    }

    /// `chat.update` of the message `ts` in `channel`.
    pub async fn update_message(
        &self,
        channel: &str,
        ts: &str,
        content: SlackMessageContent,
    ) -> Result<(), DeliveryError> {
        let request = SlackApiChatUpdateRequest::new(
            SlackChannelId(channel.to_string()),
            content,
            SlackTs(ts.to_string()),
        );
        let session = self.client.open_session(&self.token);
        timed(session.chat_update(&request)).await?;
        Ok(())
    }

    /// `files.getUploadURLExternal` for a file `filename` of `length` bytes:
    /// where to send the bytes, and the file's id.
    pub async fn upload_url(
        &self,
        filename: &str,
        length: usize,
        alt_text: &str,
    ) -> Result<(String, String), DeliveryError> {
        let mut request =
            SlackApiFilesGetUploadUrlExternalRequest::new(filename.to_string(), length);
        if !alt_text.is_empty() {
            request = request.with_alt_txt(alt_text.to_string());
        }
        let session = self.client.open_session(&self.token);
        let response = timed(session.get_upload_url_external(&request)).await?;
        Ok((response.upload_url.0.to_string(), response.file_id.0))
    }

    /// `files.completeUploadExternal`: shares the uploaded `files` (id, title)
    /// in `channel` with `comment` as the message beside them.
    pub async fn complete_upload(
        &self,
        files: &[(String, String)],
        channel: &str,
        comment: &str,
    ) -> Result<(), DeliveryError> {
        let files = files
            .iter()
            .map(|(id, title)| {
                SlackApiFilesComplete::new(SlackFileId(id.clone())).with_title(title.clone())
            })
            .collect();
        let request = SlackApiFilesCompleteUploadExternalRequest::new(files)
            .with_channel_id(SlackChannelId(channel.to_string()))
            .with_initial_comment(comment.to_string());
        let session = self.client.open_session(&self.token);
        timed(session.files_complete_upload_external(&request)).await?;
        Ok(())
    }

    /// The DM channel with `user`, opened with `conversations.open` the first time.
    pub async fn dm_channel(&self, workspace: &str, user: &str) -> Result<String, DeliveryError> {
        let key = (workspace.to_string(), user.to_string());
        if let Some(channel) = lock(&self.dm_channels).get(&key) {
            return Ok(channel.clone());
        }
        let request =
            SlackApiConversationsOpenRequest::new().with_users(vec![SlackUserId(user.to_string())]);
        let session = self.client.open_session(&self.token);
        let response: SlackApiConversationsOpenResponse<SlackBasicChannelInfo> =
            timed(session.conversations_open(&request)).await?;
        let channel = response.channel.id.0;
        lock(&self.dm_channels).insert(key, channel.clone());
        Ok(channel)
    }

    /// The user's IANA time zone from `users.info`; `None` when Slack has none,
    /// names one we do not know, or cannot be asked right now.
    pub async fn timezone(&self, workspace: &str, user: &str) -> Option<Tz> {
        self.profile(workspace, user)
            .await
            .and_then(|profile| profile.zone)
    }

    /// The name people see for the user (their display name, else their full
    /// name, else their handle), from `users.info`; `None` when Slack cannot be
    /// asked right now.
    pub async fn display_name(&self, workspace: &str, user: &str) -> Option<String> {
        self.profile(workspace, user)
            .await
            .and_then(|profile| profile.name)
    }

    /// What `users.info` says of the user, cached for [`PROFILE_TTL`]; `None`
    /// when Slack cannot be asked right now (then it asks again after
    /// [`FAILED_LOOKUP_TTL`]).
    async fn profile(&self, workspace: &str, user: &str) -> Option<Profile> {
        let key = (workspace.to_string(), user.to_string());
        if let Some((profile, until)) = lock(&self.profiles).get(&key) {
            if Instant::now() < *until {
                return profile.clone();
            }
        }
        let (profile, keep_for) = match self.users_info(user).await {
            // Someone Slack does not know has no zone or name.
            Ok(found) => (
                Some(found.map(Profile::of).unwrap_or_default()),
                PROFILE_TTL,
            ),
            Err(why) => {
                tracing::warn!(user, why, "using the default time zone and the user's id");
                (None, FAILED_LOOKUP_TTL)
            }
        };
        lock(&self.profiles).insert(key, (profile.clone(), Instant::now() + keep_for));
        profile
    }
}

/// What the bot uses of a Slack user.
#[derive(Debug, Clone, Default)]
struct Profile {
    /// Their IANA zone, if Slack has one we know.
    zone: Option<Tz>,
    /// The name people see, if they have one.
    name: Option<String>,
}

impl Profile {
    fn of(user: SlackUser) -> Profile {
        let from_profile = user.profile.as_ref().and_then(|profile| {
            [&profile.display_name, &profile.real_name]
                .into_iter()
                .flatten()
                .find(|name| !name.trim().is_empty())
                .cloned()
        });
        Profile {
            zone: user.tz.and_then(|name| name.parse::<Tz>().ok()),
            name: from_profile
                .or(user.real_name)
                .or(user.name)
                .filter(|name| !name.trim().is_empty()),
        }
    }
}

impl WebApi {
    /// Whether `channel` of `workspace` is private (a private channel, a DM or
    /// a group DM), from `conversations.info` (scopes `channels:read`,
    /// `groups:read`, `im:read`, `mpim:read`), remembered briefly; private
    /// when Slack cannot say (the bot cannot see it, or Slack fails).
    pub async fn channel_private(&self, workspace: &str, channel: &str) -> bool {
        if let Some(private) = self.channels.get(workspace, channel) {
            return private;
        }
        let request = SlackApiConversationsInfoRequest::new(SlackChannelId(channel.to_string()));
        let session = self.client.open_session(&self.token);
        let lookup = tokio::time::timeout(USERS_INFO_TIMEOUT, session.conversations_info(&request));
        match lookup.await {
            Ok(Ok(response)) => {
                let flags = response.channel.flags;
                let private = [flags.is_private, flags.is_im, flags.is_mpim]
                    .into_iter()
                    .any(|flag| flag == Some(true));
                self.channels.put(workspace, channel, private);
                private
            }
            Ok(Err(error)) => lookup_failed("slack", channel, &classify(error)),
            Err(_) => lookup_failed("slack", channel, &"conversations.info timed out"),
        }
    }
}

impl WebApi {
    /// Whether the user's profile status says they are out of office at `now`
    /// (see [`out_of_office`]), from `users.info`, asked afresh: a status
    /// changes any time. `Err` (why, for the log) when Slack did not answer.
    pub async fn away_by_status(&self, user: &str, now: DateTime<Utc>) -> Result<bool, String> {
        let Some(found) = self.users_info(user).await? else {
            return Ok(false);
        };
        let Some(profile) = found.profile else {
            return Ok(false);
        };
        let emoji = profile.status_emoji.as_ref().map(|emoji| emoji.0.as_str());
        let until = profile.status_expiration.map(|at| at.0.as_second());
        Ok(out_of_office(
            profile.status_text.as_deref(),
            emoji,
            until,
            now,
        ))
    }
}

/// Whether a status says out of office: the emoji `:palm_tree:`, or
/// "vacation" or "out of office" in its text, and not expired at `now` (its
/// expiry in Unix seconds; 0, or none, never expires).
pub fn out_of_office(
    text: Option<&str>,
    emoji: Option<&str>,
    until: Option<i64>,
    now: DateTime<Utc>,
) -> bool {
    let text = text.unwrap_or_default().to_lowercase();
    let says =
        emoji == Some(":palm_tree:") || text.contains("vacation") || text.contains("out of office");
    let lasts = until.is_none_or(|until| until == 0 || until > now.timestamp());
    says && lasts
}

impl WebApi {
    /// What `users.info` says of `user`, cached for [`MEMBER_TTL`]; `Err`
    /// (why, for the log) when Slack could not be asked or did not answer.
    pub async fn member(&self, workspace: &str, user: &str) -> Result<Member, String> {
        let key = (workspace.to_string(), user.to_string());
        if let Some((member, until)) = lock(&self.members).get(&key) {
            if Instant::now() < *until {
                return Ok(*member);
            }
        }
        let member = match self.users_info(user).await? {
            Some(found) => {
                let flags = &found.flags;
                if found.deleted == Some(true) {
                    Member::Nobody
                } else if flags.is_bot == Some(true) || flags.is_app_user == Some(true) {
                    Member::Bot
                } else {
                    Member::Person {
                        admin: flags.is_admin == Some(true) || flags.is_owner == Some(true),
                    }
                }
            }
            None => Member::Nobody,
        };
        lock(&self.members).insert(key, (member, Instant::now() + MEMBER_TTL));
        Ok(member)
    }

    /// `users.info` for `user`: `None` when Slack knows no such user here;
    /// `Err` (why, for the log) when Slack could not be asked or did not answer.
    async fn users_info(&self, user: &str) -> Result<Option<SlackUser>, String> {
        let request = SlackApiUsersInfoRequest::new(SlackUserId(user.to_string()));
        let session = self.client.open_session(&self.token);
        let lookup = tokio::time::timeout(USERS_INFO_TIMEOUT, session.users_info(&request));
        match lookup.await {
            Ok(Ok(response)) => Ok(Some(response.user)),
            Ok(Err(SlackClientError::ApiError(api)))
                if api.code == "user_not_found" || api.code == "user_not_visible" =>
            {
                Ok(None)
            }
            Ok(Err(error)) => Err(format!("users.info failed: {}", classify(error))),
            Err(_) => Err("users.info timed out".to_string()),
        }
    }
}

/// A message for a `response_url`: Slack's webhook body plus where it shows.
#[derive(Debug, Serialize)]
pub struct ResponseUrlMessage {
    #[serde(flatten)]
    pub content: SlackMessageContent,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_type: Option<SlackMessageResponseType>,
    pub replace_original: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub delete_original: bool,
}

impl ResponseUrlMessage {
    /// A new message shown as `shown_to`.
    pub fn post(content: SlackMessageContent, shown_to: SlackMessageResponseType) -> Self {
        ResponseUrlMessage {
            content,
            response_type: Some(shown_to),
            replace_original: false,
            delete_original: false,
        }
    }

    /// The clicked message, replaced by `content`.
    pub fn replace(content: SlackMessageContent, shown_to: SlackMessageResponseType) -> Self {
        ResponseUrlMessage {
            replace_original: true,
            ..ResponseUrlMessage::post(content, shown_to)
        }
    }

    /// The clicked message, removed.
    pub fn delete() -> Self {
        ResponseUrlMessage {
            content: SlackMessageContent::new(),
            response_type: None,
            replace_original: false,
            delete_original: true,
        }
    }
}

/// Posts `message` to a `response_url` (no token: the URL is the credential).
pub async fn respond(
    client: &Client,
    response_url: &SlackResponseUrl,
    message: &ResponseUrlMessage,
) -> Result<(), DeliveryError> {
    let span = tracing::debug_span!("slack response_url");
    let context = SlackClientApiCallContext {
        rate_control_params: None,
        token: None,
        tracing_span: &span,
        is_sensitive_url: true,
    };
    let call = client
        .http_api
        .connector
        .http_post_uri::<_, SlackApiPostWebhookMessageResponse>(
            response_url.0.clone(),
            message,
            context,
        );
    match tokio::time::timeout(RESPONSE_URL_TIMEOUT, call).await {
        Ok(result) => result.map(|_| ()).map_err(classify),
        Err(_) => Err(DeliveryError::Transient(
            "response_url timed out".to_string(),
        )),
    }
}

async fn timed<T>(
    call: impl std::future::Future<Output = ClientResult<T>>,
) -> Result<T, DeliveryError> {
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Ok(result) => result.map_err(classify),
        Err(_) => Err(DeliveryError::Transient(format!(
            "Slack did not answer within {} s",
            CALL_TIMEOUT.as_secs()
        ))),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl WebApi {
    /// `views.publish`: `view` (a `home` view) as `user`'s App Home tab.
    pub async fn publish_home(
        &self,
        user: &str,
        view: serde_json::Value,
    ) -> Result<(), DeliveryError> {
        let body = serde_json::json!({"user_id": user, "view": view});
        self.call_views("views.publish", &body).await
    }

    /// `views.open`: `view` (a modal) opened with the click's or command's
    /// `trigger_id`, which Slack accepts once and for about 3 s.
    pub async fn open_modal(
        &self,
        trigger_id: &str,
        view: serde_json::Value,
    ) -> Result<(), DeliveryError> {
        let body = serde_json::json!({"trigger_id": trigger_id, "view": view});
        self.call_views("views.open", &body).await
    }

    async fn call_views(
        &self,
        method: &str,
        body: &serde_json::Value,
    ) -> Result<(), DeliveryError> {
        let session = self.client.open_session(&self.token);
        let call = session
            .http_session_api
            .http_post::<_, serde_json::Value>(method, body, None);
        timed(call).await.map(|_| ())
    }
}

impl WebApi {
    /// `chat.getPermalink`: the link to message `ts` of `channel`.
    pub async fn permalink(&self, channel: &str, ts: &str) -> Result<String, DeliveryError> {
        let request = SlackApiChatGetPermalinkRequest::new(
            SlackChannelId(channel.to_string()),
            SlackTs(ts.to_string()),
        );
        let session = self.client.open_session(&self.token);
        let response = timed(session.chat_get_permalink(&request)).await?;
        Ok(response.permalink.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::out_of_office;
    use chrono::TimeZone;

    #[test]
    fn out_of_office_is_a_palm_tree_or_the_words_until_it_expires() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 10, 0, 0)
            .single()
            .expect("a moment");
        let later = now.timestamp() + 3600;
        let earlier = now.timestamp() - 3600;
        assert!(out_of_office(None, Some(":palm_tree:"), None, now));
        assert!(out_of_office(Some("On Vacation"), None, Some(0), now));
        assert!(out_of_office(
            Some("Out of office till Mon"),
            Some(":x:"),
            Some(later),
            now
        ));
        assert!(!out_of_office(Some("vacation"), None, Some(earlier), now));
        assert!(!out_of_office(
            Some("In a meeting"),
            Some(":calendar:"),
            None,
            now
        ));
        assert!(!out_of_office(None, None, None, now));
    }
}
