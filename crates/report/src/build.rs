//! Builds the report model from the cases: every number is computed here from the statistics, every sentence is a template.

use zicht_cases::{CaseTable, Cell, MISSING};
use zicht_codebook::{Codebook, Kind, Lang};
use zicht_stats::{Stats, fmt_count};

use crate::model::{Block, Chart, ChartSeries, Figure, Orientation, Report, Rich, Table};
use crate::spec as s;
use crate::suppress::MinCell;
use crate::text::{
    AgeCoding, Noun, Phrase, WORDS_BELOW, cap, count_noun, count_noun_or_less, count_or_less,
    hidden_whole_phrase, join_and, rich, share, share_phrase, share_text, tr, years,
};
use crate::{Options, ReportError};

/// The counts of one variable in one population, after suppression.
#[derive(Debug, Clone)]
pub(crate) struct Dist {
    /// Cases with a known value.
    pub(crate) n: u64,
    pub(crate) items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) code: String,
    pub(crate) label: String,
    pub(crate) shown: Option<u64>,
}

impl Dist {
    fn get(&self, code: &str) -> Option<u64> {
        self.items
            .iter()
            .find(|i| i.code == code)
            .and_then(|i| i.shown)
    }
    /// Sum of the shown counts of some codes; `None` when any of them is suppressed.
    fn sum(&self, codes: &[&str]) -> Option<u64> {
        let mut total = 0;
        for i in self
            .items
            .iter()
            .filter(|i| codes.contains(&i.code.as_str()))
        {
            total += i.shown?;
        }
        Some(total)
    }
    /// Items by count, largest first (suppressed last).
    fn ranked(&self) -> Vec<&Item> {
        let mut v: Vec<&Item> = self.items.iter().collect();
        v.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
        v
    }
}

/// The comparison of the years up to the reporting year (see [`Ctx::comparison_data`]).
pub(crate) struct Comparison {
    pub(crate) years: Vec<i32>,
    pub(crate) per_year: Vec<Stats>,
    /// Per year: included, victims, male victims, criminal, minors, first disclosure.
    pub(crate) shown: Vec<Vec<Option<u64>>>,
}

/// A multiple-response set in one population, after suppression.
#[derive(Debug, Clone)]
pub(crate) struct SetDist {
    pub(crate) cases: u64,
    mentions: u64,
    two_or_more: Option<u64>,
    pub(crate) items: Vec<Item>,
}

pub(crate) struct Ctx<'a> {
    pub(crate) table: &'a CaseTable,
    pub(crate) book: &'a Codebook,
    pub(crate) lang: Lang,
    pub(crate) k: MinCell,
    /// The population of the chapter being written (0: none): every n printed
    /// with [`Ctx::n`] is a part of it, and its unknowns are protected too.
    pub(crate) base: u64,
    pub(crate) ages: AgeCoding,
    pub(crate) year: i32,
    pub(crate) figures: Vec<Figure>,
    /// Tables numbered so far.
    tables: std::cell::Cell<usize>,
}

/// Lower-cases the first letter of a generic label for use inside a sentence.
fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f)
            if c.clone().next().is_some_and(char::is_lowercase)
                || c.clone().next() == Some(' ') =>
        {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        Some('(') => s.to_lowercase(),
        Some(_) => s.to_string(),
        None => String::new(),
    }
}

pub(crate) fn build(
    table: &CaseTable,
    book: &Codebook,
    year: i32,
    opts: &Options,
    stats: Option<Stats>,
) -> Result<Report, ReportError> {
    for name in s::USED {
        if book.variable(name).is_none() && book.set(name).is_none() {
            return Err(ReportError::Codebook((*name).to_string()));
        }
    }
    let stats = match stats {
        Some(stats) => stats,
        None => zicht_stats::compute(table, book, Some(year))?,
    };
    let mut cx = Ctx {
        table,
        book,
        lang: opts.lang,
        k: MinCell(opts.min_cell),
        base: 0,
        ages: opts.ages,
        year,
        figures: Vec::new(),
        tables: std::cell::Cell::new(0),
    };
    let lang = cx.lang;
    let source = match &opts.text {
        Some(t) => t.clone(),
        None => crate::narrative::Source::builtin(lang),
    };
    let doc = crate::narrative::render(&source, &mut cx, &stats, opts)?;
    // The cover of a publication: authors, organisation and year. How the numbers were
    // made is said in the colophon chapter of the text, not on the cover.
    let mut colophon = doc.cover;
    colophon.push(year.to_string());
    if let Some(k) = opts.min_cell {
        colophon.push(match lang {
            Lang::Nl => format!("Aantallen kleiner dan {k} zijn onderdrukt en weergegeven als \u{2018}x\u{2019} (in de tekst: \u{2018}een onderdrukt aantal\u{2019}). Waar nodig zijn ook grotere aantallen onderdrukt, zodat geen onderdrukt aantal uit een totaal, een verschil of een percentage is af te leiden, en de onderdrukte aantallen samen minstens {k} zijn. De jongste en oudste leeftijd worden niet genoemd."),
            Lang::En => format!("Counts below {k} are suppressed and shown as \u{2018}x\u{2019} (in the text: \u{2018}a suppressed number\u{2019}). Where needed larger counts are suppressed too, so that no suppressed count can be derived from a total, a difference or a percentage, and the suppressed counts together are at least {k}. The youngest and oldest age are not given."),
        });
    }
    Ok(Report {
        lang,
        year,
        title: doc.title,
        subtitle: doc.subtitle,
        contents_label: tr(lang, "Inhoud", "Contents").to_string(),
        colophon,
        chapters: doc.chapters,
        figures: cx.figures,
    })
}

