//! Conversations as the helpline exports them to the research side: `conversations.jsonl`.
//!
//! One JSON object per line (formats.md section 2). [`read_jsonl`] checks every
//! line and reports each problem with file, line and key; it returns nothing
//! when any line is bad.

use std::fmt;
use std::io::{BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum From {
    Visitor,
    Counsellor,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// RFC 3339 time stamp, UTC (`2022-03-14T20:15:10Z`).
    pub at: String,
    pub from: From,
    pub text: String,
}

/// What the visitor filled in before the chat; every field may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
}

/// What the counsellor registered about the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags {
    /// A help request about human trafficking: yes, no, or `None` when nobody answered the
    /// question ("nog niet bekend"). Written only when answered; read absent or `null` as
    /// unknown (docs/formats-extensions.md, section 2), which is never flagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trafficking: Option<bool>,
    /// Any further flags a platform exports (kept, not interpreted).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Flags {
    /// Registered as a help request about human trafficking (an unknown flag is not).
    pub fn flagged(&self) -> bool {
        self.trafficking == Some(true)
    }
}

/// One conversation (one username, one chat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub conversation_id: String,
    pub channel: String,
    pub username: String,
    /// RFC 3339 time stamp, UTC.
    pub started_at: String,
    #[serde(default)]
    pub intake: Intake,
    #[serde(default)]
    pub flags: Flags,
    pub messages: Vec<Message>,
    /// Extra keys of other platforms or of zicht itself (kept, not interpreted).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Conversation {
    /// The year of `started_at`, if it starts with four digits.
    pub fn year(&self) -> Option<i32> {
        self.started_at.get(..4)?.parse().ok()
    }
}

/// One problem of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    /// The key the problem is about (`intake.gender`, `messages[2].from`); empty when the line is no JSON object.
    pub field: String,
    /// The problem in English, starting with the key.
    pub message: String,
    /// The same problem in Dutch, for screens (without the key).
    pub nl: String,
}

/// Longest message of one problem, in characters (values from the file are cut).
const MESSAGE_CHARS: usize = 300;

/// Text for a message: control characters (NUL, terminal escapes, newlines,
/// bidirectional overrides) escaped so that nothing reaches a terminal raw,
/// and at most [`MESSAGE_CHARS`] characters.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

impl LineError {
    fn new(line: usize, field: &str, en: String, nl: String) -> LineError {
        LineError {
            line,
            field: shown(field),
            message: shown(&en),
            nl: shown(&nl),
        }
    }

    /// `regel 3, veld intake.gender: ...`: the problem in Dutch with its line and field.
    pub fn to_dutch(&self) -> String {
        if self.field.is_empty() {
            format!("regel {}: {}", self.line, self.nl)
        } else {
            format!("regel {}, veld {}: {}", self.line, self.field, self.nl)
        }
    }
}

/// Why a conversations file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {} problem(s):\n{}", .errors.len(), render(.path, .errors))]
    Invalid {
        path: String,
        errors: Vec<LineError>,
    },
}

fn render(path: &str, errors: &[LineError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {path}:{}: {}", e.line, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// How many problems are reported before reading stops.
pub const ERROR_CAP: usize = 100;

/// Reads `conversations.jsonl` from a file.
pub fn read_path(path: &Path) -> Result<Vec<Conversation>, ReadError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    read_jsonl(std::io::BufReader::new(file), &shown)
}

/// Reads `conversations.jsonl`; `path` names the source in errors.
pub fn read_jsonl(reader: impl BufRead, path: &str) -> Result<Vec<Conversation>, ReadError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut ids = std::collections::HashMap::new();
    let mut reader = reader;
    let mut raw = Vec::new();
    let mut lineno = 0;
    loop {
        raw.clear();
        let n = reader
            .read_until(b'\n', &mut raw)
            .map_err(|source| ReadError::Io {
                path: path.to_string(),
                source,
            })?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let mut bytes = raw.as_slice();
        if lineno == 1 {
            // A byte order mark, as some editors write (cases.csv accepts one too).
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                let at = e.valid_up_to();
                errors.push(LineError::new(
                    lineno,
                    "",
                    format!(
                        "not UTF-8 text (byte {} of the line is 0x{:02x}; save the file as UTF-8, not Latin-1 or Windows-1252)",
                        at + 1,
                        bytes.get(at).copied().unwrap_or(0)
                    ),
                    format!(
                        "geen UTF-8-tekst (byte {} van de regel is 0x{:02x}; sla het bestand op als UTF-8, niet als Latin-1 of Windows-1252)",
                        at + 1,
                        bytes.get(at).copied().unwrap_or(0)
                    ),
                ));
                if errors.len() >= ERROR_CAP {
                    break;
                }
                continue;
            }
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Conversation>(line) {
            Ok(c) => {
                for (field, en, nl) in check(&c) {
                    errors.push(LineError::new(lineno, &field, format!("{field}: {en}"), nl));
                }
                if let Some(first) = ids.insert(c.conversation_id.clone(), lineno) {
                    errors.push(LineError::new(
                        lineno,
                        "conversation_id",
                        format!(
                            "conversation_id: `{}` already used on line {first}",
                            c.conversation_id
                        ),
                        format!("`{}` staat al op regel {first}", c.conversation_id),
                    ));
                }
                out.push(c);
            }
            Err(e) => {
                let (field, nl) = locate(line, &e);
                errors.push(LineError::new(
                    lineno,
                    &field,
                    format!("not a valid conversation object: {e}"),
                    nl,
                ));
            }
        }
        if errors.len() >= ERROR_CAP {
            break;
        }
    }
    errors.truncate(ERROR_CAP);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ReadError::Invalid {
            path: path.to_string(),
            errors,
        })
    }
}

