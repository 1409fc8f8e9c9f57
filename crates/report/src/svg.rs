//! Bar charts as standalone SVG: labelled bars with their values, measured with the shipped font so labels never collide.

use std::fmt::Write;
use std::sync::OnceLock;

use zicht_codebook::Lang;
use zicht_stats::fmt_count;

use crate::fonts;
use crate::model::{Chart, ChartSeries, Interval, Orientation};
use crate::text::{WORDS_BELOW, share};

/// The font stack written into every SVG; the first is the font shipped with zicht.
pub const FONT_STACK: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// The width of a chart in the PDF, the figure files and the HTML on a wide screen.
pub const WIDTH: f64 = 720.0;
/// The width of a chart redrawn for a phone (the HTML below 800 px): at 390 px its text
/// is shown at its own size, never smaller than [`MIN_FONT`].
pub const NARROW: f64 = 340.0;
/// The smallest font size of any text in a chart, in pixels at the drawn width.
pub const MIN_FONT: f64 = 11.0;
/// Room for a wider fallback font where labels are right-aligned against the bars.
const FALLBACK: f64 = 1.22;
const TEXT: &str = "#1a1a1a";
const MUTED: &str = "#5a5a5a";
const AXIS: &str = "#9a9a9a";
const PALETTE: &[&str] = &[
    "#1f4e79", "#d9822b", "#5b8c5a", "#a23b52", "#7a6a9a", "#4a9bb5",
];

fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(fonts::REGULAR, 0).ok())
        .as_ref()
}

/// The width of a text in pixels at a font size, measured with the shipped regular face.
pub fn text_width(text: &str, size: f64) -> f64 {
    match face() {
        Some(f) => {
            let upem = f64::from(f.units_per_em());
            let units: f64 = text
                .chars()
                .map(|c| {
                    f.glyph_index(c)
                        .and_then(|g| f.glyph_hor_advance(g))
                        .map_or(upem * 0.55, f64::from)
                })
                .sum();
            units / upem * size
        }
        None => text.chars().count() as f64 * size * 0.55,
    }
}

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits a label into lines no wider than `max` pixels.
fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > max {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    // A single word wider than the room ("middelenafhankelijkheid" on a phone) is
    // broken with a hyphen, so that the label width can be reserved and nothing is cut off.
    let mut out = Vec::new();
    for l in lines {
        let mut rest = l;
        while text_width(&rest, size) > max && rest.chars().count() > 4 {
            let chars: Vec<char> = rest.chars().collect();
            let mut cut = chars.len() - 1;
            while cut > 3
                && text_width(
                    &format!("{}-", chars[..cut].iter().collect::<String>()),
                    size,
                ) > max
            {
                cut -= 1;
            }
            out.push(format!("{}-", chars[..cut].iter().collect::<String>()));
            rest = chars[cut..].iter().collect();
        }
        out.push(rest);
    }
    out
}

/// The value label of a bar: "158", "158 (41,3%)" or the suppressed label.
fn value_label(chart: &Chart, v: Option<u64>) -> String {
    match (v, chart.percent_base) {
        (None, _) => chart.suppressed_label.clone(),
        // Below WORDS_BELOW cases a share claims a precision that is not there: the count alone.
        (Some(n), Some(base)) if base >= WORDS_BELOW => format!(
            "{} ({})",
            fmt_count(n, chart.lang),
            share(Some(n), base, chart.lang)
        ),
        (Some(n), _) => fmt_count(n, chart.lang),
    }
}

/// The interval of a series at a category, if it has one.
fn interval(s: &ChartSeries, ci: usize) -> Option<Interval> {
    s.intervals.get(ci).copied().flatten()
}

/// The value of one bar as text, as its label shows it (for the figure's table of numbers).
pub fn value_text(chart: &Chart, s: &ChartSeries, ci: usize) -> String {
    bar_label(chart, s, ci)
}

/// The label of one bar: its value label, with its interval when it has one ("5.120 (3.900–7.010)").
fn bar_label(chart: &Chart, s: &ChartSeries, ci: usize) -> String {
    let v = s.values.get(ci).copied().flatten();
    let base = value_label(chart, v);
    match interval(s, ci) {
        Some(iv) => format!(
            "{base} ({}\u{2013}{})",
            fmt_count(iv.lower, chart.lang),
            iv.upper
                .map_or_else(|| "\u{221e}".to_string(), |u| fmt_count(u, chart.lang))
        ),
        None => base,
    }
}

