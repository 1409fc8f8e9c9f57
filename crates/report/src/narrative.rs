//! The narrative as editable text: Markdown chapters with references to the statistics, read, checked and rendered into the report model.
//!
//! A narrative folder holds `report.toml` (title, subtitle, authors, colophon,
//! bibliography, context figures), one Markdown file per chapter (read in the
//! order of their file names) and optionally `figures.toml` (see
//! [`crate::figures`]). The built-in narrative is the same files, embedded.
//!
//! The Markdown is a small subset of its own: `#` chapters, `##` sections, `###`
//! headings (`{-}` after a title: unnumbered; `{#id}`: a name for `{{ ref id }}`),
//! paragraphs, `**bold**`, `*italic*`, `- ` lists, footnotes (`[^id]` with
//! `[^id]: text`), citations (`[@key]`, `[@key, p. 12]`) and a vignette box
//! (`::: vignette Title` … `:::`). Lines `{{ if NAME }}` … `{{ end }}` keep their
//! text only when NAME holds (`pool`, `population`, `reliability`, `min_cell`,
//! `comparison`; `{{ if not NAME }}` too; the lines vanish, so a condition may hold
//! one sentence of a paragraph). In the prose `{{ … }}` inserts a value:
//!
//! - `{{ funnel.included }}`: a value of the statistics contract (formats.md §4);
//!   `populations.all.victim_gender.female` is short for `….counts.female`. A
//!   count below twenty is written in words; a suppressed count says so.
//! - `{{ n PATH }}`: a count in digits (for "n = 12"); `{{ pct PATH }}`: the share
//!   of its known n ("41,3%", in words below twenty: "drie van de zeven");
//!   `{{ pct PATH BASE }}` of another base; `{{ count PATH "casus" "casussen" }}`:
//!   the count with its noun; `{{ years PATH }}`: a mean or median age in whole
//!   years ("19 jaar"); `{{ age PATH }}`: an age with privacy coding ("jonger dan 12").
//! - `{{ year }}`, `{{ pool.from }}`, `{{ pool.to }}`, `{{ ages.young }}`,
//!   `{{ ages.old }}`, `{{ codebook.title }}`, `{{ codebook.version }}`,
//!   `{{ codebook.unit }}`, `{{ meta.authors }}`, `{{ meta.organisation }}`.
//! - `{{ context KEY }}`: a context figure of `report.toml` with a footnote to its source
//!   (`{{ context KEY "%" }}`: with a suffix before the footnote mark).
//! - `{{ ref ID }}`: the number of a chapter or section.
//!
//! On a line of their own: `{{ figure NAME }}`, `{{ table NAME }}`, `{{ findings
//! NAME }}` (the computed findings with disclosure control, see [`FINDINGS`]),
//! `{{ bibliography }}` and `{{ definitions }}`.
//!
//! Every problem (an unknown path, a missing figure, a citation without an
//! entry, a syntax error) is collected with its file, line and column; one or
//! more of them fail the whole report, so nothing is written.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;
use zicht_codebook::Lang;
use zicht_stats::{Stats, fmt_count, fmt_dec};

use crate::build::Ctx;
use crate::figures::{self, Declarations, line_col};
use crate::model::{Block, Chapter, Rich, Span};
use crate::text::{Noun, WORDS_BELOW, number_word, share_phrase, share_text, tr, years};
use crate::{Options, ReportError};

/// One problem in a narrative folder, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &str, line: usize, col: usize, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// Every problem found in a narrative folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the report text:", self.0.len())?;
        for d in &self.0 {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

/// The computed findings a text can place with `{{ findings NAME }}`: the paragraphs,
/// lists and tables that need disclosure control across several numbers.
pub const FINDINGS: &[&str] = &[
    "selection",
    "reliability",
    "all.background",
    "all.situations",
    "comparison",
    "sexual.victims",
    "sexual.safety",
    "sexual.perpetrators",
    "clients",
    "criminal.victims",
    "parents",
    "population",
];

const CONDITIONS: &[&str] = &[
    "pool",
    "population",
    "reliability",
    "min_cell",
    "comparison",
];

/// The files of a narrative: name and text, Markdown in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub files: Vec<(String, String)>,
}

macro_rules! embedded {
    ($lang:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../text/", $lang, "/", $name)))),*]
    };
}

const NL: &[(&str, &str)] = embedded!(
    "nl",
    "report.toml",
    "00-samenvatting.md",
    "01-inleiding.md",
    "02-onderzoeksverantwoording.md",
    "03-slachtoffers.md",
    "04-omvang.md",
    "05-conclusie.md",
    "06-aanbevelingen.md",
    "07-literatuur.md",
    "08-bijlage.md",
    "09-colofon.md",
);
const EN: &[(&str, &str)] = embedded!(
    "en",
    "report.toml",
    "00-summary.md",
    "01-introduction.md",
    "02-method.md",
    "03-victims.md",
    "04-size.md",
    "05-conclusion.md",
    "06-recommendations.md",
    "07-references.md",
    "08-appendix.md",
    "09-colophon.md",
);

impl Source {
    /// The built-in narrative of a language (with the built-in `figures.toml`).
    pub fn builtin(lang: Lang) -> Source {
        let files = match lang {
            Lang::Nl => NL,
            Lang::En => EN,
        };
        let mut files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect();
        files.push(("figures.toml".to_string(), figures::BUILTIN.to_string()));
        files.sort();
        Source { files }
    }

