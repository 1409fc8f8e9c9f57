//! Output of `zicht suggest`: JSON lines (formats.md section 6) and a readable Dutch summary.

use std::fmt::Write;

use zicht_codebook::{Codebook, Lang};
use zicht_conversations::Conversation;

use crate::{Suggestions, Value};

/// One JSON object (one line, no newline) for one conversation.
pub fn json_line(s: &Suggestions) -> Result<String, serde_json::Error> {
    serde_json::to_string(s)
}

fn label_of(book: &Codebook, name: &str, lang: Lang) -> String {
    if let Some(v) = book.variable(name) {
        v.label.get(lang).to_string()
    } else if let Some(s) = book.set(name) {
        s.label.get(lang).to_string()
    } else {
        name.to_string()
    }
}

fn value_label(book: &Codebook, name: &str, value: &Value, lang: Lang) -> String {
    let yes_no = |c: &str| match (c, lang) {
        ("yes", Lang::Nl) => "ja".to_string(),
        ("no", Lang::Nl) => "nee".to_string(),
        (c, _) => c.to_string(),
    };
    match value {
        Value::Integer(n) => n.to_string(),
        Value::Code(c) => book
            .variable(name)
            .and_then(|v| v.code(c))
            .map_or_else(|| yes_no(c), |code| code.label(lang).to_string()),
        Value::Items(items) => items
            .iter()
            .map(|i| {
                book.set(name)
                    .and_then(|s| s.items.iter().find(|x| &x.code == i))
                    .map_or_else(|| i.clone(), |x| x.label(lang).to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A readable summary of the suggestions for one conversation, with the quotes.
pub fn text(s: &Suggestions, conv: &Conversation, book: &Codebook, lang: Lang) -> String {
    let mut out = String::new();
    let (head, none, msg, intake) = match lang {
        Lang::Nl => (
            "Gesprek",
            "  (geen suggesties: de tekst legt niets vast)",
            "bericht",
            "uit het intakeformulier",
        ),
        Lang::En => (
            "Conversation",
            "  (no suggestions: the text settles nothing)",
            "message",
            "from the intake form",
        ),
    };
    let _ = writeln!(
        out,
        "{head} {} ({} {})",
        s.conversation_id,
        conv.messages.len(),
        if lang == Lang::Nl {
            "berichten"
        } else {
            "messages"
        }
    );
    if s.suggestions.is_empty() {
        let _ = writeln!(out, "{none}");
    }
    for (name, sug) in &s.suggestions {
        let _ = write!(
            out,
            "  {}: {}",
            label_of(book, name, lang),
            value_label(book, name, &sug.value, lang)
        );
        let code = match &sug.value {
            Value::Code(c) => c.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Items(i) => i.join(","),
        };
        let _ = write!(out, "  [{name} = {code}]");
        if sug.source.is_some() {
            let _ = write!(out, " ({intake})");
        }
        out.push('\n');
        for e in &sug.evidence {
            let _ = writeln!(out, "      {msg} {}: \u{201c}{}\u{201d}", e.message, e.text);
        }
    }
    out.push('\n');
    out
}
