//! The chapter on the size of the hidden population: the multiple systems estimate (observed, estimated, interval, model) and its assumptions and caveats in plain words.
//!
//! The estimate itself is computed by `zicht_estimate`; this module only turns
//! an [`EstimateResult`] into sentences, a table and a figure.

use zicht_codebook::Lang;
use zicht_estimate::{
    Comparison, CovariateEstimate, Estimate, EstimateResult, StratumEstimate, format_number,
    interval_problem_text, interval_words, method_label, rejected_words, spread_is_not_an_interval,
    spread_meaning, unconverged_words,
};
use zicht_stats::{fmt_dec, fmt_pct};

use crate::build::Ctx;
use crate::model::{Block, Chapter, Chart, ChartSeries, Interval, Orientation, Table};
use crate::text::{cap, join_and, rich};

/// The estimate shown in the report, with the name of the histories file it came from.
#[derive(Debug, Clone)]
pub struct Population {
    /// The file name shown in the text (e.g. `histories.csv`).
    pub source: String,
    pub result: EstimateResult,
    /// The method was chosen for this report (`--select` or `--model` given); otherwise it
    /// is zicht's default, stepwise selection, and the text says so.
    pub chosen: bool,
}

/// An interval is called wide when it spans more than this share of the estimate.
const WIDE: f64 = 0.5;

fn whole(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        x.round() as u64
    } else {
        0
    }
}

