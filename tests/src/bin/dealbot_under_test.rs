//! The `dealbot` binary, built inside the test crate so the integration tests can
//! run it as a separate process (to pipe a shell session into it, or `kill -9` it).

fn main() -> std::process::ExitCode {
    dealbot::cli::main()
}
