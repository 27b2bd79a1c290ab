//! "Did you mean ...?": the nearest known word to a misspelt one, at a bounded cost.
//!
//! Edit distance costs the product of the two lengths, so an unbounded search let a 200 KB step id
//! one character off stall `check` for minutes, and five thousand unknown ids against five
//! thousand custom ones for most of a minute. Here:
//! - words longer than [`MAX_WORD`] characters get no suggestion (nobody misspells those);
//! - only candidates of similar length are compared (a plausible typo changes a third at most);
//! - each lookup compares at most [`MAX_CANDIDATES`] candidates;
//! - every candidate looked at costs one unit of the budget, compared or not;
//! - each thread has a work budget ([`BUDGET`] character pairs, reset per plan by
//!   [`reset_budget`]); once spent, lookups answer "no suggestion" instead of working on.
//!
//! All of this is deterministic: the same plan gets the same suggestions.

use std::cell::Cell;

/// Longest word (in characters) that gets a suggestion.
pub const MAX_WORD: usize = 64;
/// Most candidates compared for one word.
pub const MAX_CANDIDATES: usize = 2_000;
/// Character pairs compared per plan before suggestions stop (about 50 ms of work).
pub const BUDGET: u64 = 40_000_000;

thread_local! {
    static SPENT: Cell<u64> = const { Cell::new(0) };
}

/// Starts a fresh budget (called once per plan read).
pub fn reset_budget() {
    SPENT.with(|s| s.set(0));
}

/// Character pairs compared since the last reset.
#[must_use]
pub fn spent() -> u64 {
    SPENT.with(Cell::get)
}

/// Whether the budget is spent: lookups answer "no suggestion" at once.
#[must_use]
pub fn exhausted() -> bool {
    spent() >= BUDGET
}

/// Takes `cost` from the budget; `false` (and nothing taken) once it would be overdrawn.
fn spend(cost: u64) -> bool {
    SPENT.with(|s| {
        let spent = s.get().saturating_add(cost);
        if spent > BUDGET {
            return false;
        }
        s.set(spent);
        true
    })
}

/// The candidate closest to `word` by edit distance (ignoring ASCII case), if close enough to be
/// a plausible typo: at most a third of the longer word's characters differ.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_len = word.chars().count();
    if word_len == 0 || word_len > MAX_WORD {
        return None;
    }
    let word_lower = word.to_lowercase();
    let limit = |len: usize| (len.max(word_len) / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut compared = 0;
    for candidate in candidates {
        // Looking at a candidate costs too: thousands of unknown ids, each against thousands of
        // ids of other lengths, were quadratic without ever comparing a pair.
        if !spend(1) {
            return None;
        }
        let len = candidate.chars().count();
        if len > MAX_WORD || len.abs_diff(word_len) > limit(len) {
            continue;
        }
        if compared == MAX_CANDIDATES {
            break;
        }
        compared += 1;
        if !spend((len * word_len) as u64) {
            return None;
        }
        let distance = strsim::damerau_levenshtein(&word_lower, &candidate.to_lowercase());
        if distance <= limit(len) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_suggested_and_strangers_are_not() {
        reset_budget();
        let keys = ["disconnect_ahead", "partner", "waba"];
        assert_eq!(closest("disconect_ahead", keys), Some("disconnect_ahead"));
        assert_eq!(closest("Partner", keys), Some("partner"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn a_huge_word_one_character_off_costs_nothing() {
        reset_budget();
        let long = "a".repeat(200_000);
        let typo = format!("{long}b");
        assert_eq!(closest(&typo, [long.as_str()]), None);
        assert_eq!(spent(), 0, "no character was compared");
    }

    #[test]
    fn thousands_of_lookups_stay_within_the_budget() {
        reset_budget();
        let known: Vec<String> = (0..5_000).map(|i| format!("custom-step-{i:05}")).collect();
        let mut suggested = 0;
        for i in 0..5_000 {
            suggested += usize::from(
                closest(
                    &format!("unknown-ref-{i:05}"),
                    known.iter().map(String::as_str),
                )
                .is_some(),
            );
        }
        // The work stops at the budget, so the cost is bounded whatever the plan; the last
        // lookups get no suggestion.
        assert!(
            spent() <= BUDGET + (MAX_WORD * MAX_WORD) as u64,
            "{}",
            spent()
        );
        assert!(suggested < 5_000);
    }

    #[test]
    fn non_ascii_words_are_compared_by_character() {
        reset_budget();
        assert_eq!(closest("réunion", ["reunion"]), Some("reunion"));
        assert_eq!(closest("東京", ["東京都"]), Some("東京都"));
    }
}
