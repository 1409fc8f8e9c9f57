//! Helpers shared by the report's integration tests: paths, golden files and synthetic cases.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::{Path, PathBuf};

use zicht_cases::{CaseTable, read_reader, synth::random_records, write_records};
use zicht_codebook::Codebook;

/// A path below this crate's `tests/`.
pub fn here(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(p)
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN=1.
pub fn check_golden(name: &str, actual: &str) {
    let path = here(&format!("golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with UPDATE_GOLDEN=1)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the generated output (run with UPDATE_GOLDEN=1 to accept)",
        path.display()
    );
}

/// Synthetic cases, 2019-2022, deterministic.
pub fn table(n: usize, seed: u64) -> (Codebook, CaseTable) {
    let book = Codebook::embedded().unwrap();
    let records = random_records(&book, n, 2019..=2022, seed);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let table = read_reader(csv.as_slice(), "synthetic.csv", &book).unwrap();
    (book, table)
}