/// Which key of a line that does not read as a conversation is wrong, and why in Dutch.
///
/// serde names the problem but not always its key; the line is read again as
/// plain JSON and each key is tried on its own.
fn locate(line: &str, e: &serde_json::Error) -> (String, String) {
    use serde_json::Value;
    let Ok(value) = serde_json::from_str::<Value>(line) else {
        return (
            String::new(),
            format!(
                "geen geldige JSON (de fout zit bij teken {} van de regel)",
                e.column()
            ),
        );
    };
    let Value::Object(map) = value else {
        return (String::new(), "geen JSON-object".to_string());
    };
    fn fits<T: serde::de::DeserializeOwned>(v: &Value) -> bool {
        serde_json::from_value::<T>(v.clone()).is_ok()
    }
    for key in ["conversation_id", "channel", "username", "started_at"] {
        match map.get(key) {
            None => return (key.to_string(), "ontbreekt".to_string()),
            Some(v) if !v.is_string() => return (key.to_string(), "moet tekst zijn".to_string()),
            _ => {}
        }
    }
    if let Some(v) = map.get("intake") {
        for (key, ok) in [
            (
                "age",
                v.get("age").is_none_or(|a| a.is_null() || fits::<u32>(a)),
            ),
            (
                "gender",
                v.get("gender").is_none_or(|g| g.is_null() || g.is_string()),
            ),
        ] {
            if !ok {
                let nl = if key == "age" {
                    "moet een heel getal van 0 of meer zijn"
                } else {
                    "moet tekst zijn"
                };
                return (format!("intake.{key}"), nl.to_string());
            }
        }
        if !fits::<Intake>(v) {
            return ("intake".to_string(), "moet een object zijn".to_string());
        }
    }
    if let Some(v) = map.get("flags")
        && !fits::<Flags>(v)
    {
        return (
            "flags".to_string(),
            "moet een object zijn met trafficking true, false of null (nog niet bekend)"
                .to_string(),
        );
    }
    match map.get("messages") {
        None => return ("messages".to_string(), "ontbreekt".to_string()),
        Some(Value::Array(list)) => {
            for (i, m) in list.iter().enumerate() {
                for key in ["at", "from", "text"] {
                    let field = format!("messages[{i}].{key}");
                    match m.get(key) {
                        None => return (field, "ontbreekt".to_string()),
                        Some(v) if key == "from" && !fits::<From>(v) => {
                            return (field, "moet visitor of counsellor zijn".to_string());
                        }
                        Some(v) if !v.is_string() => return (field, "moet tekst zijn".to_string()),
                        _ => {}
                    }
                }
            }
        }
        Some(_) => return ("messages".to_string(), "moet een lijst zijn".to_string()),
    }
    (String::new(), format!("geen geldig gesprek ({e})"))
}

