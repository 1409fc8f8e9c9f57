//! The monitor's codebook as data: every variable, code, condition and multiple-response set.
//!
//! The codebook lives in `codebook/codebook.toml` at the root of the repository
//! and is embedded in the binary; [`Codebook::embedded`] loads it,
//! [`Codebook::from_path`] loads another version. Nothing else in zicht names a
//! variable: the statistics, the report, the exports and the coding form all
//! walk this structure.

mod print;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use print::{render_json, render_text};

/// The codebook that ships with zicht.
pub const EMBEDDED_TOML: &str = include_str!("../../../codebook/codebook.toml");

/// A language of the user interface and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch, the first language of every screen.
    #[default]
    Nl,
    /// English, the second.
    En,
}

impl Lang {
    /// Parses `nl` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        })
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// What kind of values a variable takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Free text (only identifiers in practice).
    Text,
    /// Whole number within `min..=max`.
    Integer,
    /// Calendar date `YYYY-MM-DD`.
    Date,
    /// One of the variable's codes.
    Code,
    /// `1` yes, `0` no.
    #[serde(rename = "yesno")]
    YesNo,
}

/// One code of a code variable, or one item of a multiple-response set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
    pub nl: String,
    pub en: String,
    pub definition: Text,
}

impl Code {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// When a conditional variable may be filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub variable: String,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub in_codes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<String>>,
}

impl Condition {
    /// Whether the condition holds, given the code of `self.variable` (`None` = unknown).
    ///
    /// `in` needs a known value in the list; `not_in` holds unless the value is
    /// known and in the list.
    pub fn holds(&self, value: Option<&str>) -> bool {
        if let Some(codes) = &self.in_codes {
            return value.is_some_and(|v| codes.iter().any(|c| c == v));
        }
        if let Some(codes) = &self.not_in {
            return !value.is_some_and(|v| codes.iter().any(|c| c == v));
        }
        true
    }

    /// A short readable form, `perpetrator = family` or `perpetrator ≠ family`.
    pub fn describe(&self) -> String {
        if let Some(codes) = &self.in_codes {
            format!("{} = {}", self.variable, codes.join(" | "))
        } else if let Some(codes) = &self.not_in {
            format!("{} ≠ {}", self.variable, codes.join(" | "))
        } else {
            self.variable.clone()
        }
    }
}

/// A display group of variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    pub label: Text,
}

/// One variable (one column of `cases.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    pub group: String,
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    pub label: Text,
    pub definition: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
}

impl Variable {
    pub fn code(&self, code: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    pub fn code_index(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.code == code)
    }
}

/// A multiple-response set: one yes/no column per item, `prefix + item`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Set {
    pub name: String,
    pub prefix: String,
    pub group: String,
    pub label: Text,
    pub definition: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The statistics also count cases with two or more items.
    #[serde(default)]
    pub count_two_or_more: bool,
    pub items: Vec<Code>,
}

impl Set {
    /// The column name of an item.
    pub fn column(&self, item: &Code) -> String {
        format!("{}{}", self.prefix, item.code)
    }
}

/// A filter on one code variable, used for populations and series.
pub type Filter = Condition;

/// A population of the analysis (`all`, `sexual`, `criminal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    pub name: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
}

/// A cross table of two code variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crosstab {
    pub name: String,
    pub rows: String,
    pub columns: String,
}

/// A count per year for the comparison figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub name: String,
    pub label: Text,
    pub filter: Filter,
}

/// The roles the statistics give to variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    pub status: String,
    pub included: String,
    pub excluded: String,
    pub exclusion_reason: String,
    pub year: String,
    pub first_contact: String,
    pub conversations: String,
    pub channel: String,
    pub age: String,
    pub minor_below: i64,
    pub age_thresholds: Vec<i64>,
    #[serde(rename = "population")]
    pub populations: Vec<Population>,
    #[serde(rename = "crosstab", default)]
    pub crosstabs: Vec<Crosstab>,
    #[serde(rename = "series", default)]
    pub series: Vec<Series>,
}

/// The whole codebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    pub name: String,
    pub version: String,
    pub title: Text,
    pub unit: Text,
    pub missing: Text,
    #[serde(rename = "group")]
    pub groups: Vec<Group>,
    #[serde(rename = "variable")]
    pub variables: Vec<Variable>,
    #[serde(rename = "set", default)]
    pub sets: Vec<Set>,
    pub analysis: Analysis,
}

/// A column of `cases.csv` as the codebook defines it.
#[derive(Debug, Clone, Copy)]
pub enum Column<'a> {
    /// A variable of its own.
    Variable(&'a Variable),
    /// One item of a multiple-response set (a yes/no column).
    Item(&'a Set, &'a Code),
}

