//! An in-process platform for outbox and scheduler tests: it accepts messages
//! like a chat platform would, can be told to answer 429 (with a Retry-After) or
//! 5xx for chosen attempts, paces like Slack (one message per second per
//! channel), and records every attempt with the (hand-turned) time it came.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dealbot::outbox::{Delivered, DeliveryError, MessageLimits, Outgoing, SendFuture, Sender};

/// A clock tests turn by hand.
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().expect("clock") = at;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().expect("clock");
        *now += by;
    }

    /// The clock as the worker takes it.
    pub fn as_clock(&self) -> Arc<dyn Fn() -> DateTime<Utc> + Send + Sync> {
        let clock = self.clone();
        Arc::new(move || clock.now())
    }
}

/// How the platform answers one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Accept,
    RateLimit(Duration),
    ServerError,
    Refuse(&'static str),
}

/// One attempt as the platform saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub key: String,
    pub destination: String,
    pub answer: Answer,
    pub message: Outgoing,
}

/// Decides each attempt's answer from its number (0-based) and the message.
pub type Script = Arc<dyn Fn(usize, &Outgoing) -> Answer + Send + Sync>;

/// The fake platform.
#[derive(Clone)]
pub struct FakePlatform {
    clock: ManualClock,
    script: Script,
    attempts: Arc<Mutex<Vec<Attempt>>>,
    limits: MessageLimits,
}

impl FakePlatform {
    /// Accepts everything.
    pub fn new(clock: ManualClock) -> Self {
        FakePlatform::scripted(clock, Arc::new(|_, _| Answer::Accept))
    }

    pub fn scripted(clock: ManualClock, script: Script) -> Self {
        FakePlatform {
            clock,
            script,
            attempts: Arc::new(Mutex::new(Vec::new())),
            limits: MessageLimits {
                max_lines: 40,
                max_chars: 3900,
                ..MessageLimits::default()
            },
        }
    }

    pub fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().expect("attempts").clone()
    }

    /// The messages it accepted, in the order it accepted them.
    pub fn accepted(&self) -> Vec<Attempt> {
        self.attempts()
            .into_iter()
            .filter(|attempt| attempt.answer == Answer::Accept)
            .collect()
    }
}

fn destination(message: &Outgoing) -> String {
    match &message.destination {
        dealbot::outbox::Destination::Channel(channel) => format!("#{channel}"),
        dealbot::outbox::Destination::DirectMessage(user) => format!("@{user}"),
    }
}

impl Sender for FakePlatform {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let mut attempts = self.attempts.lock().expect("attempts");
            let answer = (self.script)(attempts.len(), message);
            assert!(
                message.reply.lines.len() <= self.limits.max_lines,
                "a message over the line limit was sent"
            );
            attempts.push(Attempt {
                at: self.clock.now(),
                key: message.key.clone(),
                destination: destination(message),
                answer: answer.clone(),
                message: message.clone(),
            });
            match answer {
                Answer::Accept => Ok(Delivered {
                    message_id: Some(format!("m{}", attempts.len())),
                }),
                Answer::RateLimit(retry_after) => Err(DeliveryError::RateLimited { retry_after }),
                Answer::ServerError => Err(DeliveryError::Transient("HTTP 500".to_string())),
                Answer::Refuse(code) => Err(DeliveryError::Permanent {
                    reason: code.to_string(),
                    hint: "invite the bot to the channel".to_string(),
                }),
            }
        })
    }

    fn min_interval(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn limits(&self) -> MessageLimits {
        self.limits
    }
}
