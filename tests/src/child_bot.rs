//! `dealbot run` as a separate process: the binary Cargo built, configured
//! only through its environment (as an operator would), with Slack and
//! Discord pointed at the project's fakes. Requests are signed here as the
//! platforms sign them and sent over real HTTP.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use serde_json::Value;

use crate::discord_app::{
    public_key_hex, DiscordApp, APPLICATION_ID, DISCORD_CHANNEL, DISCORD_TOKEN,
};
use crate::fake_discord::FakeDiscord;
use crate::fake_slack::{FakeSlack, BOT_TOKEN};
use crate::slack_bot::{command_form, http_client, now, post_form, sign, Answer, SIGNING_SECRET};

/// A running `dealbot run` and the fakes it talks to; killed when dropped.
pub struct ChildBot {
    /// The public server.
    pub addr: SocketAddr,
    /// The admin server.
    pub admin: SocketAddr,
    pub slack: FakeSlack,
    pub discord: FakeDiscord,
    key: SigningKey,
    process: tokio::process::Child,
}

impl ChildBot {
    /// Starts `command` (a `dealbot_command!()`) as `dealbot run` on
    /// `database`, with both platforms set up over HTTP and nags off (they
    /// would post at times the test does not choose), and waits until it is
    /// ready.
    pub async fn start(mut command: std::process::Command, database: &str) -> ChildBot {
        let slack = FakeSlack::start().await;
        let discord = FakeDiscord::start(DISCORD_TOKEN, &[DISCORD_CHANNEL]).await;
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let port = crate::free_port().expect("a free port");
        let admin_port = crate::free_port().expect("a free port");
        command
            .arg("run")
            .env("DATABASE_URL", database)
            .env("DEALBOT_SERVER_BIND", format!("127.0.0.1:{port}"))
            .env(
                "DEALBOT_SERVER_ADMIN_BIND",
                format!("127.0.0.1:{admin_port}"),
            )
            .env("DEALBOT_SLACK_API_URL", slack.api_url())
            .env("DEALBOT_DISCORD_API_URL", &discord.api_url)
            .env("DEALBOT_NAGS_ENABLED", "false")
            .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
            .env("SLACK_BOT_TOKEN", BOT_TOKEN)
            .env("DISCORD_PUBLIC_KEY", public_key_hex(&key))
            .env("DISCORD_TOKEN", DISCORD_TOKEN)
            .env("DISCORD_APPLICATION_ID", APPLICATION_ID)
            .env_remove("SLACK_APP_TOKEN")
            .env_remove("DEALBOT_LOG")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut command = tokio::process::Command::from(command);
        command.kill_on_drop(true);
        let process = command.spawn().expect("dealbot starts");
        let bot = ChildBot {
            addr: format!("127.0.0.1:{port}").parse().expect("address"),
            admin: format!("127.0.0.1:{admin_port}").parse().expect("address"),
            slack,
            discord,
            key,
            process,
        };
        bot.wait_until_ready(Duration::from_secs(60)).await;
        bot
    }

    async fn wait_until_ready(&self, within: Duration) {
        let started = Instant::now();
        while started.elapsed() < within {
            if let Ok(response) = reqwest::get(format!("http://{}/readyz", self.admin)).await {
                if response.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("dealbot run was not ready within {within:?}");
    }

    /// `/deal <text>` typed by `user` of Slack team `team` in [`CHANNEL`].
    pub async fn slack_command(&self, team: &str, user: &str, text: &str) -> Answer {
        let body = command_form(team, user, text, &self.slack.response_url("child"));
        let timestamp = now();
        let signature = sign(SIGNING_SECRET, timestamp, &body);
        post_form(
            &http_client(),
            self.addr,
            "/slack/commands",
            body.into_bytes(),
            &[
                ("x-slack-request-timestamp", timestamp.to_string()),
                ("x-slack-signature", signature),
            ],
        )
        .await
        .expect("dealbot answers")
    }

    /// A Discord interaction, signed now; the status and the JSON answer.
    pub async fn discord_interaction(&self, interaction: &Value) -> (u16, Value) {
        let body = interaction.to_string();
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let signature = DiscordApp::sign_with(&self.key, &timestamp, &body);
        let response = reqwest::Client::new()
            .post(format!("http://{}/discord/interactions", self.addr))
            .header("content-type", "application/json")
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp)
            .body(body)
            .send()
            .await
            .expect("dealbot answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Stops it as SIGTERM would; whether it exited cleanly.
    pub async fn stop(mut self) -> bool {
        let Some(id) = self.process.id() else {
            return false;
        };
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &id.to_string()])
            .status()
            .is_ok_and(|status| status.success());
        sent && self
            .process
            .wait()
            .await
            .is_ok_and(|status| status.success())
    }
}