impl<'a> Column<'a> {
    pub fn kind(&self) -> Kind {
        match self {
            Column::Variable(v) => v.kind,
            Column::Item(..) => Kind::YesNo,
        }
    }

    pub fn name(&self) -> String {
        match self {
            Column::Variable(v) => v.name.clone(),
            Column::Item(s, c) => s.column(c),
        }
    }

    pub fn condition(&self) -> Option<&'a Condition> {
        match self {
            Column::Variable(v) => v.condition.as_ref(),
            Column::Item(s, _) => s.condition.as_ref(),
        }
    }
}

/// Why a codebook could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    #[error("{path}: cannot read the codebook: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a valid codebook: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Codebook {
    /// The codebook that ships with zicht.
    pub fn embedded() -> Result<Codebook, CodebookError> {
        Codebook::from_toml_str(EMBEDDED_TOML, "codebook/codebook.toml (embedded)")
    }

    /// Loads and checks a codebook file.
    pub fn from_path(path: &Path) -> Result<Codebook, CodebookError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| CodebookError::Io {
            path: shown.clone(),
            source,
        })?;
        Codebook::from_toml_str(&text, &shown)
    }

    /// Parses and checks a codebook; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Codebook, CodebookError> {
        let book: Codebook = toml::from_str(text).map_err(|e| CodebookError::Parse {
            path: origin.to_string(),
            message: e.to_string(),
        })?;
        book.check().map_err(|message| CodebookError::Invalid {
            path: origin.to_string(),
            message,
        })?;
        Ok(book)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn set(&self, name: &str) -> Option<&Set> {
        self.sets.iter().find(|s| s.name == name)
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Every column of `cases.csv` in canonical order: the variables, then the set items.
    pub fn columns(&self) -> Vec<Column<'_>> {
        let mut cols: Vec<Column<'_>> = self.variables.iter().map(Column::Variable).collect();
        for set in &self.sets {
            cols.extend(set.items.iter().map(|item| Column::Item(set, item)));
        }
        cols
    }

    /// The column of that name, if the codebook defines it.
    pub fn column(&self, name: &str) -> Option<Column<'_>> {
        if let Some(v) = self.variable(name) {
            return Some(Column::Variable(v));
        }
        self.sets.iter().find_map(|set| {
            let item_code = name.strip_prefix(set.prefix.as_str())?;
            set.items
                .iter()
                .find(|i| i.code == item_code)
                .map(|item| Column::Item(set, item))
        })
    }

    /// Checks the internal consistency of the codebook; the message names the first problem.
    fn check(&self) -> Result<(), String> {
        let mut names = HashSet::new();
        let groups: HashSet<&str> = self.groups.iter().map(|g| g.name.as_str()).collect();
        for v in &self.variables {
            if !names.insert(v.name.clone()) {
                return Err(format!("variable `{}` is defined twice", v.name));
            }
            if !groups.contains(v.group.as_str()) {
                return Err(format!(
                    "variable `{}`: unknown group `{}`",
                    v.name, v.group
                ));
            }
            match v.kind {
                Kind::Code if v.codes.is_empty() => {
                    return Err(format!("code variable `{}` has no codes", v.name));
                }
                Kind::Code => {}
                _ if !v.codes.is_empty() => {
                    return Err(format!(
                        "variable `{}` has codes but is not a code variable",
                        v.name
                    ));
                }
                _ => {}
            }
            let mut codes = HashSet::new();
            for c in &v.codes {
                if !codes.insert(c.code.as_str()) {
                    return Err(format!(
                        "variable `{}`: code `{}` is defined twice",
                        v.name, c.code
                    ));
                }
            }
        }
        for s in &self.sets {
            if !groups.contains(s.group.as_str()) {
                return Err(format!("set `{}`: unknown group `{}`", s.name, s.group));
            }
            if s.items.is_empty() {
                return Err(format!("set `{}` has no items", s.name));
            }
            for item in &s.items {
                let col = s.column(item);
                if !names.insert(col.clone()) {
                    return Err(format!("column `{col}` is defined twice"));
                }
            }
        }
        let conditions = self
            .variables
            .iter()
            .filter_map(|v| v.condition.as_ref().map(|c| (v.name.as_str(), c)))
            .chain(
                self.sets
                    .iter()
                    .filter_map(|s| s.condition.as_ref().map(|c| (s.name.as_str(), c))),
            )
            .chain(
                self.analysis
                    .populations
                    .iter()
                    .filter_map(|p| p.filter.as_ref().map(|c| (p.name.as_str(), c))),
            )
            .chain(
                self.analysis
                    .series
                    .iter()
                    .map(|s| (s.name.as_str(), &s.filter)),
            );
        for (owner, cond) in conditions {
            self.check_condition(owner, cond)?;
        }
        let a = &self.analysis;
        let expect = |name: &str, kind: Kind| -> Result<(), String> {
            match self.variable(name) {
                Some(v) if v.kind == kind => Ok(()),
                Some(v) => Err(format!(
                    "analysis: `{name}` is a {:?} variable, expected {kind:?}",
                    v.kind
                )),
                None => Err(format!("analysis: unknown variable `{name}`")),
            }
        };
        expect(&a.status, Kind::Code)?;
        expect(&a.exclusion_reason, Kind::Code)?;
        expect(&a.year, Kind::Integer)?;
        expect(&a.first_contact, Kind::Date)?;
        expect(&a.conversations, Kind::Integer)?;
        expect(&a.channel, Kind::Code)?;
        expect(&a.age, Kind::Integer)?;
        for code in [&a.included, &a.excluded] {
            if self
                .variable(&a.status)
                .and_then(|v| v.code(code))
                .is_none()
            {
                return Err(format!(
                    "analysis: `{code}` is not a code of `{}`",
                    a.status
                ));
            }
        }
        for t in &a.crosstabs {
            expect(&t.rows, Kind::Code)?;
            expect(&t.columns, Kind::Code)?;
        }
        let mut seen = HashMap::new();
        for p in &a.populations {
            if seen.insert(p.name.as_str(), ()).is_some() {
                return Err(format!("analysis: population `{}` twice", p.name));
            }
        }
        Ok(())
    }

    fn check_condition(&self, owner: &str, cond: &Condition) -> Result<(), String> {
        let Some(var) = self.variable(&cond.variable) else {
            return Err(format!(
                "`{owner}`: condition on unknown variable `{}`",
                cond.variable
            ));
        };
        if var.kind != Kind::Code {
            return Err(format!(
                "`{owner}`: condition on `{}`, which is not a code variable",
                cond.variable
            ));
        }
        let lists = [&cond.in_codes, &cond.not_in];
        if lists.iter().filter(|l| l.is_some()).count() != 1 {
            return Err(format!(
                "`{owner}`: a condition needs exactly one of `in` and `not_in`"
            ));
        }
        for code in lists.into_iter().flatten().flatten() {
            if var.code(code).is_none() {
                return Err(format!(
                    "`{owner}`: condition names `{code}`, not a code of `{}`",
                    cond.variable
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Codebook {
        match Codebook::embedded() {
            Ok(b) => b,
            Err(e) => panic!("embedded codebook: {e}"),
        }
    }

    #[test]
    fn embedded_codebook_loads_and_has_every_contract_variable() {
        let b = book();
        for name in [
            "case_id",
            "year",
            "first_contact",
            "channel",
            "n_conversations",
            "status",
            "exclusion_reason",
            "language",
            "referral",
            "chatter",
            "exploitation",
            "both_onset",
            "victim_gender",
            "victim_age",
            "first_disclosure",
            "acutely_unsafe",
            "time_since",
            "duration",
            "met",
            "met_platform",
            "perpetrator",
            "perpetrator_family",
            "perpetrator_social",
            "multiple_perpetrators",
            "multiple_victims",
            "client_knew",
            "client_should_have_known",
            "coercion_sextortion",
            "coercion_other",
            "violence_psychological",
            "crime_recruitment",
            "client_ind_refusal_ignored",
        ] {
            assert!(b.column(name).is_some(), "missing column {name}");
        }
        assert_eq!(b.sets.len(), 4);
        assert_eq!(b.columns().len(), 27 + 8 + 4 + 5 + 6);
    }

    #[test]
    fn conditions_hold_as_documented() {
        let b = book();
        let met = b.variable("met").and_then(|v| v.condition.clone());
        let Some(met) = met else {
            panic!("met has a condition")
        };
        assert!(met.holds(None));
        assert!(met.holds(Some("partner")));
        assert!(!met.holds(Some("family")));
        let Some(fam) = b
            .variable("perpetrator_family")
            .and_then(|v| v.condition.clone())
        else {
            panic!("perpetrator_family has a condition")
        };
        assert!(!fam.holds(None));
        assert!(fam.holds(Some("family")));
    }

    #[test]
    fn a_broken_codebook_is_rejected_with_its_reason() {
        let text = EMBEDDED_TOML.replace(
            "condition = { variable = \"met\", in = [\"online\"] }",
            "condition = { variable = \"met\", in = [\"by_boat\"] }",
        );
        let err = Codebook::from_toml_str(&text, "x.toml").err();
        let msg = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("by_boat"), "{msg}");
    }
}
