//! The problems the plan stage reports: reading the file, its YAML, the shape of every key and
//! value, and every value's meaning (numbers, times, durations, ids). The wording of each lives
//! here, in one `Display` and one `help`; the codes are listed in `docs/diagnostics.md`.
//!
//! No message echoes a value that could be a PIN: a key with a run of four or more digits, or a
//! value with a run of six or more, is described, not quoted, wherever it could have come from a
//! secret place.

use std::fmt::{self, Write as _};

use crate::diagnostic::Kind;
use crate::plan::phone::PhoneProblemKind;
use crate::plan::yaml::{Limit, SyntaxProblem};

/// Where a PIN was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinPlace {
    /// Under a key that names a PIN or password.
    Key,
    /// As the value of `pin_known`, which only takes `true` or `false`.
    PinKnownValue,
    /// Through an alias of a value written under such a key.
    Alias,
    /// In a value that is not free text (an id, a time, a name of a kind): six digits alone, or
    /// next to a word like "PIN".
    Value,
    /// In a comment, or anywhere else on a line the reader does not take as a value.
    Line,
    /// In free text next to a word like "PIN" (a title, a note, a name).
    Text {
        /// The key whose text it is.
        key: &'static str,
    },
}

/// Why a duration cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationProblem {
    /// Not a number with a unit.
    Unreadable,
    /// A range whose start is after its end (`3bd..2bd`).
    Reversed,
    /// A range mixing minutes-like units with business days (`30m..1bd`).
    MixedUnits,
    /// Only minutes, hours or days are allowed here (a downtime budget).
    MinutesOnly,
    /// Longer than any migration step (over ten years).
    TooLong,
}

/// Why an id cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// Empty.
    Empty,
    /// Holds a character that cannot be seen or that reorders text (zero-width, bidi control).
    Invisible(char),
    /// Holds white space or a control character.
    Space(char),
    /// Holds a compatibility form of another character (a fullwidth `ｅ`, a ligature `ﬁ`), which
    /// looks like the plain one and compares different; `plain` is that plain form.
    Compatibility {
        /// The character.
        character: char,
        /// What it stands for (Unicode's NFKC of it).
        plain: String,
    },
    /// Holds a Cyrillic or Greek letter among Latin ones in one word: the text reads like a
    /// Latin word and is not one (`eu-сentral-1` with a Cyrillic `с`).
    MixedScript {
        /// The letter.
        character: char,
        /// Its script.
        script: &'static str,
        /// The Latin letter it looks like, if it has a twin.
        looks_like: Option<char>,
    },
}

impl IdProblem {
    /// The character at fault, if one is.
    #[must_use]
    pub fn character(&self) -> Option<char> {
        match self {
            IdProblem::Empty => None,
            IdProblem::Invisible(c) | IdProblem::Space(c) => Some(*c),
            IdProblem::Compatibility { character, .. }
            | IdProblem::MixedScript { character, .. } => Some(*character),
        }
    }
}

/// How a value compared with others for equality is read: each shape refuses what makes two
/// values look alike and compare different (an invisible character, an odd space, a fullwidth
/// or lookalike letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdShape {
    /// A step or WABA id: one word, any script.
    Id,
    /// A code of a vocabulary (a Genesys Cloud region, a template language): visible
    /// characters of one script a word, words separated by plain spaces (U+0020), no other
    /// space and no compatibility form. Not ASCII alone: the sources name no format for a
    /// region, and a plan may write `EMEA (Frankfurt)` as well as `eu-central-1`.
    Code,
    /// A name compared with another (an org, a partner, a portfolio, a template name): words
    /// of any script, separated by plain spaces (U+0020).
    Name,
}

/// What is wrong with a party's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    /// `hours` is not `HH:MM-HH:MM` with the start before the end.
    Hours(String),
    /// `days` is an empty list: the party would never work.
    NoWorkingDay,
    /// A day or a holiday listed twice (a typo for another one, likely).
    ListedTwice(String),
}

/// Facts about one number that contradict each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// A number at another partner said to be administered by Genesys.
    BspAdminGenesys,
    /// `can_bypass_ivr: true` without `behind_ivr: true`; `mobile`: on a mobile line, which
    /// cannot sit behind an IVR at all.
    BypassWithoutIvr {
        /// Whether the line is a mobile one.
        mobile: bool,
    },
    /// `behind_ivr` on a line that cannot sit behind an IVR (a mobile number).
    IvrOnMobile,
    /// A display-name change whose `old_name` is its new `display_name`.
    NameUnchanged,
    /// A step recorded done that a stated fact of the number says is still open.
    DoneAgainstFact {
        /// The step recorded done.
        step: String,
        /// The fact as written: `display_name_status: rejected`.
        fact: String,
        /// What would make the step done.
        done_fact: &'static str,
    },
}

/// A Unicode encoding wider than UTF-8 that text is saved in (Windows PowerShell 5 writes
/// UTF-16 with `>`; Excel's "Unicode Text" is UTF-16 too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WideEncoding {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl WideEncoding {
    /// The encoding's name as `iconv -f` takes it.
    #[must_use]
    pub fn iconv_name(self) -> &'static str {
        match self {
            WideEncoding::Utf16Le => "UTF-16LE",
            WideEncoding::Utf16Be => "UTF-16BE",
            WideEncoding::Utf32Le => "UTF-32LE",
            WideEncoding::Utf32Be => "UTF-32BE",
        }
    }
}

impl fmt::Display for WideEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WideEncoding::Utf16Le => "UTF-16 (little-endian)",
            WideEncoding::Utf16Be => "UTF-16 (big-endian)",
            WideEncoding::Utf32Le => "UTF-32 (little-endian)",
            WideEncoding::Utf32Be => "UTF-32 (big-endian)",
        })
    }
}