impl Ctx<'_> {
    // ---------------------------------------------------------------- helpers

    /// The caption word and number of the next table: "Tabel 3." / "Table 3.".
    pub(crate) fn next_table(&self) -> String {
        let n = self.tables.get() + 1;
        self.tables.set(n);
        format!("{} {n}.", self.t("Tabel", "Table"))
    }

    pub(crate) fn t<'b>(&self, nl: &'b str, en: &'b str) -> &'b str {
        tr(self.lang, nl, en)
    }

    pub(crate) fn kk(&self) -> Option<u64> {
        self.k.0
    }

    pub(crate) fn count(&self, n: u64) -> String {
        fmt_count(n, self.lang)
    }

    /// A count that may be suppressed, as text.
    pub(crate) fn c(&self, n: Option<u64>) -> String {
        count_or_less(n, self.kk(), self.lang)
    }

    /// A published count on its own (a total, an n): suppressed when below K, or
    /// when the chapter's population minus it (the unknowns) is below K.
    pub(crate) fn n(&self, n: u64) -> String {
        self.c(self.k.known(n, self.base))
    }

    /// A share for running text ([`share_text`]); a suppressed part reads
    /// "een onderdrukt aantal", never a bare mark.
    pub(crate) fn st(&self, part: Option<u64>, whole: u64) -> String {
        match (part, self.kk()) {
            (None, Some(_)) => self
                .t("een onderdrukt aantal", "a suppressed number")
                .to_string(),
            _ => share_text(part.or(Some(0)), whole, self.lang),
        }
    }

    /// A count for running text: a suppressed count reads "een onderdrukt aantal",
    /// never the bare mark of tables.
    pub(crate) fn cw(&self, n: Option<u64>) -> String {
        match (n, self.kk()) {
            (None, Some(_)) => self
                .t("een onderdrukt aantal", "a suppressed number")
                .to_string(),
            _ => self.c(n),
        }
    }

    /// The count and share of a part in brackets: "n = 15; 41,3%" (`n_first`) or
    /// "41,3%; n = 15"; in words below [`WORDS_BELOW`] ("tien van de achttien"), and
    /// "een onderdrukt aantal" when suppressed.
    pub(crate) fn n_share(&self, part: Option<u64>, whole: u64, n_first: bool) -> String {
        match part {
            Some(_) if whole >= WORDS_BELOW => {
                let (c, p) = (self.c(part), self.st(part, whole));
                if n_first {
                    format!("n = {c}; {p}")
                } else {
                    format!("{p}; n = {c}")
                }
            }
            _ => self.st(part, whole),
        }
    }

    /// " (n = 92)" after a share written as a percentage; nothing after a share in words
    /// or a suppressed one (the phrase says it all).
    pub(crate) fn pct_n(&self, part: Option<u64>, whole: u64) -> String {
        match part {
            Some(p) if whole >= WORDS_BELOW && self.k.one(whole).is_some() => {
                format!(" (n = {})", self.count(p))
            }
            _ => String::new(),
        }
    }

    /// A part of a base as one noun phrase ([`share_phrase`]).
    /// The base is protected as [`Ctx::n`]: when the chapter's population minus
    /// it would reveal a small count, the phrase hides the base too.
    pub(crate) fn ph(&self, part: Option<u64>, whole: u64, noun: Noun, tail: &str) -> Phrase {
        match self.kk() {
            Some(_) if whole > 0 && self.k.known(whole, self.base).is_none() => {
                // Hidden as a whole: the phrase stands alone (no percentage
                // of the hidden base is written beside it).
                Phrase {
                    words: true,
                    ..hidden_whole_phrase(self.lang, noun, tail)
                }
            }
            k => share_phrase(part, whole, k, self.lang, noun, tail),
        }
    }

    /// "In 127 chats (76,9% van 165)" style: the count with its noun and its share of the
    /// base; below [`WORDS_BELOW`] "zestien van de negentien chats", suppressed
    /// "een onderdrukt aantal van de 19 chats".
    pub(crate) fn count_share(&self, part: Option<u64>, whole: u64, noun: Noun) -> String {
        let ph = self.ph(part, whole, noun, "");
        match part {
            Some(p) if !ph.words && whole >= WORDS_BELOW && self.k.one(whole).is_some() => {
                format!(
                    "{} ({} {} {})",
                    count_noun(p, self.lang, noun.0, noun.1),
                    share(Some(p), whole, self.lang),
                    self.t("van", "of"),
                    self.count(whole)
                )
            }
            _ => ph.text,
        }
    }

    /// A published count with its noun, suppressed as [`Ctx::n`].
    fn cnoun(&self, n: u64, lang: Lang, one: &str, many: &str) -> String {
        count_noun_or_less(self.k.known(n, self.base), self.kk(), lang, one, many)
    }

    /// Label of a variable or set.
    pub(crate) fn vlabel(&self, name: &str) -> String {
        if let Some(v) = self.book.variable(name) {
            return v.label.get(self.lang).to_string();
        }
        self.book
            .set(name)
            .map(|st| st.label.get(self.lang).to_string())
            .unwrap_or_else(|| name.to_string())
    }

    /// Label of a code of a variable (or an item of a set).
    pub(crate) fn clabel(&self, var: &str, code: &str) -> String {
        let lang = self.lang;
        if let Some(v) = self.book.variable(var) {
            if v.kind == Kind::YesNo {
                return match code {
                    "yes" => self.t("Ja", "Yes").to_string(),
                    "no" => self.t("Nee", "No").to_string(),
                    _ => self.t("Onbekend", "Unknown").to_string(),
                };
            }
            if let Some(c) = v.code(code) {
                return c.label(lang).to_string();
            }
        }
        if let Some(st) = self.book.set(var)
            && let Some(c) = st.items.iter().find(|i| i.code == code)
        {
            return c.label(lang).to_string();
        }
        self.t("Onbekend", "Unknown").to_string()
    }

    /// The counts of a variable in a population (unknown left out), suppressed as a group.
    pub(crate) fn dist(&self, stats: &Stats, pop: &str, var: &str) -> Result<Dist, ReportError> {
        let single = stats
            .single(pop, var)
            .ok_or_else(|| ReportError::Codebook(format!("{pop}/{var}")))?;
        let known: Vec<(&str, u64)> = single
            .counts
            .iter()
            .filter(|(code, _)| *code != "unknown")
            .map(|(c, n)| (c, *n))
            .collect();
        let raw: Vec<u64> = known.iter().map(|(_, n)| *n).collect();
        // Each count is also a part of the population (published in the
        // chapter): the cases without it are a count too.
        let size = stats.population_sizes.count(pop);
        let shown: Vec<Option<u64>> = self
            .k
            .group(&raw)
            .into_iter()
            .map(|v| v.and_then(|n| self.k.known(n, size)))
            .collect();
        Ok(Dist {
            n: single.n,
            items: known
                .iter()
                .zip(shown)
                .map(|((code, _), shown)| Item {
                    code: (*code).to_string(),
                    label: self.clabel(var, code),
                    shown,
                })
                .collect(),
        })
    }

    /// A multiple-response set of a population, suppressed as a group (the mentions are a published total).
    pub(crate) fn set_dist(
        &self,
        stats: &Stats,
        pop: &str,
        set: &str,
    ) -> Result<SetDist, ReportError> {
        let st = stats
            .set(pop, set)
            .ok_or_else(|| ReportError::Codebook(format!("{pop}/{set}")))?;
        let raw: Vec<u64> = st.counts.iter().map(|(_, n)| *n).collect();
        // The items add up to the mentions (a published total), and each item is a
        // part of the cases (its complement, the cases without it, is a count too).
        let shown: Vec<Option<u64>> = self
            .k
            .group(&raw)
            .into_iter()
            .zip(&raw)
            .map(|(v, &n)| v.and_then(|_| self.k.part(n, st.cases)))
            .map(|v| v.and_then(|n| self.k.known(n, stats.population_sizes.count(pop))))
            .collect();
        Ok(SetDist {
            cases: st.cases,
            mentions: st.mentions,
            two_or_more: st
                .two_or_more
                .and_then(|n| self.k.part(n, st.cases))
                .and_then(|n| self.k.known(n, stats.population_sizes.count(pop))),
            items: st
                .counts
                .iter()
                .zip(shown)
                .map(|((code, _), shown)| Item {
                    code: code.to_string(),
                    label: self.clabel(set, code),
                    shown,
                })
                .collect(),
        })
    }

    pub(crate) fn caption(&self, number: usize, title: &str, n: Option<u64>) -> String {
        let word = self.t("Figuur", "Figure");
        match n {
            Some(n) => format!("{word} {number}. {title} (n = {})", self.n(n)),
            None => format!("{word} {number}. {title}"),
        }
    }

    pub(crate) fn suppressed_label(&self) -> String {
        match self.kk() {
            Some(_) => crate::text::SUPPRESSED.to_string(),
            None => "-".to_string(),
        }
    }

    pub(crate) fn add_figure(&mut self, title: &str, n: Option<u64>, chart: Chart) -> Block {
        let number = self.figures.len() + 1;
        self.figures.push(Figure {
            number,
            file: format!("{}-{number:02}", self.t("figuur", "figure")),
            caption: self.caption(number, title, n),
            chart,
        });
        Block::Figure(number - 1)
    }

    /// Rows of the table (within the reporting year) for which `keep` holds, as statistics.
    fn sub_stats(&self, year: Option<i32>, keep: impl Fn(usize) -> bool) -> Option<Stats> {
        let sub = self.table.filter(keep);
        zicht_stats::compute(&sub, self.book, year).ok()
    }

    /// A row predicate: the variable has one of the codes (yes/no: `yes` = 1, `no` = 0).
    fn has(&self, var: &str, codes: &[&str]) -> Result<impl Fn(usize) -> bool + '_, ReportError> {
        let col = self
            .table
            .index(var)
            .ok_or_else(|| ReportError::Codebook(var.to_string()))?;
        let cells: Vec<Cell> = match self.book.variable(var) {
            Some(v) if v.kind == Kind::YesNo => codes
                .iter()
                .map(|c| if *c == "yes" { 1 } else { 0 })
                .collect(),
            Some(v) => codes
                .iter()
                .filter_map(|c| v.code_index(c).map(|i| i as Cell))
                .collect(),
            None => Vec::new(),
        };
        let column = self.table.column(col);
        Ok(move |row: usize| {
            let cell = column[row];
            cell != MISSING && cells.contains(&cell)
        })
    }

    /// "label (n = x)" list of the items with a count, largest first.
    fn listed(&self, items: &[&Item], lower_labels: bool) -> String {
        let parts: Vec<String> = items
            .iter()
            .filter(|i| i.shown != Some(0))
            .map(|i| {
                let l = if lower_labels {
                    lower(&i.label)
                } else {
                    i.label.clone()
                };
                format!("{l} (n = {})", self.c(i.shown))
            })
            .collect();
        join_and(&parts, self.lang)
    }

    // ---------------------------------------------------------------- chapters

    /// The selection of conversations: the funnel in words, the exclusion reasons, the
    /// selection table and the channels table.
    pub(crate) fn method_findings(&mut self, stats: &Stats) -> Result<Vec<Block>, ReportError> {
        let f = &stats.funnel;
        let y = self.year;
        let lang = self.lang;
        let k = self.k;
        let mut blocks = Vec::new();
        // Channel shares of the flagged conversations.
        let channel = &self.book.analysis.channel;
        let conv: Vec<(String, u64)> = f
            .conversations_by_channel
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect();
        let conv_shown = k.group(&conv.iter().map(|(_, n)| *n).collect::<Vec<_>>());
        let mut ranked: Vec<(String, Option<u64>)> = conv
            .iter()
            .zip(&conv_shown)
            .map(|((c, _), s)| (self.clabel(channel, c), *s))
            .collect();
        ranked.sort_by_key(|(_, s)| std::cmp::Reverse(s.map_or(0, |n| n + 1)));
        let shares: Vec<String> = ranked
            .iter()
            .map(|(l, s)| {
                format!(
                    "{} {} {l}",
                    self.st(*s, f.conversations),
                    self.t("via", "through")
                )
            })
            .collect();
        // The flagged conversations are published, and they are the duplicates,
        // the excluded and the included together: one group.
        let funnel = k.group(&[f.duplicates, f.excluded, f.included]);
        let (dup, exc, included) = (funnel[0], funnel[1], funnel[2]);
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "Voor dit onderzoek zijn alle gesprekken geanalyseerd van unieke bezoekers die in de periode van 1 januari {y} tot en met 31 december {y} voor het eerst bij de chat in beeld kwamen \u{e9}n bij wie de hulpverlener heeft aangemerkt dat deze persoon een hulpvraag had inzake mensenhandel. Dit resulteerde in {}. Van deze gesprekken kwam {}. Tijdens het coderen bleek dat verschillende bezoekers onder twee of meer gebruikersnamen van de chat gebruik hebben gemaakt. Deze {} zogenoemde \u{2018}dubbelingen\u{2019} zijn voorafgaand aan de analyse aan elkaar gekoppeld. Daarnaast bleek uit {} dat de bezoeker een hulpvraag had die niet aan mensenhandel gerelateerd was; deze zijn uit het databestand gehaald.",
                self.cnoun(f.conversations, lang, "gesprek", "gesprekken"),
                join_and(&shares, lang),
                self.cw(dup),
                count_noun_or_less(exc, self.kk(), lang, "gesprek", "gesprekken"),
            ),
            Lang::En => format!(
                "For this study every conversation was analysed of unique visitors who came to the chat for the first time between 1 January {y} and 31 December {y} and whom the counsellor marked as having a question about human trafficking. This gave {}. Of these conversations {}. While coding it turned out that some visitors had used two or more usernames. These {} \u{2018}duplicates\u{2019} were linked before the analysis. Moreover, {} turned out to be about a question not related to trafficking; these were removed from the data.",
                self.cnoun(f.conversations, lang, "conversation", "conversations"),
                join_and(&shares, lang),
                self.cw(dup),
                count_noun_or_less(exc, self.kk(), lang, "conversation", "conversations"),
            ),
        })));
        // Exclusion reasons.
        let reason_var = &self.book.analysis.exclusion_reason;
        let reasons: Vec<(String, u64)> = f
            .exclusion_reasons
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect();
        let rshown = k.group(&reasons.iter().map(|(_, n)| *n).collect::<Vec<_>>());
        let rlist: Vec<String> = reasons
            .iter()
            .zip(&rshown)
            .filter(|(_, s)| **s != Some(0))
            .map(|((c, _), s)| {
                format!(
                    "{} (n = {})",
                    lower(&self.clabel(reason_var, c)),
                    self.c(*s)
                )
            })
            .collect();
        if !rlist.is_empty() {
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!("De redenen van exclusie waren: {}.", join_and(&rlist, lang)),
                Lang::En => format!(
                    "The reasons for exclusion were: {}.",
                    join_and(&rlist, lang)
                ),
            })));
        }
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "Dit betekent dat in het jaar {y} **{} unieke bezoekers** met een hulpvraag rondom mensenhandel bij de chat in beeld zijn gekomen. Het gaat hierbij om slachtoffers die zelf aangeven dat zij door iemand worden gedwongen om seks te hebben met anderen of tot het plegen van criminele feiten, en om bezoekers die zich zorgen maken dat iemand uit hun omgeving hiertoe wordt gedwongen.",
                self.cw(included)
            ),
            Lang::En => format!(
                "This means that in {y} **{} unique visitors** with a question about human trafficking came to the chat. They are victims who say that someone forces them to have sex with others or to commit crimes, and visitors who are worried that someone close to them is forced into this.",
                self.cw(included)
            ),
        })));
        // The funnel as a table.
        let head = vec![
            self.t("Selectie", "Selection").to_string(),
            self.t("Aantal", "Number").to_string(),
        ];
        let rows = vec![
            vec![
                self.t("Gemarkeerde gesprekken", "Flagged conversations")
                    .to_string(),
                self.n(f.conversations),
            ],
            vec![
                self.t("Gekoppelde dubbelingen", "Linked duplicates")
                    .to_string(),
                self.c(dup),
            ],
            vec![
                self.t(
                    "Geëxcludeerd (geen mensenhandel)",
                    "Excluded (not trafficking)",
                )
                .to_string(),
                self.c(exc),
            ],
            vec![
                self.t("Geïncludeerde unieke bezoekers", "Included unique visitors")
                    .to_string(),
                self.c(included),
            ],
        ];
        blocks.push(Block::Table(Table {
            caption: format!(
                "{} {} {y}",
                self.next_table(),
                self.t("Selectie van gesprekken", "Selection of conversations")
            ),
            head,
            rows,
            numeric: true,
        }));
        // Channels table.
        let inc: Vec<u64> = conv
            .iter()
            .map(|(c, _)| f.included_by_channel.count(c))
            .collect();
        // Per channel the visitors are part of the conversations: the visitors and
        // the rest (conversations minus visitors) are a table whose rows and
        // columns must not give away a small count.
        let split: Vec<Vec<u64>> = conv
            .iter()
            .zip(&inc)
            .map(|((_, c), i)| vec![*i, c.saturating_sub(*i)])
            .collect();
        let split_shown = k.table(&split);
        let inc_shown: Vec<Option<u64>> = split_shown
            .iter()
            .zip(&conv_shown)
            .map(|(row, cs)| cs.and(row[0]))
            .collect();
        let rows: Vec<Vec<String>> = conv
            .iter()
            .zip(conv_shown.iter().zip(&inc_shown))
            .map(|((c, _), (cs, is))| {
                vec![
                    self.clabel(channel, c),
                    self.c(*cs),
                    share(*cs, f.conversations, lang),
                    self.c(*is),
                    share(*is, f.included, lang),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{} {}",
                self.next_table(),
                self.t(
                    "Gesprekken en bezoekers per kanaal",
                    "Conversations and visitors per channel",
                )
            ),
            head: vec![
                self.vlabel(channel),
                self.t("Gesprekken", "Conversations").to_string(),
                "%".to_string(),
                self.t("Bezoekers", "Visitors").to_string(),
                "%".to_string(),
            ],
            rows,
            numeric: true,
        }));
        Ok(blocks)
    }

    /// Bullets on gender, with the breakdown per form of exploitation from the cross table.
    fn gender_bullets(&self, stats: &Stats, pop: &str) -> Result<Vec<Rich>, ReportError> {
        let lang = self.lang;
        let g = self.dist(stats, pop, s::GENDER)?;
        let ranked = g.ranked();
        let mut out = Vec::new();
        if let Some(first) = ranked.first() {
            let rest: Vec<String> = ranked[1..]
                .iter()
                .filter(|i| i.shown != Some(0))
                .map(|i| {
                    let who = match lang {
                        Lang::Nl => {
                            self.count_share(i.shown, g.n, Noun("slachtoffer", "slachtoffers"))
                        }
                        Lang::En => self.count_share(i.shown, g.n, Noun("victim", "victims")),
                    };
                    match lang {
                        Lang::Nl => format!("**{}** bij {who}", lower(&i.label)),
                        Lang::En => format!("**{}** for {who}", lower(&i.label)),
                    }
                })
                .collect();
            let missing = stats.single(pop, s::GENDER).map_or(0, |x| x.missing);
            let miss = self.k.one(missing);
            let ph = match lang {
                Lang::Nl => self.ph(
                    first.shown,
                    g.n,
                    Noun("slachtoffer", "slachtoffers"),
                    " van wie het gender bekend is",
                ),
                Lang::En => self.ph(
                    first.shown,
                    g.n,
                    Noun("victim", "victims"),
                    " whose gender is known",
                ),
            };
            let paren = match first.shown {
                Some(_) if !ph.words && self.k.one(g.n).is_some() => {
                    format!("n = {}; {}", self.c(first.shown), ph.text)
                }
                _ => ph.text,
            };
            let mut text = match lang {
                Lang::Nl => format!(
                    "De slachtoffers waren voornamelijk **{}** ({paren}).",
                    lower(&first.label),
                ),
                Lang::En => format!(
                    "The victims were mostly **{}** ({paren}).",
                    lower(&first.label),
                ),
            };
            if !rest.is_empty() {
                text += &match lang {
                    Lang::Nl => format!(" Verder was het gender {}.", join_and(&rest, lang)),
                    Lang::En => format!(" Further, the gender was {}.", join_and(&rest, lang)),
                };
            }
            if missing > 0 {
                text += &match lang {
                    Lang::Nl => format!(
                        " Bij {} is geen gender ingevuld.",
                        count_noun_or_less(miss, self.kk(), lang, "chatter", "chatters")
                    ),
                    Lang::En => format!(
                        " For {} no gender was filled in.",
                        count_noun_or_less(miss, self.kk(), lang, "chatter", "chatters")
                    ),
                };
            }
            out.push(rich(&text));
        }
        Ok(out)
    }

    /// Bullet on ages: coded extremes, mean and median, minors and thresholds.
    fn age_bullet(
        &self,
        stats: &Stats,
        pop: &str,
        extra: bool,
    ) -> Result<Option<Rich>, ReportError> {
        let lang = self.lang;
        let Some(a) = stats.age(pop, &self.book.analysis.age) else {
            return Ok(None);
        };
        let (Some(min), Some(max), Some(mean), Some(median)) = (a.min, a.max, a.mean, a.median)
        else {
            return Ok(None);
        };
        // Disclosure control: no minimum or maximum is released (Statistics
        // Netherlands' output rules), and nothing at all about fewer than K victims.
        if self.k.one(a.n).is_none() {
            return Ok(None);
        }
        let minors = self.k.part(a.minors, a.n);
        let extremes = match (self.kk(), lang) {
            (Some(_), _) => String::new(),
            (None, Lang::Nl) => format!(
                "Het jongste slachtoffer was {} en het oudste slachtoffer {}. ",
                self.ages.age(min, lang),
                self.ages.age(max, lang)
            ),
            (None, Lang::En) => format!(
                "The youngest victim was {} and the oldest {}. ",
                self.ages.age(min, lang),
                self.ages.age(max, lang)
            ),
        };
        let victims = self.t("slachtoffers", "victims");
        let minors_ph = self.ph(
            minors,
            a.n,
            Noun(self.t("slachtoffer", "victim"), victims),
            "",
        );
        let minors_text = match (minors, minors_ph.words, lang) {
            (Some(_), false, Lang::Nl) => format!(
                "In {} ging het om **minderjarige** slachtoffers (n = {}).",
                share_text(minors, a.n, lang),
                self.c(minors)
            ),
            (Some(_), false, Lang::En) => format!(
                "In {} of cases the victim was a **minor** (n = {}).",
                share_text(minors, a.n, lang),
                self.c(minors)
            ),
            (_, _, Lang::Nl) => format!(
                "{} {} **minderjarig**.",
                cap(&minors_ph.text),
                minors_ph.verb("was", "waren")
            ),
            (_, _, Lang::En) => format!(
                "{} {} **{}**.",
                cap(&minors_ph.text),
                minors_ph.verb("was", "were"),
                if minors_ph.plural {
                    "minors"
                } else {
                    "a minor"
                }
            ),
        };
        let mut text = match lang {
            Lang::Nl => format!(
                "{extremes}De gemiddelde leeftijd van de slachtoffers was **{} jaar** (de mediaan is {} jaar; n = {}). {minors_text}",
                years(mean),
                years(median),
                self.n(a.n),
            ),
            Lang::En => format!(
                "{extremes}The mean age of the victims was **{} years** (the median is {} years; n = {}). {minors_text}",
                years(mean),
                years(median),
                self.n(a.n),
            ),
        };
        for (key, n) in a.under.iter() {
            let Some(t) = key.strip_prefix("under_") else {
                continue;
            };
            let shown = self.k.part(*n, a.n);
            let ph = self.ph(
                shown,
                a.n,
                Noun(self.t("slachtoffer", "victim"), victims),
                "",
            );
            text += &match lang {
                Lang::Nl => format!(
                    " {} {} jonger dan {t}.",
                    cap(&ph.text),
                    ph.verb("was", "waren")
                ),
                Lang::En => format!(
                    " {} {} younger than {t}.",
                    cap(&ph.text),
                    ph.verb("was", "were")
                ),
            };
        }
        if extra
            && minors.is_some()
            && let (Some(mm), Some(md)) = (a.minor_mean, a.minor_median)
        {
            text += &match lang {
                Lang::Nl => format!(
                    " De gemiddelde leeftijd van de minderjarige slachtoffers is {} jaar en de mediaan is {} jaar.",
                    years(mm),
                    years(md)
                ),
                Lang::En => format!(
                    " The minors' mean age is {} years and their median age {} years.",
                    years(mm),
                    years(md)
                ),
            };
        }
        Ok(Some(rich(&text)))
    }

    /// The background of all visitors: forms of exploitation, who chats, gender, age, language, referral.
    pub(crate) fn all_background(&self, stats: &Stats) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let total = stats.population_sizes.count(s::ALL);
        let mut blocks = Vec::new();
        let mut bullets = Vec::new();
        // Forms of exploitation.
        let ex = self.dist(stats, s::ALL, s::EXPLOITATION)?;
        let ranked = ex.ranked();
        if let Some(first) = ranked.first() {
            let mut text = match lang {
                Lang::Nl => format!(
                    "Veruit de meeste bezoekers kwamen op de chat om te praten over een situatie van **{}** ({}).",
                    lower(&first.label),
                    self.n_share(first.shown, ex.n, true)
                ),
                Lang::En => format!(
                    "By far most visitors came to the chat to talk about **{}** ({}).",
                    lower(&first.label),
                    self.n_share(first.shown, ex.n, true)
                ),
            };
            for i in &ranked[1..] {
                if i.shown == Some(0) {
                    continue;
                }
                let cases = count_noun_or_less(
                    i.shown,
                    self.kk(),
                    lang,
                    self.t("geval", "case"),
                    self.t("gevallen", "cases"),
                );
                text += &match lang {
                    Lang::Nl => format!(" In {cases} ging het om **{}**.", lower(&i.label)),
                    Lang::En => format!(" In {cases} it was about **{}**.", lower(&i.label)),
                };
                if i.code == s::BOTH {
                    let onset = self.dist(stats, s::ALL, s::BOTH_ONSET)?;
                    let list = self.listed(&onset.ranked(), true);
                    if !list.is_empty() {
                        text += &match lang {
                            Lang::Nl => format!(" Welke vorm eerst begon: {list}."),
                            Lang::En => format!(" Which form started first: {list}."),
                        };
                    }
                }
            }
            bullets.push(rich(&text));
        }
        // Who chats.
        let ch = self.dist(stats, s::ALL, s::CHATTER)?;
        let victims = ch.get(s::VICTIM);
        let others: Vec<&Item> = ch
            .ranked()
            .into_iter()
            .filter(|i| i.code != s::VICTIM)
            .collect();
        bullets.push(rich(&match lang {
            Lang::Nl => format!(
                "Op de chat kwamen voornamelijk personen die **zelf slachtoffer** zijn van mensenhandel ({}). In de overige chats kwam de persoon praten over een bekende die (mogelijk) slachtoffer is van mensenhandel: {}.",
                self.n_share(victims, ch.n, false), self.listed(&others, true)
            ),
            Lang::En => format!(
                "Mostly the chatters were **victims themselves** ({}). In the other chats the person talked about someone they know who is (possibly) a victim: {}.",
                self.n_share(victims, ch.n, false), self.listed(&others, true)
            ),
        }));
        let gb = self.gender_bullets(stats, s::ALL)?;
        bullets.extend(gb);
        if let Some(b) = self.age_bullet(stats, s::ALL, true)? {
            bullets.push(b);
        }
        // Safety over all conversations: the same quantities as the summary and conclusion.
        let au = self.dist(stats, s::ALL, s::ACUTELY_UNSAFE)?;
        let ts = self.dist(stats, s::ALL, s::TIME_SINCE)?;
        let fd = self.dist(stats, s::ALL, s::FIRST_DISCLOSURE)?;
        if au.n > 0 && ts.n > 0 && fd.n > 0 {
            let conv = Noun(
                self.t("gesprek", "conversation"),
                self.t("gesprekken", "conversations"),
            );
            let tail = self.t(" waarin dit bekend is", " where this is known");
            let (a, t, f) = (
                self.ph(au.get("yes"), au.n, conv, tail).text,
                self.ph(ts.get(s::ONGOING), ts.n, conv, tail).text,
                self.ph(fd.get("yes"), fd.n, conv, tail).text,
            );
            bullets.push(rich(&match lang {
                Lang::Nl => format!("Over alle gesprekken samen: bij {a}, was het slachtoffer op het moment van het eerste contact **acuut onveilig**; bij {t}, was de uitbuiting **nog gaande**; in {f}, vertelde de bezoeker voor het eerst aan iemand over de uitbuiting (**first disclosure**)."),
                Lang::En => format!("Over all conversations: in {a}, the victim was **acutely unsafe** at first contact; in {t}, the exploitation was **still going on**; in {f}, the visitor told someone about the exploitation for the first time (**first disclosure**)."),
            }));
        }
        // Language.
        let lg = self.dist(stats, s::ALL, s::LANGUAGE)?;
        if let Some(first) = lg.ranked().first() {
            let others: u64 = lg.n - first.shown.unwrap_or(lg.n);
            let o = self
                .k
                .part(others, lg.n)
                .and_then(|n| self.k.known(n, self.base));
            bullets.push(rich(&match lang {
                Lang::Nl => format!("Op {} na zijn alle gesprekken waarvan de taal bekend is (n = {}) in het **{}** gevoerd.", count_noun_or_less(o, self.kk(), lang, "gesprek", "gesprekken"), self.n(lg.n), first.label),
                Lang::En => format!("All conversations whose language is known (n = {}) were held in **{}**, except {}.", self.n(lg.n), first.label, count_noun_or_less(o, self.kk(), lang, "conversation", "conversations")),
            }));
        }
        // Referral.
        let rf = self.dist(stats, s::ALL, s::REFERRAL)?;
        if rf.n > 0 {
            bullets.push(rich(&match lang {
                Lang::Nl => format!(
                    "Van de {} chatters gaven er {} aan hoe zij op de chat terechtkwamen: {}.",
                    self.cw(self.k.one(total)),
                    self.cw(self.k.part(rf.n, total)),
                    self.listed(&rf.ranked(), true)
                ),
                Lang::En => format!(
                    "Of the {} chatters, {} said how they found the chat: {}.",
                    self.cw(self.k.one(total)),
                    self.cw(self.k.part(rf.n, total)),
                    self.listed(&rf.ranked(), false)
                ),
            }));
        }
        blocks.push(Block::Bullets(bullets));
        Ok(blocks)
    }

    /// What stands out about the situations: how they met, first disclosure, other victims, coercion and violence.
    pub(crate) fn all_situations(&self, stats: &Stats) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let total = stats.population_sizes.count(s::ALL);
        let mut blocks = Vec::new();
        let mut bullets = Vec::new();
        let met = self.dist(stats, s::ALL, s::MET)?;
        if met.n > 0 {
            let parts: Vec<String> = met
                .ranked()
                .iter()
                .map(|i| format!("{} **{}**", self.st(i.shown, met.n), lower(&i.label)))
                .collect();
            let plat = self.dist(stats, s::ALL, s::MET_PLATFORM)?;
            let top: Vec<String> = plat
                .ranked()
                .iter()
                .take(2)
                .filter(|i| i.shown.is_some_and(|n| n > 0))
                .map(|i| i.label.clone())
                .collect();
            let mut text = match lang {
                Lang::Nl => format!(
                    "In {} werd duidelijk op welke wijze de pleger en het slachtoffer elkaar hebben leren kennen, in gevallen dat zij geen familie waren. Het slachtoffer leerde de pleger kennen: {}.",
                    self.cnoun(met.n, lang, "chatgesprek", "chatgesprekken"),
                    join_and(&parts, lang)
                ),
                Lang::En => format!(
                    "In {} it became clear how victim and perpetrator met, where they were not family. The victim met the perpetrator: {}.",
                    self.cnoun(met.n, lang, "chat", "chats"),
                    join_and(&parts, lang)
                ),
            };
            if !top.is_empty() {
                text += &match lang {
                    Lang::Nl => format!(
                        " Online werden {} het vaakst genoemd.",
                        join_and(&top, lang)
                    ),
                    Lang::En => format!(" Online, {} were named most often.", join_and(&top, lang)),
                };
            }
            bullets.push(rich(&text));
        }
        // First disclosure, overall and for acutely unsafe victims.
        let victim_pred = self.has(s::CHATTER, &[s::VICTIM])?;
        let victim_stats = self.sub_stats(Some(self.year), victim_pred);
        if let Some(vs) = &victim_stats {
            let fd = self.dist(vs, s::ALL, s::FIRST_DISCLOSURE)?;
            let yes = fd.get("yes");
            let mut text = match lang {
                Lang::Nl => format!(
                    "Bij {} die zelf slachtoffer {}, werd besproken of zij in het chatgesprek voor de allereerste keer praatten over de uitbuitingssituatie. Dit wordt ook wel **first disclosure** genoemd. In {} was sprake van een first disclosure in de chat.",
                    self.cnoun(fd.n, lang, "bezoeker", "bezoekers"),
                    if self.k.one(fd.n) == Some(1) {
                        "is"
                    } else {
                        "zijn"
                    },
                    self.count_share(yes, fd.n, Noun("chatgesprek", "chatgesprekken")),
                ),
                Lang::En => format!(
                    "For {} who are victims themselves, it was discussed whether they talked about the situation for the very first time in the chat. This is called **first disclosure**. In {} the chat was a first disclosure.",
                    self.cnoun(fd.n, lang, "visitor", "visitors"),
                    self.count_share(yes, fd.n, Noun("chat", "chats")),
                ),
            };
            let unsafe_pred = self.has(s::ACUTELY_UNSAFE, &["yes"])?;
            let victim_pred = self.has(s::CHATTER, &[s::VICTIM])?;
            if let Some(us) = self.sub_stats(Some(self.year), |r| victim_pred(r) && unsafe_pred(r))
            {
                let size = us.population_sizes.count(s::ALL);
                let fdu = self.dist(&us, s::ALL, s::FIRST_DISCLOSURE)?;
                let y2 = fdu.get("yes");
                let no = fdu.get("no");
                text += &match lang {
                    _ if fdu.n == 0 || self.k.one(size).is_none() => String::new(),
                    Lang::Nl => format!(
                        " Van de {} die zelf slachtoffer zijn en op het moment van eerste contact **acuut onveilig** waren (bij {} bekend), gaf {} aan dat er sprake was van first disclosure; {} hadden al eerder over de situatie gepraat.",
                        self.cnoun(size, lang, "bezoeker", "bezoekers"),
                        self.cw(self.k.part(fdu.n, size)),
                        self.st(y2, fdu.n),
                        self.cw(no)
                    ),
                    Lang::En => format!(
                        " Of the {} who are victims themselves and were **acutely unsafe** at first contact (known for {}), {} said it was a first disclosure; {} had talked about the situation before.",
                        self.cnoun(size, lang, "visitor", "visitors"),
                        self.cw(self.k.part(fdu.n, size)),
                        self.st(y2, fdu.n),
                        self.cw(no)
                    ),
                };
            }
            bullets.push(rich(&text));
        }
        let mv = self.dist(stats, s::ALL, s::MULTIPLE_VICTIMS)?;
        let mvy = mv.get("yes");
        bullets.push(rich(&match lang {
            Lang::Nl => format!("Bovendien gaven {} expliciet aan dat zij ook nog **andere slachtoffers** kennen die bij de uitbuitingssituatie betrokken waren. Dit geeft een ondergrens weer, omdat dit niet standaard wordt uitgevraagd.", self.count_share(mvy, total, Noun("bezoeker", "bezoekers"))),
            Lang::En => format!("Moreover, {} said explicitly that they know **other victims** involved in the situation. This is a lower bound, since it is not asked as a rule.", self.count_share(mvy, total, Noun("visitor", "visitors"))),
        }));
        let co = self.set_dist(stats, s::ALL, s::COERCION)?;
        let mut ranked: Vec<&Item> = co.items.iter().collect();
        ranked.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
        let top3: Vec<String> = ranked
            .iter()
            .take(3)
            .filter(|i| i.shown.is_some_and(|n| n > 0))
            .map(|i| format!("**{}**", lower(&i.label)))
            .collect();
        let mut text = match lang {
            Lang::Nl => format!(
                "Een slachtoffer kan met meerdere dwangmiddelen te maken hebben. In {} werd minimaal \u{e9}\u{e9}n dwangmiddel genoemd. In totaal zijn {} genoemd. De meest genoemde dwangmiddelen waren {}.",
                self.cnoun(co.cases, lang, "chat", "chats"),
                self.cnoun(co.mentions, lang, "dwangmiddel", "dwangmiddelen"),
                join_and(&top3, lang)
            ),
            Lang::En => format!(
                "A victim may face several means of coercion. In {} at least one means of coercion was named; {} were named in total. The most frequent were {}.",
                self.cnoun(co.cases, lang, "chat", "chats"),
                self.cnoun(co.mentions, lang, "means", "means"),
                join_and(&top3, lang)
            ),
        };
        let vi = self.set_dist(stats, s::ALL, s::VIOLENCE)?;
        if vi.cases > 0 {
            let mut r: Vec<&Item> = vi.items.iter().collect();
            r.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
            text += &match lang {
                Lang::Nl => format!(
                    " Bij {} werd de soort geweld genoemd: {}.",
                    self.cnoun(vi.cases, lang, "chat", "chats"),
                    self.listed(&r, true)
                ),
                Lang::En => format!(
                    " In {} the kind of violence was named: {}.",
                    self.cnoun(vi.cases, lang, "chat", "chats"),
                    self.listed(&r, true)
                ),
            };
        }
        bullets.push(rich(&text));
        blocks.push(Block::Bullets(bullets));
        Ok(blocks)
    }

    /// A cross table of the codebook as grouped bars (one series per column code).
    pub(crate) fn crosstab_figure(
        &mut self,
        stats: &Stats,
        name: &str,
        title: &str,
        with_n: bool,
    ) -> Result<Option<Block>, ReportError> {
        let Some(ct) = self.book.analysis.crosstabs.iter().find(|c| c.name == name) else {
            return Ok(None);
        };
        let Some(tab) = stats.crosstabs.get(&ct.name) else {
            return Ok(None);
        };
        let (rv, cv) = (ct.rows.clone(), ct.columns.clone());
        let row_codes: Vec<String> = self
            .book
            .variable(&rv)
            .map(|v| v.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default();
        let col_codes: Vec<String> = self
            .book
            .variable(&cv)
            .map(|v| v.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default();
        let counts: Vec<Vec<u64>> = row_codes
            .iter()
            .map(|r| {
                col_codes
                    .iter()
                    .map(|c| tab.get(r).map_or(0, |row| row.count(c)))
                    .collect()
            })
            .collect();
        let n: u64 = counts.iter().flatten().sum();
        let shown = self.k.table(&counts);
        let series = col_codes
            .iter()
            .enumerate()
            .map(|(ci, c)| ChartSeries {
                name: self.clabel(&cv, c),
                values: shown.iter().map(|row| row[ci]).collect(),
                intervals: Vec::new(),
            })
            .collect();
        let chart = Chart {
            orientation: Orientation::Horizontal,
            categories: row_codes.iter().map(|r| self.clabel(&rv, r)).collect(),
            series,
            percent_base: None,
            suppressed_label: self.suppressed_label(),
            lang: self.lang,
        };
        Ok(Some(self.add_figure(title, with_n.then_some(n), chart)))
    }

    /// Age groups between the privacy bounds, with shares of the known ages.
    pub(crate) fn age_figure(
        &mut self,
        stats: &Stats,
        pop: &str,
        title: &str,
        with_n: bool,
    ) -> Result<Option<Block>, ReportError> {
        let lang = self.lang;
        let Some(a) = stats.age(pop, &self.book.analysis.age) else {
            return Ok(None);
        };
        if a.n == 0 {
            return Ok(None);
        }
        let young = self.ages.young;
        let old = self.ages.old;
        let mut edges: Vec<u32> = vec![young];
        edges.extend(
            s::AGE_EDGES
                .iter()
                .copied()
                .filter(|&e| e > young && e <= old),
        );
        let mut labels = vec![format!("< {young}")];
        let mut counts = vec![0u64];
        for (i, &lo) in edges.iter().enumerate() {
            let hi = edges.get(i + 1).map_or(old, |&h| h - 1);
            labels.push(if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}\u{2013}{hi}")
            });
            counts.push(0);
        }
        labels.push(format!("> {old}"));
        counts.push(0);
        for (age, n) in a.distribution.iter() {
            let Ok(age) = age.parse::<u32>() else {
                continue;
            };
            let slot = if age < young {
                0
            } else if age > old {
                counts.len() - 1
            } else {
                1 + edges.iter().rposition(|&e| e <= age).unwrap_or(0)
            };
            counts[slot] += n;
        }
        let shown = self.k.group(&counts);
        let chart = Chart {
            orientation: Orientation::Vertical,
            categories: labels,
            series: vec![ChartSeries {
                name: String::new(),
                values: shown,
                intervals: Vec::new(),
            }],
            percent_base: Some(a.n),
            suppressed_label: self.suppressed_label(),
            lang,
        };
        Ok(Some(self.add_figure(title, with_n.then_some(a.n), chart)))
    }

    /// The years up to the reporting year, their statistics and the comparison counts
    /// (included, victims, male victims, criminal, minors, first disclosure), suppressed with
    /// the same pattern in every year; `None` with fewer than two years.
    pub(crate) fn comparison_data(&self) -> Result<Option<Comparison>, ReportError> {
        let y = self.year;
        let series = zicht_stats::year_series(self.table, self.book)?;
        let years: Vec<i32> = series
            .keys()
            .filter_map(|k| k.parse::<i32>().ok())
            .filter(|&k| k <= y)
            .collect();
        if years.len() < 2 {
            return Ok(None);
        }
        // Counts per year: included, victims, male, criminal, minors, first disclosure.
        let per_year: Vec<Stats> = years
            .iter()
            .map(|&yy| zicht_stats::compute(self.table, self.book, Some(yy)))
            .collect::<Result<_, _>>()?;
        let age_var = self.book.analysis.age.clone();
        let rows: Vec<Vec<u64>> = years
            .iter()
            .zip(&per_year)
            .map(|(yy, st)| {
                let row = series.get(&yy.to_string());
                let get = |name: &str| row.map_or(0, |r| r.count(name));
                vec![
                    get("included"),
                    get(s::SERIES_VICTIMS),
                    get(s::SERIES_MALE),
                    get(s::SERIES_CRIMINAL),
                    st.age(s::ALL, &age_var).map_or(0, |a| a.minors),
                    st.single(s::ALL, s::FIRST_DISCLOSURE)
                        .map_or(0, |x| x.counts.count("yes")),
                ]
            })
            .collect();
        let shown = self.k.same_pattern(&rows, 0);
        Ok(Some(Comparison {
            years,
            per_year,
            shown,
        }))
    }

    /// The comparison with earlier years in words (nothing with fewer than two years).
    pub(crate) fn comparison(&self) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let y = self.year;
        let Some(Comparison {
            years,
            per_year,
            shown,
        }) = self.comparison_data()?
        else {
            return Ok(Vec::new());
        };
        let age_var = self.book.analysis.age.clone();
        let mut blocks = vec![Block::Heading(
            self.t(
                "Vergelijking met voorgaande jaren",
                "Comparison with earlier years",
            )
            .to_string(),
        )];
        let last = shown.len() - 1;
        let earlier: Vec<String> = years[..last].iter().map(i32::to_string).collect();
        let col =
            |i: usize| -> Vec<String> { shown[..last].iter().map(|r| self.cw(r[i])).collect() };
        let now = &shown[last];
        let prev = &shown[last - 1];
        let trend = match (now[0], prev[0]) {
            (Some(a), Some(b)) if a < b => self.t("een daling", "a decrease"),
            (Some(a), Some(b)) if a > b => self.t("een stijging", "an increase"),
            _ => self.t("vergelijkbaar", "comparable"),
        };
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "In {y} zijn er {} unieke bezoekers met een hulpvraag over mensenhandel in beeld gekomen. In {} waren dit er respectievelijk {}. Ten opzichte van {} is dit {trend}.",
                self.cw(now[0]), join_and(&earlier, lang), join_and(&col(0), lang), years[last - 1]
            ),
            Lang::En => format!(
                "In {y}, {} unique visitors with a question about human trafficking came into view. In {} the numbers were {} respectively. Compared with {} this is {trend}.",
                self.cw(now[0]), join_and(&earlier, lang), join_and(&col(0), lang), years[last - 1]
            ),
        })));
        let mut bullets = Vec::new();
        bullets.push(rich(&match lang {
            Lang::Nl => format!("Het **aantal bezoekers dat zelf slachtoffer** is, was in {} respectievelijk {}; in {y} waren {} bezoekers zelf slachtoffer.", join_and(&earlier, lang), join_and(&col(1), lang), self.cw(now[1])),
            Lang::En => format!("The **number of visitors who were victims themselves** was {} in {} respectively; in {y}, {} visitors were victims themselves.", join_and(&col(1), lang), join_and(&earlier, lang), self.cw(now[1])),
        }));
        // Ages per year.
        let ages: Vec<String> = years
            .iter()
            .zip(&per_year)
            .zip(&shown)
            .filter_map(|((yy, st), row)| {
                let a = st.age(s::ALL, &age_var)?;
                let mean = a.mean?;
                let median = a.median?;
                Some(match lang {
                    Lang::Nl => format!(
                        "{yy}: gemiddeld {} jaar, mediaan {} jaar, {} minderjarig",
                        years_fmt(mean),
                        years_fmt(median),
                        self.st(row[4], a.n)
                    ),
                    Lang::En => format!(
                        "{yy}: mean {} years, median {} years, {} minors",
                        years_fmt(mean),
                        years_fmt(median),
                        self.st(row[4], a.n)
                    ),
                })
            })
            .collect();
        bullets.push(rich(&match lang {
            Lang::Nl => format!(
                "De **leeftijd** van de slachtoffers per jaar: {}.",
                ages.join("; ")
            ),
            Lang::En => format!("The victims' **age** per year: {}.", ages.join("; ")),
        }));
        // Years in which first disclosure was not coded at all are named as unknown.
        let fd_known: Vec<bool> = per_year
            .iter()
            .map(|st| {
                st.single(s::ALL, s::FIRST_DISCLOSURE)
                    .is_some_and(|x| x.n > 0)
            })
            .collect();
        let fd_earlier: Vec<String> = years[..last]
            .iter()
            .zip(&fd_known)
            .filter(|(_, k)| **k)
            .map(|(y, _)| y.to_string())
            .collect();
        let fd_vals: Vec<String> = shown[..last]
            .iter()
            .zip(&fd_known)
            .filter(|(_, k)| **k)
            .map(|(r, _)| self.cw(r[5]))
            .collect();
        let fd_unknown: Vec<String> = years[..last]
            .iter()
            .zip(&fd_known)
            .filter(|(_, k)| !**k)
            .map(|(y, _)| y.to_string())
            .collect();
        let mut text = match lang {
            Lang::Nl => format!(
                "In {y} deden {} slachtoffers hun **first disclosure** op de chat.",
                self.cw(now[5])
            ),
            Lang::En => format!(
                "In {y}, {} victims made their **first disclosure** in the chat.",
                self.cw(now[5])
            ),
        };
        if !fd_earlier.is_empty() {
            text += &match lang {
                Lang::Nl => format!(
                    " In {} waren dit er respectievelijk {}.",
                    join_and(&fd_earlier, lang),
                    join_and(&fd_vals, lang)
                ),
                Lang::En => format!(
                    " In {} there were {} respectively.",
                    join_and(&fd_earlier, lang),
                    join_and(&fd_vals, lang)
                ),
            };
        }
        if !fd_unknown.is_empty() {
            text += &match lang {
                Lang::Nl => format!(" Over {} is dit niet bekend.", join_and(&fd_unknown, lang)),
                Lang::En => format!(" For {} this is not known.", join_and(&fd_unknown, lang)),
            };
        }
        bullets.push(rich(&text));
        let male_share = |row: &Vec<Option<u64>>| self.st(row[2], row[0].unwrap_or(0));
        let males: Vec<String> = years
            .iter()
            .zip(&shown)
            .map(|(yy, r)| format!("{yy}: n = {} ({})", self.c(r[2]), male_share(r)))
            .collect();
        bullets.push(rich(&match lang {
            Lang::Nl => format!(
                "**Mannelijke slachtoffers** per jaar: {}.",
                males.join("; ")
            ),
            Lang::En => format!("**Male victims** per year: {}.", males.join("; ")),
        }));
        bullets.push(rich(&match lang {
            Lang::Nl => format!("Het aantal **slachtoffers van criminele uitbuiting** (al dan niet in combinatie met seksuele uitbuiting) was in {y} {}; in {} waren dit er respectievelijk {}.", self.cw(now[3]), join_and(&earlier, lang), join_and(&col(3), lang)),
            Lang::En => format!("The number of **victims of criminal exploitation** (with or without sexual exploitation) was {} in {y}; in {} it was {} respectively.", self.cw(now[3]), join_and(&earlier, lang), join_and(&col(3), lang)),
        }));
        blocks.push(Block::Bullets(bullets));
        Ok(blocks)
    }

    /// Bullets on safety and duration of a population.
    fn safety_bullets(&self, stats: &Stats, pop: &str) -> Result<Vec<Rich>, ReportError> {
        let lang = self.lang;
        let mut out = Vec::new();
        let au = self.dist(stats, pop, s::ACUTELY_UNSAFE)?;
        let yes = au.get("yes");
        out.push(rich(&match lang {
            Lang::Nl => format!("In {} bevond het slachtoffer zich op het moment van het eerste contact met de chat in een **acuut onveilige situatie**.", self.count_share(yes, au.n, Noun("chat", "chats"))),
            Lang::En => format!("In {} the victim was in an **acutely unsafe situation** at first contact with the chat.", self.count_share(yes, au.n, Noun("chat", "chats"))),
        }));
        let du = self.dist(stats, pop, s::DURATION)?;
        if du.n > 0 {
            out.push(rich(&match lang {
                Lang::Nl => format!("De duur van de uitbuiting (bekend bij {}) was bij {} **meer dan een jaar** en bij {} meer dan twee jaar. Bij {} werd genoemd dat de uitbuiting **langer dan vijf jaar** speelt of speelde.", self.cnoun(du.n, lang, "slachtoffer", "slachtoffers"), self.st(du.sum(s::OVER_1Y), du.n), self.st(du.sum(s::OVER_2Y), du.n), self.st(du.sum(s::OVER_5Y), du.n)),
                Lang::En => format!("The duration of the exploitation (known for {}) was **more than a year** for {} and more than two years for {}. For {} the exploitation was said to last or have lasted **more than five years**.", self.cnoun(du.n, lang, "victim", "victims"), self.st(du.sum(s::OVER_1Y), du.n), self.st(du.sum(s::OVER_2Y), du.n), self.st(du.sum(s::OVER_5Y), du.n)),
            }));
        }
        let ts = self.dist(stats, pop, s::TIME_SINCE)?;
        if ts.n > 0 {
            let on = ts.get(s::ONGOING);
            out.push(rich(&match lang {
                Lang::Nl => {
                    let ph = self.ph(on, ts.n, Noun("slachtoffer", "slachtoffers"), " van wie dit bekend is");
                    let n = self.pct_n(on, ts.n);
                    format!("Bij {}, was de uitbuiting op het moment van chatten **nog gaande**{n}.", ph.text)
                }
                Lang::En => {
                    let ph = self.ph(on, ts.n, Noun("victim", "victims"), " for whom this is known");
                    let n = self.pct_n(on, ts.n);
                    format!("For {}, the exploitation was **still going on** at the time of the chat{n}.", ph.text)
                }
            }));
        }
        Ok(out)
    }

    /// Bullets on the perpetrators of a population.
    fn perpetrator_bullets(&self, stats: &Stats, pop: &str) -> Result<Vec<Rich>, ReportError> {
        let lang = self.lang;
        let mut out = Vec::new();
        let pe = self.dist(stats, pop, s::PERPETRATOR)?;
        if pe.n > 0 {
            let parts: Vec<String> = pe
                .ranked()
                .iter()
                .filter(|i| i.shown != Some(0))
                .map(|i| {
                    if pe.n < WORDS_BELOW || i.shown.is_none() {
                        format!("**{}** ({})", lower(&i.label), self.st(i.shown, pe.n))
                    } else {
                        format!(
                            "**{}** ({}; n = {})",
                            lower(&i.label),
                            share_text(i.shown, pe.n, lang),
                            self.c(i.shown)
                        )
                    }
                })
                .collect();
            out.push(rich(&match lang {
                Lang::Nl => format!(
                    "Wanneer een bezoeker een pleger noemde (n = {}), ging het om: {}.",
                    self.n(pe.n),
                    join_and(&parts, lang)
                ),
                Lang::En => format!(
                    "Where a visitor named a perpetrator (n = {}), it was: {}.",
                    self.n(pe.n),
                    join_and(&parts, lang)
                ),
            }));
        }
        let so = self.dist(stats, pop, s::PERPETRATOR_SOCIAL)?;
        if so.n > 0 {
            out.push(rich(&match lang {
                Lang::Nl => format!("Wanneer de pleger een persoon uit de sociale omgeving van het slachtoffer was, ging het om: {}.", self.listed(&so.ranked(), true)),
                Lang::En => format!("Where the perpetrator came from the victim's social circle, it was: {}.", self.listed(&so.ranked(), true)),
            }));
        }
        let fa = self.dist(stats, pop, s::PERPETRATOR_FAMILY)?;
        if fa.n > 0 {
            let parents = fa.sum(s::PARENTS);
            out.push(rich(&match lang {
                Lang::Nl => {
                    let ph = self.ph(
                        parents,
                        fa.n,
                        Noun("slachtoffer", "slachtoffers"),
                        " met een dader uit de familiale kring",
                    );
                    let n = self.pct_n(parents, fa.n);
                    format!(
                        "Bij {}{n} was de dader \u{e9}\u{e9}n of beide **ouders**: {}.",
                        ph.text,
                        self.listed(&fa.ranked(), true)
                    )
                }
                Lang::En => {
                    let ph = self.ph(
                        parents,
                        fa.n,
                        Noun("victim", "victims"),
                        " whose perpetrator was family",
                    );
                    let n = self.pct_n(parents, fa.n);
                    format!(
                        "For {}{n}, the perpetrator was one or both **parents**: {}.",
                        ph.text,
                        self.listed(&fa.ranked(), true)
                    )
                }
            }));
        }
        let size = stats.population_sizes.count(pop);
        let mp = self.dist(stats, pop, s::MULTIPLE_PERPETRATORS)?;
        let mpy = mp.get("yes");
        let mut text = match lang {
            Lang::Nl => format!(
                "In {} gaf de bezoeker aan dat er sprake was van **meerdere plegers** die bij de uitbuiting betrokken waren (klanten niet meegerekend).",
                self.count_share(mpy, size, Noun("chatgesprek", "chatgesprekken")),
            ),
            Lang::En => format!(
                "In {} the visitor said that **several perpetrators** were involved in the exploitation (clients not counted).",
                self.count_share(mpy, size, Noun("chat", "chats")),
            ),
        };
        let pop_filter = self
            .book
            .analysis
            .populations
            .iter()
            .find(|p| p.name == pop)
            .and_then(|p| p.filter.clone());
        let mp_pred = self.has(s::MULTIPLE_PERPETRATORS, &["yes"])?;
        let mv_pred = self.has(s::MULTIPLE_VICTIMS, &["yes"])?;
        let pop_pred: Box<dyn Fn(usize) -> bool> = match &pop_filter {
            Some(f) => {
                let codes: Vec<&str> = f.in_codes.iter().flatten().map(String::as_str).collect();
                Box::new(self.has(&f.variable, &codes)?)
            }
            None => Box::new(|_| true),
        };
        if let Some(sub) =
            self.sub_stats(Some(self.year), |r| pop_pred(r) && mp_pred(r) && mv_pred(r))
        {
            let both = self.k.one(sub.population_sizes.count(s::ALL));
            text += &match lang {
                Lang::Nl => format!(
                    " In {} waren er zowel meerdere plegers als **meerdere slachtoffers**.",
                    count_noun_or_less(both, self.kk(), lang, "gesprek", "gesprekken")
                ),
                Lang::En => format!(
                    " In {} there were both several perpetrators and **several victims**.",
                    count_noun_or_less(both, self.kk(), lang, "conversation", "conversations")
                ),
            };
        }
        out.push(rich(&text));
        Ok(out)
    }

    /// What is known about victims in a population: gender and age bullets.
    pub(crate) fn victims_findings(
        &self,
        stats: &Stats,
        pop: &str,
    ) -> Result<Vec<Block>, ReportError> {
        let mut bullets = self.gender_bullets(stats, pop)?;
        if let Some(b) = self.age_bullet(stats, pop, false)? {
            bullets.push(b);
        }
        Ok(vec![Block::Bullets(bullets)])
    }

    /// Safety and duration bullets of a population.
    pub(crate) fn safety_findings(
        &self,
        stats: &Stats,
        pop: &str,
    ) -> Result<Vec<Block>, ReportError> {
        Ok(vec![Block::Bullets(self.safety_bullets(stats, pop)?)])
    }

    /// Perpetrator bullets of a population.
    pub(crate) fn perpetrator_findings(
        &self,
        stats: &Stats,
        pop: &str,
    ) -> Result<Vec<Block>, ReportError> {
        Ok(vec![Block::Bullets(self.perpetrator_bullets(stats, pop)?)])
    }

    /// Clients' knowledge of minority or coercion.
    pub(crate) fn clients(&self, stats: &Stats) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let group = self
            .book
            .variable(s::CLIENT_KNEW)
            .and_then(|v| self.book.group(&v.group))
            .map(|g| g.label.get(lang).to_string())
            .unwrap_or_default();
        let mut blocks = vec![Block::Heading(group)];
        // The base: victims for whom the clients' knowledge could be judged (the variable's condition).
        let cond = self
            .book
            .variable(s::CLIENT_KNEW)
            .and_then(|v| v.condition.clone());
        let base = match &cond {
            Some(c) => {
                let codes: Vec<&str> = c.in_codes.iter().flatten().map(String::as_str).collect();
                let in_scope = self.has(&c.variable, &codes)?;
                let victim = self.has(s::CHATTER, &[s::VICTIM])?;
                self.sub_stats(Some(self.year), |r| in_scope(r) && victim(r))
                    .map_or(0, |st| st.population_sizes.count(s::ALL))
            }
            None => 0,
        };
        let knew = self.dist(stats, s::ALL, s::CLIENT_KNEW)?;
        let should = self.dist(stats, s::ALL, s::CLIENT_SHOULD)?;
        let ind = self.set_dist(stats, s::ALL, s::CLIENT_IND)?;
        let k = knew.get("yes");
        let sh = should.get("yes");
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "In alle gesprekken van slachtoffers van seksuele uitbuiting en van zowel seksuele als criminele uitbuiting (n = {}) is onderzocht in hoeverre de klant op de hoogte was van de minderjarigheid en/of dwang van het slachtoffer. In {} komt naar voren dat **klanten op de hoogte waren** van de minderjarigheid of dwang van het betreffende slachtoffer. In {} oordeelden de onderzoekers dat de klanten het hadden moeten weten; deze tellen niet mee. Deze resultaten zijn een ondergrens, omdat de hulpverleners niet specifiek naar deze informatie vragen.",
                self.n(base),
                count_noun_or_less(k, self.kk(), lang, "gesprek", "gesprekken"),
                count_noun_or_less(sh, self.kk(), lang, "ander gesprek", "andere gesprekken"),
            ),
            Lang::En => format!(
                "In every conversation with victims of sexual exploitation, or of both sexual and criminal exploitation (n = {}), it was examined whether the client knew that the victim was a minor and/or coerced. In {} the **clients knew** about the minority or coercion of the victim. In {} the researchers judged that clients should have known; these are not counted. These results are a lower bound, since counsellors do not ask for this information.",
                self.n(base),
                count_noun_or_less(k, self.kk(), lang, "conversation", "conversations"),
                count_noun_or_less(sh, self.kk(), lang, "other conversation", "other conversations"),
            ),
        })));
        if ind.cases > 0 {
            let number = self.next_table();
            let named = number.trim_end_matches('.');
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!("In de meeste gevallen gaat het om een combinatie van twee of meer indicatoren (n = {}) die erop wijzen dat de klant op de hoogte was. {named} geeft per indicator het aantal gesprekken.", self.c(ind.two_or_more)),
                Lang::En => format!("Mostly it is a combination of two or more indicators (n = {}) showing that the client knew. {named} gives the number of conversations per indicator.", self.c(ind.two_or_more)),
            })));
            // Largest first, as in the seed report (a suppressed count at the end).
            let mut items: Vec<&Item> = ind.items.iter().collect();
            items.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
            let rows = items
                .iter()
                .map(|i| {
                    vec![
                        i.label.clone(),
                        self.c(i.shown),
                        share(i.shown, ind.cases, lang),
                    ]
                })
                .collect();
            blocks.push(Block::Table(Table {
                caption: format!(
                    "{} {} (n = {})",
                    number,
                    self.vlabel(s::CLIENT_IND),
                    self.n(ind.cases)
                ),
                head: vec![
                    self.t("Indicator", "Indicator").to_string(),
                    self.t("Gesprekken", "Conversations").to_string(),
                    "%".to_string(),
                ],
                rows,
                numeric: true,
            }));
        }
        Ok(blocks)
    }

    /// Victims of criminal exploitation: gender, age, forms of crime, safety and perpetrators.
    pub(crate) fn criminal_findings(&self, stats: &Stats) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let pop = s::CRIMINAL;
        let mut bullets = self.gender_bullets(stats, pop)?;
        if let Some(b) = self.age_bullet(stats, pop, false)? {
            bullets.push(b);
        }
        let cr = self.set_dist(stats, pop, s::CRIME)?;
        let mut ranked: Vec<&Item> = cr.items.iter().collect();
        ranked.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
        if cr.cases > 0 {
            bullets.push(rich(&match lang {
                Lang::Nl => format!(
                    "De criminele uitbuiting (bekend bij {}) bestond uit: {}.",
                    self.cnoun(cr.cases, lang, "slachtoffer", "slachtoffers"),
                    self.listed(&ranked, true)
                ),
                Lang::En => format!(
                    "The criminal exploitation (known for {}) consisted of: {}.",
                    self.cnoun(cr.cases, lang, "victim", "victims"),
                    self.listed(&ranked, true)
                ),
            }));
        }
        bullets.extend(self.safety_bullets(stats, pop)?);
        bullets.extend(self.perpetrator_bullets(stats, pop)?);
        Ok(vec![Block::Bullets(bullets)])
    }

    /// The pooled analysis of parents as perpetrators of sexual exploitation over a range of years.
    pub(crate) fn parents(&self, from: i32, to: i32) -> Result<Vec<Block>, ReportError> {
        let lang = self.lang;
        let year_col = self
            .table
            .index(&self.book.analysis.year)
            .ok_or_else(|| ReportError::Codebook(self.book.analysis.year.clone()))?;
        let years_cells = self.table.column(year_col);
        // As in the seed report (its footnote 45): victims who chatted themselves
        // about sexual exploitation (alone or with criminal exploitation).
        let sexual_any = self.has(s::EXPLOITATION, s::SEXUAL_ANY)?;
        let victim = self.has(s::CHATTER, &[s::VICTIM])?;
        let sexual = |r: usize| sexual_any(r) && victim(r);
        let parent = self.has(s::PERPETRATOR_FAMILY, s::PARENTS)?;
        let present = zicht_stats::years_of(self.table, self.book)?;
        let covered: Vec<String> = present
            .iter()
            .filter(|&&y| y >= from && y <= to)
            .map(i32::to_string)
            .collect();
        let sub = self.sub_stats(None, |r| {
            let y = years_cells[r];
            y >= from && y <= to && sexual(r) && parent(r)
        });
        let mut blocks = Vec::new();
        let range = format!("{from}\u{2013}{to}");
        let all_sexual = self
            .sub_stats(None, |r| {
                let y = years_cells[r];
                y >= from && y <= to && sexual(r)
            })
            .map_or(0, |st| st.population_sizes.count(s::ALL));
        let Some(st) = sub else {
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!("In de periode {range} zijn geen gesprekken gevonden waarin ouders als pleger van seksuele uitbuiting werden genoemd."),
                Lang::En => format!("No conversations naming parents as perpetrators of sexual exploitation were found in {range}."),
            })));
            return Ok(blocks);
        };
        let n = st.population_sizes.count(s::ALL);
        if n < WORDS_BELOW {
            // Too few conversations for shares: say how many there are, and no more.
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!(
                    "In de periode {range} zijn {} gevoerd met unieke slachtoffers van seksuele uitbuiting die zelf op de chat kwamen; in {} werden ouders als pleger genoemd. Dat zijn te weinig gesprekken om hun kenmerken in aandelen te beschrijven.",
                    self.cnoun(all_sexual, lang, "gesprek", "gesprekken"),
                    count_noun_or_less(self.k.one(all_sexual).and_then(|_| self.k.part(n, all_sexual)), self.kk(), lang, "gesprek", "gesprekken"),
                ),
                Lang::En => format!(
                    "In {range}, {} took place with unique victims of sexual exploitation who came to the chat themselves; in {} parents were named as perpetrators. That is too few to describe them in shares.",
                    self.cnoun(all_sexual, lang, "conversation", "conversations"),
                    count_noun_or_less(self.k.one(all_sexual).and_then(|_| self.k.part(n, all_sexual)), self.kk(), lang, "conversation", "conversations"),
                ),
            })));
            return Ok(blocks);
        }
        if n == 0 {
            blocks.push(Block::Paragraph(rich(&match lang {
                Lang::Nl => format!("In de periode {range} zijn geen gesprekken gevonden waarin ouders als pleger van seksuele uitbuiting werden genoemd."),
                Lang::En => format!("No conversations naming parents as perpetrators of sexual exploitation were found in {range}."),
            })));
            return Ok(blocks);
        }
        let age = st.age(s::ALL, &self.book.analysis.age);
        let (an, minors, young) = match age {
            Some(a) => {
                let young: u64 = a
                    .distribution
                    .iter()
                    .filter(|(k, _)| k.parse::<u32>().is_ok_and(|v| v <= s::YOUNG_POOL_AGE))
                    .map(|(_, v)| *v)
                    .sum();
                (a.n, a.minors, young)
            }
            None => (0, 0, 0),
        };
        let ts = self.dist(&st, s::ALL, s::TIME_SINCE)?;
        let fd = self.dist(&st, s::ALL, s::FIRST_DISCLOSURE)?;
        let du = self.dist(&st, s::ALL, s::DURATION)?;
        let k = self.k;
        let n_shown = k.one(all_sexual).and_then(|_| k.part(n, all_sexual));
        let minors = k.part(minors, an);
        let young = k.part(young, an);
        let ongoing = ts.get(s::ONGOING);
        let fdy = fd.get("yes");
        let o1 = du.sum(s::OVER_1Y);
        let o5 = du.sum(s::OVER_5Y);
        blocks.push(Block::Paragraph(rich(&match lang {
            Lang::Nl => format!(
                "Voor deze analyse zijn de jaren {} samengenomen. In deze periode zijn {} gevoerd met unieke slachtoffers van seksuele uitbuiting die zelf op de chat kwamen. In **{}** bleek dat \u{e9}\u{e9}n of beide (stief- of pleeg)ouders betrokken waren bij de uitbuiting van hun eigen kind. Van de slachtoffers met een bekende leeftijd was {} minderjarig en {} **{} jaar of jonger**. {} bevond zich op het moment van chatten **nog in de uitbuitingssituatie** en {} vertelde op de chat voor het eerst over de situatie (**first disclosure**). {} gaf aan **langer dan een jaar** te worden uitgebuit en {} zelfs **langer dan vijf jaar**.",
                join_and(&covered, lang),
                self.cnoun(all_sexual, lang, "gesprek", "gesprekken"),
                count_noun_or_less(n_shown, self.kk(), lang, "gesprek", "gesprekken"),
                self.st(minors, an),
                self.st(young, an),
                s::YOUNG_POOL_AGE,
                cap(&self.st(ongoing, ts.n)),
                self.st(fdy, fd.n),
                cap(&self.st(o1, du.n)),
                self.st(o5, du.n),
            ),
            Lang::En => format!(
                "For this analysis the years {} are pooled. In this period {} took place with unique victims of sexual exploitation who came to the chat themselves. In **{}** one or both (step or foster) parents were involved in exploiting their own child. Of the victims with a known age, {} were minors and {} were **{} or younger**. {} were **still in the situation** at the time of the chat and {} told about it for the first time in the chat (**first disclosure**). {} said they had been exploited for **more than a year** and {} for **more than five years**.",
                join_and(&covered, lang),
                self.cnoun(all_sexual, lang, "conversation", "conversations"),
                count_noun_or_less(n_shown, self.kk(), lang, "conversation", "conversations"),
                self.st(minors, an),
                self.st(young, an),
                s::YOUNG_POOL_AGE,
                cap(&self.st(ongoing, ts.n)),
                self.st(fdy, fd.n),
                cap(&self.st(o1, du.n)),
                self.st(o5, du.n),
            ),
        })));
        let row = |label: &str, part: Option<u64>, base: u64| {
            vec![
                label.to_string(),
                self.c(part),
                self.n(base),
                share(part, base, lang),
            ]
        };
        let rows = vec![
            vec![
                self.t(
                    "Gesprekken met ouders als pleger",
                    "Conversations with parents as perpetrators",
                )
                .to_string(),
                self.c(n_shown),
                self.n(all_sexual),
                share(n_shown, all_sexual, lang),
            ],
            row(self.t("Minderjarig", "Minor"), minors, an),
            row(
                &format!(
                    "{} {}",
                    s::YOUNG_POOL_AGE,
                    self.t("jaar of jonger", "or younger")
                ),
                young,
                an,
            ),
            row(
                self.t("Nog in de situatie", "Still in the situation"),
                ongoing,
                ts.n,
            ),
            row(self.t("First disclosure", "First disclosure"), fdy, fd.n),
            row(
                self.t("Duur langer dan een jaar", "Duration over one year"),
                o1,
                du.n,
            ),
            row(
                self.t("Duur langer dan vijf jaar", "Duration over five years"),
                o5,
                du.n,
            ),
        ];
        blocks.push(Block::Table(Table {
            caption: format!(
                "{} {} {range}",
                self.next_table(),
                self.t(
                    "Ouders als plegers van seksuele uitbuiting,",
                    "Parents as perpetrators of sexual exploitation,"
                )
            ),
            head: vec![
                String::new(),
                self.t("Aantal", "Number").to_string(),
                "n".to_string(),
                "%".to_string(),
            ],
            rows,
            numeric: true,
        }));
        Ok(blocks)
    }

    /// The appendix: every variable and set of the codebook with its definition.
    pub(crate) fn definitions(&self) -> Vec<Block> {
        let lang = self.lang;
        let mut blocks = Vec::new();
        for g in &self.book.groups {
            blocks.push(Block::Heading(g.label.get(lang).to_string()));
            for v in self.book.variables.iter().filter(|v| v.group == g.name) {
                blocks.push(Block::Definition {
                    term: v.label.get(lang).to_string(),
                    text: for_readers(v.definition.get(lang)),
                });
            }
            for st in self.book.sets.iter().filter(|st| st.group == g.name) {
                let items: Vec<String> =
                    st.items.iter().map(|i| i.label(lang).to_string()).collect();
                blocks.push(Block::Definition {
                    term: st.label.get(lang).to_string(),
                    text: format!(
                        "{} ({})",
                        for_readers(st.definition.get(lang)),
                        items.join("; ")
                    ),
                });
            }
        }
        blocks.insert(0, Block::Paragraph(rich(self.book.missing.get(lang))));
        blocks
    }
}

