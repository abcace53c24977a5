//! Socket Mode: the same slash commands, clicks and events (`events_api`
//! envelopes, handled by the same path as `POST /slack/events`, each event
//! once), received over a WebSocket
//! that the bot opens with the app-level token (`SLACK_APP_TOKEN`), so the
//! workspace needs no public URL. Socket Mode frames are not signed (the
//! connection is authenticated instead), so there is no signature to check.
//!
//! The callbacks are plain functions (slack-morphism's contract) that find the
//! [`SlackAdapter`] in the listener's user state and call the same code as the
//! HTTP routes.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use slack_morphism::prelude::*;

use super::api::Client;
use super::SlackAdapter;
use crate::readiness::ConnectionFlag;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Connects with `app_token` and serves until the process is asked to stop;
/// `connection` tells `/readyz` whether the socket is up.
pub async fn run_socket_mode(
    adapter: SlackAdapter,
    app_token: &SecretString,
    connection: ConnectionFlag,
) -> anyhow::Result<()> {
    let client = adapter.client.clone();
    let environment = Arc::new(
        SlackClientEventsListenerEnvironment::new(client)
            .with_error_handler(log_error)
            .with_user_state(adapter),
    );
    let callbacks = SlackSocketModeListenerCallbacks::new()
        .with_command_events(on_command)
        .with_interaction_events(on_interaction)
        .with_push_events(on_push_event);
    let listener = SlackClientSocketModeListener::new(
        &SlackClientSocketModeConfig::new(),
        environment,
        callbacks,
    );
    let token = SlackApiToken::new(SlackApiTokenValue(app_token.expose_secret().to_string()));
    if let Err(error) = listener.listen_for(&token).await {
        connection.set_disconnected("cannot connect to Slack Socket Mode");
        anyhow::bail!("Slack Socket Mode cannot connect: {error}");
    }
    tracing::info!("Slack Socket Mode connected");
    connection.set_connected();
    listener.serve().await;
    connection.set_disconnected("Slack Socket Mode stopped");
    Ok(())
}

async fn adapter_of(states: &SlackClientEventsUserState) -> Result<SlackAdapter, Failure> {
    states
        .read()
        .await
        .get_user_state::<SlackAdapter>()
        .cloned()
        .ok_or_else(|| "the Slack adapter is missing from the listener state".into())
}

async fn on_command(
    event: SlackCommandEvent,
    _client: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<SlackCommandEventResponse, Failure> {
    Ok(adapter_of(&states).await?.command(event).await)
}

async fn on_interaction(
    event: SlackInteractionEvent,
    _client: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<(), Failure> {
    adapter_of(&states).await?.interaction(event).await;
    Ok(())
}

/// An `events_api` envelope's event, as the Events API route reads it.
async fn on_push_event(
    event: SlackPushEventCallback,
    _client: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<(), Failure> {
    let mut envelope = serde_json::to_value(&event)?;
    envelope["type"] = serde_json::json!("event_callback");
    adapter_of(&states)
        .await?
        .event(envelope, None)
        .await
        .map(|_| ())
        .map_err(Failure::from)
}

fn log_error(
    error: Box<dyn std::error::Error + Send + Sync>,
    _client: Arc<Client>,
    _states: SlackClientEventsUserState,
) -> axum::http::StatusCode {
    tracing::warn!(error = %error, "Slack Socket Mode error");
    axum::http::StatusCode::OK
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::core::Core;
    use dealbot_storage::Store;

    /// Socket Mode cannot reach real Slack here; this checks the glue: the
    /// callbacks find the adapter in the listener state and run the same code as
    /// the HTTP routes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn socket_mode_callbacks_run_commands_clicks_and_events() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
        let store = Store::connect(&url).await.expect("store");
        store.migrate().await.expect("migrated");
        let core = Core::new(
            store.clone(),
            Settings::default(),
            std::collections::HashMap::new(),
            std::collections::HashSet::new(),
            crate::clock::Clock::system(),
        )
        .expect("core");
        // Nothing listens there: answers to clicks fail, and are only logged.
        let client = super::super::client("http://127.0.0.1:9/api").expect("client");
        let adapter = SlackAdapter::new(core, None, client.clone(), None);
        let environment =
            SlackClientEventsListenerEnvironment::new(client.clone()).with_user_state(adapter);
        let response_url: SlackResponseUrl =
            serde_json::from_value(serde_json::json!("http://127.0.0.1:9/hook")).expect("url");

        let command = SlackCommandEvent::new(
            SlackTeamId("T1".into()),
            SlackChannelId("C1".into()),
            SlackUserId("U1".into()),
            SlackCommandId("/deal".into()),
            response_url,
            SlackTriggerId("t".into()),
        )
        .with_text("new Acme 5k".into());
        let response = on_command(command, client.clone(), environment.user_state.clone())
            .await
            .expect("answered");
        // The opener's own answer; the channel hears of it through the outbox.
        assert_eq!(
            response.response_type,
            Some(SlackMessageResponseType::Ephemeral)
        );
        assert!(response
            .content
            .text
            .as_deref()
            .is_some_and(|text| text.contains("Acme")));

        let click: SlackInteractionEvent = serde_json::from_value(serde_json::json!({
            "type": "block_actions",
            "team": {"id": "T1"},
            // The owner: with no bot token nobody can ask whether C1 is
            // private, so D-1 counts as private to C1 and its owner.
            "user": {"id": "U1"},
            "api_app_id": "A1",
            "container": {"type": "message", "message_ts": "1.1", "channel_id": "C1"},
            "trigger_id": "t",
            "response_url": "http://127.0.0.1:9/hook",
            "actions": [{"type": "static_select", "action_id": "stage-menu",
                "block_id": "deal-actions slack:T1",
                "selected_option": {"text": {"type": "plain_text", "text": "Qualifying"},
                                    "value": "stage D-1 \"Qualifying\""}}],
        }))
        .expect("a block_actions payload");
        on_interaction(click, client.clone(), environment.user_state.clone())
            .await
            .expect("acknowledged");
        let deal = store
            .deal_by_number("slack:T1", 1)
            .await
            .expect("read")
            .expect("D-1");
        assert_eq!(deal.stage, "Qualifying", "the click moved the deal");

        let event: SlackPushEventCallback = serde_json::from_value(serde_json::json!({
            "team_id": "T1", "api_app_id": "A1", "event_id": "Ev1", "event_time": 1_700_000_000,
            "event": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home",
                      "event_ts": "1700000000.000100"},
        }))
        .expect("an events_api payload");
        on_push_event(event, client, environment.user_state.clone())
            .await
            .expect("acknowledged");
        let again = store
            .remember_event("slack:T1", "Ev1", chrono::Utc::now())
            .await
            .expect("asked");
        assert!(
            !again,
            "the Socket Mode event is remembered like an HTTP one"
        );
        store.close().await;
    }
}
