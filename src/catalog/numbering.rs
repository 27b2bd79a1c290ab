//! Numbering plans: whether a number exists in its country's plan, and what kind of line it is.
//!
//! Source: Google's libphonenumber metadata (`PhoneNumberMetadata.xml`), as shipped in the
//! `phonenumber` crate and baked into a static table by `build.rs` (LPN). The rules mirror
//! libphonenumber's `isValidNumber` and `getNumberType`: the country calling code picks the
//! region (by leading digits where several regions share it, such as +1 and +44), the national
//! number must match the region's general pattern and one of its line-type patterns, and the line
//! types are tried in libphonenumber's order (premium rate, toll-free, shared cost, voice over IP, personal,
//! pager, UAN, voicemail, then fixed line and mobile). In the United States, Canada and four US
//! territories fixed lines and mobiles share their ranges, so such numbers are "fixed line or
//! mobile"; the Caribbean regions that share +1 tell them apart.
//!
//! Meta sends its verification code to the number by SMS or voice call (MPN), so a number that
//! is not in its country's plan fails there; it is most often a typo. The metadata can
//! lag behind a newly opened range, and some ranges reserved for fiction (Ofcom's drama mobiles,
//! for example) are deliberately not valid, so the checks built on this module are warnings the
//! plan can acknowledge (`numbering_confirmed: true`), never errors.
//!
//! Speed: a region's patterns are compiled on first use, once per process, into one anchored
//! `RegexSet`; the table itself is static, so a plan pays only for the countries it uses.

use std::sync::{LazyLock, OnceLock};

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// What kind of line a number is, per libphonenumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A fixed (geographic) line.
    FixedLine,
    /// A mobile line.
    Mobile,
    /// The range serves both fixed lines and mobiles (the US, Canada, four US territories).
    FixedLineOrMobile,
    /// Free to the caller.
    TollFree,
    /// Charged above the standard rate.
    PremiumRate,
    /// Cost shared between caller and receiver.
    SharedCost,
    /// Voice over IP.
    Voip,
    /// A personal number that forwards to another line.
    PersonalNumber,
    /// A pager.
    Pager,
    /// A universal access number (a company's single number).
    Uan,
    /// Voicemail access.
    Voicemail,
}

impl LineKind {
    /// How a person would say it.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            LineKind::FixedLine => "a fixed line",
            LineKind::Mobile => "a mobile number",
            LineKind::FixedLineOrMobile => "a fixed line or mobile number",
            LineKind::TollFree => "a toll-free number",
            LineKind::PremiumRate => "a premium-rate number",
            LineKind::SharedCost => "a shared-cost number",
            LineKind::Voip => "a VoIP number",
            LineKind::PersonalNumber => "a personal (forwarding) number",
            LineKind::Pager => "a pager number",
            LineKind::Uan => "a universal access number",
            LineKind::Voicemail => "a voicemail access number",
        }
    }
}

/// One region's numbering plan, as baked by `build.rs`.
pub(super) struct RegionData {
    /// Country calling code.
    pub(super) code: u16,
    /// ISO 3166 region (`001` for non-geographic codes).
    pub(super) id: &'static str,
    /// The prefix dialled before a national number inside the country (`0` in most of Europe,
    /// `1` in North America, `8` in Russia), if it has one.
    pub(super) national_prefix: Option<&'static str>,
    /// Where several regions share a code: the leading digits of this region's numbers.
    pub(super) leading: Option<&'static str>,
    /// The pattern every national number of the region matches (anchored).
    pub(super) general: &'static str,
    /// National number lengths the general pattern is checked against (empty: any).
    pub(super) lengths: &'static [u16],
    /// National number lengths the region uses (its line types' lengths when `lengths` is empty).
    pub(super) used_lengths: &'static [u16],
    /// Line types in libphonenumber's order: kind, anchored pattern, lengths (empty: any).
    pub(super) kinds: &'static [(LineKind, &'static str, &'static [u16])],
    /// Fixed-line and mobile ranges are the same (the US, Canada, four US territories).
    pub(super) fixed_is_mobile: bool,
}