impl Ctx<'_> {
    fn pop_count(&self, x: f64) -> String {
        self.count(whole(x))
    }

    /// "95%-interval" / "95% interval".
    fn level_name(&self, e: &Estimate) -> String {
        let pct = format_number(e.level * 100.0, 0, self.lang);
        match self.lang {
            Lang::Nl => format!("{pct}%-interval"),
            Lang::En => format!("{pct}% interval"),
        }
    }

    fn interval_text(&self, e: &Estimate) -> String {
        match e.ci {
            [Some(lo), Some(hi)] => {
                format!("{} \u{2013} {}", self.pop_count(lo), self.pop_count(hi))
            }
            [Some(lo), None] => format!("{} \u{2013} \u{221e}", self.pop_count(lo)),
            _ if e.ci_problem.is_some() => self
                .t("niet te berekenen", "cannot be computed")
                .to_string(),
            _ => "\u{2013}".to_string(),
        }
    }

    /// "A, B en C".
    fn lists_text(&self, lists: &[String]) -> String {
        let names: Vec<String> = lists.iter().map(|l| self.list_name(l)).collect();
        join_and(&names, self.lang)
    }

    /// A registration's name for the reader: in English the usual Dutch register names
    /// are translated (the names of organisations, such as CoMensha, stay).
    fn list_name(&self, l: &str) -> String {
        match (self.lang, l.to_lowercase().as_str()) {
            (Lang::En, "politie") => "police".to_string(),
            (Lang::En, "zorg") => "care".to_string(),
            (Lang::En, "hulpverlening") => "support services".to_string(),
            (Lang::En, "gemeente") => "municipality".to_string(),
            (Lang::En, "opvang") => "shelter".to_string(),
            _ => l.to_string(),
        }
    }

    /// A characteristic's (covariate column's) name for the reader: in English the usual
    /// Dutch names (those of the WODC breakdown and the demo) are translated (finding 11).
    fn covariate_name(&self, c: &str) -> String {
        match (self.lang, c.to_lowercase().as_str()) {
            (Lang::En, "uitbuiting") => "exploitation".to_string(),
            (Lang::En, "geslacht") => "sex".to_string(),
            (Lang::En, "leeftijd") => "age".to_string(),
            (Lang::En, "herkomst") => "origin".to_string(),
            (Lang::En, "jaar") => "year".to_string(),
            _ => c.to_string(),
        }
    }

    /// A characteristic's value for the reader, translated in English as its name is.
    fn covariate_value(&self, v: &str) -> String {
        match (self.lang, v.to_lowercase().as_str()) {
            (Lang::En, "seksueel") => "sexual".to_string(),
            (Lang::En, "arbeid") => "labour".to_string(),
            (Lang::En, "crimineel") => "criminal".to_string(),
            (Lang::En, "overig") => "other".to_string(),
            (Lang::En, "vrouw") => "woman".to_string(),
            (Lang::En, "man") => "man".to_string(),
            (Lang::En, "minderjarig") => "minor".to_string(),
            (Lang::En, "meerderjarig") => "adult".to_string(),
            (Lang::En, "onbekend") => "unknown".to_string(),
            _ => v.to_string(),
        }
    }

    /// The interactions of the chosen model as "A en B", "C, D en E".
    fn interactions(&self, e: &Estimate) -> Vec<String> {
        e.fit
            .model_spec
            .generators()
            .iter()
            .map(|&t| {
                let names: Vec<String> = e
                    .lists
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| t >> i & 1 == 1)
                    .map(|(_, l)| self.list_name(l))
                    .collect();
                join_and(&names, self.lang)
            })
            .collect()
    }

    /// A model in words: "samenhang tussen politie en CoMensha" for `[politie,CoMensha][zorg][chat]`,
    /// "geen samenhang" for the independence model; any other notation as it is.
    fn model_words(&self, model: &str) -> String {
        let mut groups = Vec::new();
        let mut rest = model.trim();
        while let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return model.to_string();
            };
            groups.push(
                r[..end]
                    .split(',')
                    .map(|l| self.list_name(l))
                    .collect::<Vec<_>>(),
            );
            rest = r[end + 1..].trim_start();
        }
        if !rest.is_empty() || groups.is_empty() {
            return model.to_string();
        }
        let pairs: Vec<String> = groups
            .iter()
            .filter(|g| g.len() > 1)
            .map(|g| join_and(g, self.lang))
            .collect();
        if pairs.is_empty() {
            self.t("geen samenhang", "no dependence").to_string()
        } else {
            format!(
                "{} {}",
                self.t("samenhang tussen", "dependence between"),
                pairs.join("; ")
            )
        }
    }

    /// The statistical terms of this chapter, one plain sentence each, for a reader who
    /// is not a statistician.
    fn glossary(&self) -> Vec<crate::model::Rich> {
        let items: [(&str, &str); 15] = match self.lang {
            Lang::Nl => [
                (
                    "Log-lineair model",
                    "een rekenmodel dat beschrijft hoe vaak elke combinatie van registraties voorkomt, en daaruit afleidt hoeveel personen op geen enkele registratie staan.",
                ),
                (
                    "BIC",
                    "een maat die de modellen vergelijkt: hij beloont een model dat de gegevens goed beschrijft en bestraft een model met veel onderdelen; het model met de laagste BIC wordt gekozen.",
                ),
                (
                    "95%-interval",
                    "de marge waarbinnen het werkelijke aantal met grote waarschijnlijkheid ligt, als de aannames kloppen; bij herhaling van het onderzoek zou zo'n marge 95 van de 100 keer het werkelijke aantal bevatten. Bij de Bayesiaanse methoden (drempeling, middeling over grafische modellen, latente klassen) is het een posteriorinterval: het aantal ligt er met 95% waarschijnlijkheid in, gegeven het model, de voorafgaande aannames en de gegevens.",
                ),
                (
                    "p-waarde",
                    "de kans om zo'n grote afwijking te zien als er in werkelijkheid niets aan de hand is; \"p < 0,02\" betekent dat die kans kleiner is dan 2 op de 100, en dan wordt de samenhang meegenomen.",
                ),
                (
                    "Registratie (lijst)",
                    "een bestand van één organisatie met de personen die zij heeft gezien; in de rekenmethode heet zo'n bestand een lijst.",
                ),
                (
                    "Bootstrap",
                    "de berekening wordt honderden keren herhaald op gegevens die door toeval licht verschillen, en de spreiding van die uitkomsten geeft het interval.",
                ),
                (
                    "Profiel-likelihood",
                    "een manier om het interval direct uit het model te halen: alle aantallen die de gegevens nog redelijk verklaren vallen erbinnen.",
                ),
                (
                    "Posterior",
                    "in een Bayesiaanse methode de verdeling van mogelijke uitkomsten na het zien van de gegevens; het interval bevat het middelste deel ervan.",
                ),
                (
                    "R-hat",
                    "een controle of meerdere onafhankelijke rekenketens op dezelfde uitkomst uitkomen; 1 betekent volledige overeenstemming. Een uitkomst telt pas mee bij R-hat onder 1,05 en een effectieve steekproef van minstens 400; anders zijn de ketens nog niet gestabiliseerd en is de uitkomst niet betrouwbaar.",
                ),
                (
                    "Rekenketen",
                    "een Bayesiaanse methode rekent de uitkomst uit met een lange reeks toevalsstappen, een keten; elke stap hangt af van de vorige. Meerdere ketens vanuit verschillende beginpunten laten zien of de uitkomst vastligt.",
                ),
                (
                    "Opwarmstappen",
                    "de eerste stappen van een rekenketen, die nog afhangen van het willekeurige beginpunt; ze worden weggegooid en tellen niet mee in de uitkomst.",
                ),
                (
                    "Effectieve steekproef",
                    "hoeveel onafhankelijke uitkomsten de bewaarde stappen van de ketens samen waard zijn (opeenvolgende stappen lijken op elkaar, dus het zijn er minder dan er bewaard zijn); onder 400 ligt de uitkomst nog niet vast.",
                ),
                (
                    "Latente klassen",
                    "verborgen groepen personen die elk op hun eigen manier vindbaar zijn; zo houdt het model rekening met verschillen in vindbaarheid, maar alleen voor zover die in de overlap tussen de registraties te zien zijn.",
                ),
                (
                    "Grafische modellen",
                    "modellen die als een netwerk tekenen welke registraties met elkaar samenhangen; de middeling weegt alle netwerken naar hoe goed ze bij de gegevens passen.",
                ),
                (
                    "Bayesiaanse drempeling",
                    "een methode die elke samenhang tussen registraties alleen opneemt als die duidelijk groter is dan de onzekerheid erover.",
                ),
            ],
            Lang::En => [
                (
                    "Log-linear model",
                    "a model that describes how often each combination of registrations occurs, and derives from it how many persons are on no registration.",
                ),
                (
                    "BIC",
                    "a measure that compares models: it rewards a model that describes the data well and penalises one with many parts; the model with the lowest BIC is chosen.",
                ),
                (
                    "95% interval",
                    "the margin within which the true number lies with high probability, if the assumptions hold; were the study repeated, such a margin would hold the true number 95 times out of 100. For the Bayesian methods (thresholding, averaging over graphical models, latent classes) it is a posterior interval: the number lies in it with 95% probability, given the model, the prior assumptions and the data.",
                ),
                (
                    "p-value",
                    "the chance of seeing so large a deviation when in reality nothing is going on; \"p < 0.02\" means that chance is below 2 in 100, and then the dependence is taken into account.",
                ),
                (
                    "Registration (list)",
                    "the file of one organisation with the persons it has seen; in the method such a file is called a list.",
                ),
                (
                    "Bootstrap",
                    "the computation is repeated hundreds of times on data that differ slightly by chance, and the spread of those results gives the interval.",
                ),
                (
                    "Profile likelihood",
                    "a way to take the interval from the model itself: every number that still explains the data reasonably lies within it.",
                ),
                (
                    "Posterior",
                    "in a Bayesian method, the distribution of possible results after seeing the data; the interval holds its middle part.",
                ),
                (
                    "R-hat",
                    "a check whether several independent computing chains arrive at the same result; 1 means full agreement. A result counts only with R-hat below 1.05 and an effective sample size of at least 400; otherwise the chains have not settled and the result is not to be trusted.",
                ),
                (
                    "Computing chain",
                    "a Bayesian method computes its result by a long series of random steps, a chain; each step depends on the one before. Several chains from different starting points show whether the result is settled.",
                ),
                (
                    "Warm-up steps",
                    "the first steps of a chain, which still depend on its arbitrary starting point; they are discarded and do not count in the result.",
                ),
                (
                    "Effective sample size",
                    "how many independent results the kept steps of the chains are worth together (consecutive steps resemble each other, so it is fewer than were kept); below 400 the result is not settled.",
                ),
                (
                    "Latent classes",
                    "hidden groups of persons who are each findable in their own way; this lets the model allow for differences in findability, but only as far as they show in the overlap between the registrations.",
                ),
                (
                    "Graphical models",
                    "models that draw as a network which registrations depend on each other; the averaging weighs every network by how well it fits the data.",
                ),
                (
                    "Bayesian thresholding",
                    "a method that includes a dependence between registrations only when it is clearly larger than the uncertainty about it.",
                ),
            ],
        };
        items
            .iter()
            .map(|(term, what)| rich(&format!("**{term}**: {what}")))
            .collect()
    }

    /// A method's model in words; LCMCR's "10 latent classes" in the reader's language.
    fn method_model_words(&self, model: &str) -> String {
        match model
            .strip_suffix(" latent classes")
            .map(|n| n.trim_start_matches("at most "))
        {
            Some(n) => match self.lang {
                Lang::Nl => format!(
                    "ten hoogste {n} latente klassen (het rekenmodel bepaalt zelf hoeveel nodig zijn)"
                ),
                Lang::En => format!(
                    "at most {n} latent classes (the model itself decides how many are needed)"
                ),
            },
            None => self.model_words(model),
        }
    }

    /// "De schattingen lopen uiteen van 1.392 bij … tot 3.508 bij …": the spread of the
    /// methods in the report's number style, without nested brackets.
    fn spread_sentence(&self, c: &Comparison) -> Option<String> {
        let [lo, hi] = c.spread?;
        let lang = self.lang;
        let name = |v: f64| {
            c.methods
                .iter()
                .filter(|m| m.credible() && m.estimate == Some(v))
                .map(|m| reader_label(&m.method, lang))
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::Nl => " en ",
                    Lang::En => " and ",
                })
        };
        let ratio = if lo > 0.0 { hi / lo } else { f64::INFINITY };
        let left_out: Vec<&str> = c
            .methods
            .iter()
            .filter(|m| m.estimate.is_some() && !m.credible())
            .map(|m| reader_label(&m.method, lang))
            .collect();
        let left_out = if left_out.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = left_out.iter().map(|s| s.to_string()).collect();
            match lang {
                Lang::Nl => format!(
                    " Niet meegeteld: {} (zie de noten bij de tabel).",
                    join_and(&names, lang)
                ),
                Lang::En => format!(
                    " Not counted: {} (see the notes to the table).",
                    join_and(&names, lang)
                ),
            }
        };
        Some(match lang {
            Lang::Nl => format!(
                "De bruikbare schattingen lopen uiteen van {} ({}) tot {} ({}); de hoogste is {} keer de laagste.{left_out} {} {}",
                self.pop_count(lo),
                name(lo),
                self.pop_count(hi),
                name(hi),
                format_number(ratio, 2, lang),
                spread_meaning(ratio, lang),
                spread_is_not_an_interval(lang)
            ),
            Lang::En => format!(
                "The usable estimates range from {} ({}) to {} ({}); the highest is {} times the lowest.{left_out} {} {}",
                self.pop_count(lo),
                name(lo),
                self.pop_count(hi),
                name(hi),
                format_number(ratio, 2, lang),
                spread_meaning(ratio, lang),
                spread_is_not_an_interval(lang)
            ),
        })
    }

    /// A stratum's values in the file's column order (the map itself is sorted by name).
    fn stratum_label(&self, s: &StratumEstimate, columns: &[String]) -> String {
        columns
            .iter()
            .filter_map(|k| s.stratum.get(k).map(|v| self.covariate_value(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn p_value(&self, p: f64) -> String {
        if p < 0.001 {
            format!("p < {}", format_number(0.001, 3, self.lang))
        } else {
            format!("p = {}", format_number(p, 3, self.lang))
        }
    }

    /// Why there is no estimate, from the reference's result code.
    fn no_estimate_reason(&self, e: &Estimate) -> String {
        let lang = self.lang;
        match e.status.code {
            1 => match lang {
                Lang::Nl => "de schatting is oneindig (met dit model laten de gegevens geen eindige schatting toe; de meest aannemelijke schatting bestaat niet, meestal doordat bepaalde combinaties van registraties in de gegevens ontbreken)".to_string(),
                Lang::En => "the estimate is infinite (with this model the data allow no finite estimate; the maximum likelihood estimate does not exist, usually because certain combinations of registrations are missing from the data)".to_string(),
            },
            2 => match lang {
                Lang::Nl => "het model is niet identificeerbaar (de gegevens bevatten te weinig informatie om het aantal personen op geen enkele registratie uit dit model af te leiden)".to_string(),
                Lang::En => "the model is not identifiable (the data hold too little information to derive the number of persons on no registration from this model)".to_string(),
            },
            _ => match lang {
                Lang::Nl => "de schatting is oneindig en het model is niet identificeerbaar (de gegevens laten met dit model geen schatting toe)".to_string(),
                Lang::En => "the estimate is infinite and the model is not identifiable (the data allow no estimate with this model)".to_string(),
            },
        }
    }

    /// How the model was chosen and what it assumes about dependence between the lists.
    fn model_text(&self, e: &Estimate) -> String {
        let lang = self.lang;
        let how = match (e.criterion.as_str(), lang) {
            ("stepwise", Lang::Nl) => format!(
                "Het model is gekozen met stapsgewijze selectie[@chan2021]: een samenhang tussen twee registraties komt in het model als hun overlap sterk afwijkt van wat het model zonder die samenhang verwacht (drempel p < {}).",
                format_number(e.threshold.unwrap_or(0.02), 2, lang)
            ),
            ("stepwise", Lang::En) => format!(
                "The model was chosen by stepwise selection[@chan2021]: a dependence between two registrations enters the model when their overlap differs strongly from what the model without it expects (threshold p < {}).",
                format_number(e.threshold.unwrap_or(0.02), 2, lang)
            ),
            ("fixed", Lang::Nl) => "Het model is vooraf opgegeven.".to_string(),
            ("fixed", Lang::En) => "The model was given in advance.".to_string(),
            (c, Lang::Nl) => format!(
                "Het model is het beste volgens {c} van alle {} modellen met hoogstens samenhang tussen twee registraties tegelijk.",
                self.count(e.models.len() as u64)
            ),
            (c, Lang::En) => format!(
                "The model is the best by {c} of all {} models with dependence between at most two registrations at a time.",
                self.count(e.models.len() as u64)
            ),
        };
        let inter = self.interactions(e);
        let what = if inter.is_empty() {
            match lang {
                Lang::Nl => " Het gekozen model neemt aan dat de registraties onafhankelijk van elkaar zijn: wie op de ene registratie staat, heeft geen grotere of kleinere kans om ook op een andere registratie te staan."
                    .to_string(),
                Lang::En => " The chosen model assumes that the registrations are independent: being on one registration does not make it more or less likely to be on another."
                    .to_string(),
            }
        } else {
            // Which registrations are in no interaction: when every one is in some, it is the
            // other pairs that are treated as independent (finding 13).
            let covered = e
                .fit
                .model_spec
                .generators()
                .iter()
                .fold(0u32, |m, &t| m | t);
            let alone: Vec<String> = e
                .lists
                .iter()
                .enumerate()
                .filter(|(i, _)| covered >> i & 1 == 0)
                .map(|(_, l)| self.list_name(l))
                .collect();
            let rest = match (alone.len(), lang) {
                (0, Lang::Nl) => {
                    "de overige paren van registraties worden als onafhankelijk behandeld"
                        .to_string()
                }
                (0, Lang::En) => {
                    "the other pairs of registrations are treated as independent".to_string()
                }
                (1, Lang::Nl) => format!(
                    "{} wordt als onafhankelijk van de andere registraties behandeld",
                    alone[0]
                ),
                (1, Lang::En) => format!(
                    "{} is treated as independent of the other registrations",
                    alone[0]
                ),
                (_, Lang::Nl) => format!(
                    "{} worden als onafhankelijk behandeld",
                    join_and(&alone, lang)
                ),
                (_, Lang::En) => format!("{} are treated as independent", join_and(&alone, lang)),
            };
            match lang {
                Lang::Nl => format!(
                    " Het gekozen model houdt rekening met samenhang tussen {}; {rest}.",
                    join_and(&inter, lang)
                ),
                Lang::En => format!(
                    " The chosen model allows for dependence between {}; {rest}.",
                    join_and(&inter, lang)
                ),
            }
        };
        let steps: Vec<String> = e
            .steps
            .iter()
            .map(|s| {
                let pair = s
                    .added
                    .split(':')
                    .map(|l| self.list_name(l))
                    .collect::<Vec<_>>();
                match lang {
                    Lang::Nl => format!(
                        "{} ({} {} op beide registraties, {} verwacht; {})",
                        join_and(&pair, lang),
                        self.count(s.overlap),
                        if s.overlap == 1 {
                            "persoon"
                        } else {
                            "personen"
                        },
                        format_number(s.expected, 1, lang),
                        self.p_value(s.p_value)
                    ),
                    Lang::En => format!(
                        "{} ({} {} on both registrations, {} expected; {})",
                        join_and(&pair, lang),
                        self.count(s.overlap),
                        if s.overlap == 1 { "person" } else { "persons" },
                        format_number(s.expected, 1, lang),
                        self.p_value(s.p_value)
                    ),
                }
            })
            .collect();
        let steps = if steps.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Nl => format!(" Achtereenvolgens toegevoegd: {}.", steps.join("; ")),
                Lang::En => format!(" Added in turn: {}.", steps.join("; ")),
            }
        };
        let het = match (e.fit.model_spec.heterogeneity(), lang) {
            (Some(h), Lang::Nl) => format!(
                " Het model bevat bovendien een term voor verschillen in vindbaarheid tussen personen ({}).",
                h.name()
            ),
            (Some(h), Lang::En) => format!(
                " The model also has a term for differences in catchability between persons ({}).",
                h.name()
            ),
            (None, _) => String::new(),
        };
        format!("{how}{what}{steps}{het}")
    }

    /// The assumptions and caveats as bullets, specific to this result.
    fn caveats(&self, r: &EstimateResult) -> Vec<crate::model::Rich> {
        let lang = self.lang;
        let e = &r.total;
        let mut out = Vec::new();
        out.push(rich(self.t(
            "**Gesloten populatie.** De methode neemt aan dat de populatie in de onderzochte periode dezelfde is voor alle registraties: niemand komt erbij of valt af. Slachtoffers die in de loop van het jaar het land verlaten of pas later slachtoffer worden, maken de schatting onzekerder.",
            "**Closed population.** The method assumes that the population is the same for all registrations during the period: nobody joins or leaves. Victims who leave the country during the year, or become victims later, make the estimate less certain.",
        )));
        let inter = self.interactions(e);
        out.push(rich(&match (inter.is_empty(), lang) {
            (true, Lang::Nl) => "**Samenhang tussen registraties.** Organisaties verwijzen naar elkaar door, waardoor wie op de ene registratie staat vaak ook op een andere staat. Het gekozen model vond geen samenhang die sterk genoeg was om op te nemen. Bestaat er toch een positieve samenhang, dan is de schatting te laag; een negatieve samenhang maakt haar te hoog.".to_string(),
            (true, Lang::En) => "**Dependence between registrations.** Organisations refer people to each other, so someone on one registration is often on another. The chosen model found no dependence strong enough to include. If there is a positive dependence after all, the estimate is too low; a negative one makes it too high.".to_string(),
            (false, Lang::Nl) => format!("**Samenhang tussen registraties.** Organisaties verwijzen naar elkaar door, waardoor wie op de ene registratie staat vaak ook op een andere staat. Het model houdt daar rekening mee voor {}. Samenhang die het model niet bevat, bijvoorbeeld tussen drie registraties tegelijk, kan de schatting vertekenen.", join_and(&inter, lang)),
            (false, Lang::En) => format!("**Dependence between registrations.** Organisations refer people to each other, so someone on one registration is often on another. The model allows for this for {}. Dependence the model does not contain, for instance among three registrations at once, can bias the estimate.", join_and(&inter, lang)),
        }));
        out.push(rich(self.t(
            "**Verschillen in vindbaarheid (heterogeniteit).** Niet iedereen heeft dezelfde kans om geregistreerd te worden. Als een groep voor alle registraties tegelijk moeilijk te vinden is, bijvoorbeeld slachtoffers die nergens hulp zoeken, ontbreekt die groep grotendeels in de gegevens en is de schatting eerder te laag dan te hoog.",
            "**Differences in catchability (heterogeneity).** Not everyone has the same chance of being registered. If a group is hard to find for all registrations at once, for instance victims who seek no help anywhere, it is largely missing from the data and the estimate is more likely too low than too high.",
        )));
        out.push(rich(self.t(
            "**Koppeling en definitie.** Dezelfde persoon moet op elke registratie als dezelfde persoon herkend worden, en alle registraties moeten dezelfde definitie van slachtoffer hanteren. Gemiste koppelingen maken de schatting te hoog, onterechte koppelingen te laag.",
            "**Linkage and definition.** The same person must be recognised as the same person on every registration, and all registrations must use the same definition of a victim. Missed links make the estimate too high, false links too low.",
        )));
        match e.ci {
            [Some(lo), None] => out.push(rich(&match lang {
                Lang::Nl => format!("**Geen bovengrens.** Het interval begint bij {} maar heeft geen bovengrens: de gegevens sluiten een veel grotere populatie niet uit. Het getal {} is daarom hooguit een indicatie.", self.pop_count(lo), e.estimate.map_or_else(|| "\u{2013}".to_string(), |x| self.pop_count(x))),
                Lang::En => format!("**No upper bound.** The interval starts at {} but has no upper bound: the data do not rule out a much larger population. The number {} is therefore at most an indication.", self.pop_count(lo), e.estimate.map_or_else(|| "\u{2013}".to_string(), |x| self.pop_count(x))),
            })),
            [Some(lo), Some(hi)] => {
                if let Some(est) = e.estimate
                    && est > 0.0
                    && (hi - lo) / est > WIDE
                {
                    let ratio = if lo > 0.0 { hi / lo } else { f64::INFINITY };
                    out.push(rich(&match lang {
                        Lang::Nl => format!("**Breed interval.** Het {} loopt van {} tot {}; de bovengrens is {} keer de ondergrens. Dat interval is dus breed: {} is de meest aannemelijke waarde erbinnen, geen precieze telling (de marge voor de lezer staat bij de methoden naast elkaar).", self.level_name(e), self.pop_count(lo), self.pop_count(hi), fmt_dec(ratio, lang), self.pop_count(est)),
                        Lang::En => format!("**Wide interval.** The {} runs from {} to {}; the upper bound is {} times the lower bound. That interval is thus wide: {} is the most likely value within it, not a precise count (the range for the reader is given with the methods side by side).", self.level_name(e), self.pop_count(lo), self.pop_count(hi), fmt_dec(ratio, lang), self.pop_count(est)),
                    }));
                }
            }
            _ => {}
        }
        if e.estimate.is_some() && e.ci_problem.is_some() {
            let why = interval_problem_text(e.ci_problem, lang);
            let how = match (&e.bootstrap, lang) {
                (Some(_), Lang::Nl) => "BCa-bootstrap",
                (Some(_), Lang::En) => "BCa bootstrap",
                (None, Lang::Nl) => "profiel-likelihood",
                (None, Lang::En) => "profile likelihood",
            };
            out.push(rich(&match lang {
                Lang::Nl => format!("**Geen interval.** Het {} ({}) is {why}. De schatting is daarom zonder onzekerheidsmarge gegeven en moet met grote voorzichtigheid worden gelezen.", self.level_name(e), how),
                Lang::En => format!("**No interval.** The {} ({}) {why}. The estimate is therefore given without a margin of uncertainty and must be read with great caution.", self.level_name(e), how),
            }));
        }
        if e.estimate.is_none() {
            out.push(rich(&match lang {
                Lang::Nl => format!(
                    "**Geen schatting.** Voor het totaal geldt: {}.",
                    self.no_estimate_reason(e)
                ),
                Lang::En => format!(
                    "**No estimate.** For the total: {}.",
                    self.no_estimate_reason(e)
                ),
            }));
        }
        if !e.empty_overlaps.is_empty() {
            out.push(rich(&match lang {
                Lang::Nl => format!("**Registraties zonder overlap.** Tussen {} staat niemand op beide registraties. Die lege combinaties zijn buiten het model gelaten, zoals de referentiemethode doet[@chan2021]; de schatting leunt daardoor op minder informatie.", join_and(&e.empty_overlaps.iter().map(|p| p.replace(':', " en ")).collect::<Vec<_>>(), lang)),
                Lang::En => format!("**Registrations without overlap.** Nobody is on both registrations for {}. These empty combinations were left out of the model, as the reference method does[@chan2021]; the estimate rests on less information.", join_and(&e.empty_overlaps.iter().map(|p| p.split(':').map(|l| self.list_name(l)).collect::<Vec<_>>().join(" and ")).collect::<Vec<_>>(), lang)),
            }));
        }
        if !e.dropped_lists.is_empty() {
            out.push(rich(&match lang {
                Lang::Nl => format!(
                    "**Lege registraties.** Op {} staat niemand; deze registraties tellen niet mee.",
                    join_and(&e.dropped_lists, lang)
                ),
                Lang::En => format!(
                    "**Empty registrations.** Nobody is on {}; these registrations are left out.",
                    join_and(&e.dropped_lists, lang)
                ),
            }));
        }
        if let Some(b) = &e.bootstrap
            && b.failed > 0
        {
            out.push(rich(&match lang {
                Lang::Nl => format!("**Bootstrap.** In {} van de {} replicaties was er geen eindige schatting; die tellen niet mee voor het interval.", self.count(b.failed as u64), self.count(b.replicates as u64)),
                Lang::En => format!("**Bootstrap.** In {} of the {} replicates there was no finite estimate; they do not count for the interval.", self.count(b.failed as u64), self.count(b.replicates as u64)),
            }));
        }
        if !r.strata.is_empty() {
            out.push(rich(self.t(
                "**Schattingen per groep.** Voor elke groep is een eigen model gekozen. Daardoor tellen de schattingen per groep niet precies op tot de totale schatting, en zijn de intervallen per groep breder.",
                "**Estimates per group.** Each group gets its own model. The group estimates therefore do not add up exactly to the total, and their intervals are wider.",
            )));
            for s in &r.strata {
                let why = match (&s.estimate, &s.error) {
                    (Some(x), _) if x.estimate.is_none() => Some(self.no_estimate_reason(x)),
                    (None, Some(err)) => Some(err.clone()),
                    _ => None,
                };
                if let Some(why) = why {
                    out.push(rich(&match lang {
                        Lang::Nl => {
                            format!(
                                "**Geen schatting voor {}:** {why}.",
                                self.stratum_label(s, &r.strata_columns)
                            )
                        }
                        Lang::En => {
                            format!(
                                "**No estimate for {}:** {why}.",
                                self.stratum_label(s, &r.strata_columns)
                            )
                        }
                    }));
                }
            }
        }
        out
    }

    fn estimate_row(&self, label: String, e: Option<&Estimate>) -> Vec<String> {
        let dash = "\u{2013}".to_string();
        match e {
            Some(e) => vec![
                label,
                self.count(e.observed),
                e.estimate.map_or_else(
                    || match e.status.code {
                        1 => "\u{221e}".to_string(),
                        _ => self.t("n.i.", "n.i.").to_string(),
                    },
                    |x| self.pop_count(x),
                ),
                self.interval_text(e),
                self.model_words(&e.model),
            ],
            None => vec![label, dash.clone(), dash.clone(), dash.clone(), dash],
        }
    }

    /// The chapter on the size of the hidden population.
    pub(crate) fn population(&mut self, number: u32, p: &Population) -> Chapter {
        let lang = self.lang;
        let r = &p.result;
        let e = &r.total;
        let k = e.lists.len();
        let mut blocks = vec![Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "Niet elk slachtoffer komt in beeld. Met **multiple systems estimation** (MSE) wordt geschat hoeveel personen er in totaal zijn, ook zij die op geen enkele registratie voorkomen. De methode vergelijkt hoe vaak dezelfde personen op meerdere registraties staan: hoe kleiner die overlap, hoe groter het deel dat nergens in beeld is. De gegevens bestaan uit {} registraties: {}.",
                self.count(k as u64),
                self.lists_text(&e.lists)
            ),
            Lang::En => format!(
                "Not every victim comes into view. **Multiple systems estimation** (MSE) estimates how many persons there are in total, including those on no registration at all. The method compares how often the same persons appear on several registrations: the smaller that overlap, the larger the share that is nowhere in view. The data consist of {} registrations: {}.",
                self.count(k as u64),
                self.lists_text(&e.lists)
            ),
        }))];
        let ci_how = match (&e.bootstrap, lang) {
            (Some(b), Lang::Nl) => format!(
                "BCa-bootstrap met {} replicaties, seed {}; in elke replicatie is het model opnieuw gekozen",
                self.count(b.replicates as u64),
                b.seed
            ),
            (Some(b), Lang::En) => format!(
                "BCa bootstrap with {} replicates, seed {}; the model was chosen anew in each replicate",
                self.count(b.replicates as u64),
                b.seed
            ),
            // A chosen model's profile interval holds chance given that model only.
            (None, Lang::Nl) if e.criterion != "fixed" => "profiel-likelihood, gegeven het gekozen model: de onzekerheid van de modelkeuze zit er niet in".to_string(),
            (None, Lang::En) if e.criterion != "fixed" => "profile likelihood, given the chosen model: the uncertainty of choosing the model is not in it".to_string(),
            (None, Lang::Nl) => "profiel-likelihood".to_string(),
            (None, Lang::En) => "profile likelihood".to_string(),
        };
        let result = match (e.estimate, lang) {
            (Some(est), Lang::Nl) => format!(
                "Op de registraties staan samen **{} personen**. De geschatte totale omvang van de populatie is **{} personen** ({}: {}). Naar schatting staat dus {} van de populatie op geen enkele registratie, ongeveer {} personen. (Het interval is berekend met {}.)",
                self.count(e.observed),
                self.pop_count(est),
                self.level_name(e),
                self.interval_text(e),
                fmt_pct(whole(est).saturating_sub(e.observed), whole(est), lang),
                self.pop_count(e.unobserved.unwrap_or(0.0)),
                ci_how
            ),
            (Some(est), Lang::En) => format!(
                "Together the registrations hold **{} persons**. The estimated total size of the population is **{} persons** ({}: {}). So an estimated {} of the population is on no registration, about {} persons. (The interval was computed by {}.)",
                self.count(e.observed),
                self.pop_count(est),
                self.level_name(e),
                self.interval_text(e),
                fmt_pct(whole(est).saturating_sub(e.observed), whole(est), lang),
                self.pop_count(e.unobserved.unwrap_or(0.0)),
                ci_how
            ),
            (None, Lang::Nl) => format!(
                "Op de registraties staan samen **{} personen**. Met deze gegevens is geen schatting van de totale omvang te geven, want {}. Het aantal waargenomen personen is dan de enige harde ondergrens.",
                self.count(e.observed),
                self.no_estimate_reason(e)
            ),
            (None, Lang::En) => format!(
                "Together the registrations hold **{} persons**. These data give no estimate of the total size, because {}. The number of persons observed is then the only firm lower bound.",
                self.count(e.observed),
                self.no_estimate_reason(e)
            ),
        };
        blocks.push(Block::Paragraph(rich(&result)));
        blocks.push(Block::Paragraph(rich(&self.model_text(e))));
        // Table: the total and each stratum.
        let group_word = if r.strata.is_empty() {
            String::new()
        } else {
            self.t("Groep", "Group").to_string()
        };
        let mut rows = vec![self.estimate_row(self.t("Totaal", "Total").to_string(), Some(e))];
        for s in &r.strata {
            rows.push(self.estimate_row(
                self.stratum_label(s, &r.strata_columns),
                s.estimate.as_ref(),
            ));
        }
        let number_t = self.next_table();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{number_t} {}",
                self.t(
                    "Waargenomen en geschatte omvang van de populatie",
                    "Observed and estimated size of the population"
                )
            ),
            head: vec![
                group_word,
                self.t("Waargenomen", "Observed").to_string(),
                self.t("Geschat", "Estimated").to_string(),
                cap(&self.level_name(e)),
                "Model".to_string(),
            ],
            rows,
            numeric: true,
        }));
        // Figure: observed against estimated with its interval, for the total and each stratum.
        if e.estimate.is_some() {
            let mut cats = vec![self.t("Totaal", "Total").to_string()];
            let mut observed = vec![Some(e.observed)];
            let mut estimated = vec![e.estimate.map(whole)];
            let mut intervals = vec![interval_of(e)];
            // Beside the headline, every other method that counts and the reader's range, so
            // that the figure shows the uncertainty of the choice of method too, not only
            // the headline's interval (walk-estimate5, finding 4).
            let mut with_methods = false;
            if let Some(c) = &r.comparison {
                for m in c.methods.iter().filter(|m| m.in_spread && !m.headline) {
                    let (Some(x), [Some(lo), hi]) = (m.estimate, m.ci) else {
                        continue;
                    };
                    with_methods = true;
                    cats.push(chart_label(&m.method, lang).to_string());
                    observed.push(Some(e.observed));
                    estimated.push(Some(whole(x)));
                    intervals.push(Some(Interval {
                        lower: whole(lo),
                        upper: hi.map(whole),
                    }));
                }
                if c.spread.is_some()
                    && let (Some(est), Some((lo, hi))) = (e.estimate, likely_range_of(e, Some(c)))
                {
                    with_methods = true;
                    cats.push(self.t("Marge", "Range").to_string());
                    observed.push(Some(e.observed));
                    estimated.push(Some(policy_round(est, 0)));
                    intervals.push(Some(Interval {
                        lower: policy_round(lo, -1),
                        upper: hi.map(|h| policy_round(h, 1)),
                    }));
                }
            }
            for s in &r.strata {
                cats.push(self.stratum_label(s, &r.strata_columns));
                observed.push(s.estimate.as_ref().map(|x| x.observed));
                estimated.push(s.estimate.as_ref().and_then(|x| x.estimate.map(whole)));
                intervals.push(s.estimate.as_ref().and_then(interval_of));
            }
            let chart = Chart {
                orientation: Orientation::Horizontal,
                categories: cats,
                series: vec![
                    ChartSeries {
                        name: self.t("Waargenomen", "Observed").to_string(),
                        values: observed,
                        intervals: Vec::new(),
                    },
                    ChartSeries {
                        name: match lang {
                            Lang::Nl => format!("Geschat, met {}", self.level_name(e)),
                            Lang::En => format!("Estimated, with {}", self.level_name(e)),
                        },
                        values: estimated,
                        intervals,
                    },
                ],
                percent_base: None,
                suppressed_label: "\u{2013}".to_string(),
                lang,
            };
            let title = if with_methods {
                self.t(
                    "Waargenomen en geschatte omvang van de populatie: de hoofdschatting (Totaal), de andere methoden die meetellen en de marge voor de lezer (Marge)",
                    "Observed and estimated size of the population: the headline estimate (Total), the other methods that count and the range for the reader (Range)",
                )
            } else {
                self.t(
                    "Waargenomen en geschatte omvang van de populatie",
                    "Observed and estimated size of the population",
                )
            }
            .to_string();
            blocks.push(self.add_figure(&title, None, chart));
        }
        if let Some(c) = &r.covariates {
            self.covariate_groups(&mut blocks, c, e.estimate);
        }
        if let Some(c) = &r.comparison {
            self.method_comparison(&mut blocks, c, e, r.known_total, p.chosen);
        }
        blocks.push(Block::Heading(self.t("Begrippen", "Terms").to_string()));
        blocks.push(Block::Bullets(self.glossary()));
        blocks.push(Block::Heading(
            self.t("Aannames en kanttekeningen", "Assumptions and caveats")
                .to_string(),
        ));
        blocks.push(Block::Bullets(self.caveats(r)));
        Chapter {
            level: 1,
            number: format!("{} {number}", self.t("Hoofdstuk", "Chapter")),
            title: self
                .t(
                    "De omvang van de verborgen populatie",
                    "The size of the hidden population",
                )
                .to_string(),
            anchor: format!("h-{number}"),
            blocks,
        }
    }
}

