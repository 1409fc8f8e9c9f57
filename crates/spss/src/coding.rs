//! The SPSS coding of the monitor's cases, derived from the codebook: names, labels, codes, missing values, sets.
//!
//! Every column of the codebook becomes one SPSS variable, in codebook order,
//! with the same (long) name:
//!
//! | codebook kind | SPSS variable | values | value labels |
//! |---|---|---|---|
//! | text (`case_id`) | string `A<w>`, `w` = longest value in bytes | the text | none |
//! | code | numeric `F2.0` | `1..k`: the position of the code in the codebook | the code labels |
//! | yes/no, set items | numeric `F2.0` | `1` = ja, `0` = nee | Ja, Nee |
//! | integer | numeric `F<w>.0` | the number | only the missing codes |
//! | date | numeric `SDATE10` (`yyyy/mm/dd`) | SPSS date (seconds since 1582-10-14) | none |
//!
//! Unknown (an empty cell) is a user-missing value, so that SPSS shows why a
//! value is absent: `-1` "Onbekend (niet genoemd)" where the column's
//! condition holds (or it has none), `-2` "Niet van toepassing" where its
//! codebook condition does not hold (`perpetrator_family` when `perpetrator`
//! is not `family`), and in every empty coded column of an excluded case
//! (the codebook's statistics are over included cases only: an excluded
//! case is coded no further than its status and reason, so its empty chatter
//! or age is not "unknown" but not asked). `MISSING VALUES` declares `-1`
//! (and `-2` for columns with a condition and every column coded beyond the
//! selection: all but the `[analysis]` table's status, exclusion reason,
//! year, first contact, conversations and channel). A date, and an integer whose codebook minimum is
//! negative or absent, are system-missing when unknown; a text is blank.
//!
//! Each multiple-response set becomes a multiple dichotomy set `$<name>`
//! (`MRSETS /MDGROUP`) over its item variables with counted value `1` and
//! the item labels as category labels (the items' variable labels). Labels
//! are Dutch by default, English with [`Lang::En`].

use zicht_cases::{CaseTable, MISSING, date_parts};
use zicht_codebook::{Codebook, Column, Kind, Lang};

use crate::dict::{
    DOCUMENT_LINE, Dictionary, Format, MAX_STRING_WIDTH, Measure, MrSet, Variable, Width, truncate,
};
use crate::{Cases, SpssError, Value};

/// The user-missing code of an unknown value.
pub const UNKNOWN: f64 = -1.0;
/// The user-missing code of a value whose codebook condition does not hold.
pub const NOT_APPLICABLE: f64 = -2.0;

/// Words of the export in both languages.
struct Words {
    yes: &'static str,
    no: &'static str,
    unknown: &'static str,
    not_applicable: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Nl => Words {
            yes: "Ja",
            no: "Nee",
            unknown: "Onbekend (niet genoemd)",
            not_applicable: "Niet van toepassing",
        },
        Lang::En => Words {
            yes: "Yes",
            no: "No",
            unknown: "Unknown (not mentioned)",
            not_applicable: "Not applicable",
        },
    }
}

/// How one SPSS variable gets its values from the table.
#[derive(Debug, Clone)]
enum Source {
    Text,
    Code,
    YesNo,
    Integer { user_missing: bool },
    Date,
}

/// When a conditional column is "not applicable" rather than unknown.
#[derive(Debug, Clone)]
struct Applies {
    /// Table column of the condition variable.
    column: usize,
    /// Whether the condition holds, per code index of the condition variable.
    by_code: Vec<bool>,
    /// Whether it holds when the condition variable is unknown.
    unknown: bool,
}

impl Applies {
    fn holds(&self, table: &CaseTable, row: usize) -> bool {
        let cell = table.column(self.column)[row];
        if cell == MISSING {
            return self.unknown;
        }
        usize::try_from(cell)
            .ok()
            .and_then(|i| self.by_code.get(i))
            .copied()
            .unwrap_or(self.unknown)
    }
}

