//! What a two-step verification PIN looks like in text, wherever text comes from: a plan's
//! values and comments, a journal's free texts, a CSV cell, a command-line argument.
//!
//! The PIN is a secret (six digits, Meta's two-step verification): wamigrate never needs it, so
//! text that seems to hold one is refused where it is read and masked wherever it is shown.
//! Sources: Meta's two-step verification PIN is six digits (M2SV); the Genesys FAQ asks for
//! two-step verification to be off before migrating, never for the PIN itself (GFAQ).

/// Whether `c` is a digit of any script to Unicode (`char::is_numeric`), answered without the
/// Unicode table for ASCII and for the letters most non-ASCII text is made of (accented Latin,
/// Greek, Cyrillic, Hebrew, kana, CJK ideographs, Hangul): the PIN scanners ask it of every
/// character several times, and the table's lookup made a plan of accented or CJK text five
/// times slower to read than one of ASCII (a 90 MB note took over 20 seconds).
#[must_use]
pub fn is_numeric(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_digit(),
        '\u{c0}'..='\u{2ff}'
        | '\u{370}'..='\u{3ff}'
        | '\u{400}'..='\u{4ff}'
        | '\u{5d0}'..='\u{5ea}'
        | '\u{3040}'..='\u{30ff}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}' => false,
        _ => c.is_numeric(),
    }
}

/// Whether a value written in a plan (a name, a note, an id, a cell of a CSV file, an argument)
/// seems to hold a two-step verification PIN: see [`pin_ranges`], or the whole value is six
/// digits (`482915`, `482 915`, `４８２９１５`).
#[must_use]
pub fn pin_in_text(text: &str) -> bool {
    if text.is_ascii() {
        // The common values of a fleet, answered in one pass: a phone number (more digits, no
        // letter) or a name (fewer digits). Six digits alone are exactly six; more digits hold a
        // PIN only next to a PIN-like word, which takes letters.
        let (mut digits, mut letters) = (0_usize, false);
        for &b in text.as_bytes() {
            digits += usize::from(b.is_ascii_digit());
            letters |= b.is_ascii_alphabetic();
        }
        if digits < 6 {
            return false;
        }
        if digits > 6 && !letters {
            // Only groups of six and nothing else (`482913 482913`), or six written as a
            // decimal (`482913.0`); a phone number is neither.
            return (digits % 6 == 0 || without_zero_fraction(text).is_some()) && is_bare_pin(text);
        }
    }
    // Any other script may hold digits of its own: looked at in full.
    is_bare_pin(text) || !pin_ranges(text).is_empty()
}

/// Whether `text` could hold six digits: ASCII text with six ASCII digits, or any text with
/// other characters (digits of other scripts). A quick first look: nearly every line and value
/// of a plan has fewer, and is passed over.
#[must_use]
pub fn may_hold_six_digits(text: &str) -> bool {
    if !text.is_ascii() {
        return true;
    }
    let mut digits = 0;
    for &b in text.as_bytes() {
        if b.is_ascii_digit() {
            digits += 1;
            if digits == 6 {
                return true;
            }
        }
    }
    false
}

/// Whether `c` is drawn as nothing, or only as a mark on the character before it: a
/// [default-ignorable](is_drawn_as_nothing) character or a combining accent. Digits with such
/// characters between or on them read as the same digits (`4\u{200b}8` is `48` on screen), so
/// they neither end a group of digits nor separate a word.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    // Below U+00AD nothing is: ASCII text, nearly all a plan holds, is answered at once.
    if c < '\u{ad}' {
        return false;
    }
    is_drawn_as_nothing(c)
        || matches!(
            c,
            // Combining marks of the general blocks (accents, enclosing circles and keycaps).
            '\u{300}'..='\u{36f}'
                | '\u{1ab0}'..='\u{1aff}'
                | '\u{1dc0}'..='\u{1dff}'
                | '\u{20d0}'..='\u{20ff}'
                | '\u{fe20}'..='\u{fe2f}'
                | '\u{3099}'..='\u{309a}'
        )
}

/// Whether `c` is one of Unicode's default-ignorable code points: drawn as nothing (a
/// zero-width space or joiner, a soft hyphen, a direction mark or isolate, a variation
/// selector, a tag, an invisible musical format character), or reordering the text around it.
#[must_use]
pub fn is_drawn_as_nothing(c: char) -> bool {
    if c < '\u{ad}' {
        return false;
    }
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// Whether the whole of `text` (spaces around it aside) is six digits of any script, maybe split
/// by single separators: a value with nothing else in it is a PIN's shape (M2SV).
#[must_use]
pub fn is_bare_pin(text: &str) -> bool {
    let text = text.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    // A whole number written as a decimal (`482915.0`, `+482 915,00`, `(482915．0)`: a
    // spreadsheet's or a YAML float's way with a number) holds the six digits of its whole
    // part, however that is signed, split or bracketed.
    // Three zeros may be a group of thousands instead (`482,000`): either reading counts. When
    // the same mark also splits the whole part (`120,000,000`, `100.000.000`), it groups
    // thousands throughout: one mark does not both group a number and end its whole part.
    if let Some((whole, zeros, point)) = without_zero_fraction(text) {
        let grouping = zeros == 3 && whole.contains(point);
        return (!grouping && is_bare_whole(&whole)) || (zeros == 3 && is_bare_whole(text));
    }
    // Or in scientific notation (`4.82915e5`, `482915E+00`): the letter `e` is no word.
    if is_six_digits_in_scientific_notation(text) {
        return true;
    }
    is_bare_whole(text)
}

/// Whether `c` is a decimal point as numbers are written in some script or locale: `.`, `,`, a
/// fullwidth full stop or comma, the Arabic decimal separator.
fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{ff0e}' | '\u{ff0c}' | '\u{66b}')
}

/// Whether `c` is the digit zero of a script a PIN may be pasted in (ASCII, fullwidth,
/// Arabic-Indic, Persian, Devanagari, Bengali, Thai, the mathematical alphabets).
fn is_zero_digit(c: char) -> bool {
    matches!(
        c,
        '0' | '\u{ff10}'
            | '\u{660}'
            | '\u{6f0}'
            | '\u{966}'
            | '\u{9e6}'
            | '\u{e50}'
            | '\u{1d7ce}'
            | '\u{1d7d8}'
            | '\u{1d7e2}'
            | '\u{1d7ec}'
            | '\u{1d7f6}'
    )
}

/// `text` without the zero fraction of the number it ends in (`+482 915.0` is `+482 915`,
/// `(482915,00)` is `(482915)`), how many zeros the fraction had and its decimal point; `None`
/// when it ends in none. Brackets, quotes and marks
/// after the number stay; a point with no digit before it (`.000000`) starts no fraction, its
/// zeros are the digits.
fn without_zero_fraction(text: &str) -> Option<(String, usize, char)> {
    if !text.chars().any(is_decimal_point) {
        return None;
    }
    let body = text.trim_end_matches(|c: char| !c.is_alphanumeric() && !is_decimal_point(c));
    let before_zeros = body.trim_end_matches(|c: char| is_zero_digit(c) || is_invisible(c));
    let zeros = body[before_zeros.len()..]
        .chars()
        .filter(|&c| is_zero_digit(c))
        .count();
    if zeros == 0 {
        return None;
    }
    let point = before_zeros
        .chars()
        .next_back()
        .filter(|&c| is_decimal_point(c))?;
    let whole = &before_zeros[..before_zeros.len() - point.len_utf8()];
    let digit_before = whole
        .chars()
        .rev()
        .find(|&c| !is_invisible(c))
        .is_some_and(is_numeric);
    digit_before.then(|| (format!("{whole}{}", &text[body.len()..]), zeros, point))
}

