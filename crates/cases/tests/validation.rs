//! Every validation error kind of `cases.csv`, and a valid file read back unchanged.

use zicht_cases::{read_reader, write_csv};
use zicht_codebook::Codebook;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const HEADER: &str = "case_id,year,first_contact,channel,n_conversations,status,exclusion_reason,chatter,exploitation,victim_gender,victim_age,perpetrator,perpetrator_family,met,coercion_violence,crime_drugs";

fn book() -> Codebook {
    Codebook::embedded().unwrap_or_else(|e| panic!("{e}"))
}

/// The problems of a file made of the header and the given rows, as `line/column` strings.
fn problems(header: &str, rows: &[&str]) -> Vec<String> {
    let text = format!("{header}\n{}\n", rows.join("\n"));
    match read_reader(text.as_bytes(), "t.csv", &book()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| format!("{}/{}", p.line, p.column))
            .collect(),
    }
}

const GOOD: &str = "a1,2022,2022-03-14,fier,2,included,,victim,sexual,female,17,family,father,,1,";

#[test]
fn a_valid_file_reads_and_writes_back() -> TestResult {
    let book = book();
    let text =
        format!("{HEADER}\n{GOOD}\na2,2022,2022-12-31,csg,,excluded,sextortion_only,,,,,,,,,\n");
    let table = read_reader(text.as_bytes(), "t.csv", &book)?;
    assert_eq!(table.len(), 2);
    let age = table.index("victim_age").ok_or("no age column")?;
    assert_eq!(table.column(age)[0], 17);
    let mut out = Vec::new();
    write_csv(&book, &table, &mut out)?;
    let again = read_reader(out.as_slice(), "out.csv", &book)?;
    assert_eq!(again.len(), 2);
    let id = table.index("case_id").ok_or("no id")?;
    assert_eq!(again.text(id, 1), Some("a2"));
    Ok(())
}

#[test]
fn unknown_column() {
    assert_eq!(
        problems(&format!("{HEADER},shoe_size"), &[&format!("{GOOD},42")]),
        ["1/shoe_size"]
    );
}

#[test]
fn missing_required_column() {
    let header = HEADER.replace("first_contact,", "");
    let row = GOOD.replace("2022-03-14,", "");
    assert_eq!(problems(&header, &[&row]), ["1/first_contact"]);
}

#[test]
fn unknown_code() {
    assert_eq!(
        problems(HEADER, &[&GOOD.replace("sexual", "sexuall")]),
        ["2/exploitation"]
    );
}

#[test]
fn age_out_of_range_and_not_a_number() {
    assert_eq!(
        problems(HEADER, &[&GOOD.replace(",17,", ",250,")]),
        ["2/victim_age"]
    );
    assert_eq!(
        problems(HEADER, &[&GOOD.replace(",17,", ",seventeen,")]),
        ["2/victim_age"]
    );
    assert_eq!(
        problems(HEADER, &[&GOOD.replace(",17,", ",-3,")]),
        ["2/victim_age"]
    );
}

#[test]
fn bad_dates() {
    assert_eq!(
        problems(HEADER, &[&GOOD.replace("2022-03-14", "2022-13-01")]),
        ["2/first_contact"]
    );
    assert_eq!(
        problems(HEADER, &[&GOOD.replace("2022-03-14", "2022-02-29")]),
        ["2/first_contact"]
    );
    assert_eq!(
        problems(HEADER, &[&GOOD.replace("2022-03-14", "14-03-2022")]),
        ["2/first_contact"]
    );
}

#[test]
fn conditional_column_without_its_condition() {
    let row = GOOD.replace("family,father", "partner,father");
    assert_eq!(problems(HEADER, &[&row]), ["2/perpetrator_family"]);
    // met is for non-family perpetrators only
    let row = GOOD.replace("father,,", "father,offline,");
    assert_eq!(problems(HEADER, &[&row]), ["2/met"]);
    // crime items only for criminal exploitation
    let row = format!("{GOOD}1");
    assert_eq!(problems(HEADER, &[&row]), ["2/crime_drugs"]);
    // exclusion reason only for excluded cases
    let row = GOOD.replace("included,", "included,other");
    assert_eq!(problems(HEADER, &[&row]), ["2/exclusion_reason"]);
}