/// A problem the plan stage found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanKind {
    /// The file could not be read.
    Unreadable {
        /// The operating system's reason.
        reason: String,
        /// A file beside the one named whose name is a typo away (`plan.yml` for `plan.yaml`),
        /// when the one named does not exist.
        nearby: Option<String>,
    },
    /// The file is not UTF-8 text.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file is Unicode text in UTF-16 or UTF-32, not UTF-8.
    WrongEncoding {
        /// The encoding it is in.
        encoding: WideEncoding,
        /// Whether it starts with a byte-order mark.
        bom: bool,
    },
    /// The file holds a NUL byte: it is not a text file at all.
    BinaryFile {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file holds no YAML document.
    EmptyPlan,
    /// The YAML itself is malformed.
    YamlSyntax {
        /// What is wrong.
        problem: SyntaxProblem,
    },
    /// The input exceeds the reader's limits.
    InputTooComplex {
        /// Which limit.
        limit: Limit,
    },
    /// A YAML tag the plan format does not use.
    UnsupportedTag {
        /// The tag as written.
        tag: String,
    },
    /// A key that is a list or a mapping.
    ComplexKey,
    /// `<<:` with something other than aliases of mappings.
    BadMerge {
        /// The value is a mapping written in place, not an alias of one.
        in_place: bool,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        /// The key (`None`: not shown, it could be a PIN).
        key: Option<String>,
    },
    /// A key the plan format does not know.
    UnknownKey {
        /// The key (`None`: not shown, it could be a PIN).
        key: Option<String>,
        /// What the mapping is (`a number`).
        what: &'static str,
        /// The keys allowed there.
        expected: &'static [&'static str],
        /// The nearest allowed key.
        suggestion: Option<&'static str>,
    },
    /// A required key is missing, or has no value.
    MissingKey {
        /// The key.
        key: &'static str,
        /// What the mapping is.
        what: &'static str,
        /// The key is there but empty (null).
        empty: bool,
    },
    /// A value of the wrong kind (a list where text was expected, ...).
    WrongType {
        /// What the key takes.
        expected: &'static str,
        /// What was found.
        found: &'static str,
        /// How to write it, when there is a usual slip.
        hint: Option<&'static str>,
    },
    /// A word outside the allowed set.
    UnknownValue {
        /// The word as written (`None`: not shown).
        value: Option<String>,
        /// What it is.
        what: &'static str,
        /// The allowed words.
        expected: Vec<&'static str>,
        /// The nearest allowed word.
        suggestion: Option<&'static str>,
    },
    /// A two-step verification PIN was written into the plan.
    PinInPlan {
        /// Where.
        place: PinPlace,
    },
    /// The plan's `version` is not one this tool reads.
    UnsupportedVersion {
        /// The version as written (`None`: not shown).
        found: Option<String>,
    },
    /// A phone number that is not a valid international number.
    InvalidPhoneNumber {
        /// The problem.
        problem: PhoneProblemKind,
        /// The number rewritten in international form, when a likely one can be guessed.
        example: Option<String>,
    },
    /// A short code or alphanumeric sender ID, which WhatsApp cannot register.
    UnregistrableNumber {
        /// Short code or sender ID.
        problem: PhoneProblemKind,
    },
    /// The same phone number appears twice.
    DuplicateNumber {
        /// The number in E.164 form.
        number: String,
        /// Listed twice in a step's or an override's `numbers:` (not under `numbers:`).
        in_scope: bool,
    },
    /// Two custom steps share an id, or a custom step reuses a catalogue id.
    DuplicateStepId {
        /// The id.
        id: String,
        /// The clash is with a built-in catalogue step.
        with_catalog: bool,
        /// The other id, when it is written in other letter case (`S1` and `s1`).
        other_case: Option<String>,
    },
    /// An id with a character that cannot be seen, a space, or nothing at all.
    InvalidId {
        /// What the value is (`id`, `region`, `template language`).
        what: &'static str,
        /// How it is read.
        shape: IdShape,
        /// The id with every such character escaped.
        shown: String,
        /// What is wrong.
        problem: IdProblem,
        /// Which character of the value is at fault, from 1.
        position: Option<usize>,
        /// The value retyped plainly, when that reads as a valid value.
        retyped: Option<String>,
    },
    /// Text with a control character (an escape, a carriage return, a line break where a value is
    /// one line), which a terminal would act on instead of showing.
    ControlCharacter {
        /// Its code point.
        code_point: u32,
    },
    /// A custom step names a number the plan does not contain.
    UnknownNumber {
        /// The number as written.
        number: String,
    },
    /// A number refers to a source WABA id that is not declared.
    UnknownWaba {
        /// The id as written.
        id: String,
        /// The nearest declared id.
        suggestion: Option<String>,
    },
    /// Two source WABAs share an id.
    DuplicateWaba {
        /// The id.
        id: String,
    },
    /// One list of templates (a number's, or a source WABA's) names the same template twice: a
    /// template is one name in one language.
    DuplicateTemplate {
        /// The template's name.
        name: String,
        /// Its language.
        language: String,
    },
    /// Not an IANA time zone name.
    InvalidTimeZone {
        /// The name as written.
        name: String,
        /// The nearest known zone.
        suggestion: Option<String>,
    },
    /// A timestamp that is not RFC 3339 or a local date and time.
    InvalidTimestamp {
        /// The value as written.
        value: String,
    },
    /// A date or time in a year no migration is in (outside [`crate::plan::time::YEARS`]).
    YearOutOfRange {
        /// The value as written.
        value: String,
        /// The year it names.
        year: i32,
    },
    /// A date that is not `YYYY-MM-DD`.
    InvalidDate {
        /// The value as written.
        value: String,
    },
    /// A local time that does not exist (DST gap) or exists twice (DST fold) in the plan's zone.
    InvalidLocalTime {
        /// The value as written.
        value: String,
        /// The zone it was read in.
        zone: String,
        /// For a fold: the two readings with their offsets; for a gap: the time with the offset in
        /// force before the gap (or nothing).
        readings: Vec<String>,
    },
    /// A cutover window whose end is not after its start.
    InvalidWindow,
    /// A duration that cannot be read.
    InvalidDuration {
        /// The value as written.
        value: String,
        /// What is wrong.
        problem: DurationProblem,
    },
    /// SMS verification requested for a Genesys SMS-inventory number.
    SmsVerificationUnavailable,
    /// Facts about one number that contradict each other.
    ConflictingFacts {
        /// What contradicts what.
        conflict: Conflict,
    },
    /// A custom step whose `numbers:` list is empty.
    EmptyScope {
        /// The custom step, or the overridden step.
        id: String,
        /// It is an override's scope, not a custom step's.
        is_override: bool,
    },
    /// The same step is marked done twice for one number.
    DoneTwice {
        /// Under `started:` rather than `done:`.
        started: bool,
        /// The step id.
        id: String,
    },
    /// One step recorded done at two different times: in one `done:` list, or, for a fleet step,
    /// in `fleet.done` and a number's `done:` (or two numbers'). One of them is wrong.
    ConflictingDoneTimes {
        /// The step id.
        id: String,
        /// A fleet step (one step for every number, whatever list records it).
        fleet: bool,
    },
    /// One step recorded as started at two different times in one `started:` list. One of them
    /// is wrong, and which decides whether the step (and a downtime it starts) reads as under way
    /// at a moment between them.
    ConflictingStartedTimes {
        /// The step id.
        id: String,
    },
    /// A text `wamigrate init` wrote for a value the author has to give (`TODO-region`), left
    /// in the plan.
    Placeholder {
        /// The key.
        key: &'static str,
        /// What the mapping is.
        what: &'static str,
        /// The placeholder.
        value: &'static str,
    },
    /// Two overrides change the same step (for the same numbers).
    DuplicateOverride {
        /// The step id.
        step: String,
    },
    /// A party's calendar that cannot be used.
    InvalidCalendar {
        /// What is wrong.
        problem: CalendarProblem,
    },
}

impl PlanKind {
    /// Every code of this stage, in documentation order.
    pub const CODES: &'static [&'static str] = &[
        "unreadable-file",
        "not-utf8",
        "wrong-encoding",
        "empty-plan",
        "yaml-syntax",
        "input-too-complex",
        "unsupported-tag",
        "duplicate-key",
        "unknown-key",
        "missing-key",
        "wrong-type",
        "unknown-value",
        "pin-in-plan",
        "unsupported-version",
        "invalid-phone-number",
        "unregistrable-number",
        "duplicate-number",
        "duplicate-step-id",
        "invalid-id",
        "control-character",
        "unknown-number",
        "unknown-waba",
        "duplicate-waba",
        "duplicate-template",
        "invalid-time-zone",
        "invalid-timestamp",
        "invalid-local-time",
        "invalid-window",
        "invalid-duration",
        "sms-verification-unavailable",
        "conflicting-facts",
        "empty-scope",
        "done-twice",
        "conflicting-done-times",
        "conflicting-started-times",
        "placeholder-value",
        "duplicate-override",
        "invalid-calendar",
    ];
}

/// Whether a value could hold a 6-digit PIN: a run of six or more digits. (Dates and times, whose
/// digit runs are at most four long, stay readable.)
pub(crate) fn could_hold_pin(word: &str) -> bool {
    let mut run = 0;
    word.chars().any(|c| {
        run = if crate::secret::is_numeric(c) {
            run + 1
        } else {
            0
        };
        run >= 6
    }) || crate::secret::pin_in_text(word)
}

/// The source kinds that cannot be written as a bare word (`source: bsp`), each with the first
/// key it needs: the shaper reports that key missing, and the help names the kind back from it.
pub const WORD_SOURCE_KEYS: [(&str, &str); 4] = [
    ("bsp", "partner"),
    ("genesys", "region"),
    ("new", "line"),
    ("name_change", "pin_known"),
];

/// A moment written as a date alone (`2026-11-20`), which a time needs: the date, as written.
fn date_alone(value: &str) -> Option<&str> {
    let value = value.trim();
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == 10)
        .map(|_| value)
}

/// Why a value shaped as a date (`YYYY-MM-DD`, then optionally `T` or a space and `HH:MM` or
/// `HH:MM:SS`) is no moment, when one of its fields is out of range (`2026-11-31`, `25:00`):
/// "not a date and time" alone sent people looking for a format problem in a value whose form
/// is right. `None` when every field is in range, or the value is not of that shape.
fn impossible_field(value: &str) -> Option<String> {
    let bytes = value.trim().as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let digits = bytes.get(from..from + len)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())?
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let (month, day) = (number(5, 2)?, number(8, 2)?);
    if !(1..=12).contains(&month) {
        return Some(format!(
            "there is no month {month:02} (months run from 01 to 12)"
        ));
    }
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let days = u32::try_from(next.signed_duration_since(first).num_days()).ok()?;
    if day == 0 || day > days {
        return Some(format!("{} {year} has {days} days", first.format("%B")));
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) || bytes.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (number(11, 2)?, number(14, 2)?);
    if hour > 23 {
        return Some(format!("there is no hour {hour} (hours run from 00 to 23)"));
    }
    if minute > 59 {
        return Some(format!(
            "there is no minute {minute} (minutes run from 00 to 59)"
        ));
    }
    let second = if bytes.get(16) == Some(&b':') {
        number(17, 2)
    } else {
        None
    };
    match second {
        Some(60) => Some("a leap second (`:60`) is not taken: write `:59`".into()),
        Some(second) if second > 59 => Some(format!(
            "there is no second {second} (seconds run from 00 to 59)"
        )),
        _ => None,
    }
}