impl Ctx<'_> {
    /// The estimates per group from one model over registrations × characteristics: a
    /// sentence on the model and a table with a row per value of every characteristic.
    fn covariate_groups(
        &self,
        blocks: &mut Vec<Block>,
        c: &CovariateEstimate,
        headline: Option<f64>,
    ) {
        let lang = self.lang;
        blocks.push(Block::Heading(
            self.t("Schatting per groep", "Estimate per group")
                .to_string(),
        ));
        let terms: Vec<String> = c
            .terms
            .iter()
            .map(|t| match t.split_once(':') {
                Some((list, cov)) => match lang {
                    Lang::Nl => format!("{list} naar {cov}"),
                    Lang::En => format!(
                        "{} by {}",
                        self.list_name(list),
                        cov.split(':')
                            .map(|c| self.covariate_name(c))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                },
                None => t.clone(),
            })
            .collect();
        let depends = if terms.is_empty() {
            self.t(
                "Geen registratie hangt in dit model af van de kenmerken: de verdeling van de niet-waargenomen personen over de groepen volgt die van de waargenomen personen.",
                "In this model no registration depends on the characteristics: the unobserved persons are spread over the groups as the observed ones are.",
            )
            .to_string()
        } else {
            match lang {
                Lang::Nl => format!(
                    "De kans om geregistreerd te worden verschilt per groep voor {} ({}).",
                    join_and(&terms, lang),
                    if c.terms_given {
                        "vooraf opgegeven"
                    } else {
                        "gekozen op BIC"
                    }
                ),
                Lang::En => format!(
                    "The chance of being registered differs between groups for {} ({}).",
                    join_and(&terms, lang),
                    if c.terms_given {
                        "given in advance"
                    } else {
                        "chosen by BIC"
                    }
                ),
            }
        };
        let pct = format_number(c.level * 100.0, 0, lang);
        let reconcile = match (headline, lang) {
            (Some(h), _) if (h - c.estimate).abs() < 0.5 => String::new(),
            (Some(h), Lang::Nl) => format!(
                " **Twee totalen.** Het cijfer van dit hoofdstuk blijft {} personen (tabel hierboven). Het totaal van het model met kenmerken, {}, wijkt daarvan af omdat dat model de kans om geregistreerd te worden per groep laat verschillen; de groepen hieronder tonen hoe de populatie over de groepen verdeeld is, en tellen op tot {}, niet tot {}.",
                self.pop_count(h),
                self.pop_count(c.estimate),
                self.pop_count(c.estimate),
                self.pop_count(h)
            ),
            (Some(h), Lang::En) => format!(
                " **Two totals.** The figure of this chapter remains {} persons (table above). The total of the model with characteristics, {}, differs from it because that model lets the chance of being registered differ between groups; the groups below show how the population is divided over the groups, and add up to {}, not to {}.",
                self.pop_count(h),
                self.pop_count(c.estimate),
                self.pop_count(c.estimate),
                self.pop_count(h)
            ),
            (None, _) => String::new(),
        };
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "{} {} in één log-lineair model over registraties en kenmerken opgenomen[@vanderheijden2012]. Zo krijgt elke groep een eigen schatting van wie op geen registratie staat, en tellen de schattingen per groep op tot het totaal van dit model: **{} personen** ({pct}%-interval {}, parametrische bootstrap met {} replicaties). {depends}{reconcile}",
                if c.columns.len() == 1 { "Het kenmerk" } else { "De kenmerken" },
                if c.columns.len() == 1 {
                    format!("{} is", c.columns[0])
                } else {
                    format!("{} zijn", join_and(&c.columns, lang))
                },
                self.pop_count(c.estimate),
                self.group_interval(&c.ci),
                self.count(c.replicates as u64)
            ),
            Lang::En => format!(
                "{} {} one log-linear model over registrations and characteristics[@vanderheijden2012]. Each group thus gets its own estimate of those on no registration, and the group estimates add up to this model's total: **{} persons** ({pct}% interval {}, parametric bootstrap with {} replicates). {depends}{reconcile}",
                if c.columns.len() == 1 { "The characteristic" } else { "The characteristics" },
                if c.columns.len() == 1 {
                    format!("{} enters", self.covariate_name(&c.columns[0]))
                } else {
                    format!(
                        "{} enter",
                        join_and(
                            &c.columns
                                .iter()
                                .map(|x| self.covariate_name(x))
                                .collect::<Vec<_>>(),
                            lang
                        )
                    )
                },
                self.pop_count(c.estimate),
                self.group_interval(&c.ci),
                self.count(c.replicates as u64)
            ),
        })));
        let mut rows: Vec<Vec<String>> = c
            .groups
            .iter()
            .map(|g| {
                let label = g
                    .covariates
                    .iter()
                    .map(|(k, v)| {
                        format!("{}: {}", self.covariate_name(k), self.covariate_value(v))
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    label,
                    self.count(g.observed),
                    self.pop_count(g.estimate),
                    self.group_interval(&g.ci),
                ]
            })
            .collect();
        // The total the groups of each characteristic add up to, as the text says.
        rows.push(vec![
            self.t("Totaal (alle groepen)", "Total (all groups)")
                .to_string(),
            self.count(c.observed),
            self.pop_count(c.estimate),
            self.group_interval(&c.ci),
        ]);
        let number_t = self.next_table();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{number_t} {}",
                self.t(
                    "Geschatte omvang per groep (één model over registraties × kenmerken)",
                    "Estimated size per group (one model over registrations × characteristics)"
                )
            ),
            head: vec![
                self.t("Groep", "Group").to_string(),
                self.t("Waargenomen", "Observed").to_string(),
                self.t("Geschat", "Estimated").to_string(),
                match lang {
                    Lang::Nl => format!("{pct}%-interval"),
                    Lang::En => format!("{pct}% interval"),
                },
            ],
            rows,
            numeric: true,
        }));
    }

    fn group_interval(&self, ci: &[Option<f64>; 2]) -> String {
        match ci {
            [Some(lo), Some(hi)] => {
                format!("{} \u{2013} {}", self.pop_count(*lo), self.pop_count(*hi))
            }
            [Some(lo), None] => format!("{} \u{2013} \u{221e}", self.pop_count(*lo)),
            _ => self.t("geen interval", "no interval").to_string(),
        }
    }

    /// What LCMCR's sampler ran, in words: chains, burn-in, iterations, what was kept, R-hat.
    fn sampler_sentence(&self, s: &zicht_estimate::SamplerRun, rhat: f64) -> String {
        let n = |x: usize| self.count(x as u64);
        let r = zicht_estimate::format_number(rhat, 3, self.lang);
        let agree = rhat < zicht_estimate::SETTLED_RHAT;
        let enough = s.ess >= zicht_estimate::MIN_ESS;
        let verdict = match (agree, enough, self.lang) {
            (true, true, Lang::Nl) => "de ketens komen overeen en de uitkomst ligt vast",
            (true, true, Lang::En) => "the chains agree and the result is settled",
            (true, false, Lang::Nl) => {
                "de ketens komen overeen, maar ze zijn te kort om de uitkomst vast te leggen"
            }
            (true, false, Lang::En) => {
                "the chains agree, but they are too short to settle the result"
            }
            (false, _, Lang::Nl) => "de ketens zijn het oneens, de uitkomst is niet betrouwbaar",
            (false, _, Lang::En) => "the chains disagree, the result is not to be trusted",
        };
        match self.lang {
            Lang::Nl => format!(
                "Het model met latente klassen is doorgerekend in {} onafhankelijke rekenketens van elk {} opwarmstappen en daarna {} rekenstappen, waarvan elke {}e is bewaard ({} per keten); R-hat is {r}, de effectieve steekproef {}: {verdict}.",
                n(s.chains),
                n(s.burn_in),
                n(s.iterations),
                n(s.thinning),
                n(s.draws_per_chain),
                self.count(s.ess.round() as u64)
            ),
            Lang::En => format!(
                "The latent-class model was computed in {} independent chains of {} warm-up steps each, then {} steps of which every {}th was kept ({} per chain); R-hat is {r}, the effective sample size {}: {verdict}.",
                n(s.chains),
                n(s.burn_in),
                n(s.iterations),
                n(s.thinning),
                n(s.draws_per_chain),
                self.count(s.ess.round() as u64)
            ),
        }
    }

    /// The methods side by side: a table, a sentence on the spread and one on heterogeneity
    /// (with the true size when it is known, as in the synthetic demo).
    fn method_comparison(
        &self,
        blocks: &mut Vec<Block>,
        c: &Comparison,
        e: &Estimate,
        known: Option<u64>,
        chosen: bool,
    ) {
        let lang = self.lang;
        blocks.push(Block::Heading(
            self.t("Methoden naast elkaar", "Methods side by side")
                .to_string(),
        ));
        blocks.push(Block::Paragraph(rich(self.t(
            "Dezelfde registraties zijn ook met de andere gangbare methoden geschat: het model zonder samenhang tussen de registraties, de stapsgewijze selectie[@chan2021], het beste model naar BIC, de Bayesiaanse drempeling[@silverman2020], de Bayesiaanse middeling over grafische modellen[@madigan1997] en het Bayesiaanse model met latente klassen[@manriquevallier2016], dat verschillen in vindbaarheid toelaat.",
            "The same registrations were also estimated with the other common methods: the model without dependence between the registrations, stepwise selection[@chan2021], the best model by BIC, Bayesian thresholding[@silverman2020], Bayesian averaging over graphical models[@madigan1997] and the Bayesian latent-class model[@manriquevallier2016], which allows for differences in how findable people are.",
        ))));
        // Warnings go in notes below the table, so that the interval column stays narrow.
        let mut notes: Vec<String> = Vec::new();
        let rows = c
            .methods
            .iter()
            .map(|m| {
                let why = if m.unconverged {
                    Some(unconverged_words(m, lang))
                } else if m.rejected_p.is_some() {
                    Some(
                        rejected_words(m, lang)
                            .replace("tussen lijsten", "tussen registraties")
                            .replace("between lists", "between registrations"),
                    )
                } else {
                    None
                };
                let label = match why {
                    Some(why) => {
                        let mark = NOTE_MARKS[notes.len() % NOTE_MARKS.len()];
                        notes.push(format!(
                            "{mark} {}: {why}.",
                            cap(reader_label(&m.method, lang))
                        ));
                        format!("{} {mark}", cap(reader_label(&m.method, lang)))
                    }
                    None => cap(reader_label(&m.method, lang)),
                };
                vec![
                    label,
                    m.estimate
                        .map_or_else(|| "\u{2013}".to_string(), |x| self.pop_count(x)),
                    if m.estimate.is_some() {
                        match m.ci {
                            [Some(lo), Some(hi)] => {
                                format!("{} \u{2013} {}", self.pop_count(lo), self.pop_count(hi))
                            }
                            [Some(lo), None] => {
                                format!("{} \u{2013} \u{221e}", self.pop_count(lo))
                            }
                            _ => interval_words(m, lang),
                        }
                    } else {
                        "\u{2013}".to_string()
                    },
                    match (m.method.as_str(), m.model.as_deref()) {
                        // dga averages over every decomposable graph; its model is the one
                        // with the largest weight.
                        ("dga", Some(x)) => {
                            let graphs = m
                                .ci_method
                                .split(['(', ' '])
                                .find_map(|w| w.parse::<u64>().ok())
                                .unwrap_or(0);
                            match lang {
                                Lang::Nl => format!(
                                    "gemiddeld over {} modellen; het zwaarst weegt: {}",
                                    self.count(graphs),
                                    self.method_model_words(x)
                                ),
                                Lang::En => format!(
                                    "averaged over {} models; weighing most: {}",
                                    self.count(graphs),
                                    self.method_model_words(x)
                                ),
                            }
                        }
                        (_, Some(x)) => self.method_model_words(x),
                        (_, None) => "\u{2013}".to_string(),
                    },
                ]
            })
            .collect();
        let number_t = self.next_table();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{number_t} {}",
                self.t(
                    "Geschatte omvang volgens elke methode",
                    "Estimated size by each method"
                )
            ),
            head: vec![
                self.t("Methode", "Method").to_string(),
                self.t("Geschat", "Estimated").to_string(),
                cap(&self.level_name(e)),
                "Model".to_string(),
            ],
            rows,
            numeric: true,
        }));
        if !notes.is_empty() {
            blocks.push(Block::Paragraph(rich(&notes.join(" "))));
        }
        if let Some(run) = c
            .methods
            .iter()
            .find_map(|m| m.sampler.as_ref().map(|s| (s, m.rhat.unwrap_or(f64::NAN))))
        {
            blocks.push(Block::Paragraph(rich(&self.sampler_sentence(run.0, run.1))));
        }
        if let Some(sentence) = self.spread_sentence(c) {
            blocks.push(Block::Paragraph(rich(&sentence)));
        }
        if c.spread.is_some()
            && let Some((lo, hi)) = likely_range_of(e, Some(c))
        {
            let lo = self.count(policy_round(lo, -1));
            let hi = hi.map(|h| self.count(policy_round(h, 1)));
            let range = match (hi, lang) {
                (Some(hi), Lang::Nl) => format!("{lo} tot {hi}"),
                (Some(hi), Lang::En) => format!("{lo} to {hi}"),
                (None, Lang::Nl) => format!("minstens {lo}"),
                (None, Lang::En) => format!("at least {lo}"),
            };
            let why = headline_why(e, chosen, lang);
            let best = self.count(e.estimate.map_or(0, |x| policy_round(x, 0)));
            let edge = match edge_of_methods(e, c) {
                Some(Edge::Lowest) => match lang {
                    Lang::Nl => {
                        " Let op: die beste schatting is de laagste van de methoden die meetellen; de andere liggen hoger."
                    }
                    Lang::En => {
                        " Note: that best estimate is the lowest of the methods that count; the others lie higher."
                    }
                },
                Some(Edge::Highest) => match lang {
                    Lang::Nl => {
                        " Let op: die beste schatting is de hoogste van de methoden die meetellen; de andere liggen lager."
                    }
                    Lang::En => {
                        " Note: that best estimate is the highest of the methods that count; the others lie lower."
                    }
                },
                None => "",
            };
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!(
                    "**Eén getal en één marge voor de lezer.** Wie één getal noemt, noemt ongeveer {best} personen, met als waarschijnlijke omvang {range} personen; de andere totalen in dit hoofdstuk onderbouwen die marge of verdelen de populatie over groepen. De samenvatting en de conclusies noemen als waarschijnlijke omvang {range} personen: van de laagste tot de hoogste grens van de 95%-intervallen van de geschatte omvang hierboven en van de methoden die meetellen in de spreiding, naar buiten afgerond op twee cijfers. Zo bevat die marge zowel het toeval als de keuze van de methode. De beste schatting is die van {why}, afgerond, niet het midden van de methoden, zodat de uitkomst niet afhangt van welke methoden toevallig ook zijn doorgerekend; de tabellen geven de precieze getallen.{edge}"
                ),
                Lang::En => format!(
                    "**One figure and one range for the reader.** Whoever quotes one figure quotes about {best} persons, with a likely size of {range} persons; the other totals in this chapter underpin that range or divide the population over groups. The summary and the conclusions give the likely size as {range} persons: from the lowest to the highest bound of the 95% intervals of the estimate above and of the methods that count in the spread, rounded outward to two digits. So the range holds both chance and the choice of method. The best estimate is that of {why}, rounded, not the middle of the methods, so that the result does not depend on which other methods happened to be computed; the tables give the exact numbers.{edge}"
                ),
            })));
        }
        let hetero = match known {
            Some(truth) => {
                let t = truth as f64;
                let usable: Vec<(&str, f64)> = c
                    .methods
                    .iter()
                    .filter(|m| m.credible())
                    .filter_map(|m| m.estimate.map(|x| (reader_label(&m.method, lang), x)))
                    .collect();
                let best = usable
                    .iter()
                    .map(|(_, x)| (x - t).abs())
                    .fold(f64::INFINITY, f64::min);
                // Every method at the smallest distance (ties named together).
                let closest: Vec<String> = usable
                    .iter()
                    .filter(|(_, x)| ((x - t).abs() - best).abs() < 0.5)
                    .map(|(n, _)| n.to_string())
                    .collect();
                let value = usable
                    .iter()
                    .find(|(_, x)| ((x - t).abs() - best).abs() < 0.5)
                    .map_or(0.0, |(_, x)| *x);
                let below = usable.iter().filter(|(_, x)| *x < t).count();
                let n_usable = usable.len();
                let verb = |nl_one: &'static str, nl_more: &'static str| if closest.len() == 1 { nl_one } else { nl_more };
                match lang {
                    Lang::Nl => format!("**Waarom de schattingen naast de werkelijke omvang van de demo liggen.** Deze demogegevens zijn verzonnen, met een zelf gekozen werkelijke omvang van {} personen; dat getal hoort alleen bij deze demo en heeft niets te maken met de schatting van het WODC in de inleiding. {} van de {} bruikbare methoden schatten lager; het dichtst erbij {} {} ({}). Dat komt door heterogeniteit: een deel van de personen is voor alle registraties tegelijk moeilijk te vinden. Wie nergens geregistreerd wordt, laat ook geen spoor na in de overlap tussen de registraties, en daarop steunen alle methoden. Modellen met samenhang tussen de registraties vangen een deel daarvan op, maar niet alles: zulke schattingen zijn eerder een ondergrens dan een precieze telling.", self.count(truth), self.count(below as u64), self.count(n_usable as u64), verb("komt", "komen"), join_and(&closest, lang), self.pop_count(value)),
                    Lang::En => format!("**Why the estimates miss the demo's true size.** These demo data are made up, with a chosen true size of {} persons; that number belongs to this demo only and has nothing to do with the WODC estimate in the introduction. {} of the {} usable methods estimate lower; closest {} {} ({}). The reason is heterogeneity: some people are hard to find for all registrations at once. Whoever is registered nowhere leaves no trace in the overlap between the registrations either, and that overlap is what every method relies on. Models with dependence between the registrations absorb part of this, but not all: such estimates are a lower bound rather than a precise count.", self.count(truth), self.count(below as u64), self.count(n_usable as u64), verb("comes", "come"), join_and(&closest, lang), self.pop_count(value)),
                }
            }
            None => self
                .t(
                    "**Heterogeniteit.** Als een deel van de personen voor alle registraties tegelijk moeilijk te vinden is, laat die groep geen spoor na in de overlap tussen de registraties. Alle methoden hierboven schatten dan te laag: de modellen met samenhang tussen de registraties iets minder dan het model van onafhankelijkheid, en ook het model met latente klassen, dat verschillen in vindbaarheid alleen kan meenemen voor zover ze in de overlap te zien zijn.",
                    "**Heterogeneity.** If some people are hard to find for all registrations at once, that group leaves no trace in the overlap between the registrations. Every method above then estimates too low: the models with dependence between the registrations somewhat less so than the independence model, and the latent-class model too, which can take differences in findability into account only as far as they show in the overlap.",
                )
                .to_string(),
        };
        blocks.push(Block::Paragraph(rich(&hetero)));
    }
}

