//! Timeouts for slow and idle clients, per connection. A connection is idle
//! (waiting for a request), reading a request's head, or busy (the request is
//! being handled): an idle connection is closed after the idle timeout, one
//! that started a request but has not finished its headers after the header
//! timeout. A client trickling a byte every few seconds so cannot hold a
//! socket for long. The body has its own deadline (see `body`).

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

const IDLE: u8 = 0;
const HEAD: u8 = 1;
const BUSY: u8 = 2;

/// Where one connection stands, and since when.
pub(super) struct Activity {
    phase: AtomicU8,
    /// Milliseconds from `origin` to the start of the current phase.
    since_ms: AtomicU64,
    origin: Instant,
}

/// How long each phase may last.
#[derive(Debug, Clone, Copy)]
pub(super) struct Timeouts {
    pub header: Duration,
    pub idle: Duration,
}

impl Activity {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Activity {
            phase: AtomicU8::new(IDLE),
            since_ms: AtomicU64::new(0),
            origin: Instant::now(),
        })
    }

    fn enter(&self, phase: u8) {
        let elapsed = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.since_ms.store(elapsed, Ordering::Relaxed);
        self.phase.store(phase, Ordering::Release);
    }

    /// A request's head has been read: it is being handled.
    pub(super) fn busy(&self) {
        self.enter(BUSY);
    }

    /// The response is written: waiting for the next request.
    pub(super) fn idle(&self) {
        self.enter(IDLE);
    }

    fn bytes_arrived(&self) {
        if self.phase.load(Ordering::Acquire) == IDLE {
            self.enter(HEAD);
        }
    }

    /// When the current phase runs out; `None` while a request is handled.
    pub(super) fn deadline(&self, timeouts: Timeouts) -> Option<Instant> {
        let limit = match self.phase.load(Ordering::Acquire) {
            IDLE => timeouts.idle,
            HEAD => timeouts.header,
            _ => return None,
        };
        let since = Duration::from_millis(self.since_ms.load(Ordering::Relaxed));
        Some(self.origin + since + limit)
    }
}

/// A socket that tells its [`Activity`] when a request's first bytes arrive.
pub(super) struct Watched<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> Watched<T> {
    pub(super) fn new(inner: T, activity: Arc<Activity>) -> Self {
        Watched { inner, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_arrived();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn each_phase_has_its_own_deadline() {
        let timeouts = Timeouts {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
        };
        let activity = Activity::new();
        let start = Instant::now();
        assert_eq!(activity.deadline(timeouts), Some(start + timeouts.idle));
        tokio::time::advance(Duration::from_secs(5)).await;
        activity.bytes_arrived();
        assert_eq!(
            activity.deadline(timeouts),
            Some(start + Duration::from_secs(15)),
            "the head must be in within 10 s of its first byte"
        );
        activity.bytes_arrived();
        assert_eq!(
            activity.deadline(timeouts),
            Some(start + Duration::from_secs(15)),
            "later bytes of the head do not extend it"
        );
        activity.busy();
        assert_eq!(activity.deadline(timeouts), None);
        tokio::time::advance(Duration::from_secs(2)).await;
        activity.idle();
        assert_eq!(
            activity.deadline(timeouts),
            Some(start + Duration::from_secs(67))
        );
    }
}