/// A round step of 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v >= raw)
        .unwrap_or(10.0 * p)
}

/// Whether white text reads better than dark text on this `#rrggbb` colour (relative
/// luminance below 0.18, WCAG's formula).
fn dark(color: &str) -> bool {
    let channel = |i: usize| {
        let c = color
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0);
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5) < 0.18
}

fn max_value(chart: &Chart) -> u64 {
    let values = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied();
    let uppers = chart
        .series
        .iter()
        .flat_map(|s| s.intervals.iter().flatten())
        .filter_map(|iv| iv.upper);
    values.chain(uppers).max().unwrap_or(0).max(1)
}

/// Draws the legend of a multi-series chart at the top, in as many rows as the width
/// needs; returns its height.
fn legend(out: &mut String, chart: &Chart, x0: f64, y: f64, width: f64) -> f64 {
    if chart.series.len() < 2 {
        return 0.0;
    }
    let mut x = x0;
    let mut y = y;
    let mut rows = 1.0;
    for (i, s) in chart.series.iter().enumerate() {
        let entry = 17.0 + text_width(&s.name, 13.0);
        if x > x0 && x + entry > width - 8.0 {
            x = x0;
            y += 20.0;
            rows += 1.0;
        }
        let color = PALETTE[i % PALETTE.len()];
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{color}"/><text x="{:.1}" y="{:.1}" font-size="13" fill="{TEXT}">{}</text>"#,
            y,
            x + 17.0,
            y + 10.5,
            esc(&s.name)
        );
        x += entry + 22.0;
    }
    26.0 + (rows - 1.0) * 20.0
}

/// Renders a chart as a standalone SVG document (with an accessible title), [`WIDTH`] wide.
pub fn render(chart: &Chart, title: &str) -> String {
    render_width(chart, title, WIDTH)
}

/// Renders a chart drawn for a width in pixels (labels wrapped and measured for it).
pub fn render_width(chart: &Chart, title: &str, width: f64) -> String {
    match chart.orientation {
        Orientation::Horizontal => horizontal(chart, title, width),
        Orientation::Vertical => vertical(chart, title, width),
    }
}

/// The chart in words, for its text alternative: "Seksuele uitbuiting: 210 (91,7%); …".
pub fn summary(chart: &Chart) -> String {
    let mut parts = Vec::new();
    for (ci, cat) in chart.categories.iter().enumerate() {
        let values: Vec<String> = chart
            .series
            .iter()
            .map(|s| {
                let v = bar_label(chart, s, ci);
                if chart.series.len() > 1 {
                    format!("{} {v}", s.name)
                } else {
                    v
                }
            })
            .collect();
        parts.push(format!("{cat}: {}", values.join(", ")));
    }
    parts.join("; ")
}

fn open(out: &mut String, w: f64, h: f64, title: &str) {
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{FONT_STACK}" role="img"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
        esc(title)
    );
}