/// A method's short name in the estimate's figure (short, so that the values beside the
/// bars fit a phone's width; the caption and the table name them in full).
fn chart_label(method: &str, lang: Lang) -> &'static str {
    match (method, lang) {
        ("independence", Lang::Nl) => "Onafh.",
        ("independence", Lang::En) => "Indep.",
        ("stepwise", Lang::Nl) => "Stapsgewijs",
        ("stepwise", Lang::En) => "Stepwise",
        ("bic", _) => "BIC",
        ("threshold", Lang::Nl) => "Drempeling",
        ("threshold", Lang::En) => "Threshold",
        ("dga", Lang::Nl) => "Grafen",
        ("dga", Lang::En) => "Graphs",
        ("lcmcr", Lang::Nl) => "Klassen",
        ("lcmcr", Lang::En) => "Classes",
        (_, Lang::Nl) => "Methode",
        (_, Lang::En) => "Method",
    }
}

/// Where the headline estimate lies among the methods that count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Lowest,
    Highest,
}

/// Whether the headline estimate is the lowest or the highest of the methods that count,
/// with another at least a tenth away (a reader quoting it should know; walk-estimate5,
/// finding 5).
pub fn edge_of_methods(e: &Estimate, c: &Comparison) -> Option<Edge> {
    let est = e.estimate?;
    let others: Vec<f64> = c
        .methods
        .iter()
        .filter(|m| m.in_spread && !m.headline)
        .filter_map(|m| m.estimate)
        .collect();
    if others.is_empty() {
        return None;
    }
    let lo = others.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = others.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if est <= lo && hi > 1.1 * est {
        Some(Edge::Lowest)
    } else if est >= hi && est > 1.1 * lo {
        Some(Edge::Highest)
    } else {
        None
    }
}

