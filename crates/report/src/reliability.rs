//! The reliability of the coding in the method chapter: per codebook variable n, percent agreement, Cohen's kappa and Krippendorff's alpha of two coders, with a summary against Krippendorff's thresholds.
//!
//! The numbers are computed elsewhere (`zicht_research::agreement`, filled in by
//! the binary); this crate only receives them as plain [`Reliability`] rows, so
//! the report does not depend on the research workspace.

use zicht_codebook::Lang;

use crate::build::Ctx;
use crate::model::{Block, Table};
use crate::text::{join_and, rich};

/// Krippendorff's threshold for reliable data (alpha >= 0.800).
pub const ALPHA_RELIABLE: f64 = 0.8;
/// Krippendorff's lowest threshold for tentative conclusions (alpha >= 0.667).
pub const ALPHA_TENTATIVE: f64 = 0.667;

/// The metric behind a row's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Codes and yes/no: nominal alpha, with percent agreement and kappa.
    Nominal,
    /// A number such as age: alpha with the interval metric.
    Interval,
    /// A multiple-response set: alpha with the MASI distance.
    Masi,
}

/// The agreement of two coders on one codebook variable or set.
#[derive(Debug, Clone, PartialEq)]
pub struct ReliabilityRow {
    /// The codebook name of the variable or set (the label comes from the codebook).
    pub name: String,
    pub metric: Metric,
    /// Cases both coders coded.
    pub n: usize,
    /// Share of cases with the same code (0..1); `None` when undefined.
    pub agreement: Option<f64>,
    pub kappa: Option<f64>,
    pub alpha: Option<f64>,
}

/// The double coding of a sample of cases: how many, and one row per variable and set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reliability {
    /// Cases coded by both coders.
    pub cases: usize,
    /// In codebook order: variables first, then sets.
    pub rows: Vec<ReliabilityRow>,
}

