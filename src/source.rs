//! The plan file as read: its name, its text, positions into it, and what of it must never be
//! shown.
//!
//! Every value a user wrote keeps a [`Span`] (byte range plus 1-based line and column) so that any
//! diagnostic, however late in the pipeline, can point at the exact place in the file.
//!
//! A [`SourceFile`] also carries its [`Redaction`]: the byte ranges the YAML reader found to hold
//! secrets (the value of a PIN-like key, of an unknown key, a PIN written as a key), and the point
//! from which the reader could not follow the text at all. Snippets are cut from the text only
//! through [`SourceFile::snippet_text`], which masks those ranges, so a diagnostic cannot echo a
//! PIN whatever its wording. A file that has not been through the reader is untrusted from its
//! first byte: every digit of it is masked.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

/// A located range of the plan text: byte offset and length, 1-based line and column.
///
/// Offsets fit in `u32`: plans are refused above [`crate::plan::load::MAX_PLAN_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset of the first byte.
    pub offset: u32,
    /// Length in bytes (0 for a point).
    pub len: u32,
}

impl Span {
    /// The byte range of the span.
    #[must_use]
    pub fn range(self) -> Range<usize> {
        let start = self.offset as usize;
        start..start + self.len as usize
    }

    /// The span that covers `self` through the end of `other` (on `self`'s line and column).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        let end = (other.offset + other.len).max(self.offset + self.len);
        Span {
            len: end - self.offset,
            ..self
        }
    }
}

/// What of a file must not be shown: secret byte ranges, and where the reader stopped
/// understanding the text.
#[derive(Debug, Clone, Default)]
pub struct Redaction {
    /// Byte ranges holding secrets (sorted, may overlap).
    secrets: Vec<Range<u32>>,
    /// The same ranges merged where they overlap or touch (sorted, disjoint), so whether a byte
    /// is masked is one binary search however many secrets a file holds.
    merged: Vec<Range<u32>>,
    /// The reader could not follow the text from this byte on (a syntax error, bytes that are not
    /// UTF-8): every digit from here on is masked, since nothing says which are secret.
    untrusted_from: Option<u32>,
}

impl Redaction {
    /// Nothing is trusted: what a file is before the reader has seen it.
    #[must_use]
    pub fn untrusted() -> Redaction {
        Redaction {
            secrets: Vec::new(),
            merged: Vec::new(),
            untrusted_from: Some(0),
        }
    }

    /// The reader followed the whole text and found these secret ranges.
    #[must_use]
    pub fn read(secrets: Vec<Range<u32>>, untrusted_from: Option<u32>) -> Redaction {
        Redaction::read_with(secrets, &[], untrusted_from)
    }

    /// [`Redaction::read`], with ranges that are masked in snippets only: what may be a secret
    /// but may as well be a ticket number in a comment, not masked wherever else its text
    /// appears (a phone number may hold the same six digits).
    #[must_use]
    pub fn read_with(
        mut secrets: Vec<Range<u32>>,
        snippets_only: &[Range<u32>],
        untrusted_from: Option<u32>,
    ) -> Redaction {
        secrets.sort_by_key(|r| (r.start, r.end));
        let mut all: Vec<&Range<u32>> = secrets.iter().chain(snippets_only).collect();
        all.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<u32>> = Vec::with_capacity(all.len());
        for r in all {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r.clone()),
            }
        }
        Redaction {
            secrets,
            merged,
            untrusted_from,
        }
    }

    /// Whether byte `offset` is masked when it holds a character of class `digit`.
    fn masks(&self, offset: u32, is_digit: bool) -> bool {
        if is_digit && self.untrusted_from.is_some_and(|from| offset >= from) {
            return true;
        }
        let i = self.merged.partition_point(|r| r.start <= offset);
        i > 0 && offset < self.merged[i - 1].end
    }

    /// Whether any secret range was found.
    #[must_use]
    pub fn has_secrets(&self) -> bool {
        !self.secrets.is_empty()
    }
}