include!(concat!(env!("OUT_DIR"), "/numbering.rs"));

/// The metadata release the table was built from, for messages and docs.
#[must_use]
pub fn metadata_version() -> &'static str {
    METADATA_VERSION
}

/// How a national number's length compares with the lengths its region uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// Shorter than any number of the region.
    TooShort,
    /// Longer than any number of the region.
    TooLong,
    /// Between the shortest and the longest, but not a length the region uses.
    Unused,
    /// A length the region uses (the digits are what is wrong).
    Used,
}

/// libphonenumber's verdict on a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The number is in its region's plan.
    Valid {
        /// ISO 3166 region, or `001` for non-geographic codes.
        region: &'static str,
        /// The kind of line.
        kind: LineKind,
    },
    /// The number is not in the plan of the region its calling code (and leading digits) name.
    NotInPlan {
        /// The region it was checked against; `None` when several regions share the calling
        /// code and none claims the number (the lengths are then the code's main region's).
        region: Option<&'static str>,
        /// How its length compares.
        length: Length,
        /// The shortest and longest national numbers of that region.
        shortest: u16,
        /// See `shortest`.
        longest: u16,
    },
    /// The metadata has no plan for the calling code (or a pattern failed to compile): no verdict.
    NoPlan,
}

/// A region's patterns, compiled.
struct Compiled {
    general: Regex,
    kinds: RegexSet,
}

/// Compiles a region's patterns. Numbers reach here as ASCII digits, so `\d` need not be
/// Unicode's (whose class of digits makes compiling the large North American patterns several
/// times slower).
fn compile(r: &RegionData) -> Option<Compiled> {
    Some(Compiled {
        general: ascii(r.general)?,
        kinds: RegexSetBuilder::new(r.kinds.iter().map(|k| k.1))
            .unicode(false)
            .build()
            .ok()?,
    })
}

fn ascii(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern).unicode(false).build().ok()
}

/// One slot per region, filled on first use.
static COMPILED: LazyLock<Vec<OnceLock<Option<Compiled>>>> =
    LazyLock::new(|| (0..REGIONS.len()).map(|_| OnceLock::new()).collect());

/// Each region's leading-digits pattern, compiled on its own: choosing among the regions that
/// share a calling code (two dozen share +1) needs only these, not every region's whole plan.
static LEADING: LazyLock<Vec<OnceLock<Option<Regex>>>> =
    LazyLock::new(|| (0..REGIONS.len()).map(|_| OnceLock::new()).collect());

/// Whether region `index` claims `national` by its leading digits; `None` when it has no such
/// pattern (or it failed to compile).
fn leads(index: usize, national: &str) -> Option<bool> {
    LEADING[index]
        .get_or_init(|| REGIONS[index].leading.and_then(ascii))
        .as_ref()
        .map(|r| r.is_match(national))
}

fn compiled(index: usize) -> Option<&'static Compiled> {
    COMPILED[index]
        .get_or_init(|| compile(&REGIONS[index]))
        .as_ref()
}

/// The line kind of `national` in region `index`, if it is in the region's plan
/// (libphonenumber's `getNumberType`, `Unknown` as `None`).
fn kind_in(index: usize, national: &str) -> Option<LineKind> {
    let region = &REGIONS[index];
    let c = compiled(index)?;
    let len = u16::try_from(national.len()).ok()?;
    if !fits(region.lengths, len) || !c.general.is_match(national) {
        return None;
    }
    let matches = c.kinds.matches(national);
    let hit = |i: usize| matches.matched(i) && fits(region.kinds[i].2, len);
    let find = |kind: LineKind| {
        region
            .kinds
            .iter()
            .position(|k| k.0 == kind)
            .is_some_and(hit)
    };
    for (i, (kind, _, _)) in region.kinds.iter().enumerate() {
        match kind {
            LineKind::FixedLine | LineKind::Mobile => {}
            _ if hit(i) => return Some(*kind),
            _ => {}
        }
    }
    if find(LineKind::FixedLine) {
        return Some(if region.fixed_is_mobile || find(LineKind::Mobile) {
            LineKind::FixedLineOrMobile
        } else {
            LineKind::FixedLine
        });
    }
    find(LineKind::Mobile).then_some(LineKind::Mobile)
}

