//! The exports opened by PSPP: labels, MR sets, counts, missing values, and a value roundtrip (.sav and .sps+.csv).
//!
//! Every test runs the real `pspp` (Debian package `pspp`); when it is not
//! installed the test prints why it is skipped and passes, unless the
//! environment sets `ZICHT_REQUIRE_PSPP` (CI does), which makes it fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use zicht_cases::{CaseTable, MISSING};
use zicht_codebook::{Codebook, Column, Lang};
use zicht_spss::coding::Export;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cases.csv");

fn pspp_available() -> bool {
    let ok = Command::new("pspp")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("ZICHT_REQUIRE_PSPP").is_none(),
            "ZICHT_REQUIRE_PSPP is set but `pspp` is not installed (Debian package pspp)"
        );
        eprintln!("SKIPPED: `pspp` is not installed (Debian package pspp); this test needs it");
    }
    ok
}

/// A fresh directory for one test under cargo's target tmp dir.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("spss-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs pspp on a syntax text; returns its output (stdout and stderr), failing on errors.
fn pspp(dir: &Path, name: &str, syntax: &str) -> Result<String, Box<dyn std::error::Error>> {
    let file = dir.join(name);
    std::fs::write(&file, format!("SET WIDTH=200.\n{syntax}"))?;
    let out = Command::new("pspp").arg(&file).current_dir(dir).output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() || text.contains("error:") || text.contains("warning:") {
        return Err(format!("pspp {name} failed:\n{text}").into());
    }
    Ok(text)
}

fn book() -> Codebook {
    Codebook::embedded().unwrap()
}

fn table(book: &Codebook) -> CaseTable {
    zicht_cases::read_path(Path::new(FIXTURE), book).unwrap()
}

/// What a test starts from: its own fresh directory, the codebook and the fixture's cases.
struct Fixture {
    dir: PathBuf,
    book: Codebook,
    table: CaseTable,
}

fn fixture(name: &str) -> Fixture {
    let book = book();
    let table = table(&book);
    Fixture {
        dir: workdir(name),
        book,
        table,
    }
}

/// The fixture of a test that runs PSPP, or `None` (after saying why) when it is not installed.
fn with_pspp(name: &str) -> Option<Fixture> {
    pspp_available().then(|| fixture(name))
}

impl Fixture {
    /// Writes `cases.sav` of the fixture's cases with labels in `lang`.
    fn sav(&self, lang: Lang) -> PathBuf {
        let options = zicht_spss::sav::Options {
            created: 1_700_000_000,
            ..zicht_spss::sav::Options::default()
        };
        self.sav_with("cases.sav", lang, &options)
    }

    /// Writes the fixture's cases as the .sav file `name` with these writer options.
    fn sav_with(&self, name: &str, lang: Lang, options: &zicht_spss::sav::Options) -> PathBuf {
        let export = Export::new(&self.book, &self.table, lang, "cases.csv").unwrap();
        let path = self.dir.join(name);
        let file = std::fs::File::create(&path).unwrap();
        zicht_spss::sav::write(&export.dictionary, &export, options, file).unwrap();
        path
    }

    /// Writes `cases.sps` + `cases.csv` of the fixture's cases.
    fn sps(&self) -> PathBuf {
        write_sps(&self.dir, &self.book, &self.table)
    }
}

/// Writes `cases.sps` + `cases.csv` and returns the .sps path.
fn write_sps(dir: &Path, book: &Codebook, table: &CaseTable) -> PathBuf {
    let export = Export::new(book, table, Lang::Nl, "cases.csv").unwrap();
    let csv = dir.join("cases.csv");
    zicht_spss::syntax::write_csv(
        &export.dictionary,
        &export,
        std::fs::File::create(&csv).unwrap(),
    )
    .unwrap();
    let sps = dir.join("cases.sps");
    zicht_spss::syntax::write_sps(
        &export.dictionary,
        &csv.to_string_lossy(),
        std::fs::File::create(&sps).unwrap(),
    )
    .unwrap();
    sps
}

/// The PSPP command that opens a .sav file.
fn get_file(sav: &Path) -> String {
    format!("GET FILE='{}'.", sav.display())
}

/// The PSPP command that runs a syntax file (which reads its CSV).
fn insert_file(sps: &Path) -> String {
    format!("INSERT FILE='{}'.", sps.display())
}

/// Opens a data set with `open` and has PSPP save its values as `<name>.csv`; returns that path.
fn pspp_values(dir: &Path, name: &str, open: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let back = dir.join(format!("{name}.csv"));
    pspp(
        dir,
        &format!("{name}.sps"),
        &format!(
            "{open}\nSAVE TRANSLATE /OUTFILE='{}' /TYPE=CSV /FIELDNAMES /REPLACE /CELLS=VALUES.\n",
            back.display()
        ),
    )?;
    Ok(back)
}