/// A plan file's name (as the user gave it, `<stdin>` for standard input), its UTF-8 text, and
/// what of it must not be shown.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given on the command line, or `<stdin>`.
    pub name: String,
    /// The whole text of the file.
    text: String,
    /// Secret ranges; untrusted until the reader has read the text.
    redaction: Redaction,
    /// Byte offset of the start of every line, built on first use.
    line_starts: OnceLock<Vec<u32>>,
    /// How many characters begin before each block of [`BLOCK`] bytes, built on first use: a
    /// column is then counted within one block, not from the start of a line that may be the
    /// whole file (a plan written as one line of JSON has one diagnostic per entry).
    chars_before_block: OnceLock<Vec<u32>>,
    /// Whether the text is gone ([`SourceFile::release_text`]): places are then named, not shown.
    released: bool,
    /// For a text made of pieces of a larger one ([`SourceFile::with_line_map`]): where each
    /// piece starts, as (its line here, its line there), sorted.
    line_map: Vec<(u32, u32)>,
}

/// Bytes of a block of [`SourceFile::chars_before_block`].
const BLOCK: usize = 4096;

/// How many characters begin in `bytes` (bytes that do not continue a UTF-8 sequence).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// The mask shown instead of a secret character.
pub const MASK: char = '*';

impl SourceFile {
    /// A source file from a name and its text, untrusted until [`SourceFile::set_redaction`].
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            redaction: Redaction::untrusted(),
            line_starts: OnceLock::new(),
            chars_before_block: OnceLock::new(),
            released: false,
            line_map: Vec::new(),
        }
    }

    /// Says the text is made of runs of lines of a larger text: `map` lists where each run
    /// starts, as (its line in this text, its line in the larger one), sorted; places are shown
    /// with the larger text's line numbers.
    #[must_use]
    pub fn with_line_map(mut self, map: Vec<(u32, u32)>) -> SourceFile {
        self.line_map = map;
        self
    }

    /// The line number to show for line `line` of this text (see [`SourceFile::with_line_map`]).
    #[must_use]
    pub fn display_line(&self, line: u32) -> u32 {
        let i = self.line_map.partition_point(|&(here, _)| here <= line);
        match i.checked_sub(1).and_then(|i| self.line_map.get(i)) {
            Some(&(here, there)) => there + (line - here),
            None => line,
        }
    }

    /// A file known by its name only (its text is not at hand): diagnostics in it name their
    /// places without showing them.
    #[must_use]
    pub fn without_text(name: impl Into<String>) -> SourceFile {
        let mut file = SourceFile::new(name, "");
        file.release_text();
        file
    }

    /// Whether the text is at hand (see [`SourceFile::release_text`]).
    #[must_use]
    pub fn has_text(&self) -> bool {
        !self.released
    }

    /// The whole text (for the reader; never printed as such).
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Lets go of the text once nothing will be shown from it (a fleet's plan is tens of
    /// megabytes): the name stays, the text is empty, and no snippet is shown from it after.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.line_starts = OnceLock::new();
        self.chars_before_block = OnceLock::new();
        self.released = true;
    }

    /// Records what the reader found about secrets in the text.
    pub fn set_redaction(&mut self, redaction: Redaction) {
        self.redaction = redaction;
    }

    /// What must not be shown.
    #[must_use]
    pub fn redaction(&self) -> &Redaction {
        &self.redaction
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0_u32];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            starts
        })
    }

    /// How many lines the text has.
    #[must_use]
    pub fn line_count(&self) -> u32 {
        u32::try_from(self.line_starts().len()).unwrap_or(u32::MAX)
    }

    /// Byte range of the 1-based line `line`, without its line break; `None` past the end.
    #[must_use]
    pub fn line_range(&self, line: u32) -> Option<Range<usize>> {
        let starts = self.line_starts();
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)? as usize;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| (*next as usize).saturating_sub(1));
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// The 1-based line and column of a byte offset (clamped to the text; an offset inside a
    /// character counts as that character).
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|s| (*s as usize) <= offset).max(1);
        let start = starts[line - 1] as usize;
        // Characters that begin before `offset` on its line (one inside a character counts it):
        // counted directly on a line of usual length, through the blocks' counts on a long one.
        let offset = offset.max(start);
        let column = if offset - start <= BLOCK {
            char_starts(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        } + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// How many characters begin before byte `offset` (at most the text's length).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let blocks = self.chars_before_block.get_or_init(|| {
            let mut total = 0_usize;
            let mut counts = vec![0_u32];
            for block in bytes.chunks(BLOCK) {
                total += char_starts(block);
                counts.push(u32::try_from(total).unwrap_or(u32::MAX));
            }
            counts
        });
        let block = offset / BLOCK;
        let before = blocks.get(block).map_or(0, |c| *c as usize);
        before + char_starts(&bytes[block * BLOCK..offset])
    }

    /// A span from a byte range, with its line and column.
    #[must_use]
    pub fn span_of(&self, range: Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        let (line, column) = self.line_column(start);
        Span {
            line,
            column,
            offset: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(range.end.saturating_sub(start)).unwrap_or(0),
        }
    }

    /// The text of lines `first..=last` (1-based), with every secret character replaced by
    /// [`MASK`] one for one (byte offsets into the result are the text's offsets minus the first
    /// line's start for ASCII secrets; a multi-byte secret character becomes as many masks as it
    /// had bytes, so offsets stay exact). Returns the text and the byte offset of its first line.
    #[must_use]
    pub fn snippet_text(&self, first: u32, last: u32) -> Option<(String, usize)> {
        let range = self.lines_range(first, last)?;
        let start = range.start;
        Some((self.masked_text(range)?, start))
    }

    /// The 1-based line holding byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> u32 {
        let starts = self.line_starts();
        let line = starts.partition_point(|s| (*s as usize) <= offset).max(1);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The byte range of lines `first..=last` (1-based), line ends excluded.
    #[must_use]
    pub fn lines_range(&self, first: u32, last: u32) -> Option<Range<usize>> {
        let start = self.line_range(first)?.start;
        let end = self.line_range(last.max(first))?.end;
        Some(start..end)
    }

    /// The text of `range` (on character boundaries) with every secret character masked one
    /// for one, as [`SourceFile::snippet_text`] does for whole lines.
    #[must_use]
    pub fn masked_text(&self, range: Range<usize>) -> Option<String> {
        let start = range.start;
        let slice = self.text.get(range)?;
        let mut out = String::with_capacity(slice.len());
        for (i, c) in slice.char_indices() {
            let offset = u32::try_from(start + i).unwrap_or(u32::MAX);
            if c != '\n' && self.redaction.masks(offset, crate::secret::is_numeric(c)) {
                for _ in 0..c.len_utf8() {
                    out.push(MASK);
                }
            } else {
                out.push(c);
            }
        }
        Some(out)
    }

    /// The values inside secret ranges that could be a PIN (runs of six or more digits), longest
    /// first: the CLI masks them in everything it writes, as a second guard behind the snippets.
    #[must_use]
    pub fn secret_values(&self) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for range in &self.redaction.secrets {
            let text = self
                .text
                .get(range.start as usize..(range.end as usize).min(self.text.len()))
                .unwrap_or("");
            // Runs of digits of any script, as written and as split for people (`482 915`,
            // `４８２９１５`): a message may quote the value either way.
            let mut add = |value: &str| {
                if seen.insert(value.to_string()) {
                    values.push(value.to_string());
                }
            };
            for run in text.split(|c: char| !crate::secret::is_numeric(c)) {
                if run.chars().count() >= 6 {
                    add(run);
                }
            }
            crate::secret::each_digit_group(text, |g| {
                if g.digits >= 6 {
                    add(&text[g.range]);
                }
            });
        }
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values
    }

    /// The text of one line as shown in a snippet (secrets masked).
    #[must_use]
    pub fn shown_line(&self, line: u32) -> Option<String> {
        self.snippet_text(line, line).map(|(text, _)| text)
    }
}