/// The field-level problems of one parsed conversation: (key, English, Dutch).
fn check(c: &Conversation) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    if c.conversation_id.trim().is_empty() {
        problems.push((
            "conversation_id".to_string(),
            "empty, expected an identifier".to_string(),
            "leeg; verwacht een kenmerk".to_string(),
        ));
    }
    if !is_timestamp(&c.started_at) {
        problems.push((
            "started_at".to_string(),
            format!(
                "`{}` is not a time stamp like 2022-03-14T20:15:00Z",
                c.started_at
            ),
            format!(
                "`{}` is geen tijdstip zoals 2022-03-14T20:15:00Z",
                c.started_at
            ),
        ));
    }
    if let Some(g) = &c.intake.gender
        && !matches!(g.as_str(), "female" | "male" | "neutral")
    {
        problems.push((
            "intake.gender".to_string(),
            format!("`{g}`, expected female, male, neutral or absent"),
            format!("`{g}`; verwacht female, male, neutral of leeg"),
        ));
    }
    if let Some(age) = c.intake.age
        && age > 110
    {
        problems.push((
            "intake.age".to_string(),
            format!("{age}, expected 0-110 or absent"),
            format!("{age}; verwacht 0-110 of leeg"),
        ));
    }
    for (i, m) in c.messages.iter().enumerate() {
        if !is_timestamp(&m.at) {
            problems.push((
                format!("messages[{i}].at"),
                format!("`{}` is not a time stamp like 2022-03-14T20:15:10Z", m.at),
                format!("`{}` is geen tijdstip zoals 2022-03-14T20:15:10Z", m.at),
            ));
        }
    }
    problems
}

/// A loose RFC 3339 check: `YYYY-MM-DDTHH:MM:SS` followed by a zone.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok_shape = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !ok_shape {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 61
}