    /// The reference files `zicht report init` writes beside the text; they are not chapters.
    pub const REFERENCE_FILES: [&'static str; 2] = ["PADEN.md", "PATHS.md"];

    /// Reads a narrative folder: `report.toml`, every `*.md` (but the reference files)
    /// and `figures.toml` if there.
    pub fn from_dir(dir: &Path) -> Result<Source, ReportError> {
        let io = |path: &Path, source| ReportError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
            let entry = entry.map_err(|e| io(dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if Self::REFERENCE_FILES.contains(&name.as_str()) {
                continue;
            }
            if name.ends_with(".md") || name == "report.toml" || name == "figures.toml" {
                let text =
                    std::fs::read_to_string(entry.path()).map_err(|e| io(&entry.path(), e))?;
                files.push((name, text));
            }
        }
        files.sort();
        Ok(Source { files })
    }

    /// Writes the files into a folder that must not hold a narrative yet.
    pub fn write_to(&self, dir: &Path) -> Result<(), ReportError> {
        let io = |path: &Path, source| ReportError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        for (name, _) in &self.files {
            let path = dir.join(name);
            if path.exists() {
                return Err(ReportError::Exists(path));
            }
        }
        for (name, text) in &self.files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }
}

// ------------------------------------------------------------------ metadata

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    /// The language the text is written in (`nl` or `en`), written by `zicht report init`;
    /// rendering it in the other language is an error instead of a report in two languages.
    #[serde(default)]
    lang: Option<Spanned<String>>,
    title: Spanned<String>,
    #[serde(default)]
    subtitle: Option<Spanned<String>>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    organisation: Option<String>,
    /// Lines of small print on the cover, before zicht's own.
    #[serde(default)]
    colophon: Vec<Spanned<String>>,
    /// A label over every vignette box.
    vignette_label: Option<String>,
    #[serde(default)]
    bibliography: BTreeMap<String, BibEntry>,
    #[serde(default)]
    context: BTreeMap<String, ContextFigure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BibEntry {
    /// The short form in a footnote: "Van Dijk, Cruyff & Van der Heijden, 2021".
    cite: String,
    /// The full entry in the list of references (`*italic*` allowed).
    reference: String,
}

/// A figure of context that does not come from the cases, with its source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextFigure {
    value: f64,
    /// A bibliography key.
    source: Spanned<String>,
    /// What the number is (for the reader of report.toml and in error messages).
    #[serde(default)]
    about: String,
}

// ------------------------------------------------------------------ Markdown

/// A run of source text with the place of each of its characters.
#[derive(Debug, Clone)]
struct Text {
    chars: Vec<char>,
    /// (offset in `chars`, line, column) where each source line starts.
    starts: Vec<(usize, usize, usize)>,
}

impl Text {
    fn new() -> Text {
        Text {
            chars: Vec::new(),
            starts: Vec::new(),
        }
    }
    fn push_line(&mut self, line: usize, col: usize, s: &str) {
        if !self.chars.is_empty() {
            self.chars.push(' ');
        }
        self.starts.push((self.chars.len(), line, col));
        self.chars.extend(s.chars());
    }
    fn at(&self, offset: usize) -> (usize, usize) {
        let (o, l, c) = self
            .starts
            .iter()
            .rev()
            .find(|(o, _, _)| *o <= offset)
            .copied()
            .unwrap_or((0, 1, 1));
        (l, c + offset - o)
    }
    fn string(&self) -> String {
        self.chars.iter().collect()
    }
}

#[derive(Debug, Clone)]
enum Node {
    Heading {
        level: u8,
        text: Text,
        numbered: bool,
        id: Option<String>,
    },
    Para(Text),
    List(Vec<Text>),
    Vignette {
        title: Text,
        paras: Vec<Text>,
    },
    Directive {
        name: String,
        arg: Option<String>,
        line: usize,
        col: usize,
    },
}

struct File {
    name: String,
    nodes: Vec<Node>,
    notes: BTreeMap<String, Text>,
}

const DIRECTIVES: &[&str] = &["figure", "table", "findings", "bibliography", "definitions"];

/// `{{ if NAME }}`, `{{ if not NAME }}`, `{{ end }}` on a line of their own.
fn condition_line(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix("{{")?.strip_suffix("}}")?;
    let words: Vec<&str> = inner.split_whitespace().collect();
    matches!(words.first(), Some(&"if") | Some(&"end")).then_some(words)
}

/// A heading's title and attributes: `Title {- #id}`.
fn heading_attrs(s: &str) -> (&str, bool, Option<String>) {
    let t = s.trim_end();
    if let Some(open) = t.rfind(" {")
        && t.ends_with('}')
        && !t[open + 2..].starts_with('{')
        && !t[open..].ends_with("}}")
    {
        let attrs = &t[open + 2..t.len() - 1];
        let mut numbered = true;
        let mut id = None;
        for a in attrs.split_whitespace() {
            if a == "-" || a == ".unnumbered" {
                numbered = false;
            } else if let Some(x) = a.strip_prefix('#') {
                id = Some(x.to_string());
            }
        }
        return (&t[..open], numbered, id);
    }
    (t, true, None)
}

fn parse_file(
    name: &str,
    text: &str,
    holds: &dyn Fn(&str) -> bool,
    errs: &mut Vec<Diagnostic>,
) -> File {
    let mut nodes = Vec::new();
    let mut notes = BTreeMap::new();
    // Conditions first: lines in a false branch are blanked (their numbers are kept).
    let mut stack: Vec<(bool, usize)> = Vec::new();
    // The kept lines with their numbers in the file.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(words) = condition_line(line) {
            let col = line.find("{{").unwrap_or(0) + 1;
            match words.as_slice() {
                ["end"] => {
                    if stack.pop().is_none() {
                        errs.push(Diagnostic::new(
                            name,
                            i + 1,
                            col,
                            "`{{ end }}` without `{{ if … }}`".into(),
                        ));
                    }
                }
                ["if", cond] | ["if", "not", cond] => {
                    let neg = words.len() == 3;
                    if !CONDITIONS.contains(cond) {
                        errs.push(Diagnostic::new(
                            name,
                            i + 1,
                            col,
                            format!(
                                "unknown condition `{cond}` (one of: {})",
                                CONDITIONS.join(", ")
                            ),
                        ));
                    }
                    stack.push((holds(cond) != neg, i + 1));
                }
                _ => errs.push(Diagnostic::new(
                    name,
                    i + 1,
                    col,
                    "expected `{{ if NAME }}`, `{{ if not NAME }}` or `{{ end }}`".into(),
                )),
            }
            continue;
        }
        // Lines of a false branch, and the condition lines themselves, are left out
        // entirely, so that a condition can hold one sentence of a paragraph.
        if stack.iter().all(|(on, _)| *on) {
            lines.push((i + 1, line.to_string()));
        }
    }
    for (_, line) in stack {
        errs.push(Diagnostic::new(
            name,
            line,
            1,
            "`{{ if … }}` without `{{ end }}`".into(),
        ));
    }
    let mut i = 0;
    let mut in_comment = false;
    while i < lines.len() {
        let (ln, line) = (lines[i].0, &lines[i].1);
        let t = line.trim_start();
        if in_comment || t.starts_with("<!--") {
            in_comment = !line.contains("-->");
            i += 1;
            continue;
        }
        if t.is_empty() {
            i += 1;
            continue;
        }
        let indent = line.len() - t.len();
        if let Some(rest) = t.strip_prefix("[^")
            && let Some(close) = rest.find("]:")
        {
            let id = rest[..close].to_string();
            let body = &rest[close + 2..];
            let mut note = Text::new();
            let col = indent + 2 + close + 2 + 1 + (body.len() - body.trim_start().len());
            note.push_line(ln, col, body.trim());
            i += 1;
            while i < lines.len() && lines[i].1.starts_with("  ") && !lines[i].1.trim().is_empty() {
                let (n, l) = (lines[i].0, &lines[i].1);
                note.push_line(n, l.len() - l.trim_start().len() + 1, l.trim());
                i += 1;
            }
            if notes.insert(id.clone(), note).is_some() {
                errs.push(Diagnostic::new(
                    name,
                    ln,
                    indent + 1,
                    format!("a second footnote `[^{id}]`"),
                ));
            }
            continue;
        }
        if t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count();
            let body = &t[level..];
            if !(1..=3).contains(&level) || !body.starts_with(' ') {
                errs.push(Diagnostic::new(
                    name,
                    ln,
                    indent + 1,
                    "a heading is `# `, `## ` or `### ` and a title".into(),
                ));
                i += 1;
                continue;
            }
            let (title, numbered, id) = heading_attrs(body.trim_start());
            let mut text = Text::new();
            text.push_line(ln, indent + level + 2, title);
            nodes.push(Node::Heading {
                level: level as u8,
                text,
                numbered,
                id,
            });
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix(":::") {
            let mut words = rest.split_whitespace();
            let kind = words.next().unwrap_or("");
            if kind != "vignette" {
                errs.push(Diagnostic::new(
                    name,
                    ln,
                    indent + 1,
                    "a box is `::: vignette Title` … `:::`".into(),
                ));
            }
            let title_str = rest
                .trim_start()
                .strip_prefix("vignette")
                .unwrap_or("")
                .trim();
            let mut title = Text::new();
            title.push_line(ln, line.len() - title_str.len() + 1, title_str);
            let mut paras = Vec::new();
            let mut cur = Text::new();
            i += 1;
            let mut closed = false;
            while i < lines.len() {
                let (n, l) = (lines[i].0, &lines[i].1);
                if l.trim() == ":::" {
                    closed = true;
                    i += 1;
                    break;
                }
                if l.trim().is_empty() {
                    if !cur.chars.is_empty() {
                        paras.push(std::mem::replace(&mut cur, Text::new()));
                    }
                } else {
                    cur.push_line(n, l.len() - l.trim_start().len() + 1, l.trim());
                }
                i += 1;
            }
            if !cur.chars.is_empty() {
                paras.push(cur);
            }
            if !closed {
                errs.push(Diagnostic::new(
                    name,
                    ln,
                    indent + 1,
                    "`::: vignette` without a closing `:::`".into(),
                ));
            }
            nodes.push(Node::Vignette { title, paras });
            continue;
        }
        if t.starts_with("- ") || t.starts_with("* ") {
            let mut items = Vec::new();
            while i < lines.len() {
                let (n, l) = (lines[i].0, &lines[i].1);
                let lt = l.trim_start();
                let ind = l.len() - lt.len();
                if lt.starts_with("- ") || lt.starts_with("* ") {
                    let mut item = Text::new();
                    item.push_line(n, ind + 3, lt[2..].trim_end());
                    items.push(item);
                } else if !lt.is_empty() && ind >= 2 && !items.is_empty() {
                    if let Some(last) = items.last_mut() {
                        last.push_line(n, ind + 1, lt.trim_end());
                    }
                } else {
                    break;
                }
                i += 1;
            }
            nodes.push(Node::List(items));
            continue;
        }
        // A paragraph: up to a blank line or a line that starts another block.
        let mut text = Text::new();
        while i < lines.len() {
            let (n, l) = (lines[i].0, &lines[i].1);
            let lt = l.trim_start();
            if lt.is_empty()
                || (!text.chars.is_empty()
                    && (lt.starts_with('#')
                        || lt.starts_with("- ")
                        || lt.starts_with(":::")
                        || lt.starts_with("[^")))
            {
                break;
            }
            text.push_line(n, l.len() - lt.len() + 1, lt.trim_end());
            i += 1;
        }
        let s = text.string();
        let directive = s
            .trim()
            .strip_prefix("{{")
            .and_then(|x| x.strip_suffix("}}"))
            .filter(|x| !x.contains("{{"))
            .map(|x| x.split_whitespace().collect::<Vec<_>>())
            .filter(|w| w.first().is_some_and(|d| DIRECTIVES.contains(d)));
        match directive {
            Some(words) => {
                let (line, col) = text.at(0);
                if words.len() > 2 {
                    errs.push(Diagnostic::new(
                        name,
                        line,
                        col,
                        format!("`{}` takes at most one name", words[0]),
                    ));
                }
                nodes.push(Node::Directive {
                    name: words[0].to_string(),
                    arg: words.get(1).map(|s| (*s).to_string()),
                    line,
                    col,
                });
            }
            None => nodes.push(Node::Para(text)),
        }
    }
    File {
        name: name.to_string(),
        nodes,
        notes,
    }
}

