//! Renders the codebook for people (`zicht codebook`) and for programs (`--json`).

use std::fmt::Write;

use crate::{Code, Codebook, Kind, Lang};

/// The codebook as readable text in one language.
pub fn render_text(book: &Codebook, lang: Lang) -> String {
    let mut out = String::new();
    let t = |nl: &'static str, en: &'static str| if lang == Lang::Nl { nl } else { en };
    let _ = writeln!(out, "{} (versie {})", book.title.get(lang), book.version);
    let _ = writeln!(out, "{}", book.unit.get(lang));
    let _ = writeln!(out, "{}", book.missing.get(lang));
    for group in &book.groups {
        let _ = writeln!(out, "\n== {} ==", group.label.get(lang));
        for v in book.variables.iter().filter(|v| v.group == group.name) {
            let kind = match v.kind {
                Kind::Text => t("tekst", "text"),
                Kind::Integer => t("geheel getal", "integer"),
                Kind::Date => t("datum JJJJ-MM-DD", "date YYYY-MM-DD"),
                Kind::Code => t("code", "code"),
                Kind::YesNo => t("ja (1) / nee (0)", "yes (1) / no (0)"),
            };
            let _ = writeln!(out, "\n{} - {} [{}]", v.name, v.label.get(lang), kind);
            let _ = writeln!(out, "    {}", v.definition.get(lang));
            if let (Some(min), Some(max)) = (v.min, v.max) {
                let _ = writeln!(out, "    {}: {min}-{max}", t("bereik", "range"));
            }
            if let Some(c) = &v.condition {
                let _ = writeln!(
                    out,
                    "    {}: {}",
                    t("alleen als", "only when"),
                    c.describe()
                );
            }
            write_codes(&mut out, &v.codes, lang);
        }
        for s in book.sets.iter().filter(|s| s.group == group.name) {
            let _ = writeln!(
                out,
                "\n{}* - {} [{}]",
                s.prefix,
                s.label.get(lang),
                t("meervoudige respons", "multiple response")
            );
            let _ = writeln!(out, "    {}", s.definition.get(lang));
            if let Some(c) = &s.condition {
                let _ = writeln!(
                    out,
                    "    {}: {}",
                    t("alleen als", "only when"),
                    c.describe()
                );
            }
            write_codes(&mut out, &s.items, lang);
        }
    }
    out
}

fn write_codes(out: &mut String, codes: &[Code], lang: Lang) {
    let width = codes.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in codes {
        let _ = writeln!(
            out,
            "    {:<width$}  {}: {}",
            c.code,
            c.label(lang),
            c.definition.get(lang)
        );
    }
}

/// The codebook as pretty JSON (both languages).
pub fn render_json(book: &Codebook) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_dutch_by_default_and_english_on_request() -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        let nl = render_text(&book, Lang::Nl);
        assert!(nl.contains("Dwangmiddelen"));
        assert!(nl.contains("alleen als: perpetrator = family"));
        let en = render_text(&book, Lang::En);
        assert!(en.contains("Coercion means"));
        let json: serde_json::Value = serde_json::from_str(&render_json(&book)?)?;
        assert_eq!(json["variable"][0]["name"], "case_id");
        Ok(())
    }
}