#[derive(Debug, Clone)]
struct Plan {
    column: usize,
    source: Source,
    applies: Option<Applies>,
    /// Coded for included cases only: empty in an excluded case is "not applicable".
    beyond_selection: bool,
}

/// The coded cases of a table, ready for [`crate::sav::write`] and [`crate::syntax`].
#[derive(Debug, Clone)]
pub struct Export<'a> {
    pub dictionary: Dictionary,
    table: &'a CaseTable,
    plans: Vec<Plan>,
    /// The status column and the code index of "excluded".
    excluded: Option<(usize, i32)>,
}

impl<'a> Export<'a> {
    /// Builds the SPSS dictionary of the codebook for this table, with labels in `lang`.
    ///
    /// `source_name` names the cases file in the documents and in errors.
    pub fn new(
        book: &Codebook,
        table: &'a CaseTable,
        lang: Lang,
        source_name: &str,
    ) -> Result<Export<'a>, SpssError> {
        let w = words(lang);
        let columns = book.columns();
        let id_col = table.index("case_id");
        let mut variables = Vec::with_capacity(columns.len());
        let mut plans = Vec::with_capacity(columns.len());
        let a = &book.analysis;
        let excluded = table.index(&a.status).zip(
            book.variable(&a.status)
                .and_then(|v| v.codes.iter().position(|code| code.code == a.excluded))
                .and_then(|i| i32::try_from(i).ok()),
        );
        let selection = [
            &a.status,
            &a.exclusion_reason,
            &a.year,
            &a.first_contact,
            &a.conversations,
            &a.channel,
        ];
        for (col, c) in columns.iter().enumerate() {
            let beyond_selection =
                excluded.is_some() && !selection.iter().any(|name| **name == c.name());
            if table.names().get(col) != Some(&c.name()) {
                return Err(SpssError::Dictionary {
                    name: c.name(),
                    message: "the cases table was not read with this codebook".to_string(),
                });
            }
            let applies = c.condition().and_then(|cond| {
                let var = book.variable(&cond.variable)?;
                Some(Applies {
                    column: table.index(&cond.variable)?,
                    by_code: var
                        .codes
                        .iter()
                        .map(|code| cond.holds(Some(&code.code)))
                        .collect(),
                    unknown: cond.holds(None),
                })
            });
            let (label, min, max) = match c {
                Column::Variable(v) => (v.label.get(lang).to_string(), v.min, v.max),
                Column::Item(_, item) => (item.label(lang).to_string(), Some(0), Some(1)),
            };
            let missing_codes = |conditional: bool| {
                let mut values = vec![UNKNOWN];
                let mut labels = vec![(UNKNOWN, w.unknown.to_string())];
                if conditional {
                    values.insert(0, NOT_APPLICABLE);
                    labels.push((NOT_APPLICABLE, w.not_applicable.to_string()));
                }
                (values, labels)
            };
            let numeric = |format: Format, measure: Measure| Variable {
                name: c.name(),
                width: Width::Numeric,
                format,
                label: Some(label.clone()),
                value_labels: Vec::new(),
                missing: Vec::new(),
                measure,
                display_width: 8,
            };
            let (variable, source) = match c.kind() {
                Kind::Text => {
                    let width = text_width(table, col, id_col, source_name, &c.name())?;
                    (
                        Variable {
                            name: c.name(),
                            width: Width::String(width),
                            format: Format::a(width as u8),
                            label: Some(label.clone()),
                            value_labels: Vec::new(),
                            missing: Vec::new(),
                            measure: Measure::Nominal,
                            display_width: width.min(40) as u32,
                        },
                        Source::Text,
                    )
                }
                Kind::Code => {
                    let codes = match c {
                        Column::Variable(v) => v.codes.as_slice(),
                        Column::Item(..) => &[],
                    };
                    let mut v = numeric(
                        Format::f(digits(codes.len() as i64).max(2), 0),
                        Measure::Nominal,
                    );
                    let (missing, missing_labels) =
                        missing_codes(applies.is_some() || beyond_selection);
                    v.value_labels = codes
                        .iter()
                        .enumerate()
                        .map(|(i, code)| ((i + 1) as f64, code.label(lang).to_string()))
                        .chain(missing_labels)
                        .collect();
                    v.missing = missing;
                    (v, Source::Code)
                }
                Kind::YesNo => {
                    let mut v = numeric(Format::f(2, 0), Measure::Nominal);
                    let (missing, missing_labels) =
                        missing_codes(applies.is_some() || beyond_selection);
                    v.value_labels = [(1.0, w.yes.to_string()), (0.0, w.no.to_string())]
                        .into_iter()
                        .chain(missing_labels)
                        .collect();
                    v.missing = missing;
                    (v, Source::YesNo)
                }
                Kind::Integer => {
                    let user_missing = min.is_some_and(|m| m >= 0);
                    let width = match (min, max) {
                        (Some(lo), Some(hi)) => digits(lo).max(digits(hi)),
                        _ => 8,
                    };
                    let width = if user_missing { width.max(2) } else { width };
                    let mut v = numeric(Format::f(width, 0), Measure::Scale);
                    if user_missing {
                        let (missing, missing_labels) =
                            missing_codes(applies.is_some() || beyond_selection);
                        v.value_labels = missing_labels;
                        v.missing = missing;
                    }
                    (v, Source::Integer { user_missing })
                }
                Kind::Date => (numeric(Format::sdate(), Measure::Scale), Source::Date),
            };
            variables.push(variable);
            plans.push(Plan {
                column: col,
                source,
                applies,
                beyond_selection,
            });
        }
        let mrsets = book
            .sets
            .iter()
            .map(|set| MrSet {
                name: format!("${}", set.name),
                label: set.label.get(lang).to_string(),
                counted: 1,
                variables: set
                    .items
                    .iter()
                    .filter_map(|item| variables.iter().position(|v| v.name == set.column(item)))
                    .collect(),
            })
            .collect();
        let dictionary = Dictionary {
            variables,
            mrsets,
            file_label: truncate(book.title.get(lang), crate::dict::MAX_FILE_LABEL).to_string(),
            documents: documents(book, lang, source_name),
        };
        dictionary.check()?;
        Ok(Export {
            dictionary,
            table,
            plans,
            excluded,
        })
    }
}

