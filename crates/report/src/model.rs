//! The report as data: chapters of paragraphs, bullet lists, tables and figures, independent of HTML or PDF.

use zicht_codebook::Lang;

/// A whole generated report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lang: Lang,
    pub year: i32,
    /// The title on the cover, e.g. "Onzichtbare slachtoffers van mensenhandel in 2022".
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// "Inhoud" / "Contents".
    pub contents_label: String,
    /// Small print on the cover: how the report was made.
    pub colophon: Vec<String>,
    pub chapters: Vec<Chapter>,
    /// Every figure, in order of appearance; blocks refer to them by index.
    pub figures: Vec<Figure>,
}

/// A numbered chapter or section (`level` 1 = chapter, 2 = section).
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub level: u8,
    /// "Hoofdstuk 2" or "3.1"; empty for unnumbered parts such as the appendix.
    pub number: String,
    pub title: String,
    /// Anchor for links in the HTML (`h-3-1`).
    pub anchor: String,
    pub blocks: Vec<Block>,
}

/// A piece of running text with some words in bold, as in the seed report.
pub type Rich = Vec<Span>;

/// A run of text, bold and/or italic, or a footnote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The span is a footnote: `text` is the note, shown as a numbered mark here.
    pub note: bool,
}

/// One block of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading inside a chapter ("Achtergrondkenmerken bezoekers 2022").
    Heading(String),
    Paragraph(Rich),
    Bullets(Vec<Rich>),
    /// Index into [`Report::figures`].
    Figure(usize),
    Table(Table),
    /// A term with its definition (the appendix).
    Definition {
        term: String,
        text: String,
    },
    /// The list of references (the bibliography), one entry per item.
    References(Vec<Rich>),
    /// A box of the researchers' own illustrative text (a case vignette), set apart from
    /// the computed text: a title, a label saying it is illustrative, and paragraphs.
    Vignette {
        title: String,
        label: String,
        paragraphs: Vec<Rich>,
    },
}

/// A small table: caption, header row, body rows (cells already formatted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns after the first are numbers (right aligned), except those that hold words
    /// (see [`Table::right_aligned`]).
    pub numeric: bool,
}

impl Table {
    /// Whether column `i` is set right aligned, in the HTML and the PDF alike: in a numeric
    /// table every column after the first, except one holding words (some cell without a digit
    /// and with at least four letters, such as "geen samenhang"), which stays left aligned.
    pub fn right_aligned(&self, i: usize) -> bool {
        self.numeric
            && i > 0
            && !self.rows.iter().any(|r| {
                r.get(i).is_some_and(|c| {
                    !c.chars().any(|ch| ch.is_ascii_digit())
                        && c.chars().filter(|ch| ch.is_alphabetic()).count() >= 4
                })
            })
    }
}

/// A figure: its number, title with n, and the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub number: usize,
    /// File stem in `figures/`, e.g. `figuur-06`.
    pub file: String,
    /// Full caption: "Figuur 6. Dwangmiddelen (n = 158)".
    pub caption: String,
    pub chart: Chart,
}

/// How the bars stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Categories down the left, bars to the right (categorical variables).
    Horizontal,
    /// Categories along the bottom, columns upwards (months, years, ages).
    Vertical,
}

/// A bar chart with one or more series over the same categories.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub orientation: Orientation,
    pub categories: Vec<String>,
    pub series: Vec<ChartSeries>,
    /// When set, value labels also show the share of this base ("41,3%").
    pub percent_base: Option<u64>,
    /// How a suppressed value is labelled ("x").
    pub suppressed_label: String,
    pub lang: Lang,
}

/// One series of a chart; `None` is a suppressed value.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    pub name: String,
    pub values: Vec<Option<u64>>,
    /// An interval around each value (drawn as a whisker), or empty for none.
    pub intervals: Vec<Option<Interval>>,
}

/// An interval drawn around a bar: lower bound and upper bound (`None` = unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lower: u64,
    pub upper: Option<u64>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            note: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }
    /// A footnote with this text.
    pub fn note(text: impl Into<String>) -> Span {
        Span {
            note: true,
            ..Span::plain(text)
        }
    }
}

/// Plain text of a rich run, footnotes left out (for tests and the PDF outline).
pub fn plain_text(rich: &Rich) -> String {
    rich.iter()
        .filter(|s| !s.note)
        .map(|s| s.text.as_str())
        .collect()
}

impl Report {
    /// Every block of the report in order, with its chapter.
    pub fn blocks(&self) -> impl Iterator<Item = (&Chapter, &Block)> {
        self.chapters
            .iter()
            .flat_map(|c| c.blocks.iter().map(move |b| (c, b)))
    }
}
