//! Socket Mode: the same slash commands and clicks, received over a WebSocket
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

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Connects with `app_token` and serves until the process is asked to stop.
pub async fn run_socket_mode(
    adapter: SlackAdapter,
    app_token: &SecretString,
) -> anyhow::Result<()> {
    let client = adapter.client.clone();
    let environment = Arc::new(
        SlackClientEventsListenerEnvironment::new(client)
            .with_error_handler(log_error)
            .with_user_state(adapter),
    );
    let callbacks = SlackSocketModeListenerCallbacks::new()
        .with_command_events(on_command)
        .with_interaction_events(on_interaction);
    let listener = SlackClientSocketModeListener::new(
        &SlackClientSocketModeConfig::new(),
        environment,
        callbacks,
    );
    let token = SlackApiToken::new(SlackApiTokenValue(app_token.expose_secret().to_string()));
    listener
        .listen_for(&token)
        .await
        .map_err(|error| anyhow::anyhow!("Slack Socket Mode cannot connect: {error}"))?;
    tracing::info!("Slack Socket Mode connected");
    listener.serve().await;
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

fn log_error(
    error: Box<dyn std::error::Error + Send + Sync>,
    _client: Arc<Client>,
    _states: SlackClientEventsUserState,
) -> axum::http::StatusCode {
    tracing::warn!(error = %error, "Slack Socket Mode error");
    axum::http::StatusCode::OK
}