fn years_fmt(x: f64) -> String {
    years(x)
}

pub(crate) fn month_names(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::Nl => [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ],
        Lang::En => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    }
}

/// A codebook definition for the report's readers: the clauses about how the data file
/// is filled in ("leeg telt als 1", "blijven alle kolommen leeg") are for coders, not for
/// a policy reader, and are left out.
fn for_readers(definition: &str) -> String {
    let about_file = |t: &str| {
        let t = t.to_lowercase();
        ["leeg", "kolom", "empty", "column", "blank"]
            .iter()
            .any(|w| t.contains(w))
    };
    let mut out = Vec::new();
    for sentence in definition.split_inclusive(". ") {
        let (keep, _) = sentence.split_once("; ").unwrap_or((sentence, ""));
        if about_file(sentence) && about_file(keep) {
            continue;
        }
        let kept = if about_file(sentence) {
            format!("{}.", keep.trim_end_matches('.'))
        } else {
            sentence.to_string()
        };
        out.push(kept.trim_end().to_string());
    }
    out.join(" ")
}

#[cfg(test)]
mod reader_tests {
    use super::for_readers;

    #[test]
    fn definitions_leave_out_how_the_file_is_filled_in() {
        assert_eq!(
            for_readers("Hoeveel gesprekken aan deze casus zijn gekoppeld; leeg telt als 1."),
            "Hoeveel gesprekken aan deze casus zijn gekoppeld."
        );
        assert_eq!(
            for_readers(
                "De middelen waarmee de pleger dwingt. Zijn er geen genoemd, dan blijven alle kolommen leeg."
            ),
            "De middelen waarmee de pleger dwingt."
        );
        assert_eq!(
            for_readers("Hoe lang de uitbuiting duurt."),
            "Hoe lang de uitbuiting duurt."
        );
    }
}
