//! The `dealbot` binary as an operator runs it: how long `dealbot run` takes to
//! be ready, its resident memory when idle, and its peak during a nag sweep
//! over a million deals.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The release `dealbot` binary beside this one (`cargo build --release --workspace`).
pub fn dealbot_binary() -> anyhow::Result<PathBuf> {
    let here = std::env::current_exe()?;
    let binary = here
        .parent()
        .map(|dir| dir.join("dealbot"))
        .ok_or_else(|| anyhow::anyhow!("no folder around {}", here.display()))?;
    if !binary.exists() {
        anyhow::bail!(
            "{} is missing: run `cargo build --release --workspace` first",
            binary.display()
        );
    }
    Ok(binary)
}

/// `dealbot run` on `database`, with extra environment.
pub fn start(database: &str, env: &[(&str, &str)]) -> anyhow::Result<(Child, String)> {
    let address = format!("127.0.0.1:{}", crate::free_port()?);
    let mut command = Command::new(dealbot_binary()?);
    command
        .args(["--config", crate::SHIPPED_CONFIG, "run"])
        .env("DATABASE_URL", database)
        .env("DEALBOT_SERVER_BIND", &address)
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    Ok((command.spawn()?, address))
}

/// The status code of `GET path`, if the server answers.
pub fn get_status(address: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

/// Waits until `/readyz` answers 200; how long it took.
pub fn wait_ready(address: &str, started: Instant) -> anyhow::Result<Duration> {
    while started.elapsed() < Duration::from_secs(60) {
        if get_status(address, "/readyz") == Some(200) {
            return Ok(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    anyhow::bail!("dealbot was not ready within a minute")
}

/// A `/proc/PID/status` figure in kB (`VmRSS`, `VmHWM`).
pub fn memory_kb(pid: u32, field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .ok_or_else(|| anyhow::anyhow!("no {field} for process {pid}"))
}

/// Stops a child with SIGTERM and waits for it.
pub fn stop(mut child: Child) -> anyhow::Result<()> {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()?;
    child.wait()?;
    Ok(())
}