#[test]
fn duplicate_case_id_and_wrong_year() {
    assert_eq!(problems(HEADER, &[GOOD, GOOD]), ["3/case_id"]);
    assert_eq!(
        problems(HEADER, &[&GOOD.replace(",2022,", ",2021,")]),
        ["2/year"]
    );
}

#[test]
fn yes_no_and_field_count() {
    assert_eq!(
        problems(HEADER, &[&GOOD.replace(",1,", ",yes,")]),
        ["2/coercion_violence"]
    );
    assert_eq!(problems(HEADER, &[&format!("{GOOD},extra")]), ["2/"]);
}

#[test]
fn every_problem_is_reported_up_to_the_cap() {
    let bad = GOOD.replace("sexual", "x").replace(",17,", ",999,");
    let rows: Vec<String> = (0..80)
        .map(|i| bad.replace("a1", &format!("a{i}")))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let found = problems(HEADER, &refs);
    assert_eq!(found.len(), zicht_cases::ERROR_CAP);
    assert_eq!(found[0], "2/exploitation");
    assert_eq!(found[1], "2/victim_age");
}

#[test]
fn messages_name_file_line_column_value_and_expectation() {
    let text = format!("{HEADER}\n{}\n", GOOD.replace(",17,", ",250,"));
    let msg = read_reader(text.as_bytes(), "d/cases.csv", &book())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        msg.contains(
            "d/cases.csv:line 2, column `victim_age`: `250`: expected a whole number from 0 to 110"
        ),
        "{msg}"
    );
}

#[test]
fn random_records_are_codebook_valid() -> TestResult {
    let book = book();
    let records = zicht_cases::synth::random_records(&book, 2_000, 2019..=2022, 7);
    let mut out = Vec::new();
    zicht_cases::write_records(&book, &records, &mut out)?;
    let table = read_reader(out.as_slice(), "random.csv", &book)?;
    assert_eq!(table.len(), 2_000);
    Ok(())
}

/// Reads `text` twice: as written (large and quote-free: the parallel fast
/// path) and with the first case id quoted (the sequential `csv` path).
fn both_paths(text: &str) -> [Result<zicht_cases::CaseTable, Vec<String>>; 2] {
    let book = book();
    let quoted = {
        let (head, body) = text.split_once('\n').unwrap_or((text, ""));
        let (id, rest) = body.split_once(',').unwrap_or((body, ""));
        format!("{head}\n\"{id}\",{rest}")
    };
    [text.to_string(), quoted].map(|t| {
        read_reader(t.as_bytes(), "big.csv", &book).map_err(|e| {
            e.problems()
                .iter()
                .map(|p| format!("{}/{}/{}", p.line, p.column, p.expected))
                .collect()
        })
    })
}

/// A file of `n` random valid cases, large enough to be read in parallel chunks.
fn big_file(n: usize) -> Result<String, Box<dyn std::error::Error>> {
    let book = book();
    let records = zicht_cases::synth::random_records(&book, n, 2019..=2022, 11);
    let mut out = Vec::new();
    zicht_cases::write_records(&book, &records, &mut out)?;
    let text = String::from_utf8(out)?;
    assert!(text.len() > 5 << 20, "the file must take the parallel path");
    assert!(!text.contains('"'));
    Ok(text)
}