/// Quotes a word a user wrote, or says it is hidden when it could be a PIN.
fn quoted(word: &str) -> String {
    if could_hold_pin(word) {
        "(not shown: it holds a run of digits that could be a PIN)".to_string()
    } else {
        format!("`{}`", with_invisibles_shown(word))
    }
}

/// `word` with each character drawn as nothing written as `\u{hex}`: a value refused for a
/// zero-width space or a soft hyphen in it (`Europe/Ber\u{200b}lin`) would otherwise read the
/// same as the value a "did you mean" offers.
#[must_use]
pub fn with_invisibles_shown(word: &str) -> std::borrow::Cow<'_, str> {
    if !word.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len() + 8);
    for c in word.chars() {
        if is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Kind for PlanKind {
    fn code(&self) -> &'static str {
        match self {
            PlanKind::Unreadable { .. } => "unreadable-file",
            PlanKind::NotUtf8 { .. } | PlanKind::BinaryFile { .. } => "not-utf8",
            PlanKind::WrongEncoding { .. } => "wrong-encoding",
            PlanKind::EmptyPlan => "empty-plan",
            PlanKind::YamlSyntax { .. } => "yaml-syntax",
            PlanKind::InputTooComplex { .. } => "input-too-complex",
            PlanKind::UnsupportedTag { .. } => "unsupported-tag",
            PlanKind::ComplexKey | PlanKind::BadMerge { .. } | PlanKind::WrongType { .. } => {
                "wrong-type"
            }
            PlanKind::DuplicateKey { .. } => "duplicate-key",
            PlanKind::UnknownKey { .. } => "unknown-key",
            PlanKind::MissingKey { .. } => "missing-key",
            PlanKind::UnknownValue { .. } => "unknown-value",
            PlanKind::PinInPlan { .. } => "pin-in-plan",
            PlanKind::UnsupportedVersion { .. } => "unsupported-version",
            PlanKind::InvalidPhoneNumber { .. } => "invalid-phone-number",
            PlanKind::UnregistrableNumber { .. } => "unregistrable-number",
            PlanKind::DuplicateNumber { .. } => "duplicate-number",
            PlanKind::DuplicateStepId { .. } => "duplicate-step-id",
            PlanKind::InvalidId { .. } => "invalid-id",
            PlanKind::ControlCharacter { .. } => "control-character",
            PlanKind::UnknownNumber { .. } => "unknown-number",
            PlanKind::UnknownWaba { .. } => "unknown-waba",
            PlanKind::DuplicateWaba { .. } => "duplicate-waba",
            PlanKind::DuplicateTemplate { .. } => "duplicate-template",
            PlanKind::InvalidTimeZone { .. } => "invalid-time-zone",
            PlanKind::InvalidTimestamp { .. }
            | PlanKind::InvalidDate { .. }
            | PlanKind::YearOutOfRange { .. } => "invalid-timestamp",
            PlanKind::InvalidLocalTime { .. } => "invalid-local-time",
            PlanKind::InvalidWindow => "invalid-window",
            PlanKind::InvalidDuration { .. } => "invalid-duration",
            PlanKind::SmsVerificationUnavailable => "sms-verification-unavailable",
            PlanKind::ConflictingFacts { .. } => "conflicting-facts",
            PlanKind::EmptyScope { .. } => "empty-scope",
            PlanKind::DoneTwice { .. } => "done-twice",
            PlanKind::ConflictingDoneTimes { .. } => "conflicting-done-times",
            PlanKind::ConflictingStartedTimes { .. } => "conflicting-started-times",
            PlanKind::Placeholder { .. } => "placeholder-value",
            PlanKind::DuplicateOverride { .. } => "duplicate-override",
            PlanKind::InvalidCalendar { .. } => "invalid-calendar",
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            PlanKind::Unreadable {
                nearby: Some(nearby),
                ..
            } => format!("did you mean `{nearby}`? (`-` reads the plan from standard input)"),
            PlanKind::Unreadable { nearby: None, .. } => {
                "check the path; `-` reads the plan from standard input".into()
            }
            PlanKind::NotUtf8 { .. } => "save the plan as UTF-8 text".into(),
            PlanKind::WrongEncoding { encoding, .. } => format!(
                "convert it: `iconv -f {} -t UTF-8 PLAN > plan-utf8.yaml`, or save it as UTF-8 \
                 in the editor (Windows PowerShell 5 writes UTF-16 with `>`: use `| Out-File \
                 -Encoding utf8` instead)",
                encoding.iconv_name()
            ),
            PlanKind::BinaryFile { .. } => {
                "give the path of the YAML plan (a text file)".into()
            }
            PlanKind::EmptyPlan => "start from `wamigrate init` or an example in plans/; a plan needs `version`, `plan` and `numbers`".into(),
            PlanKind::YamlSyntax { problem } => return syntax_help(problem),
            PlanKind::InputTooComplex { limit: Limit::Bytes(_) } => {
                "split the fleet into several plans (one per region or wave), each under the limit".into()
            }
            PlanKind::InputTooComplex { limit: Limit::Aliases { nested: true } } => {
                "write the repeated values out, or use fewer aliases of aliases".into()
            }
            PlanKind::InputTooComplex { limit: Limit::Aliases { nested: false } } => {
                "declare templates that many numbers share once under `source_wabas` and give each number `waba:` (an engage or bsp source), write the repeated values out, or split the fleet into several plans".into()
            }
            PlanKind::InputTooComplex { limit: Limit::Nodes(_) } => {
                "a plan of 100,000 numbers holds about 3 million values: shorten the list that grew this long, or split the fleet into several plans (one per region or wave)".into()
            }
            PlanKind::InputTooComplex { .. } => {
                "a migration plan is a flat list of numbers; remove the deep nesting".into()
            }
            PlanKind::UnsupportedTag { .. } => "remove the tag and write the value plainly".into(),
            PlanKind::ComplexKey => "a key is plain text, such as `number:`".into(),
            PlanKind::BadMerge { in_place: true } => {
                "write its keys directly in the mapping, or define it once with an anchor (`&name`) and merge that (`<<: *name`)".into()
            }
            PlanKind::BadMerge { .. } => {
                "merge a mapping defined earlier: `<<: *name`, or several: `<<: [*a, *b]`".into()
            }
            PlanKind::DuplicateKey { key } if key.as_deref() == Some("<<") => {
                "merge several mappings with one key: `<<: [*a, *b]`".into()
            }
            PlanKind::DuplicateKey { .. } => {
                "remove one of the two, or merge their contents".into()
            }
            PlanKind::UnknownKey {
                suggestion: Some(near),
                ..
            }
            | PlanKind::UnknownValue {
                suggestion: Some(near),
                ..
            } => format!("did you mean `{near}`?"),
            PlanKind::UnknownKey { expected, .. } if !expected.is_empty() => {
                format!("allowed keys here: {}", expected.join(", "))
            }
            PlanKind::UnknownKey { .. } => return None,
            PlanKind::MissingKey {
                key: "numbers",
                empty: true,
                ..
            } => "write `numbers: []` for a plan with no numbers yet, or list them".into(),
            PlanKind::MissingKey { key, empty: true, .. } => {
                format!("give `{key}` a value, or see `wamigrate schema` for what it takes")
            }
            PlanKind::MissingKey {
                what: "an override",
                ..
            } => "add `duration:` or `owner:` (or both); an override with neither changes nothing"
                .into(),
            // `source: bsp` is a word: there is nowhere to add a key to it.
            PlanKind::MissingKey {
                key,
                what: "this source",
                ..
            } => {
                let kind = (WORD_SOURCE_KEYS.iter())
                    .find(|(_, k)| k == key)
                    .map_or("new", |(kind, _)| kind);
                format!(
                    "write the source as a mapping: `source: {{{kind}: {{{key}: ...}}}}` (`wamigrate init --source {kind}` writes one to copy)"
                )
            }
            PlanKind::MissingKey {
                key: "time_zone",
                ..
            } => "add `time_zone:` here, an IANA zone name such as `Europe/Berlin` or `America/New_York` (where the destination's business days are counted)".into(),
            PlanKind::MissingKey { key, .. } => format!("add `{key}:` here"),
            PlanKind::WrongType { hint, .. } => return hint.map(str::to_string),
            PlanKind::UnknownValue { expected, .. } => {
                format!("expected one of: {}", expected.join(", "))
            }
            PlanKind::PinInPlan { place: PinPlace::PinKnownValue } => {
                "write `pin_known: true` or `pin_known: false`; never the PIN itself".into()
            }
            PlanKind::PinInPlan { place: PinPlace::Text { .. } } => {
                "remove the PIN from the text: wamigrate never needs it (not a PIN, but a postcode or a staff number? write it without the word next to it, or with words around it)".into()
            }
            // A value that is not free text (a phone number, an id, a time) cannot take words
            // around it: six digits alone there are most often a phone number typed too short.
            PlanKind::PinInPlan { place: PinPlace::Value } => {
                "remove the PIN: wamigrate never needs it (six digits alone, or next to a word like PIN, are taken for one in any value; not a PIN? correct the value: a phone number has more digits than six)".into()
            }
            PlanKind::PinInPlan { place: PinPlace::Line } => {
                "remove the PIN from the file, comments included: wamigrate never needs it, and a plan is shared and kept".into()
            }
            PlanKind::PinInPlan { .. } => {
                "delete the PIN: wamigrate never needs it; for a region/org move write `pin_known: true` or `false`".into()
            }
            PlanKind::UnsupportedVersion { .. } => "write `version: 1`".into(),
            PlanKind::InvalidPhoneNumber { problem, example } => phone_help(problem, example.as_deref()),
            PlanKind::UnregistrableNumber { .. } => {
                "use a long number owned by the business that can receive an SMS or voice call from abroad".into()
            }
            PlanKind::DuplicateNumber { in_scope: true, .. } => {
                "list each number once (any spelling names the same number); the second entry changes nothing".into()
            }
            PlanKind::DuplicateNumber { .. } => {
                "each number is migrated once; merge the two entries".into()
            }
            PlanKind::DuplicateStepId {
                with_catalog: true, ..
            } => "choose another id; `wamigrate steps` lists the built-in ones".into(),
            PlanKind::DuplicateStepId { .. } => "give each custom step its own id".into(),
            PlanKind::InvalidId {
                retyped: Some(plain),
                ..
            } => format!("retype it as `{plain}` (copying from a chat or a document is the usual way such characters get in)"),
            PlanKind::InvalidId { what: "id", .. } => {
                "ids are plain words joined by `-`, such as `brief-agents`; retype it".into()
            }
            PlanKind::InvalidId {
                shape: IdShape::Code,
                ..
            } => "retype it with plain letters, digits, `-` and `_`, such as `eu-central-1` or `en_US`".into(),
            PlanKind::InvalidId { .. } => {
                "retype it: a value compared with others holds visible characters only, words separated by plain spaces".into()
            }
            PlanKind::ControlCharacter { code_point: 0x0a } => {
                "write the value on one line (YAML's `>` folds a long text into one line); only `notes` may hold line breaks".into()
            }
            PlanKind::ControlCharacter { code_point }
                if char::from_u32(*code_point).is_some_and(reorders_text) =>
            {
                "remove it: text in any script shows in its own direction without it, and a report line after it would read otherwise (a payer, a state)".into()
            }
            PlanKind::ControlCharacter { .. } => {
                "remove it: a plan's text is printed as it is, and a terminal would act on it (move the cursor, rewrite a line, change colours)".into()
            }
            PlanKind::UnknownNumber { .. } => {
                "use a number listed under `numbers:` (any spelling of it)".into()
            }
            PlanKind::UnknownWaba {
                suggestion: Some(near),
                ..
            }
            | PlanKind::InvalidTimeZone {
                suggestion: Some(near),
                ..
            } => format!("did you mean `{near}`?"),
            PlanKind::UnknownWaba { .. } => {
                "declare it under `source_wabas:` with this `id`".into()
            }
            PlanKind::DuplicateWaba { .. } => {
                "give each source WABA its own id, or merge their templates".into()
            }
            PlanKind::DuplicateTemplate { .. } => {
                "list it once, with the status and quality it has now, or correct its name or language".into()
            }
            PlanKind::InvalidTimeZone { .. } => {
                "use an IANA zone name such as `Europe/Berlin` or `America/New_York`".into()
            }
            PlanKind::InvalidTimestamp { value } => match date_alone(value) {
                // The date is right, the time of day is missing: show it with one.
                Some(date) => format!(
                    "add the time of day: `{date}T09:00` (the destination's local time) or `{date}T09:00:00+01:00`"
                ),
                None => "write `2026-12-01T22:00` (the destination's local time) or `2026-12-01T22:00:00+01:00`".into(),
            },
            PlanKind::InvalidDate { .. } => "write a date as `2026-12-24`".into(),
            PlanKind::YearOutOfRange { .. } => format!(
                "check the year: dates and times of a migration are between the years {} and {}",
                crate::plan::time::YEARS.start(),
                crate::plan::time::YEARS.end()
            ),
            PlanKind::InvalidLocalTime { value, readings, .. } if readings.len() == 2 => format!(
                "this hour happens twice as the clocks go back; add an offset: `{}` (the first) or `{}` (the second)",
                readings[0], readings[1]
            ),
            PlanKind::InvalidLocalTime { readings, .. } => match readings.first() {
                Some(with_offset) => format!(
                    "the clocks skip this hour; pick a time outside the gap, or add an offset (`{with_offset}`)"
                ),
                None => "the clocks skip this hour; pick a time outside the gap".into(),
            },
            PlanKind::InvalidWindow => "the window's `end` must be after its `start`".into(),
            PlanKind::InvalidDuration { problem, value } => match problem {
                DurationProblem::Reversed => {
                    let swapped = value.split_once("..").map(|(a, b)| format!("{}..{}", b.trim(), a.trim()));
                    format!(
                        "write the shorter duration first: `{}`",
                        swapped.unwrap_or_default()
                    )
                }
                DurationProblem::MixedUnits => {
                    "both ends of a range use the same kind of unit: `2bd..3bd`, or `30m..2h`".into()
                }
                DurationProblem::MinutesOnly => {
                    "write minutes, hours or days: `15m`, `1h`, `1d` (not business days, not a range)".into()
                }
                DurationProblem::Unreadable => {
                    "write `30m`, `2h`, `1d`, business days `3bd`, or a range such as `2bd..3bd`".into()
                }
                DurationProblem::TooLong => {
                    "a step takes at most 3650 days (5256000 minutes) or 2600 business days; check the number and its unit".into()
                }
            },
            PlanKind::SmsVerificationUnavailable => {
                "remove `verification: sms` (or write `verification: voice`)".into()
            }
            PlanKind::ConflictingFacts { conflict } => match conflict {
                Conflict::BspAdminGenesys => "use `customer` or `partner`".into(),
                // `behind_ivr: true` on a mobile line is refused in turn (`IvrOnMobile`).
                Conflict::BypassWithoutIvr { mobile: true } => {
                    "a mobile line has no IVR: remove `can_bypass_ivr`, or correct `line:`".into()
                }
                Conflict::BypassWithoutIvr { mobile: false } => {
                    "add `behind_ivr: true`, or remove `can_bypass_ivr`".into()
                }
                Conflict::IvrOnMobile => "remove `behind_ivr`, or correct `line:`".into(),
                Conflict::NameUnchanged => {
                    "write the new name under `display_name`, or correct `old_name`".into()
                }
                Conflict::DoneAgainstFact {
                    step, done_fact, ..
                } => format!(
                    "if it is done, write `{done_fact}`, which marks it done by itself; if not, remove `{step}` from `done:`"
                ),
            },
            PlanKind::EmptyScope {
                is_override: false,
                ..
            } => {
                "list the numbers, write `numbers: all`, or remove `numbers:` for one fleet-wide step".into()
            }
            PlanKind::EmptyScope {
                is_override: true,
                ..
            } => "list the numbers it is for, or remove `numbers:` to change the step for all of them".into(),
            PlanKind::DoneTwice { .. } => "remove the second entry".into(),
            PlanKind::ConflictingDoneTimes { fleet: false, .. } => {
                "keep the entry with the time it was done, and remove the other".into()
            }
            PlanKind::ConflictingDoneTimes { fleet: true, .. } => {
                "keep one entry with the time it was done (in `fleet.done`), and remove the others".into()
            }
            PlanKind::ConflictingStartedTimes { .. } => {
                "keep the entry with the time it was started, and remove the other (a step started again after a failure is recorded with `wamigrate record`)".into()
            }
            PlanKind::Placeholder { key, .. } => format!(
                "write the real `{key}` here (init marked its line FILL IN); every report prints what is written"
            ),
            PlanKind::DuplicateOverride { .. } => {
                "merge the two entries into one (duration and owner together)".into()
            }
            PlanKind::InvalidCalendar {
                problem: CalendarProblem::Hours(_),
            } => "write the working day as `HH:MM-HH:MM`, e.g. `09:00-17:00`, the end after the start (`00:00-24:00` for the whole day)".into(),
            PlanKind::InvalidCalendar {
                problem: CalendarProblem::NoWorkingDay,
            } => "list the working days, e.g. `days: [mon, tue, wed, thu, fri]`, or remove `days` for Monday to Friday".into(),
            PlanKind::InvalidCalendar {
                problem: CalendarProblem::ListedTwice(_),
            } => "remove the second one, or correct it if another day was meant".into(),
        })
    }
}

