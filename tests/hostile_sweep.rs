//! Hostile input found by a sweep over classes of input (encodings, sizes, PIN shapes in file
//! names and arguments, paths that are not UTF-8): each case is what broke, named after it.
//! Every run is under a watchdog; a run that must stay fast says so with its own bound.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Writes `bytes` to a file of the test's own under the target's temporary folder.
fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-sweep");
    std::fs::create_dir_all(&dir).expect("the test can make its folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the test can write its input");
    path
}

/// Runs the binary with `args`, under a 60-second watchdog: exit code, stdout and stderr.
fn run<I, S>(args: I) -> (Option<i32>, String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The example plan's text.
fn bsp_plan() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
        .expect("the example plan")
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "a bound on time is for release builds; a debug build is ten times slower"
)]
fn many_six_digit_values_under_unknown_keys_are_read_in_linear_time() {
    // Each value is both a secret the reader found and a possible PIN on its line; each line's
    // range was checked against every secret: 60,000 took 8 s, 300,000 over a minute.
    let plan = bsp_plan();
    let keys: String = (0..150_000)
        .map(|i| format!("  k{i}: {}\n", 300_000 + i))
        .collect();
    let path = write(
        "unknown-six-digit-values.yaml",
        plan.replacen("version: 1\n", &format!("version: 1\nextra:\n{keys}"), 1)
            .as_bytes(),
    );
    let started = Instant::now();
    let (code, stdout, _) = run([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let took = started.elapsed();
    assert_eq!(code, Some(1));
    assert!(stdout.contains("\"pin-in-plan\""), "{}", &stdout[..500]);
    assert!(!stdout.contains("300000") && !stdout.contains("449999"));
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
