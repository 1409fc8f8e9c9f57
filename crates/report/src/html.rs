//! The report as one self-contained HTML file: inline SVG figures, inline CSS with a print stylesheet, no external resource.

use std::fmt::Write;

use zicht_codebook::Lang;

use crate::model::{Block, Figure, Report, Rich, Table};
use crate::svg::{self, esc};

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --accent: #1f4e79; --rule: #d0d7de; }
* { box-sizing: border-box; }
body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: var(--ink); line-height: 1.55; margin: 0; background: #f6f7f9; }
main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 2rem 4rem; background: #fff; }
header.cover { border-bottom: 4px solid var(--accent); padding-bottom: 1.5rem; margin-bottom: 2rem; }
header.cover h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 .5rem; color: var(--accent); }
header.cover p.subtitle { font-size: 1.1rem; color: var(--muted); margin: 0 0 1rem; }
header.cover p.colophon { font-size: .85rem; color: var(--muted); margin: .3rem 0; }
nav.toc h2 { font-size: 1.2rem; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc li { margin: .2rem 0; }
nav.toc li.l2 { padding-left: 1.5rem; }
nav.toc a { color: var(--ink); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
h2.chapter { font-size: 1.6rem; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: .3rem; margin-top: 3rem; }
h2.chapter .num { display: block; font-size: .95rem; color: var(--muted); font-weight: normal; }
h3.section { font-size: 1.3rem; color: var(--accent); margin-top: 2.5rem; }
h4 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; }
ul { padding-left: 1.3rem; }
li { margin: .35rem 0; }
figure { margin: 1.8rem 0; break-inside: avoid; page-break-inside: avoid; }
figure figcaption { font-weight: bold; margin-bottom: .5rem; }
.chart { overflow-x: auto; }
.chart svg { display: block; max-width: none; }
.chart.narrow { display: none; }
details.data { margin-top: .4rem; }
details.data summary { cursor: pointer; color: var(--accent); }
details.data table { margin: .4rem 0; font-size: .95rem; }
details.data p.table-caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
td.num { white-space: nowrap; }
.table-wrap { overflow-x: auto; margin: 0 0 1.2rem; background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)), linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0, radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)), radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 100% 0; background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%; background-attachment: local, local, scroll, scroll; }
.table-wrap:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.table-wrap table { margin: 0; }
p.table-caption { font-weight: bold; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; margin: 1.2rem 0; min-width: 60%; break-inside: avoid; }
caption { text-align: left; font-weight: bold; margin-bottom: .4rem; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid var(--rule); text-align: left; }
th { border-bottom: 2px solid var(--accent); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl dt { font-weight: bold; margin-top: .6rem; }
dl dd { margin-left: 0; color: var(--ink); }
aside.vignette { margin: 1.6rem 0; padding: 1rem 1.2rem; background: #eef3f8; border-left: 5px solid var(--accent); }
aside.vignette h4 { margin: .2rem 0 .6rem; color: var(--accent); }
aside.vignette p.label { font-size: .85rem; color: var(--muted); margin: 0; font-style: italic; }
aside.vignette p:last-child { margin-bottom: 0; }
ul.references { list-style: none; padding-left: 0; }
ul.references li { padding-left: 1.5rem; text-indent: -1.5rem; }
sup.fn { line-height: 0; }
sup.fn a { text-decoration: none; padding: 0 .1rem; }
aside.notes { border-top: 1px solid var(--rule); margin-top: 1.5rem; font-size: .88rem; color: var(--muted); }
aside.notes ol { padding-left: 1.6rem; }
p, li, dd, caption, h1, h2, h3, h4 { overflow-wrap: break-word; hyphens: auto; }
@media (max-width: 799px) {
  main { padding: 1.5rem 1rem 3rem; }
  header.cover h1 { font-size: 1.6rem; }
  h2.chapter { font-size: 1.3rem; }
  h3.section { font-size: 1.15rem; }
  .chart.wide { display: none; }
  .chart.narrow { display: block; }
  th, td { padding: .3rem .5rem; }
}
@media print {
  @page { size: A4; margin: 20mm 18mm 22mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { break-after: page; }
  h2.chapter { break-before: page; margin-top: 0; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .chart.wide { display: block; }
  .chart.narrow, details.data { display: none; }
}
"#;

/// Footnotes: numbered through the whole report, listed at the end of their section.
#[derive(Default)]
struct Notes {
    count: usize,
    pending: Vec<(usize, String)>,
}

impl Notes {
    /// The notes of a section as a list (nothing when there are none).
    fn flush(&mut self, lang: Lang) -> String {
        if self.pending.is_empty() {
            return String::new();
        }
        let (label, back) = match lang {
            Lang::Nl => ("Voetnoten", "Terug naar de tekst"),
            Lang::En => ("Footnotes", "Back to the text"),
        };
        let mut out = format!("<aside class=\"notes\" aria-label=\"{label}\"><ol>");
        for (n, text) in self.pending.drain(..) {
            let _ = write!(
                out,
                "<li id=\"fn-{n}\" value=\"{n}\">{} <a href=\"#fnref-{n}\" aria-label=\"{back}\">\u{21a9}</a></li>",
                esc(&text)
            );
        }
        out.push_str("</ol></aside>\n");
        out
    }
}

fn rich(r: &Rich, notes: &mut Notes, lang: Lang) -> String {
    let mut out = String::new();
    for s in r {
        if s.note {
            notes.count += 1;
            let n = notes.count;
            notes.pending.push((n, s.text.clone()));
            let word = match lang {
                Lang::Nl => "Voetnoot",
                Lang::En => "Footnote",
            };
            let _ = write!(
                out,
                "<sup class=\"fn\"><a href=\"#fn-{n}\" id=\"fnref-{n}\" aria-label=\"{word} {n}\">{n}</a></sup>"
            );
            continue;
        }
        let mut text = esc(&s.text);
        if s.italic {
            text = format!("<em>{text}</em>");
        }
        if s.bold {
            text = format!("<strong>{text}</strong>");
        }
        out.push_str(&text);
    }
    out
}

/// A table in its own scrolling box (focusable, so a keyboard can scroll it), so that a
/// wide table never widens the page.
fn table(t: &Table, lang: Lang) -> String {
    let mut out = String::new();
    // The caption wraps above the box (never scrolled away or cut off); the box says
    // to a screen reader that it scrolls, and a shadow at an edge shows it to the eye.
    let id: String = t
        .caption
        .split(' ')
        .take(2)
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase();
    let hint = match lang {
        Lang::Nl => "schuift horizontaal",
        Lang::En => "scrolls horizontally",
    };
    let _ = write!(
        out,
        "<p class=\"table-caption\" id=\"cap-{id}\">{}</p><div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{} ({hint})\"><table aria-labelledby=\"cap-{id}\"><thead><tr>",
        esc(&t.caption),
        esc(&t.caption)
    );
    // A column of words (a model described in words) wraps and aligns left even in a table
    // of numbers, so that it never pushes the numbers out of view.
    let num = |i: usize| t.right_aligned(i);
    for (i, h) in t.head.iter().enumerate() {
        let class = if num(i) { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let class = if num(i) { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A figure: the chart drawn wide and narrow (the page shows one of them), its
/// text alternative, and its numbers as a table that opens on request.
fn figure(f: &Figure, lang: Lang) -> String {
    let summary = svg::summary(&f.chart);
    let label = format!("{}. {summary}", f.caption);
    let labelled = |svg: String| {
        svg.replacen(
            "role=\"img\"",
            &format!("role=\"img\" aria-label=\"{}\"", esc(&label)),
            1,
        )
    };
    let wide = labelled(svg::render(&f.chart, &f.caption));
    let narrow = labelled(svg::render_width(&f.chart, &f.caption, svg::NARROW));
    let single = f.chart.series.len() < 2;
    let mut head = vec![String::new()];
    head.extend(f.chart.series.iter().map(|s| {
        if single || s.name.is_empty() {
            match lang {
                Lang::Nl => "Aantal".to_string(),
                Lang::En => "Number".to_string(),
            }
        } else {
            s.name.clone()
        }
    }));
    let rows = f
        .chart
        .categories
        .iter()
        .enumerate()
        .map(|(ci, cat)| {
            let mut row = vec![cat.clone()];
            row.extend(
                f.chart
                    .series
                    .iter()
                    .map(|s| svg::value_text(&f.chart, s, ci)),
            );
            row
        })
        .collect();
    let data = table(
        &Table {
            caption: f.caption.clone(),
            head,
            rows,
            numeric: true,
        },
        lang,
    );
    let open = match lang {
        Lang::Nl => format!("Cijfers bij figuur {}", f.number),
        Lang::En => format!("Numbers of figure {}", f.number),
    };
    format!(
        "<figure id=\"{}\"><figcaption>{}</figcaption>\n<div class=\"chart wide\">{wide}</div>\n<div class=\"chart narrow\">{narrow}</div>\n<details class=\"data\"><summary>{}</summary>{data}</details></figure>\n",
        f.file,
        esc(&f.caption),
        esc(&open)
    )
}

/// Renders the whole report as one HTML document.
pub fn render(report: &Report) -> String {
    let lang = match report.lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&report.title)
    );
    let _ = write!(
        out,
        "<header class=\"cover\"><h1>{}</h1><p class=\"subtitle\">{}</p>",
        esc(&report.title),
        esc(&report.subtitle)
    );
    for c in &report.colophon {
        let _ = write!(out, "<p class=\"colophon\">{}</p>", esc(c));
    }
    out.push_str("</header>\n");
    let _ = write!(
        out,
        "<nav class=\"toc\"><h2>{}</h2><ol>",
        esc(&report.contents_label)
    );
    for ch in &report.chapters {
        let _ = write!(
            out,
            "<li class=\"l{}\"><a href=\"#{}\">{}{}</a></li>",
            ch.level,
            ch.anchor,
            if ch.number.is_empty() {
                String::new()
            } else {
                format!("{} ", esc(&ch.number))
            },
            esc(&ch.title)
        );
    }
    out.push_str("</ol></nav>\n");
    let mut notes = Notes::default();
    for ch in &report.chapters {
        if ch.level == 1 {
            let num = if ch.number.is_empty() {
                String::new()
            } else {
                format!("<span class=\"num\">{}</span>", esc(&ch.number))
            };
            let _ = writeln!(
                out,
                "<section><h2 class=\"chapter\" id=\"{}\">{num}{}</h2>",
                ch.anchor,
                esc(&ch.title)
            );
        } else {
            let _ = writeln!(
                out,
                "<section><h3 class=\"section\" id=\"{}\">{} {}</h3>",
                ch.anchor,
                esc(&ch.number),
                esc(&ch.title)
            );
        }
        let mut in_dl = false;
        for b in &ch.blocks {
            let is_def = matches!(b, Block::Definition { .. });
            if in_dl && !is_def {
                out.push_str("</dl>\n");
                in_dl = false;
            }
            match b {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h4>{}</h4>", esc(h));
                }
                Block::Paragraph(r) => {
                    let _ = writeln!(out, "<p>{}</p>", rich(r, &mut notes, report.lang));
                }
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", rich(i, &mut notes, report.lang));
                    }
                    out.push_str("</ul>\n");
                }
                Block::References(items) => {
                    out.push_str("<ul class=\"references\">\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", rich(i, &mut notes, report.lang));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Vignette {
                    title,
                    label,
                    paragraphs,
                } => {
                    let _ = write!(
                        out,
                        "<aside class=\"vignette\" aria-label=\"{}\"><p class=\"label\">{}</p><h4>{}</h4>",
                        esc(title),
                        esc(label),
                        esc(title)
                    );
                    for p in paragraphs {
                        let _ = write!(out, "<p>{}</p>", rich(p, &mut notes, report.lang));
                    }
                    out.push_str("</aside>\n");
                }
                Block::Figure(i) => {
                    if let Some(f) = report.figures.get(*i) {
                        out.push_str(&figure(f, report.lang));
                    }
                }
                Block::Table(t) => out.push_str(&table(t, report.lang)),
                Block::Definition { term, text } => {
                    if !in_dl {
                        out.push_str("<dl>\n");
                        in_dl = true;
                    }
                    let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(text));
                }
            }
        }
        if in_dl {
            out.push_str("</dl>\n");
        }
        out.push_str(&notes.flush(report.lang));
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
