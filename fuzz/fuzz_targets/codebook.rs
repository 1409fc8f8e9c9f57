//! Fuzz target: the codebook loader on any text, never a panic; a codebook it accepts lists its columns.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(book) = zicht_codebook::Codebook::from_toml_str(text, "fuzz.toml") {
        let _ = book.columns();
    }
});