/// Whether `text`, brackets and sign aside, is a number in scientific notation (`4.82915e5`,
/// `4,82915E+05`, `+482915E+00`, `4829150e-1`) whose value is a whole number of six digits, all
/// written.
fn is_six_digits_in_scientific_notation(text: &str) -> bool {
    let number = text.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != ',');
    let Some((mantissa, exponent)) = number.split_once(['e', 'E']) else {
        return false;
    };
    let (negative, exponent) = match exponent.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, exponent.strip_prefix('+').unwrap_or(exponent)),
    };
    // A decimal comma too (`4,82915E+05`: a spreadsheet in a German or French locale).
    let (int, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let ascii_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // A few exponent digits at most: no value of six digits needs more, and the sums below stay
    // small whatever is written.
    if exponent.is_empty()
        || exponent.len() > 3
        || int.len() + fraction.len() > 64
        || int.len() + fraction.len() == 0
        || !ascii_digits(exponent)
        || !ascii_digits(int)
        || !ascii_digits(fraction)
    {
        return false;
    }
    let exponent: i64 = exponent.parse().unwrap_or(i64::MAX);
    let exponent = if negative { -exponent } else { exponent };
    let digits = format!("{int}{fraction}");
    let significant = digits.trim_start_matches('0');
    let leading_zeros = digits.len() - significant.len();
    // The point stands this many digits into `significant`: the count of the whole part's digits.
    let point = i64::try_from(int.len()).unwrap_or(i64::MAX) + exponent
        - i64::try_from(leading_zeros).unwrap_or(0);
    // Six digits written out (`1e5` writes one, and is a count, not a code).
    point == 6 && significant.len() >= 6 && significant.bytes().skip(6).all(|b| b == b'0')
}

/// [`is_bare_pin`] for a value written as a whole number or as text.
fn is_bare_whole(text: &str) -> bool {
    // Nearly every value has a letter, or too few digits: no list of groups for them.
    if text.chars().filter(|&c| is_numeric(c)).nth(5).is_none()
        // A letter drawn as nothing (a Hangul filler, `482\u{3164}915`) is no word: the value
        // shows six digits.
        || text.chars().any(|c| c.is_alphabetic() && !is_invisible(c))
    {
        return false;
    }
    // Six digits and no letter, however they are split or bracketed (`482 915`, `48:29-15`,
    // `48_29_15`, `(482) 913`, `[482][913]`, over two lines), unless they read as a time or a
    // date (`10:00:00`, `24.11.26`).
    let numeric: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| is_numeric(c))
        .collect();
    match (numeric.len(), numeric.first(), numeric.last()) {
        (6, Some(&(start, _)), Some(&(last, c))) => {
            !reads_as_other_than_a_pin(text, &(start..last + c.len_utf8()))
        }
        // Nothing but groups of six digits (`482913 482913`, `482913/123456`): each may be the
        // PIN, and a value of them alone is nothing else a plan holds.
        (n, ..) if n % 6 == 0 => text
            .split(|c: char| !is_numeric(c) && !is_invisible(c))
            .filter(|g| g.chars().any(is_numeric))
            .all(|g| g.chars().filter(|&c| is_numeric(c)).count() == 6),
        _ => false,
    }
}

/// Byte ranges of what seems to be a PIN in a line or value of a plan (six digits: (M2SV)):
///
/// - six digits next to a word naming a PIN, a password or a second factor anywhere in `text`
///   (`PIN 482915`, `passwd: 48-29-15`, `ＰＩＮ ４８２９１５`, `P.I.N. 482 915`, `senha 482915`),
///   written together or split by single separators, unless they are a time, a date or an error
///   code (`reads_as_other_than_a_pin`);
/// - six digits written with digits other than ASCII ones (`４８２９１５`, `٤٨٢٩١٥`), maybe split
///   by single separators: nothing in a plan is written so but a PIN pasted from elsewhere.
///
/// The plan's own words (`disable-two-step-verification`, `have-registration-pin`,
/// `pin_known`) name no PIN.
#[must_use]
pub fn pin_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    if !may_hold_six_digits(text) || text.chars().filter(|&c| is_numeric(c)).nth(5).is_none() {
        return Vec::new();
    }
    let mut ranges = grouped_pin_ranges(text);
    // Next to a PIN word, six digits written together inside a longer group, or the runs at
    // either end of a group of seven or eight that make six, are a PIN with stray digits beside
    // it (`PIN 482913 2 attempts left`, `PIN 482913 10:00`, `PIN 482 913 2 tries`, `2FA 1
    // 482913`, `482913 (2SV)`), where the groups above read more. A phone number's group is
    // not: a `+` before it, or eight digits or more from a leading 0.
    // The words looked at are the three before and the two after; with no letter in them (the
    // blocks of a phone number) there is no word to read.
    let mut beside = beside_pin_words(text, &ranges);
    ranges.append(&mut beside);
    ranges
}

/// The stray-digit rule of [`pin_ranges`]: next to a PIN word, six digits written together in a
/// longer group, or the six digits at either end of a group of seven or eight. Kept out of line:
/// it runs on every line with six digits.
#[inline(never)]
fn beside_pin_words(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let letters = |words: &str| words.chars().any(char::is_alphabetic);
    let mut beside = Vec::new();
    each_tight_group(text, |g| {
        if g.digits <= 6
            || ranges
                .iter()
                .any(|r| r.start < g.range.end && g.range.start < r.end)
        {
            return;
        }
        let before = &text[..g.range.start];
        let written = &text[g.range.clone()];
        // Every timestamp of a plan has a date's group, and a phone number is no PIN: passed
        // over at once.
        if is_iso_date(written)
            || before.trim_end().ends_with('+')
            || (written.starts_with('0') && g.digits >= 8)
        {
            return;
        }
        let mut runs = Vec::with_capacity(8);
        each_run(written, |run| runs.push(run));
        let mut candidates: Vec<std::ops::Range<usize>> = runs
            .iter()
            .filter(|run| run.digits == 6)
            .map(|run| g.range.start + run.range.start..g.range.start + run.range.end)
            .collect();
        if candidates.is_empty() && g.digits <= 8 {
            // The run at which the first (or last) runs add up to six digits, if exactly.
            let end_of_six = |runs: &mut dyn Iterator<Item = &DigitGroup>| {
                let mut sum = 0;
                for run in runs {
                    sum += run.digits;
                    if sum >= 6 {
                        return (sum == 6).then(|| run.range.clone());
                    }
                }
                None
            };
            if let Some(last) = end_of_six(&mut runs.iter()) {
                candidates.push(g.range.start..g.range.start + last.end);
            } else if let Some(first) = end_of_six(&mut runs.iter().rev()) {
                candidates.push(g.range.start + first.start..g.range.end);
            }
        }
        // A date or a time first, then the words beside the six digits themselves (`482913
        // 2SV` is the PIN and the word; `PIN 1 2 482913` has the word three before).
        for six in candidates {
            let (words_before, words_after) = (
                last_words(&text[..six.start], 3),
                first_words(&text[six.end..], 2),
            );
            if !reads_as_other_than_a_pin(text, &six)
                && ((letters(words_before) && names_pin_before(words_before))
                    || (letters(words_after) && names_pin(words_after)))
            {
                beside.push(six);
            }
        }
    });
    beside
}

/// Runs of digits written together (any script; characters drawn as nothing do not end one).
pub(crate) fn each_run(text: &str, mut found: impl FnMut(DigitGroup)) {
    if text.is_ascii() {
        // Nearly every line of a plan: bytes, no character decoding.
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                found(DigitGroup {
                    range: start..i,
                    digits: i - start,
                });
            } else {
                i += 1;
            }
        }
        return;
    }
    // Groups that nothing joins: runs, with characters drawn as nothing passed over.
    each_group_joined_by(text, |_| false, found);
}

/// The first `n` words of `text` (what stands right after a group of digits).
fn first_words(text: &str, n: usize) -> &str {
    let text = head(text, WORDS_WINDOW);
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    let mut end = 0;
    for _ in 0..n {
        let rest = trimmed[end..].trim_start();
        let skipped = trimmed.len() - end - rest.len();
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        end += skipped + word;
        if end >= trimmed.len() {
            break;
        }
    }
    &text[offset..offset + end]
}

