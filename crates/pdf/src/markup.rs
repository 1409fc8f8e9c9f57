//! The report model written as typst markup: cover, contents, chapters, figures, tables, page numbers.

use std::fmt::Write;

use zicht_codebook::Lang;
use zicht_report::model::{Block, Report, Rich, Table};

/// Escapes text for typst markup: every ASCII symbol that could start markup is written with a backslash.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '.' | ',' | ';' | ':' | '?' | '!' | '%' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes text for a typst string literal.
fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn rich(r: &Rich) -> String {
    let mut out = String::new();
    for s in r {
        let mut text = esc(&s.text);
        if s.note {
            let _ = write!(out, "#footnote[{text}]");
            continue;
        }
        if s.italic {
            text = format!("#emph[{text}]");
        }
        if s.bold {
            text = format!("#strong[{text}]");
        }
        // After `#strong[…]` a `;` ends the code expression and is swallowed, and
        // `.word` would be read as a field access: escape them.
        if out.ends_with(']')
            && (text.starts_with(';')
                || text.starts_with('.') && text[1..].starts_with(char::is_alphanumeric))
        {
            out.push('\\');
        }
        out.push_str(&text);
    }
    out
}

const ACCENT: &str = "rgb(\"#1f4e79\")";
const MUTED: &str = "rgb(\"#5a5a5a\")";
const RULE: &str = "rgb(\"#c8d0d8\")";

/// Tables with at most this many rows are kept on one page: a table of the size of the
/// methods side by side (6 rows) or the estimate per group (8) broke after its first rows
/// at five (walk-estimate5, finding 14), leaving a lone row under its caption.
const SHORT_TABLE: usize = 12;

fn table(out: &mut String, t: &Table) {
    let cols = t.head.len().max(1);
    let columns = vec!["auto"; cols];
    let align: Vec<&str> = (0..cols)
        .map(|i| if t.right_aligned(i) { "right" } else { "left" })
        .collect();
    // A short table is kept whole; a longer one may break across pages (its header row
    // repeats, its caption sticks to it), so it never leaves half a page empty.
    let head = if t.rows.len() > SHORT_TABLE {
        format!(
            "#block(sticky: true, above: 1.2em, below: 0pt)[#text(weight: \"bold\", size: 9.5pt)[{}]]\n#block(breakable: true, above: 2.2mm, below: 1.4em)[\n#set par(justify: false)\n",
            esc(&t.caption)
        )
    } else {
        format!(
            "#block(breakable: false, above: 1.2em, below: 1.4em)[\n#set par(justify: false)\n#text(weight: \"bold\", size: 9.5pt)[{}]\n#v(1mm)\n",
            esc(&t.caption)
        )
    };
    out.push_str(&head);
    let _ = writeln!(
        out,
        "#table(columns: ({}), align: ({}), inset: (x: 6pt, y: 4pt), stroke: (x, y) => if y == 0 {{ (bottom: 1pt + {ACCENT}) }} else {{ (bottom: 0.4pt + {RULE}) }},",
        columns.join(", "),
        align.join(", ")
    );
    out.push_str("table.header(");
    for h in &t.head {
        let _ = write!(out, "[#strong[{}]], ", esc(h));
    }
    out.push_str("),\n");
    for row in &t.rows {
        for c in row {
            let _ = write!(out, "[{}], ", esc(c));
        }
        out.push('\n');
    }
    out.push_str(")]\n\n");
}

/// The typst source of the whole report.
pub fn typst_source(report: &Report) -> String {
    let lang = match report.lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let page_word = match report.lang {
        Lang::Nl => "Pagina",
        Lang::En => "Page",
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r##"#set document(title: {title}, author: "zicht")
#set text(font: "Liberation Sans", size: 10pt, lang: "{lang}", hyphenate: false, fill: rgb("#1a1a1a"))
#set par(justify: true, leading: 0.62em, spacing: 0.95em)
#set page(paper: "a4", margin: (top: 24mm, bottom: 24mm, left: 24mm, right: 22mm),
  header: context {{
    if counter(page).get().first() > 2 [
      #set text(8pt, fill: {MUTED})
      {short} #h(1fr)
      #v(-2mm) #line(length: 100%, stroke: 0.4pt + {RULE})
    ]
  }},
  footer: context {{
    if counter(page).get().first() > 1 [
      #set text(8.5pt, fill: {MUTED})
      #h(1fr) {page_word} #counter(page).display() #h(1fr)
    ]
  }})
#set list(indent: 0.6em, body-indent: 0.6em, spacing: 0.75em)
#show heading: set text(fill: {ACCENT})
#show heading.where(level: 1): it => {{
  pagebreak(weak: true)
  v(6mm)
  block(below: 6mm)[#text(size: 19pt, weight: "bold", it.body) #v(2mm) #line(length: 100%, stroke: 0.8pt + {ACCENT})]
}}
#show heading.where(level: 2): it => block(above: 8mm, below: 4mm, text(size: 14pt, weight: "bold", it.body))
#show outline.entry.where(level: 1): it => {{ v(4pt); strong(it) }}

