//! The `dealbot` binary: see `dealbot --help`.

fn main() -> std::process::ExitCode {
    dealbot::cli::main()
}
