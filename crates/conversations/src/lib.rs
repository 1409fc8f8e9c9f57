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
    #[serde(default)]
    pub trafficking: bool,
    /// Any further flags a platform exports (kept, not interpreted).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
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
    pub message: String,
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
    for (i, line) in reader.lines().enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|source| ReadError::Io {
            path: path.to_string(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Conversation>(&line) {
            Ok(c) => {
                for message in check(&c) {
                    errors.push(LineError {
                        line: lineno,
                        message,
                    });
                }
                if let Some(first) = ids.insert(c.conversation_id.clone(), lineno) {
                    errors.push(LineError {
                        line: lineno,
                        message: format!(
                            "conversation_id: `{}` already used on line {first}",
                            c.conversation_id
                        ),
                    });
                }
                out.push(c);
            }
            Err(e) => errors.push(LineError {
                line: lineno,
                message: format!("not a valid conversation object: {e}"),
            }),
        }
        if errors.len() >= ERROR_CAP {
            break;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ReadError::Invalid {
            path: path.to_string(),
            errors,
        })
    }
}

/// The field-level problems of one parsed conversation.
fn check(c: &Conversation) -> Vec<String> {
    let mut problems = Vec::new();
    if c.conversation_id.trim().is_empty() {
        problems.push("conversation_id: empty, expected an identifier".to_string());
    }
    if !is_timestamp(&c.started_at) {
        problems.push(format!(
            "started_at: `{}` is not a time stamp like 2022-03-14T20:15:00Z",
            c.started_at
        ));
    }
    if let Some(g) = &c.intake.gender
        && !matches!(g.as_str(), "female" | "male" | "neutral")
    {
        problems.push(format!(
            "intake.gender: `{g}`, expected female, male, neutral or absent"
        ));
    }
    if let Some(age) = c.intake.age
        && age > 110
    {
        problems.push(format!("intake.age: {age}, expected 0-110 or absent"));
    }
    for (i, m) in c.messages.iter().enumerate() {
        if !is_timestamp(&m.at) {
            problems.push(format!(
                "messages[{i}].at: `{}` is not a time stamp like 2022-03-14T20:15:10Z",
                m.at
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
    fn timestamps() {
        assert!(is_timestamp("2022-03-14T20:15:00Z"));
        assert!(is_timestamp("2022-03-14T20:15:00+01:00"));
        assert!(!is_timestamp("2022-13-14T20:15:00Z"));
        assert!(!is_timestamp("2022-03-14"));
    }
}
