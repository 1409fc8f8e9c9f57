//! Figures and tables as data: declarations (variable, population, title, kind, sort, n) read from TOML, checked against the codebook and drawn by one small interpreter.
//!
//! The built-in declarations are `text/figures.toml`; a narrative folder may
//! bring its own `figures.toml`, which replaces them. A researcher adds a figure
//! of any codebook variable or set by adding a `[[figure]]` table and placing it
//! in the text with `{{ figure NAME }}`.

use serde::Deserialize;
use toml::Spanned;
use zicht_codebook::{Codebook, Lang};
use zicht_stats::Stats;

use crate::ReportError;
use crate::build::{Comparison, Ctx, Item, month_names};
use crate::model::{Block, Chart, ChartSeries, Orientation, Table};
use crate::narrative::Diagnostic;
use crate::spec as s;
use crate::text::share;

/// The built-in declarations.
pub const BUILTIN: &str = include_str!("../text/figures.toml");

/// A title in both languages.
#[derive(Debug, Clone, Deserialize)]
pub struct Title {
    pub nl: String,
    pub en: String,
}

impl Title {
    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// One declared figure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDecl {
    pub name: Spanned<String>,
    /// `bars` (a variable or set), `months` (first contacts per month), `age` (age groups),
    /// `crosstab` (a codebook cross table), `years` (comparison series per year).
    pub kind: Spanned<String>,
    pub variable: Option<Spanned<String>>,
    #[serde(default = "all")]
    pub population: Spanned<String>,
    pub crosstab: Option<Spanned<String>>,
    #[serde(default)]
    pub series: Vec<Spanned<String>>,
    /// Without a title the codebook label of the variable is used.
    pub title: Option<Title>,
    /// `codebook` (the codebook's order, default) or `count` (largest first).
    #[serde(default = "codebook_order")]
    pub sort: Spanned<String>,
    /// The n in the caption: `known` (default), `included`, `total` or `none`.
    #[serde(default = "known")]
    pub n: Spanned<String>,
}

/// One declared table: the distribution of a variable or set (count and share of the known n).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDecl {
    pub name: Spanned<String>,
    pub variable: Spanned<String>,
    #[serde(default = "all")]
    pub population: Spanned<String>,
    pub title: Option<Title>,
    #[serde(default = "codebook_order")]
    pub sort: Spanned<String>,
}

fn spanned(s: &str) -> Spanned<String> {
    Spanned::new(0..0, s.to_string())
}
fn all() -> Spanned<String> {
    spanned(s::ALL)
}
fn codebook_order() -> Spanned<String> {
    spanned("codebook")
}
fn known() -> Spanned<String> {
    spanned("known")
}

/// Every declaration of a `figures.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declarations {
    #[serde(default)]
    pub figure: Vec<FigureDecl>,
    #[serde(default)]
    pub table: Vec<TableDecl>,
}

const KINDS: &[&str] = &["bars", "months", "age", "crosstab", "years"];
const SORTS: &[&str] = &["codebook", "count"];
const NS: &[&str] = &["known", "included", "total", "none"];
/// The comparison series a `years` figure can show, in the order of [`Comparison::shown`].
const SERIES: &[&str] = &[
    "included",
    s::SERIES_VICTIMS,
    s::SERIES_MALE,
    s::SERIES_CRIMINAL,
];

