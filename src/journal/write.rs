//! Appending one event, durably and one writer at a time.
//!
//! The journal is locked (an exclusive advisory lock on the file, which every `wamigrate record`
//! takes) while it is read, the new event checked against it and appended, so two people
//! recording at once on one machine are serialised and each sees the other's event. The line is
//! written with one `write` call and flushed to the disk (`fsync`) before the lock is released
//! and success reported. When a crash left a torn final line, the new event starts on a fresh
//! line, so the torn line stays what it was and is reported, never merged into a good one.
//! Nothing is ever rewritten in place.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use crate::journal::Event;
use crate::journal::read::Journal;

/// Test hook, in debug builds only (the test suite's): when this variable is set, the writer
/// writes half of the line, flushes it and waits, so a test can kill it in the middle of an
/// append (`tests/journal.rs`). A release binary never looks at it.
pub const TEAR_HOOK: &str = "WAMIGRATE_TEST_PAUSE_MID_APPEND";

/// How long `record` waits for another writer to release the journal before giving up.
pub const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Test hook, in debug builds only: a shorter lock timeout in milliseconds, so the test suite
/// can see `record` give up without waiting half a minute.
pub const LOCK_TIMEOUT_HOOK: &str = "WAMIGRATE_TEST_LOCK_TIMEOUT_MS";

fn lock_timeout() -> std::time::Duration {
    if cfg!(debug_assertions)
        && let Some(ms) = std::env::var(LOCK_TIMEOUT_HOOK)
            .ok()
            .and_then(|v| v.parse().ok())
    {
        return std::time::Duration::from_millis(ms);
    }
    LOCK_TIMEOUT
}

/// An event appended.
#[derive(Debug)]
pub struct Appended {
    /// The event.
    pub event: Event,
    /// Its 1-based line in the journal.
    pub line: u32,
}

/// Locks the journal at `path` (creating it when missing), reads it, lets `decide` check the
/// new event against what it holds, and appends the event it returns. `decide`'s refusal is
/// handed back untouched, with nothing written.
///
/// # Errors
/// When the journal cannot be opened, locked, read, written or flushed.
pub fn append<E>(
    path: &Path,
    waiting: impl FnOnce(),
    mut decide: impl FnMut(&Journal) -> Result<Event, E>,
) -> io::Result<Result<Appended, E>> {
    // A device or a pipe in the journal's place would take the event and keep nothing (or never
    // end when read): only a regular file, or none yet, is a journal.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(io::Error::other(
            "it is not a regular file; a journal is a file that events are appended to",
        ));
    }
    let created = !path.exists();
    if created {
        // Refused against an empty journal: refused for good, and no empty file is left behind.
        // (Accepted: decided again under the lock, as another writer may have created it since.)
        if let Err(refused) = decide(&Journal::empty(&path.display().to_string())) {
            return Ok(Err(refused));
        }
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)?;
    lock(&file, waiting)?;
    let result = locked_append(&mut file, path, &mut decide);
    // Unlocked when `file` is dropped; said explicitly so the order is plain.
    let _ = file.unlock();
    // Nothing written to a journal this call created: no empty file is left behind.
    if created
        && !matches!(result, Ok(Ok(_)))
        && std::fs::metadata(path).is_ok_and(|m| m.len() == 0)
    {
        let _ = std::fs::remove_file(path);
        return result;
    }
    if created && let Some(dir) = path.parent() {
        // The new file's directory entry must reach the disk too (best effort: not every
        // platform lets a directory be opened).
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    result
}

