//! Fuzz target: the `cases.csv` reader on any bytes (sequential and parallel paths), never a panic; messages hold no raw control bytes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use zicht_codebook::Codebook;

static BOOK: OnceLock<Option<Codebook>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(book) = BOOK.get_or_init(|| Codebook::embedded().ok()) else {
        return;
    };
    match zicht_cases::read_bytes(data, "fuzz.csv", book) {
        Ok(table) => {
            let mut out = Vec::new();
            if zicht_cases::write_csv(book, &table, &mut out).is_ok() {
                // What the reader accepted, written back, reads again.
                assert!(zicht_cases::read_bytes(&out, "again.csv", book).is_ok());
            }
        }
        Err(e) => {
            assert!(e.problems().len() <= zicht_cases::ERROR_CAP);
            let text = e.to_string();
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        }
    }
});
