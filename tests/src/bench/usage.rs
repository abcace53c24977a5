//! What a stretch of work cost this process: CPU time (user and kernel, every
//! thread) and thread switches, from `getrusage`. A benchmark divides them by
//! the commands it ran, to show where the time goes beside how fast it went.

use std::time::Duration;

use nix::sys::resource::{getrusage, UsageWho};
use nix::sys::time::TimeVal;

/// The process's totals so far.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub user: Duration,
    pub kernel: Duration,
    /// Voluntary and involuntary context switches, every thread summed.
    pub switches: i64,
}

impl Usage {
    /// The totals now; zero where the system will not say.
    pub fn now() -> Usage {
        match getrusage(UsageWho::RUSAGE_SELF) {
            Ok(usage) => Usage {
                user: duration(usage.user_time()),
                kernel: duration(usage.system_time()),
                switches: usage.voluntary_context_switches() + usage.involuntary_context_switches(),
            },
            Err(_) => Usage {
                user: Duration::ZERO,
                kernel: Duration::ZERO,
                switches: 0,
            },
        }
    }

    /// What was spent since `earlier`.
    pub fn since(self, earlier: Usage) -> Usage {
        Usage {
            user: self.user.saturating_sub(earlier.user),
            kernel: self.kernel.saturating_sub(earlier.kernel),
            switches: self.switches - earlier.switches,
        }
    }

    /// CPU microseconds (user, kernel) and switches per unit of work.
    pub fn per(self, count: usize) -> (f64, f64, f64) {
        let count = count.max(1) as f64;
        (
            self.user.as_secs_f64() * 1e6 / count,
            self.kernel.as_secs_f64() * 1e6 / count,
            self.switches as f64 / count,
        )
    }
}

fn duration(time: TimeVal) -> Duration {
    let micros = time.tv_sec() * 1_000_000 + time.tv_usec();
    Duration::from_micros(u64::try_from(micros).unwrap_or(0))
}