/// Decimal digits of `x`, with its sign.
fn digits(x: i64) -> u8 {
    x.to_string().len().min(40) as u8
}

/// The width of a text column: its longest value in bytes, at least 1.
fn text_width(
    table: &CaseTable,
    col: usize,
    id_col: Option<usize>,
    source_name: &str,
    name: &str,
) -> Result<usize, SpssError> {
    let mut width = 1;
    for row in 0..table.len() {
        let len = table.text(col, row).map_or(0, str::len);
        if len > MAX_STRING_WIDTH {
            return Err(SpssError::Data {
                source_name: source_name.to_string(),
                case: row + 1,
                case_id: id_col
                    .and_then(|c| table.text(c, row))
                    .map(|t| truncate(t, 40).to_string())
                    .unwrap_or_default(),
                column: name.to_string(),
                message: format!(
                    "{len} bytes; SPSS string variables written here hold at most {MAX_STRING_WIDTH}"
                ),
            });
        }
        width = width.max(len);
    }
    Ok(width)
}

/// The notes stored with the file (`DISPLAY DOCUMENTS`): where it came from and the coding.
fn documents(book: &Codebook, lang: Lang, source_name: &str) -> Vec<String> {
    let version = env!("CARGO_PKG_VERSION");
    let lines = match lang {
        Lang::Nl => vec![
            format!("Gemaakt door zicht {version} uit {source_name}."),
            format!("Codeboek: {} {}.", book.name, book.version),
            "Codes: 1 t/m k in de volgorde van het codeboek; ja = 1, nee = 0.".to_string(),
            "Onbekend (lege cel) = -1, niet van toepassing = -2: user-missing.".to_string(),
            "Een geëxcludeerde casus: elke lege codering = -2 (alleen status en reden)."
                .to_string(),
            "Datums in SDATE10 (jjjj/mm/dd); een onbekende datum is system-missing.".to_string(),
            "Meervoudige antwoorden: sets $naam, dichotomieën met getelde waarde 1.".to_string(),
        ],
        Lang::En => vec![
            format!("Made by zicht {version} from {source_name}."),
            format!("Codebook: {} {}.", book.name, book.version),
            "Codes: 1 to k in codebook order; yes = 1, no = 0.".to_string(),
            "Unknown (empty cell) = -1, not applicable = -2: user-missing.".to_string(),
            "An excluded case: every empty coding = -2 (only status and reason).".to_string(),
            "Dates in SDATE10 (yyyy/mm/dd); an unknown date is system-missing.".to_string(),
            "Multiple response: sets $name, dichotomies with counted value 1.".to_string(),
        ],
    };
    lines
        .into_iter()
        .map(|l| truncate(&l, DOCUMENT_LINE).to_string())
        .collect()
}