// ------------------------------------------------------------------ rendering

/// The rendered narrative: the cover texts and the chapters.
pub(crate) struct Rendered {
    pub title: String,
    pub subtitle: String,
    pub cover: Vec<String>,
    pub chapters: Vec<Chapter>,
}

struct Env<'s, 'c, 'a> {
    cx: &'c mut Ctx<'a>,
    stats: &'s Stats,
    json: Value,
    opts: &'s Options,
    meta: Option<Meta>,
    decls: Declarations,
    /// figures.toml had errors: they are reported, and the figures and tables it would
    /// have declared are not reported again as missing at every place.
    decls_failed: bool,
    refs: BTreeMap<String, String>,
    errs: Vec<Diagnostic>,
    file: String,
    /// The title with its references evaluated (for `{{ meta.title }}`).
    title: String,
    /// The bibliography keys cited so far (footnotes and context figures' sources): the
    /// bibliography lists these only.
    cited: std::collections::BTreeSet<String>,
    /// The footnotes being read, outermost first: a footnote that names one of these
    /// (itself, or one that names it) is an error, not an endless loop.
    notes_open: Vec<String>,
}

/// Inline formatting state while a text is read.
#[derive(Default, Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
}

fn push_text(out: &mut Rich, text: &str, st: Style) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && !last.note
        && last.bold == st.bold
        && last.italic == st.italic
    {
        last.text.push_str(text);
        return;
    }
    out.push(Span {
        text: text.to_string(),
        bold: st.bold,
        italic: st.italic,
        note: false,
    });
}

/// A count in running text: in words below twenty, suppressed in words.
fn count_words(n: Option<u64>, lang: Lang) -> String {
    match n {
        Some(n) if n < WORDS_BELOW => number_word(n, lang),
        Some(n) => fmt_count(n, lang),
        None => tr(lang, "een onderdrukt aantal", "a suppressed number").to_string(),
    }
}

/// A resolved value of the statistics.
enum Val {
    /// A count and how it is suppressed: the base it is part of, or a group.
    Count {
        n: u64,
        shown: Option<u64>,
        base: Option<u64>,
    },
    /// A number that is not a count (a mean, a year, an age bound).
    Number(f64),
    /// A year or another whole number printed as is.
    Plain(String),
    /// A value the data do not give (a median without any known age): "onbekend".
    Missing,
}