fn syntax_help(problem: &SyntaxProblem) -> Option<String> {
    Some(match problem {
        SyntaxProblem::Tab => "YAML indents with spaces: replace the tab with spaces".into(),
        SyntaxProblem::Indentation {
            expected_column: Some(column),
        } => format!(
            "indent this line like the key above it (column {column}) to continue that mapping, or put the key above on its own line with no value after the `:` to nest under it"
        ),
        SyntaxProblem::Indentation { .. } => {
            "line up keys of one mapping at the same column, with spaces".into()
        }
        SyntaxProblem::ColonInValue => {
            "quote a value that holds `: ` (`\"Sales: EMEA\"`), or put a nested key on its own line, indented".into()
        }
        SyntaxProblem::UnclosedQuote => "close the quote at the end of the value".into(),
        SyntaxProblem::UnclosedBracket => {
            "close the `[` or `{` before the next key, or write the list as `- item` lines".into()
        }
        SyntaxProblem::UnexpectedEnd => {
            "the file may be cut short; compare it with the plan you meant to save".into()
        }
        SyntaxProblem::SecondDocument => {
            "a plan is a single YAML document; remove the second `---` and what follows it".into()
        }
        SyntaxProblem::UnknownAnchor => {
            "define the anchor (`&name`) on an earlier value, or write the value out".into()
        }
        SyntaxProblem::MixedListAndMapping => {
            "a mapping's keys and a list's `- ` items cannot share one indentation; indent the list under its key".into()
        }
        SyntaxProblem::KeyTooLong => {
            "shorten the key: no plan key is that long (a step id, for one, is a value: `step: ...`)".into()
        }
        SyntaxProblem::Other(_) => return None,
    })
}