impl Cases for Export<'_> {
    fn len(&self) -> usize {
        self.table.len()
    }

    fn value(&self, case: usize, var: usize) -> Value<'_> {
        let Some(plan) = self.plans.get(var) else {
            return Value::SysMis;
        };
        let cell = self.table.column(plan.column)[case];
        if cell == MISSING {
            let missing_code = || {
                let excluded_case = plan.beyond_selection
                    && self
                        .excluded
                        .is_some_and(|(col, code)| self.table.column(col)[case] == code);
                if excluded_case
                    || plan
                        .applies
                        .as_ref()
                        .is_some_and(|a| !a.holds(self.table, case))
                {
                    Value::Number(NOT_APPLICABLE)
                } else {
                    Value::Number(UNKNOWN)
                }
            };
            return match plan.source {
                Source::Text => Value::Text(""),
                Source::Date
                | Source::Integer {
                    user_missing: false,
                } => Value::SysMis,
                Source::Code | Source::YesNo | Source::Integer { user_missing: true } => {
                    missing_code()
                }
            };
        }
        match plan.source {
            Source::Text => Value::Text(self.table.text(plan.column, case).unwrap_or("")),
            Source::Code => Value::Number(f64::from(cell) + 1.0),
            Source::YesNo | Source::Integer { .. } => Value::Number(f64::from(cell)),
            Source::Date => {
                let (y, m, d) = date_parts(cell);
                Value::Number(crate::date::spss_date(y, m, d))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const CSV: &str = "case_id,year,first_contact,status,exclusion_reason,perpetrator,perpetrator_family,victim_age,coercion_violence\n\
        zoë-1,2022,2022-03-14,included,,family,mother,15,1\n\
        b2,2022,2022-12-31,included,,partner,,,\n\
        c3,2021,2021-01-02,excluded,other,,,,\n";

    fn export_of<'a>(book: &Codebook, table: &'a CaseTable, lang: Lang) -> Export<'a> {
        Export::new(book, table, lang, "t.csv").unwrap()
    }

    #[test]
    fn codes_missing_values_and_labels_follow_the_documented_coding() {
        let book = Codebook::embedded().unwrap();
        let table = zicht_cases::read_reader(CSV.as_bytes(), "t.csv", &book).unwrap();
        let e = export_of(&book, &table, Lang::Nl);
        let d = &e.dictionary;
        let at = |name: &str| d.index(name).unwrap();
        let num = |case, name| e.value(case, at(name));

        assert_eq!(d.variables.len(), book.columns().len());
        assert_eq!(d.variables[at("case_id")].width, Width::String(6)); // "zoë-1" is 6 bytes
        assert_eq!(num(0, "case_id"), Value::Text("zoë-1"));
        // status: included is the first code, excluded the second.
        assert_eq!(num(0, "status"), Value::Number(1.0));
        assert_eq!(num(2, "status"), Value::Number(2.0));
        // perpetrator_family: known, not applicable (partner), and unknown condition.
        assert_eq!(num(0, "perpetrator_family"), Value::Number(2.0));
        assert_eq!(num(1, "perpetrator_family"), Value::Number(NOT_APPLICABLE));
        assert_eq!(num(2, "perpetrator_family"), Value::Number(NOT_APPLICABLE));
        // exclusion_reason applies only to excluded cases.
        assert_eq!(num(0, "exclusion_reason"), Value::Number(NOT_APPLICABLE));
        assert_eq!(num(2, "exclusion_reason"), Value::Number(4.0));
        // victim_age has min 0: unknown is -1 in an included case; in an
        // excluded case it is not applicable (coded no further than the
        // status and reason), so -2 is declared too.
        assert_eq!(num(1, "victim_age"), Value::Number(UNKNOWN));
        assert_eq!(num(2, "victim_age"), Value::Number(NOT_APPLICABLE));
        assert_eq!(
            d.variables[at("victim_age")].missing,
            vec![NOT_APPLICABLE, UNKNOWN]
        );
        // The excluded case's chatter and set items: not applicable; its
        // status and reason are what it is coded with.
        assert_eq!(num(2, "chatter"), Value::Number(NOT_APPLICABLE));
        assert_eq!(num(2, "coercion_violence"), Value::Number(NOT_APPLICABLE));
        assert_eq!(d.variables[at("status")].missing, vec![UNKNOWN]);
        assert_eq!(
            d.variables[at("perpetrator_family")].missing,
            vec![NOT_APPLICABLE, UNKNOWN]
        );
        // A set item without condition: 1, or unknown.
        assert_eq!(num(0, "coercion_violence"), Value::Number(1.0));
        assert_eq!(num(1, "coercion_violence"), Value::Number(UNKNOWN));
        // The date.
        assert_eq!(
            num(0, "first_contact"),
            Value::Number(crate::date::spss_date(2022, 3, 14))
        );

        let status = &d.variables[at("status")];
        assert_eq!(status.label.as_deref(), Some("Status"));
        assert_eq!(status.value_labels[0], (1.0, "Geïncludeerd".to_string()));
        let yes_no = &d.variables[at("coercion_violence")].value_labels;
        assert_eq!(yes_no[0], (1.0, "Ja".to_string()));
        assert_eq!(yes_no[1], (0.0, "Nee".to_string()));
        assert_eq!(yes_no[2], (UNKNOWN, "Onbekend (niet genoemd)".to_string()));

        let coercion = d.mrsets.iter().find(|s| s.name == "$coercion").unwrap();
        assert_eq!(coercion.label, "Dwangmiddelen");
        assert_eq!(coercion.counted, 1);
        assert_eq!(
            coercion.variables.len(),
            book.set("coercion").unwrap().items.len()
        );
        assert_eq!(
            d.variables[coercion.variables[0]].name,
            "coercion_sextortion"
        );
        assert_eq!(d.mrsets.len(), book.sets.len());
    }

    #[test]
    fn english_labels() {
        let book = Codebook::embedded().unwrap();
        let table = zicht_cases::read_reader(CSV.as_bytes(), "t.csv", &book).unwrap();
        let e = export_of(&book, &table, Lang::En);
        let status = &e.dictionary.variables[e.dictionary.index("status").unwrap()];
        assert_eq!(status.value_labels[0].1, "Included");
        assert!(e.dictionary.documents[0].starts_with("Made by zicht"));
    }

    #[test]
    fn too_long_text_is_an_error_naming_the_case() {
        let book = Codebook::embedded().unwrap();
        // 150 characters (the reader allows 200) but 300 bytes of UTF-8.
        let long = "é".repeat(150);
        let csv = format!("case_id,year,first_contact,status\n{long},2022,2022-01-01,included\n");
        let table = zicht_cases::read_reader(csv.as_bytes(), "t.csv", &book).unwrap();
        let err = Export::new(&book, &table, Lang::Nl, "t.csv").unwrap_err();
        assert!(err.to_string().starts_with("t.csv: case 1 ("), "{err}");
        assert!(
            err.to_string().contains("column `case_id`: 300 bytes"),
            "{err}"
        );
    }
}
