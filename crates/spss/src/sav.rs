//! The SPSS system file writer (`.sav`), after the record layout PSPP documents in "System File Format".
//!
//! Written records, in the order the format requires: file header; one
//! variable record per 8-byte segment (continuation records for strings
//! wider than 8); value labels (type 3) each followed by its variables (type
//! 4); documents (type 6); machine integer info (7.3, UTF-8), machine
//! floating-point info (7.4), multiple-response sets (7.7), variable display
//! parameters (7.11), long variable names (7.13), character encoding (7.20,
//! `UTF-8`); dictionary termination (999); then the data, uncompressed or
//! with the bytecode compression (bias 100). Everything is little-endian.
//! Strings wider than 255 bytes (very long strings) are not supported:
//! [`crate::dict::Dictionary::check`] rejects them.

use std::io::Write;

use crate::dict::{
    DOCUMENT_LINE, Dictionary, MAX_FILE_LABEL, MAX_VALUE_LABEL, MAX_VAR_LABEL, Width, truncate,
};
use crate::{Cases, SpssError, Value};

/// The system-missing value: the most negative finite double.
pub const SYSMIS: f64 = f64::MIN;
/// The compression bias of the header.
pub const BIAS: f64 = 100.0;

/// How the data records are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// 8 bytes per value.
    None,
    /// SPSS's default: one command byte per value, small integers and blanks in the byte itself.
    #[default]
    Bytecode,
}