impl Env<'_, '_, '_> {
    fn lang(&self) -> Lang {
        self.cx.lang
    }

    fn err(&mut self, line: usize, col: usize, msg: String) {
        self.errs.push(Diagnostic::new(&self.file, line, col, msg));
    }

    /// Resolves a path of the statistics contract (or a run setting) to a value.
    fn lookup(&self, path: &str) -> Result<Val, String> {
        let lang = self.lang();
        let segs: Vec<&str> = path.split('.').collect();
        let k = self.cx.k;
        match segs.as_slice() {
            ["year"] => return Ok(Val::Plain(self.cx.year.to_string())),
            ["pool", end @ ("from" | "to")] => {
                return match self.opts.pool {
                    Some((a, b)) => Ok(Val::Plain(if *end == "from" { a } else { b }.to_string())),
                    None => Err(format!(
                        "`{path}` needs pooled years (--pool); put it inside `{{{{ if pool }}}}`"
                    )),
                };
            }
            ["ages", "young"] => return Ok(Val::Plain(self.cx.ages.young.to_string())),
            ["ages", "old"] => return Ok(Val::Plain(self.cx.ages.old.to_string())),
            ["min_cell"] => {
                return self
                    .opts
                    .min_cell
                    .map(|m| Val::Plain(m.to_string()))
                    .ok_or_else(|| {
                        "`min_cell` is only set with --min-cell; put it inside `{{ if min_cell }}`"
                            .to_string()
                    });
            }
            ["codebook", field] => {
                let b = self.cx.book;
                return match *field {
                    "title" => Ok(Val::Plain(b.title.get(lang).to_string())),
                    "name" => Ok(Val::Plain(b.name.clone())),
                    "version" => Ok(Val::Plain(b.version.clone())),
                    "unit" => Ok(Val::Plain(b.unit.get(lang).to_string())),
                    _ => Err(format!(
                        "unknown `{path}` (codebook.title, .name, .version or .unit)"
                    )),
                };
            }
            ["estimate", field] => {
                let Some(p) = &self.opts.population else {
                    return Err(format!(
                        "`{path}` needs --histories; put it inside `{{{{ if population }}}}`"
                    ));
                };
                let e = &p.result.total;
                let round = |x: f64| {
                    if x.is_finite() && x > 0.0 {
                        x.round() as u64
                    } else {
                        0
                    }
                };
                let count = |n: u64, base: Option<u64>| Val::Count {
                    n,
                    shown: Some(n),
                    base,
                };
                let total = e.estimate.map(round);
                return match (*field, total) {
                    ("observed", _) => Ok(count(e.observed, total)),
                    ("uncertainty", _) => Ok(Val::Plain(model_uncertainty(
                        p.result.comparison.as_ref().and_then(|c| c.spread),
                        lang,
                    ))),
                    (_, None) => Ok(Val::Missing),
                    ("likely", Some(_)) => Ok(Val::Plain(likely_sentence(&p.result, lang))),
                    ("best", Some(_)) => Ok(count(
                        e.estimate
                            .map_or(0, |x| crate::population::policy_round(x, 0)),
                        None,
                    )),
                    ("unobserved_share", Some(t)) if t > 0 => {
                        // Rounded to 5%: the interval is wide, a decimal would be false precision.
                        let pct = t.saturating_sub(e.observed) as f64 / t as f64 * 100.0;
                        let r = (pct / 5.0).round() * 5.0;
                        // The share belongs to the best estimate; over the reader's range it
                        // runs between these two (rounded outward to 5%).
                        let share = |n: f64| (1.0 - e.observed as f64 / n).max(0.0) * 100.0;
                        let range = match crate::population::likely_range(&p.result) {
                            Some((lo, Some(hi))) if lo > 0.0 => Some((
                                (share(lo) / 5.0).floor() * 5.0,
                                (share(hi) / 5.0).ceil() * 5.0,
                            )),
                            _ => None,
                        };
                        Ok(Val::Plain(match (lang, range) {
                            (Lang::Nl, Some((a, b))) => format!(
                                "bij de beste schatting ongeveer {r:.0}% (over de hele marge tussen {a:.0}% en {b:.0}%)"
                            ),
                            (Lang::En, Some((a, b))) => format!(
                                "at the best estimate about {r:.0}% (between {a:.0}% and {b:.0}% across the whole range)"
                            ),
                            (Lang::Nl, None) => format!("bij de beste schatting ongeveer {r:.0}%"),
                            (Lang::En, None) => format!("at the best estimate about {r:.0}%"),
                        }))
                    }
                    ("total", Some(t)) => Ok(count(t, None)),
                    ("unobserved", Some(t)) => Ok(count(t.saturating_sub(e.observed), Some(t))),
                    ("low", Some(_)) => Ok(e.ci[0].map_or(Val::Missing, |x| count(round(x), None))),
                    ("high", Some(_)) => {
                        Ok(e.ci[1].map_or(Val::Missing, |x| count(round(x), None)))
                    }
                    _ => Err(format!(
                        "unknown `{path}` (estimate.total, .best, .likely, .observed, .unobserved, .unobserved_share, .uncertainty, .low or .high)"
                    )),
                };
            }
            ["meta", field] => {
                let m = self.meta.as_ref();
                return match *field {
                    "authors" => Ok(Val::Plain(crate::text::join_and(
                        &m.map(|m| m.authors.clone()).unwrap_or_default(),
                        lang,
                    ))),
                    "organisation" => Ok(Val::Plain(
                        m.and_then(|m| m.organisation.clone()).unwrap_or_default(),
                    )),
                    "title" => Ok(Val::Plain(self.title.clone())),
                    _ => Err(format!(
                        "unknown `{path}` (meta.authors, .organisation or .title)"
                    )),
                };
            }
            _ => {}
        }
        // The statistics contract.
        let mut v = &self.json;
        let mut at = String::new();
        let mut shorthand = false;
        for (i, seg) in segs.iter().enumerate() {
            let next = match v {
                Value::Object(map) => match map.get(*seg) {
                    Some(x) => x,
                    None => match map.get("counts").and_then(|c| c.get(*seg)) {
                        Some(x) if i == segs.len() - 1 => {
                            shorthand = true;
                            x
                        }
                        _ => {
                            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
                            if let Some(Value::Object(c)) = map.get("counts") {
                                keys.extend(c.keys().map(String::as_str));
                            }
                            keys.truncate(40);
                            let place = if at.is_empty() {
                                "the statistics".to_string()
                            } else {
                                format!("`{at}`")
                            };
                            return Err(format!(
                                "unknown path `{path}`: {place} has no `{seg}` (it has: {})",
                                keys.join(", ")
                            ));
                        }
                    },
                },
                _ => {
                    return Err(format!(
                        "unknown path `{path}`: `{at}` is a value, not a group"
                    ));
                }
            };
            if !at.is_empty() {
                at.push('.');
            }
            at.push_str(seg);
            v = next;
        }
        let base = self.base_of(&segs, shorthand);
        match v {
            Value::Number(x) => match x.as_u64() {
                Some(n) if !path.ends_with("mean") && !path.ends_with("median") => {
                    let shown = match (&segs[..], base) {
                        (["funnel", f @ ("duplicates" | "excluded" | "included")], _) => {
                            let fu = &self.stats.funnel;
                            let g = k.group(&[fu.duplicates, fu.excluded, fu.included]);
                            match *f {
                                "duplicates" => g[0],
                                "excluded" => g[1],
                                _ => g[2],
                            }
                        }
                        (_, Some(b)) => k.one(b).and_then(|_| k.part(n, b)),
                        _ => k.one(n),
                    };
                    Ok(Val::Count { n, shown, base })
                }
                _ => Ok(Val::Number(x.as_f64().unwrap_or(0.0))),
            },
            Value::String(s) => Ok(Val::Plain(s.clone())),
            Value::Null => Ok(Val::Missing),
            Value::Object(map) => {
                let keys: Vec<&str> = map.keys().map(String::as_str).take(14).collect();
                Err(format!(
                    "`{path}` is a group, not a value (it has: {})",
                    keys.join(", ")
                ))
            }
            _ => Err(format!("`{path}` is a list, not a value")),
        }
    }

    /// The whole a count is part of: the known n of its variable, the cases of its set,
    /// the known ages, the population.
    fn base_of(&self, segs: &[&str], shorthand: bool) -> Option<u64> {
        let get = |p: &[&str]| -> Option<u64> {
            let mut v = &self.json;
            for s in p {
                v = v.get(s)?;
            }
            v.as_u64()
        };
        match segs {
            ["populations", pop, var, rest @ ..] => {
                let entry = [segs[0], pop, var];
                let whole = get(&[&entry[..], &["n"]].concat())
                    .or_else(|| get(&[&entry[..], &["cases"]].concat()));
                match rest {
                    ["counts", _] => whole,
                    [_] if shorthand => whole,
                    ["n" | "cases" | "missing"] => get(&["population_sizes", pop]),
                    ["minors" | "mentions" | "two_or_more"] => whole,
                    [u] if u.starts_with("under_") => whole,
                    _ => None,
                }
            }
            ["population_sizes", pop] if *pop != "all" => Some(self.stats.funnel.included),
            _ => None,
        }
    }

    /// Evaluates one `{{ … }}`; `line`/`col` point at its start.
    fn expr(&mut self, src: &str, line: usize, col: usize, out: &mut Rich, st: Style) {
        let lang = self.lang();
        let words = match split_words(src) {
            Ok(w) => w,
            Err(e) => return self.err(line, col, e),
        };
        let Some(head) = words.first() else {
            return self.err(line, col, "an empty `{{ }}`".into());
        };
        let arg = |i: usize| words.get(i).map(String::as_str);
        let res: Result<String, String> = match head.as_str() {
            h if DIRECTIVES.contains(&h) => Err(format!(
                "`{{{{ {h} … }}}}` must stand alone in its own paragraph"
            )),
            "n" | "pct" | "count" | "years" | "age" | "share" | "verb" => {
                let Some(path) = arg(1) else {
                    return self.err(line, col, format!("`{head}` needs a path"));
                };
                match self.lookup(path) {
                    Err(e) => Err(e),
                    Ok(v) => self.helper(head, v, &words, path),
                }
            }
            "ref" => match arg(1) {
                Some(id) => self.refs.get(id).cloned().ok_or_else(|| {
                    format!(
                        "no heading `{{#{id}}}` to refer to (known: {})",
                        self.refs.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                }),
                None => Err("`ref` needs the id of a heading".into()),
            },
            "context" => match arg(1) {
                Some(key) => match self.meta.as_ref().and_then(|m| m.context.get(key)) {
                    Some(c) => {
                        let v = if c.value.fract() == 0.0 && c.value >= 0.0 {
                            fmt_count(c.value as u64, lang)
                        } else {
                            fmt_dec(c.value, lang)
                        };
                        push_text(out, &v, st);
                        if let Some(suffix) = arg(2) {
                            push_text(out, suffix, st);
                        }
                        self.cited.insert(c.source.get_ref().clone());
                        let cite = self
                            .meta
                            .as_ref()
                            .and_then(|m| m.bibliography.get(c.source.get_ref()))
                            .map(|b| format!("{}.", b.cite))
                            .unwrap_or_default();
                        out.push(Span::note(cite));
                        return;
                    }
                    None => Err(format!(
                        "no context figure `{key}` in report.toml (known: {})",
                        self.meta
                            .as_ref()
                            .map(|m| m
                                .context
                                .iter()
                                .map(|(k, c)| format!("{k}: {}", c.about))
                                .collect::<Vec<_>>()
                                .join("; "))
                            .unwrap_or_default()
                    )),
                },
                None => Err("`context` needs a key of [context] in report.toml".into()),
            },
            path if words.len() == 1 => match self.lookup(path) {
                Ok(Val::Count { shown, .. }) => Ok(count_words(shown, lang)),
                Ok(Val::Number(x)) => Ok(fmt_dec(x, lang)),
                Ok(Val::Plain(s)) => Ok(s),
                Ok(Val::Missing) => Ok(tr(lang, "onbekend", "unknown").to_string()),
                Err(e) => Err(e),
            },
            other => Err(format!(
                "unknown helper `{other}` (n, pct, share, verb, count, years, age, ref, context, or a path)"
            )),
        };
        match res {
            Ok(s) => push_text(out, &s, st),
            Err(e) => self.err(line, col, e),
        }
    }

    fn helper(&self, head: &str, v: Val, words: &[String], path: &str) -> Result<String, String> {
        let lang = self.lang();
        let k = self.cx.k;
        match (head, v) {
            (_, Val::Missing) => Ok(tr(lang, "onbekend", "unknown").to_string()),
            ("pct", Val::Count { base: Some(0), .. }) if words.get(2).is_none() => {
                Ok(tr(lang, "geen", "none").to_string())
            }
            ("n", Val::Count { shown, .. }) => Ok(crate::text::count_or_less(shown, k.0, lang)),
            ("pct", Val::Count { n, shown, base }) => {
                let base = match words.get(2) {
                    Some(b) => match self.lookup(b)? {
                        Val::Count { n: b, .. } => Some(b),
                        _ => return Err(format!("`{b}` is not a count")),
                    },
                    None => base,
                };
                let Some(base) = base else {
                    return Err(format!(
                        "`{path}` has no known n; give the base: `{{{{ pct {path} BASE }}}}`"
                    ));
                };
                let shown = if words.get(2).is_some() {
                    shown.and_then(|_| k.part(n, base))
                } else {
                    shown
                };
                Ok(match shown {
                    Some(_) => share_text(shown, base, lang),
                    None => tr(lang, "een onderdrukt deel", "a suppressed share").to_string(),
                })
            }
            ("share" | "verb", Val::Count { shown, base, .. }) => {
                let (Some(one), Some(many)) = (words.get(2), words.get(3)) else {
                    return Err(format!(
                        "`{head}` needs a path and two words: `{{{{ {head} PATH \"{}\" \"{}\" }}}}`",
                        if head == "share" {
                            "slachtoffer"
                        } else {
                            "was"
                        },
                        if head == "share" {
                            "slachtoffers"
                        } else {
                            "waren"
                        },
                    ));
                };
                let Some(base) = base else {
                    return Err(format!("`{path}` has no known n to take a share of"));
                };
                let ph = share_phrase(shown, base, k.0, lang, Noun(one, many), "");
                Ok(if head == "share" {
                    ph.text
                } else {
                    ph.verb(one, many).to_string()
                })
            }
            ("count", Val::Count { shown, .. }) => {
                let (Some(one), Some(many)) = (words.get(2), words.get(3)) else {
                    return Err("`count` needs a path and two nouns: `{{ count PATH \"casus\" \"casussen\" }}`".into());
                };
                Ok(match shown {
                    Some(1) => format!("{} {one}", count_words(Some(1), lang)),
                    s => format!("{} {many}", count_words(s, lang)),
                })
            }
            ("years", Val::Number(x)) => Ok(format!("{} {}", years(x), tr(lang, "jaar", "years"))),
            ("years", Val::Count { n, .. }) => Ok(format!("{n} {}", tr(lang, "jaar", "years"))),
            // Under --min-cell no youngest or oldest age is released.
            ("age", Val::Count { .. }) if k.0.is_some() => {
                Ok(tr(lang, "(niet gepubliceerd)", "(not published)").to_string())
            }
            ("age", Val::Count { n, .. }) => {
                Ok(self.cx.ages.age(u32::try_from(n).unwrap_or(u32::MAX), lang))
            }
            (h, _) => Err(format!("`{h}` does not fit `{path}`")),
        }
    }

    /// Reads a text: inline markup, references, citations and footnotes.
    fn inline(&mut self, text: &Text, notes: &BTreeMap<String, Text>, allow_refs: bool) -> Rich {
        let mut out = Vec::new();
        let mut st = Style::default();
        let c = &text.chars;
        let mut buf = String::new();
        let mut i = 0;
        while i < c.len() {
            let rest = &c[i..];
            if rest.starts_with(&['\\']) && i + 1 < c.len() {
                buf.push(c[i + 1]);
                i += 2;
                continue;
            }
            if rest.starts_with(&['{', '{']) {
                push_text(&mut out, &std::mem::take(&mut buf), st);
                let (line, col) = text.at(i);
                let Some(end) = find(c, i + 2, &['}', '}']) else {
                    self.err(line, col, "`{{` without `}}`".into());
                    break;
                };
                let src: String = c[i + 2..end].iter().collect();
                if allow_refs {
                    // A value that opens a sentence starts with a capital ("Drie van de zeven").
                    let so_far: String = out
                        .iter()
                        .filter(|s| !s.note)
                        .map(|s| s.text.as_str())
                        .collect();
                    let opens = matches!(
                        so_far.trim_end().chars().last(),
                        None | Some('.' | '!' | '?')
                    );
                    let mut value = Vec::new();
                    self.expr(&src, line, col, &mut value, st);
                    if opens
                        && let Some(span) = value.first_mut()
                        && !span.note
                    {
                        span.text = crate::text::cap(&span.text);
                    }
                    for span in value {
                        if span.note {
                            // Two figures of one source in one paragraph: one footnote.
                            if !out.iter().any(|s| s.note && s.text == span.text) {
                                out.push(span);
                            }
                        } else {
                            let style = Style {
                                bold: span.bold,
                                italic: span.italic,
                            };
                            push_text(&mut out, &span.text, style);
                        }
                    }
                } else {
                    self.err(line, col, "a vignette holds the researchers' own text; computed numbers (`{{ … }}`) belong outside the box".into());
                }
                i = end + 2;
                continue;
            }
            if rest.starts_with(&['[', '@']) || rest.starts_with(&['[', '^']) {
                let (line, col) = text.at(i);
                let Some(end) = find(c, i, &[']']) else {
                    self.err(line, col, "`[` without `]`".into());
                    break;
                };
                push_text(&mut out, &std::mem::take(&mut buf), st);
                let inner: String = c[i + 2..end].iter().collect();
                if c[i + 1] == '@' {
                    let note = self.citation(&inner, line, col);
                    out.push(Span::note(note));
                } else {
                    match notes.get(&inner) {
                        Some(_) if self.notes_open.contains(&inner) => self.err(
                            line,
                            col,
                            format!("footnote `[^{inner}]` names itself (directly or through another footnote)"),
                        ),
                        Some(n) => {
                            self.notes_open.push(inner);
                            let body = self.inline(n, notes, true);
                            self.notes_open.pop();
                            out.push(Span::note(note_text(&body)));
                        }
                        None => self.err(
                            line,
                            col,
                            format!("footnote `[^{inner}]` has no text (`[^{inner}]: …`)"),
                        ),
                    }
                }
                i = end + 1;
                continue;
            }
            if rest.starts_with(&['*', '*']) {
                push_text(&mut out, &std::mem::take(&mut buf), st);
                st.bold = !st.bold;
                i += 2;
                continue;
            }
            if rest.starts_with(&['*']) {
                push_text(&mut out, &std::mem::take(&mut buf), st);
                st.italic = !st.italic;
                i += 1;
                continue;
            }
            buf.push(c[i]);
            i += 1;
        }
        push_text(&mut out, &buf, st);
        if st.bold || st.italic {
            let (line, col) = text.at(0);
            self.err(line, col, "`**` or `*` not closed in this paragraph".into());
        }
        out
    }

    /// `@key`, `@key, p. 12` or several separated by `;`: the footnote text.
    fn citation(&mut self, inner: &str, line: usize, col: usize) -> String {
        let mut parts = Vec::new();
        for one in inner.split(';') {
            let one = one.trim().trim_start_matches('@');
            let (key, locator) = match one.split_once(',') {
                Some((k, l)) => (k.trim(), Some(l.trim())),
                None => (one.trim(), None),
            };
            if self
                .meta
                .as_ref()
                .is_some_and(|m| m.bibliography.contains_key(key))
            {
                self.cited.insert(key.to_string());
            }
            match self.meta.as_ref().and_then(|m| m.bibliography.get(key)) {
                Some(b) => parts.push(match locator {
                    Some(l) => format!("{}, {l}", b.cite),
                    None => b.cite.clone(),
                }),
                None => self.err(
                    line,
                    col,
                    format!("citation `@{key}` has no entry in the bibliography of report.toml"),
                ),
            }
        }
        format!("{}.", parts.join("; "))
    }

    fn directive(&mut self, name: &str, arg: Option<&str>, line: usize, col: usize) -> Vec<Block> {
        let stats = self.stats;
        let needs_arg = matches!(name, "figure" | "table" | "findings");
        if needs_arg && arg.is_none() {
            self.err(line, col, format!("`{name}` needs a name"));
            return Vec::new();
        }
        let arg = arg.unwrap_or("");
        let res: Result<Vec<Block>, ReportError> = match name {
            "figure" => match self.decls.figure(arg).cloned() {
                Some(d) => self
                    .cx
                    .declared_figure(stats, &d)
                    .map(|b| b.into_iter().collect()),
                None if self.decls_failed => return Vec::new(),
                None => {
                    let known: Vec<&str> = self
                        .decls
                        .figure
                        .iter()
                        .map(|f| f.name.get_ref().as_str())
                        .collect();
                    self.err(
                        line,
                        col,
                        format!(
                            "no figure `{arg}` in figures.toml (declared: {})",
                            known.join(", ")
                        ),
                    );
                    return Vec::new();
                }
            },
            "table" => match self.decls.table(arg).cloned() {
                Some(d) => self.cx.declared_table(stats, &d).map(|b| vec![b]),
                None if self.decls_failed => return Vec::new(),
                None => {
                    self.err(line, col, format!("no table `{arg}` in figures.toml"));
                    return Vec::new();
                }
            },
            "findings" => self
                .findings(arg, line, col)
                .map(|b| self.generated_citations(b, line, col)),
            "bibliography" => Ok(self.bibliography()),
            "definitions" => Ok(self.cx.definitions()),
            _ => Ok(Vec::new()),
        };
        match res {
            Ok(b) => b,
            Err(e) => {
                self.err(line, col, e.to_string());
                Vec::new()
            }
        }
    }

    /// The computed text cites as the researchers' text does: a `[@key]` in a generated
    /// sentence becomes a footnote from the bibliography, and a key without an entry is an
    /// error at the directive that placed it.
    fn generated_citations(&mut self, blocks: Vec<Block>, line: usize, col: usize) -> Vec<Block> {
        let mut fix = |r: Rich| -> Rich {
            let mut out = Vec::new();
            for span in r {
                if span.note || !span.text.contains("[@") {
                    out.push(span);
                    continue;
                }
                let mut rest = span.text.as_str();
                while let Some(at) = rest.find("[@") {
                    let Some(end) = rest[at..].find(']') else {
                        break;
                    };
                    let before = rest[..at].trim_end_matches(' ');
                    if !before.is_empty() {
                        out.push(Span {
                            text: before.to_string(),
                            ..span.clone()
                        });
                    }
                    let note = self.citation(&rest[at + 2..at + end], line, col);
                    out.push(Span::note(note));
                    rest = &rest[at + end + 1..];
                }
                if !rest.is_empty() {
                    out.push(Span {
                        text: rest.to_string(),
                        ..span.clone()
                    });
                }
            }
            out
        };
        blocks
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(r) => Block::Paragraph(fix(r)),
                Block::Bullets(items) => Block::Bullets(items.into_iter().map(&mut fix).collect()),
                other => other,
            })
            .collect()
    }

    fn findings(&mut self, name: &str, line: usize, col: usize) -> Result<Vec<Block>, ReportError> {
        let stats = self.stats;
        // Every n of these findings is a part of their population: its
        // unknowns (population minus n) are protected too.
        let population = match name.split('.').next() {
            Some("all") => Some(crate::spec::ALL),
            Some("sexual") | Some("clients") => Some(crate::spec::SEXUAL),
            Some("criminal") => Some(crate::spec::CRIMINAL),
            _ => None,
        };
        self.cx.base = population.map_or(0, |p| stats.population_sizes.count(p));
        let blocks = self.findings_of(name, line, col);
        self.cx.base = 0;
        blocks
    }

    fn findings_of(
        &mut self,
        name: &str,
        line: usize,
        col: usize,
    ) -> Result<Vec<Block>, ReportError> {
        let stats = self.stats;
        let cx = &mut *self.cx;
        match name {
            "selection" => cx.method_findings(stats),
            "reliability" => Ok(self
                .opts
                .reliability
                .as_ref()
                .map(|r| cx.reliability(r))
                .unwrap_or_default()),
            "all.background" => cx.all_background(stats),
            "all.situations" => cx.all_situations(stats),
            "comparison" => cx.comparison(),
            "sexual.victims" => cx.victims_findings(stats, crate::spec::SEXUAL),
            "sexual.safety" => cx.safety_findings(stats, crate::spec::SEXUAL),
            "sexual.perpetrators" => cx.perpetrator_findings(stats, crate::spec::SEXUAL),
            "clients" => cx.clients(stats),
            "criminal.victims" => cx.criminal_findings(stats),
            "parents" => match self.opts.pool {
                Some((a, b)) => cx.parents(a, b),
                None => {
                    self.err(line, col, "`findings parents` needs pooled years (--pool); put it inside `{{ if pool }}`".into());
                    Ok(Vec::new())
                }
            },
            "population" => match &self.opts.population {
                Some(p) => Ok(cx.population(0, p).blocks),
                None => {
                    self.err(line, col, "`findings population` needs --histories; put it inside `{{ if population }}`".into());
                    Ok(Vec::new())
                }
            },
            other => {
                self.err(
                    line,
                    col,
                    format!("no findings `{other}` (one of: {})", FINDINGS.join(", ")),
                );
                Ok(Vec::new())
            }
        }
    }

    fn bibliography(&mut self) -> Vec<Block> {
        let Some(meta) = self.meta.clone() else {
            return Vec::new();
        };
        // Only what the report cites before the list (the chapters before it).
        let mut entries: Vec<&BibEntry> = meta
            .bibliography
            .iter()
            .filter(|(k, _)| self.cited.contains(*k))
            .map(|(_, b)| b)
            .collect();
        entries.sort_by_key(|b| b.reference.to_lowercase());
        let items = entries
            .iter()
            .map(|b| {
                let mut t = Text::new();
                t.push_line(1, 1, &b.reference);
                self.inline(&t, &BTreeMap::new(), false)
            })
            .collect();
        vec![Block::References(items)]
    }

    /// A string of report.toml with its references evaluated.
    fn meta_string(&mut self, meta_text: &str, s: &Spanned<String>) -> String {
        let (line, col) = line_col(meta_text, s.span().start + 1);
        let mut t = Text::new();
        t.push_line(line, col, s.get_ref());
        let saved = std::mem::replace(&mut self.file, "report.toml".into());
        let r = self.inline(&t, &BTreeMap::new(), true);
        self.file = saved;
        crate::model::plain_text(&r)
    }
}

