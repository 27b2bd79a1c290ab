//! Checks the business phone number a person wrote in a plan and turns it
//! into E.164 form (`+` and 7 to 15 digits, ITU-T E.164), the only form the
//! `WhatsApp` Business Platform takes.
//!
//! This module owns every rule about what a written number may look like, so
//! that a bad number is refused while the plan is read, with a reason a person
//! can act on, rather than later by Meta in the middle of a migration. It
//! knows nothing about any one country's numbering plan beyond the list of
//! country calling codes the ITU has assigned; it does not check that a
//! number is in service.
//!
//! What cannot be registered, and why it is refused here:
//!
//! - SMS short codes and alphanumeric sender IDs. Genesys Cloud `WhatsApp`
//!   FAQ: "You cannot register short codes or sender IDs."
//! - Numbers without a country code. Meta, "About business phone numbers"
//!   (`WhatsApp` Business Platform, MPN), eligible numbers must "have a country
//!   and area code (short codes are not supported)":
//!   <https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/phone-numbers>
//! - Numbers longer than 15 digits, or whose country calling code the ITU has
//!   not assigned (ITU-T Recommendation E.164 and its list of assigned
//!   country codes, annexed to the ITU Operational Bulletin).
//!
//! Parsing runs once per number in a plan, so it is a single pass over the
//! text with a table lookup by binary search; the only allocation is the
//! `String` of the result.

use std::fmt;

use compact_str::CompactString;

/// Why a written phone number cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneProblemKind {
    /// 3 to 6 digits with no country code: an SMS short code; `WhatsApp`
    /// cannot register it (Genesys FAQ; Meta phone numbers doc).
    ShortCode,
    /// Letters and no more than a couple of digits: an alphanumeric sender ID;
    /// `WhatsApp` cannot register it.
    SenderId,
    /// Letters standing for digits among enough digits to be a phone number
    /// (`+1 800 FLOWERS`): a vanity spelling, to be written as digits.
    Letters,
    /// An extension after the number (`ext 5`, `x12`, `#3`, `;ext=4`):
    /// `WhatsApp` registers whole numbers only.
    Extension,
    /// No leading `+` or `00`: the country code is missing.
    MissingCountryCode,
    /// The country calling code is not assigned by the ITU. Carries the
    /// digits tried: the first three digits after the `+` or `00`.
    UnknownCountryCode(String),
    /// Too few (under 7) or too many (over 15) digits for E.164 after the `+`
    /// or `00`. Carries the digit count.
    WrongLength(usize),
    /// A character that is neither a digit nor a separator. Carries the
    /// character.
    BadCharacter(char),
    /// Nothing written: an empty string, only whitespace, only `tel:`, or only
    /// separators.
    Empty,
}

/// A phone number in E.164 form (`+` and 7 to 15 digits), with its country
/// calling code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164 {
    /// `+` then the digits, as in `+4930123456` (at most 16 bytes: always stored inline).
    digits: CompactString,
    /// How many digits after the `+` are the country calling code (1 to 3).
    country_code_len: u8,
}

/// Fewest digits accepted after the `+` (country code included).
const MIN_DIGITS: usize = 7;
/// Most digits E.164 allows after the `+` (country code included).
const MAX_DIGITS: usize = 15;
/// A national trunk prefix written after the country code, as in
/// `+44 (0)20 7946 0000`; it is not dialled from abroad, so it is dropped.
const TRUNK_ZERO: &str = "(0)";
/// A URI scheme (RFC 3966) that may precede the number; matched ignoring case.
const TEL_SCHEME: &str = "tel:";