/// Whose estimate the best estimate is, and why that method: the one chosen for this report,
/// or zicht's default (never "chosen beforehand" when nobody chose it).
fn headline_why(e: &Estimate, chosen: bool, lang: Lang) -> String {
    let method = match e.criterion.as_str() {
        "stepwise" => "stepwise",
        "BIC" | "bic" => "bic",
        "threshold" => "threshold",
        _ => "",
    };
    let label = if method.is_empty() {
        match lang {
            Lang::Nl => "het gekozen model",
            Lang::En => "the chosen model",
        }
    } else {
        reader_label(method, lang)
    };
    match (chosen, lang) {
        (true, Lang::Nl) => format!("de methode die voor dit verslag is gekozen ({label})"),
        (true, Lang::En) => format!("the method chosen for this report ({label})"),
        (false, Lang::Nl) => "de stapsgewijze selectie, de standaardmethode van zicht: een samenhang tussen registraties komt alleen in het model als de overlap die duidelijk laat zien, zoals in de oorspronkelijke methode[@chan2021]. De nieuwere standaard van dezelfde auteurs neemt bij hoogstens vijf registraties het beste model naar BIC, dat in de tabel hierboven staat; niemand heeft voor dit verslag een methode gekozen. De beste schatting is dus die van de stapsgewijze selectie".to_string(),
        (false, Lang::En) => "stepwise selection, zicht's default: a dependence between registrations enters the model only when the overlap shows it clearly, as in the original method[@chan2021]. The newer default of the same authors takes the best model by BIC for at most five registrations, which is in the table above; nobody chose a method for this report. The best estimate is thus that of stepwise selection".to_string(),
    }
}