fn phone_help(problem: &PhoneProblemKind, example: Option<&str>) -> String {
    match problem {
        PhoneProblemKind::MissingCountryCode => match example {
            Some(example) => format!(
                "write the number in international form with its country code, e.g. `{example}`"
            ),
            None => "write the number in international form: `+`, the country code, then the number".into(),
        },
        PhoneProblemKind::Extension => {
            "WhatsApp registers a whole number, not an extension; use a direct number that rings through".into()
        }
        PhoneProblemKind::Letters => match example {
            Some(example) => format!("write the digits the letters stand for: `{example}`"),
            None => "write the digits the letters stand for".into(),
        },
        _ => match example {
            Some(example) => format!("write an E.164 number, e.g. `{example}`"),
            None => "write an E.164 number: `+`, the country code, then the national number".into(),
        },
    }
}

impl fmt::Display for PlanKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanKind::Unreadable { reason, .. } => write!(f, "cannot read the plan: {reason}"),
            PlanKind::NotUtf8 { offset } => write!(
                f,
                "the plan is not UTF-8 text (the first invalid byte is at offset {offset})"
            ),
            PlanKind::BinaryFile { offset } => write!(
                f,
                "the plan is not a text file (it holds a NUL byte at offset {offset})"
            ),
            PlanKind::WrongEncoding { encoding, bom } => write!(
                f,
                "the plan is {encoding} text{}, not UTF-8",
                if *bom {
                    " (it starts with a byte-order mark)"
                } else {
                    ""
                }
            ),
            PlanKind::EmptyPlan => f.write_str("the plan is empty"),
            PlanKind::YamlSyntax { problem } => match problem {
                SyntaxProblem::Tab => f.write_str("a tab is used for indentation"),
                SyntaxProblem::Indentation { .. } => {
                    f.write_str("this line's indentation does not fit the lines above it")
                }
                SyntaxProblem::ColonInValue => {
                    f.write_str("a value holds `: ` where a new key cannot start")
                }
                SyntaxProblem::UnclosedQuote => f.write_str("a quote is opened and never closed"),
                SyntaxProblem::UnclosedBracket => f.write_str("a `[` or `{` is not closed"),
                SyntaxProblem::UnexpectedEnd => f.write_str("the plan ends in the middle of a value"),
                SyntaxProblem::SecondDocument => {
                    f.write_str("a second YAML document starts here")
                }
                SyntaxProblem::UnknownAnchor => {
                    f.write_str("this alias names an anchor not defined before it")
                }
                SyntaxProblem::MixedListAndMapping => {
                    f.write_str("a list item where a key was expected, or the other way round")
                }
                SyntaxProblem::KeyTooLong => f.write_str(
                    "a key is longer than the 1,024 characters YAML allows an unquoted key",
                ),
                SyntaxProblem::Other(text) => write!(f, "YAML syntax: {text}"),
            },
            PlanKind::InputTooComplex { limit } => match limit {
                Limit::Depth(n) => write!(f, "the plan nests deeper than {n} levels"),
                Limit::Nodes(n) => write!(f, "the plan holds more than {n} values"),
                Limit::Aliases { nested: true } => f.write_str(
                    "aliases here would repeat what the plan writes more than eight times over (an alias bomb)",
                ),
                Limit::Aliases { nested: false } => f.write_str(
                    "this alias is used so often that aliases would repeat what the plan writes more than eight times over",
                ),
                Limit::Bytes(n) => write!(
                    f,
                    "the plan is larger than {} MiB, the most a plan may be",
                    n / (1024 * 1024)
                ),
            },
            PlanKind::UnsupportedTag { tag } => {
                write!(f, "the YAML tag `{tag}` is not part of the plan format")
            }
            PlanKind::ComplexKey => f.write_str("a key must be plain text, not a list or mapping"),
            PlanKind::BadMerge { in_place: true } => {
                f.write_str("`<<` takes an alias of a mapping here, not a mapping written in place")
            }
            PlanKind::BadMerge { .. } => f.write_str("`<<` merges only mappings"),
            PlanKind::DuplicateKey { key: Some(key) } if key == "<<" => {
                f.write_str("a second merge key `<<` in one mapping")
            }
            PlanKind::DuplicateKey { key: Some(key) } => {
                write!(
                    f,
                    "`{}` is written twice in this mapping",
                    with_invisibles_shown(key)
                )
            }
            PlanKind::DuplicateKey { key: None } => f.write_str(
                "a key is written twice in this mapping (not shown: it holds digits that could be a PIN)",
            ),
            PlanKind::UnknownKey { key, what, .. } => match key {
                Some(key) => write!(f, "unknown key `{}` in {what}", with_invisibles_shown(key)),
                None => write!(
                    f,
                    "unknown key in {what} (not shown: it holds digits that could be a PIN)"
                ),
            },
            PlanKind::MissingKey { key, what, empty } => {
                if *empty {
                    write!(f, "`{key}` in {what} has no value")
                } else {
                    write!(f, "{what} needs `{key}`")
                }
            }
            PlanKind::WrongType {
                expected, found, ..
            } => write!(f, "expected {expected}, found {found}"),
            PlanKind::UnknownValue { value, what, .. } => match value {
                Some(value) => write!(f, "unknown {what} {}", quoted(value)),
                None => write!(f, "unknown {what}"),
            },
            PlanKind::PinInPlan { place } => match place {
                PinPlace::Key => f.write_str(
                    "the plan contains a two-step verification PIN (its value is hidden)",
                ),
                PinPlace::PinKnownValue => f.write_str(
                    "`pin_known` holds something other than true or false; it may be the PIN (hidden)",
                ),
                PinPlace::Alias => f.write_str(
                    "this alias repeats a value written under a PIN-like key (hidden)",
                ),
                PinPlace::Value => write!(
                    f,
                    "this value seems to contain a two-step verification PIN (hidden)"
                ),
                PinPlace::Line => write!(
                    f,
                    "this line seems to contain a two-step verification PIN (hidden)"
                ),
                PinPlace::Text { key } => write!(
                    f,
                    "`{key}` seems to contain a two-step verification PIN (hidden)"
                ),
            },
            PlanKind::UnsupportedVersion { found } => match found {
                Some(found) => write!(
                    f,
                    "plan format version `{found}` is not supported (this wamigrate reads version 1)"
                ),
                None => f.write_str("this plan format version is not supported (this wamigrate reads version 1)"),
            },
            PlanKind::InvalidPhoneNumber { problem, .. } => match problem {
                PhoneProblemKind::MissingCountryCode => {
                    f.write_str("the phone number has no country code")
                }
                PhoneProblemKind::UnknownCountryCode(code) => write!(
                    f,
                    "the phone number starts with `+{code}`, which is not an assigned country code"
                ),
                PhoneProblemKind::WrongLength(n) => write!(
                    f,
                    "the phone number has {n} digits; an international number has 7 to 15"
                ),
                PhoneProblemKind::BadCharacter(c) => write!(
                    f,
                    "the phone number holds `{}`, which is neither a digit nor a separator",
                    c.escape_default()
                ),
                PhoneProblemKind::Empty => f.write_str("the phone number is empty"),
                PhoneProblemKind::Extension => {
                    f.write_str("the phone number has an extension")
                }
                PhoneProblemKind::Letters => {
                    f.write_str("the phone number spells digits with letters")
                }
                PhoneProblemKind::ShortCode | PhoneProblemKind::SenderId => {
                    f.write_str("the phone number is not valid")
                }
            },
            PlanKind::UnregistrableNumber { problem } => match problem {
                PhoneProblemKind::ShortCode => f.write_str(
                    "an SMS short code cannot be registered on WhatsApp (Genesys FAQ)",
                ),
                _ => f.write_str(
                    "an alphanumeric sender ID cannot be registered on WhatsApp (Genesys FAQ)",
                ),
            },
            PlanKind::DuplicateNumber { number, .. } => {
                write!(f, "number {number} is listed twice")
            }
            PlanKind::DuplicateStepId {
                id,
                with_catalog,
                other_case: Some(other),
            } => {
                let what = if *with_catalog {
                    "the built-in step"
                } else {
                    "the custom step"
                };
                write!(
                    f,
                    "custom step id `{id}` differs from {what} `{other}` only in letter case"
                )
            }
            PlanKind::DuplicateStepId {
                id, with_catalog, ..
            } => {
                if *with_catalog {
                    write!(f, "custom step id `{id}` is already a built-in step")
                } else {
                    write!(f, "custom step id `{id}` is used twice")
                }
            }
            PlanKind::InvalidId {
                what,
                shape,
                shown,
                problem,
                position,
                ..
            } => {
                let at = |f: &mut fmt::Formatter<'_>| match position {
                    Some(n) => write!(f, ", character {n}"),
                    None => Ok(()),
                };
                match problem {
                    IdProblem::Empty => write!(f, "an {what} is empty"),
                    IdProblem::Invisible(c) => {
                        write!(
                            f,
                            "{what} `{shown}` holds an invisible or text-reordering character (U+{:04X}",
                            u32::from(*c)
                        )?;
                        at(f)?;
                        write!(f, "), so it looks like another {what}")
                    }
                    IdProblem::Space(c) => {
                        write!(
                            f,
                            "{what} `{shown}` holds a space or control character (U+{:04X}",
                            u32::from(*c)
                        )?;
                        at(f)?;
                        if *shape == IdShape::Id {
                            f.write_str(")")
                        } else {
                            write!(f, ") other than a plain space, so it looks like another {what}")
                        }
                    }
                    IdProblem::Compatibility { character, plain } => {
                        write!(
                            f,
                            "{what} `{shown}` holds `{character}` (U+{:04X}",
                            u32::from(*character)
                        )?;
                        at(f)?;
                        write!(
                            f,
                            "), a compatibility form of `{}`, so it looks like another {what}",
                            escaped(plain)
                        )
                    }
                    IdProblem::MixedScript {
                        character,
                        script,
                        looks_like,
                    } => {
                        write!(
                            f,
                            "{what} `{shown}` holds the {script} letter `{character}` (U+{:04X}",
                            u32::from(*character)
                        )?;
                        at(f)?;
                        match looks_like {
                            Some(latin) => write!(
                                f,
                                ") among Latin letters, where it looks like the Latin `{latin}`"
                            ),
                            None => f.write_str(") among Latin letters"),
                        }
                    }
                }
            }
            PlanKind::ControlCharacter { code_point } => {
                let name = match code_point {
                    0x0a => " (a line break)",
                    0x0d => " (a carriage return)",
                    0x1b => " (an escape)",
                    0x00 => " (a NUL)",
                    0x07 => " (a bell)",
                    0x08 => " (a backspace)",
                    0x2028 => " (a line separator)",
                    0x2029 => " (a paragraph separator)",
                    _ => "",
                };
                if char::from_u32(*code_point).is_some_and(reorders_text) {
                    write!(
                        f,
                        "this text holds the bidirectional control U+{code_point:04X}, which shows the rest of the line reordered"
                    )
                } else {
                    write!(
                        f,
                        "this text holds the control character U+{code_point:04X}{name}, which a terminal would act on instead of showing"
                    )
                }
            }
            PlanKind::UnknownNumber { number } => {
                // A phone number is shown as written; anything else could be a PIN.
                if crate::plan::phone::E164::parse(number).is_ok() {
                    write!(f, "number `{number}` is not listed under `numbers:`")
                } else {
                    write!(f, "number {} is not listed under `numbers:`", quoted(number))
                }
            }
            PlanKind::UnknownWaba { id, .. } => {
                write!(f, "source WABA {} is not declared under `source_wabas:`", quoted(id))
            }
            PlanKind::DuplicateWaba { id } => {
                write!(f, "source WABA {} is declared twice", quoted(id))
            }
            PlanKind::DuplicateTemplate { name, language } => {
                let language = if could_hold_pin(language) {
                    quoted(language)
                } else {
                    language.clone()
                };
                write!(f, "template {} ({language}) is listed twice", quoted(name))
            }
            PlanKind::InvalidTimeZone { name, .. } => {
                write!(f, "{} is not a time zone name", quoted(name))
            }
            PlanKind::InvalidTimestamp { value } if date_alone(value).is_some() => {
                write!(f, "{} is a date without a time of day", quoted(value))
            }
            PlanKind::InvalidTimestamp { value } => {
                write!(f, "{} is not a date and time", quoted(value))?;
                impossible_field(value).map_or(Ok(()), |why| write!(f, ": {why}"))
            }
            PlanKind::InvalidDate { value } => {
                write!(f, "{} is not a date", quoted(value))?;
                impossible_field(value).map_or(Ok(()), |why| write!(f, ": {why}"))
            }
            PlanKind::YearOutOfRange { value, year } => write!(
                f,
                "{} is in the year {year}, which no migration is in",
                quoted(value)
            ),
            PlanKind::InvalidLocalTime {
                value,
                zone,
                readings,
            } => {
                if readings.len() == 2 {
                    write!(f, "{value} happens twice in {zone} (daylight saving time ends)")
                } else {
                    write!(f, "{value} does not exist in {zone} (daylight saving time starts)")
                }
            }
            PlanKind::InvalidWindow => f.write_str("the cutover window does not end after it starts"),
            PlanKind::InvalidDuration { value, problem } => match problem {
                DurationProblem::Reversed => {
                    write!(f, "the range {} runs backwards", quoted(value))
                }
                DurationProblem::MixedUnits => write!(
                    f,
                    "the range {} mixes business days with minutes, hours or days",
                    quoted(value)
                ),
                DurationProblem::MinutesOnly => write!(
                    f,
                    "{} is not a downtime budget in minutes, hours or days",
                    quoted(value)
                ),
                DurationProblem::Unreadable => {
                    write!(f, "{} is not a duration", quoted(value))
                }
                DurationProblem::TooLong => {
                    write!(f, "{} is longer than ten years", quoted(value))
                }
            },
            PlanKind::SmsVerificationUnavailable => f.write_str(
                "a Genesys SMS-inventory number can only be verified by voice call (Genesys FAQ)",
            ),
            PlanKind::ConflictingFacts { conflict } => match conflict {
                Conflict::BspAdminGenesys => f.write_str(
                    "a number at another partner is not administered by Genesys",
                ),
                Conflict::BypassWithoutIvr { .. } => {
                    f.write_str("`can_bypass_ivr` needs `behind_ivr: true`")
                }
                Conflict::IvrOnMobile => f.write_str(
                    "a mobile number does not sit behind an IVR",
                ),
                Conflict::NameUnchanged => f.write_str(
                    "the display-name change's `old_name` is its new `display_name`: nothing would change, yet the number would be off WhatsApp for its re-integration",
                ),
                Conflict::DoneAgainstFact { step, fact, .. } => write!(
                    f,
                    "`{step}` is recorded as done, but the plan says `{fact}`, which leaves it open"
                ),
            },
            PlanKind::EmptyScope {
                id,
                is_override: false,
            } => {
                write!(f, "custom step `{id}` applies to no number (`numbers: []`)")
            }
            PlanKind::EmptyScope {
                id,
                is_override: true,
            } => {
                write!(f, "the override of `{id}` applies to no number (`numbers: []`)")
            }
            PlanKind::DoneTwice { id, started: false } => {
                write!(f, "step `{id}` is marked done twice")
            }
            PlanKind::DoneTwice { id, started: true } => {
                write!(f, "step `{id}` is recorded as started twice")
            }
            PlanKind::ConflictingDoneTimes { id, fleet: false } => write!(
                f,
                "step `{id}` is recorded done at two different times; it was done once, and which time is right decides what the plan reads as done at a given moment"
            ),
            PlanKind::ConflictingDoneTimes { id, fleet: true } => write!(
                f,
                "fleet step `{id}` is recorded done at two different times; it is one step for every number, done once, and which time is right decides what the plan reads as done at a given moment"
            ),
            PlanKind::ConflictingStartedTimes { id } => write!(
                f,
                "step `{id}` is recorded as started at two different times; which time is right decides whether the plan reads it as under way at a given moment"
            ),
            PlanKind::Placeholder { key, what, value } => write!(
                f,
                "`{key}` of {what} is still `{value}`, the placeholder `wamigrate init` wrote"
            ),
            PlanKind::DuplicateOverride { step } => {
                write!(f, "step `{step}` is overridden twice")
            }
            PlanKind::InvalidCalendar { problem } => match problem {
                CalendarProblem::Hours(value) => {
                    write!(f, "{} is not a working day's hours", quoted(value))
                }
                CalendarProblem::NoWorkingDay => f.write_str("this calendar has no working day"),
                CalendarProblem::ListedTwice(value) => {
                    write!(f, "{} is listed twice", quoted(value))
                }
            },
        }
    }
}

