//! The numbering table baked by build.rs agrees with the `phonenumber` crate it was baked from:
//! for every region's example numbers, each mutated (a digit dropped, added, changed), and for
//! pseudo-random numbers of every length under every calling code, `classify` gives the same
//! validity, line kind and region as `phonenumber::is_valid` and `PhoneNumber::number_type`,
//! except where the crate is looser than libphonenumber (said at each exception).

use phonenumber::metadata::DATABASE;
use phonenumber::{PhoneNumber, Type};
use wamigrate::catalog::numbering::{LineKind, Verdict, classify};

fn kind(t: Type) -> Option<LineKind> {
    Some(match t {
        Type::FixedLine => LineKind::FixedLine,
        Type::Mobile => LineKind::Mobile,
        Type::FixedLineOrMobile => LineKind::FixedLineOrMobile,
        Type::TollFree => LineKind::TollFree,
        Type::PremiumRate => LineKind::PremiumRate,
        Type::SharedCost => LineKind::SharedCost,
        Type::Voip => LineKind::Voip,
        Type::PersonalNumber => LineKind::PersonalNumber,
        Type::Pager => LineKind::Pager,
        Type::Uan => LineKind::Uan,
        Type::Voicemail => LineKind::Voicemail,
        _ => return None,
    })
}

/// The oracle's verdict: region and kind when valid.
fn oracle(code: u16, national: &str) -> Option<(String, LineKind)> {
    let number: PhoneNumber = phonenumber::parse(None, format!("+{code}{national}")).ok()?;
    if number.code().value() != code || number.national().to_string() != national {
        // The parser read the digits differently (a national prefix, say): not comparable.
        return None;
    }
    if !phonenumber::is_valid(&number) {
        return None;
    }
    let region = number
        .country()
        .id()
        .map_or_else(|| "001".to_string(), |id| id.as_ref().to_string());
    Some((region, kind(number.number_type(&DATABASE))?))
}

/// A small deterministic generator (xorshift), so a failure names a reproducible number.
struct Rng(u64);
impl Rng {
    fn digit(&mut self) -> char {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        char::from(b'0' + u8::try_from(self.0 % 10).expect("a digit"))
    }
}

/// The crate's descriptor of `kind` in `region`, anchored at both ends as libphonenumber matches.
fn whole_match(region: &str, kind: LineKind, national: &str) -> bool {
    let Some(meta) = DATABASE.by_id(region) else {
        return false;
    };
    let d = meta.descriptors();
    let descs = match kind {
        LineKind::FixedLine => vec![d.fixed_line()],
        LineKind::Mobile => vec![d.mobile()],
        LineKind::FixedLineOrMobile => vec![d.fixed_line(), d.mobile()],
        LineKind::TollFree => vec![d.toll_free()],
        LineKind::PremiumRate => vec![d.premium_rate()],
        LineKind::SharedCost => vec![d.shared_cost()],
        LineKind::Voip => vec![d.voip()],
        LineKind::PersonalNumber => vec![d.personal_number()],
        LineKind::Pager => vec![d.pager()],
        LineKind::Uan => vec![d.uan()],
        LineKind::Voicemail => vec![d.voicemail()],
    };
    descs.into_iter().flatten().any(|desc| {
        let pattern: String = desc.national_number().as_str().split_whitespace().collect();
        regex::Regex::new(&format!("^(?:{pattern})$")).is_ok_and(|r| r.is_match(national))
            && (desc.possible_length().is_empty()
                || desc
                    .possible_length()
                    .contains(&u16::try_from(national.len()).expect("a short number")))
    })
}

