//! The `wamigrate` binary: a thin shell around [`wamigrate::cli::main`].

fn main() -> std::process::ExitCode {
    wamigrate::cli::main()
}