fn find(c: &[char], from: usize, pat: &[char]) -> Option<usize> {
    (from..c.len()).find(|&j| c[j..].starts_with(pat))
}

/// Splits an expression into words; `"…"` is one word.
fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in s.chars() {
        match ch {
            '"' if quoted => {
                out.push(std::mem::take(&mut cur));
                quoted = false;
            }
            '"' => quoted = true,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err("a `\"` is not closed".into());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Reads, checks and renders a narrative into the report's title, cover and chapters.
pub(crate) fn render(
    source: &Source,
    cx: &mut Ctx,
    stats: &Stats,
    opts: &Options,
) -> Result<Rendered, ReportError> {
    let mut errs = Vec::new();
    let meta_text = source.get("report.toml").unwrap_or("");
    let meta: Option<Meta> = match source.get("report.toml") {
        None => {
            errs.push(Diagnostic::new(
                "report.toml",
                1,
                1,
                "the text folder has no report.toml".into(),
            ));
            None
        }
        Some(t) => match toml::from_str::<Meta>(t) {
            Ok(m) => Some(m),
            Err(e) => {
                let (line, col) = e.span().map_or((1, 1), |sp| line_col(t, sp.start));
                errs.push(Diagnostic::new(
                    "report.toml",
                    line,
                    col,
                    e.message().to_string(),
                ));
                None
            }
        },
    };
    if let Some(m) = &meta
        && let Some(l) = &m.lang
    {
        let want = match opts.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        };
        if l.get_ref() != want {
            let (line, col) = line_col(meta_text, l.span().start);
            errs.push(Diagnostic::new(
                "report.toml",
                line,
                col,
                format!(
                    "de tekst is in taal `{}` maar het rapport wordt gevraagd in `{want}` / the text is in `{}` but the report is asked in `{want}`: write a text with `zicht report init --lang {want}` or render with `--lang {}`",
                    l.get_ref(),
                    l.get_ref(),
                    l.get_ref()
                ),
            ));
        }
    }
    if let Some(m) = &meta {
        for c in m.context.values() {
            if !m.bibliography.contains_key(c.source.get_ref()) {
                let (line, col) = line_col(meta_text, c.source.span().start);
                errs.push(Diagnostic::new(
                    "report.toml",
                    line,
                    col,
                    format!(
                        "source `{}` has no entry in [bibliography]",
                        c.source.get_ref()
                    ),
                ));
            }
        }
    }
    let decls = match source.get("figures.toml") {
        Some(t) => Declarations::parse("figures.toml", t, cx.book),
        None => Declarations::parse("figures.toml", figures::BUILTIN, cx.book),
    }
    .unwrap_or_else(|e| {
        errs.extend(e);
        Declarations::default()
    });
    let decls_failed = !errs.is_empty() && errs.iter().any(|e| e.file == "figures.toml");
    let has_comparison = cx.comparison_data()?.is_some();
    let holds = |c: &str| match c {
        "pool" => opts.pool.is_some(),
        "population" => opts.population.is_some(),
        "reliability" => opts.reliability.is_some(),
        "min_cell" => opts.min_cell.is_some(),
        "comparison" => has_comparison,
        _ => false,
    };
    let files: Vec<File> = source
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".md"))
        .map(|(n, t)| parse_file(n, t, &holds, &mut errs))
        .collect();
    if files.is_empty() {
        errs.push(Diagnostic::new(
            "report.toml",
            1,
            1,
            "the text folder has no Markdown (*.md) file".into(),
        ));
    }
    // Numbers of chapters and sections, for `{{ ref }}` anywhere in the text.
    let mut refs = BTreeMap::new();
    let (mut chap, mut sec) = (0u32, 0u32);
    for f in &files {
        for n in &f.nodes {
            if let Node::Heading {
                level,
                numbered,
                id,
                text,
            } = n
            {
                let number = match (level, numbered) {
                    (1, true) => {
                        chap += 1;
                        sec = 0;
                        chap.to_string()
                    }
                    (2, true) => {
                        sec += 1;
                        format!("{chap}.{sec}")
                    }
                    _ => String::new(),
                };
                if let Some(id) = id
                    && refs.insert(id.clone(), number).is_some()
                {
                    let (line, col) = text.at(0);
                    errs.push(Diagnostic::new(
                        &f.name,
                        line,
                        col,
                        format!("a second heading `{{#{id}}}`"),
                    ));
                }
            }
        }
    }
    let json = serde_json::to_value(stats).unwrap_or(Value::Null);
    let mut env = Env {
        cx,
        stats,
        json,
        opts,
        meta,
        decls,
        decls_failed,
        refs,
        errs,
        file: String::new(),
        title: String::new(),
        cited: std::collections::BTreeSet::new(),
        notes_open: Vec::new(),
    };
    let lang = env.lang();
    let (title, subtitle, mut cover) = match env.meta.clone() {
        Some(m) => {
            let title = env.meta_string(meta_text, &m.title);
            let subtitle = m
                .subtitle
                .as_ref()
                .map(|s| env.meta_string(meta_text, s))
                .unwrap_or_default();
            let mut cover = Vec::new();
            if !m.authors.is_empty() {
                cover.push(crate::text::join_and(&m.authors, lang));
            }
            if let Some(o) = &m.organisation {
                cover.push(o.clone());
            }
            for c in &m.colophon {
                cover.push(env.meta_string(meta_text, c));
            }
            (title, subtitle, cover)
        }
        None => (String::new(), String::new(), Vec::new()),
    };
    env.title = title.clone();
    let vignette_label = env
        .meta
        .as_ref()
        .and_then(|m| m.vignette_label.clone())
        .unwrap_or_else(|| {
            tr(
                lang,
                "Illustratieve casus, door de onderzoekers geschreven en synthetisch: geen echt persoon, geen berekende cijfers.",
                "Illustrative case, written by the researchers and synthetic: no real person, no computed numbers.",
            )
            .to_string()
        });
    let mut chapters: Vec<Chapter> = Vec::new();
    let (mut chap, mut sec) = (0u32, 0u32);
    for f in &files {
        env.file = f.name.clone();
        for n in &f.nodes {
            if let Node::Heading { level: 1 | 2, .. } = n {
            } else if chapters.is_empty() {
                let (line, col) = match n {
                    Node::Heading { text, .. }
                    | Node::Para(text)
                    | Node::Vignette { title: text, .. } => text.at(0),
                    Node::List(items) => items.first().map_or((1, 1), |t| t.at(0)),
                    Node::Directive { line, col, .. } => (*line, *col),
                };
                env.err(
                    line,
                    col,
                    "text before the first chapter heading (`# Title`)".into(),
                );
                continue;
            }
            match n {
                Node::Heading { level: 3, text, .. } => {
                    let r = env.inline(text, &f.notes, true);
                    if let Some(ch) = chapters.last_mut() {
                        ch.blocks.push(Block::Heading(crate::model::plain_text(&r)));
                    }
                }
                Node::Heading {
                    level,
                    text,
                    numbered,
                    id,
                } => {
                    let title = crate::model::plain_text(&env.inline(text, &f.notes, true));
                    let (number, anchor) = match (level, numbered) {
                        (1, true) => {
                            chap += 1;
                            sec = 0;
                            (
                                format!("{} {chap}", tr(lang, "Hoofdstuk", "Chapter")),
                                format!("h-{chap}"),
                            )
                        }
                        (_, true) => {
                            sec += 1;
                            (format!("{chap}.{sec}"), format!("h-{chap}-{sec}"))
                        }
                        _ => (
                            String::new(),
                            format!("h-{}", id.clone().unwrap_or_else(|| slug(&title))),
                        ),
                    };
                    chapters.push(Chapter {
                        level: *level,
                        number,
                        title,
                        anchor,
                        blocks: Vec::new(),
                    });
                }
                Node::Para(text) => {
                    let r = env.inline(text, &f.notes, true);
                    if let Some(ch) = chapters.last_mut() {
                        ch.blocks.push(Block::Paragraph(r));
                    }
                }
                Node::List(items) => {
                    let items = items
                        .iter()
                        .map(|t| env.inline(t, &f.notes, true))
                        .collect();
                    if let Some(ch) = chapters.last_mut() {
                        ch.blocks.push(Block::Bullets(items));
                    }
                }
                Node::Vignette { title, paras } => {
                    let title = crate::model::plain_text(&env.inline(title, &f.notes, false));
                    let paragraphs = paras
                        .iter()
                        .map(|t| env.inline(t, &f.notes, false))
                        .collect();
                    if let Some(ch) = chapters.last_mut() {
                        ch.blocks.push(Block::Vignette {
                            title,
                            label: vignette_label.clone(),
                            paragraphs,
                        });
                    }
                }
                Node::Directive {
                    name,
                    arg,
                    line,
                    col,
                } => {
                    let blocks = env.directive(name, arg.as_deref(), *line, *col);
                    if let Some(ch) = chapters.last_mut() {
                        ch.blocks.extend(blocks);
                    }
                }
            }
        }
    }
    if !env.errs.is_empty() {
        return Err(ReportError::Narrative(Diagnostics(env.errs)));
    }
    cover.retain(|c| !c.is_empty());
    Ok(Rendered {
        title,
        subtitle,
        cover,
        chapters,
    })
}