/// Marks of the notes below the methods table (not asterisks: those are emphasis).
const NOTE_MARKS: [&str; 6] = ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"];

fn interval_of(e: &Estimate) -> Option<Interval> {
    match e.ci {
        [Some(lo), hi] if e.estimate.is_some() => Some(Interval {
            lower: whole(lo),
            upper: hi.map(whole),
        }),
        _ => None,
    }
}

/// A method's name for a policy reader: what it does, without software names (those are
/// in the references).
fn reader_label(method: &str, lang: Lang) -> &'static str {
    match (method, lang) {
        ("independence", Lang::Nl) => "model zonder samenhang",
        ("independence", Lang::En) => "model without dependence",
        ("stepwise", Lang::Nl) => "stapsgewijze selectie",
        ("stepwise", Lang::En) => "stepwise selection",
        ("bic", Lang::Nl) => "beste model naar BIC",
        ("bic", Lang::En) => "best model by BIC",
        ("threshold", Lang::Nl) => "Bayesiaanse drempeling",
        ("threshold", Lang::En) => "Bayesian thresholding",
        ("dga", Lang::Nl) => "middeling over grafische modellen",
        ("dga", Lang::En) => "averaging over graphical models",
        _ => method_label(method, lang),
    }
}

/// The range the reader is told in the summary and the conclusions: from the lowest lower
/// bound to the highest upper bound of the 95%-intervals of the headline estimate and of
/// every compared method that counts in the spread (settled, its model not rejected), so
/// that it covers both chance and the choice of method. `None` as upper bound: unbounded.
/// `None` altogether when the headline has no interval.
pub fn likely_range(r: &EstimateResult) -> Option<(f64, Option<f64>)> {
    likely_range_of(&r.total, r.comparison.as_ref())
}