/// Compares one number; returns whether it was comparable.
fn compare(code: u16, national: &str, disagreements: &mut Vec<String>) -> bool {
    // The crate strips leading zeros before it picks a region, and rewrites national prefixes:
    // compare only numbers it keeps as written.
    if national.starts_with('0') {
        return false;
    }
    let Ok(number) = phonenumber::parse(None, format!("+{code}{national}")) else {
        return false;
    };
    if number.national().to_string() != national {
        return false;
    }
    let ours = match classify(&code.to_string(), national) {
        Verdict::Valid { region, kind } => Some((region.to_string(), kind)),
        _ => None,
    };
    let theirs = oracle(code, national);
    match (&ours, &theirs) {
        (Some(o), Some(t)) if o == t => {}
        (None, None) => {}
        // The crate matches a pattern at the start of the number rather than the whole number
        // (its `Descriptor::is_match`), so it accepts numbers with trailing digits that
        // libphonenumber refuses. Such a number must not match its type's pattern whole.
        (None, Some((region, kind))) if !whole_match(region, *kind, national) => {}
        _ => disagreements.push(format!(
            "+{code} {national}: ours {ours:?}, phonenumber {theirs:?}"
        )),
    }
    true
}

/// Every example number in the metadata is valid and of its own type (libphonenumber's own
/// invariant; fixed-line and mobile examples may be "fixed line or mobile").
fn example_holds(code: u16, example: &str, kind: LineKind, failures: &mut Vec<String>) {
    match classify(&code.to_string(), example) {
        Verdict::Valid { kind: k, .. }
            if k == kind
                || (k == LineKind::FixedLineOrMobile
                    && matches!(kind, LineKind::FixedLine | LineKind::Mobile)) => {}
        other => failures.push(format!("+{code} {example} ({kind:?} example): {other:?}")),
    }
}

#[test]
fn the_baked_metadata_version_is_the_pinned_crates() {
    let lock = include_str!("../Cargo.lock");
    let at = lock
        .find("name = \"phonenumber\"\nversion = \"")
        .expect("phonenumber is in Cargo.lock");
    let version = lock[at..].lines().nth(1).unwrap();
    assert_eq!(
        version,
        format!(
            "version = \"0.3.10+{}\"",
            wamigrate::catalog::numbering::metadata_version()
        )
    );
}

#[test]
fn the_baked_table_agrees_with_phonenumber() {
    let mut disagreements = Vec::new();
    let mut checked = 0;
    let mut examples_checked = 0;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for code in 1..=999u16 {
        let Some(metas) = DATABASE.by_code(&code) else {
            continue;
        };
        for meta in metas {
            let d = meta.descriptors();
            let examples = [
                (d.fixed_line(), LineKind::FixedLine),
                (d.mobile(), LineKind::Mobile),
                (d.toll_free(), LineKind::TollFree),
                (d.premium_rate(), LineKind::PremiumRate),
                (d.shared_cost(), LineKind::SharedCost),
                (d.voip(), LineKind::Voip),
                (d.personal_number(), LineKind::PersonalNumber),
                (d.pager(), LineKind::Pager),
                (d.uan(), LineKind::Uan),
                (d.voicemail(), LineKind::Voicemail),
            ]
            .into_iter()
            .filter_map(|(x, k)| Some((x?.example()?.to_string(), k)));
            for (example, kind) in examples {
                example_holds(code, &example, kind, &mut disagreements);
                examples_checked += 1;
                checked += usize::from(compare(code, &example, &mut disagreements));
                let mut shorter = example.clone();
                shorter.pop();
                checked += usize::from(compare(code, &shorter, &mut disagreements));
                let mut longer = example.clone();
                longer.push(rng.digit());
                checked += usize::from(compare(code, &longer, &mut disagreements));
                let mut changed = example.clone();
                changed.pop();
                changed.push(rng.digit());
                checked += usize::from(compare(code, &changed, &mut disagreements));
            }
        }
        for len in 4..=14 {
            for _ in 0..3 {
                let national: String = std::iter::once(char::from(b'1' + (rng.0 % 9) as u8))
                    .chain((1..len).map(|_| rng.digit()))
                    .collect();
                checked += usize::from(compare(code, &national, &mut disagreements));
            }
        }
    }
    assert!(checked > 5_000, "only {checked} numbers compared");
    assert!(examples_checked > 1_000, "only {examples_checked} examples");
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(40)].join("\n")
    );
}
