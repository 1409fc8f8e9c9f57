//! An SPSS dictionary independent of the codebook: variables, formats, labels, missing values, MR sets.
//!
//! The system file writer ([`crate::sav`]) and the syntax writer
//! ([`crate::syntax`]) both take a [`Dictionary`]; [`crate::coding`] builds one
//! from the codebook. [`Dictionary::check`] enforces the limits of the SPSS
//! formats before anything is written.

use crate::SpssError;

/// Longest string variable this writer supports (no very long strings).
pub const MAX_STRING_WIDTH: usize = 255;
/// Longest variable name SPSS accepts, in bytes.
pub const MAX_NAME_LEN: usize = 64;
/// Longest variable label, in bytes (longer labels are cut at a character boundary).
pub const MAX_VAR_LABEL: usize = 255;
/// Longest value label SPSS documents, in bytes (longer labels are cut).
pub const MAX_VALUE_LABEL: usize = 120;
/// Longest file label, in bytes.
pub const MAX_FILE_LABEL: usize = 64;
/// Width of a document line, in bytes.
pub const DOCUMENT_LINE: usize = 80;

/// Words that cannot be variable names in SPSS.
const RESERVED: [&str; 13] = [
    "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH",
];

/// Whether a variable holds numbers or strings of a fixed byte width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Numeric,
    /// A string of 1 to [`MAX_STRING_WIDTH`] bytes (UTF-8).
    String(usize),
}

/// The print/write formats this writer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatType {
    /// Strings, `A<w>`.
    A,
    /// Plain numbers, `F<w>.<d>`.
    F,
    /// Dates `yyyy/mm/dd`, `SDATE10`.
    SDate,
}

/// A print/write format such as `F3.0`, `A12` or `SDATE10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub kind: FormatType,
    pub width: u8,
    pub decimals: u8,
}

impl Format {
    pub fn f(width: u8, decimals: u8) -> Format {
        Format {
            kind: FormatType::F,
            width,
            decimals,
        }
    }

    pub fn a(width: u8) -> Format {
        Format {
            kind: FormatType::A,
            width,
            decimals: 0,
        }
    }

    pub fn sdate() -> Format {
        Format {
            kind: FormatType::SDate,
            width: 10,
            decimals: 0,
        }
    }

    /// The format type code of the system file format.
    pub fn type_code(self) -> i32 {
        match self.kind {
            FormatType::A => 1,
            FormatType::F => 5,
            FormatType::SDate => 39,
        }
    }

    /// The packed `int32` of a variable record: type, width and decimals in one word.
    pub fn encode(self) -> i32 {
        (self.type_code() << 16) | (i32::from(self.width) << 8) | i32::from(self.decimals)
    }

    /// The format in syntax, `F3.0`, `A12`, `SDATE10`.
    pub fn syntax(self) -> String {
        match self.kind {
            FormatType::A => format!("A{}", self.width),
            FormatType::F => format!("F{}.{}", self.width, self.decimals),
            FormatType::SDate => format!("SDATE{}", self.width),
        }
    }
}

/// The measurement level shown in SPSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Nominal,
    Ordinal,
    Scale,
}

impl Measure {
    /// The code of the variable display parameter record.
    pub fn code(self) -> i32 {
        match self {
            Measure::Nominal => 1,
            Measure::Ordinal => 2,
            Measure::Scale => 3,
        }
    }

    /// The keyword of `VARIABLE LEVEL`.
    pub fn keyword(self) -> &'static str {
        match self {
            Measure::Nominal => "NOMINAL",
            Measure::Ordinal => "ORDINAL",
            Measure::Scale => "SCALE",
        }
    }
}

/// One variable of the dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// The (long) variable name, up to 64 bytes.
    pub name: String,
    pub width: Width,
    /// Print and write format.
    pub format: Format,
    pub label: Option<String>,
    /// Value labels of a numeric variable, in the order given.
    pub value_labels: Vec<(f64, String)>,
    /// Discrete user-missing values of a numeric variable (at most 3).
    pub missing: Vec<f64>,
    pub measure: Measure,
    /// Column width in the data view, in characters.
    pub display_width: u32,
}

impl Variable {
    /// The number of 8-byte data elements (and variable records) this variable takes.
    pub fn segments(&self) -> usize {
        match self.width {
            Width::Numeric => 1,
            Width::String(w) => w.div_ceil(8),
        }
    }
}

/// A multiple dichotomy set (`MRSETS /MDGROUP`): the items count when they hold `counted`.
#[derive(Debug, Clone, PartialEq)]
pub struct MrSet {
    /// The set name including its leading `$`.
    pub name: String,
    pub label: String,
    /// The counted value of the (numeric) items.
    pub counted: i64,
    /// Indexes into [`Dictionary::variables`].
    pub variables: Vec<usize>,
}