fn likely_range_of(t: &Estimate, c: Option<&Comparison>) -> Option<(f64, Option<f64>)> {
    if t.ci_problem.is_some() {
        return None;
    }
    let mut lo = t.ci[0]?;
    let mut hi = t.ci[1];
    for m in c.iter().flat_map(|c| c.methods.iter()) {
        if !m.in_spread || m.ci_problem.is_some() {
            continue;
        }
        if let Some(l) = m.ci[0] {
            lo = lo.min(l);
        }
        hi = match (hi, m.ci[1]) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    Some((lo, hi))
}

/// A number for policy readers: two significant digits (4.476 → 4.500, 85,5 → 86), rounded
/// down (`-1`), to the nearest (`0`) or up (`1`), so that a range rounded outward still holds
/// what it rounds. Below 100 nothing is rounded away but the decimals.
pub fn policy_round(x: f64, dir: i8) -> u64 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    let step = if x < 100.0 {
        1.0
    } else {
        10f64.powi(x.log10().floor() as i32 - 1)
    };
    let q = x / step;
    let q = match dir {
        d if d < 0 => q.floor(),
        0 => q.round(),
        _ => q.ceil(),
    };
    (q * step).round() as u64
}

#[cfg(test)]
mod policy_tests {
    use super::policy_round;

    #[test]
    fn rounds_to_two_significant_digits_in_the_asked_direction() {
        assert_eq!(policy_round(4476.0, 0), 4500);
        assert_eq!(policy_round(3289.0, -1), 3200);
        assert_eq!(policy_round(6352.0, 1), 6400);
        assert_eq!(policy_round(720.0, 0), 720);
        assert_eq!(policy_round(1071.0, 1), 1100);
        assert_eq!(policy_round(518.0, -1), 510);
        assert_eq!(policy_round(42.4, 0), 42);
        assert_eq!(policy_round(111_139.4, 0), 110_000);
        assert_eq!(policy_round(f64::INFINITY, 0), 0);
    }
}