/// Settings of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub compression: Compression,
    /// Creation time written in the header, Unix seconds (UTC).
    pub created: i64,
    /// The product named in the header after `@(#) SPSS DATA FILE`.
    pub product: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            compression: Compression::Bytecode,
            created: 0,
            product: format!("zicht {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Writes the dictionary and the cases as a system file.
///
/// The dictionary is checked first and every value is checked against its
/// variable before it is written; on an error the output is incomplete, so
/// write to a temporary file and rename it on success.
pub fn write(
    dict: &Dictionary,
    cases: &impl Cases,
    options: &Options,
    out: impl Write,
) -> Result<(), SpssError> {
    dict.check()?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    let short = short_names(dict);
    w.write_all(&header(dict, cases.len(), options))?;
    w.write_all(&variable_records(dict, &short))?;
    w.write_all(&value_label_records(dict))?;
    w.write_all(&document_record(&dict.documents))?;
    w.write_all(&integer_info())?;
    w.write_all(&float_info())?;
    w.write_all(&mrsets_record(dict, &short))?;
    w.write_all(&display_record(dict))?;
    w.write_all(&long_names_record(dict, &short))?;
    w.write_all(&encoding_record())?;
    put_i32(&mut w, 999)?;
    put_i32(&mut w, 0)?;
    write_data(dict, cases, options.compression, &mut w)?;
    w.flush()?;
    Ok(())
}

fn put_i32(w: &mut impl Write, x: i32) -> std::io::Result<()> {
    w.write_all(&x.to_le_bytes())
}

/// A byte buffer with little-endian helpers.
#[derive(Default)]
struct Buf(Vec<u8>);

impl Buf {
    fn i32(&mut self, x: i32) -> &mut Buf {
        self.0.extend_from_slice(&x.to_le_bytes());
        self
    }

    fn f64(&mut self, x: f64) -> &mut Buf {
        self.0.extend_from_slice(&x.to_le_bytes());
        self
    }

    fn bytes(&mut self, b: &[u8]) -> &mut Buf {
        self.0.extend_from_slice(b);
        self
    }

    /// `s` padded with spaces (or cut) to exactly `len` bytes.
    fn padded(&mut self, s: &str, len: usize) -> &mut Buf {
        let s = truncate(s, len);
        self.0.extend_from_slice(s.as_bytes());
        self.0.extend(std::iter::repeat_n(b' ', len - s.len()));
        self
    }

    fn zeros(&mut self, n: usize) -> &mut Buf {
        self.0.extend(std::iter::repeat_n(0u8, n));
        self
    }
}

/// Converts a count to the `int32` the format stores (saturating; the dictionary limits keep counts small).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The 176-byte file header.
pub(crate) fn header(dict: &Dictionary, n_cases: usize, options: &Options) -> Vec<u8> {
    let (date, time) = crate::date::header_stamp(options.created);
    let segments: usize = dict.variables.iter().map(|v| v.segments()).sum();
    let mut b = Buf::default();
    b.bytes(b"$FL2")
        .padded(&format!("@(#) SPSS DATA FILE {}", options.product), 60)
        .i32(2)
        .i32(count(segments))
        .i32(match options.compression {
            Compression::None => 0,
            Compression::Bytecode => 1,
        })
        .i32(0)
        .i32(i32::try_from(n_cases).unwrap_or(-1))
        .f64(BIAS)
        .padded(&date, 9)
        .padded(&time, 8)
        .padded(truncate(&dict.file_label, MAX_FILE_LABEL), 64)
        .zeros(3);
    b.0
}

/// Unique 8-byte upper-case short names, derived from the long names.
pub fn short_names(dict: &Dictionary) -> Vec<String> {
    const RESERVED: [&str; 13] = [
        "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
    ];
    let mut used = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(dict.variables.len());
    for v in &dict.variables {
        let upper = v.name.to_ascii_uppercase();
        let mut candidate = truncate(&upper, 8).to_string();
        let mut n = 0usize;
        while used.contains(&candidate) || RESERVED.contains(&candidate.as_str()) {
            n += 1;
            let suffix = format!("_{n}");
            candidate = format!("{}{suffix}", truncate(&upper, 8 - suffix.len()));
        }
        used.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

/// The variable records (type 2), with continuation records for long strings.
pub(crate) fn variable_records(dict: &Dictionary, short: &[String]) -> Vec<u8> {
    let mut b = Buf::default();
    for (v, name) in dict.variables.iter().zip(short) {
        let label = v.label.as_deref().map(|l| truncate(l, MAX_VAR_LABEL));
        let missing: &[f64] = match v.width {
            Width::Numeric => &v.missing,
            Width::String(_) => &[],
        };
        b.i32(2)
            .i32(match v.width {
                Width::Numeric => 0,
                Width::String(w) => count(w),
            })
            .i32(i32::from(label.is_some()))
            .i32(count(missing.len()))
            .i32(v.format.encode())
            .i32(v.format.encode())
            .padded(name, 8);
        if let Some(label) = label {
            b.i32(count(label.len()))
                .bytes(label.as_bytes())
                .zeros(label.len().next_multiple_of(4) - label.len());
        }
        for &m in missing {
            b.f64(m);
        }
        for _ in 1..v.segments() {
            // Continuation: type -1, no label, no missing values, blank name.
            b.i32(2)
                .i32(-1)
                .i32(0)
                .i32(0)
                .i32(0x0001_0800)
                .i32(0x0001_0800)
                .padded("", 8);
        }
    }
    b.0
}

/// The 1-based dictionary index (counting continuation records) of every variable.
fn dictionary_indexes(dict: &Dictionary) -> Vec<i32> {
    let mut next = 1usize;
    dict.variables
        .iter()
        .map(|v| {
            let i = next;
            next += v.segments();
            count(i)
        })
        .collect()
}

/// The value labels of one variable.
type ValueLabels = [(f64, String)];

/// Value label records (type 3 + 4); variables with identical labels share one pair.
pub(crate) fn value_label_records(dict: &Dictionary) -> Vec<u8> {
    let indexes = dictionary_indexes(dict);
    let mut groups: Vec<(&ValueLabels, Vec<i32>)> = Vec::new();
    for (v, &index) in dict.variables.iter().zip(&indexes) {
        if v.value_labels.is_empty() || v.width != Width::Numeric {
            continue;
        }
        let same = |labels: &ValueLabels| {
            labels.len() == v.value_labels.len()
                && labels
                    .iter()
                    .zip(&v.value_labels)
                    .all(|(a, b)| a.0.to_bits() == b.0.to_bits() && a.1 == b.1)
        };
        match groups.iter_mut().find(|(labels, _)| same(labels)) {
            Some((_, vars)) => vars.push(index),
            None => groups.push((&v.value_labels, vec![index])),
        }
    }
    let mut b = Buf::default();
    for (labels, vars) in groups {
        b.i32(3).i32(count(labels.len()));
        for (value, label) in labels {
            let label = truncate(label, MAX_VALUE_LABEL);
            let len = label.len() + 1;
            b.f64(*value)
                .bytes(&[label.len() as u8])
                .bytes(label.as_bytes())
                .padded("", len.next_multiple_of(8) - len);
        }
        b.i32(4).i32(count(vars.len()));
        for i in vars {
            b.i32(i);
        }
    }
    b.0
}

/// The document record (type 6), or nothing when there are no documents.
pub(crate) fn document_record(lines: &[String]) -> Vec<u8> {
    let mut b = Buf::default();
    if lines.is_empty() {
        return b.0;
    }
    b.i32(6).i32(count(lines.len()));
    for line in lines {
        b.padded(line, DOCUMENT_LINE);
    }
    b.0
}

/// An extension record header: type 7, subtype, element size and count.
fn extension(b: &mut Buf, subtype: i32, size: i32, n: usize) {
    b.i32(7).i32(subtype).i32(size).i32(count(n));
}

/// Machine integer info (7.3): version, IEEE 754, little-endian, UTF-8 (65001).
pub(crate) fn integer_info() -> Vec<u8> {
    let version = |s: &str| s.parse::<i32>().unwrap_or(0);
    let mut b = Buf::default();
    extension(&mut b, 3, 4, 8);
    b.i32(version(env!("CARGO_PKG_VERSION_MAJOR")))
        .i32(version(env!("CARGO_PKG_VERSION_MINOR")))
        .i32(version(env!("CARGO_PKG_VERSION_PATCH")))
        .i32(-1)
        .i32(1)
        .i32(1)
        .i32(2)
        .i32(65001);
    b.0
}

/// Machine floating-point info (7.4): SYSMIS, HIGHEST, LOWEST.
pub(crate) fn float_info() -> Vec<u8> {
    let mut b = Buf::default();
    extension(&mut b, 4, 8, 3);
    b.f64(SYSMIS).f64(f64::MAX).f64(f64::MIN);
    b.0
}

/// A length-prefixed string of the MR set record: `<len> <bytes>`.
fn counted_string(s: &str) -> String {
    format!("{} {s}", s.len())
}

/// Multiple-response sets (7.7), all multiple dichotomy sets with CATEGORYLABELS=VARLABELS.
pub(crate) fn mrsets_record(dict: &Dictionary, short: &[String]) -> Vec<u8> {
    let mut b = Buf::default();
    if dict.mrsets.is_empty() {
        return b.0;
    }
    let mut text = String::new();
    for set in &dict.mrsets {
        let names: Vec<String> = set
            .variables
            .iter()
            .filter_map(|&i| short.get(i))
            .map(|s| s.to_ascii_lowercase())
            .collect();
        text.push_str(&format!(
            "{}=D{} {} {}\n",
            set.name,
            counted_string(&set.counted.to_string()),
            counted_string(truncate(&set.label, MAX_VAR_LABEL)),
            names.join(" ")
        ));
    }
    extension(&mut b, 7, 1, text.len());
    b.bytes(text.as_bytes());
    b.0
}

/// Variable display parameters (7.11): measure, column width, alignment per variable.
pub(crate) fn display_record(dict: &Dictionary) -> Vec<u8> {
    let mut b = Buf::default();
    extension(&mut b, 11, 4, 3 * dict.variables.len());
    for v in &dict.variables {
        b.i32(v.measure.code())
            .i32(i32::try_from(v.display_width).unwrap_or(i32::MAX))
            .i32(match v.width {
                Width::Numeric => 1,
                Width::String(_) => 0,
            });
    }
    b.0
}

/// Long variable names (7.13): `SHORT=long` pairs separated by tabs.
pub(crate) fn long_names_record(dict: &Dictionary, short: &[String]) -> Vec<u8> {
    let text = dict
        .variables
        .iter()
        .zip(short)
        .map(|(v, s)| format!("{s}={}", v.name))
        .collect::<Vec<_>>()
        .join("\t");
    let mut b = Buf::default();
    extension(&mut b, 13, 1, text.len());
    b.bytes(text.as_bytes());
    b.0
}

/// Character encoding (7.20): `UTF-8`.
pub(crate) fn encoding_record() -> Vec<u8> {
    let mut b = Buf::default();
    extension(&mut b, 20, 1, 5);
    b.bytes(b"UTF-8");
    b.0
}

/// The 8-byte data elements of one value of a variable, appended to `out`.
fn elements(
    v: &crate::dict::Variable,
    value: Value<'_>,
    case: usize,
    out: &mut Vec<[u8; 8]>,
) -> Result<(), SpssError> {
    let bad = |message: String| SpssError::Value {
        case: case + 1,
        variable: v.name.clone(),
        message,
    };
    match (v.width, value) {
        (Width::Numeric, Value::Number(x)) if x.is_finite() && x != SYSMIS => {
            out.push(x.to_le_bytes());
        }
        (Width::Numeric, Value::Number(x)) => {
            return Err(bad(format!("{x} is not a finite number")));
        }
        (Width::Numeric, Value::SysMis) => out.push(SYSMIS.to_le_bytes()),
        (Width::Numeric, Value::Text(t)) => {
            return Err(bad(format!("text `{t}` in a numeric variable")));
        }
        (Width::String(w), Value::Text(t)) => {
            if t.len() > w {
                return Err(bad(format!(
                    "`{t}` is {} bytes long, the variable holds {w}",
                    t.len()
                )));
            }
            let mut bytes = t.as_bytes().to_vec();
            bytes.resize(w.next_multiple_of(8), b' ');
            for chunk in bytes.chunks_exact(8) {
                let mut e = [b' '; 8];
                e.copy_from_slice(chunk);
                out.push(e);
            }
        }
        (Width::String(w), Value::SysMis) => {
            out.extend(std::iter::repeat_n([b' '; 8], w.div_ceil(8)));
        }
        (Width::String(_), Value::Number(x)) => {
            return Err(bad(format!("number {x} in a string variable")));
        }
    }
    Ok(())
}

/// The bytecode compressor: blocks of 8 command bytes, each followed by its literal elements.
pub(crate) struct Compressor {
    commands: Vec<u8>,
    literals: Vec<[u8; 8]>,
}

impl Compressor {
    pub(crate) fn new() -> Compressor {
        Compressor {
            commands: Vec::with_capacity(8),
            literals: Vec::with_capacity(8),
        }
    }

    /// Adds one element; `numeric` says how to read it.
    pub(crate) fn push(
        &mut self,
        element: [u8; 8],
        numeric: bool,
        w: &mut impl Write,
    ) -> std::io::Result<()> {
        let code = if numeric {
            let x = f64::from_le_bytes(element);
            if x == SYSMIS {
                255
            } else if x.fract() == 0.0 && (1.0 - BIAS..=251.0 - BIAS).contains(&x) {
                (x + BIAS) as u8
            } else {
                253
            }
        } else if element == [b' '; 8] {
            254
        } else {
            253
        };
        self.commands.push(code);
        if code == 253 {
            self.literals.push(element);
        }
        if self.commands.len() == 8 {
            self.flush(w)?;
        }
        Ok(())
    }

    /// Writes the pending block, padding its command bytes with zeros.
    pub(crate) fn flush(&mut self, w: &mut impl Write) -> std::io::Result<()> {
        if self.commands.is_empty() {
            return Ok(());
        }
        self.commands.resize(8, 0);
        w.write_all(&self.commands)?;
        for l in &self.literals {
            w.write_all(l)?;
        }
        self.commands.clear();
        self.literals.clear();
        Ok(())
    }
}

fn write_data(
    dict: &Dictionary,
    cases: &impl Cases,
    compression: Compression,
    w: &mut impl Write,
) -> Result<(), SpssError> {
    let mut compressor = Compressor::new();
    let mut elems: Vec<[u8; 8]> = Vec::new();
    for case in 0..cases.len() {
        for (i, v) in dict.variables.iter().enumerate() {
            elems.clear();
            elements(v, cases.value(case, i), case, &mut elems)?;
            let numeric = v.width == Width::Numeric;
            for &e in &elems {
                match compression {
                    Compression::None => w.write_all(&e)?,
                    Compression::Bytecode => compressor.push(e, numeric, w)?,
                }
            }
        }
    }
    compressor.flush(w)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::dict::{Format, Measure, MrSet, Variable};
    use crate::{OwnedValue, Rows};
    use proptest::prelude::*;

    fn num(name: &str) -> Variable {
        Variable {
            name: name.to_string(),
            width: Width::Numeric,
            format: Format::f(3, 0),
            label: None,
            value_labels: Vec::new(),
            missing: Vec::new(),
            measure: Measure::Nominal,
            display_width: 8,
        }
    }

    fn string(name: &str, w: usize) -> Variable {
        Variable {
            width: Width::String(w),
            format: Format::a(w as u8),
            ..num(name)
        }
    }

    fn le32(b: &[u8], at: usize) -> i32 {
        i32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn header_is_176_bytes_with_the_documented_fields() {
        let dict = Dictionary {
            variables: vec![num("a"), string("b", 12)],
            file_label: "Geëxporteerd".to_string(),
            ..Dictionary::default()
        };
        let h = header(&dict, 7, &Options::default());
        assert_eq!(h.len(), 176);
        assert_eq!(&h[0..4], b"$FL2");
        assert!(h[4..64].starts_with(b"@(#) SPSS DATA FILE zicht "));
        assert_eq!(le32(&h, 64), 2); // layout code
        assert_eq!(le32(&h, 68), 3); // 1 + 2 segments
        assert_eq!(le32(&h, 72), 1); // bytecode
        assert_eq!(le32(&h, 76), 0); // no weight
        assert_eq!(le32(&h, 80), 7); // cases
        assert_eq!(f64::from_le_bytes(h[84..92].try_into().unwrap()), 100.0);
        assert_eq!(&h[92..101], b"01 Jan 70");
        assert_eq!(&h[101..109], b"00:00:00");
        assert!(h[109..173].starts_with("Geëxporteerd ".as_bytes()));
        assert_eq!(&h[173..176], &[0, 0, 0]);
    }

    #[test]
    fn variable_record_with_label_and_missing_values() {
        let mut v = num("status");
        v.label = Some("Status".to_string());
        v.missing = vec![-2.0, -1.0];
        let dict = Dictionary {
            variables: vec![v],
            ..Dictionary::default()
        };
        let r = variable_records(&dict, &short_names(&dict));
        // 7 words + name, label length + 8 label bytes (6 padded to 8), 2 doubles.
        assert_eq!(r.len(), 24 + 8 + 4 + 8 + 16);
        assert_eq!(le32(&r, 0), 2);
        assert_eq!(le32(&r, 4), 0); // numeric
        assert_eq!(le32(&r, 8), 1); // has label
        assert_eq!(le32(&r, 12), 2); // two missing values
        assert_eq!(le32(&r, 16), 0x0005_0300); // F3.0
        assert_eq!(&r[24..32], b"STATUS  ");
        assert_eq!(le32(&r, 32), 6);
        assert_eq!(&r[36..44], b"Status\0\0");
        assert_eq!(f64::from_le_bytes(r[44..52].try_into().unwrap()), -2.0);
    }

    #[test]
    fn long_strings_get_continuation_records() {
        let dict = Dictionary {
            variables: vec![string("case_id", 20)],
            ..Dictionary::default()
        };
        let r = variable_records(&dict, &short_names(&dict));
        assert_eq!(r.len(), 3 * 32);
        assert_eq!(le32(&r, 4), 20);
        assert_eq!(le32(&r, 32 + 4), -1);
        assert_eq!(le32(&r, 64 + 4), -1);
        assert_eq!(&r[64 + 24..64 + 32], b"        ");
    }

    #[test]
    fn short_names_are_unique_and_at_most_8_bytes() {
        let dict = Dictionary {
            variables: [
                "coercion_sextortion",
                "coercion_substance",
                "coercion_lvb",
                "to",
                "year",
            ]
            .iter()
            .map(|n| num(n))
            .collect(),
            ..Dictionary::default()
        };
        assert_eq!(
            short_names(&dict),
            ["COERCION", "COERCI_1", "COERCI_2", "TO_1", "YEAR"]
        );
    }

    #[test]
    fn value_labels_are_padded_and_shared() {
        let mut a = num("a");
        a.value_labels = vec![(1.0, "Ja".to_string()), (0.0, "Financiële".to_string())];
        let mut b = a.clone();
        b.name = "b".to_string();
        let mut c = num("c");
        c.value_labels = vec![(1.0, "x".to_string())];
        let dict = Dictionary {
            variables: vec![string("id", 9), a, b, c],
            ..Dictionary::default()
        };
        let r = value_label_records(&dict);
        assert_eq!(le32(&r, 0), 3);
        assert_eq!(le32(&r, 4), 2);
        assert_eq!(f64::from_le_bytes(r[8..16].try_into().unwrap()), 1.0);
        assert_eq!(r[16], 2);
        assert_eq!(&r[17..24], b"Ja     ");
        assert_eq!(r[32], 11); // "Financiële" is 11 bytes
        assert_eq!(&r[33..44], "Financiële".as_bytes());
        // 1 + 11 = 12 bytes, padded to 16.
        let after = 8 + 16 + 8 + 16;
        assert_eq!(le32(&r, after), 4);
        assert_eq!(le32(&r, after + 4), 2);
        // id takes dictionary indexes 1 and 2, so a and b are 3 and 4.
        assert_eq!(le32(&r, after + 8), 3);
        assert_eq!(le32(&r, after + 12), 4);
        assert_eq!(le32(&r, after + 16), 3); // the next pair, for c
    }

    #[test]
    fn mrsets_record_follows_the_documented_text_format() {
        let dict = Dictionary {
            variables: vec![num("coercion_violence"), num("coercion_other")],
            mrsets: vec![MrSet {
                name: "$coercion".to_string(),
                label: "Dwangmiddelen".to_string(),
                counted: 1,
                variables: vec![0, 1],
            }],
            ..Dictionary::default()
        };
        let r = mrsets_record(&dict, &short_names(&dict));
        assert_eq!(&r[0..4], &7i32.to_le_bytes());
        assert_eq!(le32(&r, 4), 7);
        assert_eq!(le32(&r, 8), 1);
        let text = std::str::from_utf8(&r[16..]).unwrap();
        assert_eq!(text, "$coercion=D1 1 13 Dwangmiddelen coercion coerci_1\n");
        assert_eq!(le32(&r, 12) as usize, text.len());
    }

    #[test]
    fn long_names_and_encoding_records() {
        let dict = Dictionary {
            variables: vec![num("first_contact"), num("year")],
            ..Dictionary::default()
        };
        let r = long_names_record(&dict, &short_names(&dict));
        assert_eq!(&r[16..], b"FIRST_CO=first_contact\tYEAR=year");
        assert_eq!(le32(&r, 4), 13);
        let e = encoding_record();
        assert_eq!(le32(&e, 4), 20);
        assert_eq!(&e[16..], b"UTF-8");
        let i = integer_info();
        assert_eq!(le32(&i, 16 + 7 * 4), 65001);
        assert_eq!(le32(&i, 16 + 6 * 4), 2); // little-endian
        let d = display_record(&dict);
        assert_eq!(le32(&d, 12), 6);
    }

    /// Reads the compressed data stream back into elements (the inverse of the compressor).
    fn decompress(data: &[u8]) -> Vec<[u8; 8]> {
        let mut out = Vec::new();
        let mut at = 0;
        while at + 8 <= data.len() {
            let commands: [u8; 8] = data[at..at + 8].try_into().unwrap();
            at += 8;
            for c in commands {
                match c {
                    0 => {}
                    1..=251 => out.push((f64::from(c) - BIAS).to_le_bytes()),
                    253 => {
                        out.push(data[at..at + 8].try_into().unwrap());
                        at += 8;
                    }
                    254 => out.push([b' '; 8]),
                    255 => out.push(SYSMIS.to_le_bytes()),
                    _ => panic!("unexpected code {c}"),
                }
            }
        }
        out
    }

    #[test]
    fn compression_uses_the_documented_codes() {
        let dict = Dictionary {
            variables: vec![num("a"), num("b"), num("c"), string("s", 16)],
            ..Dictionary::default()
        };
        let rows = Rows(vec![vec![
            OwnedValue::Number(-1.0),
            OwnedValue::SysMis,
            OwnedValue::Number(2.5),
            OwnedValue::Text("abc".to_string()),
        ]]);
        let mut out = Vec::new();
        write_data(&dict, &rows, Compression::Bytecode, &mut out).unwrap();
        assert_eq!(&out[0..8], &[99, 255, 253, 253, 254, 0, 0, 0]);
        assert_eq!(&out[8..16], &2.5f64.to_le_bytes());
        assert_eq!(&out[16..24], b"abc     ");
        assert_eq!(out.len(), 24);
    }

    #[test]
    fn values_that_do_not_fit_are_errors() {
        let dict = Dictionary {
            variables: vec![string("s", 2)],
            ..Dictionary::default()
        };
        let rows = Rows(vec![vec![OwnedValue::Text("abc".to_string())]]);
        let err = write_data(&dict, &rows, Compression::None, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("case 1, variable `s`"), "{err}");
    }

    fn value_strategy() -> impl Strategy<Value = OwnedValue> {
        prop_oneof![
            (-200i32..300).prop_map(|x| OwnedValue::Number(f64::from(x))),
            (-1e6f64..1e6).prop_map(OwnedValue::Number),
            Just(OwnedValue::SysMis),
        ]
    }

    proptest! {
        #[test]
        fn compressed_and_uncompressed_data_agree(
            rows in prop::collection::vec(
                (prop::collection::vec(value_strategy(), 3), "[a-z ]{0,12}"),
                0..40,
            )
        ) {
            let dict = Dictionary {
                variables: vec![num("a"), num("b"), num("c"), string("s", 12)],
                ..Dictionary::default()
            };
            let rows = Rows(rows.into_iter().map(|(mut nums, s)| {
                nums.push(OwnedValue::Text(s));
                nums
            }).collect());
            let mut plain = Vec::new();
            write_data(&dict, &rows, Compression::None, &mut plain).unwrap();
            let mut packed = Vec::new();
            write_data(&dict, &rows, Compression::Bytecode, &mut packed).unwrap();
            let elements: Vec<u8> = decompress(&packed).concat();
            prop_assert_eq!(elements, plain);
        }
    }
}