impl E164 {
    /// Reads a phone number as a person would write it and returns it in
    /// E.164 form.
    ///
    /// Surrounding whitespace and a leading `tel:` are ignored. The digits
    /// may be split by spaces, `-`, `.`, `(`, `)`, no-break spaces and thin
    /// spaces. A leading `+` or `00` (the international prefix) says the
    /// country calling code comes next; a `(0)` trunk prefix is dropped.
    ///
    /// # Errors
    ///
    /// The first problem found, checked in this order:
    /// [`PhoneProblemKind::Empty`] when nothing is written;
    /// [`PhoneProblemKind::SenderId`] when there is any ASCII letter;
    /// [`PhoneProblemKind::BadCharacter`] for the first character that is
    /// neither a digit nor a separator (a `+` anywhere but first is one);
    /// without `+` or `00`, [`PhoneProblemKind::ShortCode`] for 3 to 6
    /// digits, else [`PhoneProblemKind::MissingCountryCode`];
    /// [`PhoneProblemKind::WrongLength`] unless 7 to 15 digits follow the
    /// prefix; [`PhoneProblemKind::UnknownCountryCode`] when no assigned
    /// country calling code begins the digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use wamigrate::plan::phone::{E164, PhoneProblemKind};
    ///
    /// let number = E164::parse("+44 (0)20 7946 0000").unwrap();
    /// assert_eq!(number.as_str(), "+442079460000");
    /// assert_eq!(number.country_code(), "44");
    /// assert_eq!(E164::parse("0049 30 901820").unwrap().as_str(), "+4930901820");
    /// assert_eq!(E164::parse("24365"), Err(PhoneProblemKind::ShortCode));
    /// assert_eq!(E164::parse("ACME"), Err(PhoneProblemKind::SenderId));
    /// ```
    pub fn parse(written: &str) -> Result<E164, PhoneProblemKind> {
        let mut text = written.trim();
        if let Some(rest) = strip_tel_scheme(text) {
            text = rest.trim_start();
        }
        if text.is_empty() {
            return Err(PhoneProblemKind::Empty);
        }
        if has_extension(text) {
            return Err(PhoneProblemKind::Extension);
        }
        if text.bytes().any(|byte| byte.is_ascii_alphabetic()) {
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            return Err(if text.starts_with('+') || digits >= 3 {
                PhoneProblemKind::Letters
            } else {
                PhoneProblemKind::SenderId
            });
        }

        let (international, body) = if let Some(rest) = text.strip_prefix('+') {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix("00") {
            (true, rest)
        } else {
            (false, text)
        };

        let mut digits = CompactString::const_new("");
        if international {
            digits.push('+');
        }
        let mut count = 0_usize;
        let mut rest = body;
        while let Some(c) = rest.chars().next() {
            if c == '('
                && let Some(after) = rest.strip_prefix(TRUNK_ZERO)
            {
                rest = after;
                continue;
            }
            rest = &rest[c.len_utf8()..];
            if c.is_ascii_digit() {
                count += 1;
                if international && count <= MAX_DIGITS {
                    digits.push(c);
                }
            } else if !is_separator(c) {
                return Err(PhoneProblemKind::BadCharacter(c));
            }
        }

        if !international {
            return Err(match count {
                0 => PhoneProblemKind::Empty,
                3..=6 => PhoneProblemKind::ShortCode,
                _ => PhoneProblemKind::MissingCountryCode,
            });
        }
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&count) {
            return Err(PhoneProblemKind::WrongLength(count));
        }
        let national = digits.get(1..).unwrap_or_default();
        match country_code_len(national) {
            Some(country_code_len) => Ok(E164 {
                digits,
                country_code_len,
            }),
            None => Err(PhoneProblemKind::UnknownCountryCode(
                national.get(..3).unwrap_or(national).to_owned(),
            )),
        }
    }

    /// The number in E.164 form, as in `+4930123456`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The national significant number: the digits after the country calling code, as in
    /// `30123456`.
    #[must_use]
    pub fn national(&self) -> &str {
        self.digits
            .get(1 + usize::from(self.country_code_len)..)
            .unwrap_or_default()
    }

    /// How many digits after the `+` are the country calling code (1 to 3): with
    /// [`E164::as_str`], what [`E164::from_kept`] takes back.
    #[must_use]
    pub fn country_code_len(&self) -> u8 {
        self.country_code_len
    }