/// How long a named pipe given as an input may wait for a process to write to it.
const PIPE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens an input file (a plan, a journal). Opening a named pipe waits until some process opens
/// it to write, which may be never: that wait is given up after five seconds, an error that says
/// so rather than a process that hangs.
///
/// # Errors
/// The file cannot be opened, or no writer came to the named pipe in time.
pub fn open_input(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            let (sender, receiver) = std::sync::mpsc::channel();
            let opening = path.to_path_buf();
            // Left behind, blocked, when no writer comes: the process ends without it.
            std::thread::spawn(move || {
                let _ = sender.send(std::fs::File::open(&opening));
            });
            return receiver.recv_timeout(PIPE_WAIT).unwrap_or_else(|_| {
                Err(std::io::Error::other(format!(
                    "it is a named pipe, and no process opened it to write within {} s",
                    PIPE_WAIT.as_secs()
                )))
            });
        }
    }
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, secrets: Vec<Range<u32>>) -> SourceFile {
        let mut file = SourceFile::new("t.yaml", text);
        file.set_redaction(Redaction::read(secrets, None));
        file
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let file = read("a: 1\nnom: é x\r\nlast", Vec::new());
        assert_eq!(file.line_count(), 3);
        assert_eq!(&file.text()[file.line_range(2).unwrap()], "nom: é x");
        assert_eq!(file.line_column(0), (1, 1));
        // `x` follows the two-byte `é`: byte 13, column 8.
        assert_eq!(file.line_column(13), (2, 8));
        assert_eq!(file.line_range(4), None);
    }

    #[test]
    fn secret_ranges_are_masked_one_for_one() {
        let text = "pin: 481516\nname: ok\n";
        let file = read(text, std::iter::once(5..11).collect());
        assert_eq!(file.shown_line(1).unwrap(), "pin: ******");
        assert_eq!(file.shown_line(2).unwrap(), "name: ok");
    }

    #[test]
    fn overlapping_nested_and_touching_secrets_mask_exactly_their_union() {
        let text = "0123456789abcdefghij\n";
        // 2..6 holds 3..4; 8..10 touches 10..12; 15..16 alone.
        let file = read(text, vec![3..4, 2..6, 10..12, 8..10, 15..16]);
        assert_eq!(file.shown_line(1).unwrap(), "01****67****cde*ghij");
    }

    #[test]
    fn thousands_of_secrets_are_masked_in_one_search_each() {
        // A line with 20,000 secret ranges used to be masked by a scan over every range before
        // each byte: quadratic, minutes for a 200 KB line. Correctness at that size here; the
        // time is the hostile test's watchdog.
        let text: String = (0..20_000).map(|_| "ab ").collect();
        let secrets: Vec<Range<u32>> = (0..20_000_u32).map(|i| i * 3..i * 3 + 2).collect();
        let file = read(&text, secrets);
        let shown = file.shown_line(1).unwrap();
        assert!(
            shown
                .split(' ')
                .filter(|w| !w.is_empty())
                .all(|w| w == "**")
        );
    }

    #[test]
    fn an_unread_file_masks_every_digit() {
        let file = SourceFile::new("t.yaml", "pin: 481516 x\n");
        assert_eq!(file.shown_line(1).unwrap(), "pin: ****** x");
    }

    #[test]
    fn multi_byte_secret_characters_keep_byte_offsets() {
        let text = "k: \"é1\" z\n";
        let file = read(text, std::iter::once(3..8).collect());
        let shown = file.shown_line(1).unwrap();
        assert_eq!(shown.len(), text.trim_end().len());
        assert!(!shown.contains('é'));
        assert!(shown.ends_with(" z"));
    }

    #[test]
    fn untrusted_tail_masks_digits_only() {
        let mut file = SourceFile::new("t.yaml", "a: 12\nb: x 34\n");
        file.set_redaction(Redaction::read(Vec::new(), Some(6)));
        assert_eq!(file.shown_line(1).unwrap(), "a: 12");
        assert_eq!(file.shown_line(2).unwrap(), "b: x **");
    }

    /// Line and column counted from the start, character by character.
    fn line_column_by_walking(text: &str, offset: usize) -> (u32, u32) {
        let (mut line, mut column) = (1, 1);
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Columns counted through the blocks' counts agree with walking the text, on short
        /// lines and on lines many blocks long, with characters of one to four bytes, at every
        /// offset (inside a character too).
        #[test]
        fn columns_agree_with_walking_the_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "\n", "é", "\u{a0}", "€", "𝄞", "abcdefgh"]),
                0..3000,
            ),
            repeat in 1_usize..6,
            one_line: bool,
        ) {
            let mut text = pieces.concat().repeat(repeat);
            if one_line {
                text.retain(|c| c != '\n');
            }
            let file = SourceFile::new("t", text.clone());
            for offset in (0..=text.len() + 2).step_by(7) {
                proptest::prop_assert_eq!(
                    file.line_column(offset),
                    line_column_by_walking(&text, offset.min(text.len())),
                    "offset {}", offset
                );
            }
        }
    }
}
