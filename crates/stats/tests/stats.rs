//! Statistics tests: golden outputs on fixtures, properties on random valid data,
//! and an independent recomputation in Python.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;
use zicht_cases::{CaseTable, read_path, read_reader, synth::random_records, write_records};
use zicht_codebook::{Codebook, Lang};
use zicht_stats::{Accumulator, Entry, Plan, compute, render_text};

fn book() -> Codebook {
    Codebook::embedded().expect("embedded codebook")
}

fn here(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(p)
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN=1.
fn check_golden(name: &str, actual: &str) {
    let path = here(&format!("golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output; rerun with UPDATE_GOLDEN=1 if the change is intended.\n--- actual ---\n{actual}",
        path.display()
    );
}

fn random_table(n: usize, seed: u64) -> (Codebook, CaseTable, Vec<u8>) {
    let book = book();
    let records = random_records(&book, n, 2019..=2022, seed);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let table = read_reader(csv.as_slice(), "random.csv", &book).unwrap();
    (book, table, csv)
}

#[test]
fn golden_json_and_tables_of_the_small_fixture() {
    let book = book();
    let table = read_path(&here("fixtures/small.csv"), &book).unwrap();
    let year = compute(&table, &book, Some(2022)).unwrap();
    check_golden(
        "small-2022.json",
        &(serde_json::to_string_pretty(&year).unwrap() + "\n"),
    );
    check_golden("small-2022.nl.txt", &render_text(&year, &book, Lang::Nl));
    let pooled = compute(&table, &book, None).unwrap();
    check_golden(
        "small-all.json",
        &(serde_json::to_string_pretty(&pooled).unwrap() + "\n"),
    );
    check_golden("small-all.en.txt", &render_text(&pooled, &book, Lang::En));
}

#[test]
fn the_fixture_counts_by_hand() {
    let book = book();
    let table = read_path(&here("fixtures/small.csv"), &book).unwrap();
    let s = compute(&table, &book, Some(2022)).unwrap();
    assert_eq!(
        (
            s.funnel.conversations,
            s.funnel.duplicates,
            s.funnel.excluded,
            s.funnel.included
        ),
        (9, 3, 1, 5)
    );
    let age = s.age("all", "victim_age").unwrap();
    assert_eq!((age.n, age.missing, age.minors), (4, 1, 3));
    assert_eq!(age.median, Some(16.0));
    assert_eq!(age.mean, Some((15.0 + 13.0 + 17.0 + 22.0) / 4.0));
    let coercion = s.set("all", "coercion").unwrap();
    assert_eq!((coercion.cases, coercion.mentions), (3, 4));
    let clients = s.set("sexual", "client_ind").unwrap();
    assert_eq!(clients.two_or_more, Some(1));
    assert_eq!(s.population_sizes.count("criminal"), 2);
    let x = s.crosstabs.get("exploitation_by_gender").unwrap();
    assert_eq!(x.get("sexual").unwrap().count("female"), 2);
    assert!(s.years.is_none());
    assert!(compute(&table, &book, Some(2020)).is_err());
}

#[test]
fn pooled_multi_year_input_has_the_year_series() {
    let book = book();
    let table = read_path(&here("fixtures/small.csv"), &book).unwrap();
    let s = compute(&table, &book, None).unwrap();
    let years = s.years.unwrap();
    assert_eq!(years.get("2021").unwrap().count("included"), 1);
    assert_eq!(years.get("2022").unwrap().count("victims"), 3);
    assert_eq!(years.get("2022").unwrap().count("criminal"), 2);
    assert_eq!(years.get("2021").unwrap().count("male_victims"), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Counting two halves and merging them gives the statistics of the whole.
    #[test]
    fn merge_of_halves_equals_whole(seed in any::<u64>(), n in 1usize..400, cut in 0.0f64..1.0) {
        let (book, table, _) = random_table(n, seed);
        let plan = Plan::new(&book, &table).unwrap();
        let k = ((n as f64) * cut) as usize;
        for year in [None, Some(2021)] {
            let mut whole = Accumulator::new(&plan);
            whole.add_rows(&plan, &table, 0..n, year);
            let mut a = Accumulator::new(&plan);
            a.add_rows(&plan, &table, 0..k, year);
            let mut b = Accumulator::new(&plan);
            b.add_rows(&plan, &table, k..n, year);
            a.merge(&b);
            prop_assert_eq!(&a, &whole);
        }
    }

    /// Valid percentages of a single-choice variable add up to 100 within rounding.
    #[test]
    fn valid_percentages_sum_to_100(seed in any::<u64>(), n in 1usize..300) {
        let (book, table, _) = random_table(n, seed);
        let s = compute(&table, &book, None).unwrap();
        for (pop, vars) in s.populations.iter() {
            for (name, entry) in vars.iter() {
                if let Entry::Single(v) = entry {
                    prop_assert_eq!(v.n + v.missing, s.population_sizes.count(pop));
                    prop_assert_eq!(v.counts.total(), v.n, "{}", name);
                    if v.n > 0 {
                        let sum: f64 = v.counts.iter()
                            .map(|(_, c)| (*c as f64 * 1000.0 / v.n as f64).round() / 10.0)
                            .sum();
                        let slack = 0.05 * v.counts.len() as f64 + 1e-9;
                        prop_assert!((sum - 100.0).abs() <= slack, "{} sums to {}", name, sum);
                    }
                }
            }
        }
    }
}

/// Every number of a JSON value `sub` equals the one at the same place in `full`
/// (absent zero counts in `sub` are fine; floats to 1e-9).
fn assert_sub(sub: &Value, full: &Value, path: &str) {
    match (sub, full) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let other = b.get(k).unwrap_or(&Value::Null);
                if other.is_null() && v.as_u64() == Some(0) {
                    continue;
                }
                assert_sub(v, other, &format!("{path}.{k}"));
            }
            // Counts in zicht's output that the check does not have must be zero.
            for (k, v) in b {
                if !a.contains_key(k) && path.ends_with("counts") {
                    assert_eq!(v.as_u64(), Some(0), "{path}.{k}");
                }
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{path}: check {x}, zicht {y}"
            );
        }
        _ => assert_eq!(sub, full, "{path}"),
    }
}

#[test]
fn agrees_with_an_independent_python_check_on_random_valid_data() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    }
    for (seed, n) in [(1, 50), (2, 777), (3, 3000)] {
        let (book, table, csv) = random_table(n, seed);
        let dir =
            std::env::temp_dir().join(format!("zicht-stats-check-{}-{seed}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cases.csv");
        std::fs::write(&path, &csv).unwrap();
        for year in [None, Some(2020)] {
            let arg = year.map_or("all".to_string(), |y| y.to_string());
            let out = std::process::Command::new("python3")
                .arg(here("independent_check.py"))
                .arg(&path)
                .arg(&arg)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let check: Value = serde_json::from_slice(&out.stdout).unwrap();
            let ours = serde_json::to_value(compute(&table, &book, year).unwrap()).unwrap();
            assert_sub(&check, &ours, &format!("seed {seed} year {arg}"));
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