/// The reference of every path that `{{ }}` can insert, with its value in `stats`
/// (`PADEN.md` / `PATHS.md`, written by `zicht report init` from the demo data): one line
/// per path, the `counts` level left out as the text may leave it out.
pub fn paths_reference(stats: &Stats, year: i32, lang: Lang) -> String {
    let json = serde_json::to_value(stats).unwrap_or(Value::Null);
    let mut lines = Vec::new();
    fn walk(v: &Value, path: &str, lines: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    let p = if k == "counts" {
                        path.to_string()
                    } else if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(x, &p, lines);
                }
            }
            Value::Array(_) => {}
            Value::Null => lines.push((path.to_string(), "-".to_string())),
            Value::String(t) => lines.push((path.to_string(), t.clone())),
            other => lines.push((path.to_string(), other.to_string())),
        }
    }
    walk(&json, "", &mut lines);
    lines.retain(|(p, _)| !p.is_empty());
    let mut out = match lang {
        Lang::Nl => format!(
            "# Paden voor {{{{ }}}}\n\nElk pad hieronder kan in de tekst staan als `{{{{ pad }}}}` (een getal), `{{{{ pct pad }}}}` (aandeel van de bekende n), `{{{{ share pad \"slachtoffer\" \"slachtoffers\" }}}}` (aandeel met zelfstandig naamwoord en basis), `{{{{ verb pad \"was\" \"waren\" }}}}` (het werkwoord dat daarbij past), `{{{{ count pad \"geval\" \"gevallen\" }}}}` of `{{{{ n pad }}}}`. Verder: `year`, `pool.from`, `pool.to`, `min_cell`, `ages.young`, `ages.old`, `codebook.title`, `meta.title`, `meta.authors`, `meta.organisation` en met `--histories` `estimate.total`, `estimate.best` (afgerond op twee cijfers), `estimate.likely` (zin met de waarschijnlijke marge en de beste schatting, afgerond), `estimate.observed`, `estimate.unobserved`, `estimate.unobserved_share` (afgerond aandeel in woorden), `estimate.uncertainty` (zin over hoe die marge is gemaakt), `estimate.low`, `estimate.high`.\n\nDe waarden zijn die van de demodata ({year}); in het rapport staan de waarden van de eigen data.\n\n| pad | waarde (demo) |\n|---|---|\n"
        ),
        Lang::En => format!(
            "# Paths for {{{{ }}}}\n\nEvery path below can stand in the text as `{{{{ path }}}}` (a number), `{{{{ pct path }}}}` (share of the known n), `{{{{ share path \"victim\" \"victims\" }}}}` (share with its noun and base), `{{{{ verb path \"was\" \"were\" }}}}` (the verb that agrees with it), `{{{{ count path \"case\" \"cases\" }}}}` or `{{{{ n path }}}}`. Also: `year`, `pool.from`, `pool.to`, `min_cell`, `ages.young`, `ages.old`, `codebook.title`, `meta.title`, `meta.authors`, `meta.organisation` and with `--histories` `estimate.total`, `estimate.best` (rounded to two digits), `estimate.likely` (a sentence with the likely range and the best estimate, rounded), `estimate.observed`, `estimate.unobserved`, `estimate.unobserved_share` (rounded share in words), `estimate.uncertainty` (a sentence on how that range is made), `estimate.low`, `estimate.high`.\n\nThe values are those of the demo data ({year}); the report shows those of your own data.\n\n| path | value (demo) |\n|---|---|\n"
        ),
    };
    for (p, v) in lines {
        out += &format!("| `{p}` | {v} |\n");
    }
    out
}