/// Everything about the data except the data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dictionary {
    pub variables: Vec<Variable>,
    pub mrsets: Vec<MrSet>,
    pub file_label: String,
    /// Free-text notes (`DOCUMENT`), one line each, at most 80 bytes.
    pub documents: Vec<String>,
}

/// Whether `name` is a valid SPSS variable name (without the `$` of a set).
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    name.len() <= MAX_NAME_LEN
        && (first.is_ascii_alphabetic() || first == '@')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '#' | '$'))
        && !name.ends_with('.')
        && !RESERVED.contains(&name.to_ascii_uppercase().as_str())
}

/// `s` cut to at most `max` bytes at a character boundary.
pub fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Dictionary {
    /// Checks names, widths, formats, labels and sets against the limits of SPSS.
    pub fn check(&self) -> Result<(), SpssError> {
        let invalid = |name: &str, message: String| SpssError::Dictionary {
            name: name.to_string(),
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for v in &self.variables {
            if !valid_name(&v.name) {
                return Err(invalid(
                    &v.name,
                    "not a valid SPSS variable name (a letter first, then letters, digits or _ . @ # $; at most 64 bytes; not a reserved word)".to_string(),
                ));
            }
            if !seen.insert(v.name.to_ascii_uppercase()) {
                return Err(invalid(&v.name, "the name occurs twice".to_string()));
            }
            match v.width {
                Width::Numeric => {
                    if v.format.kind == FormatType::A {
                        return Err(invalid(&v.name, "a numeric variable with format A".into()));
                    }
                    if v.missing.len() > 3 {
                        return Err(invalid(&v.name, "more than 3 missing values".into()));
                    }
                    if v.missing
                        .iter()
                        .chain(v.value_labels.iter().map(|(x, _)| x))
                        .any(|x| !x.is_finite())
                    {
                        return Err(invalid(
                            &v.name,
                            "a missing value or labelled value that is not a finite number".into(),
                        ));
                    }
                }
                Width::String(w) => {
                    if !(1..=MAX_STRING_WIDTH).contains(&w) {
                        return Err(invalid(
                            &v.name,
                            format!("string width {w}: expected 1 to {MAX_STRING_WIDTH} bytes"),
                        ));
                    }
                    if v.format.kind != FormatType::A || usize::from(v.format.width) != w {
                        return Err(invalid(
                            &v.name,
                            format!("a string of width {w} needs format A{w}"),
                        ));
                    }
                    if !v.value_labels.is_empty() || !v.missing.is_empty() {
                        return Err(invalid(
                            &v.name,
                            "value labels and missing values are only written for numeric variables".into(),
                        ));
                    }
                }
            }
            let f = v.format;
            let bad_number_format = f.kind != FormatType::A
                && (f.width == 0 || f.width > 40 || (f.decimals > 0 && f.decimals >= f.width));
            if bad_number_format {
                return Err(invalid(
                    &v.name,
                    format!("format {} is not valid", v.format.syntax()),
                ));
            }
        }
        let mut sets = std::collections::HashSet::new();
        for s in &self.mrsets {
            let bare = s.name.strip_prefix('$').unwrap_or("");
            if !valid_name(bare) || s.name.len() > MAX_NAME_LEN {
                return Err(invalid(
                    &s.name,
                    "a set name is `$` followed by a valid variable name".into(),
                ));
            }
            if !sets.insert(s.name.to_ascii_uppercase()) {
                return Err(invalid(&s.name, "the set name occurs twice".into()));
            }
            if s.variables.len() < 2 {
                return Err(invalid(
                    &s.name,
                    "a set needs at least two variables".into(),
                ));
            }
            for &i in &s.variables {
                match self.variables.get(i) {
                    Some(v) if v.width == Width::Numeric => {}
                    Some(v) => {
                        return Err(invalid(
                            &s.name,
                            format!("item `{}` is not numeric", v.name),
                        ));
                    }
                    None => return Err(invalid(&s.name, format!("no variable number {i}"))),
                }
            }
        }
        Ok(())
    }

    /// The index of a variable by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.variables.iter().position(|v| v.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_pack_type_width_and_decimals() {
        assert_eq!(Format::f(8, 2).encode(), 0x0005_0802);
        assert_eq!(Format::a(12).encode(), 0x0001_0c00);
        assert_eq!(Format::sdate().encode(), 0x0027_0a00);
        assert_eq!(Format::sdate().syntax(), "SDATE10");
        assert_eq!(Format::f(3, 0).syntax(), "F3.0");
    }

    #[test]
    fn names_follow_the_spss_rules() {
        assert!(valid_name("coercion_sextortion"));
        assert!(valid_name("a.b#c$"));
        assert!(!valid_name("1abc"));
        assert!(!valid_name("with"));
        assert!(!valid_name("abc."));
        assert!(!valid_name("naïef"));
        assert!(!valid_name(&"x".repeat(65)));
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("Geïncludeerd", 3), "Ge");
        assert_eq!(truncate("Geïncludeerd", 4), "Geï");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