/// `len` is one of `lengths`, or `lengths` is empty (any length).
fn fits(lengths: &[u16], len: u16) -> bool {
    lengths.is_empty() || lengths.contains(&len)
}

/// The national prefix of the region(s) of calling code `country_code` when `national` starts with
/// it and the rest is a number in the plan: the prefix dialled inside the country, written after
/// the country code by mistake (`+44 020 ...`).
#[must_use]
pub fn national_prefix_written(country_code: &str, national: &str) -> Option<&'static str> {
    let code = country_code.parse::<u16>().ok()?;
    let start = REGIONS.partition_point(|r| r.code < code);
    let end = REGIONS.partition_point(|r| r.code <= code);
    REGIONS[start..end]
        .iter()
        .filter_map(|r| r.national_prefix)
        .filter(|prefix| !prefix.is_empty() && national.starts_with(*prefix))
        .find(|prefix| {
            national
                .strip_prefix(prefix)
                .is_some_and(|rest| matches!(classify(country_code, rest), Verdict::Valid { .. }))
        })
}

/// libphonenumber's verdict on the number with calling code `country_code` (digits) and national
/// significant number `national` (digits).
#[must_use]
pub fn classify(country_code: &str, national: &str) -> Verdict {
    let Ok(code) = country_code.parse::<u16>() else {
        return Verdict::NoPlan;
    };
    let start = REGIONS.partition_point(|r| r.code < code);
    let end = REGIONS.partition_point(|r| r.code <= code);
    if start == end || !national.bytes().all(|b| b.is_ascii_digit()) {
        return Verdict::NoPlan;
    }
    // libphonenumber's region for a shared code: the first whose leading digits match, or,
    // without leading digits, the first that knows the number.
    let mut chosen = None;
    if end - start == 1 {
        chosen = Some(start);
    } else {
        for i in start..end {
            let here = match leads(i, national) {
                Some(claimed) => claimed,
                None => kind_in(i, national).is_some(),
            };
            if here {
                chosen = Some(i);
                break;
            }
        }
    }
    if let Some(i) = chosen {
        if compiled(i).is_none() {
            return Verdict::NoPlan;
        }
        if let Some(kind) = kind_in(i, national) {
            return Verdict::Valid {
                region: REGIONS[i].id,
                kind,
            };
        }
    }
    let region = &REGIONS[chosen.unwrap_or(start)];
    let named = (chosen.is_some() || end - start == 1).then_some(region.id);
    let shortest = region.used_lengths.iter().copied().min().unwrap_or(0);
    let longest = region
        .used_lengths
        .iter()
        .copied()
        .max()
        .unwrap_or(u16::MAX);
    let len = u16::try_from(national.len()).unwrap_or(u16::MAX);
    let length = if len < shortest {
        Length::TooShort
    } else if len > longest {
        Length::TooLong
    } else if fits(region.used_lengths, len) {
        Length::Used
    } else {
        Length::Unused
    };
    Verdict::NotInPlan {
        region: named,
        length,
        shortest,
        longest,
    }
}

/// How a Brazilian mobile is written with respect to the ninth digit: Brazil put a 9 in front
/// of its eight-digit mobiles (2012-2016), and Meta keeps a number in the form it was registered
/// with, so one registered before may have no 9 there; a migration must name it in that form
/// (D360, on-premises migration guide; GUP, mismatched number migration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NinthDigit {
    /// Written with the 9 after the area code (today's 11-digit form).
    With,
    /// Written without it (the old 10-digit form, not in today's numbering plan).
    Without,
}

