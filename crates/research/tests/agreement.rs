//! Two coders' cases.csv compared per codebook column: the published examples through the whole path.

use std::fmt::Write as _;

use zicht_cases::read_reader;
use zicht_codebook::{Codebook, Lang};
use zicht_research::agreement::{ColumnStats, compare, render_html, render_text};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const HEADER: &str = "case_id,year,first_contact,status,chatter,first_disclosure,acutely_unsafe,victim_age,coercion_violence,coercion_sextortion,coercion_lvb";

/// Krippendorff (2011), nominal example, mapped onto `chatter` codes.
const NOMINAL_A: &str = "a a b b d c c c e d d a";
const NOMINAL_B: &str = "b a b b b c c c e d d d";
/// Krippendorff (2011), binary example, as `first_disclosure`.
const BINARY_A: &str = "0100000010";
const BINARY_B: &str = "1110010000";

fn chatter(letter: char) -> &'static str {
    match letter {
        'a' => "victim",
        'b' => "family",
        'c' => "partner",
        'd' => "social",
        _ => "client",
    }
}

/// Cohen's 2x2 table 20/5/10/15 as `acutely_unsafe` of 50 cases.
fn cohen(row: usize) -> (&'static str, &'static str) {
    match row {
        0..20 => ("1", "1"),
        20..25 => ("1", "0"),
        25..35 => ("0", "1"),
        _ => ("0", "0"),
    }
}

/// Coder A's and B's files of 50 cases; B lacks case 50 and has an extra case 99.
fn files() -> (String, String) {
    let nominal_a: Vec<char> = NOMINAL_A.chars().filter(|c| !c.is_whitespace()).collect();
    let nominal_b: Vec<char> = NOMINAL_B.chars().filter(|c| !c.is_whitespace()).collect();
    let binary_a: Vec<char> = BINARY_A.chars().collect();
    let binary_b: Vec<char> = BINARY_B.chars().collect();
    let ages_a = [15, 17, 22, 30];
    let ages_b = [15, 16, 22, 31];
    // (violence, sextortion, lvb) per coder for the first cases.
    let sets_a = [
        ("1", "1", ""),
        ("1", "", ""),
        ("", "", ""),
        ("", "1", ""),
        ("1", "", "1"),
    ];
    let sets_b = [
        ("1", "", ""),
        ("1", "", ""),
        ("", "", "1"),
        ("", "1", ""),
        ("1", "", "1"),
    ];
    let mut a = format!("{HEADER}\n");
    let mut b = format!("{HEADER}\n");
    for row in 0..50 {
        let id = format!("k{:02}", row + 1);
        let pick = |v: &[char], i: usize| v.get(i).map(|c| c.to_string()).unwrap_or_default();
        let ch_a = nominal_a.get(row).map_or("", |&c| chatter(c));
        let ch_b = nominal_b.get(row).map_or("", |&c| chatter(c));
        let (un_a, un_b) = cohen(row);
        let age_a = ages_a.get(row).map(|x| x.to_string()).unwrap_or_default();
        let age_b = ages_b.get(row).map(|x| x.to_string()).unwrap_or_default();
        let (v_a, s_a, l_a) = sets_a.get(row).copied().unwrap_or(("", "", ""));
        let (v_b, s_b, l_b) = sets_b.get(row).copied().unwrap_or(("", "", ""));
        let _ = writeln!(
            a,
            "{id},2022,2022-01-01,included,{ch_a},{},{un_a},{age_a},{v_a},{s_a},{l_a}",
            pick(&binary_a, row)
        );
        if row < 49 {
            let _ = writeln!(
                b,
                "{id},2022,2022-01-01,included,{ch_b},{},{un_b},{age_b},{v_b},{s_b},{l_b}",
                pick(&binary_b, row)
            );
        }
    }
    let _ = writeln!(b, "k99,2022,2022-01-01,included,,,,,,,");
    (a, b)
}

fn close(x: Option<f64>, y: f64) -> bool {
    x.is_some_and(|x| (x - y).abs() < 5e-7)
}