/// Writes conversations as JSON lines.
pub fn write_jsonl<'a>(
    mut w: impl Write,
    conversations: impl IntoIterator<Item = &'a Conversation>,
) -> std::io::Result<()> {
    for c in conversations {
        serde_json::to_writer(&mut w, c)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{"conversation_id": "c-0001", "channel": "fier", "username": "zonnebloem22", "started_at": "2022-03-14T20:15:00Z", "intake": {"age": 17, "gender": "female"}, "flags": {"trafficking": true}, "messages": [{"at": "2022-03-14T20:15:10Z", "from": "visitor", "text": "hoi"}, {"at": "2022-03-14T20:15:40Z", "from": "counsellor", "text": "Hoi, fijn dat je er bent."}]}"#;

    fn errors_of(bytes: &[u8]) -> Vec<LineError> {
        match read_jsonl(bytes, "c.jsonl") {
            Ok(_) => Vec::new(),
            Err(ReadError::Invalid { errors, .. }) => errors,
            Err(e) => vec![LineError::new(0, "io", e.to_string(), String::new())],
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() -> Result<(), Box<dyn std::error::Error>> {
        let text = format!("\u{feff}{EXAMPLE}\n");
        assert_eq!(read_jsonl(text.as_bytes(), "c.jsonl")?.len(), 1);
        Ok(())
    }

    #[test]
    fn latin1_is_an_error_with_its_line() {
        let mut bytes = format!("{EXAMPLE}\n").into_bytes();
        bytes.extend_from_slice(
            &EXAMPLE
                .replace("hoi", "caf\u{e9}")
                .replace("c-0001", "c-0002")
                .into_bytes(),
        );
        let at = bytes.len() - EXAMPLE.len() + EXAMPLE.find("hoi").unwrap_or(0) + 3;
        bytes[at..at + 2].copy_from_slice(&[0xe9, b' ']); // é in Latin-1, padded
        let errors = errors_of(&bytes);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("UTF-8"), "{}", errors[0].message);
        assert!(errors[0].to_dutch().starts_with("regel 2"));
    }

    #[test]
    fn control_bytes_are_escaped_in_messages() {
        let line = EXAMPLE.replace("c-0001", "c\\u001b[2J\\u0000");
        let errors = errors_of(format!("{line}\n{line}\n").as_bytes());
        assert!(!errors.is_empty());
        for e in &errors {
            let all = format!("{e} {}", e.to_dutch());
            assert!(!all.chars().any(char::is_control), "{all:?}");
        }
        let raw = "{\"conversation_id\": \"x\u{1b}[2J\u{0}\"}".to_string();
        for e in errors_of(raw.as_bytes()) {
            let all = format!("{e} {}", e.to_dutch());
            assert!(!all.chars().any(char::is_control), "{all:?}");
        }
    }

    #[test]
    fn reads_the_contract_example_and_writes_it_back() -> Result<(), Box<dyn std::error::Error>> {
        let convs = read_jsonl(EXAMPLE.as_bytes(), "x.jsonl")?;
        assert_eq!(convs.len(), 1);
        assert_eq!(convs[0].intake.age, Some(17));
        assert_eq!(convs[0].messages[1].from, From::Counsellor);
        assert_eq!(convs[0].year(), Some(2022));
        let mut buf = Vec::new();
        write_jsonl(&mut buf, &convs)?;
        let again = read_jsonl(buf.as_slice(), "y.jsonl")?;
        assert_eq!(again, convs);
        Ok(())
    }

    #[test]
    fn bad_lines_are_reported_with_line_and_key() {
        let input = format!(
            "{EXAMPLE}\n{}\nnot json\n",
            EXAMPLE
                .replace("\"female\"", "\"cat\"")
                .replace("c-0001", "c-0002")
        );
        let err = read_jsonl(input.as_bytes(), "in.jsonl")
            .err()
            .map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(msg.contains("in.jsonl:2: intake.gender: `cat`"), "{msg}");
        assert!(
            msg.contains("in.jsonl:3: not a valid conversation object"),
            "{msg}"
        );
    }

    #[test]
    fn problems_name_their_line_and_key_in_dutch() {
        let cases = [
            (
                EXAMPLE.replace("\"female\"", "\"cat\""),
                "regel 1, veld intake.gender: `cat`",
            ),
            (
                EXAMPLE.replace("\"age\": 17", "\"age\": \"zeventien\""),
                "regel 1, veld intake.age: moet een heel getal",
            ),
            (
                EXAMPLE.replace("\"from\": \"counsellor\"", "\"from\": \"bot\""),
                "regel 1, veld messages[1].from: moet visitor of counsellor zijn",
            ),
            (
                EXAMPLE.replace("\"started_at\": \"2022-03-14T20:15:00Z\", ", ""),
                "regel 1, veld started_at: ontbreekt",
            ),
            (
                EXAMPLE.replace("2022-03-14T20:15:40Z", "gisteren"),
                "regel 1, veld messages[1].at: `gisteren` is geen tijdstip",
            ),
            ("[1, 2]".to_string(), "regel 1: geen JSON-object"),
            (
                "{\"conversation_id\": ".to_string(),
                "regel 1: geen geldige JSON",
            ),
        ];
        for (input, expected) in cases {
            let Err(ReadError::Invalid { errors, .. }) = read_jsonl(input.as_bytes(), "x") else {
                panic!("accepted: {input}");
            };
            let dutch = errors[0].to_dutch();
            assert!(dutch.starts_with(expected), "{dutch}");
        }
    }

    /// An unanswered flag ("nog niet bekend") is not an explicit "nee": absent when written,
    /// absent or null read as unknown, and only `true` is flagged.
    #[test]
    fn an_unknown_flag_is_not_a_no() -> Result<(), Box<dyn std::error::Error>> {
        let read = |flags: &str| -> Result<Flags, Box<dyn std::error::Error>> {
            let line = EXAMPLE.replace(r#""flags": {"trafficking": true}"#, flags);
            let mut all = read_jsonl(line.as_bytes(), "c.jsonl")?;
            Ok(all.remove(0).flags)
        };
        assert_eq!(read(r#""flags": {"trafficking": null}"#)?.trafficking, None);
        assert_eq!(read(r#""flags": {}"#)?.trafficking, None);
        assert_eq!(
            read(r#""flags": {"trafficking": false}"#)?.trafficking,
            Some(false)
        );
        assert!(read(r#""flags": {"trafficking": true}"#)?.flagged());
        assert!(!read(r#""flags": {"trafficking": null}"#)?.flagged());
        assert!(!read(r#""flags": {"trafficking": false}"#)?.flagged());
        let mut c = read_jsonl(EXAMPLE.as_bytes(), "c.jsonl")?.remove(0);
        c.flags.trafficking = None;
        let mut out = Vec::new();
        write_jsonl(&mut out, std::slice::from_ref(&c))?;
        let text = String::from_utf8(out)?;
        assert!(!text.contains("trafficking"), "{text}");
        c.flags.trafficking = Some(false);
        let mut out = Vec::new();
        write_jsonl(&mut out, std::slice::from_ref(&c))?;
        assert!(String::from_utf8(out)?.contains(r#""trafficking":false"#));
        assert!(!errors_of(br#"{"flags": {"trafficking": "ja"}}"#).is_empty());
        Ok(())
    }

    #[test]
    fn timestamps() {
        assert!(is_timestamp("2022-03-14T20:15:00Z"));
        assert!(is_timestamp("2022-03-14T20:15:00+01:00"));
        assert!(!is_timestamp("2022-13-14T20:15:00Z"));
        assert!(!is_timestamp("2022-03-14"));
    }
}