/// Whether a +55 number is a Brazilian mobile, and in which form (see [`NinthDigit`]); `None`
/// for anything else (a fixed line, another country, a number that is no mobile either way).
#[must_use]
pub fn brazil_ninth_digit(country_code: &str, national: &str) -> Option<NinthDigit> {
    if country_code != "55" || !national.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mobile = |n: &str| {
        matches!(
            classify("55", n),
            Verdict::Valid {
                kind: LineKind::Mobile,
                ..
            }
        )
    };
    match national.len() {
        11 if national.as_bytes()[2] == b'9' && mobile(national) => Some(NinthDigit::With),
        10 if !matches!(classify("55", national), Verdict::Valid { .. })
            && mobile(&format!("{}9{}", &national[..2], &national[2..])) =>
        {
            Some(NinthDigit::Without)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(compiled(i).is_some(), "+{} {}", r.code, r.id);
            assert!(
                r.leading.is_none() || leads(i, "1").is_some(),
                "+{} {} leading digits",
                r.code,
                r.id
            );
        }
    }

    #[test]
    fn the_table_is_sorted_by_code() {
        assert!(REGIONS.windows(2).all(|w| w[0].code <= w[1].code));
        assert!(REGIONS.len() > 200, "{} regions", REGIONS.len());
    }

    #[test]
    fn numbering_plan_kinds_and_lengths() {
        // Berlin fixed line; German mobile; a US toll-free number; North America's shared ranges.
        assert_eq!(
            classify("49", "30901820"),
            Verdict::Valid {
                region: "DE",
                kind: LineKind::FixedLine
            }
        );
        assert_eq!(
            classify("49", "15123456789"),
            Verdict::Valid {
                region: "DE",
                kind: LineKind::Mobile
            }
        );
        assert_eq!(
            classify("1", "8005550134"),
            Verdict::Valid {
                region: "US",
                kind: LineKind::TollFree
            }
        );
        assert!(matches!(
            classify("1", "4155550100"),
            Verdict::Valid {
                kind: LineKind::FixedLineOrMobile,
                ..
            }
        ));
        // A German mobile two digits short; a US number one digit long.
        assert!(matches!(
            classify("49", "151234567"),
            Verdict::NotInPlan {
                region: Some("DE"),
                ..
            }
        ));
        let long = classify("1", "41555501000");
        assert!(
            matches!(
                long,
                Verdict::NotInPlan {
                    length: Length::TooLong,
                    ..
                }
            ),
            "{long:?}"
        );
        // Shared code +44: Guernsey's leading digits pick GG.
        assert!(matches!(
            classify("44", "1481256789"),
            Verdict::Valid { region: "GG", .. }
        ));
        // National numbers that keep their leading 0 (Italy, Côte d'Ivoire); all zeros.
        assert!(matches!(
            classify("39", "0236618300"),
            Verdict::Valid {
                region: "IT",
                kind: LineKind::FixedLine
            }
        ));
        assert!(matches!(
            classify("225", "2123456789"),
            Verdict::Valid { region: "CI", .. }
        ));
        assert!(matches!(
            classify("44", "0000000000"),
            Verdict::NotInPlan { .. }
        ));
        // The Caribbean shares +1 but not the US's mixed ranges: Jamaica's fixed lines are
        // fixed lines.
        assert_eq!(
            classify("1", "6585551234"),
            Verdict::Valid {
                region: "JM",
                kind: LineKind::FixedLine
            }
        );
        // +7 numbers no region claims name no region.
        assert!(matches!(
            classify("7", "6001234567"),
            Verdict::NotInPlan { region: None, .. }
        ));
        // Not a calling code; not digits.
        assert_eq!(classify("999", "1234567"), Verdict::NoPlan);
        assert_eq!(classify("49", "30x"), Verdict::NoPlan);
    }

    #[test]
    fn brazil_mobiles_with_and_without_the_ninth_digit() {
        // Today's form: area code 11, then 9 and eight digits.
        assert_eq!(
            brazil_ninth_digit("55", "11987654321"),
            Some(NinthDigit::With)
        );
        // The form registered before the 9 was added: not in today's plan, a mobile with it.
        assert_eq!(
            brazil_ninth_digit("55", "1187654321"),
            Some(NinthDigit::Without)
        );
        // A São Paulo fixed line (starts with 2-5) is neither; nor is another country's number.
        assert_eq!(brazil_ninth_digit("55", "1132654321"), None);
        assert_eq!(brazil_ninth_digit("49", "15123456789"), None);
    }
}