/// Line and column (1-based, in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Declarations {
    /// Reads and checks declarations against the codebook; every problem is a diagnostic
    /// naming the file, line and column.
    pub fn parse(file: &str, text: &str, book: &Codebook) -> Result<Declarations, Vec<Diagnostic>> {
        let decls: Declarations = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |sp| line_col(text, sp.start));
            vec![Diagnostic::new(file, line, col, e.message().to_string())]
        })?;
        let mut errs = Vec::new();
        let mut err = |sp: &Spanned<String>, msg: String| {
            let (line, col) = line_col(text, sp.span().start);
            errs.push(Diagnostic::new(file, line, col, msg));
        };
        let one_of = |v: &Spanned<String>, allowed: &[&str], what: &str| -> Option<String> {
            (!allowed.contains(&v.get_ref().as_str())).then(|| {
                format!(
                    "unknown {what} `{}` (one of: {})",
                    v.get_ref(),
                    allowed.join(", ")
                )
            })
        };
        let mut names: Vec<&str> = Vec::new();
        let pops: Vec<&str> = book
            .analysis
            .populations
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let check_var = |v: &Spanned<String>| -> Option<String> {
            let name = v.get_ref();
            (book.variable(name).is_none() && book.set(name).is_none())
                .then(|| format!("the codebook has no variable or set `{name}`"))
        };
        for f in &decls.figure {
            if names.contains(&f.name.get_ref().as_str()) {
                err(&f.name, format!("a second figure `{}`", f.name.get_ref()));
            }
            names.push(f.name.get_ref());
            for (v, allowed, what) in [
                (&f.kind, KINDS, "kind"),
                (&f.sort, SORTS, "sort"),
                (&f.n, NS, "n"),
            ] {
                if let Some(m) = one_of(v, allowed, what) {
                    err(v, m);
                }
            }
            if !pops.contains(&f.population.get_ref().as_str()) {
                err(
                    &f.population,
                    format!(
                        "unknown population `{}` (the codebook has: {})",
                        f.population.get_ref(),
                        pops.join(", ")
                    ),
                );
            }
            match f.kind.get_ref().as_str() {
                "bars" => match &f.variable {
                    Some(v) => {
                        if let Some(m) = check_var(v) {
                            err(v, m);
                        }
                    }
                    None => err(&f.name, "a `bars` figure needs a `variable`".to_string()),
                },
                "crosstab" => match &f.crosstab {
                    Some(c) => {
                        if !book
                            .analysis
                            .crosstabs
                            .iter()
                            .any(|x| &x.name == c.get_ref())
                        {
                            err(
                                c,
                                format!("the codebook has no cross table `{}`", c.get_ref()),
                            );
                        }
                    }
                    None => err(
                        &f.name,
                        "a `crosstab` figure needs a `crosstab`".to_string(),
                    ),
                },
                "years" => {
                    if f.series.is_empty() {
                        err(&f.name, "a `years` figure needs `series`".to_string());
                    }
                    for x in &f.series {
                        if let Some(m) = one_of(x, SERIES, "series") {
                            err(x, m);
                        }
                    }
                }
                _ => {}
            }
            if f.title.is_none() && f.variable.is_none() {
                err(
                    &f.name,
                    format!("figure `{}` needs a `title`", f.name.get_ref()),
                );
            }
        }
        let mut tnames: Vec<&str> = Vec::new();
        for t in &decls.table {
            if tnames.contains(&t.name.get_ref().as_str()) {
                err(&t.name, format!("a second table `{}`", t.name.get_ref()));
            }
            tnames.push(t.name.get_ref());
            if let Some(m) = check_var(&t.variable) {
                err(&t.variable, m);
            }
            if let Some(m) = one_of(&t.sort, SORTS, "sort") {
                err(&t.sort, m);
            }
            if !pops.contains(&t.population.get_ref().as_str()) {
                err(
                    &t.population,
                    format!("unknown population `{}`", t.population.get_ref()),
                );
            }
        }
        if errs.is_empty() {
            Ok(decls)
        } else {
            Err(errs)
        }
    }

    pub fn figure(&self, name: &str) -> Option<&FigureDecl> {
        self.figure.iter().find(|f| f.name.get_ref() == name)
    }

    pub fn table(&self, name: &str) -> Option<&TableDecl> {
        self.table.iter().find(|f| f.name.get_ref() == name)
    }
}

/// The items of a variable or set in a population with their n (known values, or cases of a set).
fn items(cx: &Ctx, stats: &Stats, pop: &str, var: &str) -> Result<(Vec<Item>, u64), ReportError> {
    if cx.book.set(var).is_some() {
        let d = cx.set_dist(stats, pop, var)?;
        Ok((d.items, d.cases))
    } else {
        let d = cx.dist(stats, pop, var)?;
        Ok((d.items, d.n))
    }
}

fn sorted(mut items: Vec<Item>, sort: &str) -> Vec<Item> {
    if sort == "count" {
        items.sort_by_key(|i| std::cmp::Reverse(i.shown.map_or(0, |n| n + 1)));
    }
    items
}