/// Checks an id (custom step, reference, WABA): not empty, no white space, nothing invisible or
/// text-reordering (zero-width characters, bidi controls), so two ids that look alike are alike.
#[must_use]
pub fn id_problem(id: &str) -> Option<IdProblem> {
    if id.is_empty() {
        return Some(IdProblem::Empty);
    }
    for c in id.chars() {
        if is_invisible(c) {
            return Some(IdProblem::Invisible(c));
        }
        if c.is_whitespace() || c.is_control() {
            return Some(IdProblem::Space(c));
        }
    }
    None
}

/// What a plan refuses in an id: [`id_problem`]'s, and besides a compatibility form or a
/// lookalike letter of another script ([`lookalike_problem`]). A journal's step ids are read by
/// [`id_problem`] alone: a step no plan can have is not counted, whatever it holds.
#[must_use]
pub fn plan_id_problem(id: &str) -> Option<IdProblem> {
    id_problem(id).or_else(|| lookalike_problem(id, IdShape::Id))
}

/// What makes `text`, a value compared with others, look like another value and compare
/// different, read as `shape`: in this order, a character drawn as nothing or reordering the
/// text, a control character or a space other than those the shape allows, a compatibility
/// form (fullwidth letters and digits, ligatures, the no-break spaces), a Cyrillic or Greek
/// letter in a Latin word. Empty text is for the caller to
/// judge (a required value that is blank is missing, not malformed).
#[must_use]
pub fn lookalike_problem(text: &str, shape: IdShape) -> Option<IdProblem> {
    if shape == IdShape::Name {
        return name_problem(text);
    }
    let plain_space = |c: char| c == ' ' && shape == IdShape::Code;
    if text
        .bytes()
        .all(|b| b.is_ascii_graphic() || (b == b' ' && shape == IdShape::Code))
    {
        // ASCII letters, digits and marks: nothing can hide.
        return None;
    }
    for c in text.chars() {
        if is_invisible(c) {
            return Some(IdProblem::Invisible(c));
        }
        if (c.is_whitespace() || c.is_control()) && !plain_space(c) {
            return Some(IdProblem::Space(c));
        }
    }
    for c in text.chars().filter(|c| !c.is_ascii()) {
        let plain = compatibility_plain(c);
        if let Some(plain) = plain {
            return Some(IdProblem::Compatibility {
                character: c,
                plain,
            });
        }
    }
    mixed_script(text)
}