#page(numbering: none, margin: (x: 24mm, top: 40mm, bottom: 30mm))[
  #set par(justify: false)
  #block(width: 100%, inset: (left: 0pt))[
    #line(length: 30%, stroke: 3pt + {ACCENT})
    #v(8mm)
    #text(size: 28pt, weight: "bold", fill: {ACCENT})[{title_m}]
    #v(6mm)
    #text(size: 13pt, fill: {MUTED})[{subtitle}]
  ]
  #v(1fr)
"##,
        title = string(&report.title),
        short = esc(&report.title),
        title_m = esc(&report.title),
        subtitle = esc(&report.subtitle),
    );
    for c in &report.colophon {
        let _ = writeln!(
            out,
            "  #par(justify: false)[#text(size: 9pt, fill: {MUTED})[{}]]",
            esc(c)
        );
    }
    out.push_str("]\n\n");
    let _ = writeln!(
        out,
        "#outline(title: text(size: 19pt, fill: {ACCENT})[{}], depth: 2, indent: 1.2em)\n#pagebreak()\n",
        esc(&report.contents_label)
    );
    for ch in &report.chapters {
        let title = if ch.number.is_empty() {
            esc(&ch.title)
        } else {
            format!("{} {}", esc(&ch.number), esc(&ch.title))
        };
        let marks = if ch.level == 1 { "=" } else { "==" };
        let _ = writeln!(out, "{marks} {title}\n");
        for b in &ch.blocks {
            match b {
                Block::Heading(h) => {
                    let _ = writeln!(
                        out,
                        "#block(above: 1.3em, below: 0.6em, sticky: true)[#text(weight: \"bold\", size: 11pt)[{}]]\n",
                        esc(h)
                    );
                }
                Block::Paragraph(r) => {
                    let _ = writeln!(out, "{}\n", rich(r));
                }
                Block::Bullets(items) => {
                    out.push_str("#list(\n");
                    for i in items {
                        let _ = writeln!(out, "  [{}],", rich(i));
                    }
                    out.push_str(")\n\n");
                }
                Block::Figure(i) => {
                    if let Some(f) = report.figures.get(*i) {
                        let _ = writeln!(
                            out,
                            "#block(breakable: false, width: 100%, above: 1.4em, below: 1.6em)[\n#text(weight: \"bold\", size: 9.5pt)[{}]\n#v(1.5mm)\n#image(\"/figures/{}.svg\", width: 100%)\n]\n",
                            esc(&f.caption),
                            f.file
                        );
                    }
                }
                Block::Table(t) => table(&mut out, t),
                Block::Definition { term, text } => {
                    let _ = writeln!(
                        out,
                        "#par(justify: false)[#strong[{}] #h(0.4em) {}]\n",
                        esc(term),
                        esc(text)
                    );
                }
                Block::References(items) => {
                    for i in items {
                        let _ = writeln!(
                            out,
                            "#par(justify: false, hanging-indent: 1.5em)[{}]\n",
                            rich(i)
                        );
                    }
                }
                Block::Vignette {
                    title,
                    label,
                    paragraphs,
                } => {
                    let _ = write!(
                        out,
                        "#block(width: 100%, fill: rgb(\"#eef3f8\"), inset: (x: 5mm, y: 4mm), stroke: (left: 2.5pt + {ACCENT}), above: 1.2em, below: 1.4em)[\n#text(size: 8.5pt, style: \"italic\", fill: {MUTED})[{}]\n#v(1mm)\n#text(weight: \"bold\", size: 11pt, fill: {ACCENT})[{}]\n#v(1mm)\n",
                        esc(label),
                        esc(title)
                    );
                    for p in paragraphs {
                        let _ = writeln!(out, "{}\n", rich(p));
                    }
                    out.push_str("]\n\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use zicht_report::model::Span;

    #[test]
    fn punctuation_after_bold_stays_text() {
        let bold = |t: &str| Span {
            bold: true,
            ..Span::plain(t)
        };
        let r = vec![bold("acuut onveilig"), Span::plain("; bij 71,8%")];
        assert_eq!(rich(&r), "#strong[acuut onveilig]\\; bij 71,8%");
        let r = vec![
            bold("x"),
            Span::plain(".y en ."),
            bold("z"),
            Span::plain(". Dan"),
        ];
        assert_eq!(rich(&r), "#strong[x]\\.y en .#strong[z]. Dan");
    }

    #[test]
    fn a_long_table_may_break_with_its_caption_kept_to_it_and_a_short_one_may_not() {
        let t = |rows: usize| Table {
            caption: "Tabel 7. Per groep".into(),
            head: vec!["Groep".into(), "Geschat".into()],
            rows: (0..rows)
                .map(|i| vec![format!("groep {i}"), i.to_string()])
                .collect(),
            numeric: true,
        };
        let mut long = String::new();
        table(&mut long, &t(SHORT_TABLE + 1));
        assert!(long.contains("#block(breakable: true"), "{long}");
        assert!(
            long.starts_with("#block(sticky: true") && long.contains("Tabel 7. Per groep]]"),
            "{long}"
        );
        assert!(long.contains("table.header("), "{long}");
        // The methods table (6 rows) and the groups table (8 rows) stay whole.
        for rows in [6, 8] {
            let mut s = String::new();
            table(&mut s, &t(rows));
            assert!(s.starts_with("#block(breakable: false"), "{rows}: {s}");
        }
        let mut short = String::new();
        table(&mut short, &t(SHORT_TABLE));
        assert!(short.starts_with("#block(breakable: false"), "{short}");
        assert!(!short.contains("sticky"), "{short}");
    }

    #[test]
    fn a_column_of_words_in_a_numeric_table_is_left_aligned() {
        // The estimate chapter's method table: numbers right, the model in words left.
        let t = Table {
            caption: "Tabel 6. Geschatte omvang volgens elke methode".into(),
            head: vec![
                "Methode".into(),
                "Geschat".into(),
                "95%-interval".into(),
                "Model".into(),
            ],
            rows: vec![
                vec![
                    "Model zonder samenhang".into(),
                    "1.508".into(),
                    "1.328 – 1.727".into(),
                    "geen samenhang".into(),
                ],
                vec![
                    "Latente klassen (LCMCR)".into(),
                    "2.102".into(),
                    "789 – 4.243".into(),
                    "10 latente klassen".into(),
                ],
            ],
            numeric: true,
        };
        let mut out = String::new();
        table(&mut out, &t);
        assert!(out.contains("align: (left, right, right, left)"), "{out}");
    }

    #[test]
    fn symbols_are_escaped() {
        assert_eq!(
            esc("a #b *c* _d_ $e$ <f> [g] @h"),
            "a \\#b \\*c\\* \\_d\\_ \\$e\\$ \\<f\\> \\[g\\] \\@h"
        );
        assert_eq!(esc("41,3% (n = 5)."), "41,3% \\(n \\= 5\\).");
        assert_eq!(string("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn the_cover_is_set_ragged_right() {
        let report = zicht_report::Report {
            lang: Lang::Nl,
            year: 2022,
            title: "Onzichtbare slachtoffers van mensenhandel in 2022".into(),
            subtitle: "Jaarrapportage".into(),
            contents_label: "Inhoud".into(),
            colophon: Vec::new(),
            chapters: Vec::new(),
            figures: Vec::new(),
        };
        let src = typst_source(&report);
        let cover = src.find("#page(numbering: none").unwrap();
        let title = src
            .find("Onzichtbare slachtoffers van mensenhandel in 2022]")
            .unwrap();
        let ragged = src[cover..title].find("#set par(justify: false)");
        assert!(ragged.is_some(), "{}", &src[cover..title]);
    }
}