/// The first cell of a table row, trimmed (`|name   |...` gives `name`).
fn first_cell(line: &str) -> &str {
    line.split('|').nth(1).map_or("", str::trim)
}

/// The last cell of a table row, trimmed.
fn last_cell(line: &str) -> &str {
    line.trim_end()
        .trim_end_matches('|')
        .rsplit('|')
        .next()
        .map_or("", str::trim)
}

/// The count in the row of `label` in the table titled `title` (first column after the label).
fn count_in(output: &str, title: &str, label: &str) -> Option<u64> {
    let mut lines = output.lines().skip_while(|l| l.trim() != title);
    lines.next()?;
    lines.take_while(|l| !l.trim().is_empty()).find_map(|l| {
        let cells: Vec<&str> = l.split('|').map(str::trim).collect();
        // |Valid   Label |  4| ... or |        Label |  4| ... or |Missing Label | 2|
        let first = cells.get(1)?;
        let name = first
            .strip_prefix("Valid")
            .or_else(|| first.strip_prefix("Missing"))
            .unwrap_or(first)
            .trim();
        (name == label).then(|| cells.get(2)?.parse().ok())?
    })
}

/// How often each code label (and each missing kind) occurs in a column, computed from the table.
fn expected_counts(book: &Codebook, table: &CaseTable, name: &str) -> BTreeMap<String, u64> {
    let col = table.index(name).unwrap();
    let column = book.column(name).unwrap();
    let mut counts = BTreeMap::new();
    for row in 0..table.len() {
        let cell = table.column(col)[row];
        let label = if cell == MISSING {
            // An excluded case is coded no further than its status and reason.
            let a = &book.analysis;
            let status = table.raw(book, table.index(&a.status).unwrap(), row);
            let beyond_selection = name != a.status && name != a.exclusion_reason;
            let applies = !(beyond_selection && status == a.excluded)
                && column.condition().is_none_or(|c| {
                    let v = table.index(&c.variable).unwrap();
                    let raw = table.raw(book, v, row);
                    c.holds((!raw.is_empty()).then_some(raw.as_str()))
                });
            if applies {
                "Onbekend (niet genoemd)".to_string()
            } else {
                "Niet van toepassing".to_string()
            }
        } else {
            match column {
                Column::Variable(v) if !v.codes.is_empty() => v.codes[cell as usize].nl.clone(),
                _ => if cell == 1 { "Ja" } else { "Nee" }.to_string(),
            }
        };
        *counts.entry(label).or_insert(0) += 1;
    }
    counts
}