/// What a name compared with others (an org, a partner, a portfolio, a template name) may not
/// hold. Names are people's text, so much that an id or a code refuses is theirs to write: any
/// space (French typography puts a no-break space before a colon: `promo\u{a0}: hiver` is a
/// valid template name, as the trust issue's panic report has it), joiners and direction marks
/// of their script, emoji with their variation selectors, fullwidth forms, combining accents.
/// Refused are only what no one types on purpose and what hides a difference: a control
/// character (a tab), a zero-width space, word joiner, byte-order mark or soft hyphen, a bidi
/// embedding, override or isolate, and a Cyrillic or Greek letter inside a Latin word.
fn name_problem(text: &str) -> Option<IdProblem> {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        return None;
    }
    for c in text.chars() {
        if matches!(
            c,
            '\u{200b}'
                | '\u{2060}'
                | '\u{feff}'
                | '\u{ad}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        ) {
            return Some(IdProblem::Invisible(c));
        }
        if c.is_control() {
            return Some(IdProblem::Space(c));
        }
    }
    mixed_script(text)
}

/// The plain form of a compatibility character (Unicode's NFKC of it), if it has another one.
fn compatibility_plain(c: char) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut buffer = [0; 4];
    let alone: &str = c.encode_utf8(&mut buffer);
    let plain: String = alone.nfkc().collect();
    // A composed letter with an accent is its own NFC form: only compatibility changes count.
    let composed: String = alone.nfc().collect();
    (plain != composed).then_some(plain)
}

/// The first Cyrillic or Greek letter in a word that also holds Latin letters.
fn mixed_script(text: &str) -> Option<IdProblem> {
    let script = |c: char| -> Option<&'static str> {
        match c {
            '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Some("Greek"),
            '\u{400}'..='\u{52f}'
            | '\u{1c80}'..='\u{1c8f}'
            | '\u{2de0}'..='\u{2dff}'
            | '\u{a640}'..='\u{a69f}' => Some("Cyrillic"),
            _ => None,
        }
    };
    let latin = |c: char| {
        c.is_ascii_alphabetic()
            || (matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') && c.is_alphabetic())
    };
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !word.chars().any(latin) {
            continue;
        }
        if let Some((c, script)) = word.chars().find_map(|c| script(c).map(|s| (c, s))) {
            return Some(IdProblem::MixedScript {
                character: c,
                script,
                looks_like: latin_twin(c),
            });
        }
    }
    None
}

/// The Latin letter a Cyrillic or Greek one is drawn like, in most fonts.
fn latin_twin(c: char) -> Option<char> {
    const TWINS: &[(char, char)] = &[
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('у', 'y'),
        ('х', 'x'),
        ('і', 'i'),
        ('ј', 'j'),
        ('ѕ', 's'),
        ('һ', 'h'),
        ('ԁ', 'd'),
        ('ԛ', 'q'),
        ('ԝ', 'w'),
        ('ӏ', 'l'),
        ('А', 'A'),
        ('В', 'B'),
        ('Е', 'E'),
        ('К', 'K'),
        ('М', 'M'),
        ('Н', 'H'),
        ('О', 'O'),
        ('Р', 'P'),
        ('С', 'C'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('І', 'I'),
        ('Ј', 'J'),
        ('Ѕ', 'S'),
        ('ο', 'o'),
        ('α', 'a'),
        ('ν', 'v'),
        ('ρ', 'p'),
        ('ι', 'i'),
        ('κ', 'k'),
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
        ('Τ', 'T'),
        ('Υ', 'Y'),
        ('Χ', 'X'),
    ];
    TWINS.iter().find(|(from, _)| *from == c).map(|&(_, to)| to)
}

/// `text` retyped plainly: characters drawn as nothing removed, every space a plain one,
/// compatibility forms in their plain form, lookalike letters as the Latin ones they look like.
/// `None` when that is still no valid value of `shape`, or is the text itself.
#[must_use]
pub fn retyped(text: &str, shape: IdShape) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            out.push(' ');
        } else if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}') {
            // Hyphens, dashes and the minus sign: a `-` typed by a word processor.
            out.push('-');
        } else if let Some(plain) = compatibility_plain(c) {
            out.push_str(&plain);
        } else {
            out.push(latin_twin(c).unwrap_or(c));
        }
    }
    let out = out.trim().to_string();
    (out != text
        && !out.is_empty()
        && lookalike_problem(&out, shape).is_none()
        && (shape != IdShape::Id || !out.contains(' ')))
    .then_some(out)
}

