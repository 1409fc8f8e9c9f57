//! SPSS exports of the coded cases: a system file writer (`.sav`) and SPSS syntax with CSV data (`.sps` + `.csv`).
//!
//! Three layers:
//! - [`dict`]: an SPSS dictionary (variables, formats, labels, missing values,
//!   multiple-response sets) that knows nothing of the codebook;
//! - [`sav`] and [`syntax`]: write a [`dict::Dictionary`] and its [`Cases`] as a
//!   system file (PSPP's documented "System File Format", written here without
//!   third-party crates) or as `GET DATA` syntax plus CSV;
//! - [`coding`]: the SPSS coding of the monitor's cases, derived from the
//!   codebook (see that module for the coding rules).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let book = zicht_codebook::Codebook::embedded()?;
//! let table = zicht_cases::read_path("cases.csv".as_ref(), &book)?;
//! let export = zicht_spss::coding::Export::new(&book, &table, zicht_codebook::Lang::Nl, "cases.csv")?;
//! let file = std::fs::File::create("cases.sav")?;
//! zicht_spss::sav::write(&export.dictionary, &export, &zicht_spss::sav::Options::default(), file)?;
//! # Ok(()) }
//! ```

pub mod coding;
pub mod date;
pub mod dict;
pub mod sav;
pub mod syntax;

/// One value of one case, as handed to the writers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A number (numeric variables).
    Number(f64),
    /// System-missing (numeric variables).
    SysMis,
    /// A string (string variables); shorter strings are padded with spaces.
    Text(&'a str),
}

/// The data of a dictionary: `len()` cases with one [`Value`] per variable.
pub trait Cases {
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of variable `var` (index into the dictionary) in case `case`.
    fn value(&self, case: usize, var: usize) -> Value<'_>;
}

/// Cases held row by row in memory (tests and small data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows(pub Vec<Vec<OwnedValue>>);

/// An owned [`Value`].
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedValue {
    Number(f64),
    SysMis,
    Text(String),
}

impl Cases for Rows {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn value(&self, case: usize, var: usize) -> Value<'_> {
        match self.0.get(case).and_then(|row| row.get(var)) {
            Some(OwnedValue::Number(x)) => Value::Number(*x),
            Some(OwnedValue::Text(s)) => Value::Text(s),
            Some(OwnedValue::SysMis) | None => Value::SysMis,
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SpssError {
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    #[error("SPSS dictionary, `{name}`: {message}")]
    Dictionary { name: String, message: String },
    #[error("case {case}, variable `{variable}`: {message}")]
    Value {
        /// 1-based case number.
        case: usize,
        variable: String,
        message: String,
    },
    #[error("{source_name}: case {case} ({case_id}), column `{column}`: {message}")]
    Data {
        source_name: String,
        case: usize,
        case_id: String,
        column: String,
        message: String,
    },
}