#[test]
fn the_published_examples_come_out_per_column() -> TestResult {
    let book = Codebook::embedded()?;
    let (a, b) = files();
    let ta = read_reader(a.as_bytes(), "a.csv", &book)?;
    let tb = read_reader(b.as_bytes(), "b.csv", &book)?;
    let r = compare(&book, &ta, &tb, "a.csv", "b.csv")?;
    assert_eq!(r.cases, 49);
    assert_eq!(r.missing_in_b, vec!["k50".to_string()]);
    assert_eq!(r.missing_in_a, vec!["k99".to_string()]);

    let Some(ColumnStats::Nominal { n, alpha, .. }) = r.column("chatter") else {
        return Err("no chatter".into());
    };
    assert_eq!(*n, 12);
    assert!(close(*alpha, 0.691964), "{alpha:?}");

    let Some(ColumnStats::Nominal { n, alpha, .. }) = r.column("first_disclosure") else {
        return Err("no first_disclosure".into());
    };
    assert_eq!(*n, 10);
    assert!(close(*alpha, 0.095238), "{alpha:?}");

    // Case 50 (0/0) is missing from B, so 49 cases: 20/5/10/14.
    let Some(ColumnStats::Nominal {
        n,
        agreement,
        kappa,
        ..
    }) = r.column("acutely_unsafe")
    else {
        return Err("no acutely_unsafe".into());
    };
    assert_eq!(*n, 49);
    assert!(close(*agreement, 34.0 / 49.0));
    // p_o = 34/49, p_e = (25*30 + 24*19) / 49^2.
    let pe = (25.0 * 30.0 + 24.0 * 19.0) / (49.0 * 49.0);
    assert!(close(*kappa, (34.0 / 49.0 - pe) / (1.0 - pe)), "{kappa:?}");

    // Ages 15/15, 17/16, 22/22, 30/31: n = 4, interval alpha by hand.
    let Some(ColumnStats::Interval { n, alpha_interval }) = r.column("victim_age") else {
        return Err("victim_age is not interval".into());
    };
    assert_eq!(*n, 4);
    let expected = zicht_research::stats::alpha_interval(&[(15, 15), (17, 16), (22, 22), (30, 31)]);
    assert_eq!(*alpha_interval, expected);
    assert!(alpha_interval.is_some_and(|x| x > 0.9 && x < 1.0));

    // Columns nobody filled: n = 0 and every statistic undefined.
    let Some(ColumnStats::Nominal {
        n,
        agreement,
        kappa,
        alpha,
    }) = r.column("perpetrator")
    else {
        return Err("no perpetrator".into());
    };
    assert_eq!((*n, *agreement, *kappa, *alpha), (0, None, None, None));
    // Text and date columns are not compared; the year is not a code.
    assert!(r.column("case_id").is_none());
    assert!(r.column("first_contact").is_none());
    assert!(r.column("year").is_none());

    // coercion: case 3 (A empty, B {lvb}) is left out; 4 pairs remain.
    let set = r.set("coercion").ok_or("no coercion set")?;
    assert_eq!(set.n, 4);
    let s = |v: &[usize]| {
        v.iter()
            .copied()
            .collect::<std::collections::BTreeSet<usize>>()
    };
    // Item indices: sextortion 0, lvb 2, violence 5 in codebook order; the
    // value of alpha only depends on which sets are equal, nested or overlapping.
    let pairs = [
        (s(&[5, 0]), s(&[5])),
        (s(&[5]), s(&[5])),
        (s(&[0]), s(&[0])),
        (s(&[5, 2]), s(&[5, 2])),
    ];
    let expected = zicht_research::stats::alpha_masi(&pairs);
    assert!(close(set.alpha_masi, expected.ok_or("undefined")?));
    let crime = r.set("crime").ok_or("no crime set")?;
    assert_eq!((crime.n, crime.alpha_masi), (0, None));
    Ok(())
}