fn horizontal(chart: &Chart, title: &str, width: f64) -> String {
    let size = if width < WIDTH { 12.0 } else { 13.0 };
    let ns = chart.series.len().max(1);
    let bar_h = if ns == 1 { 22.0 } else { 15.0 };
    let gap = if ns == 1 { 10.0 } else { 14.0 };
    let label_max = (width * 0.35).min(250.0);
    let wrapped: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap(c, size, label_max))
        .collect();
    // Measured with the shipped font; a viewer without it (the HTML in a browser
    // that lacks Liberation Sans) draws up to about a tenth wider, so leave room.
    let label_w = wrapped
        .iter()
        .flatten()
        .map(|l| text_width(l, size))
        .fold(0.0, f64::max)
        .min(label_max)
        * FALLBACK
        + 14.0;
    let with_intervals = chart
        .series
        .iter()
        .any(|s| s.intervals.iter().any(Option::is_some));
    let value_w = chart
        .series
        .iter()
        .flat_map(|s| (0..s.values.len()).map(|ci| text_width(&bar_label(chart, s, ci), 12.0)))
        .fold(0.0, f64::max)
        + if with_intervals { 16.0 } else { 12.0 };
    let top = 10.0;
    let mut body = String::new();
    let legend_h = legend(&mut body, chart, label_w.min(width / 3.0), top, width);
    let y0 = top + legend_h + 4.0;
    let x0 = label_w;
    let plot_w = (width - x0 - value_w - 8.0).max(60.0);
    let max = max_value(chart) as f64;
    let mut y = y0;
    for (ci, lines) in wrapped.iter().enumerate() {
        let group_h = (bar_h * ns as f64).max(lines.len() as f64 * 15.0);
        // Category label, vertically centred on the group.
        let ly = y + group_h / 2.0 - (lines.len() as f64 - 1.0) * 7.5 + 4.5;
        for (li, line) in lines.iter().enumerate() {
            let _ = write!(
                body,
                r#"<text x="{:.1}" y="{:.1}" font-size="{size}" fill="{TEXT}" text-anchor="end">{}</text>"#,
                x0 - 10.0,
                ly + li as f64 * 15.0,
                esc(line)
            );
        }
        let by0 = y + (group_h - bar_h * ns as f64) / 2.0;
        for (si, s) in chart.series.iter().enumerate() {
            let v = s.values.get(ci).copied().flatten();
            let by = by0 + si as f64 * bar_h;
            let w = v.map_or(0.0, |n| n as f64 / max * plot_w);
            let color = PALETTE[si % PALETTE.len()];
            if w > 0.0 {
                let _ = write!(
                    body,
                    r#"<rect x="{x0:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{color}"/>"#,
                    by + 1.0,
                    bar_h - 2.0
                );
            }
            let mut label_x = x0 + w + 6.0;
            let mut inside = None;
            if let Some(iv) = interval(s, ci) {
                let lo = x0 + iv.lower as f64 / max * plot_w;
                let hi = iv
                    .upper
                    .map_or(x0 + plot_w, |u| x0 + u as f64 / max * plot_w);
                let cy = by + bar_h / 2.0;
                let _ = write!(
                    body,
                    r#"<line x1="{lo:.1}" y1="{cy:.1}" x2="{hi:.1}" y2="{cy:.1}" stroke="{TEXT}" stroke-width="1.5"/><line x1="{lo:.1}" y1="{:.1}" x2="{lo:.1}" y2="{:.1}" stroke="{TEXT}" stroke-width="1.5"/>"#,
                    cy - 5.0,
                    cy + 5.0
                );
                if iv.upper.is_some() {
                    let _ = write!(
                        body,
                        r#"<line x1="{hi:.1}" y1="{:.1}" x2="{hi:.1}" y2="{:.1}" stroke="{TEXT}" stroke-width="1.5"/>"#,
                        cy - 5.0,
                        cy + 5.0
                    );
                } else {
                    // Unbounded: an arrow head at the edge of the plot.
                    let _ = write!(
                        body,
                        r#"<path d="M{:.1} {:.1} L{hi:.1} {cy:.1} L{:.1} {:.1}" fill="none" stroke="{TEXT}" stroke-width="1.5"/>"#,
                        hi - 6.0,
                        cy - 4.0,
                        hi - 6.0,
                        cy + 4.0
                    );
                }
                // Inside the bar, left of the whisker, when it fits there with room to spare
                // (measured with the fallback font's width); else clear of the whisker's cap.
                let label_w = text_width(&bar_label(chart, s, ci), 12.0) * FALLBACK;
                if x0 + 6.0 + label_w + 8.0 <= lo.min(x0 + w) {
                    inside = Some(if dark(color) { "#ffffff" } else { TEXT });
                    label_x = x0 + 6.0;
                } else {
                    label_x = label_x.max(hi + 10.0);
                }
            }
            let fill = match inside {
                Some(c) => c,
                None if v.is_none() => MUTED,
                None => TEXT,
            };
            let _ = write!(
                body,
                r#"<text x="{label_x:.1}" y="{:.1}" font-size="12" fill="{fill}">{}</text>"#,
                by + bar_h / 2.0 + 4.2,
                esc(&bar_label(chart, s, ci))
            );
        }
        y += group_h + gap;
    }
    let mut h = y - gap + 12.0;
    let _ = write!(
        body,
        r#"<line x1="{x0:.1}" y1="{:.1}" x2="{x0:.1}" y2="{:.1}" stroke="{AXIS}" stroke-width="1"/>"#,
        y0 - 4.0,
        y - gap + 4.0
    );
    // A chart with intervals (the estimate of the hidden population) gets a value axis with
    // ticks and its unit, so that the whiskers can be read against numbers.
    if with_intervals {
        let ay = y - gap + 4.0;
        let _ = write!(
            body,
            r#"<line x1="{x0:.1}" y1="{ay:.1}" x2="{:.1}" y2="{ay:.1}" stroke="{AXIS}" stroke-width="1"/>"#,
            x0 + plot_w
        );
        let step = nice_step(max / 5.0);
        let mut t = 0.0;
        while t <= max + 1e-9 {
            let tx = x0 + t / max * plot_w;
            let _ = write!(
                body,
                r#"<line x1="{tx:.1}" y1="{ay:.1}" x2="{tx:.1}" y2="{:.1}" stroke="{AXIS}" stroke-width="1"/><text x="{tx:.1}" y="{:.1}" font-size="11" fill="{TEXT}" text-anchor="middle">{}</text>"#,
                ay + 4.0,
                ay + 16.0,
                fmt_count(t.round() as u64, chart.lang)
            );
            t += step;
        }
        let _ = write!(
            body,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" fill="{TEXT}" text-anchor="middle">{}</text>"#,
            x0 + plot_w / 2.0,
            ay + 32.0,
            match chart.lang {
                Lang::Nl => "aantal personen",
                Lang::En => "number of persons",
            }
        );
        h = ay + 40.0;
    }
    let mut out = String::new();
    open(&mut out, width, h, title);
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