impl Ctx<'_> {
    fn title_of(&self, title: Option<&Title>, var: Option<&Spanned<String>>) -> String {
        match (title, var) {
            (Some(t), _) => t.get(self.lang).to_string(),
            (None, Some(v)) => self.vlabel(v.get_ref()),
            (None, None) => String::new(),
        }
    }

    /// Draws a declared figure; `None` when the data hold nothing to draw. Its
    /// n is a part of the figure's population, so the unknowns (population
    /// minus n) are protected too.
    pub(crate) fn declared_figure(
        &mut self,
        stats: &Stats,
        f: &FigureDecl,
    ) -> Result<Option<Block>, ReportError> {
        let saved = self.base;
        self.base = stats.population_sizes.count(f.population.get_ref());
        let drawn = self.draw_declared(stats, f);
        self.base = saved;
        drawn
    }

    fn draw_declared(
        &mut self,
        stats: &Stats,
        f: &FigureDecl,
    ) -> Result<Option<Block>, ReportError> {
        let title = self.title_of(f.title.as_ref(), f.variable.as_ref());
        let shown_n = |known: u64, cx: &Ctx| match f.n.get_ref().as_str() {
            "none" => None,
            "included" => Some(stats.funnel.included),
            _ => {
                let _ = cx;
                Some(known)
            }
        };
        match f.kind.get_ref().as_str() {
            "bars" => {
                let Some(var) = &f.variable else {
                    return Ok(None);
                };
                let (items, n) = items(self, stats, f.population.get_ref(), var.get_ref())?;
                let items = sorted(items, f.sort.get_ref());
                let chart = Chart {
                    orientation: Orientation::Horizontal,
                    categories: items.iter().map(|i| i.label.clone()).collect(),
                    series: vec![ChartSeries {
                        name: String::new(),
                        values: items.iter().map(|i| i.shown).collect(),
                        intervals: Vec::new(),
                    }],
                    percent_base: Some(n),
                    suppressed_label: self.suppressed_label(),
                    lang: self.lang,
                };
                let n = shown_n(n, self);
                Ok(Some(self.add_figure(&title, n, chart)))
            }
            "months" => {
                let months: Vec<(String, u64)> = stats
                    .by_month
                    .iter()
                    .map(|(m, n)| (m.to_string(), *n))
                    .collect();
                let shown = self
                    .k
                    .group(&months.iter().map(|(_, n)| *n).collect::<Vec<_>>());
                let names = month_names(self.lang);
                let cats: Vec<String> = months
                    .iter()
                    .map(|(m, _)| {
                        m.get(5..7)
                            .and_then(|mm| mm.parse::<usize>().ok())
                            .and_then(|i| names.get(i.wrapping_sub(1)))
                            .map_or_else(|| m.clone(), |s| (*s).to_string())
                    })
                    .collect();
                let chart = Chart {
                    orientation: Orientation::Vertical,
                    categories: cats,
                    series: vec![ChartSeries {
                        name: String::new(),
                        values: shown,
                        intervals: Vec::new(),
                    }],
                    percent_base: None,
                    suppressed_label: self.suppressed_label(),
                    lang: self.lang,
                };
                let n = shown_n(stats.funnel.included, self);
                Ok(Some(self.add_figure(&title, n, chart)))
            }
            "age" => self.age_figure(
                stats,
                f.population.get_ref(),
                &title,
                f.n.get_ref() != "none",
            ),
            "crosstab" => {
                let Some(ct) = &f.crosstab else {
                    return Ok(None);
                };
                self.crosstab_figure(stats, ct.get_ref(), &title, f.n.get_ref() != "none")
            }
            "years" => {
                let Some(c) = self.comparison_data()? else {
                    return Ok(None);
                };
                let series: Vec<&str> = f.series.iter().map(|x| x.get_ref().as_str()).collect();
                Ok(Some(self.years_figure(&c, &series, &title)))
            }
            _ => Ok(None),
        }
    }

    /// A `years` figure: the chosen comparison series per year.
    fn years_figure(&mut self, c: &Comparison, series: &[&str], title: &str) -> Block {
        let lang = self.lang;
        let cats: Vec<String> = c.years.iter().map(i32::to_string).collect();
        let label_of = |name: &str| -> String {
            if name == "included" {
                return self
                    .book
                    .analysis
                    .populations
                    .iter()
                    .find(|p| p.name == s::ALL)
                    .map(|p| p.label.get(lang).to_string())
                    .unwrap_or_default();
            }
            self.book
                .analysis
                .series
                .iter()
                .find(|x| x.name == name)
                .map(|x| x.label.get(lang).to_string())
                .unwrap_or_else(|| name.to_string())
        };
        let series = series
            .iter()
            .filter_map(|name| {
                let col = SERIES.iter().position(|x| x == name)?;
                Some(ChartSeries {
                    name: label_of(name),
                    values: c.shown.iter().map(|r| r[col]).collect(),
                    intervals: Vec::new(),
                })
            })
            .collect();
        let chart = Chart {
            orientation: Orientation::Vertical,
            categories: cats,
            series,
            percent_base: None,
            suppressed_label: self.suppressed_label(),
            lang,
        };
        self.add_figure(title, None, chart)
    }

    /// Draws a declared table: label, count and share per code.
    pub(crate) fn declared_table(
        &self,
        stats: &Stats,
        t: &TableDecl,
    ) -> Result<Block, ReportError> {
        let lang = self.lang;
        let (items, n) = items(self, stats, t.population.get_ref(), t.variable.get_ref())?;
        let items = sorted(items, t.sort.get_ref());
        let title = self.title_of(t.title.as_ref(), Some(&t.variable));
        let rows = items
            .iter()
            .map(|i| vec![i.label.clone(), self.c(i.shown), share(i.shown, n, lang)])
            .collect();
        Ok(Block::Table(Table {
            caption: format!("{} {title} (n = {})", self.next_table(), self.n(n)),
            head: vec![
                self.vlabel(t.variable.get_ref()),
                self.t("Aantal", "Number").to_string(),
                "%".to_string(),
            ],
            rows,
            numeric: true,
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_declarations_fit_the_codebook() {
        let book = Codebook::embedded().unwrap();
        let d = Declarations::parse("figures.toml", BUILTIN, &book).unwrap();
        assert!(d.figure("exploitation").is_some());
    }

    #[test]
    fn a_wrong_variable_is_named_with_its_line_and_column() {
        let book = Codebook::embedded().unwrap();
        let text = "[[figure]]\nname = \"x\"\nkind = \"bars\"\nvariable = \"shoe_size\"\n";
        let errs = Declarations::parse("figures.toml", text, &book).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (4, 12));
        assert!(errs[0].message.contains("shoe_size"), "{}", errs[0].message);
    }
}