#[test]
fn parallel_and_sequential_reads_agree() -> TestResult {
    let text = big_file(40_000)?;
    // Blank lines and CRLF line ends in the middle of the file.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.insert(20_000, String::new());
    lines.insert(30_000, "   ".to_string());
    lines[25_000].push('\r');
    let text = lines.join("\n") + "\n";
    let [fast, slow] = both_paths(&text);
    let (fast, slow) = (
        fast.map_err(|p| p.join("; "))?,
        slow.map_err(|p| p.join("; "))?,
    );
    assert_eq!(fast.len(), 40_000);
    assert_eq!(fast, slow);
    Ok(())
}

#[test]
fn duplicate_ids_across_chunks_are_found_in_both_paths() -> TestResult {
    let text = big_file(40_000)?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 3's case id again on lines 35,001 and 39,001 (other chunks), and
    // line 10's on line 10,001.
    let id_of = |line: &str| line.split(',').next().unwrap_or_default().to_string();
    let (first, tenth) = (id_of(&lines[2]), id_of(&lines[9]));
    for (at, id) in [(35_000, &first), (39_000, &first), (10_000, &tenth)] {
        let rest = lines[at].split_once(',').map(|(_, r)| r.to_string());
        lines[at] = format!("{id},{}", rest.unwrap_or_default());
    }
    let text = lines.join("\n") + "\n";
    let expected = vec![
        "10001/case_id/a unique case_id (also on line 10)".to_string(),
        "35001/case_id/a unique case_id (also on line 3)".to_string(),
        "39001/case_id/a unique case_id (also on line 3)".to_string(),
    ];
    for read in both_paths(&text) {
        assert_eq!(read.err(), Some(expected.clone()));
    }
    Ok(())
}

#[test]
fn a_header_with_many_unknown_columns_is_capped() -> TestResult {
    let extra: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    let text = format!("{HEADER},{}\n{GOOD}\n", extra.join(","));
    let err = match read_reader(text.as_bytes(), "t.csv", &book()) {
        Ok(_) => return Err("accepted".into()),
        Err(e) => e,
    };
    assert_eq!(err.problems().len(), zicht_cases::ERROR_CAP);
    assert!(err.to_string().lines().count() <= zicht_cases::ERROR_CAP + 1);
    Ok(())
}

#[test]
fn control_bytes_are_escaped_and_long_values_cut_in_messages() -> TestResult {
    let row = GOOD.replace("sexual", "se\u{1b}[31mx\u{0}");
    let text = format!("{HEADER}\n{row}\n");
    let err = match read_reader(text.as_bytes(), "t.csv", &book()) {
        Ok(_) => return Err("accepted".into()),
        Err(e) => e.to_string(),
    };
    assert!(!err.contains('\u{1b}') && !err.contains('\u{0}'), "{err:?}");
    assert!(err.contains("\\u{1b}[31mx\\u{0}"), "{err}");
    let long = GOOD.replace("sexual", &"y".repeat(1_000_000));
    let text = format!("{HEADER}\n{long}\n");
    let err = match read_reader(text.as_bytes(), "t.csv", &book()) {
        Ok(_) => return Err("accepted".into()),
        Err(e) => e.to_string(),
    };
    assert!(err.len() < 2_000, "a message of {} bytes", err.len());
    Ok(())
}

#[test]
fn a_case_id_is_at_most_200_characters() {
    let long = GOOD.replacen("a1", &"a".repeat(10_000_000), 1);
    assert_eq!(problems(HEADER, &[&long]), ["2/case_id"]);
    let ok = GOOD.replacen("a1", &"a".repeat(200), 1);
    assert!(problems(HEADER, &[&ok]).is_empty());
}
/// The last row without a line end is read even when its last field is
/// empty (the fast path once dropped it: it ends in a comma).
#[test]
fn a_last_row_without_line_end_ending_in_a_comma_is_read() -> TestResult {
    assert!(GOOD.ends_with(','));
    let text = format!("{HEADER}\n{GOOD}\n{}", GOOD.replace("a1,", "a2,"));
    let table = read_reader(text.as_bytes(), "t.csv", &book())?;
    assert_eq!(table.len(), 2);
    Ok(())
}