#[test]
fn sav_opens_in_pspp_with_labels_value_labels_sets_and_missing_values() -> TestResult {
    let Some(f) = with_pspp("dictionary") else {
        return Ok(());
    };
    let sav = f.sav(Lang::Nl);
    let Fixture { dir, book, .. } = f;
    let out = pspp(
        &dir,
        "dict.sps",
        &format!(
            "{}\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\nDISPLAY DOCUMENTS.\n",
            get_file(&sav)
        ),
    )?;
    // Variable labels (Dutch, with accents) and value labels.
    for text in [
        "|case_id",
        "Casusnummer",
        "Datum eerste contact",
        "Familierelatie pleger",
        "Financiële afhankelijkheid",
        "Geïncludeerd",
        "Geëxcludeerd",
        "Financiële uitbuiting of afpersing",
        "Niet van toepassing",
        "Onbekend (niet genoemd)",
        "SDATE10",
    ] {
        assert!(
            out.contains(text),
            "DISPLAY DICTIONARY lacks `{text}`:\n{out}"
        );
    }
    // Every variable of the codebook, by its long name, with its label.
    for c in book.columns() {
        let label = match c {
            Column::Variable(v) => v.label.nl.clone(),
            Column::Item(_, item) => item.nl.clone(),
        };
        let row = out
            .lines()
            .any(|l| first_cell(l) == c.name() && l.contains("Input"));
        assert!(row, "no dictionary row for {}", c.name());
        assert!(
            out.contains(&label),
            "label `{label}` of {} missing",
            c.name()
        );
    }
    // Missing values: the status has -1; columns coded beyond the selection
    // (not applicable in an excluded case) and conditional ones -2 and -1.
    let line = |name: &str| {
        out.lines()
            .filter(|l| first_cell(l) == name)
            .find(|l| l.contains("Input"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("perpetrator_family").contains("-2; -1"),
        "{}",
        line("perpetrator_family")
    );
    assert!(
        line("exploitation").contains("-2; -1"),
        "{}",
        line("exploitation")
    );
    assert_eq!(last_cell(&line("status")), "-1");
    assert!(line("first_contact").contains("SDATE10"));
    // The MR sets with their items.
    assert!(out.contains("Multiple Response Sets"));
    for set in &book.sets {
        let row = out
            .lines()
            .find(|l| first_cell(l) == format!("${}", set.name))
            .unwrap_or_default();
        assert!(row.contains("Dichotomies"), "set {}: {row}", set.name);
        assert!(row.contains(&set.label.nl), "set {} label: {row}", set.name);
        for item in &set.items {
            assert!(
                out.lines().any(|l| last_cell(l) == set.column(item)),
                "set {} lacks item {}",
                set.name,
                set.column(item)
            );
        }
    }
    assert!(out.contains("dichotomieën met getelde waarde 1"));
    Ok(())
}

#[test]
fn pspp_counts_and_describes_the_cases_as_the_table_does() -> TestResult {
    let Some(f) = with_pspp("counts") else {
        return Ok(());
    };
    let sav = f.sav(Lang::Nl);
    let Fixture { dir, book, table } = f;
    let vars = [
        "status",
        "exploitation",
        "perpetrator_family",
        "met_platform",
        "first_disclosure",
        "coercion_violence",
        "coercion_cohabiting",
        "crime_drugs",
    ];
    let out = pspp(
        &dir,
        "counts.sps",
        &format!(
            "{}\nFREQUENCIES VARIABLES={}.\nDESCRIPTIVES victim_age.\n",
            get_file(&sav),
            vars.join(" ")
        ),
    )?;
    let mut checked = 0;
    for name in vars {
        let title = match book.column(name).unwrap() {
            Column::Variable(v) => v.label.nl.clone(),
            Column::Item(_, item) => item.nl.clone(),
        };
        for (label, n) in expected_counts(&book, &table, name) {
            assert_eq!(
                count_in(&out, &title, &label),
                Some(n),
                "{name}: count of `{label}` in table `{title}`:\n{out}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} counts checked");

    // DESCRIPTIVES: n and mean of the known ages (unknown -1 is user-missing).
    let age = table.index("victim_age").unwrap();
    let ages: Vec<f64> = table
        .column(age)
        .iter()
        .filter(|&&c| c != MISSING)
        .map(|&c| f64::from(c))
        .collect();
    let mean = ages.iter().sum::<f64>() / ages.len() as f64;
    let row = out
        .lines()
        .find(|l| l.starts_with("|Leeftijd slachtoffer"))
        .ok_or("no DESCRIPTIVES row")?;
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[2].parse::<usize>()?, ages.len(), "{row}");
    assert_eq!(cells[3], format!("{mean:.2}"), "{row}");
    Ok(())
}

/// Decodes a cell of PSPP's CSV (`SAVE TRANSLATE`) back to the `cases.csv` text, using the codebook.
fn decode(book: &Codebook, name: &str, cell: &str) -> String {
    let column = book.column(name).unwrap();
    let cell = cell.trim();
    match column.kind() {
        zicht_codebook::Kind::Text => cell.to_string(),
        zicht_codebook::Kind::Date if cell.is_empty() => String::new(),
        zicht_codebook::Kind::Date => {
            // mm/dd/yyyy
            let parts: Vec<&str> = cell.split('/').collect();
            format!("{}-{}-{}", parts[2], parts[0], parts[1])
        }
        _ => {
            let n: i64 = match cell.parse() {
                Ok(n) => n,
                Err(_) => return String::new(),
            };
            if n < 0 {
                return String::new();
            }
            match column {
                Column::Variable(v) if !v.codes.is_empty() => v.codes[n as usize - 1].code.clone(),
                _ => n.to_string(),
            }
        }
    }
}

/// The cells of a CSV file as `(header, rows)`.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn assert_roundtrip(book: &Codebook, original: &Path, from_pspp: &Path) {
    let (head_in, rows_in) = read_csv(original);
    let (head_out, rows_out) = read_csv(from_pspp);
    assert_eq!(head_in, head_out, "same columns in the same order");
    assert_eq!(rows_in.len(), rows_out.len());
    for (r, (a, b)) in rows_in.iter().zip(&rows_out).enumerate() {
        for (c, name) in head_in.iter().enumerate() {
            assert_eq!(
                a[c],
                decode(book, name, &b[c]),
                "row {}, column {name}: PSPP has `{}`",
                r + 1,
                b[c]
            );
        }
    }
}

#[test]
fn values_roundtrip_through_the_sav_file() -> TestResult {
    let Some(f) = with_pspp("roundtrip-sav") else {
        return Ok(());
    };
    let back = pspp_values(&f.dir, "back", &get_file(&f.sav(Lang::Nl)))?;
    assert_roundtrip(&f.book, Path::new(FIXTURE), &back);
    Ok(())
}

#[test]
fn uncompressed_sav_gives_the_same_data() -> TestResult {
    let Some(f) = with_pspp("uncompressed") else {
        return Ok(());
    };
    let options = zicht_spss::sav::Options {
        compression: zicht_spss::sav::Compression::None,
        ..zicht_spss::sav::Options::default()
    };
    let sav = f.sav_with("plain.sav", Lang::Nl, &options);
    let back = pspp_values(&f.dir, "back", &get_file(&sav))?;
    assert_roundtrip(&f.book, Path::new(FIXTURE), &back);
    Ok(())
}

#[test]
fn sps_and_csv_give_the_same_dictionary_and_data_as_the_sav() -> TestResult {
    let Some(f) = with_pspp("sps") else {
        return Ok(());
    };
    let (sav, sps) = (f.sav(Lang::Nl), f.sps());
    let Fixture { dir, book, .. } = f;

    // The syntax file runs on its own, from another directory.
    let alone = Command::new("pspp").arg(&sps).current_dir("/").output()?;
    let alone_text = String::from_utf8_lossy(&alone.stdout).to_string();
    assert!(alone.status.success(), "pspp cases.sps: {alone_text}");
    assert!(!alone_text.contains("error"), "{alone_text}");

    let show = "DISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\nDISPLAY DOCUMENTS.\nLIST.\n";
    let from_sav = pspp(&dir, "a.sps", &format!("{}\n{show}", get_file(&sav)))?;
    let from_sps = pspp(&dir, "b.sps", &format!("{}\n{show}", insert_file(&sps)))?;
    // ADD DOCUMENT stamps the date it was run; everything else must be identical.
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("(Entered "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&from_sav), strip(&from_sps));
    assert!(from_sps.contains("$coercion") && from_sps.contains("Geïncludeerd"));

    let back = pspp_values(&dir, "back", &insert_file(&sps))?;
    assert_roundtrip(&book, Path::new(FIXTURE), &back);
    Ok(())
}

#[test]
fn english_labels_with_lang_en() -> TestResult {
    let Some(f) = with_pspp("english") else {
        return Ok(());
    };
    let sav = f.sav(Lang::En);
    let out = pspp(
        &f.dir,
        "en.sps",
        &format!(
            "{}\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\nFREQUENCIES status.\n",
            get_file(&sav)
        ),
    )?;
    for text in [
        "Case ID",
        "Family relation of the perpetrator",
        "Not applicable",
        "Unknown (not mentioned)",
        "Coercion means",
    ] {
        assert!(out.contains(text), "lacks `{text}`:\n{out}");
    }
    assert_eq!(count_in(&out, "Status", "Included"), Some(8), "{out}");
    assert!(!out.contains("Geïncludeerd"));
    Ok(())
}

#[test]
fn sps_matches_the_golden_file() -> TestResult {
    let f = fixture("golden");
    let sps = f.sps();
    let dir = f.dir;
    let text = std::fs::read_to_string(&sps)?.replace(&dir.display().to_string(), "DIR");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cases.sps");
    let golden_csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cases.csv");
    let csv = std::fs::read_to_string(dir.join("cases.csv"))?;
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &text)?;
        std::fs::write(&golden_csv, &csv)?;
    }
    assert_eq!(
        text,
        std::fs::read_to_string(&golden)?,
        "regenerate with UPDATE_GOLDEN=1"
    );
    assert_eq!(
        csv,
        std::fs::read_to_string(&golden_csv)?,
        "regenerate with UPDATE_GOLDEN=1"
    );
    Ok(())
}

#[test]
fn random_valid_cases_roundtrip_through_sav_and_sps() -> TestResult {
    let Some(mut f) = with_pspp("random") else {
        return Ok(());
    };
    let records = zicht_cases::synth::random_records(&f.book, 2_000, 2019..=2023, 7);
    let input = f.dir.join("random.csv");
    zicht_cases::write_records(&f.book, &records, std::fs::File::create(&input)?)?;
    f.table = zicht_cases::read_path(&input, &f.book)?;
    for (name, open) in [
        ("sav", get_file(&f.sav(Lang::Nl))),
        ("sps", insert_file(&f.sps())),
    ] {
        let back = pspp_values(&f.dir, &format!("back-{name}"), &open)?;
        assert_roundtrip(&f.book, &input, &back);
    }
    Ok(())
}