    /// The number [`E164::as_str`] and [`E164::country_code_len`] gave, kept apart (a journal's
    /// events keep the text they were written with and the code's length, not a second copy);
    /// `None` when they cannot be such a pair.
    #[must_use]
    pub fn from_kept(text: &str, country_code_len: u8) -> Option<E164> {
        let digits = text.strip_prefix('+')?;
        let fits = (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (1..=3).contains(&country_code_len);
        fits.then(|| E164 {
            digits: text.into(),
            country_code_len,
        })
    }

    /// The country calling code without the `+`, as in `49`.
    #[must_use]
    pub fn country_code(&self) -> &str {
        self.digits
            .get(1..=usize::from(self.country_code_len))
            .unwrap_or_default()
    }

    /// What two spellings of one number share, and so what tells numbers apart everywhere (a
    /// duplicate under `numbers:`, a step's or override's `numbers:` list, `--number`, a journal
    /// event): the number in E.164 form or, when it is outside its country's numbering plan only
    /// because the national prefix was written after the country code (`+49 030 901820`, the same
    /// line as `+49 30 901820`), the number without that prefix (libphonenumber's metadata,
    /// (LPN)). Looked up only for a number that starts with such a prefix, which a number written
    /// right never does.
    #[must_use]
    pub fn identity(&self) -> E164 {
        use crate::catalog::numbering::{Verdict, classify, national_prefix_written};
        let (code, national) = (self.country_code(), self.national());
        let Some(prefix) = national_prefix_written(code, national) else {
            return self.clone();
        };
        if !matches!(classify(code, national), Verdict::NotInPlan { .. }) {
            return self.clone();
        }
        national
            .strip_prefix(prefix)
            .and_then(|rest| E164::parse(&format!("+{code}{rest}")).ok())
            .unwrap_or_else(|| self.clone())
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the text ends with an extension: a marker (`ext`, `extension`, `x`, `#`, `;ext=`)
/// after at least seven digits, followed by digits only.
fn has_extension(text: &str) -> bool {
    // Every marker holds a letter or `#`: a number without either (every E.164 one) has none.
    if !text.bytes().any(|b| b.is_ascii_alphabetic() || b == b'#') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    [";ext=", "extension", "ext.", "ext", "#", "x"]
        .iter()
        .any(|marker| {
            let Some(at) = lower.rfind(marker) else {
                return false;
            };
            let before = lower[..at].bytes().filter(u8::is_ascii_digit).count();
            let after = lower[at + marker.len()..].trim_start_matches(['.', ':', ' ', '=']);
            before >= 7 && !after.is_empty() && after.trim_end().bytes().all(|b| b.is_ascii_digit())
        })
}

/// The number rewritten the way it should have been, when a likely form can be told from what
/// was written: letters turned into keypad digits, or a country code added in the number's own
/// style (`1-800-555-0199` becomes `+1-800-555-0199`; `030 901820` becomes
/// `+<country code> 30 901820`).
#[must_use]
pub fn example(written: &str, problem: &PhoneProblemKind) -> Option<String> {
    let text = written.trim();
    match problem {
        // Letters turned into digits could spell out six digits written beside them (`code
        // 482913`): no example then, as it would show them.
        PhoneProblemKind::Letters if crate::secret::has_six_digit_group(text) => None,
        PhoneProblemKind::Letters => Some(
            text.chars()
                .map(|c| match c.to_ascii_uppercase() {
                    'A'..='C' => '2',
                    'D'..='F' => '3',
                    'G'..='I' => '4',
                    'J'..='L' => '5',
                    'M'..='O' => '6',
                    'P'..='S' => '7',
                    'T'..='V' => '8',
                    'W'..='Z' => '9',
                    _ => c,
                })
                .collect(),
        ),
        PhoneProblemKind::MissingCountryCode => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            if text.starts_with('0') {
                // A national trunk prefix: the country code replaces it.
                let rest = text.trim_start_matches('0').trim_start();
                Some(format!("+<country code> {rest}"))
            } else if digits.len() == 11 && digits.starts_with('1') {
                Some(format!("+{text}"))
            } else if digits.len() == 10 && !digits.starts_with(['0', '1']) {
                // Ten digits not starting with 0 or 1: a North American number.
                let starts_with_digit = text.starts_with(|c: char| c.is_ascii_digit());
                let separator = match text.chars().find(|c| !c.is_ascii_digit()) {
                    Some('-') if starts_with_digit => "-",
                    Some('.') if starts_with_digit => ".",
                    _ => " ",
                };
                Some(format!("+1{separator}{text}"))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The text after a leading `tel:` (any case), if there is one.
fn strip_tel_scheme(text: &str) -> Option<&str> {
    let scheme = text.get(..TEL_SCHEME.len())?;
    if scheme.eq_ignore_ascii_case(TEL_SCHEME) {
        text.get(TEL_SCHEME.len()..)
    } else {
        None
    }
}

/// Characters people put between digits; they carry no meaning.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '(' | ')'
            // no-break space
            | '\u{00A0}'
            // thin space
            | '\u{2009}'
            // narrow no-break space (the thin space of French typography)
            | '\u{202F}'
    )
}

/// How many leading digits of `national` (the digits after the `+`) are an
/// assigned country calling code, trying the longest first.
///
/// Country calling codes form a prefix code (no code begins another), so at
/// most one length matches.
fn country_code_len(national: &str) -> Option<u8> {
    [3_u8, 2, 1].into_iter().find(|&len| {
        national
            .get(..usize::from(len))
            .is_some_and(|prefix| COUNTRY_CODES.binary_search(&prefix).is_ok())
    })
}

/// Country calling codes assigned by the ITU (ITU-T E.164, list of assigned
/// country codes), to countries, territories and non-geographic services,
/// sorted as strings for binary search. A code not listed is spare.
///
/// Left out although they appear in some editions of the list: 388 (shared
/// code for groups of countries; its one group, the European Telephony
/// Numbering Space 3883, closed in 2010) and 991 (shared code for a trial
/// service); no number can be registered under either. 379 (Vatican City
/// State, reserved) and 997 (Kazakhstan) are assigned to states and kept.
static COUNTRY_CODES: &[&str] = &[
    // Zone 1: North American Numbering Plan.
    "1", //
    // Zone 2: mostly Africa.
    "20", "211", "212", "213", "216", "218", //
    "220", "221", "222", "223", "224", "225", "226", "227", "228", "229", //
    "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", //
    "240", "241", "242", "243", "244", "245", "246", "247", "248", "249", //
    "250", "251", "252", "253", "254", "255", "256", "257", "258", //
    "260", "261", "262", "263", "264", "265", "266", "267", "268", "269", //
    "27",  //
    "290", "291", "297", "298", "299", //
    // Zones 3 and 4: Europe.
    "30", "31", "32", "33", "34", //
    "350", "351", "352", "353", "354", "355", "356", "357", "358", "359", //
    "36",  //
    "370", "371", "372", "373", "374", "375", "376", "377", "378", "379", //
    "380", "381", "382", "383", "385", "386", "387", "389", //
    "39",  //
    "40", "41", "420", "421", "423", "43", "44", "45", "46", "47", "48", "49", //
    // Zone 5: the Americas outside the NANP.
    "500", "501", "502", "503", "504", "505", "506", "507", "508", "509", //
    "51", "52", "53", "54", "55", "56", "57", "58", //
    "590", "591", "592", "593", "594", "595", "596", "597", "598", "599", //
    // Zone 6: South-East Asia and Oceania.
    "60", "61", "62", "63", "64", "65", "66", //
    "670", "672", "673", "674", "675", "676", "677", "678", "679", //
    "680", "681", "682", "683", "685", "686", "687", "688", "689", //
    "690", "691", "692", //
    // Zone 7: Russia and Kazakhstan.
    "7", //
    // Zone 8: East Asia and non-geographic services (800 international
    // freephone, 808 shared cost, 870 Inmarsat, 878 personal numbers,
    // 881 satellite, 882 and 883 international networks, 888 disaster
    // relief).
    "800", "808", "81", "82", "84", //
    "850", "852", "853", "855", "856", "86", //
    "870", "878", "880", "881", "882", "883", "886", "888", //
    // Zone 9: West, Central and South Asia (979 international premium rate).
    "90", "91", "92", "93", "94", "95", //
    "960", "961", "962", "963", "964", "965", "966", "967", "968", //
    "970", "971", "972", "973", "974", "975", "976", "977", "979", //
    "98",  //
    "992", "993", "994", "995", "996", "997", "998",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(written: &str) -> E164 {
        match E164::parse(written) {
            Ok(number) => number,
            Err(problem) => panic!("{written:?} was refused: {problem:?}"),
        }
    }

    #[test]
    fn empty_string_is_refused() {
        assert_eq!(E164::parse(""), Err(PhoneProblemKind::Empty));
        assert_eq!(E164::parse("   \t\n"), Err(PhoneProblemKind::Empty));
        assert_eq!(E164::parse("tel:"), Err(PhoneProblemKind::Empty));
        assert_eq!(E164::parse(" - ( ) . "), Err(PhoneProblemKind::Empty));
    }

    #[test]
    fn short_code_is_refused() {
        assert_eq!(E164::parse("123"), Err(PhoneProblemKind::ShortCode));
        assert_eq!(E164::parse("12345"), Err(PhoneProblemKind::ShortCode));
        assert_eq!(E164::parse("123 456"), Err(PhoneProblemKind::ShortCode));
    }

    #[test]
    fn short_code_with_plus_is_a_length_problem() {
        assert_eq!(E164::parse("+12345"), Err(PhoneProblemKind::WrongLength(5)));
    }

    #[test]
    fn alphanumeric_sender_id_is_refused() {
        assert_eq!(E164::parse("ACME"), Err(PhoneProblemKind::SenderId));
        assert_eq!(E164::parse("Acme Bank"), Err(PhoneProblemKind::SenderId));
        assert_eq!(E164::parse("tel:INFO"), Err(PhoneProblemKind::SenderId));
    }

    #[test]
    fn sender_id_is_found_before_bad_characters() {
        assert_eq!(E164::parse("ACME!"), Err(PhoneProblemKind::SenderId));
        assert_eq!(E164::parse("#1 Shop"), Err(PhoneProblemKind::SenderId));
    }

    #[test]
    fn vanity_letters_are_not_a_sender_id() {
        assert_eq!(
            E164::parse("+1 800 FLOWERS"),
            Err(PhoneProblemKind::Letters)
        );
        assert_eq!(
            E164::parse("+49 30 CALL ACME"),
            Err(PhoneProblemKind::Letters)
        );
        assert_eq!(
            example("+1 800 FLOWERS", &PhoneProblemKind::Letters).as_deref(),
            Some("+1 800 3569377")
        );
        // Six digits beside the letters may be a PIN: the example would repeat them.
        for written in ["code 482913", "PIN 48-29-13", "pin ４８２９１３"] {
            assert_eq!(
                example(written, &PhoneProblemKind::Letters),
                None,
                "{written}"
            );
        }
    }

    #[test]
    fn an_extension_is_named_as_such() {
        for written in [
            "+49 30 901820 ext 5",
            "+49 30 901820 ext. 5",
            "+1 415 555 0100 x12",
            "+1 415 555 0100 #3",
            "tel:+1-201-555-0123;ext=1234",
            "+44 20 7946 0000 extension 200",
        ] {
            assert_eq!(
                E164::parse(written),
                Err(PhoneProblemKind::Extension),
                "{written}"
            );
        }
    }

    #[test]
    fn a_missing_country_code_example_keeps_the_numbers_style() {
        assert_eq!(
            example("1-800-555-0199", &PhoneProblemKind::MissingCountryCode).as_deref(),
            Some("+1-800-555-0199")
        );
        assert_eq!(
            example("(415) 555-0100", &PhoneProblemKind::MissingCountryCode).as_deref(),
            Some("+1 (415) 555-0100")
        );
        assert_eq!(
            example("12 34 56 78", &PhoneProblemKind::MissingCountryCode),
            None
        );
        assert_eq!(
            example("415 555 0100", &PhoneProblemKind::MissingCountryCode).as_deref(),
            Some("+1 415 555 0100")
        );
        assert_eq!(
            example("030 901820", &PhoneProblemKind::MissingCountryCode).as_deref(),
            Some("+<country code> 30 901820")
        );
    }

    #[test]
    fn missing_country_code_is_refused() {
        assert_eq!(
            E164::parse("030 1234567"),
            Err(PhoneProblemKind::MissingCountryCode)
        );
        assert_eq!(
            E164::parse("4930123456"),
            Err(PhoneProblemKind::MissingCountryCode)
        );
        assert_eq!(E164::parse("12"), Err(PhoneProblemKind::MissingCountryCode));
    }

    #[test]
    fn plus_prefix_with_separators_normalises() {
        let number = ok("  +49 (30) 123-456.78 ");
        assert_eq!(number.as_str(), "+493012345678");
        assert_eq!(number.country_code(), "49");
    }

    #[test]
    fn double_zero_prefix_means_international() {
        let number = ok("0049 30 123456");
        assert_eq!(number.as_str(), "+4930123456");
        assert_eq!(number.country_code(), "49");
        assert_eq!(number, ok("+49 30 123456"));
    }

    #[test]
    fn uk_trunk_zero_in_parentheses_is_dropped() {
        let number = ok("+44 (0)20 7946 0000");
        assert_eq!(number.as_str(), "+442079460000");
        assert_eq!(number.country_code(), "44");
        assert_eq!(ok("0044(0)2079460000").as_str(), "+442079460000");
    }

    #[test]
    fn area_code_in_parentheses_keeps_its_digits() {
        assert_eq!(ok("+49 (030) 123456").as_str(), "+49030123456");
    }

    #[test]
    fn unassigned_country_code_is_refused() {
        assert_eq!(
            E164::parse("+280 1234567"),
            Err(PhoneProblemKind::UnknownCountryCode("280".to_owned()))
        );
        assert_eq!(
            E164::parse("+384 44 123 456"),
            Err(PhoneProblemKind::UnknownCountryCode("384".to_owned()))
        );
        assert_eq!(
            E164::parse("+0049 30 123456"),
            Err(PhoneProblemKind::UnknownCountryCode("004".to_owned()))
        );
    }

    #[test]
    fn spare_codes_are_refused() {
        for spare in [
            "210", "214", "259", "283", "292", "296", "388", "422", "429", "671", "684", "693",
            "801", "809", "830", "851", "854", "871", "879", "884", "887", "899", "969", "978",
            "990", "991", "999",
        ] {
            let written = format!("+{spare} 1234 5678");
            assert_eq!(
                E164::parse(&written),
                Err(PhoneProblemKind::UnknownCountryCode(spare.to_owned())),
                "{written}"
            );
        }
    }

    #[test]
    fn too_long_is_refused() {
        assert_eq!(
            E164::parse("+49 1234 5678 9012 34"),
            Err(PhoneProblemKind::WrongLength(16))
        );
        assert_eq!(
            E164::parse("+1 234 567 890 123 456 789 012"),
            Err(PhoneProblemKind::WrongLength(22))
        );
    }

    #[test]
    fn too_short_is_refused() {
        assert_eq!(
            E164::parse("+49 1234"),
            Err(PhoneProblemKind::WrongLength(6))
        );
        assert_eq!(E164::parse("+"), Err(PhoneProblemKind::WrongLength(0)));
        assert_eq!(E164::parse("00"), Err(PhoneProblemKind::WrongLength(0)));
    }

    #[test]
    fn length_limits_are_inclusive() {
        assert_eq!(ok("+49 12345").as_str(), "+4912345");
        assert_eq!(ok("+49 1234 5678 9012 3").as_str(), "+491234567890123");
    }

    #[test]
    fn nanp_number_normalises() {
        let number = ok("+1 (415) 555-0100");
        assert_eq!(number.as_str(), "+14155550100");
        assert_eq!(number.country_code(), "1");
    }

    #[test]
    fn country_code_one_digit() {
        let number = ok("+7 495 123-45-67");
        assert_eq!(number.as_str(), "+74951234567");
        assert_eq!(number.country_code(), "7");
    }

    #[test]
    fn country_code_two_digits() {
        let number = ok("+91 98765 43210");
        assert_eq!(number.as_str(), "+919876543210");
        assert_eq!(number.country_code(), "91");
    }

    #[test]
    fn country_code_three_digits() {
        let number = ok("+353 1 234 5678");
        assert_eq!(number.as_str(), "+35312345678");
        assert_eq!(number.country_code(), "353");
        assert_eq!(ok("+383 44 123 456").country_code(), "383");
        assert_eq!(ok("+998 90 123 45 67").country_code(), "998");
    }

    #[test]
    fn non_geographic_codes_are_accepted() {
        assert_eq!(ok("+800 1234 5678").country_code(), "800");
        assert_eq!(ok("+882 1234 567890").country_code(), "882");
        assert_eq!(ok("+881 6 1234 5678").country_code(), "881");
    }

    #[test]
    fn tel_prefix_is_accepted() {
        assert_eq!(ok("tel:+1-201-555-0123").as_str(), "+12015550123");
        assert_eq!(ok(" TEL: +1 201 555 0123").as_str(), "+12015550123");
    }

    #[test]
    fn no_break_and_thin_spaces_are_separators() {
        assert_eq!(
            ok("+33\u{00A0}1\u{2009}23\u{202F}45\u{00A0}67\u{00A0}89").as_str(),
            "+33123456789"
        );
        assert_eq!(
            ok("\u{00A0}+33 1 23 45 67 89\u{2009}").as_str(),
            "+33123456789"
        );
    }

    #[test]
    fn bad_character_is_refused() {
        assert_eq!(
            E164::parse("+49 30 123456#"),
            Err(PhoneProblemKind::BadCharacter('#'))
        );
        assert_eq!(
            E164::parse("+49/30/123456"),
            Err(PhoneProblemKind::BadCharacter('/'))
        );
        assert_eq!(
            E164::parse("+49\t30 123456"),
            Err(PhoneProblemKind::BadCharacter('\t'))
        );
        assert_eq!(
            E164::parse("+49 30 １23456"),
            Err(PhoneProblemKind::BadCharacter('１'))
        );
        assert_eq!(
            E164::parse("123*"),
            Err(PhoneProblemKind::BadCharacter('*'))
        );
    }

    #[test]
    fn plus_after_the_start_is_a_bad_character() {
        assert_eq!(
            E164::parse("49+30123456"),
            Err(PhoneProblemKind::BadCharacter('+'))
        );
        assert_eq!(
            E164::parse("00+4930123456"),
            Err(PhoneProblemKind::BadCharacter('+'))
        );
        assert_eq!(
            E164::parse("++4930123456"),
            Err(PhoneProblemKind::BadCharacter('+'))
        );
    }

    #[test]
    fn display_prints_e164_form() {
        let number = ok("+44 (0)20 7946 0000");
        assert_eq!(number.to_string(), "+442079460000");
        assert_eq!(format!("<{number}>"), "<+442079460000>");
    }

    #[test]
    fn country_code_table_is_sorted_and_prefix_free() {
        assert!(COUNTRY_CODES.windows(2).all(|pair| pair[0] < pair[1]));
        for code in COUNTRY_CODES {
            assert!((1..=3).contains(&code.len()), "{code}");
            assert!(code.bytes().all(|byte| byte.is_ascii_digit()), "{code}");
            assert!(!code.starts_with('0'), "{code}");
        }
        for a in COUNTRY_CODES {
            for b in COUNTRY_CODES {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }
}
