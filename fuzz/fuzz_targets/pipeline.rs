//! Raw bytes as a plan file: decode, parse, validate, compile, evaluate, report, with the
//! oracles of [`wamigrate_fuzz::exercise`]. Reaches the YAML loader and the diagnostics for broken
//! input; the `structured` target goes deeper into compile and evaluate.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Inputs are kept under 1 MB (run with `-max_len` below this too).
const MAX_INPUT: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    if data.len() >= MAX_INPUT {
        return;
    }
    wamigrate_fuzz::exercise(data, wamigrate_fuzz::default_at(), None);
});
