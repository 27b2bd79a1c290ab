//! Printing an HTML page to PDF with headless Chromium, for the print tests of `checklist` and
//! `runbook`: whether the tools are here, and the print itself.
//!
//! Without Chromium a print test prints a skip note, and fails only when
//! `WAMIGRATE_REQUIRE_BROWSER=1` (CI sets it, and installs Chromium).

use std::process::{Command, Stdio};

/// Whether `program` runs here.
pub fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Whether Chromium and poppler are here to print with; without them a print test is skipped,
/// unless `WAMIGRATE_REQUIRE_BROWSER=1`.
#[allow(
    clippy::print_stdout,
    reason = "a skipped test says why in the test output"
)]
pub fn can_print() -> bool {
    let required = std::env::var("WAMIGRATE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if !installed("chromium") || !installed("pdftotext") || !installed("pdfinfo") {
        assert!(
            !required,
            "WAMIGRATE_REQUIRE_BROWSER=1 but chromium, pdftotext or pdfinfo is missing"
        );
        println!(
            "skipped: chromium or poppler-utils not installed (WAMIGRATE_REQUIRE_BROWSER=1 makes this fail)"
        );
        return false;
    }
    true
}

/// Prints `html` to `pdf` with headless Chromium (its profile in `dir`).
pub fn print_to_pdf(dir: &std::path::Path, html: &std::path::Path, pdf: &std::path::Path) {
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", dir.join("profile").display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success() && pdf.exists(), "chromium printed no PDF");
}
