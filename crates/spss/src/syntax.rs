//! SPSS syntax plus CSV: a `.sps` that reads the `.csv` with `GET DATA` and defines labels, missing values and MR sets.
//!
//! The CSV holds the values of the SPSS coding (codes as numbers, missing
//! codes, dates as `yyyy-mm-dd`), one header row with the variable names; the
//! syntax reads it as UTF-8 and then gives the same dictionary as the system
//! file: `VARIABLE LABELS`, `VALUE LABELS`, `MISSING VALUES`,
//! `VARIABLE LEVEL`, `MRSETS /MDGROUP`, `FILE LABEL` and `ADD DOCUMENT`.
//! The `.sps` starts with a UTF-8 byte order mark so that SPSS reads it as
//! Unicode.

use std::fmt::Write as _;
use std::io::Write;

use crate::dict::{Dictionary, FormatType, Width};
use crate::{Cases, SpssError, Value};

/// A string literal of SPSS syntax: single quotes, inner quotes doubled.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A number as written in syntax and CSV: whole numbers without a decimal point.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Groups the names of consecutive-or-not variables by a key, in first-seen order.
fn grouped<K: PartialEq>(items: impl Iterator<Item = (K, String)>) -> Vec<(K, Vec<String>)> {
    let mut groups: Vec<(K, Vec<String>)> = Vec::new();
    for (key, name) in items {
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(name),
            None => groups.push((key, vec![name])),
        }
    }
    groups
}

