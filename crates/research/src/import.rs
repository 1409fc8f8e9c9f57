//! Imports into the research workspace: a `conversations.jsonl` (formats.md section 2) or the chat's own store.
//!
//! `zicht import` and the import page of `/research` both come here, so a
//! file is checked the same way wherever it is uploaded: the whole file is
//! read and checked first, then the conversations go into the workspace in
//! one transaction ([`Workspace::import`]). A bad line, or a conversation that
//! is already in the workspace with other content, imports nothing. Every
//! import that succeeds is recorded (who, when, which file, how many).

use std::io::BufRead;

use zicht_conversations::{Conversation, ReadError};

use crate::workspace::{ImportSummary, Workspace, WorkspaceError};

/// The source name recorded for copies from the chat's own store.
pub const STORE: &str = "store";

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl ImportError {
    /// The problems in Dutch for a screen, each naming its line and field where there is one.
    pub fn problems_nl(&self) -> Vec<String> {
        match self {
            ImportError::Read(ReadError::Invalid { errors, .. }) => {
                errors.iter().map(|e| e.to_dutch()).collect()
            }
            ImportError::Read(ReadError::Io { source, .. }) => {
                vec![format!("het bestand is niet te lezen: {source}")]
            }
            ImportError::Workspace(WorkspaceError::Conflict { id, source_name }) => vec![format!(
                "gesprek `{id}` staat al in de onderzoeksomgeving met andere inhoud (bron {source_name})"
            )],
            ImportError::Workspace(WorkspaceError::NoYear { id, started_at }) => vec![format!(
                "gesprek `{id}`: started_at `{started_at}` heeft geen jaartal"
            )],
            ImportError::Workspace(e) => vec![e.to_string()],
        }
    }

    /// Whether the input was at fault (rather than the database).
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            ImportError::Read(ReadError::Invalid { .. })
                | ImportError::Workspace(WorkspaceError::Conflict { .. })
                | ImportError::Workspace(WorkspaceError::NoYear { .. })
        )
    }
}

/// The recorded source of a file import: `import:<file name>`.
pub fn file_source(file_name: &str) -> String {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>();
    format!("import:{name}")
}

/// Reads a `conversations.jsonl` whole and imports it; `file_name` names it in messages and the audit.
pub fn from_jsonl(
    ws: &mut Workspace,
    reader: impl BufRead,
    file_name: &str,
    who: &str,
    now: &str,
) -> Result<ImportSummary, ImportError> {
    let conversations = zicht_conversations::read_jsonl(reader, file_name)?;
    from_file(ws, &conversations, file_name, who, now)
}

/// Imports the conversations read from a file (checked whole by `zicht_conversations::read_jsonl`).
pub fn from_file(
    ws: &mut Workspace,
    conversations: &[Conversation],
    file_name: &str,
    who: &str,
    now: &str,
) -> Result<ImportSummary, ImportError> {
    Ok(ws.import(conversations, &file_source(file_name), who, now)?)
}

/// Imports the conversations the chat's own store exported (`zicht_store::Conn::export`).
pub fn from_store(
    ws: &mut Workspace,
    conversations: &[Conversation],
    who: &str,
    now: &str,
) -> Result<ImportSummary, ImportError> {
    Ok(ws.import(conversations, STORE, who, now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"conversation_id": "c-1", "channel": "fier", "username": "zonnebloem22", "started_at": "2022-03-14T20:15:00Z", "intake": {"age": 17, "gender": "female"}, "flags": {"trafficking": true}, "messages": [{"at": "2022-03-14T20:15:10Z", "from": "visitor", "text": "hoi"}]}"#;

    #[test]
    fn a_bad_line_imports_nothing_and_says_where() -> Result<(), Box<dyn std::error::Error>> {
        let mut ws = Workspace::in_memory()?;
        let bad = format!(
            "{}\n{}\n",
            LINE.replace("c-1", "c-2"),
            LINE.replace("\"female\"", "\"kat\"")
        );
        let Err(e) = from_jsonl(
            &mut ws,
            bad.as_bytes(),
            "x.jsonl",
            "ria",
            "2026-01-01T00:00:00Z",
        ) else {
            return Err("a bad file was imported".into());
        };
        assert!(e.is_input());
        assert_eq!(
            e.problems_nl(),
            vec!["regel 2, veld intake.gender: `kat`; verwacht female, male, neutral of leeg"]
        );
        assert!(ws.years()?.is_empty());
        assert!(ws.imports()?.is_empty());

        let s = from_jsonl(
            &mut ws,
            format!("{LINE}\n").as_bytes(),
            "/tmp/../platform.jsonl",
            "ria",
            "2026-01-01T00:00:00Z",
        )?;
        assert_eq!((s.read, s.added), (1, 1));
        let audit = ws.imports()?;
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].source, "import:platform.jsonl");
        assert_eq!(audit[0].by, "ria");
        let changed = LINE.replace("hoi", "hallo");
        let Err(e) = from_jsonl(
            &mut ws,
            changed.as_bytes(),
            "b.jsonl",
            "ria",
            "2026-01-01T00:00:01Z",
        ) else {
            return Err("a conflict was imported".into());
        };
        assert!(e.problems_nl()[0].contains("`c-1` staat al"), "{e}");
        assert_eq!(ws.imports()?.len(), 1);
        Ok(())
    }
}
