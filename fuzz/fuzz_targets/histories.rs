//! Fuzz target: the `histories.csv` reader on any bytes, never a panic (overflowing counts, odd headers, strata).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match zicht_estimate::read_histories(data, "fuzz.csv") {
        Ok(file) => {
            let _ = file.total.observed();
            let _ = file.strata.len();
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        }
    }
});