/// Writes variable names over lines of at most about 70 characters, indented.
fn name_lines(names: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for n in names {
        if !line.is_empty() && line.len() + n.len() + 1 > 70 {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(n);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Writes the syntax that reads `data_file` (as written by [`write_csv`]) and defines the dictionary.
///
/// `data_file` is written into `GET DATA /FILE=` as given: pass an absolute
/// path so that the syntax runs from any directory.
pub fn write_sps(dict: &Dictionary, data_file: &str, out: impl Write) -> Result<(), SpssError> {
    dict.check()?;
    let mut s = String::from("\u{feff}");
    for line in &dict.documents {
        s.push_str(&format!("* {line}\n"));
    }
    s.push_str(&format!(
        "\nGET DATA\n  /TYPE=TXT\n  /FILE={}\n  /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED\n  /DELCASE=LINE\n  /FIRSTCASE=2\n  /DELIMITERS=\",\"\n  /QUALIFIER='\"'\n  /VARIABLES=\n",
        quote(data_file)
    ));
    for v in &dict.variables {
        s.push_str(&format!("    {} {}\n", v.name, v.format.syntax()));
    }
    s.push_str(".\n\n");

    let labelled: Vec<_> = dict
        .variables
        .iter()
        .filter_map(|v| v.label.as_ref().map(|l| (v, l)))
        .collect();
    if !labelled.is_empty() {
        s.push_str("VARIABLE LABELS\n");
        for (i, (v, label)) in labelled.iter().enumerate() {
            let sep = if i == 0 { "  " } else { "  /" };
            s.push_str(&format!("{sep}{} {}\n", v.name, quote(label)));
        }
        s.push_str(".\n\n");
    }

    let with_values: Vec<_> = dict
        .variables
        .iter()
        .filter(|v| !v.value_labels.is_empty())
        .collect();
    if !with_values.is_empty() {
        s.push_str("VALUE LABELS\n");
        let groups = grouped(
            with_values
                .iter()
                .map(|v| (&v.value_labels, v.name.clone())),
        );
        for (i, (labels, names)) in groups.iter().enumerate() {
            let names = name_lines(names, "    ");
            s.push_str(if i == 0 { "  " } else { "  /" });
            s.push_str(names.trim_start());
            for (value, label) in labels.iter() {
                s.push_str(&format!("    {} {}\n", number(*value), quote(label)));
            }
        }
        s.push_str(".\n\n");
    }

    let missing = grouped(
        dict.variables
            .iter()
            .filter(|v| !v.missing.is_empty())
            .map(|v| (&v.missing, v.name.clone())),
    );
    if !missing.is_empty() {
        s.push_str("MISSING VALUES\n");
        for (i, (values, names)) in missing.iter().enumerate() {
            let list: Vec<String> = values.iter().map(|x| number(*x)).collect();
            s.push_str(if i == 0 { "  " } else { "  /" });
            s.push_str(name_lines(names, "    ").trim_start());
            s.push_str(&format!("    ({})\n", list.join(", ")));
        }
        s.push_str(".\n\n");
    }

    let levels = grouped(
        dict.variables
            .iter()
            .map(|v| (v.measure.keyword(), v.name.clone())),
    );
    s.push_str("VARIABLE LEVEL\n");
    for (i, (level, names)) in levels.iter().enumerate() {
        s.push_str(if i == 0 { "  " } else { "  /" });
        s.push_str(name_lines(names, "    ").trim_start());
        s.push_str(&format!("    ({level})\n"));
    }
    s.push_str(".\n\n");

    if !dict.mrsets.is_empty() {
        s.push_str("MRSETS\n");
        for set in &dict.mrsets {
            let names: Vec<String> = set
                .variables
                .iter()
                .filter_map(|&i| dict.variables.get(i))
                .map(|v| v.name.clone())
                .collect();
            s.push_str(&format!(
                "  /MDGROUP NAME={} LABEL={}\n    VARIABLES=\n{}    VALUE={} CATEGORYLABELS=VARLABELS\n",
                set.name,
                quote(&set.label),
                name_lines(&names, "      "),
                set.counted
            ));
        }
        s.push_str(".\n\n");
    }

    if !dict.file_label.is_empty() {
        s.push_str(&format!("FILE LABEL {}.\n", quote(&dict.file_label)));
    }
    if !dict.documents.is_empty() {
        s.push_str("ADD DOCUMENT\n");
        for line in &dict.documents {
            s.push_str(&format!("  {}\n", quote(line)));
        }
        s.push_str(".\n");
    }
    s.push_str("EXECUTE.\n");

    let mut out = out;
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes the data as CSV for [`write_sps`]: header of names, then one row per case.
pub fn write_csv(dict: &Dictionary, cases: &impl Cases, out: impl Write) -> Result<(), SpssError> {
    dict.check()?;
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => SpssError::Io(io),
        other => SpssError::Io(std::io::Error::other(format!("{other:?}"))),
    };
    w.write_record(dict.variables.iter().map(|v| v.name.as_str()))
        .map_err(csv_err)?;
    let mut cell = String::with_capacity(64);
    for case in 0..cases.len() {
        for (i, v) in dict.variables.iter().enumerate() {
            cell.clear();
            match (v.width, cases.value(case, i)) {
                (Width::Numeric, Value::SysMis) | (Width::String(_), Value::SysMis) => {}
                (Width::Numeric, Value::Number(x)) if v.format.kind == FormatType::SDate => {
                    let (y, m, d) = crate::date::from_spss_date(x);
                    let _ = write!(cell, "{y:04}-{m:02}-{d:02}");
                }
                (Width::Numeric, Value::Number(x)) if x.fract() == 0.0 && x.abs() < 1e15 => {
                    let _ = write!(cell, "{}", x as i64);
                }
                (Width::Numeric, Value::Number(x)) if x.is_finite() => {
                    let _ = write!(cell, "{x}");
                }
                (Width::String(w), Value::Text(t)) if t.len() <= w => cell.push_str(t),
                (_, value) => {
                    return Err(SpssError::Value {
                        case: case + 1,
                        variable: v.name.clone(),
                        message: format!("{value:?} does not fit the variable"),
                    });
                }
            }
            w.write_field(&cell).map_err(csv_err)?;
        }
        w.write_record(None::<&[u8]>).map_err(csv_err)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::dict::{Format, Measure, MrSet, Variable};
    use crate::{OwnedValue, Rows};

    fn num(name: &str) -> Variable {
        Variable {
            name: name.to_string(),
            width: Width::Numeric,
            format: Format::f(2, 0),
            label: Some(format!("Label of {name}'s")),
            value_labels: vec![(1.0, "Ja".to_string()), (0.0, "Nee".to_string())],
            missing: vec![-1.0],
            measure: Measure::Nominal,
            display_width: 8,
        }
    }

    #[test]
    fn quoting_doubles_inner_quotes() {
        assert_eq!(quote("Clients' knowledge"), "'Clients'' knowledge'");
    }

    #[test]
    fn syntax_defines_everything_of_the_dictionary() {
        let mut date = num("d");
        date.format = Format::sdate();
        date.value_labels.clear();
        date.missing.clear();
        date.measure = Measure::Scale;
        let dict = Dictionary {
            variables: vec![num("a"), num("b"), date],
            mrsets: vec![MrSet {
                name: "$ab".to_string(),
                label: "A én B".to_string(),
                counted: 1,
                variables: vec![0, 1],
            }],
            file_label: "Bestand".to_string(),
            documents: vec!["Regel één.".to_string()],
        };
        let mut out = Vec::new();
        write_sps(&dict, "/tmp/x.csv", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\u{feff}* Regel één.\n"));
        assert!(text.contains("  /FILE='/tmp/x.csv'\n"));
        assert!(text.contains("    d SDATE10\n"));
        assert!(text.contains("  /b 'Label of b''s'\n"));
        assert!(text.contains("VALUE LABELS\n  a b\n    1 'Ja'\n    0 'Nee'\n.\n"));
        assert!(text.contains("MISSING VALUES\n  a b\n    (-1)\n.\n"));
        assert!(text.contains("  a b\n    (NOMINAL)\n  /d\n    (SCALE)\n"));
        assert!(text.contains(
            "  /MDGROUP NAME=$ab LABEL='A én B'\n    VARIABLES=\n      a b\n    VALUE=1 CATEGORYLABELS=VARLABELS\n"
        ));
    }

    #[test]
    fn csv_writes_codes_dates_and_blanks() {
        let mut date = num("d");
        date.format = Format::sdate();
        let mut id = num("id");
        id.width = Width::String(5);
        id.format = Format::a(5);
        id.value_labels.clear();
        id.missing.clear();
        let dict = Dictionary {
            variables: vec![id, num("a"), date],
            ..Dictionary::default()
        };
        let rows = Rows(vec![
            vec![
                OwnedValue::Text("a,b".to_string()),
                OwnedValue::Number(-1.0),
                OwnedValue::Number(crate::date::spss_date(2022, 3, 14)),
            ],
            vec![
                OwnedValue::Text("c".to_string()),
                OwnedValue::Number(2.5),
                OwnedValue::SysMis,
            ],
        ]);
        let mut out = Vec::new();
        write_csv(&dict, &rows, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,a,d\n\"a,b\",-1,2022-03-14\nc,2.5,\n"
        );
    }
}