/// "Waarschijnlijk gaat het om 3.200 tot 6.400 personen; de beste schatting is ongeveer
/// 4.500.": the range of [`crate::population::likely_range`] rounded outward and the
/// headline rounded to two significant digits, for readers who need one honest sentence.
fn likely_sentence(r: &zicht_estimate::EstimateResult, lang: Lang) -> String {
    use crate::population::{likely_range, policy_round};
    let n = |x: u64| fmt_count(x, lang);
    let best = n(r.total.estimate.map_or(0, |x| policy_round(x, 0)));
    let sentence = match (likely_range(r), lang) {
        (Some((lo, Some(hi))), Lang::Nl) => format!(
            "Waarschijnlijk gaat het om {} tot {} personen; de beste schatting is ongeveer {best}.",
            n(policy_round(lo, -1)),
            n(policy_round(hi, 1))
        ),
        (Some((lo, Some(hi))), Lang::En) => format!(
            "Most likely it is {} to {} persons; the best estimate is about {best}.",
            n(policy_round(lo, -1)),
            n(policy_round(hi, 1))
        ),
        (Some((lo, None)), Lang::Nl) => format!(
            "Waarschijnlijk gaat het om minstens {} personen; een bovengrens is uit deze gegevens niet te bepalen. De beste schatting is ongeveer {best}.",
            n(policy_round(lo, -1))
        ),
        (Some((lo, None)), Lang::En) => format!(
            "Most likely it is at least {} persons; these data set no upper limit. The best estimate is about {best}.",
            n(policy_round(lo, -1))
        ),
        (None, Lang::Nl) => format!("De beste schatting is ongeveer {best} personen."),
        (None, Lang::En) => format!("The best estimate is about {best} persons."),
    };
    // A best estimate at the edge of the methods is not their middle: say so (finding 5).
    let edge = r
        .comparison
        .as_ref()
        .and_then(|c| crate::population::edge_of_methods(&r.total, c));
    match (edge, lang) {
        (Some(crate::population::Edge::Lowest), Lang::Nl) => format!(
            "{sentence} Die beste schatting is de laagste van de methoden die meetellen; andere methoden komen hoger uit, tot de bovenkant van de marge."
        ),
        (Some(crate::population::Edge::Lowest), Lang::En) => format!(
            "{sentence} That best estimate is the lowest of the methods that count; other methods come out higher, up to the top of the range."
        ),
        (Some(crate::population::Edge::Highest), Lang::Nl) => format!(
            "{sentence} Die beste schatting is de hoogste van de methoden die meetellen; andere methoden komen lager uit, tot de onderkant van de marge."
        ),
        (Some(crate::population::Edge::Highest), Lang::En) => format!(
            "{sentence} That best estimate is the highest of the methods that count; other methods come out lower, down to the bottom of the range."
        ),
        (None, _) => sentence,
    }
}