#[test]
fn json_follows_the_contract_in_codebook_order() -> TestResult {
    let book = Codebook::embedded()?;
    let (a, b) = files();
    let ta = read_reader(a.as_bytes(), "a.csv", &book)?;
    let tb = read_reader(b.as_bytes(), "b.csv", &book)?;
    let r = compare(&book, &ta, &tb, "a.csv", "b.csv")?;
    let text = r.to_json()?;
    let v: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(v["cases"], 49);
    assert_eq!(v["variables"]["chatter"]["alpha"], 0.691964);
    assert_eq!(v["variables"]["first_disclosure"]["alpha"], 0.095238);
    assert!(v["variables"]["perpetrator"]["kappa"].is_null());
    assert!(v["variables"]["victim_age"]["alpha_interval"].is_number());
    assert!(v["variables"]["victim_age"].get("kappa").is_none());
    assert_eq!(v["sets"]["coercion"]["n"], 4);
    assert_eq!(v["missing_in_a"][0], "k99");
    // Filled from the conversations, not coded: not compared (issue 14, point 2).
    assert!(v["variables"].get("channel").is_none());
    assert!(v["variables"].get("year").is_none());
    // Keys in codebook order: chatter before victim_age before coercion items.
    let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap_or(usize::MAX);
    assert!(pos("chatter") < pos("victim_age"));
    assert!(pos("victim_age") < pos("coercion_sextortion"));
    Ok(())
}

#[test]
fn identical_files_agree_perfectly_where_defined() -> TestResult {
    let book = Codebook::embedded()?;
    let (a, _) = files();
    let ta = read_reader(a.as_bytes(), "a.csv", &book)?;
    let r = compare(&book, &ta, &ta, "a.csv", "a.csv")?;
    assert!(r.disagreements.is_empty());
    for c in &r.columns {
        if let ColumnStats::Nominal {
            n,
            agreement,
            kappa,
            ..
        } = &c.stats
        {
            if *n > 0 {
                assert_eq!(*agreement, Some(1.0), "{}", c.name);
            }
            assert!(kappa.is_none_or(|k| (k - 1.0).abs() < 1e-12), "{}", c.name);
        }
        assert!(
            c.stats.alpha().is_none_or(|x| (x - 1.0).abs() < 1e-12),
            "{}",
            c.name
        );
    }
    Ok(())
}

#[test]
fn the_tables_are_dutch_first_and_name_the_differences() -> TestResult {
    let book = Codebook::embedded()?;
    let (a, b) = files();
    let ta = read_reader(a.as_bytes(), "a.csv", &book)?;
    let tb = read_reader(b.as_bytes(), "b.csv", &book)?;
    let r = compare(&book, &ta, &tb, "a.csv", "b.csv")?;
    let text = render_text(&r, &book, Lang::Nl);
    assert!(
        text.contains("Overeenstemming tussen twee codeurs"),
        "{text}"
    );
    assert!(text.contains("0,69"), "{text}");
    assert!(
        text.contains("k01  chatter: A = victim, B = family"),
        "{text}"
    );
    assert!(
        text.contains("Alleen in bestand A (ontbreekt in B): k50"),
        "{text}"
    );
    let en = render_text(&r, &book, Lang::En);
    assert!(en.contains("0.69"), "{en}");
    let html = render_html(&r, &book, Lang::Nl);
    assert!(html.starts_with("<table class=\"reliability\">"));
    assert!(html.contains("<td>0,69</td>"), "{html}");
    assert!(html.contains("(MASI)"));
    Ok(())
}

#[test]
fn a_duplicate_case_is_an_error_naming_the_file() -> TestResult {
    let book = Codebook::embedded()?;
    let (a, _) = files();
    let ta = read_reader(a.as_bytes(), "a.csv", &book)?;
    let mut doubled = ta.clone();
    doubled.append(&ta);
    let err = compare(&book, &doubled, &ta, "twice.csv", "a.csv")
        .err()
        .ok_or("a duplicate was accepted")?;
    assert!(err.to_string().contains("twice.csv"), "{err}");
    assert!(err.to_string().contains("k01"), "{err}");
    Ok(())
}
