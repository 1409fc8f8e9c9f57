//! Readable tables of the statistics for the terminal, in the report's style (41,3%).

use std::fmt::Write;

use zicht_codebook::{Codebook, Column, Lang};

use crate::{Entry, Stats};

/// A percentage `part / whole * 100`, `None` when the whole is 0.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// A percentage with one decimal in the language's style: `41,3%` (nl) or `41.3%` (en).
pub fn fmt_pct(part: u64, whole: u64, lang: Lang) -> String {
    match pct(part, whole) {
        Some(p) => {
            let s = format!("{p:.1}%");
            if lang == Lang::Nl {
                s.replace('.', ",")
            } else {
                s
            }
        }
        None => "-".to_string(),
    }
}

/// A number with one decimal in the language's style.
pub fn fmt_dec(x: f64, lang: Lang) -> String {
    let s = format!("{x:.1}");
    if lang == Lang::Nl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A count with thousands separators in the language's style: `1.234` (nl) or `1,234` (en).
pub fn fmt_count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = if lang == Lang::Nl { '.' } else { ',' };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

struct Words {
    title: &'static str,
    pooled: &'static str,
    funnel: &'static str,
    conversations: &'static str,
    duplicates: &'static str,
    excluded: &'static str,
    included: &'static str,
    month: &'static str,
    unknown: &'static str,
    cases: &'static str,
    mentions: &'static str,
    of_cases: &'static str,
    of_mentions: &'static str,
    two_or_more: &'static str,
    mean: &'static str,
    median: &'static str,
    minors: &'static str,
    under: &'static str,
    years: &'static str,
    yes: &'static str,
    no: &'static str,
}

const NL: Words = Words {
    title: "Monitor onzichtbare slachtoffers",
    pooled: "alle jaren samen",
    funnel: "Selectie",
    conversations: "Gesprekken gemarkeerd als mensenhandel",
    duplicates: "Gekoppelde dubbele gebruikers",
    excluded: "Geëxcludeerd",
    included: "Geïncludeerd",
    month: "Eerste contact per maand",
    unknown: "onbekend",
    cases: "casussen",
    mentions: "vermeldingen",
    of_cases: "% casussen",
    of_mentions: "% vermeldingen",
    two_or_more: "Twee of meer",
    mean: "gemiddeld",
    median: "mediaan",
    minors: "minderjarig",
    under: "jonger dan",
    years: "Vergelijking per jaar",
    yes: "Ja",
    no: "Nee",
};

const EN: Words = Words {
    title: "Monitor of invisible victims",
    pooled: "all years pooled",
    funnel: "Selection",
    conversations: "Conversations flagged as trafficking",
    duplicates: "Linked duplicate users",
    excluded: "Excluded",
    included: "Included",
    month: "First contact per month",
    unknown: "unknown",
    cases: "cases",
    mentions: "mentions",
    of_cases: "% of cases",
    of_mentions: "% of mentions",
    two_or_more: "Two or more",
    mean: "mean",
    median: "median",
    minors: "minors",
    under: "under",
    years: "Comparison per year",
    yes: "Yes",
    no: "No",
};

/// The statistics as readable tables: n, counts, valid percentages with one decimal.
pub fn render_text(stats: &Stats, book: &Codebook, lang: Lang) -> String {
    let w = if lang == Lang::Nl { &NL } else { &EN };
    let mut out = String::new();
    let when = match stats.year {
        Some(y) => y.to_string(),
        None => w.pooled.to_string(),
    };
    let _ = writeln!(out, "{} {when}", w.title);
    let _ = writeln!(out, "\n{}", w.funnel);
    let f = &stats.funnel;
    for (label, n) in [
        (w.conversations, f.conversations),
        (w.duplicates, f.duplicates),
        (w.excluded, f.excluded),
        (w.included, f.included),
    ] {
        let _ = writeln!(out, "  {label:<44}{:>8}", fmt_count(n, lang));
    }
    let _ = writeln!(out, "\n{}", w.month);
    for (month, n) in stats.by_month.iter() {
        let _ = writeln!(out, "  {month}{:>8}", n);
    }
    for (pname, vars) in stats.populations.iter() {
        let plabel = book
            .analysis
            .populations
            .iter()
            .find(|p| p.name == pname)
            .map_or(pname, |p| p.label.get(lang));
        let size = stats.population_sizes.count(pname);
        let _ = writeln!(out, "\n== {plabel} (n = {}) ==", fmt_count(size, lang));
        for (vname, entry) in vars.iter() {
            match entry {
                Entry::Single(s) => {
                    let Some(Column::Variable(v)) = book.column(vname) else {
                        continue;
                    };
                    let selection = [&book.analysis.status, &book.analysis.exclusion_reason];
                    if s.n == 0 || selection.contains(&&v.name) {
                        continue;
                    }
                    let _ = writeln!(
                        out,
                        "\n{} (n = {}, {} {})",
                        v.label.get(lang),
                        fmt_count(s.n, lang),
                        w.unknown,
                        fmt_count(s.missing, lang)
                    );
                    for (code, n) in s.counts.iter() {
                        let label = match code {
                            "yes" if v.codes.is_empty() => w.yes,
                            "no" if v.codes.is_empty() => w.no,
                            _ => v.code(code).map_or(code, |c| c.label(lang)),
                        };
                        let _ = writeln!(
                            out,
                            "  {label:<44}{:>8}{:>10}",
                            fmt_count(*n, lang),
                            fmt_pct(*n, s.n, lang)
                        );
                    }
                }
                Entry::Age(a) => {
                    let Some(Column::Variable(v)) = book.column(vname) else {
                        continue;
                    };
                    let _ = writeln!(
                        out,
                        "\n{} (n = {}, {} {})",
                        v.label.get(lang),
                        fmt_count(a.n, lang),
                        w.unknown,
                        fmt_count(a.missing, lang)
                    );
                    if let (Some(mean), Some(median)) = (a.mean, a.median) {
                        let _ = writeln!(
                            out,
                            "  {} {}, {} {}",
                            w.mean,
                            fmt_dec(mean, lang),
                            w.median,
                            fmt_dec(median, lang)
                        );
                    }
                    let _ = writeln!(
                        out,
                        "  {:<44}{:>8}{:>10}",
                        w.minors,
                        fmt_count(a.minors, lang),
                        fmt_pct(a.minors, a.n, lang)
                    );
                    for (key, n) in a.under.iter() {
                        let limit = key.trim_start_matches("under_");
                        let label = format!("{} {limit}", w.under);
                        let _ = writeln!(
                            out,
                            "  {label:<44}{:>8}{:>10}",
                            fmt_count(*n, lang),
                            fmt_pct(*n, a.n, lang)
                        );
                    }
                    if let (Some(mean), Some(median)) = (a.minor_mean, a.minor_median) {
                        let _ = writeln!(
                            out,
                            "  {}: {} {}, {} {}",
                            w.minors,
                            w.mean,
                            fmt_dec(mean, lang),
                            w.median,
                            fmt_dec(median, lang)
                        );
                    }
                }
                Entry::Set(s) => {
                    let Some(set) = book.set(vname) else { continue };
                    if s.cases == 0 {
                        continue;
                    }
                    let _ = writeln!(
                        out,
                        "\n{} (n = {} {}, {} {})",
                        set.label.get(lang),
                        fmt_count(s.cases, lang),
                        w.cases,
                        fmt_count(s.mentions, lang),
                        w.mentions
                    );
                    let _ = writeln!(
                        out,
                        "  {:<44}{:>8}{:>12}{:>16}",
                        "", "n", w.of_cases, w.of_mentions
                    );
                    for (code, n) in s.counts.iter() {
                        let label = set
                            .items
                            .iter()
                            .find(|i| i.code == code)
                            .map_or(code, |i| i.label(lang));
                        let _ = writeln!(
                            out,
                            "  {label:<44}{:>8}{:>12}{:>16}",
                            fmt_count(*n, lang),
                            fmt_pct(*n, s.cases, lang),
                            fmt_pct(*n, s.mentions, lang)
                        );
                    }
                    if let Some(two) = s.two_or_more {
                        let _ = writeln!(
                            out,
                            "  {:<44}{:>8}{:>12}",
                            w.two_or_more,
                            fmt_count(two, lang),
                            fmt_pct(two, s.cases, lang)
                        );
                    }
                }
            }
        }
    }
    for (name, table) in stats.crosstabs.iter() {
        let Some(t) = book.analysis.crosstabs.iter().find(|t| t.name == name) else {
            continue;
        };
        let (Some(rows), Some(cols)) = (book.variable(&t.rows), book.variable(&t.columns)) else {
            continue;
        };
        let _ = writeln!(out, "\n{} × {}", rows.label.get(lang), cols.label.get(lang));
        let _ = write!(out, "  {:<36}", "");
        for c in &cols.codes {
            let _ = write!(out, "{:>10}", c.label(lang));
        }
        let _ = writeln!(out);
        for (rcode, row) in table.iter() {
            let label = rows.code(rcode).map_or(rcode, |c| c.label(lang));
            let _ = write!(out, "  {label:<36}");
            for (_, n) in row.iter() {
                let _ = write!(out, "{:>10}", fmt_count(*n, lang));
            }
            let _ = writeln!(out);
        }
    }
    if let Some(years) = &stats.years {
        let _ = writeln!(out, "\n{}", w.years);
        let keys: Vec<&str> = years
            .iter()
            .next()
            .map(|(_, r)| r.keys().collect())
            .unwrap_or_default();
        let _ = write!(out, "  {:<8}", "");
        for k in &keys {
            let label = book
                .analysis
                .series
                .iter()
                .find(|s| s.name == *k)
                .map_or(if *k == "included" { w.included } else { k }, |s| {
                    s.label.get(lang)
                });
            let _ = write!(out, "{label:>24}");
        }
        let _ = writeln!(out);
        for (year, row) in years.iter() {
            let _ = write!(out, "  {year:<8}");
            for (_, n) in row.iter() {
                let _ = write!(out, "{:>24}", fmt_count(*n, lang));
            }
            let _ = writeln!(out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_report_style() {
        assert_eq!(fmt_pct(95, 230, Lang::Nl), "41,3%");
        assert_eq!(fmt_pct(95, 230, Lang::En), "41.3%");
        assert_eq!(fmt_pct(1, 0, Lang::Nl), "-");
        assert_eq!(fmt_count(1234567, Lang::Nl), "1.234.567");
        assert_eq!(fmt_count(999, Lang::En), "999");
        assert_eq!(fmt_count(1000, Lang::En), "1,000");
    }
}