/// How the range of [`likely_sentence`] is made, in plain words: over the intervals of the
/// credible methods (when they were compared), or the chosen model's interval only.
fn model_uncertainty(spread: Option<[f64; 2]>, lang: Lang) -> String {
    match (spread, lang) {
        (Some(_), Lang::Nl) => "De marge loopt van de laagste tot de hoogste grens van de 95%-intervallen van de gangbare methoden die meetellen (de gegevens verwerpen hun model niet en hun berekening is gestabiliseerd); zo telt niet alleen het toeval mee, maar ook de keuze van de methode.".to_string(),
        (Some(_), Lang::En) => "The range runs from the lowest to the highest bound of the 95% intervals of the common methods that count (the data do not reject their model and their computation has settled); so it covers not only chance but also the choice of method.".to_string(),
        (None, Lang::Nl) => "De marge is het 95%-interval van het gekozen model; ze gaat alleen over toeval, niet over de keuze van het model.".to_string(),
        (None, Lang::En) => "The range is the 95% interval of the chosen model; it covers chance only, not the choice of model.".to_string(),
    }
}

/// A footnote's text as one string: a citation or footnote inside it is kept in brackets
/// after the words it belongs to, instead of being lost.
fn note_text(body: &Rich) -> String {
    let mut out = String::new();
    for span in body {
        if span.note {
            let inner = span.text.trim().trim_end_matches('.');
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push('(');
            out.push_str(inner);
            out.push(')');
        } else {
            out.push_str(&span.text);
        }
    }
    out
}