/// Takes the journal's lock, calling `waiting` once if another writer holds it, and giving up
/// after [`LOCK_TIMEOUT`].
fn lock(file: &File, waiting: impl FnOnce()) -> io::Result<()> {
    match file.try_lock() {
        Ok(()) => return Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => waiting(),
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    let started = std::time::Instant::now();
    let timeout = lock_timeout();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < timeout => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another process has held the journal's lock for {} s; nothing was recorded",
                        timeout.as_secs()
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

fn locked_append<E>(
    file: &mut File,
    path: &Path,
    decide: &mut impl FnMut(&Journal) -> Result<Event, E>,
) -> io::Result<Result<Appended, E>> {
    file.seek(SeekFrom::Start(0))?;
    // Read a chunk at a time, as the readers do (a fleet's journal is about 100 MB).
    let (journal, tail) = super::read::read_open(path, &mut *file)?;
    let (fresh, pieces) = (tail.open, tail.lines);
    let event = match decide(&journal) {
        Ok(event) => event,
        Err(refused) => return Ok(Err(refused)),
    };
    let mut line = Vec::with_capacity(256);
    if fresh {
        line.push(b'\n');
    }
    serde_json::to_writer(&mut line, &event).map_err(io::Error::from)?;
    line.push(b'\n');
    // Never a line the readers would refuse: every later report would fail on it, and every
    // later `record` with it, until someone mended the journal by hand.
    if let Some(problem) = super::read::problem_of_line(&line) {
        return Err(io::Error::other(format!(
            "the event would not read back ({problem}); nothing was recorded"
        )));
    }
    let number = pieces + usize::from(fresh);
    if cfg!(debug_assertions) && std::env::var_os(TEAR_HOOK).is_some() {
        let half = line.len() / 2;
        file.write_all(&line[..half])?;
        file.sync_data()?;
        std::thread::sleep(std::time::Duration::from_secs(60));
        file.write_all(&line[half..])?;
    } else {
        file.write_all(&line)?;
    }
    file.sync_data()?;
    Ok(Ok(Appended {
        event,
        line: u32::try_from(number).unwrap_or(u32::MAX),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// An event; `id` is padded with `z` to an id as `record` writes it.
    fn event(id: &str) -> Event {
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 12, 5, 22, 0, 0)
            .single()
            .expect("valid");
        Event {
            id: format!("{id:z<20}").into(),
            recorded: t,
            at: t,
            number: "+14155550100".into(),
            step: "save-integration".into(),
            event: crate::journal::EventKind::Started,
            by: None,
            plan: "sha256:aaaaaaaaaaaaaaaa".into(),
            more: None,
        }
    }

    #[test]
    fn an_append_after_a_torn_line_starts_on_a_fresh_line() {
        let dir = std::env::temp_dir().join(format!("wamigrate-append-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("p.journal");
        std::fs::write(&path, b"{\"id\":\"torn\",\"recor").expect("write");
        let appended = append::<()>(
            &path,
            || {},
            |j| {
                assert_eq!(j.torn.listed(), [1]);
                Ok(event("next"))
            },
        )
        .expect("io")
        .expect("accepted");
        assert_eq!(appended.line, 2);
        let text = std::fs::read_to_string(&path).expect("read");
        let j = crate::journal::read::parse("p.journal", text.as_bytes());
        assert_eq!(j.torn.listed(), [1]);
        assert_eq!(j.events.len(), 1);
        assert_eq!(j.events[0].line, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_event_that_would_not_read_back_is_never_written() {
        let dir = std::env::temp_dir().join(format!("wamigrate-readback-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("p.journal");
        std::fs::write(&path, b"").expect("write");
        let mut bad = event("bad");
        bad.step = "two words".into();
        let result = append::<()>(&path, || {}, |_| Ok(bad.clone()));
        let error = result.expect_err("refused before writing");
        assert!(error.to_string().contains("would not read back"), "{error}");
        assert_eq!(std::fs::read(&path).expect("read").len(), 0);
        // A journal this call would have created is not left behind empty.
        std::fs::remove_file(&path).expect("remove");
        let result = append::<()>(&path, || {}, |_| Ok(bad.clone()));
        assert!(result.is_err());
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_refusal_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("wamigrate-refuse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("p.journal");
        let refused = append(&path, || {}, |_| Err::<Event, _>("no")).expect("io");
        assert!(matches!(refused, Err("no")));
        assert!(!path.exists(), "no empty journal is left behind");
        std::fs::write(&path, b"").expect("write");
        let refused = append(&path, || {}, |_| Err::<Event, _>("no")).expect("io");
        assert!(matches!(refused, Err("no")));
        assert_eq!(std::fs::read(&path).expect("read").len(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
