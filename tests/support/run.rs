//! Running the built `wamigrate` as the snapshot suites do: from the crate root (so example plans
//! are found by their relative paths), with any forced colour from the environment removed, and
//! every stream required to be UTF-8.
//!
//! Each suite includes this file with `#[path = "support/run.rs"] mod runner;` and uses the runner it
//! needs; the other is then unused in that suite.
#![allow(dead_code)]

use assert_cmd::cargo::cargo_bin_cmd;

/// Exit code, stdout and stderr of `wamigrate <args>` run from the crate root.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let mut cmd = cargo_bin_cmd!("wamigrate");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .args(args);
    finish(&mut cmd)
}

/// [`run`] with `stdin` fed in, for plans given as `-`.
pub fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut cmd = cargo_bin_cmd!("wamigrate");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .write_stdin(stdin);
    finish(&mut cmd)
}

fn finish(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let output = cmd.output().expect("wamigrate runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}
