//! Raw bytes as a plan file: decode, parse, validate, compile, evaluate, report. Reaches the YAML
//! loader and the diagnostics for broken input; the `structured` target goes deeper into
//! compile and evaluate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wamigrate_fuzz::exercise(data, wamigrate_fuzz::default_at(), None);
});
