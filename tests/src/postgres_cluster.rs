//! A private PostgreSQL server for fault tests: a fresh cluster (`initdb`) in a
//! temporary folder, served on a free loopback port, which a test may stop and
//! start again at will without touching the shared server other tests use.
//! Dropping it stops the server and removes the folder.
//!
//! The binaries come from `pg_config --bindir`, else the newest
//! `/usr/lib/postgresql/*/bin`, else `PATH`. PostgreSQL refuses to run as root:
//! as root, every server command runs as the `postgres` OS user (through
//! `runuser`, else `setpriv`), which is given the folder. Without the binaries
//! (or, as root, without that user) the test is skipped with a notice, except
//! under CI (`CI` set), where it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The OS user the server runs as when the tests run as root.
const SERVER_USER: &str = "postgres";

/// A running (or stopped) PostgreSQL cluster of one test's own.
pub struct PostgresCluster {
    bin: PathBuf,
    run_as: Option<RunAs>,
    port: u16,
    /// Holds `data/` and the server's log; removed on drop.
    dir: tempfile::TempDir,
}

/// How to run a server command as [`SERVER_USER`], when we are root.
#[derive(Debug, Clone)]
struct RunAs {
    /// `runuser` or `setpriv`.
    tool: &'static str,
    uid: u32,
    gid: u32,
}

impl PostgresCluster {
    /// A new cluster, started; `None` (with a notice) when this machine cannot
    /// run one, outside CI. Panics if a cluster that could run does not start.
    pub fn start() -> Option<PostgresCluster> {
        let bin = match find_binaries() {
            Ok(bin) => bin,
            Err(why) => return skip(&why),
        };
        let run_as = if is_root() {
            match server_user() {
                Ok(run_as) => Some(run_as),
                Err(why) => return skip(&why),
            }
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            .prefix("dealbot-pg-")
            .tempdir()
            .expect("a temporary folder for the cluster");
        if let Some(RunAs { uid, gid, .. }) = &run_as {
            std::os::unix::fs::chown(dir.path(), Some(*uid), Some(*gid))
                .expect("the cluster's folder given to the postgres user");
        }
        let mut cluster = PostgresCluster {
            bin,
            run_as,
            port: 0,
            dir,
        };
        cluster.init();
        // A free port can be taken by someone else before the server binds it:
        // try another.
        for _ in 0..3 {
            cluster.port = crate::free_port().expect("a free port");
            cluster.configure();
            if cluster.pg_ctl(&["start", "-w", "-t", "60"]).is_ok() {
                return Some(cluster);
            }
        }
        panic!(
            "the private PostgreSQL cluster did not start:\n{}",
            cluster.log_tail()
        );
    }

    /// The URL of the cluster's `postgres` database (trust authentication).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server the way an operator restarting it would
    /// (`pg_ctl stop -m fast`: sessions are ended, the data is flushed) and
    /// waits until it is down.
    pub fn stop(&self) {
        if let Err(error) = self.pg_ctl(&["stop", "-m", "fast", "-w", "-t", "60"]) {
            panic!("PostgreSQL did not stop: {error}\n{}", self.log_tail());
        }
    }

    /// Starts the stopped server again, on the same port, and waits until it
    /// accepts connections.
    pub fn start_again(&self) {
        if let Err(error) = self.pg_ctl(&["start", "-w", "-t", "60"]) {
            panic!(
                "PostgreSQL did not start again: {error}\n{}",
                self.log_tail()
            );
        }
    }

    /// The end of the server's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    fn init(&self) {
        let data = self.data();
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"])
            .arg("--no-sync")
            .output()
            .expect("initdb runs");
        assert!(
            output.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Where and how the server listens: this port on loopback only, its socket
    /// in our folder (never the shared server's), and no fsync (a fast stop
    /// still writes everything out; only a machine crash would lose data).
    fn configure(&self) {
        let settings = format!(
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nfsync = off\n",
            self.port,
            self.dir.path().display()
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(self.data().join("postgresql.conf"))
            .and_then(|mut file| file.write_all(settings.as_bytes()))
            .expect("the cluster's settings written");
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let output = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.log_path())
            .args(args)
            .output()
            .map_err(|error| format!("pg_ctl does not run: {error}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "pg_ctl {}: {}{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// The server program `program`, run as the server's user.
    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut command = match &self.run_as {
            None => Command::new(program),
            Some(RunAs {
                tool: "runuser", ..
            }) => {
                let mut command = Command::new("runuser");
                command.args(["-u", SERVER_USER, "--"]).arg(program);
                command
            }
            Some(RunAs { tool, uid, gid }) => {
                let mut command = Command::new(tool);
                command
                    .arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .args(["--init-groups", "--"])
                    .arg(program);
                command
            }
        };
        // The server's user may not be allowed into the test's folder.
        command.current_dir(self.dir.path()).stdin(Stdio::null());
        command
    }
}

impl Drop for PostgresCluster {
    fn drop(&mut self) {
        // Whether it runs or not: an immediate stop is enough for a folder
        // about to be removed.
        let _ = self.pg_ctl(&["stop", "-m", "immediate", "-w", "-t", "30"]);
    }
}

/// Skips the test with a notice on stderr, or fails it under CI.
fn skip(why: &str) -> Option<PostgresCluster> {
    if std::env::var_os("CI").is_some() {
        panic!("CI must run the PostgreSQL fault tests, but {why}");
    }
    // Written to stderr directly: the test harness only captures print macros,
    // so the notice shows even though the test passes.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (PostgreSQL): {why}; install the PostgreSQL server to run it"
    );
    None
}

/// The folder holding `initdb`, `pg_ctl` and `postgres`.
fn find_binaries() -> Result<PathBuf, String> {
    let mut candidates = Vec::new();
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        if output.status.success() {
            candidates.push(PathBuf::from(
                String::from_utf8_lossy(&output.stdout).trim(),
            ));
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    versions.sort();
    candidates.extend(versions.into_iter().rev().map(|(_, bin)| bin));
    candidates.extend(std::env::var_os("PATH").map_or_else(Vec::new, |path| {
        std::env::split_paths(&path).collect::<Vec<_>>()
    }));
    candidates
        .into_iter()
        .find(|bin| has_server(bin))
        .ok_or_else(|| {
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres) in `pg_config --bindir`, \
             /usr/lib/postgresql/*/bin or PATH"
                .to_string()
        })
}

fn has_server(bin: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"]
        .iter()
        .all(|program| bin.join(program).is_file())
}

fn is_root() -> bool {
    id(&["-u"]).is_some_and(|uid| uid == 0)
}

/// How to become [`SERVER_USER`], with its uid and gid (to give it the folder).
fn server_user() -> Result<RunAs, String> {
    let (Some(uid), Some(gid)) = (id(&["-u", SERVER_USER]), id(&["-g", SERVER_USER])) else {
        return Err(format!(
            "the tests run as root, which PostgreSQL refuses, and there is no `{SERVER_USER}` user to run it as"
        ));
    };
    let tool = if on_path("runuser") {
        "runuser"
    } else if on_path("setpriv") {
        "setpriv"
    } else {
        return Err(format!(
            "the tests run as root, which PostgreSQL refuses, and neither runuser nor setpriv is there to run it as `{SERVER_USER}`"
        ));
    };
    Ok(RunAs { tool, uid, gid })
}

/// `id ARGS`, as a number.
fn id(args: &[&str]) -> Option<u32> {
    let output = Command::new("id").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