/// [`pin_ranges`] read by groups of digits, which may be split by separators.
fn grouped_pin_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let six = |g: &DigitGroup| g.digits == 6 && !reads_as_other_than_a_pin(text, &g.range);
    // Six digits first (no list, and no word search, for a line without them): split by single
    // separators, or, next to a PIN-like word, by any punctuation and spaces (`PIN 735  291`,
    // `pin: 73--52--91`).
    let mut has_six = false;
    each_tight_group(text, |g| has_six |= six(&g));
    // Loosely, up to three of any character but a letter or a digit join two runs of digits
    // (`PIN 735  291`, `pin: 482,915`, `PIN [482][915]`, `482·915`, `٤٨٢٬٩١٥`), except a comma
    // next to a space, which ends a list entry (`Les Pins 3, 06160` is a street number and a
    // postcode).
    let loose = list_commas_broken(text);
    let loosely = |c: char| !c.is_alphanumeric();
    let mut loose_six = false;
    if !has_six {
        each_group_joined_by(&loose, loosely, |g| loose_six |= six(&g));
    }
    // A list comma next to a PIN word still joins runs of equal length that make six digits
    // (`PIN 482, 915`, `pin 48, 29, 15`): a code split evenly, not a list (`Les Pins 3, 06160`
    // is a street number and a postcode).
    // Only right after the word (`PIN 482, 915`), not further on (`2FA off for stores 101, 102`).
    if !has_six && !loose_six && matches!(loose, std::borrow::Cow::Owned(_)) && names_pin(text) {
        each_group_joined_by(text, loosely, |g| {
            if six(&g)
                && evenly_split(&text[g.range.clone()])
                && names_pin_before(last_words(&text[..g.range.start], 3))
            {
                ranges.push(g.range);
            }
        });
        if !ranges.is_empty() {
            return ranges;
        }
    }
    // Next to a PIN word, any run of spaces and punctuation, up to [`WIDE_GAP`] characters,
    // joins runs of digits that make six (`PIN 735    291`). Looked for first, without the word:
    // nearly no line has such a group.
    let mut wide_six = false;
    if !has_six && !loose_six {
        each_group_joined_within(&loose, loosely, WIDE_GAP, |g| wide_six |= six(&g));
    }
    let named = (has_six || loose_six || wide_six) && names_pin(text);
    if named && loose_six {
        each_group_joined_by(&loose, loosely, |g| {
            if six(&g) {
                ranges.push(g.range);
            }
        });
        return ranges;
    }
    if named {
        each_tight_group(text, |g| {
            if six(&g) {
                ranges.push(g.range);
            }
        });
        // Both in the order of the line: one walk over the groups above finds the overlaps.
        let mut wide = Vec::new();
        let mut k = 0;
        each_group_joined_within(&loose, loosely, WIDE_GAP, |g| {
            while k < ranges.len() && ranges[k].end <= g.range.start {
                k += 1;
            }
            if six(&g) && ranges.get(k).is_none_or(|r| r.start >= g.range.end) {
                wide.push(g.range);
            }
        });
        ranges.append(&mut wide);
    }
    if !text.is_ascii() {
        // Six digits or more of another script: nothing in a plan is written so but a PIN
        // pasted from elsewhere, even after a country code (`+49 ７３５２９１`), however they
        // are split (`４８２、９１５`, `Store ４８２_９１５`).
        // One digit of another script is enough: `482٩١٣` mixes ASCII and Arabic-Indic digits.
        let foreign = |g: &DigitGroup| {
            g.digits >= 6
                && text[g.range.clone()]
                    .chars()
                    .any(|c| is_numeric(c) && !c.is_ascii_digit())
        };
        each_group_joined_by(&loose, loosely, |g| {
            if foreign(&g)
                && !ranges
                    .iter()
                    .any(|r| r.start < g.range.end && g.range.start < r.end)
            {
                ranges.push(g.range);
            }
        });
    }
    ranges
}

/// The last `n` words of `text` (what stands right before a group of digits).
fn last_words(text: &str, n: usize) -> &str {
    // A bounded look back: a line of one long word (a link) must not be read whole for each of
    // its groups of digits.
    let text = tail(text, WORDS_WINDOW).trim_end();
    let mut start = text.len();
    for _ in 0..n {
        let before = text[..start].trim_end();
        start = before.rfind(char::is_whitespace).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        if start == 0 {
            break;
        }
    }
    &text[start..]
}

/// The most bytes looked at for the words beside a group of digits (what a few words take).
const WORDS_WINDOW: usize = 64;