/// A coefficient with three decimals (so that 0,667 and 0,800 can be read), decimal comma in Dutch.
pub fn coefficient(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "\u{2013}".to_string(),
        Some(x) => {
            let s = format!("{x:.3}");
            match lang {
                Lang::Nl => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

/// A coefficient as printed (three decimals), so that the summary agrees with the table.
fn shown(x: Option<f64>) -> Option<f64> {
    x.map(|a| (a * 1000.0).round() / 1000.0)
}

fn percent(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "\u{2013}".to_string(),
        Some(x) => {
            let s = format!("{:.1}%", x * 100.0);
            match lang {
                Lang::Nl => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

impl Ctx<'_> {
    /// The reliability part of the method chapter: heading, explanation, table, summary.
    pub(crate) fn reliability(&self, r: &Reliability) -> Vec<Block> {
        let lang = self.lang;
        let number = self.next_table();
        let named = number.trim_end_matches('.').to_string();
        let mut blocks = vec![Block::Heading(
            self.t(
                "Betrouwbaarheid van de codering",
                "Reliability of the coding",
            )
            .to_string(),
        )];
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "Om de betrouwbaarheid van de codering te toetsen zijn **{} casussen** door twee codeurs onafhankelijk van elkaar gecodeerd. {named} geeft per variabele van het codeboek het aantal casussen dat beide codeurs codeerden (n), het percentage overeenstemming, Cohens kappa en Krippendorffs alfa. Alfa is nominaal berekend; voor leeftijd met de intervalmaat (een klein verschil in leeftijd weegt minder zwaar dan een groot) en voor de variabelen met meerdere antwoorden met de MASI-afstand (gedeeltelijke overeenstemming telt mee). Krippendorff beschouwt een alfa van ten minste 0,800 als betrouwbaar; een alfa tussen 0,667 en 0,800 is alleen voldoende voor voorzichtige conclusies, en daaronder is de codering niet betrouwbaar.",
                self.count(r.cases as u64)
            ),
            Lang::En => format!(
                "To test the reliability of the coding, **{} cases** were coded independently by two coders. {named} gives for each codebook variable the number of cases both coders coded (n), the percentage of agreement, Cohen's kappa and Krippendorff's alpha. Alpha is nominal; for age it uses the interval metric (a small difference in age weighs less than a large one) and for the multiple-response variables the MASI distance (partial agreement counts). Krippendorff regards an alpha of at least 0.800 as reliable; an alpha between 0.667 and 0.800 only allows tentative conclusions, and below that the coding is not reliable.",
                self.count(r.cases as u64)
            ),
        })));
        let label = |row: &ReliabilityRow| self.vlabel(&row.name);
        let below: Vec<String> = r
            .rows
            .iter()
            .filter(|x| shown(x.alpha).is_some_and(|a| a < ALPHA_TENTATIVE))
            .map(|x| {
                format!(
                    "{} ({})",
                    lower_first(&label(x)),
                    coefficient(x.alpha, lang)
                )
            })
            .collect();
        let tentative: Vec<String> = r
            .rows
            .iter()
            .filter(|x| {
                shown(x.alpha).is_some_and(|a| (ALPHA_TENTATIVE..ALPHA_RELIABLE).contains(&a))
            })
            .map(|x| {
                format!(
                    "{} ({})",
                    lower_first(&label(x)),
                    coefficient(x.alpha, lang)
                )
            })
            .collect();
        let reliable = r
            .rows
            .iter()
            .filter(|x| shown(x.alpha).is_some_and(|a| a >= ALPHA_RELIABLE))
            .count();
        let undefined = r.rows.iter().filter(|x| x.alpha.is_none()).count();
        let mut text = match lang {
            Lang::Nl => format!(
                "Van de {} variabelen haalden er {} een alfa van ten minste 0,800.",
                r.rows.len(),
                reliable
            ),
            Lang::En => format!(
                "Of the {} variables, {} reached an alpha of at least 0.800.",
                r.rows.len(),
                reliable
            ),
        };
        if !tentative.is_empty() {
            text += &match lang {
                Lang::Nl => format!(
                    " Tussen 0,667 en 0,800, en dus alleen geschikt voor voorzichtige conclusies: {}.",
                    join_and(&tentative, lang)
                ),
                Lang::En => format!(
                    " Between 0.667 and 0.800, and so only fit for tentative conclusions: {}.",
                    join_and(&tentative, lang)
                ),
            };
        }
        if below.is_empty() {
            text += self.t(
                " Geen enkele variabele bleef onder 0,667.",
                " No variable stayed below 0.667.",
            );
        } else {
            text += &match lang {
                Lang::Nl => format!(
                    " **Onder 0,667**, en dus niet betrouwbaar gecodeerd: {}. Uitkomsten op {} moeten met de nodige voorzichtigheid worden gelezen.",
                    join_and(&below, lang),
                    if below.len() == 1 {
                        "deze variabele"
                    } else {
                        "deze variabelen"
                    }
                ),
                Lang::En => format!(
                    " **Below 0.667**, and so not reliably coded: {}. Results on {} must be read with caution.",
                    join_and(&below, lang),
                    if below.len() == 1 {
                        "this variable"
                    } else {
                        "these variables"
                    }
                ),
            };
        }
        if undefined > 0 {
            text += &match lang {
                Lang::Nl => format!(
                    " Bij {undefined} {} is alfa niet te berekenen, omdat beide codeurs steeds dezelfde ene categorie kozen of er te weinig casussen waren.",
                    if undefined == 1 {
                        "variabele"
                    } else {
                        "variabelen"
                    }
                ),
                Lang::En => format!(
                    " For {undefined} {} alpha cannot be computed, because both coders always chose the same single category or there were too few cases.",
                    if undefined == 1 {
                        "variable"
                    } else {
                        "variables"
                    }
                ),
            };
        }
        blocks.push(Block::Paragraph(rich(&text)));
        let rows = r
            .rows
            .iter()
            .map(|x| {
                let metric = match (x.metric, lang) {
                    (Metric::Nominal, Lang::Nl) => "nominaal",
                    (Metric::Nominal, Lang::En) => "nominal",
                    (Metric::Interval, _) => "interval",
                    (Metric::Masi, _) => "MASI",
                };
                vec![
                    label(x),
                    self.count(x.n as u64),
                    percent(x.agreement, lang),
                    coefficient(x.kappa, lang),
                    coefficient(x.alpha, lang),
                    metric.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{number} {} (n = {})",
                self.t(
                    "Betrouwbaarheid van de codering: twee codeurs",
                    "Reliability of the coding: two coders"
                ),
                self.count(r.cases as u64)
            ),
            head: vec![
                self.t("Variabele", "Variable").to_string(),
                "n".to_string(),
                self.t("% overeenstemming", "% agreement").to_string(),
                "kappa".to_string(),
                self.t("alfa", "alpha").to_string(),
                self.t("maat", "metric").to_string(),
            ],
            rows,
            numeric: true,
        }));
        blocks
    }
}

/// Lower-cases the first letter of a label for use inside a sentence, unless it is an abbreviation.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_show_three_decimals_in_the_language() {
        assert_eq!(coefficient(Some(0.6666), Lang::Nl), "0,667");
        assert_eq!(coefficient(Some(0.8), Lang::En), "0.800");
        assert_eq!(coefficient(None, Lang::Nl), "\u{2013}");
        assert_eq!(percent(Some(0.913), Lang::Nl), "91,3%");
    }
}