fn vertical(chart: &Chart, title: &str, width: f64) -> String {
    let ns = chart.series.len().max(1);
    let nc = chart.categories.len().max(1);
    let top = 10.0;
    let mut body = String::new();
    let legend_h = legend(&mut body, chart, 20.0, top, width);
    let plot_top = top + legend_h + 22.0;
    let plot_h = 210.0;
    let base = plot_top + plot_h;
    let x0 = 20.0;
    let plot_w = width - 2.0 * x0;
    let slot = plot_w / nc as f64;
    let bar_w = ((slot * 0.72) / ns as f64).min(56.0);
    let max = max_value(chart) as f64;
    // Value labels must fit: with percentages and narrow bars, show the count only.
    let value_size = if slot < 50.0 { MIN_FONT } else { 12.0 };
    let cat_size = if slot < 45.0 { MIN_FONT } else { 13.0 };
    for (ci, cat) in chart.categories.iter().enumerate() {
        let cx = x0 + slot * (ci as f64 + 0.5);
        let group_w = bar_w * ns as f64;
        for (si, s) in chart.series.iter().enumerate() {
            let v = s.values.get(ci).copied().flatten();
            let bx = cx - group_w / 2.0 + si as f64 * bar_w;
            let h = v.map_or(0.0, |n| n as f64 / max * plot_h);
            let color = PALETTE[si % PALETTE.len()];
            if h > 0.0 {
                let _ = write!(
                    body,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{color}"/>"#,
                    bx + 1.0,
                    base - h,
                    bar_w - 2.0
                );
            }
            let label = match v {
                Some(n) if ns == 1 && chart.percent_base.is_some() && slot >= 60.0 => {
                    value_label(chart, Some(n))
                }
                Some(n) => fmt_count(n, chart.lang),
                None => chart.suppressed_label.clone(),
            };
            let fill = if v.is_none() { MUTED } else { TEXT };
            let _ = write!(
                body,
                r#"<text x="{:.1}" y="{:.1}" font-size="{value_size}" fill="{fill}" text-anchor="middle">{}</text>"#,
                bx + bar_w / 2.0,
                base - h - 5.0,
                esc(&label)
            );
        }
        let _ = write!(
            body,
            r#"<text x="{cx:.1}" y="{:.1}" font-size="{cat_size}" fill="{TEXT}" text-anchor="middle">{}</text>"#,
            base + 18.0,
            esc(cat)
        );
    }
    let _ = write!(
        body,
        r#"<line x1="{x0:.1}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="{AXIS}" stroke-width="1"/>"#,
        x0 + plot_w
    );
    let h = base + 30.0;
    let mut out = String::new();
    open(&mut out, width, h, title);
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::ChartSeries;
    use zicht_codebook::Lang;

    fn chart(o: Orientation) -> Chart {
        Chart {
            orientation: o,
            categories: vec![
                "Seksuele uitbuiting".into(),
                "Criminele <uitbuiting>".into(),
            ],
            series: vec![ChartSeries {
                name: "x".into(),
                values: vec![Some(210), None],
                intervals: Vec::new(),
            }],
            percent_base: Some(229),
            suppressed_label: "< 5".into(),
            lang: Lang::Nl,
        }
    }

    #[test]
    fn bars_carry_labels_values_and_shares() {
        let svg = render(&chart(Orientation::Horizontal), "Figuur 2");
        assert!(svg.contains("210 (91,7%)"));
        assert!(svg.contains("&lt; 5"));
        assert!(svg.contains("Criminele &lt;uitbuiting&gt;"));
        assert!(svg.starts_with("<svg"));
    }

    #[test]
    fn intervals_are_whiskers_with_their_bounds_in_the_label() {
        let mut c = chart(Orientation::Horizontal);
        c.percent_base = None;
        c.series[0].intervals = vec![
            Some(Interval {
                lower: 150,
                upper: Some(3400),
            }),
            Some(Interval {
                lower: 7,
                upper: None,
            }),
        ];
        let svg = render(&c, "Figuur 14");
        assert!(svg.contains("210 (150\u{2013}3.400)"), "{svg}");
        assert!(svg.contains("(7\u{2013}\u{221e})"), "{svg}");
        assert!(svg.contains("<path d=\"M"), "{svg}");
        // A value axis with ticks and its unit, so the whiskers read against numbers.
        assert!(svg.contains(">aantal personen</text>"), "{svg}");
        assert!(
            svg.contains(">1.000</text>") && svg.contains(">3.000</text>"),
            "{svg}"
        );
        // The label starts clear of the whisker's cap.
        let label = svg.find("210 (150").unwrap();
        let x_label: f64 = svg[..label]
            .rsplit("<text x=\"")
            .next()
            .and_then(|t| t.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let x_cap = svg[..label]
            .rsplit("<line x1=\"")
            .next()
            .and_then(|t| t.split('"').next())
            .unwrap()
            .parse::<f64>()
            .unwrap();
        assert!(x_label >= x_cap + 9.0, "{x_label} vs {x_cap}");
        assert_eq!(nice_step(640.0), 1000.0);
        assert_eq!(nice_step(180.0), 200.0);
    }

    #[test]
    fn an_interval_label_sits_inside_its_bar_clear_of_the_whisker_when_it_fits() {
        let mut c = chart(Orientation::Horizontal);
        c.percent_base = None;
        c.series[0].values = vec![Some(4476), Some(12)];
        c.series[0].intervals = vec![
            Some(Interval {
                lower: 3289,
                upper: Some(6352),
            }),
            None,
        ];
        let svg = render(&c, "Figuur 14");
        let label = svg.find("4.476 (3.289\u{2013}6.352)").unwrap();
        let attr = |tag: &str, name: &str| -> f64 {
            tag.split(&format!(" {name}=\""))
                .nth(1)
                .and_then(|t| t.split('"').next())
                .unwrap()
                .parse()
                .unwrap()
        };
        let text_tag = &svg[svg[..label].rfind("<text").unwrap()..label];
        let x_label = attr(text_tag, "x");
        // The bar it belongs to: the last rect before the label.
        let rect = &svg[svg[..label].rfind("<rect").unwrap()..];
        let (bar_x, bar_w) = (attr(rect, "x"), attr(rect, "width"));
        // The whisker's lower cap: the second line after the bar.
        let lines: Vec<&str> = svg[svg[..label].rfind("<rect").unwrap()..label]
            .split("<line")
            .skip(1)
            .collect();
        let x_lower = attr(lines[0], "x1");
        let width = text_width("4.476 (3.289\u{2013}6.352)", 12.0) * FALLBACK;
        assert!(x_label > bar_x && x_label + width < bar_x + bar_w, "{svg}");
        assert!(
            x_label + width + 6.0 <= x_lower,
            "{x_label} + {width} vs {x_lower}"
        );
        // Readable on the bar's colour: white on the dark first colour.
        assert!(text_tag.contains("fill=\"#ffffff\""), "{text_tag}");
        assert!(dark(PALETTE[0]) && !dark(PALETTE[1]));
    }

    #[test]
    fn measured_text_grows_with_length() {
        assert!(text_width("aaaa", 12.0) > text_width("aa", 12.0));
        assert!(text_width("W", 12.0) > text_width("i", 12.0));
    }
}