/// The last `max` bytes of `text` or fewer, at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// The first `max` bytes of `text` or fewer, at a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether the digits of `group` come in two or more runs of one length (`482, 915`).
fn evenly_split(group: &str) -> bool {
    let mut runs = group
        .split(|c: char| !is_numeric(c))
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().count());
    let Some(first) = runs.next() else {
        return false;
    };
    let mut count = 1;
    for run in runs {
        if run != first {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// `text` with every list comma (`,` `،` `，` `、` next to a space) replaced by a letter of the
/// same length in bytes, so that it ends a group of digits and byte ranges stay the same.
fn list_commas_broken(text: &str) -> std::borrow::Cow<'_, str> {
    let is_comma = |c: char| {
        matches!(
            c,
            ',' | '\u{60c}' | '\u{ff0c}' | '\u{3001}' | '\u{fe50}' | '\u{fe51}'
        )
    };
    if !text.chars().any(is_comma) {
        return std::borrow::Cow::Borrowed(text);
    }
    // One character of look-behind and one of look-ahead, no list of them all: a plan written
    // as JSON on one line is a line of tens of megabytes.
    let mut out = String::with_capacity(text.len());
    let mut before: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let spaced = |d: Option<char>| d.is_none_or(char::is_whitespace);
        let listed = is_comma(c) && (spaced(before) || spaced(chars.peek().copied()));
        before = Some(c);
        if listed {
            // A letter as long in UTF-8 as the comma.
            out.push_str(["x", "xx", "xxx", "xxxx"][c.len_utf8() - 1]);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Groups of digits (any script) joined by single separators: a space of any width, `.`, `-`
/// or another dash, `/` or `:` (`482 915`, `48-29-15`, `48:29:15`); two separators in a row, a
/// comma or a letter end a group (`Les Pins 3, 06160` is two). Brackets are passed over, as
/// people put them around parts of a number (`(48)(29)(15)`, `+49 (0)30`).
fn each_tight_group(text: &str, mut found: impl FnMut(DigitGroup)) {
    // Monomorphic per input: this runs on every line of a plan with six digits or more.
    if text.is_ascii() {
        walk_tight(
            text.bytes().enumerate().map(|(i, b)| (i, char::from(b))),
            &mut found,
        );
    } else {
        walk_tight(text.char_indices(), &mut found);
    }
}

/// [`each_tight_group`] over `chars` (byte offset, character).
fn walk_tight(chars: impl Iterator<Item = (usize, char)>, found: &mut impl FnMut(DigitGroup)) {
    let joins = |c: char| {
        matches!(
            c,
            ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '.' | '-' | '\u{2010}'
                ..='\u{2013}' | '/' | ':'
        )
    };
    // The group being read (start, end, digits), and whether one separator follows it.
    let mut current: Option<(usize, usize, usize)> = None;
    let mut gap = false;
    for (i, c) in chars {
        if is_numeric(c) {
            current = Some(match current {
                Some((start, _, digits)) => (start, i + c.len_utf8(), digits + 1),
                None => (i, i + c.len_utf8(), 1),
            });
            gap = false;
        } else if current.is_some() && !gap && joins(c) {
            gap = true;
        } else if is_invisible(c) || (current.is_some() && matches!(c, '(' | ')')) {
            // Passed over.
        } else if let Some((start, end, digits)) = current.take() {
            found(DigitGroup {
                range: start..end,
                digits,
            });
            gap = false;
        }
    }
    if let Some((start, end, digits)) = current {
        found(DigitGroup {
            range: start..end,
            digits,
        });
    }
}

/// Whether `text` holds a group of exactly six digits (any script, maybe split by single
/// separators) standing on its own: the shape of a PIN, whatever the words around it.
#[must_use]
pub fn has_six_digit_group(text: &str) -> bool {
    let mut found = false;
    each_tight_group(text, |g| found |= g.digits == 6);
    found
}

/// Whether six digits at `range` of `text` read as something else than a PIN, the way plans and
/// notes write them: a time of day (`10:00:00`, `10.00.00`), a short date (`24.11.26`,
/// `11/24/26`), a year and a month (`promo_202612`, `2026-12`, `2026 10`), or a WhatsApp error
/// code after "error" (`error 131056`; Meta's six-digit codes start with 13).
pub(crate) fn reads_as_other_than_a_pin(text: &str, range: &std::ops::Range<usize>) -> bool {
    let group = &text[range.clone()];
    let b = group.as_bytes();
    let num = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let is_year = |i: usize| matches!(&group[i..i + 2], "19" | "20");
    let month = |m: u32| (1..=12).contains(&m);
    let day = |d: u32| (1..=31).contains(&d);
    let time = (has_shape(group, "dd:dd:dd") || has_shape(group, "dd.dd.dd"))
        && num(0) < 24
        && num(3) < 60
        && num(6) < 60;
    let short_date = (has_shape(group, "dd.dd.dd") || has_shape(group, "dd/dd/dd"))
        && ((day(num(0)) && month(num(3))) || (month(num(0)) && day(num(3))));
    // Six digits together are a year and month only at the end of a name (`promo_202612`):
    // `2FA 204008` is a PIN, whatever month it could name.
    let in_a_name = text[..range.start].ends_with('_');
    let year_month = (has_shape(group, "dddddd") && in_a_name && is_year(0) && month(num(4)))
        || ((has_shape(group, "dddd-dd")
            || has_shape(group, "dddd dd")
            || has_shape(group, "dddd/dd")
            || has_shape(group, "dddd.dd"))
            && is_year(0))
        || ((has_shape(group, "dd dddd")
            || has_shape(group, "dd/dddd")
            || has_shape(group, "dd.dddd")
            || has_shape(group, "dd-dddd"))
            && is_year(3));
    // A code `explain` knows, right after the word "error" (a list of codes, `errors 133005,
    // 133006`, counts), or in the Graph API's own form, `(#133005) Two step verification PIN
    // Mismatch`. Only the word: `Herr`, `Terry` or `Ferry` name no error.
    let error_code = has_shape(group, "dddddd")
        && crate::catalog::errors::find(group).is_some()
        && (error_word_before(&text[..range.start]) || text[..range.start].ends_with("(#"));
    time || short_date || year_month || error_code
}

/// Whether `text` has `shape`: each `d` an ASCII digit, every other byte itself.
fn has_shape(text: &str, shape: &str) -> bool {
    text.len() == shape.len()
        && text.bytes().zip(shape.bytes()).all(|(c, s)| {
            if s == b'd' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}

/// Whether text names a PIN, a password or a second factor, in any case, in fullwidth letters
/// (`ＰＩＮ`) or as initials (`P.I.N.`), in journals and plans alike.
fn names_pin(text: &str) -> bool {
    names_pin_in(text, false)
}

/// [`names_pin`] for the words right before a group of digits (`text` ends where the digits
/// start): a word that names a password only before digits (`pass`) counts at its end too.
fn names_pin_before(text: &str) -> bool {
    names_pin_in(text, true)
}

/// [`names_pin`], with whether digits follow the end of `text`.
fn names_pin_in(text: &str, digits_after: bool) -> bool {
    const WORDS: &[&str] = &[
        "pin",
        "pins",
        "pincode",
        "pinnummer",
        "pinnr",
        "secret",
        "passcode",
        "password",
        "passwd",
        "passwort",
        "kennwort",
        "geheimzahl",
        "sicherheitscode",
        "mfa",
        "otp",
        "twostep",
        "twofactor",
        "tfa",
        "zweifaktor",
        "zweistufig",
        "zweistufige",
        "zweistufigen",
        "clave",
        "contraseña",
        "senha",
        "wachtwoord",
        "lösenord",
        "hasło",
        "şifre",
        "пароль",
        "пин",
        "пин-код",
        "пинкод",
        // German and Dutch "verification code" and "security code", written as one word.
        "bestätigungscode",
        "verifizierungscode",
        "verifikationscode",
        "verificatiecode",
        "beveiligingscode",
        // Greek "password" (κωδικός alone is any code: a store's, a customer's, an area's;
        // it names a password only with its noun after it, below).
        "συνθηματικό",
    ];
    const PHRASES: &[&str] = &[
        "two-step",
        "two step",
        "2-step",
        "2 step",
        "2fa",
        "2sv",
        "2step",
        "2factor",
        "two-factor",
        "two factor",
        "2-factor",
        "2 factor",
        "zwei-faktor",
        "zwei faktor",
        "2-faktor",
        "zwei-schritt",
        "zwei schritt",
        "2-schritt",
        "deux étapes",
        "deux facteurs",
        "double authentification",
        "dos pasos",
        "dos factores",
        "duas etapas",
        "dois fatores",
        "двухэтапн",
        "двухфактор",
        "mot de passe",
        "code secret",
        "verification code",
        "security code",
        "mật khẩu",
        "kata sandi",
        "密码",
        "暗証番号",
        "パスワード",
        "pinコード",
        "비밀번호",
        // "Verification code", "security code" and "password" in the main European languages
        // (`código` alone names no PIN: a shop's code is written so too).
        "code de vérification",
        "code de verification",
        "code de sécurité",
        "code de securite",
        "código de verificación",
        "codigo de verificacion",
        "código de seguridad",
        "codigo de seguridad",
        "código de verificação",
        "codigo de verificacao",
        "código de segurança",
        "codigo de seguranca",
        "codice di verifica",
        "codice di sicurezza",
        "kod weryfikacyjn",
        "kodu weryfikacyjn",
        "kod bezpieczeństwa",
        "kodu bezpieczeństwa",
        "doğrulama kodu",
        "güvenlik kodu",
        "код подтверждения",
        "код безопасности",
        "код верификации",
        "kode verifikasi",
        "kode keamanan",
        "mã xác minh",
        "mã xác thực",
        // Scripts written without spaces between words, or with prefixes on them (Thai, Arabic,
        // Hebrew), are matched inside words.
        "كلمة المرور",
        "كلمة السر",
        "رمز التحقق",
        "رمز الأمان",
        "الرقم السري",
        "رمز عبور",
        "סיסמה",
        "סיסמא",
        "קוד אימות",
        "पासवर्ड",
        "सत्यापन कोड",
        "รหัสผ่าน",
        "รหัสยืนยัน",
        "验证码",
        "驗證碼",
        "密碼",
        "安全码",
        "認証コード",
        "인증번호",
        "인증 번호",
        "인증코드",
    ];
    // Words that name a password only when the digits come right after them, within the next
    // two words (`pw 482913`, `pw: 482913`, `pwd=482913`).
    const BEFORE_DIGITS: &[&str] = &["pw", "pwd"];
    // Words that name a password only as a label, a `:` or `=` and the digits right after
    // (`pass: 482913`): `pass` is a verb and a ticket too (`Boarding pass 482913`, `Brenner
    // Pass`), and `parola` (Turkish for a password) is Italian for a word.
    const LABELS: &[&str] = &["pass", "parola"];
    // Greek: "code" followed by the noun that makes it a password's or a check's
    // (`κωδικός πρόσβασης`, `κωδικό επαλήθευσης`, `κωδικός ασφαλείας`).
    const GREEK_CODE_OF: &[&str] = &[
        "πρόσβαση",
        "προσβαση",
        "επαλήθευση",
        "επαληθευση",
        "ασφαλεία",
        "ασφαλεια",
    ];
    // The plan's own words for the step and the fact (`have-registration-pin`, `pin_known`).
    const OWN: &[&str] = &["two-step-verification", "registration-pin", "pin_known"];
    // A lower-case letter followed by a capital starts a new word (`myPin`, `twoStepPin`).
    let mut camel = String::with_capacity(text.len());
    let mut lower_before = false;
    for c in text.chars().filter(|&c| !is_invisible(c)) {
        if lower_before && c.is_uppercase() {
            camel.push(' ');
        }
        lower_before = c.is_lowercase();
        camel.push(c);
    }
    let mut folded: String = camel
        .chars()
        .map(|c| match c {
            // Fullwidth forms of the ASCII characters.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' => '-',
            'ı' | 'İ' => 'i',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    for own in OWN {
        if folded.contains(own) {
            folded = folded.replace(own, " ");
        }
    }
    if PHRASES.iter().any(|p| folded.contains(p)) {
        return true;
    }
    if folded.match_indices("κωδικ").any(|(i, _)| {
        folded[i..].split_once(' ').is_some_and(|(_, after)| {
            GREEK_CODE_OF
                .iter()
                .any(|noun| after.trim_start().starts_with(noun))
        })
    }) {
        return true;
    }
    // Words, with single letters in a row read as one (`p.i.n.`, `p i n`, `p-i-n`). A word
    // ends at any character but a letter, and where Latin letters meet those of another script
    // (`PIN码`, `PIN번호`, `PINкод`).
    let mut initials = String::new();
    let mut word_start: Option<usize> = None;
    let mut latin_before = false;
    for (i, c) in folded
        .char_indices()
        .chain(std::iter::once((folded.len(), ' ')))
    {
        let letter = c.is_alphabetic();
        let latin = is_latin(c);
        if let Some(start) = word_start
            && (!letter || latin != latin_before)
        {
            word_start = None;
            let word = &folded[start..i];
            if word.chars().nth(1).is_none() {
                initials.push_str(word);
            } else {
                if WORDS.contains(&initials.as_str())
                    || WORDS.contains(&word)
                    || (BEFORE_DIGITS.contains(&word) && digits_follow(&folded[i..], digits_after))
                    || (LABELS.contains(&word) && labels_digits(&folded[i..], digits_after))
                    || (matches!(word, "fa" | "sv") && two_before(&folded[..start]))
                {
                    return true;
                }
                initials.clear();
            }
        }
        if letter && word_start.is_none() {
            word_start = Some(i);
        }
        latin_before = latin;
    }
    WORDS.contains(&initials.as_str())
}

/// Whether `c` is a letter of the Latin script (ASCII, Latin-1, Latin Extended A and B and
/// Additional: `é`, `ł`, `ş`, `ạ`).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic()
            && matches!(c, '\u{aa}' | '\u{ba}' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}'))
}

/// Whether a word labels the digits after it (`after` is the text that follows it): a `:` or
/// `=`, then digits as [`digits_follow`] reads them (`: 482913`, ` = 482 913`).
fn labels_digits(after: &str, digits_after: bool) -> bool {
    after
        .trim_start()
        .strip_prefix([':', '='])
        .is_some_and(|rest| digits_follow(rest, digits_after))
}

/// Whether digits come right after a word (`after` is the text that follows it): the next word
/// or the one after starts a run of digits, with no other letters before six digits are read
/// (`: 482913`, `=482 913`, ` is 482913`), or, when `digits_after`, `after` ends there.
fn digits_follow(after: &str, digits_after: bool) -> bool {
    let mut words = 0;
    let mut in_word = false;
    let mut digits = 0;
    for c in after.chars() {
        if is_numeric(c) {
            digits += 1;
            if digits == 6 {
                return true;
            }
        } else if c.is_alphabetic() {
            if digits > 0 {
                // Fewer than six digits, then a word: `pass 3 items`.
                return false;
            }
            if !in_word {
                words += 1;
                if words > 1 {
                    return false;
                }
            }
            in_word = true;
            continue;
        }
        in_word = false;
    }
    digits_after
}

/// Whether `before` ends with the digit 2 written as a word of its own and at most two
/// separators (`2 `, `2-`, `2_`): what `fa` or `sv` after it makes a second factor (`2 FA`).
fn two_before(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
    if before.len() - trimmed.len() > 2 {
        return false;
    }
    trimmed
        .strip_suffix('2')
        .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
}

/// Whether free text seems to hold a PIN: a group of exactly six digits (the shape of a
/// two-step verification PIN), digits of any script, written together or split by single
/// spaces, dots or dashes (`482913`, `48 29 13`, `４８２９１３`); or six digits near a PIN-like
/// word. Stricter than the plan's rule, since a journal line is kept for ever; a phone number
/// (more digits) is not one.
///
/// A WhatsApp or Meta error code that `wamigrate explain` knows, written right after "error"
/// (`error 133005`, `Meta error #131026`), is not a PIN: failure reasons quote them.
#[must_use]
pub fn holds_pin(text: &str) -> bool {
    let text = without_error_codes(text);
    is_bare_pin(&text)
        || pin_in_text(&text)
        || digit_groups(&text)
            .iter()
            .any(|g| g.digits == 6 && !reads_as_other_than_a_pin(&text, &g.range))
        || (names_pin(&text) && loose_digit_groups(&text).iter().any(|g| g.digits >= 6))
}

/// `text` with every known error code written after "error" replaced by `#code`.
fn without_error_codes(text: &str) -> std::borrow::Cow<'_, str> {
    let codes = error_code_ranges(text);
    if codes.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in codes {
        out.push_str(&text[last..r.start]);
        out.push_str("code");
        last = r.end;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// Byte ranges of known WhatsApp and Meta error codes (`wamigrate explain`'s catalogue) written
/// within a few characters after the word "error" (or "err").
fn error_code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let code = &text[start..i];
        let before = &text[..start];
        // `error 133005`, `Meta error #131026`, and the Graph API's `(#133005) Title`.
        if crate::catalog::errors::find(code).is_some()
            && (error_word_before(before) || before.ends_with("(#"))
        {
            out.push(start..i);
        }
    }
    out
}

/// Whether one of the last three words of `before` is the word "error" (`error`, `errors`,
/// `err`, `error[...]`, any case): what a quoted error code stands after.
fn error_word_before(before: &str) -> bool {
    last_words(before, 3)
        .split(|c: char| !c.is_alphabetic())
        .any(|w| {
            w.eq_ignore_ascii_case("error")
                || w.eq_ignore_ascii_case("errors")
                || w.eq_ignore_ascii_case("err")
        })
}

/// A group of digits, maybe split by single separators.
pub(crate) struct DigitGroup {
    /// Byte range, first digit to last.
    pub(crate) range: std::ops::Range<usize>,
    /// How many digits it holds.
    pub(crate) digits: usize,
}

/// A separator that may split a number written for people (`48 29 13`, `48_29_13`,
/// `482,913`, `+49 30 901820`); up to [`MAX_GAP`] of them in a row still join two digit runs.
fn joins(c: char) -> bool {
    matches!(
        c,
        ' ' | '.'
            | '-'
            | '_'
            | '/'
            | ','
            | '\t'
            | '\u{a0}'
            | '\u{202f}'
            | '\u{2009}'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
    )
}

/// Whether `text` is a date as times are written (`2026-12-04`): shown, never a PIN's shape.
#[must_use]
pub(crate) fn is_iso_date(text: &str) -> bool {
    has_shape(text, "dddd-dd-dd")
}

/// The most separators in a row that still join two runs of digits.
const MAX_GAP: usize = 3;

/// The most characters but letters and digits in a row that still join two runs of digits next
/// to a PIN word (`PIN 735    291`, `PIN\t\t\t\t735\t\t\t\t291`): a PIN split wide, not two
/// numbers a sentence keeps apart.
const WIDE_GAP: usize = 16;

pub(crate) fn digit_groups(text: &str) -> Vec<DigitGroup> {
    groups_joined_by(text, joins)
}

/// Digit groups joined across any punctuation, brackets or spaces (`(482)913`, `48:29:13`):
/// how digits are read next to a PIN-like word.
fn loose_digit_groups(text: &str) -> Vec<DigitGroup> {
    groups_joined_by(text, |c| !c.is_alphanumeric())
}

fn groups_joined_by(text: &str, joins: impl Fn(char) -> bool) -> Vec<DigitGroup> {
    let mut groups = Vec::new();
    each_group_joined_by(text, joins, |g| groups.push(g));
    groups
}

/// [`digit_groups`] handed one at a time to `found`, without a list of them all (a large
/// journal's text has millions, mostly parts of timestamps).
pub(crate) fn each_digit_group(text: &str, found: impl FnMut(DigitGroup)) {
    each_group_joined_by(text, joins, found);
}

fn each_group_joined_by(text: &str, joins: impl Fn(char) -> bool, found: impl FnMut(DigitGroup)) {
    each_group_joined_within(text, joins, MAX_GAP, found);
}

/// [`each_group_joined_by`] with up to `max_gap` separators in a row joining two runs.
fn each_group_joined_within(
    text: &str,
    joins: impl Fn(char) -> bool,
    max_gap: usize,
    mut found: impl FnMut(DigitGroup),
) {
    // The group being read: where it starts, its last digit's end, how many digits; and the
    // separators seen since its last digit.
    let mut current: Option<(usize, usize, usize)> = None;
    let mut gap = 0;
    for (i, c) in text.char_indices() {
        if is_numeric(c) {
            current = Some(match current {
                Some((start, _, digits)) if gap <= max_gap => (start, i + c.len_utf8(), digits + 1),
                Some((start, end, digits)) => {
                    found(DigitGroup {
                        range: start..end,
                        digits,
                    });
                    (i, i + c.len_utf8(), 1)
                }
                None => (i, i + c.len_utf8(), 1),
            });
            gap = 0;
        } else if is_invisible(c) {
            // Drawn as nothing: neither a separator nor the end of the group.
        } else if current.is_some() && joins(c) {
            gap += 1;
        } else if let Some((start, end, digits)) = current.take() {
            found(DigitGroup {
                range: start..end,
                digits,
            });
            gap = 0;
        }
    }
    if let Some((start, end, digits)) = current {
        found(DigitGroup {
            range: start..end,
            digits,
        });
    }
}

/// `text` with the digits of every group of six or more masked one for one (separators kept):
/// how a free text read back from a journal is shown (a hand edit may have put a PIN there).
/// A control or bidirectional control is written out (`\u{202e}`): the journal's reader keeps
/// a line holding a bidirectional control readable (`record` once wrote them), and shown raw
/// it would reorder the rest of the report line on a terminal.
#[must_use]
pub fn masked(text: &str) -> String {
    let digits_masked = masked_digits(text);
    match crate::diagnostic::visible(&digits_masked) {
        std::borrow::Cow::Borrowed(_) => digits_masked,
        std::borrow::Cow::Owned(shown) => shown,
    }
}

/// Whether `c` breaks a line in a terminal or a text view.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The runs of digits of `text` that [`masked`] would hide only when its lines are read as one
/// (`482\n915`: an argument pasted over two lines), each line alone having too few digits: a
/// message masked line by line, or a value quoted with its line break written out (`482\u{a}915`),
/// would show them. Empty when `text` has no line break; the digits [`masked`] hides in a line
/// alone are pieces too.
#[must_use]
pub fn pin_pieces_across_lines(text: &str) -> Vec<String> {
    if !text.chars().any(breaks_line) {
        return Vec::new();
    }
    // Each line break a space: one character for one, as the masking keeps them.
    let joined: String = text
        .chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect();
    let hidden = masked_digits(&joined);
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for (c, m) in text.chars().zip(hidden.chars()) {
        if is_numeric(c) && m == crate::source::MASK {
            piece.push(c);
        } else if !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

fn masked_digits(text: &str) -> String {
    let codes = error_code_ranges(text);
    if names_pin(text) || is_bare_pin(text) {
        // Next to a PIN-like word every digit is hidden, however it is split.
        let mut out = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if is_numeric(c) && !codes.iter().any(|r| r.contains(&i)) {
                out.push(crate::source::MASK);
            } else {
                out.push(c);
            }
        }
        return out;
    }
    let groups: Vec<DigitGroup> = digit_groups(text)
        .into_iter()
        .filter(|g| {
            g.digits >= 6 && !codes.contains(&g.range) && !is_iso_date(&text[g.range.clone()])
        })
        .collect();
    if groups.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let hidden = is_numeric(c) && groups.iter().any(|g| g.range.contains(&i));
        if hidden {
            out.push(crate::source::MASK);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn is_numeric_answers_as_unicode_does_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                super::is_numeric(c),
                c.is_numeric(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn six_zeros_after_a_point_are_six_digits_as_before_the_decimal_rule() {
        // The rule for `482915.0` took `.000000` for a number with no whole part and passed it,
        // where `.482913` (six digits after a point) is a PIN.
        for text in [".000000", ".482913", "482915.0", "000000.0"] {
            assert!(super::is_bare_pin(text), "{text}");
            assert!(super::pin_in_text(text), "{text}");
        }
        for text in ["0.000000", "1482915.0", "48291.0"] {
            assert!(!super::is_bare_pin(text), "{text}");
        }
    }

    #[test]
    fn a_pin_written_as_a_number_is_a_pin_in_every_notation_split_and_wrapper() {
        // Found by a hostile tester: `+482915.0` and `482 915.0` passed, as the decimal rule
        // took only bare ASCII digits before the point. Every separator a number is split by,
        // every wrapper, every sign and decimal notation, in combination.
        let separators = [
            "", " ", "\u{a0}", "\u{202f}", "\u{2009}", "-", "\u{2011}", ".", "_", "/", ":", ",",
            "\u{200b}",
        ];
        let wrappers = [
            ("", ""),
            ("(", ")"),
            ("[", "]"),
            ("\"", "\""),
            ("\u{ab}", "\u{bb}"),
            ("\u{300c}", "\u{300d}"),
            ("`", "`"),
        ];
        let notations: [fn(&str) -> String; 10] = [
            |w| w.to_string(),
            |w| format!("+{w}"),
            |w| format!("-{w}"),
            |w| format!("{w}.0"),
            |w| format!("+{w}.0"),
            |w| format!("{w},00"),
            |w| format!("-{w}.000"),
            |w| format!("{w}\u{ff0e}0"),
            |w| format!("{w}\u{66b}0"),
            |w| format!(" {w}.0 "),
        ];
        for separator in separators {
            for (open, close) in wrappers {
                for notation in notations {
                    let text = format!("{open}{}{close}", notation(&format!("482{separator}915")));
                    // `-482.915.000` groups thousands by one mark throughout: nine digits.
                    if separator == "." && text.contains(".000") {
                        continue;
                    }
                    assert!(super::is_bare_pin(&text), "{text:?}");
                    assert!(super::pin_in_text(&text), "{text:?}");
                }
            }
        }
        for text in [
            "4.82915e5",
            "4.82915E+05",
            "+4.82915e5",
            "482915e0",
            "482915.0e0",
            "4829150e-1",
            "0.482915e6",
            "(4.82915e5)",
            "\u{664}\u{668}\u{662}\u{669}\u{661}\u{665}\u{66b}\u{660}",
            "\u{ff14}\u{ff18}\u{ff12}\u{ff19}\u{ff11}\u{ff15}.\u{ff10}",
            // Three zeros may be thousands: 482000 read either way.
            "482,000",
            "482.000",
        ] {
            assert!(super::is_bare_pin(text), "{text:?}");
            assert!(super::pin_in_text(text), "{text:?}");
        }
        // Not six digits of a whole number: a fraction, five or seven digits, a time, a
        // phone number, an exponent that makes another count, a word.
        for text in [
            "48291.0",
            "1482915.0",
            "482915.5",
            "1.5",
            "0.000000",
            "10:00:00.0",
            "+49 30 901820",
            "4.82915e4",
            "4.82915e6",
            "1e5",
            "4.82915e5x",
            "e5",
            "1e99999999999999999999",
            "Les Pins 3, 06160",
        ] {
            assert!(!super::is_bare_pin(text), "{text:?}");
            assert!(!super::pin_in_text(text), "{text:?}");
        }
    }

    #[test]
    fn a_pin_in_scientific_notation_with_a_decimal_comma_is_a_pin() {
        // A spreadsheet in a German or French locale writes `4,82915E+05`; the rule took only
        // `.` as the mantissa's point, so the six digits passed (and were shown).
        for text in ["4,82915E+05", "4,82915e5", "(4,82915E+05)"] {
            assert!(super::is_bare_pin(text), "{text:?}");
            assert!(super::pin_in_text(text), "{text:?}");
        }
        for text in ["4,82915E+04", "1,5e5", "4,8,2915e5"] {
            assert!(!super::is_bare_pin(text), "{text:?}");
        }
    }

    #[test]
    fn a_round_number_grouped_by_one_mark_throughout_is_no_pin() {
        // `120,000,000` or `100.000.000` (a price or a volume, grouped in thousands) passed
        // before the zero-fraction rule, which then read their last group as a fraction and the
        // six digits before it as a PIN: one mark cannot both group and end a number's whole
        // part, so the last three zeros are thousands here.
        for text in [
            "120,000,000",
            "100.000.000",
            "482,915,000",
            "(250.000.000)",
            "-482.915.000",
        ] {
            assert!(!super::is_bare_pin(text), "{text:?}");
            assert!(!super::pin_in_text(text), "{text:?}");
        }
        // Another mark before the zeros, fewer zeros, or six digits in all: still a PIN.
        for text in [
            "482 915.000",
            "482.915,000",
            "482,915,00",
            "482.915.0",
            "482.000",
        ] {
            assert!(super::is_bare_pin(text), "{text:?}");
            assert!(super::pin_in_text(text), "{text:?}");
        }
    }

    #[test]
    fn list_commas_are_broken_in_place_with_byte_ranges_kept() {
        for (text, want) in [
            ("Les Pins 3, 06160", "Les Pins 3x 06160"),
            ("482,915", "482,915"),
            ("a ,b", "a xb"),
            (",", "x"),
            ("٤٨٢، ٩١٥", "٤٨٢xx ٩١٥"),
            ("１，２", "１，２"),
            ("１， ２", "１xxx ２"),
            ("no comma", "no comma"),
        ] {
            let got = list_commas_broken(text);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.len(), text.len(), "{text:?}");
        }
    }

    #[test]
    fn honest_text_beside_pin_words_is_not_a_pin() {
        for text in [
            "+49 30 901820  # 2FA off since November",
            "Meta support line 0800 123456 (2FA questions)",
            "+49 30 901820 PIN reset desk",
            "Pedido 482913 enviado; código de tienda MAD-7",
            "call +49 30 901820 for the PIN",
            "2FA turned off for stores 101, 102",
            "Herr Meier, error 133005 on the first save",
            "PIN expires 12-2026",
            "PIN reset 2026.12",
            "PIN desk 49 30 901820",
            "PIN line 030 901820",
            "PIN hotline +1 415 555 0100",
        ] {
            assert!(pin_ranges(text).is_empty(), "{text}");
            assert!(!pin_in_text(text), "{text}");
        }
    }

    /// Six digits written in the ways a PIN is, for the tests of PIN words.
    fn written_pins() -> [&'static str; 5] {
        ["735291", "735 291", "73-52-91", "７３５２９１", "735.291"]
    }

    #[test]
    fn pin_words_glued_to_other_scripts_or_spelled_otherwise_are_found() {
        // A word ends where Latin letters meet those of another script (`PIN码` is `PIN` and
        // `码`), and more languages' words for a password or a verification code are read.
        let words = [
            "PIN码",
            "PIN번호",
            "PINкод",
            "PIN코드",
            "码PIN",
            "ＰＩＮ码",
            "2-FA",
            "2 FA",
            "2_fa",
            "2 SV",
            "كلمة المرور",
            "وكلمة المرور",
            "סיסמה",
            "הסיסמה",
            "पासवर्ड",
            "รหัสผ่าน",
            "รหัสผ่านของคุณคือ",
            "κωδικός πρόσβασης",
            "ΚΩΔΙΚΟΣ ΕΠΑΛΗΘΕΥΣΗΣ",
            "code de vérification",
            "code de sécurité",
            "código de verificación",
            "codigo de seguridad",
            "código de verificação",
            "código de segurança",
            "codice di verifica",
            "codice di sicurezza",
            "Bestätigungscode",
            "Verifizierungscode",
            "verificatiecode",
            "beveiligingscode",
            "kod weryfikacyjny",
            "kod bezpieczeństwa",
            "doğrulama kodu",
            "GÜVENLİK KODU",
            "код подтверждения",
            "код безопасности",
            "kode verifikasi",
            "kode keamanan",
            "验证码",
            "인증번호",
        ];
        for word in words {
            for written in written_pins() {
                for text in [
                    format!("{word} {written}"),
                    format!("{word}: {written}"),
                    format!("the {word}, written on the whiteboard last week, is {written}"),
                ] {
                    assert!(pin_in_text(&text), "{text}");
                    assert!(holds_pin(&text), "{text}");
                    assert!(!pin_ranges(&text).is_empty(), "{text}");
                    let shown = masked(&text);
                    assert!(!shown.contains("735"), "{text} shown as {shown}");
                }
            }
        }
    }

    #[test]
    fn pass_pw_and_pwd_name_a_password_only_right_before_the_digits() {
        for word in ["pw", "PW", "pwd", "Pwd"] {
            for written in written_pins() {
                for text in [
                    format!("{word} {written}"),
                    format!("{word}: {written}"),
                    format!("{word}={written}"),
                    format!("{word} is {written}"),
                    format!("Contoso {word} - {written}"),
                    format!("{word}\t{written} (ask Ines)"),
                ] {
                    assert!(pin_in_text(&text), "{text}");
                    assert!(holds_pin(&text), "{text}");
                }
            }
        }
        // `pass` and `parola` as a label only.
        for word in ["pass", "Pass", "PASS", "parola"] {
            for written in written_pins() {
                for text in [
                    format!("{word}: {written}"),
                    format!("{word}={written}"),
                    format!("Contoso {word} : {written}"),
                ] {
                    assert!(pin_in_text(&text), "{text}");
                    assert!(holds_pin(&text), "{text}");
                }
            }
        }
        // Elsewhere on the line they are the verb and other words: six digits among words
        // stay a store number, a ticket or an order.
        for text in [
            "pass 3 items to store 482913",
            "Store 482913 will pass the audit",
            "ticket 482913, pass it on",
            "we pass through gate 2 then desk 482913",
            "Compass 482913",
            "passport 482913",
            "PWA store 482913",
            "2 fans at store 482913",
            "Les Pins 3, 06160",
            "Pedido 482913 enviado; código de tienda MAD-7",
            "Boarding pass 482913",
            "season pass 482913",
            "Brenner Pass 482913",
            "parola chiave 482913",
            "Κωδικός καταστήματος: 482913",
            "Κωδικός πελάτη 482913",
            "κωδικός 1234 56",
            "Κωδικός περιοχής 210 123456",
        ] {
            assert!(!pin_in_text(text), "{text}");
            assert!(pin_ranges(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_pin_split_by_a_wide_run_of_spaces_or_punctuation_beside_a_pin_word_is_found() {
        for sep in [
            "    ",
            "\t\t\t\t",
            "        ",
            " -  - ",
            " \u{a0} \u{a0} ",
            ")    (",
            "  /  ",
            &" ".repeat(16),
        ] {
            for text in [
                format!("PIN 735{sep}291"),
                format!("PIN\t\t\t\t735{sep}291"),
                format!("PIN 73{sep}52{sep}91"),
                format!("2FA: 7 3 5{sep}2 9 1"),
                format!("PIN 735{sep}291, ask Ines"),
                format!("PIN码 735{sep}291"),
                format!("Store 482913, PIN 735{sep}291"),
            ] {
                let found = pin_ranges(&text);
                let digits: Vec<String> = found
                    .iter()
                    .map(|r| text[r.clone()].chars().filter(|c| c.is_numeric()).collect())
                    .collect();
                assert!(digits.iter().any(|d| d == "735291"), "{text:?}: {found:?}");
                assert!(pin_in_text(&text), "{text:?}");
                assert!(holds_pin(&text), "{text:?}");
            }
        }
        // Without a PIN word, or with a word between, runs stay apart.
        for text in [
            "Contoso 735    291",
            "PIN reset on desk 735    room 291",
            "PIN desk 49 30 901820",
            "2FA turned off for stores 101, 102",
            "PIN 735    and    291",
        ] {
            assert!(!pin_in_text(text), "{text:?}");
        }
    }

    #[test]
    fn stray_digits_beside_a_pin_do_not_hide_it() {
        for text in [
            "PIN 482913 2 attempts left",
            "PIN 482 913 2 attempts left",
            "2FA 1 482913",
            "482913 (2SV)",
            "482913 2SV",
            "the PIN: 482913 5 tries",
            "PIN 482913 100 attempts left",
            "PIN 482913 2 999",
            "PIN 482913 2026-12-05",
            "PIN 482913 10:00",
            "PIN 1 2 482913",
        ] {
            let found = pin_ranges(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let digits: String = text[found[0].clone()]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(digits, "482913", "{text}");
        }
    }

    #[test]
    fn a_long_line_of_six_digit_groups_is_read_in_linear_time() {
        // One word of 100,000 ids (a link): the words beside each group are looked for in a
        // bounded window, not in the whole line each time.
        let mut ids = String::new();
        for i in 0..20_000 {
            ids.push_str(&(482_913 + i).to_string());
            ids.push_str("%2C");
        }
        let codes = "133005x".repeat(20_000);
        for text in [format!("https://crm.example/t?ids={ids}"), codes] {
            let started = std::time::Instant::now();
            let _ = pin_ranges(&text);
            let _ = holds_pin(&text);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "{:?}",
                started.elapsed()
            );
        }
    }
    use super::*;

    /// The PIN of these tests in digits of several scripts.
    const SCRIPTS: [&str; 6] = [
        "482915",
        "４８２９１５",
        "٤٨٢٩١٥",
        "۴۸۲۹۱۵",
        "४८२९१५",
        "𝟒𝟖𝟐𝟗𝟏𝟓",
    ];

    fn split(digits: &str, sep: &str) -> String {
        let d: Vec<char> = digits.chars().collect();
        format!(
            "{}{sep}{}",
            d[..3].iter().collect::<String>(),
            d[3..].iter().collect::<String>()
        )
    }

    #[test]
    fn a_pin_next_to_a_word_is_found_in_any_script_split_or_spelling() {
        let words = [
            "PIN",
            "pin:",
            "ＰＩＮ",
            "P.I.N.",
            "p i n",
            "P-I-N",
            "passwd",
            "Passwort",
            "Kennwort",
            "MFA",
            "OTP",
            "2FA",
            "2-step code",
            "two\u{2011}step",
            "TwoStep",
            "p\u{131}n",
            "pi\u{200b}n",
            "clave",
            "senha:",
            "Geheimzahl",
            "mot de passe",
            "ПИН",
            "пароль",
            "密码",
            "パスワード",
            "비밀번호",
            "security code",
        ];
        for digits in SCRIPTS {
            for written in [
                digits.to_string(),
                split(digits, " "),
                split(digits, "\u{a0}"),
                split(digits, "-"),
                split(digits, "."),
                split(digits, ":"),
            ] {
                for word in words {
                    let text = format!("{word} {written}");
                    assert!(pin_in_text(&text), "{text}");
                    let far =
                        format!("the {word}, written on the whiteboard last week, is {written}");
                    assert!(pin_in_text(&far), "{far}");
                }
            }
        }
    }

    #[test]
    fn brackets_around_parts_of_a_pin_do_not_hide_it() {
        assert!(pin_in_text("Contoso PIN (48)(29)(15)"));
        assert!(pin_in_text("PIN (482) 915"));
        assert!(pin_in_text("PIN 482, 915"));
        assert!(pin_in_text("pin: 48, 29, 15"));
        assert!(pin_in_text("ПИН ４８２、 ９１５"));
    }

    #[test]
    fn six_digits_alone_or_in_another_script_are_a_pin() {
        for digits in SCRIPTS {
            assert!(pin_in_text(digits), "{digits}");
            assert!(pin_in_text(&split(digits, " ")), "{digits}");
            if !digits.is_ascii() {
                let text = format!("Contoso {digits}");
                assert!(pin_in_text(&text), "{text}");
            }
        }
    }

    #[test]
    fn doubled_separators_invisible_characters_and_camel_case_hide_no_pin() {
        for text in [
            "PIN 482  915",
            "pin: 48--29--15",
            "PIN 48 / 29 / 15",
            "secret 482915",
            "myPin482915",
            "PIN 4\u{200b}8\u{200b}2\u{200b}9\u{200b}1\u{200b}5",
            "pin 4\u{301}8\u{301}2\u{301}9\u{301}1\u{301}5\u{301}",
            "48:29-15",
            "48_29_15",
            "4\u{200b}82915\u{200b}",
        ] {
            assert!(pin_in_text(text), "{text:?}");
        }
        // Six digits alone that read as a time or a date are left alone, however written.
        for text in ["10:00:00", "24.11.26", "11/24/26", "2026-12"] {
            assert!(!is_bare_pin(text), "{text}");
        }
    }

    #[test]
    fn six_digits_and_no_letter_are_a_pin_however_bracketed_or_split() {
        for text in [
            "(482) 913",
            "[482][913]",
            "482\n913",
            "{48}{29}{13}",
            "482 / 913",
            "#482913",
        ] {
            assert!(is_bare_pin(text), "{text:?}");
            assert!(holds_pin(text), "{text:?}");
            let shown = masked(text);
            assert!(
                !shown.chars().any(|c| c.is_ascii_digit()),
                "{text:?} shown as {shown:?}"
            );
        }
        // Nothing but groups of six digits: each may be the PIN.
        for text in ["482913 482913", "482913 / 123456", "482913\n123456\n654321"] {
            assert!(is_bare_pin(text), "{text:?}");
            assert!(pin_in_text(text), "{text:?}");
            assert!(holds_pin(text), "{text:?}");
        }
        for text in [
            "(482) 9130",
            "[48][29]",
            "+49 30 901820",
            "+44 20 7946 0958",
            "+49 151 23456789",
            "PIN-free 482913x",
            "482913 1234567",
        ] {
            assert!(!is_bare_pin(text), "{text:?}");
        }
    }

    #[test]
    fn what_a_plan_says_besides_is_not_a_pin() {
        for text in [
            "Woodgrove 482913",
            "call +49 30 901820",
            "PIN known to Ines since 2026-12-04",
            "the PIN was reset at 10:00:00",
            "PIN mismatch, Meta error 133005",
            "order 4815162 with pin",
            "have-registration-pin",
            "+1 415 555 0100",
            "2026-12-04T10:00:00+01:00",
            "sv_SE",
            "shipping 12345 6",
            "- disable-two-step-verification  # done 24.11.26",
            "pin_known: true  # ticket 104523",
            "have-registration-pin CHG482915",
            "password_reset_202612",
            "Contoso Les Pins 3, 06160 Antibes",
            "2FA off since 04.12.26",
            "PIN reset at 10.00.00",
            "Meta error 131056, PIN reset",
            "2FA turned off 2026 10",
            "errors 133005, 133006 during re-registration of the PIN",
            "error 131056, then 131056 again, PIN reset",
            "PIN sent to 3 agents, 06160 Antibes office",
            "PIN reset for stores 12, 34, 56, 78",
            "PIN reset on lines 12, 34, 56",
            "2FA turned off for stores 101, 102",
        ] {
            assert!(!pin_in_text(text), "{text}");
        }
    }

    proptest::proptest! {
        /// The walk over the bytes of an ASCII line finds the same groups as the walk over the
        /// characters of the same line made non-ASCII by a letter at its end.
        #[test]
        fn the_byte_walk_agrees_with_the_character_walk(
            text in "[0-9a-z :.,/\\-()]{0,40}",
        ) {
            let groups = |t: &str| {
                let mut found = Vec::new();
                each_tight_group(t, |g| found.push((g.range, g.digits)));
                found
            };
            proptest::prop_assert_eq!(groups(&text), groups(&format!("{text}é")));
        }
    }
}