/// A step id in Unicode's composed form (NFC), the one form ids are compared in wherever they
/// are read (the plan, the journal, `record`'s argument): `café` typed composed and decomposed
/// is one id.
#[must_use]
pub fn composed_id(id: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization as _;
    if id.is_ascii() {
        std::borrow::Cow::Borrowed(id)
    } else {
        std::borrow::Cow::Owned(id.nfc().collect())
    }
}

/// Characters that render as nothing or reorder the text around them (Unicode's
/// default-ignorable code points).
pub use crate::secret::is_drawn_as_nothing as is_invisible;

/// Whether a text shows nothing: empty, spaces only, characters drawn as nothing
/// (`"\u{200B}"`, a byte-order mark), accents with no letter to sit on, or the blank Braille
/// cell (U+2800, drawn as a space yet no space to Unicode). A required name or title that is
/// blank is as good as missing (`missing-key`): every report shows it where the name belongs.
#[must_use]
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || crate::secret::is_invisible(c) || c == '\u{2800}')
}

/// The first control character of `text` that a terminal would act on: every one but a tab,
/// and a line break too unless `line_breaks` (a plan's value, a journal's note: both are printed
/// as they are).
#[must_use]
pub fn control_character(text: &str, line_breaks: bool) -> Option<char> {
    // The line and paragraph separators (U+2028, U+2029) are no controls to Unicode, but
    // editors, Markdown and HTML viewers and some terminals break a line there.
    let line_break = |c: char| matches!(c, '\n' | '\u{2028}' | '\u{2029}');
    text.chars().find(|&c| {
        (c.is_control() && c != '\t' && !(line_breaks && c == '\n'))
            || (!line_breaks && line_break(c))
            || reorders_text(c)
    })
}

pub use crate::diagnostic::reorders_text;

/// An id with every invisible, space or control character written as `\u{...}`.
#[must_use]
pub fn escaped(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars().take(80) {
        if is_invisible(c) || c.is_whitespace() || c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    if id.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_once() {
        let mut codes = PlanKind::CODES.to_vec();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(n, codes.len());
    }

    #[test]
    fn a_time_of_the_right_form_with_a_field_out_of_range_says_which() {
        // `2026-11-31T10:00` and `25:00` read only "is not a date and time", sending people to
        // look for a format problem in a value whose form is right.
        let timestamp = |value: &str| {
            PlanKind::InvalidTimestamp {
                value: value.into(),
            }
            .to_string()
        };
        for (value, why) in [
            ("2026-11-31T10:00", "November 2026 has 30 days"),
            ("2026-02-29T10:00:00+01:00", "February 2026 has 28 days"),
            ("2026-12-00 10:00", "December 2026 has 31 days"),
            ("2026-13-01T10:00", "there is no month 13"),
            ("2026-11-31", "November 2026 has 30 days"),
            ("2026-12-01T25:00", "there is no hour 25"),
            ("2026-12-01t22:61Z", "there is no minute 61"),
            ("2026-12-01T22:00:60Z", "a leap second (`:60`) is not taken"),
        ] {
            let message = timestamp(value);
            assert!(
                message.starts_with(&format!("`{value}` is not a date and time: {why}")),
                "{message}"
            );
        }
        // A value of another form, or whose fields are all in range, keeps the message alone.
        for value in [
            "1 Dec 2026 22:00",
            "2028-02-29T10:00",
            "2026-12-01T22:00+25:00",
            "22:00",
        ] {
            assert_eq!(
                timestamp(value),
                format!("`{value}` is not a date and time")
            );
        }
        let date = PlanKind::InvalidDate {
            value: "2026-04-31".into(),
        };
        assert_eq!(
            date.to_string(),
            "`2026-04-31` is not a date: April 2026 has 30 days"
        );
    }

    #[test]
    fn a_missing_time_zone_is_told_what_a_zone_name_looks_like() {
        let missing = |key| PlanKind::MissingKey {
            key,
            what: "the destination",
            empty: false,
        };
        let help = missing("time_zone").help().expect("a help");
        assert!(help.contains("`Europe/Berlin`"), "{help}");
        assert_eq!(missing("org").help().as_deref(), Some("add `org:` here"));
    }

    /// A flat plan with too many values was told to "remove the deep nesting" it did not have.
    #[test]
    fn too_many_values_is_not_told_to_remove_nesting() {
        let too_complex = |limit| PlanKind::InputTooComplex { limit }.help().expect("a help");
        let help = too_complex(Limit::Nodes(20_000_000));
        assert!(!help.contains("nesting"), "{help}");
        assert!(help.contains("split the fleet"), "{help}");
        assert!(too_complex(Limit::Depth(32)).contains("nesting"));
    }

    #[test]
    fn a_zero_width_space_makes_an_id_invalid() {
        assert_eq!(
            id_problem("brief-agents\u{200B}"),
            Some(IdProblem::Invisible('\u{200B}'))
        );
        assert_eq!(id_problem("brief-agents"), None);
        assert_eq!(id_problem("réunion-équipe"), None);
        assert_eq!(id_problem("a b"), Some(IdProblem::Space(' ')));
        assert_eq!(
            id_problem("\u{202E}evil"),
            Some(IdProblem::Invisible('\u{202E}'))
        );
        assert_eq!(escaped("a\u{200B}b"), "a\\u{200b}b");
    }

    #[test]
    fn lookalike_values_are_told_apart_by_shape() {
        use IdShape::{Code, Id, Name};
        assert_eq!(lookalike_problem("eu-central-1", Code), None);
        assert_eq!(lookalike_problem("Acme Corp", Name), None);
        assert_eq!(lookalike_problem("Müller GmbH", Name), None);
        assert_eq!(lookalike_problem("Рога и копыта", Name), None);
        assert_eq!(lookalike_problem("EMEA (Frankfurt)", Code), None);
        assert_eq!(lookalike_problem("Zürich", Code), None);
        assert_eq!(
            lookalike_problem("Acme Corp", Id),
            Some(IdProblem::Space(' '))
        );
        assert_eq!(
            lookalike_problem("eu-central-1\u{a0}", Code),
            Some(IdProblem::Space('\u{a0}'))
        );
        assert_eq!(lookalike_problem("Acme\u{a0}Corp", Name), None);
        assert_eq!(lookalike_problem("promo\u{202f}: hiver", Name), None);
        assert_eq!(lookalike_problem("ｃａｆé 👩\u{200d}💻", Name), None);
        assert_eq!(
            lookalike_problem("Acme\u{200b}Corp", Name),
            Some(IdProblem::Invisible('\u{200b}'))
        );
        assert_eq!(
            lookalike_problem("Acme\tCorp", Name),
            Some(IdProblem::Space('\t'))
        );
        assert_eq!(
            lookalike_problem("Cоntoso", Name),
            Some(IdProblem::MixedScript {
                character: 'о',
                script: "Cyrillic",
                looks_like: Some('o')
            })
        );
        assert_eq!(
            lookalike_problem("en_US\u{feff}", Code),
            Some(IdProblem::Invisible('\u{feff}'))
        );
        assert_eq!(
            lookalike_problem("ｅu-central-1", Code),
            Some(IdProblem::Compatibility {
                character: 'ｅ',
                plain: "e".into()
            })
        );
        assert_eq!(
            lookalike_problem("eu-сentral-1", Code),
            Some(IdProblem::MixedScript {
                character: 'с',
                script: "Cyrillic",
                looks_like: Some('c')
            })
        );
        assert_eq!(lookalike_problem("réunion", Id), None);
        assert_eq!(lookalike_problem("réunion", Code), None);
        assert_eq!(
            retyped("eu-сentral-1\u{200b}", Code).as_deref(),
            Some("eu-central-1")
        );
        assert_eq!(retyped("en\u{2011}US", Code).as_deref(), Some("en-US"));
        assert_eq!(
            retyped("Sinch\u{2009}AB", Name).as_deref(),
            Some("Sinch AB")
        );
        assert_eq!(retyped("Sinch\u{2009}AB", Id), None);
    }

    #[test]
    fn words_with_pin_like_digits_are_not_quoted() {
        let kind = PlanKind::UnknownValue {
            value: Some("481516".into()),
            what: "line type",
            expected: vec!["mobile"],
            suggestion: None,
        };
        assert!(!kind.to_string().contains("481516"));
    }
}
